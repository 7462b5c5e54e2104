"""API error mapping shared by every app: each domain error answers the status its kind
names (qms.errors: 409 refused transition or frozen record, 403 refused signature, 404
not found), validation 400, and a forbidden object looks like a missing one (404)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from qms.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        if exc.field:
            return Response({exc.field: [str(exc.message)]}, status=exc.http_status)
        return Response({"detail": str(exc.message)}, status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        # An object the user may not act on looks the same as a missing one.
        exc = NotFound()
    return drf_exception_handler(exc, context)

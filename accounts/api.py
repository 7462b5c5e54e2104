"""API tokens: issue (username and password, counted by the lockout) and revoke."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.authentication import AttemptThrottled

TokenResponse = inline_serializer(
    "IssuedToken", {"token": serializers.CharField(), "expires": serializers.DateTimeField()}
)


class TokenView(APIView):
    """POST a username and password for your API token (a new key once the old one has
    expired); DELETE revokes the token of whoever calls."""

    throttle_classes = ()

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else []

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenResponse}, auth=[])
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        valid = serializer.is_valid()
        refusal = services.attempt_refusal(request)
        if refusal is not None:
            raise AttemptThrottled(refusal)
        if not valid:
            raise ValidationError(serializer.errors)
        token = services.token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key, "expires": services.token_expires_at(token)})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        services.token_revoke(actor=request.user, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserTokenView(APIView):
    """DELETE: a QMS officer revokes another user's API token (recorded)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, user_id: int):
        if not services.is_officer(request.user):
            raise NotFound
        user = get_object_or_404(get_user_model(), pk=user_id)
        # A refusal (PermissionDenied) answers 404 through qms.api.exception_handler.
        services.token_revoke(actor=request.user, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""REST API for document control: thin viewsets over the selectors and services.

Objects come from the selectors (forbidden and missing are both 404); every write is
one service call. Domain errors map to HTTP in qms.api.exception_handler:
TransitionError -> 409, Django ValidationError -> 400, PermissionDenied -> 404.
"""

import logging
import re
import unicodedata
from urllib.parse import quote

from django.db.models import ProtectedError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from documents import services
from documents.filters import DocumentFilterSet, VersionFilterSet
from documents.models import DocumentVersion
from documents.permissions import user_is_officer
from documents.selectors import (
    department_list,
    document_get_for_user,
    document_list_visible_to,
    document_type_list,
    version_get_for_user,
    version_list_visible_to,
)
from documents.serializers import (
    DepartmentSerializer,
    DocumentRegisterSerializer,
    DocumentSerializer,
    DocumentTypeSerializer,
    PublishSerializer,
    VersionCreateSerializer,
    VersionSerializer,
    VersionUpdateSerializer,
)
from qms.paging import KeysetOrPagePagination
from qms.schema import FILE_MEDIA_TYPES
from qms.uploads import stored_file_intact

logger = logging.getLogger(__name__)

CONFLICT = OpenApiResponse(description="Illegal transition or locked version; `detail` says why.")
NOT_FOUND = OpenApiResponse(description="No such object, or one the user may not see.")
BAD_INPUT = OpenApiResponse(description="Field errors.")


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class ReadForAllWriteForOfficers(BasePermission):
    """Configuration (departments, types): everyone signed in reads, QMS officers write."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in SAFE_METHODS or user_is_officer(request.user)


class ProtectedDestroyMixin:
    def destroy(self, request, *args, **kwargs):
        try:
            return super().destroy(request, *args, **kwargs)
        except ProtectedError:
            return Response(
                {"detail": _("It is still in use (documents or sub-departments refer to it).")},
                status=status.HTTP_409_CONFLICT,
            )


@extend_schema_view(destroy=extend_schema(responses={204: None, 409: CONFLICT}))
class DepartmentViewSet(ProtectedDestroyMixin, viewsets.ModelViewSet):
    serializer_class = DepartmentSerializer
    permission_classes = [ReadForAllWriteForOfficers]
    pagination_class = Pagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return department_list()


@extend_schema_view(destroy=extend_schema(responses={204: None, 409: CONFLICT}))
class DocumentTypeViewSet(ProtectedDestroyMixin, viewsets.ModelViewSet):
    serializer_class = DocumentTypeSerializer
    permission_classes = [ReadForAllWriteForOfficers]
    pagination_class = Pagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return document_type_list()


class DocumentPagination(KeysetOrPagePagination):
    ordering = "number"  # unique and indexed: a stable keyset


@extend_schema_view(
    retrieve=extend_schema(responses={200: DocumentSerializer, 404: NOT_FOUND}),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Controlled documents the user may see (at least one visible version). Paged by
    keyset (``next`` links carry ``cursor=``); ``?page=N`` asks for numbered pages.
    ``count`` is exact up to 1,000 (``count_exact``)."""

    serializer_class = DocumentSerializer
    pagination_class = DocumentPagination
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_value_regex = r"\d+"
    filterset_class = DocumentFilterSet

    def get_queryset(self):
        return document_list_visible_to(self.request.user).prefetch_related("distribution")

    def get_object(self):
        return document_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request={"multipart/form-data": DocumentRegisterSerializer},
        responses={
            201: DocumentSerializer,
            400: BAD_INPUT,
            403: OpenApiResponse(description="Not an officer."),
        },
    )
    def create(self, request):
        """Register a document (number assigned by the system) with revision 01 as a draft."""
        if not user_is_officer(request.user):
            raise ApiPermissionDenied(_("Only QMS officers register documents."))
        data = DocumentRegisterSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        document = services.document_register(actor=request.user, **data.validated_data)
        document = document_get_for_user(request.user, document.pk)
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)


class IgnoreClientContentNegotiation(BaseContentNegotiation):
    """A download answers with the file whatever Accept says (errors stay JSON)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def content_disposition(filename: str) -> str:
    """attachment with an ASCII fallback and the exact (e.g. Vietnamese) name in filename*."""
    decomposed = unicodedata.normalize("NFD", filename.replace("Đ", "D").replace("đ", "d"))
    ascii_name = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    ascii_name = re.sub(r'[^\x20-\x7e]|["\\]', "_", ascii_name).strip() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=utf-8''{quote(filename, safe='')}"


TRANSITION_SCHEMA = {
    "responses": {200: VersionSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
}


@extend_schema_view(
    retrieve=extend_schema(responses={200: VersionSerializer, 404: NOT_FOUND}),
)
class VersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Revisions of documents, as far as the user may see them; transitions are POST actions."""

    # approve, reject and withdraw are electronic signatures: approvals.api serves them.
    serializer_class = VersionSerializer
    pagination_class = Pagination
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_value_regex = r"\d+"
    filterset_class = VersionFilterSet

    def get_queryset(self):
        versions = (
            version_list_visible_to(self.request.user)
            .select_related("document", "author", "approved_by")
            .prefetch_related("attachments")
        )
        return versions.order_by("document__number", "-revision")

    def get_object(self):
        return version_get_for_user(self.request.user, self.kwargs["pk"])

    def _answer(self, version, code=status.HTTP_200_OK):
        # Fresh from the database, not through the selector: the user just acted on it,
        # and an approval may have made it effective (and so, if confidential, unreadable).
        version = DocumentVersion.objects.select_related("document", "author", "approved_by").get(
            pk=version.pk
        )
        return Response(self.get_serializer(version).data, status=code)

    @extend_schema(
        request={"multipart/form-data": VersionCreateSerializer},
        responses={201: VersionSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
    )
    def create(self, request):
        """Open the next revision of a document as a draft (a change summary is required)."""
        data = VersionCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        version = services.version_create_draft(actor=request.user, **data.validated_data)
        return self._answer(version, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": VersionUpdateSerializer},
        responses={200: VersionSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
    )
    def update(self, request, pk=None):
        """Change a draft (file, text, change summary). A version past draft answers 409."""
        version = self.get_object()
        data = VersionUpdateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        version = services.version_update_draft(actor=request.user, version=version, **data.validated_data)
        return self._answer(version)

    @extend_schema(
        request={"multipart/form-data": VersionUpdateSerializer},
        responses={200: VersionSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk)

    @extend_schema(
        responses={
            **{(200, media_type): OpenApiTypes.BINARY for media_type in FILE_MEDIA_TYPES},
            404: NOT_FOUND,
            409: OpenApiResponse(description="The stored file no longer matches its SHA-256."),
        }
    )
    @action(detail=True, methods=["get"], content_negotiation_class=IgnoreClientContentNegotiation)
    def download(self, request, pk=None):
        """The version's file, after re-checking its SHA-256 against the upload."""
        version = self.get_object()
        if not version.file:
            raise Http404(_("This version has no file."))
        try:
            intact = stored_file_intact(version.file, version.checksum)
        except OSError:
            intact = False
        if not intact:
            logger.error("Checksum mismatch or missing file for document version %s", version.pk)
            return Response(
                {
                    "detail": _(
                        "The stored file no longer matches the file that was uploaded (SHA-256 "
                        "check failed). It is not served; tell the QMS officer."
                    )
                },
                status=status.HTTP_409_CONFLICT,
            )
        services.version_download_record(
            actor=request.user, version=version, ip_address=request.META.get("REMOTE_ADDR"), via_api=True
        )
        response = FileResponse(
            version.file.open("rb"), content_type=version.content_type or "application/octet-stream"
        )
        response["Content-Disposition"] = content_disposition(version.original_filename or f"{version}.bin")
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Checksum-SHA256"] = version.checksum
        return response

    def _transition(self, request, service, serializer_class=None):
        version = self.get_object()
        extra = {}
        if serializer_class is not None:
            data = serializer_class(data=request.data)
            data.is_valid(raise_exception=True)
            extra = data.validated_data
        service(actor=request.user, version=version, **extra)
        return self._answer(version)

    @extend_schema(request=None, **TRANSITION_SCHEMA)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft for review along its approval route."""
        return self._transition(request, services.version_submit)

    @extend_schema(request=PublishSerializer, **TRANSITION_SCHEMA)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Make an approved version effective today, or schedule it for a future date."""
        return self._transition(request, services.version_publish, PublishSerializer)

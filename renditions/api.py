"""REST API for renditions, controlled copies and the access log (/api/v1/).

Versions come from ``documents.selectors.version_get_for_user`` (404 alike for
missing and forbidden), so the API shows exactly what the web UI shows.
"""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from documents.selectors import version_get_for_user
from renditions import selectors, services
from renditions.filters import AccessEventApiFilterSet, ControlledCopyApiFilterSet
from renditions.models import AccessEvent, ControlledCopy, Rendition
from renditions.permissions import may_read_access_log, may_see_copies
from renditions.serializers import (
    AccessEventSerializer,
    BuildSerializer,
    ControlledCopySerializer,
    CopyIssueSerializer,
    CopyRetrieveSerializer,
    RenditionSerializer,
)

NOT_FOUND = OpenApiResponse(description="No such object, or one the user may not see.")
NOT_READY = OpenApiResponse(description="The PDF is still being prepared (or failed); `detail` says which.")


class PdfContentNegotiation(BaseContentNegotiation):
    """A PDF endpoint answers with the PDF whatever Accept says (errors stay JSON)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _pdf(pdf: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(download, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _ip(request):
    return request.META.get("REMOTE_ADDR") or None


class RenditionViewSet(viewsets.ViewSet):
    """The controlled PDF of a version; ``{id}`` is the version id."""

    lookup_value_regex = r"\d+"

    def _rendition(self, request, pk, *, build: bool, language=None):
        version = version_get_for_user(request.user, pk)
        if build:
            return services.rendition_prepare(version=version, language=language)
        rendition = selectors.rendition_get(version, language or request.LANGUAGE_CODE)
        if rendition is None:
            raise Http404("Not built yet.")
        return rendition

    @extend_schema(responses={200: RenditionSerializer, 404: NOT_FOUND})
    def retrieve(self, request, pk=None):
        """State and progress of the version's PDF in the request's language (a build
        stalled past its limit shows as failed)."""
        rendition = services.rendition_expire_if_stuck(rendition=self._rendition(request, pk, build=False))
        return Response(RenditionSerializer(rendition).data)

    @extend_schema(request=BuildSerializer, responses={200: RenditionSerializer, 202: RenditionSerializer})
    @action(detail=True, methods=["post"])
    def build(self, request, pk=None):
        """Prepare the PDF: 200 when ready (cached or built now), 202 while a task builds it.
        A failed build is tried again (the "Try again" of the web page)."""
        params = BuildSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        rendition = self._rendition(request, pk, build=True, language=params.validated_data.get("language"))
        if rendition.state == Rendition.State.FAILED:
            rendition = services.rendition_retry(rendition=rendition)
        code = status.HTTP_200_OK if rendition.is_ready else status.HTTP_202_ACCEPTED
        return Response(RenditionSerializer(rendition).data, status=code)

    @extend_schema(
        parameters=[OpenApiParameter("download", bool, description="Save as a file instead of opening it.")],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: NOT_FOUND,
            409: NOT_READY,
        },
    )
    @action(detail=True, methods=["get"], content_negotiation_class=PdfContentNegotiation)
    def pdf(self, request, pk=None):
        """The PDF stamped for the caller (status watermark or UNCONTROLLED COPY WHEN
        PRINTED with name and time); recorded in the access log. Small ones are built
        on the spot; 409 while a large one is still being prepared."""
        rendition = self._rendition(request, pk, build=True)
        download = request.query_params.get("download") in ("1", "true")
        kind = AccessEvent.Kind.DOWNLOAD if download else AccessEvent.Kind.VIEW
        pdf = services.rendition_for_reader(
            user=request.user, rendition=rendition, kind=kind, ip_address=_ip(request), via_api=True
        )
        version = rendition.version
        return _pdf(pdf, f"{version.document.number}-rev{version.revision_label}.pdf", download=download)


class ControlledCopyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Numbered controlled copies (QMS officers)."""

    serializer_class = ControlledCopySerializer
    filterset_class = ControlledCopyApiFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ControlledCopy.objects.none()
        if not may_see_copies(self.request.user):
            raise Http404
        return selectors.copy_list(self.request.user)

    def get_object(self):
        return selectors.copy_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=CopyIssueSerializer, responses={201: ControlledCopySerializer, 404: NOT_FOUND})
    def create(self, request):
        """Issue the next numbered copy of an effective version (409 otherwise)."""
        params = CopyIssueSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        version = version_get_for_user(request.user, data["version"])
        copy = services.copy_issue(
            actor=request.user,
            version=version,
            holder=data.get("holder"),
            holder_name=data["holder_name"],
            location=data["location"],
        )
        return Response(ControlledCopySerializer(copy).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CopyRetrieveSerializer, responses={200: ControlledCopySerializer, 409: NOT_READY})
    @action(detail=True, methods=["post"])
    def retrieval(self, request, pk=None):
        """Record that the copy came back (409 if it already did)."""
        params = CopyRetrieveSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        copy = services.copy_retrieve(
            actor=request.user, copy=self.get_object(), note=params.validated_data["note"]
        )
        return Response(ControlledCopySerializer(copy).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_FOUND, 409: NOT_READY})
    @action(detail=True, methods=["get"], content_negotiation_class=PdfContentNegotiation)
    def pdf(self, request, pk=None):
        """The copy's PDF: CONTROLLED COPY No. N and its holder on every page."""
        copy = self.get_object()
        # A refusal (PermissionDenied) answers 404 through qms.api.exception_handler.
        pdf = services.copy_pdf(actor=request.user, copy=copy, ip_address=_ip(request), via_api=True)
        version = copy.version
        return _pdf(
            pdf,
            f"{version.document.number}-rev{version.revision_label}-copy{copy.number}.pdf",
            download=False,
        )


class AccessEventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The access log (QMS officers): who viewed or downloaded which revision, when."""

    serializer_class = AccessEventSerializer
    filterset_class = AccessEventApiFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AccessEvent.objects.none()
        if not may_read_access_log(self.request.user):
            raise Http404
        return selectors.access_log(self.request.user)

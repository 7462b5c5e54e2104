"""REST API for approvals: the same selectors and services as the web pages.

Routes are addressed by their version's id. Signing and withdrawal take the password in
the body (re-authentication at the moment of signing); a wrong one answers 400 on
``password``. Errors map as everywhere (qms.api): 409 illegal state, 400 bad input, 404
missing or forbidden.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from approvals import selectors, services
from approvals.filters import AcknowledgementFilterSet, ChangeRequestFilterSet, SignatureFilterSet
from approvals.models import Acknowledgement, ApprovalRoute, ChangeRequest, Decision, RouteTemplate, Signature
from approvals.serializers import (
    AcknowledgementSerializer,
    ApprovalRouteSerializer,
    ApproveSerializer,
    ChangeRequestCreateSerializer,
    ChangeRequestSerializer,
    CompletionSerializer,
    DecisionReasonSerializer,
    DistributionSerializer,
    DistributionUpdateSerializer,
    RejectSerializer,
    RouteTemplateSerializer,
    RouteUpdateSerializer,
    SignatureSerializer,
    SigningTaskSerializer,
    SignSerializer,
    WithdrawSerializer,
    WithdrawSignSerializer,
)
from documents.models import DocumentVersion
from documents.selectors import (
    document_effective_version,
    document_get_for_user,
    version_get_for_user,
    version_list_visible_to,
)
from documents.serializers import VersionSerializer

CONFLICT = OpenApiResponse(
    description="Illegal state (e.g. not your stage, not in review); `detail` says why."
)
NOT_FOUND = OpenApiResponse(description="No such object, or one the user may not see.")
BAD_INPUT = OpenApiResponse(description="Field errors; a wrong password answers on `password`.")


def _stage_inputs(stages) -> list:
    """Validated stage dicts (route or template serializer) as the services take them."""
    return [
        services.StageInput(
            name=stage["name"],
            meaning=stage["meaning"],
            mode=stage["mode"],
            users=stage.get("users", []),
            group=stage.get("group"),
        )
        for stage in stages
    ]


class RouteTemplateViewSet(
    viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin
):
    """Route templates per document type and department (copied into each new draft).
    Everyone signed in reads them; QMS officers create, change and delete them."""

    serializer_class = RouteTemplateSerializer
    lookup_value_regex = r"\d+"
    queryset = RouteTemplate.objects.select_related("doc_type", "department").prefetch_related(
        "stages__users"
    )

    def _save(self, request, template=None):
        data = RouteTemplateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stages = _stage_inputs(data.validated_data["stages"])
        template = services.route_template_save(
            actor=request.user,
            template=template,
            name=data.validated_data["name"],
            doc_type=data.validated_data.get("doc_type"),
            department=data.validated_data.get("department"),
            is_active=data.validated_data.get("is_active", True),
            one_stage_per_signer=data.validated_data.get("one_stage_per_signer", True),
            stages=stages,
        )
        return RouteTemplateSerializer(self.get_queryset().get(pk=template.pk)).data

    @extend_schema(responses={201: RouteTemplateSerializer, 400: BAD_INPUT, 404: NOT_FOUND})
    def create(self, request):
        return Response(self._save(request), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: RouteTemplateSerializer, 400: BAD_INPUT, 404: NOT_FOUND})
    def update(self, request, pk=None):
        return Response(self._save(request, template=self.get_object()))

    def destroy(self, request, pk=None):
        if not request.user.has_perm(services.MANAGE_ROUTES):
            raise PermissionDenied
        return super().destroy(request, pk=pk)


class ApprovalRouteViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Approval routes of the versions the user may see, addressed by version id."""

    serializer_class = ApprovalRouteSerializer
    lookup_field = "version"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (
            ApprovalRoute.objects.filter(version__in=version_list_visible_to(self.request.user))
            .select_related("version__document")
            .prefetch_related("stages__users")
            .order_by("-version_id")
        )

    def _version(self):
        return version_get_for_user(self.request.user, self.kwargs["version"])

    @extend_schema(
        request=RouteUpdateSerializer,
        responses={200: ApprovalRouteSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
    )
    def update(self, request, version=None):
        """Replace the stages (and planned effective date) of a draft's route. QMS officers only."""
        data = RouteUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = self._version()
        stages = _stage_inputs(data.validated_data["stages"])
        route = services.route_set(
            actor=request.user,
            version=target,
            stages=stages,
            planned_effective_date=data.validated_data.get("planned_effective_date"),
        )
        return Response(ApprovalRouteSerializer(route).data)

    @extend_schema(
        request=SignSerializer,
        responses={201: SignatureSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, version=None):
        """Sign the active stage: approve, request changes or reject (comment required unless approving)."""
        data = SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signature = services.version_sign(actor=request.user, version=self._version(), **data.validated_data)
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=WithdrawSignSerializer,
        responses={201: SignatureSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, version=None):
        """Withdraw an effective or approved-pending version with a reason and your signature."""
        data = WithdrawSignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signature = services.version_withdraw_signed(
            actor=request.user, version=self._version(), **data.validated_data
        )
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


VERSION_TRANSITION_SCHEMA = {
    "responses": {200: VersionSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
}


class VersionSigningViewSet(viewsets.GenericViewSet):
    """The signed transitions of a version, at /versions/{id}/approve|reject|withdraw/ beside
    the documents API's own actions, answering with the version as documents does."""

    serializer_class = VersionSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return version_list_visible_to(self.request.user)

    def get_object(self):
        return version_get_for_user(self.request.user, self.kwargs["pk"])

    def _sign(self, request, serializer_class, sign):
        """Approve, return and withdraw are electronic signatures: the password is
        re-checked first, exactly as on the web page."""
        version = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        sign(version, **data.validated_data)  # a refused password: 403 from qms.api
        # Fresh from the database, not through the selector: the user just acted on it,
        # and an approval may have made it effective (and so, if confidential, unreadable).
        version = DocumentVersion.objects.select_related("document", "author", "approved_by").get(
            pk=version.pk
        )
        return Response(self.get_serializer(version).data)

    @extend_schema(request=ApproveSerializer, **VERSION_TRANSITION_SCHEMA)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Sign the active stage of the route as approved (not your own version). The last
        signature approves the version (and makes it effective on the route's date)."""

        def sign(version, *, comment, password):
            services.version_sign(
                actor=request.user,
                version=version,
                decision=Decision.APPROVE,
                comment=comment,
                password=password,
            )

        return self._sign(request, ApproveSerializer, sign)

    @extend_schema(request=RejectSerializer, **VERSION_TRANSITION_SCHEMA)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Sign "request changes" or "reject": the version goes back to its author as a draft."""

        def sign(version, *, decision, comment, password):
            services.version_sign(
                actor=request.user, version=version, decision=decision, comment=comment, password=password
            )

        return self._sign(request, RejectSerializer, sign)

    @extend_schema(request=WithdrawSerializer, **VERSION_TRANSITION_SCHEMA)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw (make obsolete) an effective or approved version, with a reason and
        the signature of an approver who may withdraw."""

        def sign(version, *, reason, password):
            services.version_withdraw_signed(
                actor=request.user, version=version, reason=reason, password=password
            )

        return self._sign(request, WithdrawSerializer, sign)


class SigningTaskViewSet(viewsets.ViewSet):
    """My signing tasks: versions whose active stage waits for my signature."""

    @extend_schema(responses=SigningTaskSerializer(many=True))
    def list(self, request):
        return Response(SigningTaskSerializer(selectors.signing_tasks_for(request.user), many=True).data)


class SignatureViewSet(viewsets.ReadOnlyModelViewSet):
    """Signatures on the versions the user may see (read only: signatures are never changed)."""

    serializer_class = SignatureSerializer
    filterset_class = SignatureFilterSet

    def get_queryset(self):
        signatures = Signature.objects.filter(version__in=version_list_visible_to(self.request.user))
        return signatures.select_related("signer").order_by("version_id", "signed_at", "pk")


class ChangeRequestViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Change requests: anyone who reads an effective document proposes; QMS officers decide."""

    serializer_class = ChangeRequestSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = ChangeRequestFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChangeRequest.objects.none()
        return selectors.change_request_list_visible_to(self.request.user)

    def get_object(self):
        return selectors.change_request_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request={
            "multipart/form-data": ChangeRequestCreateSerializer,
            "application/json": ChangeRequestCreateSerializer,
        },
        responses={201: ChangeRequestSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def create(self, request):
        data = ChangeRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        document = document_get_for_user(request.user, values.pop("document"))
        change_request = services.change_request_create(actor=request.user, document=document, **values)
        return Response(ChangeRequestSerializer(change_request).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecisionReasonSerializer,
        responses={200: ChangeRequestSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept: a new draft revision is opened for the document owner, linked to the request."""
        data = DecisionReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change_request = services.change_request_accept(
            actor=request.user, change_request=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(ChangeRequestSerializer(change_request).data)

    @extend_schema(
        request=DecisionReasonSerializer,
        responses={200: ChangeRequestSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline with a reason (required)."""
        data = DecisionReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change_request = services.change_request_decline(
            actor=request.user, change_request=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(ChangeRequestSerializer(change_request).data)


class AcknowledgementViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """My read-and-understood tasks (?status=open for the outstanding ones)."""

    serializer_class = AcknowledgementSerializer
    filterset_class = AcknowledgementFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Acknowledgement.objects.none()
        acks = selectors.acknowledgement_list_for(self.request.user).select_related(
            "version__document", "user", "department"
        )
        return acks.order_by("-created_at", "-pk")

    @extend_schema(request=None, responses={200: AcknowledgementSerializer, 404: NOT_FOUND, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Confirm that I have read and understood this version."""
        ack = services.acknowledgement_confirm(actor=request.user, acknowledgement=self.get_object())
        return Response(AcknowledgementSerializer(ack).data)

    @extend_schema(
        parameters=[OpenApiParameter("document", int, required=True)],
        responses={200: CompletionSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"])
    def completion(self, request):
        """Per department: readers of the effective version and how many acknowledged (QMS officers)."""
        document_id = request.query_params.get("document", "")
        try:
            document = selectors.document_for_distribution_manager(request.user, document_id)
        except (Http404, PermissionDenied):
            raise Http404 from None
        version = document_effective_version(document)
        rows = selectors.acknowledgement_completion(version) if version else []
        return Response(CompletionSerializer(rows, many=True).data)


class DistributionViewSet(viewsets.ViewSet):
    """Who must read a document, addressed by document id (QMS officers). An empty
    distribution must be replaced by readers or by ``no_readers`` before a version of the
    document can be submitted."""

    lookup_field = "document"
    lookup_value_regex = r"\d+"
    serializer_class = DistributionSerializer

    def _document(self, pk):
        return selectors.document_for_distribution_manager(self.request.user, pk)

    @extend_schema(responses={200: DistributionSerializer, 404: NOT_FOUND})
    def retrieve(self, request, document=None):
        target = self._document(document)
        return Response(DistributionSerializer.from_summary(target, selectors.distribution_summary(target)))

    @extend_schema(
        request=DistributionUpdateSerializer,
        responses={200: DistributionSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def update(self, request, document=None):
        target = self._document(document)
        data = DistributionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.distribution_set(actor=request.user, document=target, **data.validated_data)
        return Response(DistributionSerializer.from_summary(target, selectors.distribution_summary(target)))

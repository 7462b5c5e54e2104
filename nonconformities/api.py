"""REST API for nonconformities and feedback: thin viewsets over selectors and services.

Objects come from the selectors (forbidden and missing are both 404); each write is
one service call. Errors map in qms.api.exception_handler: lifecycle errors 409,
ValidationError 400, PermissionDenied 404.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from nonconformities import selectors, services
from nonconformities import serializers as s
from nonconformities.filters import CorrectiveActionFilterSet, FeedbackFilterSet, NonconformityFilterSet
from nonconformities.permissions import user_may_triage
from qms.schema import FILE_MEDIA_TYPES
from qms.views import stored_file_response


class NonconformityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The register of nonconformities the user may see; lifecycle actions as POST sub-routes."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = NonconformityFilterSet

    def get_queryset(self):
        return selectors.nonconformity_list_visible_to(self.request.user)

    def get_object(self):
        return selectors.nonconformity_get_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.NonconformityDetailSerializer
        if self.action == "create":
            return s.NonconformityReportSerializer
        return s.NonconformitySerializer

    def _detail(self, nc, code=status.HTTP_200_OK):
        nc = selectors.nonconformity_get_for_user(self.request.user, nc.pk)
        return Response(
            s.NonconformityDetailSerializer(nc, context={"request": self.request}).data, status=code
        )

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=s.NonconformityReportSerializer, responses={201: s.NonconformityDetailSerializer})
    def create(self, request):
        data = self._input(s.NonconformityReportSerializer)
        nc = services.nonconformity_report(actor=request.user, **data)
        return self._detail(nc, status.HTTP_201_CREATED)

    @extend_schema(request=s.ContainSerializer, responses=s.NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def contain(self, request, pk=None):
        nc = services.nonconformity_contain(
            actor=request.user, nonconformity=self.get_object(), **self._input(s.ContainSerializer)
        )
        return self._detail(nc)

    @extend_schema(request=s.AnalyseSerializer, responses=s.NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def analyse(self, request, pk=None):
        nc = services.nonconformity_analyse(
            actor=request.user, nonconformity=self.get_object(), **self._input(s.AnalyseSerializer)
        )
        return self._detail(nc)

    @extend_schema(request=None, responses=s.NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        return self._detail(services.nonconformity_plan(actor=request.user, nonconformity=self.get_object()))

    @extend_schema(request=None, responses=s.NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        return self._detail(
            services.nonconformity_implement(actor=request.user, nonconformity=self.get_object())
        )

    @extend_schema(request=None, responses=s.NonconformityDetailSerializer)
    @action(detail=True, methods=["post"], url_path="request-verification")
    def request_verification(self, request, pk=None):
        nc = services.nonconformity_request_verification(actor=request.user, nonconformity=self.get_object())
        return self._detail(nc)

    @extend_schema(request=s.VerifySerializer, responses=s.NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = self._input(s.VerifySerializer)
        verification = services.nonconformity_verify(
            actor=request.user,
            nonconformity=self.get_object(),
            effective=data["effective"],
            notes=data["notes"],
            evidence=data.get("evidence"),
        )
        return self._detail(verification.nonconformity)

    @extend_schema(request=s.ReasonSerializer, responses=s.NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = self._input(s.ReasonSerializer)
        nc = services.nonconformity_reopen(
            actor=request.user, nonconformity=self.get_object(), reason=data["reason"]
        )
        return self._detail(nc)

    @extend_schema(request=s.ActionAddSerializer, responses={201: s.CorrectiveActionSerializer})
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        data = self._input(s.ActionAddSerializer)
        created = services.corrective_action_add(actor=request.user, nonconformity=self.get_object(), **data)
        return Response(s.CorrectiveActionSerializer(created).data, status=status.HTTP_201_CREATED)


class CorrectiveActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Corrective actions of the nonconformities the user may see. ``?overdue=1`` filters."""

    serializer_class = s.CorrectiveActionSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    filterset_class = CorrectiveActionFilterSet

    def get_queryset(self):
        return selectors.corrective_action_list_for(self.request.user).order_by("due_date", "pk")

    def get_object(self):
        return selectors.corrective_action_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.ActionCompleteSerializer, responses=s.CorrectiveActionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        serializer = s.ActionCompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = services.corrective_action_complete(
            actor=request.user,
            action=self.get_object(),
            note=serializer.validated_data["note"],
            evidence=serializer.validated_data.get("evidence"),
        )
        return Response(s.CorrectiveActionSerializer(done).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.CorrectiveActionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cancelled = services.corrective_action_cancel(
            actor=request.user, action=self.get_object(), reason=serializer.validated_data["reason"]
        )
        return Response(s.CorrectiveActionSerializer(cancelled).data)

    @extend_schema(responses={(200, media_type): OpenApiTypes.BINARY for media_type in FILE_MEDIA_TYPES})
    @action(detail=True, methods=["get"])
    def evidence(self, request, pk=None):
        return stored_file_response(self.get_object())


class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Citizen feedback, for the officers who triage it (everyone else: 404)."""

    serializer_class = s.FeedbackSerializer

    filterset_class = FeedbackFilterSet

    def get_queryset(self):
        return selectors.feedback_list_for(self.request.user)

    def get_object(self):
        return selectors.feedback_get_for_user(self.request.user, self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        if not user_may_triage(request.user):
            raise Http404
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.FeedbackAnswerSerializer, responses=s.FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        serializer = s.FeedbackAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = services.feedback_answer(
            actor=request.user, feedback=self.get_object(), answer=serializer.validated_data["answer"]
        )
        return Response(s.FeedbackSerializer(feedback).data)

    @extend_schema(request=s.FeedbackOpenSerializer, responses={201: s.NonconformityDetailSerializer})
    @action(detail=True, methods=["post"], url_path="open-nonconformity")
    def open_nonconformity(self, request, pk=None):
        serializer = s.FeedbackOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nc = services.feedback_open_nonconformity(
            actor=request.user, feedback=self.get_object(), **serializer.validated_data
        )
        nc = selectors.nonconformity_get_for_user(request.user, nc.pk)
        return Response(
            s.NonconformityDetailSerializer(nc, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

"""REST API of the risk register: thin viewsets over the selectors and services.

Objects come from the selectors (forbidden and missing are both 404); each write is
one service call. Errors map in qms.api.exception_handler (409, 400, 404).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from risks import selectors, services
from risks import serializers as s
from risks.filters import RiskFilterSet


class RiskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Risks and opportunities the user may see; lifecycle and actions as POST sub-routes."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = RiskFilterSet

    def get_queryset(self):
        return selectors.risk_list_visible_to(self.request.user)

    def get_object(self):
        return selectors.risk_get_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.RiskDetailSerializer
        if self.action == "create":
            return s.RiskWriteSerializer
        return s.RiskSerializer

    def _detail(self, risk, code=status.HTTP_200_OK):
        risk = selectors.risk_get_for_user(self.request.user, risk.pk)
        return Response(s.RiskDetailSerializer(risk, context={"request": self.request}).data, status=code)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=s.RiskWriteSerializer, responses={201: s.RiskDetailSerializer})
    def create(self, request):
        risk = services.risk_register(actor=request.user, **self._input(s.RiskWriteSerializer))
        return self._detail(risk, status.HTTP_201_CREATED)

    @extend_schema(request=s.RiskTransitionSerializer, responses=s.RiskDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        risk = services.risk_transition(
            actor=request.user,
            risk=self.get_object(),
            action=self._input(s.RiskTransitionSerializer)["action"],
        )
        return self._detail(risk)

    @extend_schema(request=s.RiskActionAddSerializer, responses={201: s.TreatmentActionSerializer})
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        created = services.treatment_action_add(
            actor=request.user, risk=self.get_object(), **self._input(s.RiskActionAddSerializer)
        )
        return Response(s.TreatmentActionSerializer(created).data, status=status.HTTP_201_CREATED)


class TreatmentActionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A treatment action of a risk the user may see."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = s.TreatmentActionSerializer

    def get_queryset(self):
        return selectors.TreatmentAction.objects.none()

    def get_object(self):
        return selectors.action_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.RiskActionCompleteSerializer, responses=s.TreatmentActionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        serializer = s.RiskActionCompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = services.treatment_action_complete(
            actor=request.user, action=self.get_object(), **serializer.validated_data
        )
        return Response(s.TreatmentActionSerializer(done).data)

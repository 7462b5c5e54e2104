"""REST API of quality objectives: thin viewsets over the selectors and services.

Objects come from the selectors (forbidden and missing are both 404); each write is
one service call. Errors map in qms.api.exception_handler (409, 400, 404).
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from objectives import selectors, services
from objectives import serializers as s
from objectives.filters import ObjectiveFilterSet


class ObjectiveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Quality objectives the user may see, with their measurements and plan."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = ObjectiveFilterSet

    def get_queryset(self):
        return selectors.objective_list_visible_to(self.request.user)

    def get_object(self):
        return selectors.objective_get_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.ObjectiveDetailSerializer
        if self.action == "create":
            return s.ObjectiveCreateSerializer
        return s.ObjectiveSerializer

    def _detail(self, objective, code=status.HTTP_200_OK):
        objective = selectors.objective_get_for_user(self.request.user, objective.pk)
        return Response(
            s.ObjectiveDetailSerializer(objective, context={"request": self.request}).data, status=code
        )

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=s.ObjectiveCreateSerializer, responses={201: s.ObjectiveDetailSerializer})
    def create(self, request):
        data = self._input(s.ObjectiveCreateSerializer)
        objective = services.objective_create(actor=request.user, **data)
        return self._detail(objective, status.HTTP_201_CREATED)

    @extend_schema(request=s.MeasurementRecordSerializer, responses=s.ObjectiveDetailSerializer)
    @action(detail=True, methods=["post"])
    def measure(self, request, pk=None):
        objective = self.get_object()
        services.measurement_record(
            actor=request.user, objective=objective, **self._input(s.MeasurementRecordSerializer)
        )
        return self._detail(objective)

    @extend_schema(
        request=None,
        responses=inline_serializer("ObjectiveComputed", {"written": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        written = services.objective_compute(actor=request.user, objective=self.get_object())
        return Response({"written": written})

    @extend_schema(
        request=s.OpenNonconformitySerializer,
        responses={
            201: inline_serializer(
                "NonconformityOpened", {"id": serializers.IntegerField(), "number": serializers.CharField()}
            )
        },
    )
    @action(detail=True, methods=["post"], url_path="open-nonconformity")
    def open_nonconformity(self, request, pk=None):
        nc = services.objective_open_nonconformity(
            actor=request.user, objective=self.get_object(), **self._input(s.OpenNonconformitySerializer)
        )
        return Response({"id": nc.pk, "number": nc.number}, status=status.HTTP_201_CREATED)

"""REST API of the catalogue: the public part (read-only, no login: the published content)
and the officers' part (the working copies, writes through the services). Errors map in
qms.api.exception_handler: lifecycle errors 409, ValidationError 400, PermissionDenied 404."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from procedures import selectors, services
from procedures import serializers as s
from procedures.filters import ProcedureFilterSet, PublicProcedureFilterSet
from procedures.models import AdministrativeProcedure
from procedures.permissions import user_may_manage


class PublicProcedureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The public catalogue: published procedures, by national code."""

    permission_classes = [AllowAny]
    serializer_class = s.PublicProcedureSerializer
    filterset_class = PublicProcedureFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return selectors.public_procedure_list().only(
            "pk", "code", "status", "published_content", "published_revision", "published_at"
        )

    def get_object(self):
        return selectors.public_procedure_get(self.kwargs["code"])


class ProcedureViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The officers' register (holders of procedures.manage_procedures; others get 404)."""

    serializer_class = s.ProcedureSerializer
    filterset_class = ProcedureFilterSet
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AdministrativeProcedure.objects.none()
        if not user_may_manage(self.request.user):
            raise Http404
        return selectors.procedure_list_for(self.request.user).prefetch_related(
            "legal_basis", "components", "fees", "steps"
        )

    def get_object(self):
        return selectors.procedure_get_for(self.request.user, self.kwargs["pk"])

    def _write(self, serializer, procedure=None):
        data = dict(serializer.validated_data)
        lists = {key: data.pop(key, None) for key in ("legal_basis", "components", "fees", "steps")}
        for key in ("components", "fees", "steps"):
            if lists[key] is not None:
                lists[key] = [dict(row) for row in lists[key]]
        return services.procedure_write(actor=self.request.user, procedure=procedure, fields=data, **lists)

    def _detail(self, procedure, code=status.HTTP_200_OK):
        procedure = selectors.procedure_get_for(self.request.user, procedure.pk)
        return Response(s.ProcedureSerializer(procedure).data, status=code)

    def create(self, request, *args, **kwargs):
        if not user_may_manage(request.user):
            raise Http404
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._detail(self._write(serializer), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        procedure = self.get_object()
        serializer = self.get_serializer(procedure, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self._detail(self._write(serializer, procedure))

    @extend_schema(request=s.ProcedureTransitionSerializer, responses=s.ProcedureSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        procedure = self.get_object()
        serializer = s.ProcedureTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        procedure = services.procedure_transition(
            actor=request.user, procedure=procedure, action=serializer.validated_data["action"]
        )
        return self._detail(procedure)

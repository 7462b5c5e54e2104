"""REST API for dossiers: read the register, send dossiers from the one-stop system
(token auth; idempotent by code), read the on-time figures. Same selectors and services
as the pages; errors map in qms.api.exception_handler (ValidationError 400, forbidden 404)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dossiers import selectors, services
from dossiers import serializers as s
from dossiers.filters import DossierFilterSet
from dossiers.forms import PeriodForm
from dossiers.permissions import user_sees_some_dossiers


def _rows(rows, key, label):
    return [
        {
            "key": str(row[key]),
            "label": label(row),
            **{k: row[k] for k in ("total", "early", "on_time", "late", "rate")},
        }
        for row in rows
    ]


class DossierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Dossiers the user may see. ``POST /dossiers/batch/`` creates or updates dossiers by code."""

    filterset_class = DossierFilterSet

    def get_queryset(self):
        return (
            selectors.dossier_list_visible_to(self.request.user)
            .select_related("nonconformity")
            .order_by("-received_at", "pk")
        )

    def get_object(self):
        return selectors.dossier_get_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return s.DossierDetailSerializer if self.action == "retrieve" else s.DossierSerializer

    @extend_schema(request=s.DossierBatchSerializer, responses={200: s.DossierImportSerializer})
    @action(detail=False, methods=["post"])
    def batch(self, request):
        """Create or update up to 1,000 dossiers by code, with their steps and
        supplementation requests. Each dossier is taken whole or refused; the answer lists
        the refused ones by their number in the list (1-based) with the reason."""
        serializer = s.DossierBatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        items = [dict(item) for item in serializer.validated_data["dossiers"]]
        for item in items:
            item["steps"] = [dict(step) for step in item.get("steps") or ()]
            item["supplementations"] = [dict(p) for p in item.get("supplementations") or ()]
        record = services.dossier_import_items(actor=request.user, items=items)
        return Response(s.DossierImportSerializer(record).data, status=status.HTTP_200_OK)

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD"),
            OpenApiParameter("procedure", str, description="national code"),
            OpenApiParameter("department", int),
        ],
        responses=s.OnTimeSerializer,
    )
    @action(detail=False, methods=["get"], url_path="on-time")
    def on_time(self, request):
        """On-time figures of the dossiers returned in the period (default: the last 12 months)."""
        if not user_sees_some_dossiers(request.user):
            raise Http404
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        period = {k: v for k, v in form.cleaned_data.items() if v}
        d = selectors.on_time_dashboard(request.user, **period)
        data = {
            "start": d["start"],
            "end": d["end"],
            "totals": {"key": "all", "label": "all", **d["totals"]},
            "by_procedure": _rows(d["by_procedure"], "procedure__code", lambda r: r["procedure__name"]),
            "by_department": _rows(d["by_department"], "department__code", lambda r: r["department__name"]),
            "by_month": _rows(d["by_month"], "month", lambda r: r["month"].strftime("%m/%Y")),
            "by_step": _rows(
                d["by_step"],
                "step",
                lambda r: (
                    f"{r['dossier__procedure__code']} {r['step']} {r['department__code'] or ''}".strip()
                ),
            ),
            "overdue": d["open"]["overdue"],
            "due_today": d["open"]["due_today"],
        }
        return Response(s.OnTimeSerializer(data).data)

"""REST API for internal audits: the same selectors and services as the web UI.

Errors follow qms.api: a refused transition is 409, bad input 400 (impartiality
included), an audit the user may not see or act on 404.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from audits import selectors, serializers, services
from audits.filters import AuditFilterSet, FindingFilterSet
from audits.models import Audit, AuditReport, ChecklistItem, Clause, Finding


def _warnings(people) -> list[str]:
    return [
        f"{user.get_full_name() or user.username} is not recorded as a qualified auditor."
        for user in selectors.unqualified_auditors(people)
    ]


class ClauseViewSet(viewsets.ReadOnlyModelViewSet):
    """The ISO 9001:2015 clause tree."""

    serializer_class = serializers.ClauseSerializer
    queryset = Clause.objects.order_by("sort_key")
    pagination_class = None


class AuditViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.AuditSerializer
    queryset = Audit.objects.none()
    filterset_class = AuditFilterSet

    def get_queryset(self):
        return selectors.audit_list_visible_to(self.request.user).prefetch_related(
            "team", "auditee_contacts", "clauses", "documents"
        )

    def get_object(self):
        return selectors.audit_get_for_user(self.request.user, self.kwargs["pk"])

    def _output(self, audit, code=status.HTTP_200_OK):
        audit = selectors.audit_get_for_user(self.request.user, audit.pk)
        data = dict(serializers.AuditSerializer(audit).data)
        data["warnings"] = _warnings([audit.lead_auditor, *audit.team.all()])
        return Response(data, status=code)

    @extend_schema(request=serializers.AuditPlanSerializer, responses=serializers.AuditSerializer)
    def create(self, request):
        data = serializers.AuditPlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        audit = services.audit_plan(actor=request.user, **data.validated_data)
        return self._output(audit, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.AuditPlanSerializer, responses=serializers.AuditSerializer)
    def update(self, request, pk=None):
        audit = self.get_object()
        data = serializers.AuditPlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("checklist_template", None)
        services.audit_update_plan(actor=request.user, audit=audit, **fields)
        return self._output(audit)

    @extend_schema(request=None, responses=serializers.AuditSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        audit = services.audit_start(actor=request.user, audit=self.get_object())
        return self._output(audit)

    @extend_schema(request=None, responses=serializers.AuditSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        audit = services.audit_close(actor=request.user, audit=self.get_object())
        return self._output(audit)

    @extend_schema(request=serializers.ReportSerializer, responses=serializers.ReportSerializer)
    @action(detail=True, methods=["get", "put"])
    def report(self, request, pk=None):
        audit = self.get_object()
        if request.method == "PUT":
            data = serializers.ReportSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            report = services.report_save_draft(
                actor=request.user,
                audit=audit,
                summary=data.validated_data.get("summary", ""),
                conclusion=data.validated_data.get("conclusion", ""),
            )
        else:
            report = AuditReport.objects.filter(audit=audit).first() or AuditReport(audit=audit)
            if not report.is_issued and not selectors.user_may_see_checklist(request.user, audit):
                raise NotFound()  # the auditee reads the report once it is issued
        return Response(serializers.ReportSerializer(report).data)

    @extend_schema(request=serializers.ReportIssueSerializer, responses=serializers.ReportSerializer)
    @action(detail=True, methods=["post"], url_path="issue-report")
    def issue_report(self, request, pk=None):
        audit = self.get_object()
        data = serializers.ReportIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_issue(actor=request.user, audit=audit, **data.validated_data)
        return Response(serializers.ReportSerializer(report).data)


class FindingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.FindingSerializer
    queryset = Finding.objects.none()
    filterset_class = FindingFilterSet

    def get_queryset(self):
        visible = Audit.objects.filter(selectors.audit_visible_q(self.request.user)).values("pk")
        findings = Finding.objects.filter(audit__in=visible).select_related("audit", "clause", "department")
        return findings.order_by("audit_id", "sequence")

    def get_object(self):
        return selectors.finding_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=serializers.FindingInputSerializer, responses=serializers.FindingSerializer)
    def create(self, request):
        data = serializers.FindingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        audit = selectors.audit_get_for_user(request.user, fields.pop("audit").pk)
        finding = services.finding_record(actor=request.user, audit=audit, **fields)
        return Response(serializers.FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.FindingUpdateSerializer, responses=serializers.FindingSerializer)
    def partial_update(self, request, pk=None):
        finding = self.get_object()
        data = serializers.FindingUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        finding = services.finding_update(actor=request.user, finding=finding, **data.validated_data)
        return Response(serializers.FindingSerializer(finding).data)

    def destroy(self, request, pk=None):
        services.finding_delete(actor=request.user, finding=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={201: serializers.FindingSerializer})
    @action(detail=True, methods=["post"], url_path="open-nonconformity")
    def open_nonconformity(self, request, pk=None):
        finding = self.get_object()
        services.finding_open_nonconformity(actor=request.user, finding=finding)
        finding = Finding.objects.get(pk=finding.pk)
        return Response(serializers.FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class ChecklistItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The audit's checklist: auditors' working papers, not shown to the auditee."""

    serializer_class = serializers.ChecklistItemSerializer
    queryset = ChecklistItem.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        audit_id = self.request.query_params.get("audit", "")
        if not audit_id.isdigit():
            raise DRFValidationError({"audit": ["Give the audit id: ?audit=<id>."]})
        audit = selectors.audit_get_for_user(self.request.user, int(audit_id))
        if not selectors.user_may_see_checklist(self.request.user, audit):
            raise NotFound()
        return selectors.checklist_for(audit)

    def get_object(self):
        try:
            return selectors.checklist_item_get_for_user(self.request.user, self.kwargs["pk"])
        except Http404:
            raise NotFound() from None

    @extend_schema(request=serializers.AnswerSerializer, responses=serializers.ChecklistItemSerializer)
    def partial_update(self, request, pk=None):
        item = self.get_object()
        data = serializers.AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.checklist_item_answer(actor=request.user, item=item, **data.validated_data)
        return Response(serializers.ChecklistItemSerializer(item).data)

    @extend_schema(request=serializers.UploadSerializer, responses=serializers.EvidenceFileSerializer)
    @action(detail=True, methods=["post"])
    def files(self, request, pk=None):
        item = self.get_object()
        data = serializers.UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A refusal (PermissionDenied) answers 404 through qms.api.exception_handler.
        evidence = services.evidence_attach(
            actor=request.user, item=item, uploaded=data.validated_data["file"]
        )
        return Response(serializers.EvidenceFileSerializer(evidence).data, status=status.HTTP_201_CREATED)


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ProgrammeSerializer
    queryset = selectors.programme_list()
    lookup_field = "year"

    def _check(self):
        if not selectors.user_sees_all_audits(self.request.user):
            raise NotFound()

    def get_queryset(self):
        self._check()
        return selectors.programme_list().prefetch_related("items__department", "items__clauses")

    @extend_schema(request=serializers.ProgrammeSerializer, responses=serializers.ProgrammeSerializer)
    def create(self, request):
        self._check()
        data = serializers.ProgrammeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = services.programme_create(
            actor=request.user,
            year=data.validated_data["year"],
            objectives=data.validated_data.get("objectives", ""),
        )
        return Response(serializers.ProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.ProgrammeItemInputSerializer, responses=serializers.ProgrammeItemSerializer
    )
    @action(detail=True, methods=["post"])
    def items(self, request, year=None):
        programme = self.get_object()
        data = serializers.ProgrammeItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.programme_item_add(actor=request.user, programme=programme, **data.validated_data)
        return Response(serializers.ProgrammeItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def coverage(self, request, year=None):
        programme = self.get_object()
        matrix = selectors.coverage_matrix(programme.year)
        return Response(
            {
                "year": matrix["year"],
                "clauses": [c.number for c in matrix["clauses"]],
                "totals": matrix["totals"],
                "rows": [
                    {"department": row["department"].code, "cells": row["cells"]} for row in matrix["rows"]
                ],
            }
        )

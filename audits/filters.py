"""FilterSets of the audit lists, shared by the pages and the API (see qms.filters)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, Finding
from audits.workflow import AuditStatus
from organisation.models import Department
from qms.filters import IntegerFilter, YearFilter

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
PROGRESS_DONE = "done"
PROGRESS_PENDING = "pending"


class AuditFilterSet(django_filters.FilterSet):
    year = YearFilter(
        field_name="planned_start", lookup_expr="year", help_text=_("Planned start in this year.")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AuditStatus.choices)
    # What the coverage charts link to: a department's audits, done or still to do, a month.
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), field_name="departments", queryset=Department.objects.all(), distinct=True
    )
    progress = django_filters.ChoiceFilter(
        label=_("Progress"),
        choices=[
            (PROGRESS_DONE, _("Done (reported or closed)")),
            (PROGRESS_PENDING, _("Planned or in progress")),
        ],
        method="filter_progress",
    )
    planned_from = django_filters.DateFilter(
        label=_("Planned start from"), field_name="planned_start", lookup_expr="gte"
    )
    planned_to = django_filters.DateFilter(
        label=_("Planned start to"), field_name="planned_start", lookup_expr="lte"
    )

    class Meta:
        model = Audit
        fields = ["year", "status", "department", "progress", "planned_from", "planned_to"]

    def filter_progress(self, queryset, name, value):
        done = [AuditStatus.REPORTED, AuditStatus.CLOSED]
        return (
            queryset.filter(status__in=done) if value == PROGRESS_DONE else queryset.exclude(status__in=done)
        )


class FindingFilterSet(django_filters.FilterSet):
    audit = IntegerFilter(field_name="audit_id", label=_("Audit"), help_text=_("Only this audit's findings."))

    class Meta:
        model = Finding
        fields = ["audit"]

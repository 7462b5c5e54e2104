"""FilterSets of the audit lists, shared by the pages and the API (see qms.filters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, Finding
from audits.workflow import AuditStatus
from qms.filters import IntegerFilter, YearFilter


class AuditFilterSet(django_filters.FilterSet):
    year = YearFilter(
        field_name="planned_start", lookup_expr="year", help_text=_("Planned start in this year.")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AuditStatus.choices)

    class Meta:
        model = Audit
        fields = ["year", "status"]


class FindingFilterSet(django_filters.FilterSet):
    audit = IntegerFilter(field_name="audit_id", label=_("Audit"), help_text=_("Only this audit's findings."))

    class Meta:
        model = Finding
        fields = ["audit"]

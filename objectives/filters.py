"""FilterSets of the objectives list, shared by the page and the API (see qms.filters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from objectives.models import Objective
from objectives.workflow import Frequency, ObjectiveStatus
from organisation.models import Department
from qms.filters import YEAR_MAX, YEAR_MIN, IntegerFilter, SearchFilter

ORGANISATION = "organisation"


class ObjectiveFilterSet(django_filters.FilterSet):
    q = SearchFilter(max_length=100, method="filter_query", help_text=_("Objective or indicator contains."))
    year = IntegerFilter(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    scope = django_filters.ChoiceFilter(
        label=_("Scope"),
        choices=[(ORGANISATION, _("Whole organisation"))],
        method="filter_scope",
    )
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ObjectiveStatus.choices)
    frequency = django_filters.ChoiceFilter(label=_("Frequency"), choices=Frequency.choices)
    owner = IntegerFilter(label=_("Owner"), field_name="owner_id")

    class Meta:
        model = Objective
        fields = ["q", "year", "department", "scope", "status", "frequency", "owner"]

    def filter_query(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(statement__icontains=value) | Q(indicator_name__icontains=value))

    def filter_scope(self, queryset, name, value):
        return queryset.filter(department__isnull=True) if value == ORGANISATION else queryset

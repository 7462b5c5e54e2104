"""FilterSets of the risk register, shared by the page, the heat map and the API (qms.filters)."""

import django_filters
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Department
from qms.filters import BooleanFilter, IntegerFilter, SearchFilter
from risks.models import Risk
from risks.workflow import OPEN_STATUSES, RiskKind, RiskStatus

OPEN = "open"


class RiskFilterSet(django_filters.FilterSet):
    q = SearchFilter(max_length=100, method="filter_query", help_text=_("Number, title or process contains."))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RiskKind.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[(OPEN, _("Not closed")), *RiskStatus.choices], method="filter_status"
    )
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    likelihood = IntegerFilter(label=_("Likelihood"), max_value=10)
    impact = IntegerFilter(label=_("Impact"), max_value=10)
    residual_likelihood = IntegerFilter(
        label=_("Residual likelihood"), max_value=10, method="filter_residual"
    )
    residual_impact = IntegerFilter(label=_("Residual impact"), max_value=10, method="filter_residual")
    rating_min = IntegerFilter(label=_("Rating from"), max_value=100, method="filter_rating_min")
    rating_max = IntegerFilter(label=_("Rating to"), max_value=100, method="filter_rating_max")
    review_due = BooleanFilter(label=_("Review due"), method="filter_review_due")
    owner = IntegerFilter(label=_("Owner"), field_name="owner_id")

    class Meta:
        model = Risk
        fields = [
            "q",
            "kind",
            "status",
            "department",
            "likelihood",
            "impact",
            "residual_likelihood",
            "residual_impact",
            "rating_min",
            "rating_max",
            "review_due",
            "owner",
        ]

    def filter_query(self, queryset, name, value):
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(process__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_residual(self, queryset, name, value):
        # A risk not yet re-assessed sits at its inherent levels (as on the heat map).
        base = name.removeprefix("residual_")
        return queryset.alias(**{f"_{name}": Coalesce(name, base)}).filter(**{f"_{name}": value})

    def _current(self, queryset):
        return queryset.alias(_current=Coalesce("residual_rating", F("rating")))

    def filter_rating_min(self, queryset, name, value):
        return self._current(queryset).filter(_current__gte=value)

    def filter_rating_max(self, queryset, name, value):
        return self._current(queryset).filter(_current__lte=value)

    def filter_review_due(self, queryset, name, value):
        due = Q(status__in=OPEN_STATUSES, next_review_date__lte=timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)

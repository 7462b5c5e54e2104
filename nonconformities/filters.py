"""FilterSets of the nonconformity register, corrective actions and feedback, shared by
the pages, the CSV export and the API (see qms.filters)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nonconformities.models import CorrectiveAction, Feedback, Nonconformity
from nonconformities.workflow import FeedbackStatus, NonconformityStatus
from organisation.models import Department
from qms.filters import BooleanFilter, SearchFilter

OPEN = "open"


class NonconformityFilterSet(django_filters.FilterSet):
    q = SearchFilter(max_length=100, method="filter_query", help_text=_("Number or title contains."))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Not closed")), *NonconformityStatus.choices],
        method="filter_status",
        help_text=_('"open" means every status but closed.'),
    )
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Nonconformity.Source.choices)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Nonconformity.Severity.choices)
    # Date ranges the dashboard's charts link to (a month, an age bucket); inclusive.
    detected_from = django_filters.DateFilter(
        label=_("Detected from"), field_name="date_detected", lookup_expr="gte"
    )
    detected_to = django_filters.DateFilter(
        label=_("Detected to"), field_name="date_detected", lookup_expr="lte"
    )
    closed_from = django_filters.DateFilter(
        label=_("Closed from"), field_name="closed_at__date", lookup_expr="gte"
    )
    closed_to = django_filters.DateFilter(
        label=_("Closed to"), field_name="closed_at__date", lookup_expr="lte"
    )
    # The home tile "Actions overdue" links here.
    action_overdue = BooleanFilter(
        label=_("Actions overdue"),
        method="filter_action_overdue",
        help_text=_("Only nonconformities with an open corrective action past its due date."),
    )

    class Meta:
        model = Nonconformity
        fields = [
            "q",
            "status",
            "department",
            "source",
            "severity",
            "detected_from",
            "detected_to",
            "closed_from",
            "closed_to",
            "action_overdue",
        ]

    def filter_query(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))

    def filter_action_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=overdue_actions().values("nonconformity"))

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.exclude(status=NonconformityStatus.CLOSED)
        return queryset.filter(status=value)


def overdue_actions():
    """Open corrective actions past their due date (the actions filter and the NC filter)."""
    return CorrectiveAction.objects.filter(
        status=CorrectiveAction.State.OPEN, due_date__lt=timezone.localdate()
    )


class CorrectiveActionFilterSet(django_filters.FilterSet):
    overdue = BooleanFilter(
        label=_("Overdue"), method="filter_overdue", help_text=_("Only open actions past their due date.")
    )

    class Meta:
        model = CorrectiveAction
        fields = ["overdue"]

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=CorrectiveAction.State.OPEN, due_date__lt=timezone.localdate())


class FeedbackFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FeedbackStatus.choices)

    class Meta:
        model = Feedback
        fields = ["status"]

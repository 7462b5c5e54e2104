"""FilterSets of the dossier register, shared by the pages and the API (qms.filters).
The dashboard's charts link to the list with these parameters."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Channel, Dossier, Outcome
from organisation.models import Department
from procedures.models import AdministrativeProcedure
from qms.filters import SearchFilter

OVERDUE, DUE_TODAY, PENDING = "overdue", "due_today", "pending"


class DossierFilterSet(django_filters.FilterSet):
    q = SearchFilter(max_length=60, method="filter_query", help_text=_("Dossier code contains."))
    procedure = django_filters.ModelChoiceFilter(
        label=_("Procedure"), queryset=AdministrativeProcedure.objects.all(), to_field_name="code"
    )
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    outcome = django_filters.ChoiceFilter(label=_("Timeliness"), choices=Outcome.choices)
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(OVERDUE, _("Overdue")), (DUE_TODAY, _("Due today")), (PENDING, _("Not yet returned"))],
        method="filter_state",
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    returned_from = django_filters.DateFilter(
        label=_("Returned from"), field_name="returned_at__date", lookup_expr="gte"
    )
    returned_to = django_filters.DateFilter(
        label=_("Returned to"), field_name="returned_at__date", lookup_expr="lte"
    )
    received_from = django_filters.DateFilter(
        label=_("Received from"), field_name="received_at__date", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label=_("Received to"), field_name="received_at__date", lookup_expr="lte"
    )

    class Meta:
        model = Dossier
        fields = [
            "q",
            "procedure",
            "department",
            "outcome",
            "state",
            "channel",
            "returned_from",
            "returned_to",
            "received_from",
            "received_to",
        ]

    def filter_query(self, queryset, name, value):
        return queryset.filter(code__icontains=value)

    def filter_state(self, queryset, name, value):
        now = timezone.now()
        pending = queryset.filter(returned_at__isnull=True)
        if value == OVERDUE:
            return pending.filter(deadline_at__lt=now)
        if value == DUE_TODAY:
            return pending.filter(deadline_at__gte=now, deadline_at__date=timezone.localdate())
        return pending

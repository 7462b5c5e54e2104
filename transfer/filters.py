"""The batch page's row filter: ``?show=errors`` (planned as an error, or failed in the
import), ``?show=warnings`` (rows with a warning), ``all`` (or none); any other value is
a 400 with the field named (qms.filters.filter_for_page)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from transfer.planning import ERROR
from transfer.services import FAILED

ALL, ERRORS, WARNINGS = "all", "errors", "warnings"


class ImportRowFilterSet(django_filters.FilterSet):
    show = django_filters.ChoiceFilter(
        label=_("Show rows"),
        choices=[(ALL, _("all rows")), (ERRORS, _("only errors")), (WARNINGS, _("only warnings"))],
        empty_label=None,
        method="filter_show",
    )

    def filter_show(self, queryset, name, value):
        if value == ERRORS:
            return queryset.filter(Q(action=ERROR) | Q(outcome=FAILED))
        if value == WARNINGS:
            return queryset.exclude(data__warnings=[])
        return queryset

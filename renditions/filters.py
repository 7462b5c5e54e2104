"""FilterSets of the controlled copies and the access log, shared by the officer pages
and the API (see qms.filters). The API's sets add ``version`` (an id), which the pages
do not show."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.workflow import HISTORICAL_STATUSES
from qms.filters import IntegerFilter, SearchFilter
from renditions.models import AccessEvent, ControlledCopy
from renditions.selectors import copies_in_state

COPY_STATES = [
    ("out", _("Out")),
    ("to_retrieve", _("To retrieve (version no longer effective)")),
    ("retrieved", _("Retrieved")),
]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _CheckboxInput(forms.CheckboxInput):
    """Drawn as a checkbox; hands the raw value to the field (Django's turns any text into True)."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class _CheckboxField(forms.NullBooleanField):
    """A checkbox on the page ("on"), true/false/1/0 in the API; anything else is refused."""

    widget = _CheckboxInput

    def to_python(self, value):
        if value in (None, "", False):
            return None
        if value in (True, "on", "true", "True", "1"):
            return True
        if value in ("false", "False", "0", "off"):
            return False
        raise forms.ValidationError(_("Give true or false (1 or 0)."), code="invalid")


class CheckboxFilter(django_filters.BooleanFilter):
    field_class = _CheckboxField


class ControlledCopyFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="filter_query", help_text=_("Document number or title, holder or location."))
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=COPY_STATES, empty_label=_("All"), method="filter_state"
    )

    class Meta:
        model = ControlledCopy
        fields = ["q", "state"]

    def filter_query(self, queryset, name, value):
        return queryset.filter(
            Q(version__document__number__icontains=value)
            | Q(version__document__title__icontains=value)
            | Q(holder_name__icontains=value)
            | Q(location__icontains=value)
        )

    def filter_state(self, queryset, name, value):
        return copies_in_state(queryset, value)


class ControlledCopyApiFilterSet(ControlledCopyFilterSet):
    version = IntegerFilter(
        field_name="version_id", label=_("Version"), help_text=_("Only this version's copies.")
    )

    class Meta(ControlledCopyFilterSet.Meta):
        fields = [*ControlledCopyFilterSet.Meta.fields, "version"]


class AccessEventFilterSet(django_filters.FilterSet):
    number = SearchFilter(field_name="document_number", lookup_expr="icontains", label=_("Document number"))
    revision = django_filters.CharFilter(label=_("Revision"), max_length=5, method="filter_revision")
    user = SearchFilter(label=_("User"), method="filter_user")
    kind = django_filters.ChoiceFilter(
        label=_("Rendition"), choices=AccessEvent.Kind.choices, empty_label=_("All")
    )
    date_from = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("From"), widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("To"), widget=DATE_INPUT
    )
    historical_only = CheckboxFilter(
        label=_("Only superseded or obsolete revisions"),
        method="filter_historical",
        help_text=_("Accesses made while the version was superseded or obsolete."),
    )

    class Meta:
        model = AccessEvent
        fields = ["number", "revision", "user", "kind", "date_from", "date_to", "historical_only"]

    def filter_revision(self, queryset, name, value):
        return queryset.filter(revision=value.strip().zfill(2)) if value.strip() else queryset

    def filter_user(self, queryset, name, value):
        return queryset.filter(
            Q(user__username__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
        )

    def filter_historical(self, queryset, name, value):
        return queryset.filter(status_at_access__in=HISTORICAL_STATUSES) if value else queryset


class AccessEventApiFilterSet(AccessEventFilterSet):
    version = IntegerFilter(
        field_name="version_id", label=_("Version"), help_text=_("Only this version's accesses.")
    )

    class Meta(AccessEventFilterSet.Meta):
        fields = [*AccessEventFilterSet.Meta.fields, "version"]

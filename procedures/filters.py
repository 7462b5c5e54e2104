"""FilterSets of the catalogue, shared by the pages and the API (see qms.filters)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from documents.search import search_key
from procedures.models import AdministrativeProcedure, Level, ProcedureField
from procedures.selectors import public_search_q
from procedures.workflow import ProcedureStatus
from qms.filters import ANY_LABEL, BooleanFilter, SearchFilter


class PublicProcedureFilterSet(django_filters.FilterSet):
    """The public catalogue: words without accents, field, level (of the published content)."""

    q = SearchFilter(
        max_length=100,
        method="filter_query",
        label=_("Search"),
        help_text=_('Code or words of the name; accents are optional ("cap ban sao").'),
    )
    field = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("procedures", "Field"),
        queryset=ProcedureField.objects.all(),
        to_field_name="code",
        method="filter_field",
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices, method="filter_level")

    class Meta:
        model = AdministrativeProcedure
        fields = ["q", "field", "level"]

    def filter_query(self, queryset, name, value):
        return queryset.filter(public_search_q(value))

    def filter_field(self, queryset, name, value):
        return queryset.filter(published_content__field_code=value.code)

    def filter_level(self, queryset, name, value):
        return queryset.filter(published_content__level=value)


class ProcedureFilterSet(django_filters.FilterSet):
    """The officers' register: the working copies."""

    q = SearchFilter(max_length=100, method="filter_query", help_text=_("Code or words of the name."))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProcedureStatus.choices)
    field = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("procedures", "Field"), queryset=ProcedureField.objects.all()
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    needs_review = BooleanFilter(
        label=_("To review"),
        widget=forms.Select(choices=[("", ANY_LABEL), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = AdministrativeProcedure
        fields = ["q", "status", "field", "level", "needs_review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    def filter_query(self, queryset, name, value):
        for word in search_key(value).split()[:12]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

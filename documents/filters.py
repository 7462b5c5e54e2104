"""FilterSets of the document and version lists, shared by the list page and the API
(see qms.filters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentType, DocumentVersion
from documents.selectors import search_filter_along, search_filter_q, visible_version_in_status
from documents.workflow import DocumentStatus
from organisation.models import Department
from qms.filters import IntegerFilter, SearchFilter


class DocumentFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="filter_query", help_text=_("Number or title; accents optional."))
    doc_type = django_filters.ModelChoiceFilter(
        label=_("Type"),
        queryset=DocumentType.objects.all(),
        help_text=_("Document type id (as on the list page)."),
    )
    type = django_filters.ModelChoiceFilter(
        field_name="doc_type",
        label=_("Type"),
        queryset=DocumentType.objects.all(),
        help_text=_("Same as doc_type."),
    )
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=DocumentStatus.choices,
        empty_label=_("Any status"),
        method="filter_status",
        help_text=_("Documents with a version in this status that the user may see."),
    )

    class Meta:
        model = Document
        fields = ["q", "doc_type", "type", "department", "status"]

    search_along_numbers = False

    def filter_query(self, queryset, name, value):
        if self.search_along_numbers:
            return search_filter_along(queryset, value)
        return queryset.filter(search_filter_q(value))

    def qs_along_numbers(self):
        """The same rows, with the search asked so that PostgreSQL reads them along the
        number index (selectors.search_filter_along; for documents_along_numbers). Asked
        only with a search (documents.views.document_list)."""
        along = type(self)(self.data, queryset=self.queryset, request=self.request)
        along.search_along_numbers = True
        along.is_valid()
        return along.qs

    def filter_status(self, queryset, name, value):
        return queryset.filter(visible_version_in_status(self.request.user, value))


class VersionFilterSet(django_filters.FilterSet):
    document = IntegerFilter(
        field_name="document_id", label=_("Document"), help_text=_("Only this document's versions.")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DocumentStatus.choices)

    class Meta:
        model = DocumentVersion
        fields = ["document", "status"]

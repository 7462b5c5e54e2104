from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from documents.models import DocumentType
from documents.workflow import DocumentStatus
from organisation.models import Department
from qms.filters import ANY_LABEL

STATUS_CHOICES = [
    (DocumentStatus.EFFECTIVE, DocumentStatus.EFFECTIVE.label),
    (DocumentStatus.SUPERSEDED, DocumentStatus.SUPERSEDED.label),
    (DocumentStatus.OBSOLETE, DocumentStatus.OBSOLETE.label),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words to find"), max_length=200, required=False)
    doc_type = forms.ModelChoiceField(
        label=_("Type"), queryset=DocumentType.objects.order_by("name"), required=False, empty_label=ANY_LABEL
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=ANY_LABEL,
    )
    status = forms.MultipleChoiceField(
        label=pgettext_lazy("search", "Revisions"),
        choices=STATUS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    effective_from = forms.DateField(
        label=_("Effective from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_to = forms.DateField(
        label=_("Effective until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, may_search_history=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_search_history:
            del self.fields["status"]
        for name, widget_field in self.fields.items():
            if name == "status":
                continue
            css = "form-select" if isinstance(widget_field, forms.ModelChoiceField) else "form-control"
            widget_field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("The end of the period is before its start."))
        return data

    def search_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "doc_type": data.get("doc_type"),
            "department": data.get("department"),
            "statuses": data.get("status") or None,
            "effective_from": data.get("effective_from"),
            "effective_to": data.get("effective_to"),
        }

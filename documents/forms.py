import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from documents.models import Document

MAX_DOCUMENT_NUMBERS = 100


class DocumentNumbersField(forms.CharField):
    """Documents named by their numbers ("QT-VP-01, HD-TC-02"), checked on the server
    against the documents the user may see. A form names documents this way instead of a
    <select> of every visible document (100,000 options at a province's scale, issue 12).
    Give the form's user with ``for_user(user)``. Each entry is a number, optionally
    followed by the title ("QT-VP-01 Quy trình ..."); entries are separated by commas or
    new lines. Cleans to a list of Documents in the order given."""

    multiple = True
    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 5000)
        super().__init__(*args, **kwargs)
        self.user = None
        self.widget.attrs.setdefault("spellcheck", "false")
        self.widget.attrs.setdefault("autocomplete", "off")

    def for_user(self, user):
        self.user = user
        return self

    def prepare_value(self, value):
        """Initial Documents (or their ids) shown as their numbers."""
        if isinstance(value, Document):
            return value.number
        if isinstance(value, list | tuple | set) or hasattr(value, "__iter__") and not isinstance(value, str):
            items = list(value)
            ids = [item for item in items if isinstance(item, int)]
            numbers = dict(Document.objects.filter(pk__in=ids).values_list("pk", "number")) if ids else {}
            return ", ".join(
                item.number if isinstance(item, Document) else numbers.get(item, str(item)) for item in items
            )
        if isinstance(value, int):
            return Document.objects.filter(pk=value).values_list("number", flat=True).first() or ""
        return value

    def to_python(self, value):
        text = super().to_python(value)
        entries = [entry.strip() for entry in re.split(r"[,;\n]+", text or "") if entry.strip()]
        numbers = list(dict.fromkeys(entry.split()[0] for entry in entries))
        if len(numbers) > MAX_DOCUMENT_NUMBERS:
            raise ValidationError(
                ngettext(
                    "Name at most %(limit)d document.",
                    "Name at most %(limit)d documents.",
                    MAX_DOCUMENT_NUMBERS,
                )
                % {"limit": MAX_DOCUMENT_NUMBERS},
                code="too_many",
            )
        if not self.multiple and len(numbers) > 1:
            raise ValidationError(_("Name one document."), code="one")
        return numbers

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, value):
        numbers = super().clean(value)
        if not numbers:
            return [] if self.multiple else None
        from documents.permissions import visible_document_q

        if self.user is None:
            raise ImproperlyConfiguredField("DocumentNumbersField used without for_user(user)")
        wanted = Q()
        for number in numbers:
            wanted |= Q(number__iexact=number)
        found = {
            document.number.upper(): document
            for document in Document.objects.filter(visible_document_q(self.user)).filter(wanted)
        }
        unknown = [number for number in numbers if number.upper() not in found]
        if unknown:
            raise ValidationError(
                ngettext(
                    "No document numbered %(numbers)s that you can see.",
                    "No documents numbered %(numbers)s that you can see.",
                    len(unknown),
                )
                % {"numbers": ", ".join(unknown)},
                code="unknown",
            )
        documents = [found[number.upper()] for number in numbers]
        return documents if self.multiple else documents[0]


class DocumentNumberField(DocumentNumbersField):
    """One document named by its number (see DocumentNumbersField); cleans to a Document
    or None."""

    multiple = False
    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)


class ImproperlyConfiguredField(RuntimeError):
    pass


class DocumentRegisterForm(forms.ModelForm):
    file = forms.FileField(label=_("File"), required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)

    class Meta:
        model = Document
        fields = [
            "doc_type",
            "department",
            "title",
            "owner",
            "confidentiality",
            "review_period_months",
            "distribution",
            "issuer",
            "source_reference",
            "date_received",
            "retention_years",
        ]
        widgets = {
            "date_received": forms.DateInput(attrs={"type": "date"}),
            "distribution": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].required = False
        self.fields["distribution"].help_text = _(
            "Departments that must read each effective version. Leave empty to use the default "
            "readers set for this type and department; without any, the draft cannot be submitted "
            "until readers are chosen or “nobody has to read it” is recorded."
        )
        self.fields["owner"].queryset = (
            self.fields["owner"].queryset.filter(is_active=True).order_by("username")
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("body") or "").strip():
            self.add_error("file", _("Upload a file or write the text of the first revision."))
        doc_type = cleaned.get("doc_type")
        if doc_type and doc_type.is_external:
            for field in ("issuer", "source_reference"):
                if not (cleaned.get(field) or "").strip():
                    self.add_error(field, _("Required for an external document."))
        return cleaned


class VersionForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)
    change_summary = forms.CharField(
        label=_("Change summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, require_summary=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_summary"].required = require_summary


class RejectForm(forms.Form):
    comment = forms.CharField(label=_("What must change"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    effective_date = forms.DateField(
        label=_("Effective date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text=_("Today makes it effective now; a later date keeps it approved until then."),
    )

    def clean_effective_date(self):
        value = self.cleaned_data.get("effective_date") or timezone.localdate()
        if value < timezone.localdate():
            raise forms.ValidationError(_("The effective date cannot be in the past."))
        return value


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SubmitForm(forms.Form):
    pass


ACTION_FORMS = {
    "submit": SubmitForm,
    "approve": ApproveForm,
    "reject": RejectForm,
    "publish": PublishForm,
    "withdraw": WithdrawForm,
}

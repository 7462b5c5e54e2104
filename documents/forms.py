from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import Document


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

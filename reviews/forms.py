from django import forms
from django.utils.translation import gettext_lazy as _

from qms.filters import ANY_LABEL
from reviews.models import Outcome


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for revise and withdraw: what must change, or why the document is withdrawn."),
    )
    file = forms.FileField(
        label=_("File of the new revision"),
        required=False,
        help_text=_("Revise only. Leave empty to start the new draft from the current file."),
        # qms.css caps text inputs at the screen width but not file inputs (phones: 360px).
        widget=forms.ClearableFileInput(attrs={"style": "max-width: 100%"}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") in (Outcome.REVISE, Outcome.WITHDRAW)
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", _("Say why the document must be revised or withdrawn."))
        return cleaned


class OverdueFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label=ANY_LABEL
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False, empty_label=ANY_LABEL)

    def __init__(self, *args, departments, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

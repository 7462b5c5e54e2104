from django import forms
from django.utils.translation import gettext_lazy as _

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

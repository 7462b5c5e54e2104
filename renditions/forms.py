from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from qms.filters import CHOOSE_LABEL


class HolderChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", CHOOSE_LABEL)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class CopyIssueForm(forms.Form):
    holder = HolderChoiceField(
        label=_("Holder (user)"),
        queryset=get_user_model()
        .objects.filter(is_active=True)
        .order_by("last_name", "first_name", "username"),
        required=False,
    )
    holder_name = forms.CharField(label=_("Holder (name or post)"), max_length=200, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if not (
            data.get("holder") or data.get("holder_name", "").strip() or data.get("location", "").strip()
        ):
            raise forms.ValidationError(_("Name the holder or the location of the copy."))
        return data


class CopyRetrieveForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. returned and destroyed")}),
    )

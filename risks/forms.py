"""Forms of the risk pages: parse and validate input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from documents.selectors import document_list_visible_to
from nonconformities.forms import clean_clause
from organisation.models import Department
from qms.filters import CHOOSE_LABEL
from risks.models import RatingBand, Risk, RiskScale


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def _active_users():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def _levels(top, *, blank=False):
    choices = [(n, str(n)) for n in range(1, top + 1)]
    return [("", CHOOSE_LABEL), *choices] if blank else [("", CHOOSE_LABEL), *choices]


class RiskForm(forms.ModelForm):
    owner = UserChoiceField(label=_("Risk owner"), queryset=_active_users(), empty_label=CHOOSE_LABEL)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.order_by("code"), empty_label=CHOOSE_LABEL
    )
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int)
    residual_likelihood = forms.TypedChoiceField(
        label=_("Residual likelihood"), coerce=int, required=False, empty_value=None
    )
    residual_impact = forms.TypedChoiceField(
        label=_("Residual impact"), coerce=int, required=False, empty_value=None
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Controlling documents"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("The procedures that control this risk."),
    )
    nonconformities = forms.ModelMultipleChoiceField(
        label=_("Nonconformities that materialised it"), queryset=Department.objects.none(), required=False
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Related quality objectives"), queryset=Department.objects.none(), required=False
    )

    def clean_iso_clause(self):
        return clean_clause(self.cleaned_data.get("iso_clause"))

    class Meta:
        model = Risk
        fields = [
            "kind",
            "title",
            "department",
            "process",
            "description",
            "cause",
            "consequence",
            "interested_party",
            "existing_controls",
            "likelihood",
            "impact",
            "residual_likelihood",
            "residual_impact",
            "owner",
            "next_review_date",
            "iso_clause",
            "documents",
            "nonconformities",
            "objectives",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "consequence": forms.Textarea(attrs={"rows": 2}),
            "existing_controls": forms.Textarea(attrs={"rows": 2}),
            "next_review_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scale = RiskScale.current()
        self.fields["likelihood"].choices = _levels(scale.likelihood_levels)
        self.fields["impact"].choices = _levels(scale.impact_levels)
        self.fields["residual_likelihood"].choices = _levels(scale.likelihood_levels, blank=True)
        self.fields["residual_impact"].choices = _levels(scale.impact_levels, blank=True)
        self.fields["owner"].queryset = _active_users()
        # Only documents the user may see are offered (the service refuses the others too).
        self.fields["documents"].queryset = document_list_visible_to(user).order_by("number")
        from nonconformities.selectors import nonconformity_list_visible_to
        from objectives.selectors import objective_list_visible_to

        self.fields["nonconformities"].queryset = nonconformity_list_visible_to(user).order_by("-pk")
        self.fields["objectives"].queryset = objective_list_visible_to(user).order_by("-year", "pk")
        for name in ("documents", "nonconformities", "objectives"):
            self.fields[name].widget.attrs.update({"class": "form-select", "size": 6})

    def _post_clean(self):
        # The service checks the risk (levels within the scale, links); not the model form.
        pass


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = UserChoiceField(label=_("Owner"), queryset=_active_users(), empty_label=CHOOSE_LABEL)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _active_users()


class ActionCompleteForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    effective = forms.TypedChoiceField(
        label=_("Did it lower the risk?"),
        choices=[("", _("Not judged yet")), ("yes", _("Yes, effective")), ("no", _("No, not effective"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    evidence = forms.FileField(label=_("Evidence (optional)"), required=False)


class RatingBandForm(forms.ModelForm):
    class Meta:
        model = RatingBand
        fields = ["name", "min_score", "max_score", "colour", "requires_treatment"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def _post_clean(self):
        pass


class RiskScaleForm(forms.Form):
    likelihood_levels = forms.IntegerField(label=_("Likelihood levels"), min_value=2, max_value=10)
    impact_levels = forms.IntegerField(label=_("Impact levels"), min_value=2, max_value=10)

"""Forms of the objectives pages: parse and validate input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nonconformities.forms import clean_clause
from objectives.models import Objective
from organisation.models import Department
from qms import indicators
from qms.filters import CHOOSE_LABEL


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def _active_users():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class ObjectiveForm(forms.ModelForm):
    indicator_key = forms.ChoiceField(label=_("Indicator"), required=False)
    owner = UserChoiceField(label=_("Owner"), queryset=_active_users(), empty_label=CHOOSE_LABEL)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("code"),
        required=False,
        empty_label=_("The whole organisation"),
    )
    indicator_name = forms.CharField(
        label=_("Indicator name"),
        max_length=200,
        required=False,
        help_text=_("For a built-in indicator, leave empty to use its name."),
    )

    def clean_iso_clause(self):
        return clean_clause(self.cleaned_data.get("iso_clause"))

    class Meta:
        model = Objective
        fields = [
            "year",
            "department",
            "statement",
            "indicator_key",
            "indicator_name",
            "unit",
            "direction",
            "target",
            "threshold",
            "frequency",
            "owner",
            "iso_clause",
        ]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_key"].choices = [("", _("Entered by hand"))] + [
            (i.key, i.label) for i in indicators.indicators()
        ]
        self.fields["owner"].queryset = _active_users()
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
        self.fields["unit"].help_text = _("For example %, days, dossiers. A built-in indicator sets its own.")

    def _post_clean(self):
        # The service checks the objective (threshold side, indicator); not the model form.
        pass


class PlanItemForm(forms.Form):
    what = forms.CharField(label=_("What will be done"), widget=forms.Textarea(attrs={"rows": 2}))
    resources = forms.CharField(label=_("Resources required"), max_length=300, required=False)
    responsible = forms.CharField(label=_("Who will be responsible"), max_length=200)
    due_date = forms.DateField(
        label=_("When it will be completed"), widget=forms.DateInput(attrs={"type": "date"})
    )


class MeasurementForm(forms.Form):
    period_start = forms.ChoiceField(label=_("Period"))
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence = forms.FileField(label=_("Evidence (optional)"), required=False)

    def __init__(self, *args, objective, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        periods = [(start, end) for start, end in objective.periods() if start <= today]
        self.fields["period_start"].choices = [
            (start.isoformat(), f"{start:%d/%m/%Y} – {end:%d/%m/%Y}") for start, end in reversed(periods)
        ]

    def clean_period_start(self):
        import datetime

        return datetime.date.fromisoformat(self.cleaned_data["period_start"])


class OpenNonconformityForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department that answers it"),
        queryset=Department.objects.order_by("code"),
        required=False,
        empty_label=CHOOSE_LABEL,
    )
    description = forms.CharField(
        label=_("What happened (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

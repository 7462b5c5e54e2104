from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import CalendarException, Criterion, OfficialFormTemplate
from nonconformities.forms import spam_token_age, spam_token_new
from nonconformities.models import Nonconformity
from organisation.models import Department
from procedures.models import AdministrativeProcedure


def bootstrap(form):
    """Bootstrap 5.3 classes on the widgets (form-select, form-control)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.HiddenInput, forms.CheckboxInput)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ImportForm(BootstrapForm):
    file = forms.FileField(
        label=_("One-stop export (CSV or XLSX)"),
        help_text=_("One row per event: dossier_code, procedure_code, received_at… (see the column list)."),
    )


class PeriodForm(BootstrapForm):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    procedure = forms.ModelChoiceField(
        label=_("Procedure"),
        queryset=AdministrativeProcedure.objects.order_by("code"),
        required=False,
        to_field_name="code",
        empty_label=settings.FILTERS_EMPTY_CHOICE_LABEL,
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("code"),
        required=False,
        empty_label=settings.FILTERS_EMPTY_CHOICE_LABEL,
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start of the period is after its end."))
        if bool(data.get("start")) != bool(data.get("end")) and not self.errors:
            raise forms.ValidationError(_("Give both dates of the period, or neither."))
        return data


class CalendarExceptionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    class Meta:
        model = CalendarException
        fields = ["date", "kind", "note"]
        widgets = {"date": DateInput()}


class FormTemplateForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["rows"] = 16
        bootstrap(self)

    class Meta:
        model = OfficialFormTemplate
        fields = ["number_label", "name", "legal_basis", "body"]


class ApologyForm(BootstrapForm):
    new_due_date = forms.DateField(label=_("New date to return the result"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for the delay"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_new_due_date(self):
        value = self.cleaned_data["new_due_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The new date cannot be in the past."))
        return value


class OpenNonconformityForm(BootstrapForm):
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Nonconformity.Severity.choices, initial=Nonconformity.Severity.MINOR
    )


class LateStepForm(OpenNonconformityForm):
    procedure = forms.ModelChoiceField(
        queryset=AdministrativeProcedure.objects.all(), to_field_name="code", widget=forms.HiddenInput
    )
    step = forms.CharField(max_length=300, widget=forms.HiddenInput)
    month = forms.DateField(widget=forms.HiddenInput)


SCORE_CHOICES = [
    (5, _("5 – Very satisfied")),
    (4, _("4 – Satisfied")),
    (3, _("3 – Neutral")),
    (2, _("2 – Dissatisfied")),
    (1, _("1 – Very dissatisfied")),
]


class SurveyForm(forms.Form):
    """A 1-5 choice per question, grouped by criterion; ``website`` is the honeypot and
    ``token`` the signed time the form was shown (the feedback form's mechanism)."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        if not self.is_bound:
            self.fields["token"].initial = spam_token_new()
        bootstrap(self)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def groups(self):
        labels = dict(Criterion.choices)
        grouped = {}
        for question in self.questions:
            grouped.setdefault(question.criterion, []).append(self[f"q{question.pk}"])
        return [(labels[key], grouped[key]) for key in Criterion.values if key in grouped]

    def scores(self) -> dict:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}

    def is_spam(self) -> bool:
        if self.data.get("website"):
            return True
        return spam_token_age(self.data.get("token", "")) is None

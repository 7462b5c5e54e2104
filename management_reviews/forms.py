from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from audits.models import Clause
from management_reviews import selectors
from management_reviews.models import ReviewDecision

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BootstrapForm(forms.Form):
    """Bootstrap 5.3 classes on every widget (form-control, form-select)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def _person_label(user):
    return user.get_full_name() or user.get_username()


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _person_label(obj)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _person_label(obj)


def _active_users():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class ReviewPlanForm(BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DATE)
    chair = PersonChoiceField(label=_("Chair"), queryset=None, empty_label=_("— choose —"))
    attendees = PeopleChoiceField(
        label=_("Attendees"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = selectors.chair_candidates()
        self.fields["attendees"].queryset = _active_users()

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class CommentaryForm(BootstrapForm):
    commentary = forms.CharField(
        label=_("Commentary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConclusionsForm(BootstrapForm):
    conclusions = forms.CharField(
        label=_("Conclusions"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class DecisionForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewDecision.Kind.choices)
    description = forms.CharField(label=_("Decision and action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = PersonChoiceField(label=_("Owner"), queryset=None, empty_label=_("— choose —"))
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    clause = forms.ModelChoiceField(
        label=_("ISO 9001 clause"),
        queryset=Clause.objects.order_by("sort_key"),
        required=False,
        empty_label=_("— none —"),
        help_text=_("The clause the decision concerns, for clause traceability (optional)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _active_users()


class DecisionCloseForm(BootstrapForm):
    completion_note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(BootstrapForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Re-enter your password to sign the minutes. Signed minutes can never be changed."),
    )


class DocumentClausesForm(BootstrapForm):
    clauses = forms.ModelMultipleChoiceField(
        label=_("ISO 9001 clauses"),
        queryset=Clause.objects.order_by("sort_key"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from approvals.models import Decision, Meaning, StageMode
from documents.models import DocumentType
from organisation.models import Department
from organisation.roles import role_label
from organisation.services import SYSTEM_USERNAME


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


def _active_users():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(username=SYSTEM_USERNAME)
        .order_by("last_name", "first_name", "username")
    )


def _groups():
    # Department groups are chosen as departments; the rest are roles and other groups.
    return Group.objects.exclude(name__startswith="dept:").order_by("name")


def _group_label(group):
    return role_label(group.name)


class PasswordField(forms.CharField):
    widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your password (to sign)"))
        kwargs.setdefault(
            "help_text", _("Re-enter your password: it is your electronic signature for this decision.")
        )
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)


class SignForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.APPROVE, Decision.APPROVE.label),
            (Decision.REQUEST_CHANGES, Decision.REQUEST_CHANGES.label),
            (Decision.REJECT, Decision.REJECT.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your decision: approve, request changes or reject.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request changes or reject."),
    )
    password = PasswordField()

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision")
            and cleaned["decision"] != Decision.APPROVE
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", _("Say what must change: a comment is required unless you approve."))
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3}))
    password = PasswordField()


class RouteForm(forms.Form):
    planned_effective_date = forms.DateField(
        label=_("Planned effective date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: effective on the day the last signature is given."),
    )


class StageForm(forms.Form):
    name = forms.CharField(label=_("Stage"), max_length=120)
    meaning = forms.ChoiceField(
        label=_("Meaning"),
        choices=[(Meaning.REVIEWED, Meaning.REVIEWED.label), (Meaning.APPROVED, Meaning.APPROVED.label)],
    )
    mode = forms.ChoiceField(label=_("Who must sign"), choices=StageMode.choices)
    users = UserChoiceField(label=_("Signers"), queryset=_active_users(), required=False)
    group = forms.ModelChoiceField(label=_("or a group"), queryset=_groups(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = _active_users()
        self.fields["group"].queryset = _groups()
        self.fields["group"].label_from_instance = _group_label
        self.fields["users"].widget.attrs["size"] = 6

    def clean(self):
        cleaned = super().clean()
        if (
            self.has_changed()
            and not cleaned.get("DELETE")
            and not (cleaned.get("users") or cleaned.get("group"))
        ):
            raise forms.ValidationError(_("Name signers or a group for this stage."))
        return cleaned


StageFormSet = forms.formset_factory(StageForm, extra=1, can_delete=True, can_order=True)


class ChangeRequestForm(forms.Form):
    what = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 4}))
    why = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)


class ChangeRequestDecisionForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept: open a new draft revision")), (DECLINE, _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the request is declined."))
        return cleaned


class DistributionForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"), queryset=_groups(), required=False, widget=forms.CheckboxSelectMultiple
    )
    no_readers = forms.BooleanField(
        label=_("Nobody has to read this document"),
        required=False,
        help_text=_("No read-and-understood tasks. The decision is recorded with your name."),
    )
    reason = forms.CharField(
        label=_("Why nobody has to read it"), required=False, max_length=500, widget=forms.TextInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.order_by("code")
        self.fields["groups"].queryset = _groups()
        self.fields["groups"].label_from_instance = _group_label

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("departments") or cleaned.get("groups")
        if cleaned.get("no_readers") and chosen:
            self.add_error(
                "no_readers",
                _("Either choose who must read the document, or record that nobody has to; not both."),
            )
        elif not cleaned.get("no_readers") and not chosen and not self.errors:
            raise forms.ValidationError(
                _(
                    "Choose the departments or groups that must read this document, or tick "
                    "“Nobody has to read this document”."
                )
            )
        return cleaned


class DistributionDefaultForm(forms.Form):
    doc_type = forms.ModelChoiceField(
        label=_("Document type"),
        queryset=DocumentType.objects.order_by("code"),
        required=False,
        empty_label=_("Any type"),
    )
    department = forms.ModelChoiceField(
        label=_("Owning department"),
        queryset=Department.objects.order_by("code"),
        required=False,
        empty_label=_("Any department"),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments that must read"),
        queryset=Department.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups that must read"),
        queryset=_groups(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].queryset = DocumentType.objects.order_by("code")
        self.fields["department"].queryset = Department.objects.order_by("code")
        self.fields["departments"].queryset = Department.objects.order_by("code")
        self.fields["groups"].queryset = _groups()
        self.fields["groups"].label_from_instance = _group_label

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("departments") or cleaned.get("groups")):
            raise forms.ValidationError(_("Choose the departments or groups that must read."))
        return cleaned


class RouteTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    doc_type = forms.ModelChoiceField(
        label=_("Document type"),
        queryset=DocumentType.objects.order_by("code"),
        required=False,
        empty_label=_("Any type"),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("code"),
        required=False,
        empty_label=_("Any department"),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    one_stage_per_signer = forms.BooleanField(
        label=_("Each signer signs one stage"),
        required=False,
        initial=True,
        help_text=_(
            "Segregation of duties: in one round, a person who signed one stage cannot sign "
            "another stage of the same route."
        ),
    )

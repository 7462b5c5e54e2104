import re
import time

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from documents.forms import DocumentNumberField, DocumentNumbersField
from nonconformities.models import Nonconformity
from organisation.models import Department
from qms.filters import CHOOSE_LABEL

CLAUSE_RE = re.compile(r"^\d{1,2}(\.\d{1,2}){0,3}$")
SPAM_SALT = "nonconformities.feedback.form"


class UserChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", CHOOSE_LABEL)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def active_users():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def clean_clause(value: str) -> str:
    value = (value or "").strip()
    if value and not CLAUSE_RE.match(value):
        raise forms.ValidationError(_("Write the clause number as in the standard, e.g. 8.5.1."))
    if value and not clause_exists(value):
        raise forms.ValidationError(_("ISO 9001 has no clause %(number)s.") % {"number": value})
    return value


def clause_exists(number: str) -> bool:
    """Checked against the clause tree of the audits app when it is installed."""
    from django.apps import apps

    if not apps.is_installed("audits"):
        return True
    Clause = apps.get_model("audits", "Clause")
    return not Clause.objects.exists() or Clause.objects.filter(number=number).exists()


class NonconformityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    source = forms.ChoiceField(label=_("Source"), choices=Nonconformity.Source.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.order_by("code"), empty_label=CHOOSE_LABEL
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Nonconformity.Severity.choices)
    date_detected = forms.DateField(label=_("Date detected"), widget=DateInput())
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    iso_clause = forms.CharField(
        label=_("ISO 9001 clause"), max_length=20, required=False, help_text=_("For example 8.5.1")
    )
    process = forms.CharField(label=_("Process concerned"), max_length=200, required=False)
    documents = DocumentNumbersField(
        label=_("Documents concerned"),
        required=False,
        help_text=_("Their numbers, separated by commas (e.g. QT-VP-01, HD-TC-02)."),
    )
    owner = UserChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        help_text=_("Who answers it. Empty: the head of the department."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].for_user(user)
        self.fields["owner"].queryset = active_users()
        if not user.has_perm("nonconformities.manage_nonconformities"):
            del self.fields["owner"]

    def clean_iso_clause(self):
        return clean_clause(self.cleaned_data.get("iso_clause"))


class ContainForm(forms.Form):
    containment = forms.CharField(
        label=_("Containment"),
        widget=forms.Textarea,
        help_text=_("What was done at once to control the nonconformity."),
    )
    correction = forms.CharField(label=_("Correction"), widget=forms.Textarea, required=False)
    consequences = forms.CharField(label=_("Consequences handled"), widget=forms.Textarea, required=False)


class AnalysisForm(forms.Form):
    why_1 = forms.CharField(label=_("Why? (1)"), max_length=500, required=False)
    why_2 = forms.CharField(label=_("Why? (2)"), max_length=500, required=False)
    why_3 = forms.CharField(label=_("Why? (3)"), max_length=500, required=False)
    why_4 = forms.CharField(label=_("Why? (4)"), max_length=500, required=False)
    why_5 = forms.CharField(label=_("Why? (5)"), max_length=500, required=False)
    cause_categories = forms.MultipleChoiceField(
        label=_("Cause categories"),
        choices=Nonconformity.CauseCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    root_cause = forms.CharField(label=_("Root cause"), widget=forms.Textarea)

    @classmethod
    def initial_from(cls, nonconformity):
        initial = {f"why_{i}": why for i, why in enumerate(nonconformity.five_whys[:5], start=1)}
        initial["cause_categories"] = nonconformity.cause_categories
        initial["root_cause"] = nonconformity.root_cause
        return initial

    def five_whys(self):
        return [self.cleaned_data.get(f"why_{i}", "") for i in range(1, 6)]


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Corrective action"), widget=forms.Textarea)
    owner = UserChoiceField(label=_("Owner"), queryset=None)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    document = DocumentNumberField(
        label=_("Controlled document to change"),
        required=False,
        help_text=_(
            "Its number (e.g. QT-VP-01). If the action changes a controlled document, a change "
            "request is opened on it."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = active_users()
        self.fields["document"].for_user(user)


class CompleteActionForm(forms.Form):
    note = forms.CharField(label=_("What was done (evidence)"), widget=forms.Textarea)
    evidence = forms.FileField(label=_("Evidence file"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)


class VerifyForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            ("effective", _("Effective: close the nonconformity")),
            ("not_effective", _("Not effective: plan again")),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Evidence of effectiveness"), widget=forms.Textarea)
    evidence = forms.FileField(label=_("Evidence file"), required=False)


class AssignForm(forms.Form):
    owner = UserChoiceField(label=_("Owner"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = active_users()


def spam_token_new() -> str:
    return signing.dumps({"t": time.time()}, salt=SPAM_SALT)


def spam_token_age(token: str) -> float | None:
    """Seconds since the form was shown, or None if the token is forged or too old."""
    max_age = settings_value("MAX_FORM_AGE", 4 * 3600)
    try:
        data = signing.loads(token or "", salt=SPAM_SALT, max_age=max_age)
        age = time.time() - float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return age if age <= max_age else None


def settings_value(name, default):
    return getattr(settings, f"QMS_FEEDBACK_{name}", default)


class FeedbackForm(forms.Form):
    """The public form. ``website`` is a honeypot: hidden from people, filled by bots.
    ``token`` is signed when the form is shown; a forged or stale one is refused."""

    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("Phone or e-mail (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only if you want us to contact you."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=pgettext_lazy("feedback", "Message"), widget=forms.Textarea, max_length=5000
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["token"].initial = spam_token_new()
        limit = settings_value("MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024)
        self.fields["attachment"].help_text = _("PDF, DOCX, ODT, XLSX, PNG or JPEG, up to %(limit)s MB.") % {
            "limit": round(limit / 1048576, 1)
        }

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment is not None and attachment.size > settings_value(
            "MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024
        ):
            limit = settings_value("MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024)
            raise forms.ValidationError(
                _("The file is too large; the limit is %(limit)s MB.") % {"limit": round(limit / 1048576, 1)}
            )
        return attachment

    def is_spam(self) -> bool:
        """Call after is_valid(): a filled honeypot, or a forged, missing or stale token.
        A browser always sends the token back, whatever the person did; speed is not
        judged here (autofill and paste fill a form in a second), see ``filled_fast``."""
        if self.data.get("website"):
            return True
        return spam_token_age(self.data.get("token", "")) is None

    def filled_fast(self) -> bool:
        """Sent back sooner than ``QMS_FEEDBACK_MIN_FILL_SECONDS``: only logged, never refused."""
        age = spam_token_age(self.data.get("token", ""))
        return age is not None and age < settings_value("MIN_FILL_SECONDS", 3)


class FeedbackStatusForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=40)


class FeedbackAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea,
        help_text=_("Shown to the sender on the public status page."),
    )


class FeedbackOpenForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.order_by("code"), empty_label=CHOOSE_LABEL
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Nonconformity.Severity.choices)
    owner = UserChoiceField(
        label=_("Owner"), queryset=None, required=False, help_text=_("Empty: the head of the department.")
    )
    iso_clause = forms.CharField(label=_("ISO 9001 clause"), max_length=20, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = active_users()

    def clean_iso_clause(self):
        return clean_clause(self.cleaned_data.get("iso_clause"))

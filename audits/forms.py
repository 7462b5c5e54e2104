from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audits import selectors
from audits.models import Audit, ChecklistItem, ChecklistTemplate, Clause, Finding, ProgrammeItem
from audits.services import validate_plan
from documents.forms import DocumentNumberField, DocumentNumbersField
from organisation.models import Department
from qms.filters import CHOOSE_LABEL, YEAR_MAX, YEAR_MIN


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class ClauseMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, clause):
        return f"{clause.number} {clause.title}"


class ClauseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, clause):
        return f"{clause.number} {clause.title}"


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a scrolling box, grouped under headings when the choices are grouped,
    with a search field that audits/static/audits/choice_filter.js shows and wires up (it
    hides the boxes whose label does not contain what is typed, accents ignored). Without
    JavaScript they are plain checkboxes: nothing hidden, nothing lost."""

    template_name = "audits/widgets/filterable_checkboxes.html"

    def __init__(self, *args, search_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.search_label = search_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_label"] = self.search_label
        return context

    def id_for_label(self, id_, index=None):
        # The field's <label> names the whole box (a fieldset legend does), not the first box.
        return id_ if index is None else super().id_for_label(id_, index)


def clause_groups(clauses) -> list:
    """[(top-level clause "7 Support", [(pk, "7.1.5 Monitoring..."), ...]), ...] in clause order."""
    tops, groups = {}, {}
    for clause in clauses:
        top = clause.number.split(".")[0]
        if clause.parent_id is None:
            tops[top] = clause
        groups.setdefault(top, []).append((clause.pk, f"{clause.number} {clause.title}"))
    return [(str(tops[top]) if top in tops else top, options) for top, options in groups.items()]


class AuditPlanForm(forms.Form):
    """The audit plan. Impartiality and the Auditor group are checked by the same rule
    the service applies (``validate_plan``), so the form shows the same message."""

    # "Title" alone is translated for documents ("Tên tài liệu"); an audit has its own.
    title = forms.CharField(label=pgettext_lazy("audit", "Audit title"), max_length=300)
    departments = forms.ModelMultipleChoiceField(
        label=_("Audited departments"),
        queryset=Department.objects.order_by("code"),
        widget=FilterableCheckboxes(search_label=_("Filter the departments")),
        help_text=_("Tick every department the audit visits. Nobody audits a department they belong to."),
    )
    processes = forms.CharField(
        label=_("Processes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    clauses = ClauseMultipleChoiceField(
        label=_("ISO 9001 clauses"),
        queryset=Clause.objects.order_by("sort_key"),
        required=False,
        widget=FilterableCheckboxes(search_label=_("Filter the clauses")),
        help_text=_(
            "Type a number or a word to find a clause (e.g. 7.5 or documented). None ticked: all clauses."
        ),
    )
    documents = DocumentNumbersField(
        label=_("Documents"),
        required=False,
        help_text=_(
            "The numbers of the procedures and instructions the auditors will check, separated by "
            "commas (e.g. QT-VP-01, HD-TC-02)."
        ),
    )
    criteria = forms.CharField(
        label=_("Audit criteria"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())
    team = UserMultipleChoiceField(
        label=_("Audit team"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=FilterableCheckboxes(search_label=_("Filter the auditors")),
        help_text=_("Auditors besides the lead auditor."),
    )
    auditee_contacts = UserMultipleChoiceField(
        label=_("Auditee contacts"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=FilterableCheckboxes(search_label=_("Filter the people")),
        help_text=_("Who the auditors arrange the visit with in the audited departments."),
    )
    checklist_template = forms.ModelChoiceField(
        label=_("Question bank (checklist template)"),
        queryset=ChecklistTemplate.objects.order_by("title"),
        required=False,
        empty_label=_("— none: add questions later —"),
    )

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only documents the planner may see: a confidential or unpublished number is
        # refused like a missing one (issue 10, D7); no list of every document (issue 12).
        self.fields["documents"].for_user(user)
        auditors = selectors.auditor_candidates()
        self.fields["lead_auditor"] = forms.ModelChoiceField(
            label=_("Lead auditor"), queryset=auditors, empty_label=CHOOSE_LABEL
        )
        self.fields["lead_auditor"].label_from_instance = _auditor_label
        self.fields["team"].queryset = auditors
        self.fields["team"].label_from_instance = _auditor_label
        self.fields["auditee_contacts"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )
        if editing:
            del self.fields["checklist_template"]
        else:
            self.fields["checklist_template"].help_text = _(
                "Copies the questions of a question bank into this audit's checklist."
            )
        self.fields["clauses"].widget.choices = clause_groups(self.fields["clauses"].queryset)
        for field in self.fields.values():
            if not isinstance(field.widget, FilterableCheckboxes):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)
        self.order_fields(
            [
                "title",
                "departments",
                "planned_start",
                "planned_end",
                "lead_auditor",
                "team",
                "auditee_contacts",
                "processes",
                "clauses",
                "documents",
                "criteria",
                "objectives",
                "checklist_template",
            ]
        )

    def clean(self):
        data = super().clean()
        try:
            validate_plan(
                departments=data.get("departments") or [],
                lead_auditor=data.get("lead_auditor"),
                team=list(data.get("team") or []),
                planned_start=data.get("planned_start"),
                planned_end=data.get("planned_end"),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    if field not in self.errors or message not in self.errors[field]:
                        self.add_error(field if field in self.fields else None, message)
        return data

    def unqualified(self) -> list:
        data = self.cleaned_data
        people = [data["lead_auditor"], *data.get("team", [])]
        return selectors.unqualified_auditors(people)


def _auditor_label(user):
    name = user.get_full_name() or user.username
    record = getattr(user, "auditor_qualification", None)
    if record is None or not record.qualified:
        return "{} ({})".format(name, _("not qualified"))
    return name


def audit_plan_initial(audit: Audit) -> dict:
    return {
        "title": audit.title,
        "departments": list(audit.departments.all()),
        "processes": audit.processes,
        "clauses": list(audit.clauses.all()),
        "documents": list(audit.documents.all()),
        "criteria": audit.criteria,
        "objectives": audit.objectives,
        "planned_start": audit.planned_start,
        "planned_end": audit.planned_end,
        "lead_auditor": audit.lead_auditor,
        "team": list(audit.team.all()),
        "auditee_contacts": list(audit.auditee_contacts.all()),
    }


class AnswerForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=ChecklistItem.Result.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Evidence notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=_("Photo or file"))


class ChecklistItemAddForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    clause = ClauseChoiceField(
        label=_("Clause"), queryset=Clause.objects.order_by("sort_key"), required=False
    )


class FindingForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Finding.Category.choices)
    clause = ClauseChoiceField(label=_("Clause"), queryset=Clause.objects.order_by("sort_key"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    statement = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Audit evidence"), widget=forms.Textarea(attrs={"rows": 3}))
    corrects = forms.ModelChoiceField(
        label=_("Corrects finding"), queryset=Finding.objects.none(), required=False
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = audit.departments.order_by("code")
        current = selectors.current_findings(audit).order_by("sequence")
        self.fields["corrects"].queryset = current
        self.fields["corrects"].label_from_instance = lambda f: f"{f.reference} {f.get_category_display()}"
        if audit.is_frozen:
            self.fields["corrects"].required = True
            self.fields["corrects"].help_text = _(
                "The audit is reported: a new finding corrects an earlier one."
            )
        else:
            del self.fields["corrects"]


class ReportDraftForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))


class ReportIssueForm(ReportDraftForm):
    password = forms.CharField(
        label=_("Your password (electronic signature)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgrammeItemForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.order_by("code"))
    process = forms.CharField(label=_("Process"), max_length=200, required=False)
    clauses = ClauseMultipleChoiceField(
        label=_("Clauses"),
        queryset=Clause.objects.order_by("sort_key"),
        required=False,
        help_text=_("Leave empty to cover every clause."),
    )
    importance = forms.ChoiceField(label=_("Importance"), choices=ProgrammeItem.Importance.choices)
    past_result = forms.ChoiceField(
        label=_("Result of previous audits"), choices=ProgrammeItem.PastResult.choices
    )
    frequency = forms.IntegerField(
        label=_("Audits per year"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Leave empty to use the suggestion from importance and past results."),
    )


class ChecklistTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChecklistQuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    clause = ClauseChoiceField(
        label=_("Clause"), queryset=Clause.objects.order_by("sort_key"), required=False
    )
    document = DocumentNumberField(
        label=_("Controlled document"), required=False, help_text=_("Its number, e.g. QT-VP-01.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].for_user(user)


class QualificationForm(forms.Form):
    qualified = forms.BooleanField(label=_("Qualified"), required=False)
    training_date = forms.DateField(label=_("Training date"), required=False, widget=DateInput())
    training_course = forms.CharField(label=_("Training course"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from procedures.models import AdministrativeProcedure, DossierComponent, ProcedureFee, ProcedureStep
from procedures.selectors import document_choices
from procedures.services import COMPONENT_FIELDS, FEE_FIELDS, PROCEDURE_FIELDS, STEP_FIELDS

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


class ProcedureForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AdministrativeProcedure
        fields = [*PROCEDURE_FIELDS, "legal_basis"]
        widgets = dict.fromkeys(
            ("applicants", "result", "requirements", "legal_basis_text", "internal_notes"), TEXTAREA
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].queryset = document_choices(external=True)
        self.fields["internal_procedure"].queryset = document_choices(external=False)
        self.fields["legal_basis"].widget.attrs["size"] = 6
        self._style()


class _ChildForm(BootstrapMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "form" in self.fields:
            self.fields["form"].queryset = document_choices(external=False)
        self._style()


ComponentFormSet = inlineformset_factory(
    AdministrativeProcedure,
    DossierComponent,
    form=_ChildForm,
    fields=COMPONENT_FIELDS,
    extra=2,
    can_delete=True,
)
FeeFormSet = inlineformset_factory(
    AdministrativeProcedure,
    ProcedureFee,
    form=_ChildForm,
    fields=FEE_FIELDS,
    extra=1,
    can_delete=True,
    widgets={"exemptions": forms.TextInput()},
)
StepFormSet = inlineformset_factory(
    AdministrativeProcedure, ProcedureStep, form=_ChildForm, fields=STEP_FIELDS, extra=2, can_delete=True
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("The columns of the export: Mã TTHC, Tên thủ tục, Lĩnh vực …"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx"})

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def import_roots() -> list[Path]:
    return [Path(p).resolve() for p in getattr(settings, "TRANSFER_IMPORT_ROOTS", [])]


class ImportForm(forms.Form):
    archive = forms.FileField(label=_("ZIP archive"), required=False)
    folder = forms.CharField(
        label=_("or a folder on the server"),
        required=False,
        help_text=_("A path under one of the folders the administrator allowed for imports."),
    )
    master_list = forms.FileField(label=_("Master list (XLSX or CSV, optional)"), required=False)

    def clean_folder(self):
        folder = self.cleaned_data["folder"].strip()
        if not folder:
            return ""
        path = Path(folder).resolve()
        if not any(path == root or root in path.parents for root in import_roots()):
            raise forms.ValidationError(_("This folder is not under an allowed import folder."))
        if not path.is_dir():
            raise forms.ValidationError(_("This folder does not exist."))
        return str(path)

    def clean_master_list(self):
        upload = self.cleaned_data.get("master_list")
        if upload and Path(upload.name).suffix.lower() not in {".xlsx", ".csv"}:
            raise forms.ValidationError(_("The master list must be an .xlsx or .csv file."))
        return upload

    def clean(self):
        data = super().clean()
        if bool(data.get("archive")) == bool(data.get("folder")):
            raise forms.ValidationError(_("Give either a ZIP archive or a server folder."))
        return data

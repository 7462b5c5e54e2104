"""Reference rows of the dossiers app: the one-stop forms in force and a general survey.

They are data, put back after every migrate and flush (``qms.reference_data``) only when
missing: an officer's edits (a new number label when the circular changes) stay."""

from qms.reference_data import reference_data_register


def register():
    reference_data_register(reference_rows_ensure)


def reference_rows_ensure():
    from dossiers.defaults import default_forms_ensure, default_survey_ensure

    default_forms_ensure()
    default_survey_ensure()

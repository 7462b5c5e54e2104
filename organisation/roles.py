"""The roles and what each may do: the one declaration.

A role is an auth group; code asks ``user.has_perm("app.codename")``, never a group name.
This table is the whole answer to "who may do what" across the registers, so an auditor
reads it in one place. ``organisation.services.roles_sync`` creates the groups and gives
them these permissions after every ``migrate`` and flush (post_migrate). It only adds: a
permission an administrator gave a role by hand stays.

Permission names are data ("app_label.codename"): naming a higher app's permission here
imports nothing from it. ``tests/organisation/test_roles.py`` checks that each one exists.
"""

from django.utils.translation import pgettext_lazy


class Role:
    """Group names (stored, English, stable); people see ``role_label(name)``."""

    OFFICER = "QMS officer"
    APPROVER = "Approver"
    AUTHOR = "Author"
    AUDITOR = "Auditor"
    STAFF = "Staff"
    HEAD = "Head of the organisation"
    ALL = (OFFICER, APPROVER, AUTHOR, AUDITOR, STAFF, HEAD)


ROLE_LABELS = {
    Role.OFFICER: pgettext_lazy("role", "QMS officer"),
    Role.APPROVER: pgettext_lazy("role", "Approver"),
    Role.AUTHOR: pgettext_lazy("role", "Author"),
    Role.AUDITOR: pgettext_lazy("role", "Auditor"),
    Role.STAFF: pgettext_lazy("role", "Staff"),
    Role.HEAD: pgettext_lazy("role", "Head of the organisation"),
}


def role_label(group_name: str) -> str:
    """A group as people read it: a role by its translated name, any other group (one an
    administrator made) by its own name."""
    return str(ROLE_LABELS.get(group_name, group_name))


ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.OFFICER: (
        # documents: the register, every status, confidential documents, history
        "documents.register_document",
        "documents.change_document",
        "documents.view_confidential_document",
        "documents.add_documentversion",
        "documents.change_documentversion",
        "documents.submit_version",
        "documents.approve_version",
        "documents.publish_version",
        "documents.withdraw_version",
        "documents.view_historical_version",
        "documents.view_unapproved_version",
        "documents.view_historicaldocument",
        "documents.view_historicaldocumentversion",
        # approvals: routes, change requests, distribution
        "approvals.manage_routes",
        "approvals.decide_change_request",
        "approvals.manage_distribution",
        # audits
        "audits.view_all_audits",
        "audits.plan_audit",
        "audits.close_audit",
        "audits.manage_auditor_qualification",
        # nonconformities and citizen feedback
        "nonconformities.view_all_nonconformities",
        "nonconformities.manage_nonconformities",
        "nonconformities.verify_nonconformity",
        "nonconformities.triage_feedback",
        # procedures: the catalogue of administrative procedures and its public pages
        "procedures.manage_procedures",
        "procedures.view_historicaladministrativeprocedure",
        # dossiers: import, applicants' data, working calendar, satisfaction results
        "dossiers.manage_dossiers",
        "dossiers.view_all_dossiers",
        "dossiers.view_survey_results",
        # objectives and risks: set objectives, keep the risk register and its rating bands
        "objectives.manage_objectives",
        "objectives.view_all_objectives",
        "risks.manage_risks",
        "risks.view_all_risks",
        # renditions: controlled copies and the access log
        "renditions.add_controlledcopy",
        "renditions.view_controlledcopy",
        "renditions.retrieve_controlledcopy",
        "renditions.view_accessevent",
        # reviews: record the periodic review of any document
        "reviews.record_any_review",
        "reviews.view_periodicreview",
        "reviews.view_historicalperiodicreview",
        # management_reviews: plan and prepare the review, record its decisions
        "management_reviews.view_all_management_reviews",
        "management_reviews.manage_management_reviews",
        "management_reviews.view_historicalmanagementreview",
        # reminders: failed deliveries, and the beat schedule in the admin
        "reminders.view_delivery_failures",
        "reminders.view_reminder",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        "django_celery_beat.view_crontabschedule",
        "django_celery_beat.add_crontabschedule",
        "django_celery_beat.change_crontabschedule",
        "django_celery_beat.view_intervalschedule",
    ),
    Role.APPROVER: (
        "documents.approve_version",
        "documents.view_unapproved_version",
        "nonconformities.view_all_nonconformities",
        # management (the head of the organisation signs as an approver) reads every
        # objective and risk
        "objectives.view_all_objectives",
        "risks.view_all_risks",
        "dossiers.view_all_dossiers",
        "dossiers.view_survey_results",
    ),
    Role.AUTHOR: (
        "documents.add_documentversion",
        "documents.submit_version",
    ),
    Role.AUDITOR: (
        "documents.view_historical_version",
        "audits.view_all_audits",
        "audits.plan_audit",
        "nonconformities.view_all_nonconformities",
        "nonconformities.verify_nonconformity",
    ),
    Role.STAFF: (),
    # management_reviews: the head chairs the review (9.3) and signs its minutes
    Role.HEAD: (
        "management_reviews.view_all_management_reviews",
        "management_reviews.chair_management_review",
    ),
}

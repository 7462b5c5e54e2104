"""Reminders before an audit (through the reminders engine, when it is installed).

Each person concerned (lead auditor, team, audited departments' heads, auditee contacts)
is reminded of a planned audit a week before it starts and again the day before; the
due key carries the start date and the step, so a moved audit is reminded again.
"""

import datetime
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

REMIND_DAYS_BEFORE = (7, 1)


def upcoming_audits(today: datetime.date):
    from audits.models import Audit
    from audits.workflow import AuditStatus
    from reminders.registry import DueEvent

    horizon = today + datetime.timedelta(days=max(REMIND_DAYS_BEFORE))
    audits = list(
        Audit.objects.filter(
            status=AuditStatus.PLANNED, planned_start__gte=today, planned_start__lte=horizon
        ).values("pk", "reference", "title", "planned_start", "lead_auditor_id")
    )
    if not audits:
        return
    ids = [a["pk"] for a in audits]
    people = defaultdict(set)
    for audit_id, user_id in Audit.team.through.objects.filter(audit_id__in=ids).values_list(
        "audit_id", "user_id"
    ):
        people[audit_id].add(user_id)
    for audit_id, user_id in Audit.auditee_contacts.through.objects.filter(audit_id__in=ids).values_list(
        "audit_id", "user_id"
    ):
        people[audit_id].add(user_id)
    heads = Audit.departments.through.objects.filter(audit_id__in=ids, department__head__isnull=False)
    for audit_id, user_id in heads.values_list("audit_id", "department__head_id"):
        people[audit_id].add(user_id)
    for audit in audits:
        days_left = (audit["planned_start"] - today).days
        step = min(d for d in REMIND_DAYS_BEFORE if d >= days_left)
        start = audit["planned_start"]
        for user_id in sorted(people[audit["pk"]] | {audit["lead_auditor_id"]}):
            yield DueEvent(
                model=Audit,
                object_id=audit["pk"],
                due_key=f"{start.isoformat()}:d{step}",
                recipient_id=user_id,
                due_date=start,
                context={
                    "reference": audit["reference"],
                    "title": audit["title"],
                    "start": start.strftime("%d/%m/%Y"),
                },
                url=f"/audits/{audit['pk']}/",
            )


def register_kinds():
    from reminders.registry import register

    register(
        "audit_upcoming",
        upcoming_audits,
        subject=_("Internal audit %(reference)s starts on %(start)s"),
        message=_(
            "Internal audit %(reference)s (%(title)s) starts on %(start)s. The audit plan is in the QMS."
        ),
        label=_("Planned audits starting within a week"),
    )

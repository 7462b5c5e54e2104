"""The audit report as a PDF, through the shared rendering service (renditions.rendering)."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audits import selectors


def report_context(*, audit, report) -> dict:
    findings = list(selectors.finding_list_for(audit))
    current = [f for f in findings if not f.corrections.all()]
    return {
        "audit": audit,
        "report": report,
        "departments": list(audit.departments.all()),
        "clauses": list(audit.clauses.all()),
        "documents": list(audit.documents.all()),
        "team": list(audit.team.all()),
        "findings": findings,
        "grouped": selectors.findings_by_clause_and_department(current),
        "counts": selectors.finding_counts(current),
    }


def report_pdf(*, audit, report, language: str | None = None) -> bytes:
    """Render the report; the caller holds the audit lock when issuing it."""
    from renditions.rendering import ControlledHeader, Manifest, Signatory, render_controlled_pdf

    with translation.override(language or translation.get_language()):
        html = render_to_string("audits/pdf/report.html", report_context(audit=audit, report=report))
        signed_at = timezone.localtime(report.issued_at) if report.issued_at else None
        lead = audit.lead_auditor
        return render_controlled_pdf(
            html_body=html,
            header=ControlledHeader(
                number=audit.reference,
                title=_("Internal audit report"),
                printed_on=timezone.localdate(report.issued_at) if report.issued_at else timezone.localdate(),
            ),
            manifest=Manifest(
                signatures=[
                    Signatory(
                        meaning=_("Issued by (lead auditor)"),
                        name=lead.get_full_name() or lead.username,
                        role=_("Lead auditor"),
                        signed_at=signed_at,
                    )
                ],
                position="end",
            )
            if report.issued_at
            else None,
            trusted=True,
        )

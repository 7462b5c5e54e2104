"""The one-stop forms of a dossier as PDFs, through the shared rendering service
(renditions): the handling-control slip and the apology / new-date letter. Their text,
title and number label come from ``OfficialFormTemplate`` rows that officers edit."""

import datetime

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import OfficialFormTemplate, Outcome
from dossiers.services import form_body_html


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def _template(key) -> OfficialFormTemplate:
    template = OfficialFormTemplate.objects.filter(key=key).first()
    if template is None:
        raise Http404("No such form template.")
    return template


def _values(dossier, *, applicant: bool) -> dict:
    return {
        "dossier_code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "department": dossier.department.name,
        "organisation": settings.QMS_ORGANISATION_NAME,
        "applicant_name": dossier.applicant_name if applicant else "",
        "received_at": _moment(dossier.received_at),
        "due_at": _moment(dossier.due_at),
        "deadline_at": _moment(dossier.deadline_at),
        "returned_at": _moment(dossier.returned_at),
        "today": timezone.localdate().strftime("%d/%m/%Y"),
    }


def _render(template, body, dossier) -> bytes:
    from renditions.rendering import ControlledHeader, render_controlled_pdf

    html = render_to_string(
        "dossiers/pdf/form.html", {"template": template, "body": body, "dossier": dossier}
    )
    return render_controlled_pdf(
        html_body=html,
        header=ControlledHeader(
            number=template.number_label,
            title=template.name,
            status_label=dossier.code,
            printed_on=timezone.localdate(),
        ),
        trusted=True,  # our template; the officers' text is escaped by form_body_html
    )


def control_slip_pdf(dossier, *, applicant: bool) -> bytes:
    """Caller has checked that the user may see ``dossier``."""
    template = _template("control_slip")
    steps = list(dossier.steps.select_related("department").order_by("started_at", "pk"))
    table = render_to_string("dossiers/pdf/steps_table.html", {"steps": steps})
    body = form_body_html(template, _values(dossier, applicant=applicant), trusted={"steps_table": table})
    return _render(template, body, dossier)


def apology_letter_pdf(dossier, *, applicant: bool, new_due_date: datetime.date, reason: str) -> bytes:
    """Only for a late dossier (returned late or still open past its deadline)."""
    late = dossier.outcome == Outcome.LATE or (
        dossier.returned_at is None and dossier.deadline_at < timezone.now()
    )
    if not late:
        raise Http404(_("This dossier is not late."))
    template = _template("apology_letter")
    values = _values(dossier, applicant=applicant)
    values.update(new_due_date=new_due_date.strftime("%d/%m/%Y"), reason=reason)
    return _render(template, form_body_html(template, values), dossier)


def receipt_pdf(dossier, *, applicant: bool, survey_url: str) -> bytes:
    """The receipt (giấy tiếp nhận và hẹn trả kết quả) with the QR code of the dossier's
    satisfaction survey (unguessable token; one answer per dossier)."""
    from renditions.rendering import ControlledHeader, render_controlled_pdf

    template = _template("receipt")
    body = form_body_html(template, _values(dossier, applicant=applicant))
    html = render_to_string(
        "dossiers/pdf/form.html",
        {"template": template, "body": body, "dossier": dossier, "survey_url": survey_url},
    )
    return render_controlled_pdf(
        html_body=html,
        header=ControlledHeader(
            number=template.number_label,
            title=template.name,
            status_label=dossier.code,
            printed_on=timezone.localdate(),
        ),
        status_url=survey_url,
        trusted=True,
    )

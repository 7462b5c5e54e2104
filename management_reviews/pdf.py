"""The minutes of a management review as a PDF, through the shared rendering service."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _


def minutes_pdf(review, *, signed: bool = False) -> bytes:
    """Render the minutes. ``signed``: the chair's signature goes in the manifest (the
    caller, signing, holds the review lock and has set ``signed_at``); otherwise the
    minutes carry a DRAFT watermark."""
    from management_reviews.selectors import decision_list_for, section_rows
    from management_reviews.workflow import ManagementReviewStatus
    from renditions.rendering import ControlledHeader, Manifest, Signatory, render_controlled_pdf

    html = render_to_string(
        "management_reviews/pdf/minutes.html",
        {
            "review": review,
            "sections": section_rows(review),
            "decisions": list(decision_list_for(review)),
            "attendees": list(review.attendees.order_by("last_name", "first_name", "username")),
        },
    )
    chair = review.chair
    manifest = None
    if signed:
        manifest = Manifest(
            signatures=[
                Signatory(
                    meaning=_("Approved by (chair)"),
                    name=chair.get_full_name() or chair.get_username(),
                    role=_("Head of the organisation"),
                    signed_at=timezone.localtime(review.signed_at),
                )
            ],
            position="end",
        )
    return render_controlled_pdf(
        html_body=html,
        header=ControlledHeader(
            number=review.number,
            title=_("Minutes of the management review"),
            # Signing renders the minutes before the status is saved: they are signed minutes.
            status_label=str(ManagementReviewStatus.SIGNED.label if signed else review.get_status_display()),
            printed_on=timezone.localdate(review.signed_at) if review.signed_at else timezone.localdate(),
        ),
        watermark=None if signed else _("DRAFT"),
        manifest=manifest,
        trusted=True,  # our own template, every value escaped
    )


def clause_matrix_pdf(rows, *, readiness: bool) -> bytes:
    """The clause matrix (or only the clauses not ready) in the controlled layout, landscape.
    ``rows`` come from management_reviews.traceability for the requesting user."""
    from renditions.rendering import ControlledHeader, render_controlled_pdf

    html = render_to_string(
        "management_reviews/pdf/clause_matrix.html", {"rows": rows, "readiness": readiness}
    )
    title = (
        _("ISO 9001 readiness: clauses to look at") if readiness else _("ISO 9001 clause traceability matrix")
    )
    return render_controlled_pdf(
        html_body=html,
        header=ControlledHeader(title=title, printed_on=timezone.localdate()),
        landscape=True,
        trusted=True,
    )

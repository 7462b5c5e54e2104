"""PDF of one nonconformity record, through the shared rendering service (renditions)."""

from django.template.loader import render_to_string
from django.utils import timezone


def available() -> bool:
    try:
        from renditions import rendering  # noqa: F401
    except ImportError:
        return False
    return True


def nonconformity_pdf(nonconformity, *, request=None) -> bytes:
    """Caller has checked that the user may see ``nonconformity`` (selectors)."""
    from renditions.rendering import ControlledHeader, Manifest, Signatory, render_controlled_pdf

    actions = list(nonconformity.actions.select_related("owner", "document").order_by("due_date", "pk"))
    verifications = list(nonconformity.verifications.select_related("verifier"))
    html = render_to_string(
        "nonconformities/pdf/record.html",
        {"nc": nonconformity, "actions": actions, "verifications": verifications},
        request=request,
    )
    signatures = [
        Signatory(
            meaning=str(v.get_result_display()),
            name=v.verifier.get_full_name() or v.verifier.get_username(),
            signed_at=v.verified_at,
            comment=v.notes[:300],
        )
        for v in verifications
    ]
    return render_controlled_pdf(
        html_body=html,
        header=ControlledHeader(
            number=nonconformity.number,
            title=nonconformity.title,
            status_label=str(nonconformity.get_status_display()),
            printed_on=timezone.localdate(),
        ),
        manifest=Manifest(signatures=signatures, position="end") if signatures else None,
        trusted=True,  # our own template, every value escaped
    )

"""Reads of the transfer app (officer pages only; the views check the officer)."""

from django.db.models import Count

from transfer.models import ImportedVersion

WAITING = [ImportedVersion.Conversion.PENDING, ImportedVersion.Conversion.FAILED]


def batch_conversions(batch, *, listed: int = 50) -> dict:
    """Legacy originals of a batch by conversion state, and the first ones still waiting
    (pending: LibreOffice absent or not run yet; failed: with the reason)."""
    counts = dict(
        ImportedVersion.objects.filter(batch=batch)
        .exclude(conversion=ImportedVersion.Conversion.NOT_NEEDED)
        .values_list("conversion")
        .annotate(n=Count("pk"))
        .order_by()
    )
    waiting = (
        ImportedVersion.objects.filter(batch=batch, conversion__in=WAITING)
        .select_related("version__document")
        .order_by("version__document__number", "version__revision")[:listed]
    )
    return {"counts": counts, "waiting": list(waiting), "total": sum(counts.values())}

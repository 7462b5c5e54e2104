"""Where renditions plugs into the documents lifecycle (documents.services.LIFECYCLE_HOOKS):
a version's controlled PDFs are built in a worker when it is approved and again when it
becomes effective; when a version stops being effective, whoever issued its controlled
copies still out is told to retrieve them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renditions.models import ControlledCopy

SUBJECT = _("Retrieve %(count)s controlled copies of %(number)s rev. %(revision)s")
MESSAGE = _(
    "%(number)s revision %(revision)s is no longer effective (%(status)s). %(count)s controlled "
    "copies you issued are still out: %(holders)s. Retrieve them and record the retrieval."
)


def copies_to_retrieve_notify(*, version) -> int:
    """Notify each issuer of copies of ``version`` still out; returns the copies counted.
    Runs inside the lifecycle service's transaction, so e-mails leave only on commit."""
    from notifications.services import notify

    out = ControlledCopy.objects.filter(version=version, retrieved_at=None).select_related(
        "holder", "issued_by"
    )
    by_issuer: dict[int, list[ControlledCopy]] = {}
    for copy in out:
        by_issuer.setdefault(copy.issued_by_id, []).append(copy)
    url = reverse("renditions:copy_list") + "?state=to_retrieve"
    for copies in by_issuer.values():
        notify(
            recipient=copies[0].issued_by,
            kind="controlled_copies_to_retrieve",
            subject=SUBJECT,
            message=MESSAGE,
            url=url,
            context={
                "count": len(copies),
                "number": version.document.number,
                "revision": version.revision_label,
                "status": version.get_status_display(),
                "holders": "; ".join(f"{copy.number}: {copy.holder_display}" for copy in copies),
            },
        )
    return sum(len(copies) for copies in by_issuer.values())


def controlled_pdfs_enqueue(*, version, while_status: str | None = None) -> None:
    """Once the version's transaction commits, a worker builds its controlled PDF in each
    language, so a reader's request finds it cached and only stamps it. With
    ``while_status``, only if the version still has that status at commit. Off with
    ``QMS_RENDITION_BUILD_ON_EFFECTIVE = False`` (the tests turn it off by default)."""
    from django.conf import settings
    from django.db import transaction

    if not getattr(settings, "QMS_RENDITION_BUILD_ON_EFFECTIVE", True):
        return

    def enqueue():
        from documents.models import DocumentVersion
        from renditions.tasks import rendition_prebuild_task

        if while_status and not DocumentVersion.objects.filter(pk=version.pk, status=while_status).exists():
            return
        for language, _name in settings.LANGUAGES:
            rendition_prebuild_task.delay(version.pk, language)

    transaction.on_commit(enqueue)


def on_approved(*, version, actor, **kwargs):
    """Built at approval, so approvers and officers reading an approved version waiting
    for its effective date do not wait for a render. An approval that makes the version
    effective in the same transaction leaves the build to ``on_effective``: the effective
    PDF differs (effective date in the header and the revision history)."""
    from documents.workflow import DocumentStatus

    controlled_pdfs_enqueue(version=version, while_status=DocumentStatus.APPROVED)


def on_effective(*, version, actor, superseded=(), **kwargs):
    controlled_pdfs_enqueue(version=version)
    for old in superseded:
        old.refresh_from_db(fields=["status"])
        copies_to_retrieve_notify(version=old)


def on_withdrawn(*, version, actor, **kwargs):
    copies_to_retrieve_notify(version=version)


def on_downloaded(*, version, actor, ip_address=None, via_api=False, **kwargs):
    from renditions.models import AccessEvent
    from renditions.services import access_record

    access_record(
        user=actor, version=version, kind=AccessEvent.Kind.ORIGINAL, ip_address=ip_address, via_api=via_api
    )


def register():
    from documents.services import lifecycle_hook_register

    lifecycle_hook_register("approved", on_approved)
    lifecycle_hook_register("effective", on_effective)
    lifecycle_hook_register("withdrawn", on_withdrawn)
    lifecycle_hook_register("downloaded", on_downloaded)

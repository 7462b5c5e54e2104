"""The daily sweep and the delivery of reminders.

sweep: every registered kind finds its due events; each event becomes an outbox row
(unique key: kind, object, due event, recipient; inserted with ON CONFLICT DO NOTHING),
then every pending row is enqueued for delivery after commit. Running it twice, or two
beats at once, finds the same keys and adds nothing.

delivery: claim the row (pending -> sent, conditional UPDATE) and send the e-mail in one
transaction. A second task for the same row finds nothing to claim; an e-mail that fails
rolls the claim back, the error is recorded and the task retries with backoff.
"""

import itertools
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import user_language
from reminders import registry
from reminders.models import DeliveryStatus, Reminder

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
DATE_FORMAT = "d/m/Y"
# A mail server that refuses or cannot be reached now may work later: retry these.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)


class DeliveryFailed(Exception):
    def __init__(self, message, *, transient: bool):
        super().__init__(message)
        self.transient = transient


@dataclass
class SweepResult:
    today: object
    found: dict = field(default_factory=dict)  # kind -> due events found
    recorded: int = 0  # new outbox rows (counted twice if two sweeps race; the table never is)
    enqueued: int = 0  # pending rows handed to the delivery task
    errors: dict = field(default_factory=dict)  # kind -> error text

    def as_dict(self) -> dict:
        return {
            "today": str(self.today),
            "found": self.found,
            "recorded": self.recorded,
            "enqueued": self.enqueued,
            "errors": self.errors,
        }


def reminders_sweep(*, today=None, enqueue: bool = True) -> SweepResult:
    """Run every registered kind for ``today`` and record its reminders in the outbox.

    A kind that raises is logged and reported; the other kinds still run. Queries:
    one per kind to find (plus what an acting kind does), two per batch of
    BATCH_SIZE events to record, one to list pending rows.
    """
    today = today or timezone.localdate()
    result = SweepResult(today=today)
    for kind in registry.kinds():
        found = 0
        try:
            events = iter(kind.find(today) or ())
            while batch := list(itertools.islice(events, BATCH_SIZE)):
                found += len(batch)
                result.recorded += _outbox_record(kind.name, batch)
        except Exception as error:  # one broken kind must not hold back the others
            logger.exception("reminder kind %s failed", kind.name)
            result.errors[kind.name] = f"{type(error).__name__}: {error}"
        result.found[kind.name] = found
    if enqueue:
        result.enqueued = reminders_enqueue_pending()
    return result


def _outbox_record(kind_name: str, events) -> int:
    """Insert the batch's new keys; keys already in the outbox are skipped by the database."""
    content_types = ContentType.objects.get_for_models(*{event.model for event in events})
    rows = [
        Reminder(
            kind=kind_name,
            content_type=content_types[event.model],
            object_id=event.object_id,
            due_key=event.due_key,
            recipient_id=event.recipient_id,
            due_date=event.due_date,
            context=event.context,
            url=event.url,
        )
        for event in events
    ]
    existing = set(
        Reminder.objects.filter(
            kind=kind_name,
            content_type__in={row.content_type_id for row in rows},
            object_id__in={row.object_id for row in rows},
        ).values_list("content_type_id", "object_id", "due_key", "recipient_id")
    )
    new = []
    for row in rows:
        key = (row.content_type_id, row.object_id, row.due_key, row.recipient_id)
        if key not in existing:
            existing.add(key)
            new.append(row)
    # ignore_conflicts: a concurrent sweep may insert the same key between our read and
    # this write; the unique constraint settles it and nothing is recorded twice.
    Reminder.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(new)


def reminders_enqueue_pending() -> int:
    """Hand every pending row to the delivery task once the current transaction commits.

    Rows whose task message was lost (broker restart) are picked up here again;
    delivery is idempotent, so a row enqueued twice is still sent once.
    """
    pending = list(
        Reminder.objects.filter(status=DeliveryStatus.PENDING).order_by("pk").values_list("pk", flat=True)
    )
    if pending:
        transaction.on_commit(lambda: _enqueue(pending), robust=True)
    return len(pending)


DELIVERY_BATCH = 100


def _enqueue(reminder_ids):
    """One task per DELIVERY_BATCH rows (issue 12: 1,000 reminders were 1,000 tasks of
    seven queries each); a single row (an officer's retry) keeps the single-row task."""
    from reminders.tasks import reminder_deliver, reminders_deliver_batch

    reminder_ids = list(reminder_ids)
    if len(reminder_ids) == 1:
        reminder_deliver.delay(reminder_ids[0])
        return
    for start in range(0, len(reminder_ids), DELIVERY_BATCH):
        reminders_deliver_batch.delay(reminder_ids[start : start + DELIVERY_BATCH])


def reminders_deliver_batch(*, reminder_ids) -> tuple[int, list[tuple[int, bool]]]:
    """Deliver many rows with the reads done once: the pending rows with their recipients
    and the recipients' languages (two queries), then per row its own claim and inbox
    entry (two queries, one transaction each, exactly as ``reminder_deliver``), and the
    e-mails over one mail connection. Returns (rows sent, [(row id, transient) for each
    row that failed]); the failed rows are recorded like ``reminder_deliver``'s."""
    from django.core.mail import get_connection

    from notifications.models import UserPreference

    reminders = list(
        Reminder.objects.filter(pk__in=reminder_ids, status=DeliveryStatus.PENDING)
        .select_related("recipient")
        .order_by("pk")
    )
    languages = dict(
        UserPreference.objects.filter(user_id__in={r.recipient_id for r in reminders})
        .exclude(language="")
        .values_list("user_id", "language")
    )
    sent, failed = 0, []
    mail = get_connection()
    try:
        mail.open()
    except TRANSIENT_ERRORS:
        mail = None  # each e-mail then tries on its own, and its row records the error
    try:
        for reminder in reminders:
            language = languages.get(reminder.recipient_id) or settings.LANGUAGE_CODE
            try:
                if reminder_deliver(reminder_id=reminder.pk, reminder=reminder, language=language, mail=mail):
                    sent += 1
            except DeliveryFailed as error:
                failed.append((reminder.pk, error.transient))
    finally:
        if mail is not None:
            mail.close()
    return sent, failed


def reminder_deliver(
    *, reminder_id: int, final_attempt: bool = False, reminder=None, language=None, mail=None
) -> bool:
    """Send one reminder once. Returns False when there is nothing to send (already sent,
    failed for good, or deleted). Raises DeliveryFailed after recording the error; the
    row stays pending for a retry, or becomes failed when ``final_attempt`` or the error
    is not one a retry can cure. ``reminder`` (with its recipient), ``language`` and
    ``mail`` (an open connection) are given by the batch, which read them once."""
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = Reminder.objects.filter(pk=reminder_id, status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.SENT,
                sent_at=now,
                last_attempt_at=now,
                attempts=F("attempts") + 1,
                last_error="",
            )
            if not claimed:
                return False
            if reminder is None:
                reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
            _deliver(reminder, language=language, mail=mail)
    except Exception as error:
        transient = isinstance(error, TRANSIENT_ERRORS)
        failed_for_good = final_attempt or not transient
        Reminder.objects.filter(pk=reminder_id, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED if failed_for_good else DeliveryStatus.PENDING,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("reminder %s not delivered: %s", reminder_id, error)
        raise DeliveryFailed(str(error), transient=transient) from error
    return True


def _deliver(reminder: Reminder, *, language=None, mail=None) -> None:
    """Inbox entry plus e-mail, in the recipient's language. Caller holds the claimed row."""
    kind = registry.kind_get(reminder.kind)
    if kind is None:
        raise LookupError(f"no reminder kind {reminder.kind!r} is registered")
    recipient = reminder.recipient
    if not recipient.is_active:
        return
    language = language or user_language(recipient)
    with translation.override(language):
        context = {**reminder.context, "due_date": date_format(reminder.due_date, DATE_FORMAT)}
        link = f"{settings.QMS_SITE_URL}{reminder.url}" if reminder.url else ""
        Notification.objects.create(
            recipient=recipient,
            kind=reminder.kind,
            subject=str(kind.subject) % context,
            message=str(kind.message) % context,
            url=reminder.url,
        )
        if not recipient.email:
            return
        template_context = {
            "recipient": recipient,
            "subject": str(kind.subject) % context,
            "message": str(kind.message) % context,
            "context": context,
            "due_date": reminder.due_date,
            "link": link,
            "organisation_name": settings.QMS_ORGANISATION_NAME,
            "LANGUAGE_CODE": language,
        }
        email = EmailMultiAlternatives(
            subject=template_context["subject"],
            body=render_to_string(f"{kind.template}.txt", template_context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
            headers={"X-QMS-Reminder": f"{reminder.pk}"},
            connection=mail,
        )
        email.attach_alternative(render_to_string(f"{kind.template}.html", template_context), "text/html")
        email.send()


@transaction.atomic
def reminder_retry(*, actor, reminder_id: int) -> Reminder:
    """An officer sends a failed reminder again (after fixing an address or the mail server)."""
    if not actor.has_perm("reminders.view_delivery_failures"):
        raise PermissionDenied(_("Only QMS officers retry reminders."))
    reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
    if reminder.status == DeliveryStatus.SENT:
        return reminder
    reminder.status = DeliveryStatus.PENDING
    reminder.retried_by = actor
    reminder.save(update_fields=["status", "retried_by"])
    transaction.on_commit(lambda: _enqueue([reminder.pk]), robust=True)
    return reminder

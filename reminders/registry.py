"""The registry of due-event kinds the daily sweep runs.

A kind is one small function ``find(today) -> iterable of DueEvent`` plus the words of
its e-mail. Each app registers its own kinds from its AppConfig.ready()::

    from reminders.registry import DueEvent, register

    def overdue_actions(today):
        rows = CorrectiveAction.objects.filter(due_date__lt=today, closed_at=None).values(
            "pk", "owner_id", "due_date", "title")
        for row in rows.iterator(chunk_size=2000):   # one query, however many rows
            yield DueEvent(model=CorrectiveAction, object_id=row["pk"],
                           due_key=f"{row['due_date']}:w{(today - row['due_date']).days // 7}",
                           recipient_id=row["owner_id"], due_date=row["due_date"],
                           context={"title": row["title"]}, url=f"/nc/actions/{row['pk']}/")

    register("nc_action_overdue", overdue_actions,
             subject=_("Corrective action overdue: %(title)s"),
             message=_("The corrective action %(title)s was due on %(due_date)s."))

The outbox key is (kind, object, due_key, recipient): a kind decides how often it may
remind by what it puts in ``due_key`` (the due date; the date and the offset; the date
and the week number...). A kind that only acts (e.g. make versions effective) does its
work in ``find`` and yields nothing. Finders must read in batches (``values()`` plus
``iterator()``, or ``select_related``): never one query per object.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

DEFAULT_TEMPLATE = "reminders/email/reminder"


@dataclass(frozen=True)
class DueEvent:
    model: type  # the model of the object the reminder is about
    object_id: int
    due_key: str
    recipient_id: int
    due_date: datetime.date
    context: dict = field(default_factory=dict)  # JSON-able values for subject/message/template
    url: str = ""  # path on this site; the e-mail makes it absolute with QMS_SITE_URL


@dataclass(frozen=True)
class ReminderKind:
    name: str
    find: Callable[[datetime.date], Iterable[DueEvent]]
    subject: str = ""  # lazy-translated; %(name)s placeholders from the event's context
    message: str = ""
    template: str = DEFAULT_TEMPLATE  # <template>.txt and <template>.html
    order: int = 100  # actions (make effective) run before reminders that depend on them
    label: str = ""


_KINDS: dict[str, ReminderKind] = {}


def register(
    name: str,
    find: Callable[[datetime.date], Iterable[DueEvent]],
    *,
    subject="",
    message="",
    template: str = DEFAULT_TEMPLATE,
    order: int = 100,
    label="",
) -> ReminderKind:
    """Add a kind; registering the same name again replaces it (safe if ready() runs twice)."""
    if len(name) > 60:
        raise ValueError("A reminder kind name has at most 60 characters.")
    kind = ReminderKind(
        name=name, find=find, subject=subject, message=message, template=template, order=order, label=label
    )
    _KINDS[name] = kind
    return kind


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def kinds() -> list[ReminderKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.name))


def kind_get(name: str) -> ReminderKind | None:
    return _KINDS.get(name)

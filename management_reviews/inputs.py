"""The registry of management review inputs (ISO 9001 9.3.2), keyed by the clause's letter.

"Prepare" runs every registered compiler for the review's period and freezes what they
return into the review's sections (JSON snapshot rows, ``ReviewSection``). Each item of
9.3.2 is one section; several compilers may feed one section (b: external documents and
the risk register), their figures, chart bars and links are put together in
registration order. A section no compiler fills says "not recorded yet".

A compiler is ``compile(period) -> Part | None`` (None: nothing to say). It must read
with one or two aggregate queries (``aggregate``/``values().annotate()``, a bounded
``[:10]`` list of links): the query count of "prepare" must not grow with the number of
records (benchmarks/management_review.py checks it). Labels are plain English strings
marked for translation with ``gettext_noop`` (or lazy strings): "prepare" stores them in
English, pages and the PDF translate them when shown, so the snapshot reads in every
language. Values are numbers (or short strings); URLs are paths on this site, and every
page they lead to applies its own visibility rule. Never put the title of a confidential
document in a link label: the snapshot is shown to every attendee.

An app that lands later plugs in here. ``management_reviews`` is the top layer, so it
reads the lower app and the lower app never imports this module: write the compiler in
``management_reviews/compilers.py`` over the app's selectors and register it in
``register_builtin()``, guarded by ``apps.is_installed``. E.g. the administrative-
procedures app (dossiers processed on time under c3, citizen satisfaction under c1)::

    def dossiers_on_time(period):
        from procedures.selectors import dossier_on_time_figures   # one aggregate query

        row = dossier_on_time_figures(period.start, period.end)
        return Part(
            figures=[Figure(gettext_noop("Dossiers processed"), row["total"]),
                     Figure(gettext_noop("Processed on time"), row["on_time_percent"], "%")],
            links=[Link(gettext_noop("Dossier register"), reverse("procedures:dossiers"))],
        )

    # in register_builtin():
    if apps.is_installed("procedures"):
        register_input("c3", "procedures.dossiers_on_time", dossiers_on_time, order=50)
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    review_id: int | None = None  # the review being prepared (input a leaves it out)


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | float | str | None
    unit: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    url: str = ""


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class Part:
    figures: list[Figure] = field(default_factory=list)
    chart: list[Bar] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    note: str = ""


# The items of 9.3.2, in the order of the standard: key -> title.
ITEMS: dict[str, object] = {
    "a": _("a) Status of actions from previous management reviews"),
    "b": _("b) Changes in external and internal issues"),
    "c1": _("c1) Customer satisfaction and feedback from interested parties"),
    "c2": _("c2) Extent to which quality objectives have been met"),
    "c3": _("c3) Process performance and conformity of products and services"),
    "c4": _("c4) Nonconformities and corrective actions"),
    "c5": _("c5) Monitoring and measurement results"),
    "c6": _("c6) Audit results"),
    "c7": _("c7) Performance of external providers"),
    "d": _("d) Adequacy of resources"),
    "e": _("e) Effectiveness of actions taken to address risks and opportunities"),
    "f": _("f) Opportunities for improvement"),
}
NOT_RECORDED = gettext_noop("Not recorded yet in this system.")


@dataclass(frozen=True)
class Compiler:
    key: str
    name: str
    compile: Callable[[Period], Part | None]
    order: int = 100


_COMPILERS: dict[str, list[Compiler]] = {key: [] for key in ITEMS}


def register_input(
    key: str, name: str, compile: Callable[[Period], Part | None], *, order: int = 100
) -> None:
    """Add a compiler to 9.3.2 item ``key``; registering ``name`` again replaces it."""
    if key not in ITEMS:
        raise ValueError(f"Unknown 9.3.2 item {key!r}; one of {', '.join(ITEMS)}.")
    compilers = [c for c in _COMPILERS[key] if c.name != name]
    compilers.append(Compiler(key=key, name=name, compile=compile, order=order))
    compilers.sort(key=lambda c: (c.order, c.name))
    _COMPILERS[key] = compilers


def unregister_input(key: str, name: str) -> None:
    _COMPILERS[key] = [c for c in _COMPILERS.get(key, []) if c.name != name]


def compilers_for(key: str) -> list[Compiler]:
    return list(_COMPILERS.get(key, []))


def _rows(items) -> list[dict]:
    return [
        {name: (str(value) if name in ("label", "unit") else value) for name, value in vars(item).items()}
        for item in items
    ]


def inputs_compile(period: Period) -> list[dict]:
    """Every 9.3.2 section for ``period``, as the JSON rows a ReviewSection stores (labels
    in English). Caller freezes them; nothing is written here."""
    sections = []
    with translation.override("en"):
        for order, (key, title) in enumerate(ITEMS.items()):
            parts = [part for c in compilers_for(key) if (part := c.compile(period)) is not None]
            figures = [row for part in parts for row in _rows(part.figures)]
            chart = [row for part in parts for row in _rows(part.chart)]
            links = [row for part in parts for row in _rows(part.links)]
            notes = [str(part.note) for part in parts if part.note]
            if not parts:
                notes = [NOT_RECORDED]
            sections.append(
                {
                    "key": key,
                    "order": order,
                    "title": str(title),
                    "figures": figures,
                    "chart": chart,
                    "links": links,
                    "note": " ".join(notes)[:300],
                }
            )
    return sections

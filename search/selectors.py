"""Reads of the search app. ``search_versions`` is the one search query: the visibility
rule (documents.permissions.visible_version_q) sits in the same WHERE as the match, so a
hit the user may not see is never counted, faceted or snippeted."""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from documents.models import DocumentVersion
from documents.permissions import visible_version_q
from documents.workflow import DocumentStatus
from search.models import VersionPage, VersionText
from search.permissions import may_search_history
from search.query import Term, parse
from search.text import fold_aligned

HISTORY_STATUSES = (DocumentStatus.SUPERSEDED, DocumentStatus.OBSOLETE)
SNIPPET_RADIUS = 90
SNIPPETS_PER_HIT = 2


@dataclass
class Hit:
    version: DocumentVersion
    score: int
    snippets: list = field(default_factory=list)  # [(page number, safe html)]


def _page_match(term: Term):
    return Exists(VersionPage.objects.filter(version=OuterRef("pk"), folded__contains=term.pattern))


def search_versions(
    user,
    query: str,
    *,
    doc_type=None,
    department=None,
    statuses=None,
    effective_from: datetime.date | None = None,
    effective_to: datetime.date | None = None,
):
    """Versions the user may see that match every term of ``query`` in the number, title,
    source reference or body text, best first (annotated ``score``). Default scope: the
    effective versions; ``statuses`` widens it to superseded/obsolete for officers only."""
    terms = parse(query)
    scope = [DocumentStatus.EFFECTIVE]
    if statuses and may_search_history(user):
        scope = [status for status in statuses if status in (DocumentStatus.EFFECTIVE, *HISTORY_STATUSES)]
    versions = DocumentVersion.objects.filter(visible_version_q(user), status__in=scope)
    if not terms:
        return versions.none()
    score = Value(0)
    for term in terms:
        in_fields = Q(document__search_text__contains=term.plain)
        in_pages = _page_match(term)
        versions = versions.filter(in_fields | in_pages)
        score = (
            score
            + Case(When(document__title__icontains=" ".join(term.words), then=Value(5)), default=Value(0))
            + Case(When(in_fields, then=Value(10)), default=Value(0))
            + Case(When(in_pages, then=Value(3)), default=Value(0))
        )
    number_hit = Case(When(document__number__iexact=query.strip(), then=Value(100)), default=Value(0))
    if doc_type:
        versions = versions.filter(document__doc_type=doc_type)
    if department:
        versions = versions.filter(document__department=department)
    if effective_from:
        versions = versions.filter(effective_date__gte=effective_from)
    if effective_to:
        versions = versions.filter(effective_date__lte=effective_to)
    return versions.annotate(score=score + number_hit).order_by("-score", "document__number", "-revision")


def facets(versions) -> dict:
    """Counts by type, department and status of the (already permission-filtered) hits."""
    plain = versions.order_by()
    return {
        "doc_type": list(
            plain.values("document__doc_type_id", "document__doc_type__name")
            .annotate(count=Count("pk"))
            .order_by("-count", "document__doc_type__name")
        ),
        "department": list(
            plain.values("document__department_id", "document__department__name")
            .annotate(count=Count("pk"))
            .order_by("-count", "document__department__name")
        ),
        "status": list(plain.values("status").annotate(count=Count("pk")).order_by("status")),
    }


def highlight(text: str, terms: list[Term], *, radius: int = SNIPPET_RADIUS) -> str | None:
    """A window of ``text`` around the first hit, every hit in it in <mark>; None if none."""
    if not terms:
        return None
    folded = fold_aligned(text)
    pattern = re.compile("|".join(f"(?:{term.regex()})" for term in terms))
    first = pattern.search(folded)
    if first is None:
        return None
    start = max(0, first.start() - radius)
    end = min(len(text), first.end() + radius)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > first.end() else end
    parts, cursor = [], start
    for match in pattern.finditer(folded, start, end):
        parts.append(escape(text[cursor : match.start()]))
        parts.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        cursor = match.end()
    parts.append(escape(text[cursor:end]))
    snippet = " ".join("".join(parts).split())
    return mark_safe(("… " if start > 0 else "") + snippet + (" …" if end < len(text) else ""))


def hits_with_snippets(versions: list, query: str) -> list[Hit]:
    """Snippets for one page of results, with the page number of the hit. ``versions`` are
    rows of ``search_versions`` (already visible to the user)."""
    terms = parse(query)
    hits = {version.pk: Hit(version=version, score=getattr(version, "score", 0)) for version in versions}
    if terms and hits:
        any_term = Q()
        for term in terms:
            any_term |= Q(folded__contains=term.pattern)
        pages = VersionPage.objects.filter(any_term, version_id__in=list(hits)).only(
            "version_id", "number", "text"
        )
        for page in pages.order_by("version_id", "number"):
            hit = hits[page.version_id]
            if len(hit.snippets) >= SNIPPETS_PER_HIT:
                continue
            snippet = highlight(page.text, terms)
            if snippet:
                hit.snippets.append((page.number, snippet))
    return list(hits.values())


def version_text_state(version) -> VersionText | None:
    return VersionText.objects.filter(version=version).first()

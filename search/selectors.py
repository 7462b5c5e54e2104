"""Reads of the search app. ``search_versions`` is the one search query: the visibility
rule (documents.permissions.visible_version_q) sits in the same WHERE as the match, so a
hit the user may not see is never counted, faceted or snippeted."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from documents.models import Document, DocumentVersion
from documents.permissions import visible_version_q
from documents.workflow import DocumentStatus
from search.models import VersionPage, VersionText
from search.permissions import may_search_history
from search.query import Term, parse
from search.text import fold_aligned

HISTORY_STATUSES = (DocumentStatus.SUPERSEDED, DocumentStatus.OBSOLETE)
SNIPPET_RADIUS = 90
SNIPPETS_PER_HIT = 2
RESULT_LIMIT = 500
FEW_MATCHES = 2000
TS_CONFIG = "qms_search"  # migration 0003: simple + unaccent
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D (pages) ... A (number, title, source, issuer)


@dataclass
class Hit:
    version: DocumentVersion
    score: int
    snippets: list = field(default_factory=list)  # [(page number, safe html)]


def _page_match(term: Term):
    return Exists(VersionPage.objects.filter(version=OuterRef("pk"), folded__contains=term.pattern))


def tsquery_text(terms: list[Term]) -> str:
    """The terms as a to_tsquery() text: every term (&), a phrase's words adjacent (<->),
    a prefix term's last word with :*. Words are folded letters and digits only."""
    parts = []
    for term in terms:
        words = [f"'{word}'" for word in term.words]
        if term.prefix:
            words[-1] += ":*"
        parts.append(words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def _fields_match(terms: list[Term]) -> Q:
    """Every term in the document's number, title or source reference (documents' folded
    ``search_text``; PostgreSQL answers it from a GIN trigram index, partial words too)."""
    fields = Q()
    for term in terms:
        fields &= Q(search_text__contains=term.plain)
    return fields


def _visible_in_scope(user, statuses):
    scope = [DocumentStatus.EFFECTIVE]
    if statuses and may_search_history(user):
        scope = [status for status in statuses if status in (DocumentStatus.EFFECTIVE, *HISTORY_STATUSES)]
    return DocumentVersion.objects.filter(visible_version_q(user), status__in=scope)


def _filters(doc_type, department, effective_from, effective_to) -> Q:
    wanted = {
        "document__doc_type": doc_type,
        "document__department": department,
        "effective_date__gte": effective_from,
        "effective_date__lte": effective_to,
    }
    return Q(**{lookup: value for lookup, value in wanted.items() if value})


@dataclass
class Results:
    """What one search found. ``versions``: the hits the user may see, best first
    (annotated ``score``). ``capped``: more than RESULT_LIMIT versions matched; then
    ``versions`` holds the RESULT_LIMIT first found by the full-text index plus up to
    RESULT_LIMIT whose number/title matches, ranked, and counts and facets are of those
    (the page says "more than 500"). ``probes``: the index queries that found them."""

    versions: object
    capped: bool
    probes: list
    count: int = 0  # len(versions), known without asking the database again


def search(
    user,
    query: str,
    *,
    doc_type=None,
    department=None,
    statuses=None,
    effective_from: datetime.date | None = None,
    effective_to: datetime.date | None = None,
) -> Results:
    """Versions the user may see that match every term of ``query`` in the number, title,
    source reference, issuer or body text. Default scope: the effective versions;
    ``statuses`` widens it to superseded/obsolete for officers only.

    The visibility rule and the filters are in the WHERE of each probe, so nothing the user
    may not see is ever found, counted or faceted. PostgreSQL: one probe answers from the
    version's full-text vector (search_versiontext.vector, GIN: words, "phrases" <->,
    prefix:*), one from the document's fields (trigram GIN on the folded number/title, which
    also finds partial words); each stops at RESULT_LIMIT + 1 rows, so a word found in
    every document costs no more than a rare one. SQLite: LIKE on the folded pages, and the
    same fields probe. Ranking (on at most 2 x RESULT_LIMIT rows): the number typed
    exactly, then the terms in the number/title, then ts_rank of the vector (the fields
    weigh 10 x the body; SQLite: +3 for a term in the body)."""
    terms = parse(query)
    base = _visible_in_scope(user, statuses).filter(
        _filters(doc_type, department, effective_from, effective_to)
    )
    if not terms:
        return Results(base.none(), False, [], 0)
    score = Case(When(document__number__iexact=query.strip(), then=Value(100.0)), default=Value(0.0))
    for term in terms:
        score = score + Case(
            When(document__search_text__contains=term.plain, then=Value(10.0)), default=Value(0.0)
        )
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(tsquery_text(terms), search_type="raw", config=TS_CONFIG)
        matching = VersionText.objects.filter(vector=tsquery).values_list("version_id", flat=True)
        body, body_ids = _body_probe(base, matching)
        # a correlated subquery: one index probe per found row (a join made PostgreSQL
        # scan the whole table)
        rank = (
            VersionText.objects.filter(version_id=OuterRef("pk"))
            .annotate(rank=SearchRank(F("vector"), tsquery, weights=RANK_WEIGHTS))
            .values("rank")[:1]
        )
        score = score + Coalesce(Subquery(rank, output_field=FloatField()), Value(0.0))
    else:
        match = Q()
        for term in terms:
            in_pages = _page_match(term)
            match &= Q(document__search_text__contains=term.plain) | in_pages
            score = score + Case(When(in_pages, then=Value(3.0)), default=Value(0.0))
        body = base.filter(match)
        body_ids = _first_ids(body)
    fields = base.filter(document__in=Document.objects.filter(_fields_match(terms)).values("pk"))
    found, capped = set(), False
    for ids in (body_ids, _first_ids(fields)):
        capped = capped or len(ids) > RESULT_LIMIT
        found.update(ids[:RESULT_LIMIT])
    # The ids come from the probes, which applied the visibility rule and the filters; asking
    # the rule again of these <= 2 x RESULT_LIMIT rows would make PostgreSQL hash the whole
    # document table.
    versions = (
        DocumentVersion.objects.filter(pk__any_of=found)
        .annotate(score=score)
        .order_by("-score", "document__number", "-revision")
    )
    return Results(versions, capped, [body, fields], len(found))


def _first_ids(probe) -> list:
    return list(probe.order_by().values_list("pk", flat=True)[: RESULT_LIMIT + 1])


def _body_probe(base, matching) -> tuple:
    """(probe, its first ids): the versions of ``base`` among the full-text ``matching``.
    The rule is asked of the matches' ids only (an index probe each): all of them when they
    are few; when they are many, the first FEW_MATCHES + 1 found nearly always hold
    RESULT_LIMIT + 1 versions the user may see. Only when they do not is the planner left
    to walk the visible versions against every match (asked so at once, it did for a word
    in 5,000 versions: 50 ms; for a rare word, 2 s)."""
    few = list(matching[: FEW_MATCHES + 1])
    probe = base.filter(pk__any_of=set(few))
    ids = _first_ids(probe)
    if len(few) > FEW_MATCHES and len(ids) <= RESULT_LIMIT:
        probe = base.filter(pk__in=matching)
        ids = _first_ids(probe)
    return probe, ids


def search_versions(user, query: str, **filters):
    """The hits of ``search`` (a queryset, best first)."""
    return search(user, query, **filters).versions


def facets(versions) -> dict:
    """Counts by type, department and status of the (already permission-filtered) hits:
    one query over the hits (at most 2 x RESULT_LIMIT rows), counted here."""
    rows = versions.order_by().values_list(
        "document__doc_type_id",
        "document__doc_type__name",
        "document__department_id",
        "document__department__name",
        "status",
    )
    types, departments, statuses = Counter(), Counter(), Counter()
    for type_id, type_name, department_id, department_name, status in rows:
        types[type_id, type_name] += 1
        departments[department_id, department_name] += 1
        statuses[status] += 1

    def groups(counted, fields):
        found = [{**dict(zip(fields, key, strict=True)), "count": count} for key, count in counted.items()]
        return sorted(found, key=lambda group: (-group["count"], group[fields[1]]))

    return {
        "doc_type": groups(types, ("document__doc_type_id", "document__doc_type__name")),
        "department": groups(departments, ("document__department_id", "document__department__name")),
        "status": [{"status": status, "count": statuses[status]} for status in sorted(statuses)],
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

"""The 9.3.2 input compilers for the registers this system keeps (see inputs.py).

Each reads one or two aggregate queries over the period, whatever the number of records;
lists of links are bounded. Labels are English msgids (gettext_noop), translated when shown.
"""

import datetime

from django.apps import apps
from django.db.models import Avg, Count, F, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_noop

from approvals.models import ChangeRequest
from audits.models import Audit, Finding
from audits.workflow import AuditStatus
from documents.models import Document, DocumentVersion
from management_reviews.inputs import Bar, Figure, Link, Part, Period, register_input
from management_reviews.models import ReviewDecision
from management_reviews.workflow import DecisionStatus
from nonconformities.models import CorrectiveAction, Feedback, Nonconformity, Verification
from nonconformities.workflow import FeedbackStatus, NonconformityStatus
from qms import indicators as registry

LINKS_SHOWN = 10


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _in_period(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _dt_in_period(field: str, period: Period) -> Q:
    # Date-time fields: the whole last day counts.
    return Q(**{f"{field}__date__gte": period.start, f"{field}__date__lte": period.end})


# --- a) actions from previous reviews ------------------------------------------------


def previous_review_actions(period: Period) -> Part:

    today = datetime.date.today()
    earlier = ReviewDecision.objects.exclude(review_id=period.review_id).filter(
        review__meeting_date__lte=period.end
    )
    row = earlier.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=DecisionStatus.OPEN)),
        done=Count("pk", filter=Q(status=DecisionStatus.DONE)),
        cancelled=Count("pk", filter=Q(status=DecisionStatus.CANCELLED)),
        overdue=Count("pk", filter=Q(status=DecisionStatus.OPEN, due_date__lt=today)),
    )
    shown = (
        earlier.filter(Q(status=DecisionStatus.OPEN) | _dt_in_period("completed_at", period))
        .order_by("due_date", "pk")
        .values("pk", "review_id", "review__number", "description", "status", "due_date")[:LINKS_SHOWN]
    )
    return Part(
        figures=[
            Figure(gettext_noop("Actions decided at earlier reviews"), row["total"]),
            Figure(gettext_noop("Open"), row["open"]),
            Figure(gettext_noop("Overdue"), row["overdue"]),
            Figure(gettext_noop("Done"), row["done"]),
            Figure(gettext_noop("Cancelled"), row["cancelled"]),
        ],
        chart=[
            Bar(gettext_noop("Open"), row["open"]),
            Bar(gettext_noop("Overdue"), row["overdue"]),
            Bar(gettext_noop("Done"), row["done"]),
        ],
        links=[
            Link(
                f"{d['review__number']}: {d['description'][:120]} ({d['due_date']:%d/%m/%Y})",
                _url("management_reviews:detail", d["review_id"]) + f"#decision-{d['pk']}",
            )
            for d in shown
        ],
    )


# --- b) external and internal issues --------------------------------------------------


def external_documents(period: Period) -> Part:

    versions = DocumentVersion.objects.filter(
        document__doc_type__is_external=True, effective_date__gte=period.start, effective_date__lte=period.end
    )
    row = versions.aggregate(
        new=Count("pk", filter=Q(revision=1)),
        superseding=Count("pk", filter=Q(revision__gt=1)),
    )
    shown = (
        versions.filter(revision__gt=1)
        .exclude(document__confidentiality=Document.Confidentiality.CONFIDENTIAL)
        .order_by("-effective_date", "pk")
        .values("document_id", "document__number", "document__title", "revision")[:LINKS_SHOWN]
    )
    return Part(
        figures=[
            Figure(gettext_noop("External documents newly registered"), row["new"]),
            Figure(gettext_noop("External documents superseded by a new edition"), row["superseding"]),
        ],
        links=[
            Link(
                f"{v['document__number']} {v['document__title'][:120]}",
                _url("documents:detail", v["document_id"]),
            )
            for v in shown
        ]
        + [Link(gettext_noop("List of external documents"), _url("documents:external_list"))],
    )


# --- c1) customer satisfaction and feedback -------------------------------------------


def feedback(period: Period) -> Part:

    received = Feedback.objects.filter(_dt_in_period("submitted_at", period))
    row = received.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(status=FeedbackStatus.ANSWERED)),
        handling=Count("pk", filter=Q(status=FeedbackStatus.IN_HANDLING)),
        waiting=Count("pk", filter=Q(status=FeedbackStatus.RECEIVED)),
        responded=Count("pk", filter=Q(responded_at__isnull=False)),
        within_5_days=Count("pk", filter=Q(responded_at__lte=F("submitted_at") + datetime.timedelta(days=5))),
        mean_response=Avg(F("responded_at") - F("submitted_at")),
        complaints_to_nc=Count("nonconformity"),
    )
    mean = row["mean_response"]
    mean_days = round(mean.total_seconds() / 86400, 1) if mean is not None else None
    return Part(
        figures=[
            Figure(gettext_noop("Feedback received"), row["total"]),
            Figure(gettext_noop("Answered"), row["answered"]),
            Figure(gettext_noop("Being handled"), row["handling"]),
            Figure(gettext_noop("Waiting for a first answer"), row["waiting"]),
            Figure(gettext_noop("Mean response time"), mean_days, gettext_noop("days")),
            Figure(gettext_noop("Answered within 5 days"), _percent(row["within_5_days"], row["total"]), "%"),
            Figure(gettext_noop("Feedback that opened a nonconformity"), row["complaints_to_nc"]),
        ],
        chart=[
            Bar(
                gettext_noop("Answered"),
                row["answered"],
                _url("nonconformities:feedback_list", status="answered"),
            ),
            Bar(
                gettext_noop("Being handled"),
                row["handling"],
                _url("nonconformities:feedback_list", status="in_handling"),
            ),
            Bar(
                gettext_noop("Waiting"),
                row["waiting"],
                _url("nonconformities:feedback_list", status="received"),
            ),
        ],
        links=[Link(gettext_noop("Feedback register"), _url("nonconformities:feedback_list"))],
    )


# --- c4) nonconformities and corrective actions ---------------------------------------


def nonconformities(period: Period) -> Part:

    end = period.end
    open_at_end = Q(date_detected__lte=end) & (Q(closed_at__isnull=True) | Q(closed_at__date__gt=end))
    row = Nonconformity.objects.aggregate(
        opened=Count("pk", filter=_in_period("date_detected", period)),
        major=Count(
            "pk", filter=_in_period("date_detected", period) & Q(severity=Nonconformity.Severity.MAJOR)
        ),
        closed=Count("pk", filter=Q(status=NonconformityStatus.CLOSED) & _dt_in_period("closed_at", period)),
        open_end=Count("pk", filter=open_at_end),
        age_30=Count("pk", filter=open_at_end & Q(date_detected__gt=end - datetime.timedelta(days=30))),
        age_90=Count(
            "pk",
            filter=open_at_end
            & Q(date_detected__lte=end - datetime.timedelta(days=30))
            & Q(date_detected__gt=end - datetime.timedelta(days=90)),
        ),
        age_old=Count("pk", filter=open_at_end & Q(date_detected__lte=end - datetime.timedelta(days=90))),
    )
    # Repeats: the same clause in the same department more than once in the period (one grouped query).
    repeats = (
        Nonconformity.objects.filter(_in_period("date_detected", period))
        .exclude(iso_clause="")
        .values("department_id", "iso_clause")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    actions = CorrectiveAction.objects.filter(_in_period("due_date", period)).aggregate(
        due=Count("pk"),
        on_time=Count(
            "pk", filter=Q(status=CorrectiveAction.State.DONE, completed_at__date__lte=F("due_date"))
        ),
        overdue=Count("pk", filter=Q(status=CorrectiveAction.State.OPEN, due_date__lt=datetime.date.today())),
    )
    checks = Verification.objects.filter(_dt_in_period("verified_at", period)).aggregate(
        effective=Count("pk", filter=Q(result=Verification.Result.EFFECTIVE)),
        not_effective=Count("pk", filter=Q(result=Verification.Result.NOT_EFFECTIVE)),
    )
    nc_list = "nonconformities:list"
    return Part(
        figures=[
            Figure(gettext_noop("Nonconformities opened"), row["opened"]),
            Figure(gettext_noop("of which major"), row["major"]),
            Figure(gettext_noop("Nonconformities closed"), row["closed"]),
            Figure(gettext_noop("Open at the end of the period"), row["open_end"]),
            Figure(gettext_noop("Repeated (same clause and department)"), repeats),
            Figure(gettext_noop("Corrective actions due"), actions["due"]),
            Figure(gettext_noop("Closed on time"), _percent(actions["on_time"], actions["due"]), "%"),
            Figure(gettext_noop("Corrective actions overdue"), actions["overdue"]),
            Figure(gettext_noop("Effectiveness checks: effective"), checks["effective"]),
            Figure(gettext_noop("Effectiveness checks: not effective"), checks["not_effective"]),
        ],
        chart=[
            Bar(gettext_noop("Open 0–30 days"), row["age_30"], _url(nc_list, status="open")),
            Bar(gettext_noop("Open 31–90 days"), row["age_90"], _url(nc_list, status="open")),
            Bar(gettext_noop("Open > 90 days"), row["age_old"], _url(nc_list, status="open")),
        ],
        links=[
            Link(gettext_noop("Open nonconformities"), _url(nc_list, status="open")),
            Link(gettext_noop("Major nonconformities"), _url(nc_list, severity="major")),
            Link(gettext_noop("Nonconformity dashboard"), _url("nonconformities:dashboard")),
        ],
    )


# --- c6) audit results ----------------------------------------------------------------


def audits(period: Period) -> Part:

    row = Audit.objects.filter(_in_period("planned_start", period)).aggregate(
        planned=Count("pk"),
        done=Count("pk", filter=Q(status__in=[AuditStatus.REPORTED, AuditStatus.CLOSED])),
    )
    # Current findings only: a corrected finding counts through its correction.
    findings = Finding.objects.filter(_in_period("audit__planned_start", period), corrections__isnull=True)
    by_clause = list(
        findings.filter(category__in=Finding.NONCONFORMITIES)
        .annotate(top=F("clause__number"))
        .values("top")
        .annotate(n=Count("pk"))
        .order_by("-n", "top")[:8]
    )
    by_category = dict(findings.values_list("category").annotate(n=Count("pk")).order_by())
    by_department = list(
        findings.filter(category__in=Finding.NONCONFORMITIES)
        .values_list("department__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "department__code")[:5]
    )
    label = dict(Finding.Category.choices)
    year = period.end.year
    return Part(
        figures=[
            Figure(gettext_noop("Audits planned in the period"), row["planned"]),
            Figure(gettext_noop("Audits carried out (reported or closed)"), row["done"]),
            Figure(gettext_noop("Programme completion"), _percent(row["done"], row["planned"]), "%"),
        ]
        # Category names: prepare runs in English, so these are the msgids shown translated.
        + [Figure(str(label.get(c, c)), n) for c, n in sorted(by_category.items())]
        + [
            Figure(
                gettext_noop("Nonconformity findings by department"),
                ", ".join(f"{code} {n}" for code, n in by_department) or 0,
            )
        ],
        chart=[
            Bar(f"{r['top']}", r["n"], _url("management_reviews:clause_matrix") + f"#clause-{r['top']}")
            for r in by_clause
        ],
        links=[
            Link(gettext_noop("Audits of the year"), _url("audits:list", year=year)),
            Link(gettext_noop("Audit programme coverage"), _url("audits:coverage", year)),
        ],
    )


# --- c7) external providers -----------------------------------------------------------


def external_providers(period: Period) -> Part:

    row = Nonconformity.objects.filter(
        source=Nonconformity.Source.SUPPLIER,
        **{"date_detected__gte": period.start, "date_detected__lte": period.end},
    ).aggregate(total=Count("pk"), still_open=Count("pk", filter=~Q(status=NonconformityStatus.CLOSED)))
    return Part(
        figures=[
            Figure(gettext_noop("Nonconformities of external providers"), row["total"]),
            Figure(gettext_noop("still open"), row["still_open"]),
        ],
        links=[
            Link(gettext_noop("Supplier nonconformities"), _url("nonconformities:list", source="supplier"))
        ],
        note="" if row["total"] else gettext_noop("No supplier evaluation is recorded in this system."),
    )


# --- c3 / c5) process performance, monitoring ------------------------------------------


def indicators(period: Period) -> Part | None:
    """Every built-in indicator (qms.indicators: each app registers its own) over the
    period, organisation-wide: a fixed number of aggregate queries per indicator."""

    figures, chart = [], []
    for indicator in registry.indicators():
        value = indicator.compute(period.start, period.end, None)
        value = float(value) if value is not None else None
        figures.append(Figure(str(indicator.label), value, indicator.unit))
        if indicator.unit == "%" and value is not None:
            chart.append(Bar(str(indicator.label), value))
    if not figures:
        return None
    return Part(figures=figures, chart=chart)


def process_monitoring(period: Period) -> Part:

    total = Nonconformity.objects.filter(
        source=Nonconformity.Source.PROCESS_MONITORING,
        date_detected__gte=period.start,
        date_detected__lte=period.end,
    ).count()
    return Part(
        figures=[Figure(gettext_noop("Nonconformities found by process monitoring"), total)],
        links=[
            Link(
                gettext_noop("Process monitoring nonconformities"),
                _url("nonconformities:list", source="process_monitoring"),
            )
        ],
    )


# --- d) resources ---------------------------------------------------------------------


def resources(period: Period) -> Part:
    return Part(
        note=gettext_noop(
            "Written by the officers in the commentary: people, infrastructure, environment, knowledge."
        )
    )


# --- f) opportunities for improvement -------------------------------------------------


def improvement(period: Period) -> Part:
    from audits.models import Finding

    ofis = Finding.objects.filter(
        category=Finding.Category.OFI,
        audit__planned_start__gte=period.start,
        audit__planned_start__lte=period.end,
    ).count()
    changes = ChangeRequest.objects.filter(_dt_in_period("created_at", period)).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=ChangeRequest.Status.ACCEPTED)),
        open=Count("pk", filter=Q(status=ChangeRequest.Status.OPEN)),
    )
    return Part(
        figures=[
            Figure(gettext_noop("Audit opportunities for improvement"), ofis),
            Figure(gettext_noop("Change requests received"), changes["total"]),
            Figure(gettext_noop("Change requests accepted"), changes["accepted"]),
            Figure(gettext_noop("Change requests waiting for a decision"), changes["open"]),
        ],
        chart=[
            Bar(gettext_noop("Audit OFIs"), ofis),
            Bar(gettext_noop("Change requests"), changes["total"]),
        ],
    )


def register_builtin() -> None:
    register_input("a", "management_reviews.previous_actions", previous_review_actions)
    register_input("b", "documents.external", external_documents)
    register_input("c1", "nonconformities.feedback", feedback)
    register_input("c3", "qms.indicators", indicators)
    register_input("c4", "nonconformities.register", nonconformities)
    register_input("c5", "nonconformities.process_monitoring", process_monitoring)
    register_input("c6", "audits.results", audits)
    register_input("c7", "nonconformities.suppliers", external_providers)
    register_input("d", "management_reviews.resources", resources)
    register_input("f", "improvement.ofi_and_change_requests", improvement)
    if apps.is_installed("risks"):
        _register_risks()
    if apps.is_installed("objectives"):
        _register_objectives()
    if apps.is_installed("dossiers"):
        register_input("c1", "dossiers.satisfaction", citizen_satisfaction, order=50)


# --- b, e) risks and opportunities (risks app) -----------------------------------------


def risk_changes(period: Period) -> Part:
    from risks.selectors import risk_register_changes

    changes = risk_register_changes(period_start=period.start, period_end=period.end)
    shown = (changes.added + changes.closed + [ref for ref, _old, _new in changes.rerated])[:LINKS_SHOWN]
    return Part(
        figures=[
            Figure(gettext_noop("Risks and opportunities added"), len(changes.added)),
            Figure(gettext_noop("Risks closed"), len(changes.closed)),
            Figure(gettext_noop("Risks re-rated"), len(changes.rerated)),
            Figure(gettext_noop("Open risks"), changes.open_total),
        ],
        chart=[Bar(band, n, _url("risks:list")) for band, n in changes.by_band.items()],
        links=[Link(f"{ref.number} {ref.title[:120]}", ref.url) for ref in shown]
        + [Link(gettext_noop("Risk heat map"), _url("risks:heatmap"))],
    )


def risk_treatment(period: Period) -> Part:
    from risks.selectors import risk_actions_effectiveness

    e = risk_actions_effectiveness(period_start=period.start, period_end=period.end)
    return Part(
        figures=[
            Figure(gettext_noop("Treatment actions due"), e.due),
            Figure(gettext_noop("Done"), e.done),
            Figure(gettext_noop("Done on time"), _percent(e.done_on_time, e.due), "%"),
            Figure(gettext_noop("Overdue"), e.overdue_open),
            Figure(gettext_noop("Judged effective"), e.judged_effective),
            Figure(gettext_noop("Judged not effective"), e.judged_ineffective),
            Figure(gettext_noop("Risks treated"), e.risks_treated),
            Figure(gettext_noop("of which residual rating lowered"), e.risks_lowered),
        ],
        chart=[
            Bar(gettext_noop("Judged effective"), e.judged_effective),
            Bar(gettext_noop("Judged not effective"), e.judged_ineffective),
            Bar(gettext_noop("Not judged yet"), e.not_judged),
        ],
        links=[Link(gettext_noop("Risk register"), _url("risks:list"))],
    )


# --- c2, c5) quality objectives and their measurements (objectives app) ----------------


def objectives_met(period: Period) -> Part:
    from objectives.selectors import objectives_performance, objectives_performance_summary
    from objectives.workflow import ObjectiveStatus

    performance = objectives_performance(period_start=period.start, period_end=period.end)
    counts = objectives_performance_summary(performance)
    labels = dict(ObjectiveStatus.choices)
    not_met = [p for p in performance if p.status in (ObjectiveStatus.MISSED, ObjectiveStatus.AT_RISK)]
    return Part(
        figures=[Figure(gettext_noop("Quality objectives"), len(performance))]
        + [Figure(str(labels[status]), n) for status, n in counts.items()]
        + [
            Figure(
                gettext_noop("Objectives met"),
                _percent(counts[ObjectiveStatus.ON_TRACK], len(performance)),
                "%",
            )
        ],
        chart=[
            Bar(str(labels[status]), n, _url("objectives:list", year=period.end.year, status=status))
            for status, n in counts.items()
        ],
        links=[
            Link(
                f"{p.department or '—'}: {p.statement[:100]} ({p.latest_value} / {p.target} {p.unit})", p.url
            )
            for p in not_met[:LINKS_SHOWN]
        ]
        + [Link(gettext_noop("Objectives board"), _url("objectives:board", period.end.year))],
    )


def measurements(period: Period) -> Part:
    from objectives.models import Measurement, Objective

    row = Measurement.objects.filter(period_end__gte=period.start, period_end__lte=period.end).aggregate(
        total=Count("pk"), objectives=Count("objective", distinct=True)
    )
    active = Objective.objects.filter(year__gte=period.start.year, year__lte=period.end.year).count()
    return Part(
        figures=[
            Figure(gettext_noop("Measurements recorded"), row["total"]),
            Figure(gettext_noop("Objectives measured"), row["objectives"]),
            Figure(gettext_noop("Objectives without a measurement"), max(active - row["objectives"], 0)),
        ],
        chart=[
            Bar(gettext_noop("Objectives measured"), row["objectives"]),
            Bar(gettext_noop("Objectives without a measurement"), max(active - row["objectives"], 0)),
        ],
    )


# --- c1) citizen satisfaction surveys (dossiers app) -----------------------------------


def citizen_satisfaction(period: Period) -> Part:
    from dossiers.selectors import satisfaction_for_management_review

    figures = satisfaction_for_management_review(period.start, period.end)

    def number(value):
        return None if value is None else float(value)

    return Part(
        figures=[
            Figure(gettext_noop("Satisfaction surveys answered"), figures["responses"]),
            Figure(gettext_noop("Average score (1–5)"), number(figures["average"])),
            Figure(gettext_noop("Answers scoring 4 or 5"), number(figures["satisfied_rate"]), "%"),
            Figure(gettext_noop("Responses averaging under 3"), figures["low_responses"]),
        ],
        chart=[
            Bar(row["label"], number(row["satisfied_rate"]) or 0, _url("dossiers:satisfaction"))
            for row in figures["by_criterion"]
        ],
        links=[Link(gettext_noop("Satisfaction survey results"), _url("dossiers:satisfaction"))],
    )


def _register_risks() -> None:
    register_input("b", "risks.register_changes", risk_changes, order=50)
    register_input("e", "risks.treatment", risk_treatment)


def _register_objectives() -> None:
    register_input("c2", "objectives.performance", objectives_met)
    register_input("c5", "objectives.measurements", measurements, order=50)

"""Reads of the risk register: UI, API, heat map, trend and evidence come through here.

For the management review (9.3.2 b and e):

- ``risk_register_changes(period_start=..., period_end=...)``: risks added, closed and
  re-rated in the period, from the history (one query each);
- ``risk_actions_effectiveness(period_start=..., period_end=...)``: the treatment
  actions due or done in the period, on time, overdue, judged effective or not, and the
  treated risks whose residual rating is below the inherent one.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from risks.models import RatingBand, Risk, RiskScale, TreatmentAction
from risks.permissions import visible_risk_q
from risks.workflow import OPEN_STATUSES, RiskStatus


@dataclass(frozen=True)
class Band:
    name: str
    min_score: int
    max_score: int
    colour: str
    requires_treatment: bool = False

    def contains(self, score) -> bool:
        return score is not None and self.min_score <= score <= self.max_score


# Used until an officer records the organisation's own bands (Risks > Rating bands).
DEFAULT_BANDS = (
    Band(_("Low"), 1, 4, "#146c43"),
    Band(_("Medium"), 5, 9, "#8a5300"),
    Band(_("High"), 10, 16, "#b4490a", True),
    Band(_("Very high"), 17, 100, "#b02a37", True),
)


def rating_bands() -> list[Band]:
    """The officers' bands by rating, or the default four when none is recorded."""
    stored = [
        Band(b.name, b.min_score, b.max_score, b.colour, b.requires_treatment)
        for b in RatingBand.objects.order_by("min_score")
    ]
    return stored or list(DEFAULT_BANDS)


def band_for(score, bands=None) -> Band | None:
    for band in bands if bands is not None else rating_bands():
        if band.contains(score):
            return band
    return None


def risk_list_visible_to(user):
    return Risk.objects.filter(visible_risk_q(user)).select_related("department", "owner")


def risk_get_for_user(user, pk) -> Risk:
    """The risk, or 404 when it is missing or the user may not see it."""
    try:
        return risk_list_visible_to(user).get(pk=pk)
    except (Risk.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def action_get_for_user(user, pk) -> TreatmentAction:
    try:
        return TreatmentAction.objects.select_related("risk", "risk__department").get(
            pk=pk, risk__in=Risk.objects.filter(visible_risk_q(user))
        )
    except (TreatmentAction.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def risks_due_for_review(user, today=None):
    today = today or timezone.localdate()
    return risk_list_visible_to(user).filter(status__in=OPEN_STATUSES, next_review_date__lte=today)


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    count: int
    band: Band | None
    url: str

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass
class HeatMap:
    likelihood_levels: int
    impact_levels: int
    rows: list[list[HeatCell]]  # impact from the highest (top) down, likelihood across
    total: int
    residual: bool


def heat_map(risks, *, residual: bool = False, list_url: str = "", extra_params: str = "") -> HeatMap:
    """Counts per likelihood x impact cell of ``risks`` (already narrowed to what the user
    may see and to the filters), in one query; each cell links to the list filtered on it.
    ``residual`` counts by the residual levels (risks not yet re-assessed use their
    inherent levels, as on the register)."""
    scale = RiskScale.current()
    bands = rating_bands()
    if residual:
        qs = risks.annotate(
            l=Coalesce("residual_likelihood", "likelihood"), i=Coalesce("residual_impact", "impact")
        )
    else:
        qs = risks.annotate(l=F("likelihood"), i=F("impact"))
    counts = Counter(
        {(row["l"], row["i"]): row["n"] for row in qs.order_by().values("l", "i").annotate(n=Count("pk"))}
    )
    prefix = "residual_" if residual else ""
    rows = []
    for impact in range(scale.impact_levels, 0, -1):
        row = []
        for likelihood in range(1, scale.likelihood_levels + 1):
            params = f"{prefix}likelihood={likelihood}&{prefix}impact={impact}"
            url = f"{list_url}?{params}{'&' + extra_params if extra_params else ''}"
            row.append(
                HeatCell(
                    likelihood,
                    impact,
                    counts.get((likelihood, impact), 0),
                    band_for(likelihood * impact, bands),
                    url,
                )
            )
        rows.append(row)
    return HeatMap(scale.likelihood_levels, scale.impact_levels, rows, sum(counts.values()), residual)


def _state_at(history_rows, moment):
    """The last history row at or before ``moment`` per risk: {risk id: row}."""
    state = {}
    for row in history_rows:
        if row["history_date"] <= moment:
            state[row["id"]] = row
    return state


def rating_trend(risks, months: list[datetime.date]) -> dict[str, list[int]]:
    """For each month (first days), how many of ``risks`` were open at its end in each
    rating band, from the history (one query): {band name: [count per month]}."""
    bands = rating_bands()
    ids = risks.values("pk")
    history = list(
        Risk.history.filter(id__in=ids)
        .order_by("history_date", "history_id")
        .values("id", "history_date", "history_type", "status", "rating", "residual_rating")
    )
    result = {str(band.name): [0] * len(months) for band in bands}
    tz = timezone.get_current_timezone()
    for index, month in enumerate(months):
        nxt = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        end = datetime.datetime.combine(nxt, datetime.time.min, tzinfo=tz)
        for row in _state_at((r for r in history if r["history_date"] < end), end).values():
            if row["history_type"] == "-" or row["status"] == RiskStatus.CLOSED:
                continue
            rating = row["residual_rating"] if row["residual_rating"] is not None else row["rating"]
            band = band_for(rating, bands)
            if band is not None:
                result[str(band.name)][index] += 1
    return result


def risk_rating_history(risk) -> list[dict]:
    """The risk's rating at each change of it, oldest first: date, who, inherent, residual, status."""
    rows = []
    last = None
    for h in risk.history.order_by("history_date", "history_id").select_related("history_user"):
        key = (h.rating, h.residual_rating, h.status)
        if key == last:
            continue
        last = key
        rows.append(
            {
                "date": h.history_date,
                "user": h.history_user,
                "rating": h.rating,
                "residual_rating": h.residual_rating,
                "status": h.get_status_display(),
            }
        )
    return rows


# --- for the management review (9.3.2 b, e) ------------------------------------------


@dataclass(frozen=True)
class RiskRef:
    pk: int
    number: str
    title: str
    department: str
    rating: int
    residual_rating: int | None
    url: str


@dataclass
class RiskRegisterChanges:
    """What changed in the register over a period (9.3.2 b: changes in issues)."""

    added: list[RiskRef] = field(default_factory=list)
    closed: list[RiskRef] = field(default_factory=list)
    rerated: list[tuple[RiskRef, int, int]] = field(default_factory=list)  # (risk, rating before, after)
    open_total: int = 0  # open at the end of the period (now, for a period ending today)
    by_band: dict[str, int] = field(default_factory=dict)  # open risks now, per band


def _ref(row) -> RiskRef:
    return RiskRef(
        pk=row["pk"],
        number=row["number"],
        title=row["title"],
        department=row["department__code"],
        rating=row["rating"],
        residual_rating=row["residual_rating"],
        url=reverse("risks:detail", args=[row["pk"]]),
    )


REF_VALUES = ("pk", "number", "title", "department__code", "rating", "residual_rating")


def _bounds(period_start, period_end):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period_start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(period_end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def risk_register_changes(
    *, period_start: datetime.date, period_end: datetime.date, risks=None
) -> RiskRegisterChanges:
    """Risks added, closed and re-rated (current rating changed) between the two dates,
    both included. ``risks`` narrows the register (default: all). Four queries whatever
    the size of the register."""
    risks = risks if risks is not None else Risk.objects.all()
    start, end = _bounds(period_start, period_end)
    changes = RiskRegisterChanges()
    changes.added = [
        _ref(r) for r in risks.filter(created_at__gte=start, created_at__lt=end).values(*REF_VALUES)
    ]
    changes.closed = [
        _ref(r)
        for r in risks.filter(status=RiskStatus.CLOSED, closed_at__gte=start, closed_at__lt=end).values(
            *REF_VALUES
        )
    ]
    history = (
        Risk.history.filter(id__in=risks.values("pk"), history_date__lt=end)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", "rating", "residual_rating")
    )
    before, after = {}, {}
    for row in history:
        current = row["residual_rating"] if row["residual_rating"] is not None else row["rating"]
        if row["history_date"] < start:
            before[row["id"]] = current
        else:
            after[row["id"]] = current
            before.setdefault(row["id"], None)
    moved = {
        pk: (before[pk], after[pk]) for pk in after if before[pk] is not None and before[pk] != after[pk]
    }
    refs = {r["pk"]: _ref(r) for r in risks.filter(pk__in=list(moved)).values(*REF_VALUES)}
    changes.rerated = [(refs[pk], old, new) for pk, (old, new) in moved.items() if pk in refs]
    open_rows = risks.filter(status__in=OPEN_STATUSES).values_list("rating", "residual_rating")
    bands = rating_bands()
    by_band = Counter()
    for rating, residual in open_rows:
        band = band_for(residual if residual is not None else rating, bands)
        by_band[str(band.name) if band else "—"] += 1
    changes.by_band = {str(b.name): by_band.get(str(b.name), 0) for b in bands}
    changes.open_total = sum(by_band.values())
    return changes


@dataclass
class ActionEffectiveness:
    """Treatment actions over a period (9.3.2 e: effectiveness of actions on risks)."""

    due: int = 0  # due in the period (cancelled left out)
    done: int = 0  # of those, done
    done_on_time: int = 0  # of those, by their due date
    overdue_open: int = 0  # still open and past due at the end of the period
    judged_effective: int = 0  # done in the period and judged effective
    judged_ineffective: int = 0
    not_judged: int = 0
    risks_treated: int = 0  # risks with a residual rating, not closed
    risks_lowered: int = 0  # of those, residual below inherent
    by_department: dict[str, dict[str, int]] = field(default_factory=dict)


def risk_actions_effectiveness(
    *, period_start: datetime.date, period_end: datetime.date, risks=None
) -> ActionEffectiveness:
    """Figures of the treatment actions due or done in the period, and of the treated
    risks. Three aggregate queries."""
    risks = risks if risks is not None else Risk.objects.all()
    start, end = _bounds(period_start, period_end)
    state = TreatmentAction.State
    actions = TreatmentAction.objects.filter(risk__in=risks.values("pk")).exclude(status=state.CANCELLED)
    due = actions.filter(due_date__range=(period_start, period_end))
    figures = due.aggregate(
        due=Count("pk"),
        done=Count("pk", filter=Q(status=state.DONE)),
        on_time=Count("pk", filter=Q(status=state.DONE, completed_at__date__lte=F("due_date"))),
    )
    done_in_period = actions.filter(
        status=state.DONE, completed_at__gte=start, completed_at__lt=end
    ).aggregate(
        yes=Count("pk", filter=Q(effective=True)),
        no=Count("pk", filter=Q(effective=False)),
        unknown=Count("pk", filter=Q(effective__isnull=True)),
    )
    overdue = actions.filter(status=state.OPEN, due_date__lt=min(period_end, timezone.localdate())).count()
    treated = (
        risks.exclude(status=RiskStatus.CLOSED)
        .filter(residual_rating__isnull=False)
        .aggregate(treated=Count("pk"), lowered=Count("pk", filter=Q(residual_rating__lt=F("rating"))))
    )
    per_department = defaultdict(lambda: {"due": 0, "done": 0})
    for row in (
        due.order_by()
        .values("risk__department__code")
        .annotate(n=Count("pk"), d=Count("pk", filter=Q(status=state.DONE)))
    ):
        per_department[row["risk__department__code"]] = {"due": row["n"], "done": row["d"]}
    return ActionEffectiveness(
        due=figures["due"],
        done=figures["done"],
        done_on_time=figures["on_time"],
        overdue_open=overdue,
        judged_effective=done_in_period["yes"],
        judged_ineffective=done_in_period["no"],
        not_judged=done_in_period["unknown"],
        risks_treated=treated["treated"],
        risks_lowered=treated["lowered"],
        by_department=dict(per_department),
    )

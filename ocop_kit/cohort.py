"""A class's self-assessments at a glance, for the facilitator.

A workshop's trainees (``ocop_kit.workshop``) or, in a kit without workshops, trainees with
codes ``GROUP-NN`` (e.g. ``BK19-07``). Only submitted (or reviewed) work counts: the newest
submitted self-assessment of each trainee; drafts never submitted are counted, not used.
There is no per-trainee list here. Figures about the class as
a whole (star counts, averages, the criteria most often left at their lowest level) are
shown only from MIN_GROUP trainees on, so that no one's result can be read off a small
group's statistics — the same rule as the ODI Pathway tool's benchmark.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from statistics import median

from .apps.assessment import APP_ID, Assessment
from .errors import InputError
from .scoring import round2
from .storage import FINAL_STATES

MIN_GROUP = 5
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TraineeResult:
    user_code: str
    product: str
    set_name: str
    total: float
    stars: int
    answered: int
    criteria: int


@dataclass
class CohortSummary:
    group: str
    trainees: list[TraineeResult]
    skipped: int  # drafts that could not be read (e.g. a set no longer in the data)
    not_counted: int = 0  # trainees with drafts but nothing submitted
    min_group: int = MIN_GROUP
    stars: dict[int, int] = field(default_factory=dict)
    mean_total: float = 0.0
    median_total: float = 0.0
    certified: int = 0
    weakest: list[tuple[str, str, float]] = field(default_factory=list)  # (code, name, share at lowest level)
    lowest: list[tuple[str, str, float]] = field(default_factory=list)  # (code, name, mean share of the maximum)

    @property
    def size(self) -> int:
        return len(self.trainees)

    @property
    def shown(self) -> bool:
        """Class-wide figures are shown only for a large enough group."""
        return self.size >= self.min_group


def summarize(group: str, payloads: list[tuple[str, dict]], min_group: int = MIN_GROUP) -> CohortSummary:
    """``payloads``: (user code, self-assessment draft payload) for the newest draft of each trainee."""
    trainees, bottoms, names, seen_codes = [], Counter(), {}, Counter()
    earned: Counter = Counter()  # criterion → sum of (counted ÷ maximum) over the class
    skipped = 0
    for user_code, payload in payloads:
        try:
            model = Assessment.from_payload(payload, user_code=user_code)
            result = model.result()
        except InputError:
            skipped += 1
            continue
        except Exception:  # noqa: BLE001 - one unreadable draft must not hide the class
            log.exception("cohort: draft of %s skipped", user_code)
            skipped += 1
            continue
        trainees.append(TraineeResult(
            user_code=user_code, product=model.info.get("product", ""), set_name=model.cset.name,
            total=result.total, stars=result.stars, answered=len(model.answers), criteria=len(model.cset.criteria)))
        # Parts A and B are common to all product sets (same codes), so they compare across the class.
        for criterion in model.cset.criteria:
            if criterion.part in ("A", "B") and criterion.code in model.answers:
                seen_codes[criterion.code] += 1
                names.setdefault(criterion.code, criterion.name)
                if model.answers[criterion.code] == min(criterion.points):
                    bottoms[criterion.code] += 1
                row = result.row(criterion.code)
                earned[criterion.code] += row.counted / row.max if row.max else 0
    summary = CohortSummary(group=group, trainees=sorted(trainees, key=lambda r: r.user_code), skipped=skipped,
                            min_group=min_group)
    if not summary.shown:
        return summary
    totals = [r.total for r in trainees]
    summary.stars = {n: sum(1 for r in trainees if r.stars == n) for n in range(0, 6)}
    summary.mean_total = round2(sum(totals) / len(totals))
    summary.median_total = round2(median(totals))
    summary.certified = sum(1 for r in trainees if r.stars >= 3)
    shares = [(code, names[code], round2(bottoms[code] / seen_codes[code])) for code in seen_codes]
    summary.weakest = sorted((s for s in shares if s[2] > 0), key=lambda s: (-s[2], s[0]))[:5]
    # what to teach next: the criteria the class scores lowest against their maximum
    means = [(code, names[code], round2(earned[code] / seen_codes[code])) for code in seen_codes]
    summary.lowest = sorted((m for m in means if m[2] < 1), key=lambda m: (m[2], m[0]))[:5]
    return summary


def class_summary(store, group: str, app: str = APP_ID, min_group: int = MIN_GROUP) -> CohortSummary:
    """A class of trainee codes ``GROUP-NN`` (a kit without workshops): submitted work only."""
    final = store.latest_drafts_in_group(group, app, states=FINAL_STATES)
    started = {d.user_code for d in store.latest_drafts_in_group(group, app)}
    summary = summarize(group.strip().upper(), [(d.user_code, d.payload) for d in final], min_group)
    summary.not_counted = len(started - {d.user_code for d in final})
    return summary


def workshop_summary(store, join_code: str, app: str = APP_ID,
                     min_group: int = MIN_GROUP) -> CohortSummary:
    """A workshop's submitted self-assessments (one per trainee: the newest submitted)."""
    final = store.workshop_drafts(join_code, app)
    activity = store.workshop_activity(join_code)
    not_counted = sum(1 for (_owner, a), (_n, done) in activity.items() if a == app and not done)
    summary = summarize(join_code, [(d.user_code, d.payload) for d in final], min_group)
    summary.not_counted = not_counted
    return summary


# --- business plans --------------------------------------------------------------------

@dataclass(frozen=True)
class PlanFigures:
    """What a submitted business plan says about its viability (``finance.compute``)."""

    revenue_y1: int
    net_profit_y1: int
    net_profit_y3: int
    cash_low_point: int
    cash_low_month: int
    first_negative_month: int | None  # plan month 1–36 the cash balance first goes below zero
    breakeven_by_y3: bool  # year 3 makes a profit before tax (sales reach the break-even)
    payback_months: int | None

    @property
    def negative_cash(self) -> bool:
        return self.first_negative_month is not None


_FIGURES_CACHE: OrderedDict[str, PlanFigures | None] = OrderedDict()
_FIGURES_CACHE_SIZE = 2000


def plan_figures(payload) -> PlanFigures | None:
    """The figures of a stored business-plan payload; None when it cannot be read or computed.

    A 36-month cash flow takes ~15 ms; a class view refreshed every few minutes over the
    same submitted plans reuses what it computed (keyed by the payload's content)."""
    try:
        key = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    except (TypeError, ValueError):
        return _plan_figures(payload)
    if key in _FIGURES_CACHE:
        _FIGURES_CACHE.move_to_end(key)
        return _FIGURES_CACHE[key]
    figures = _FIGURES_CACHE[key] = _plan_figures(payload)
    while len(_FIGURES_CACHE) > _FIGURES_CACHE_SIZE:
        _FIGURES_CACHE.popitem(last=False)
    return figures


def _plan_figures(payload) -> PlanFigures | None:
    from .apps.business_plan import PlanState
    from .finance import PlanInputError, compute

    state = PlanState.from_payload(payload)
    if state.load_error is not None or state.is_blank():
        return None
    try:
        r = compute(state.plan.finance)
    except (PlanInputError, InputError):
        return None
    except Exception:  # noqa: BLE001 - one unreadable plan must not hide the class
        log.exception("cohort: plan skipped")
        return None
    y1, y3 = r.years[0], r.years[-1]
    return PlanFigures(y1.revenue, y1.net_profit, y3.net_profit, r.cash_low_point, r.cash_low_month,
                       r.first_negative_month, y3.profit_before_tax >= 0, r.payback_months)


@dataclass
class PlanViability:
    submitted: int  # submitted plans (newest per trainee)
    readable: int  # of which could be computed
    negative_cash: int = 0  # cash below zero in some month of 36
    breakeven_beyond_y3: int = 0  # still below break-even in year 3
    not_counted: int = 0  # trainees with plan drafts but nothing submitted
    min_group: int = MIN_GROUP

    @property
    def shown(self) -> bool:
        return self.readable >= self.min_group


def plan_viability(payloads: list[dict], min_group: int = MIN_GROUP) -> PlanViability:
    figures = [f for f in map(plan_figures, payloads) if f is not None]
    out = PlanViability(submitted=len(payloads), readable=len(figures), min_group=min_group)
    if out.shown:
        out.negative_cash = sum(1 for f in figures if f.negative_cash)
        out.breakeven_beyond_y3 = sum(1 for f in figures if not f.breakeven_by_y3)
    return out


def workshop_plan_viability(store, join_code: str, min_group: int = MIN_GROUP) -> PlanViability:
    """A workshop's submitted business plans (one per trainee: the newest submitted)."""
    from .apps.business_plan import APP_ID as PLAN_APP

    final = store.workshop_drafts(join_code, PLAN_APP)
    activity = store.workshop_activity(join_code)
    out = plan_viability([d.payload for d in final], min_group)
    out.not_counted = sum(1 for (_owner, a), (_n, done) in activity.items() if a == PLAN_APP and not done)
    return out

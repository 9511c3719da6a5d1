"""One way in to the work another app stored: the facade the CLI, the views, the class view
and the exports go through (like nbgrader's API).

A stored draft is read only by the app that wrote it (``Assessment.from_payload``,
``PlanState.from_payload``); nothing outside this module and those apps looks inside a
payload. App ids come from the apps' own ``APP_ID`` constants, never from a string typed
here. Layers: data → core (rubric, scoring, planner, council, finance, storage, cohort,
workshop, reports) → app state (``apps/``) → **services** → views → notebooks. No widgets.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import answers as answers_io
from . import cohort
from . import workshop as ws
from .apps.assessment import APP_ID as ASSESSMENT_APP
from .apps.assessment import Assessment
from .apps.business_plan import APP_ID as PLAN_APP
from .apps.business_plan import IDEA_APP_ID as IDEA_APP
from .apps.business_plan import PlanState
from .council import CouncilResult, council
from .errors import InputError
from .finance.model import BusinessPlan
from .lessons import workshop as lesson_tests
from .reports.class_export import Entry
from .scoring import ScoreResult
from .storage import FINAL_STATES, Draft, OwnerKey, StorageError

__all__ = ["ROSTER_APPS", "StoredAssessment", "Submitted", "latest_assessment", "assessment_answers",
           "plan_of", "latest_idea", "latest_test", "read_assessments", "submitted_assessments", "group_assessments",
           "workshop_summary", "class_summary", "summarize_payloads", "plan_figures_of", "submitted_plans",
           "workshop_plan_viability", "workshop_entries", "submitted_council", "council_from_documents",
           "roster"]

log = logging.getLogger(__name__)
ROSTER_APPS = (ASSESSMENT_APP, IDEA_APP, PLAN_APP)  # the roster's columns, in the order trainees meet them
MAX_DRAFTS_PER_TRAINEE = 50  # the export reads at most this many drafts of one trainee and app


@dataclass(frozen=True)
class StoredAssessment:
    """A stored self-assessment as its app reads it, scored once."""

    owner: str  # user code or workshop OwnerKey
    draft: Draft | None  # None for a payload read without its draft
    model: Assessment
    result: ScoreResult

    @property
    def product(self) -> str:
        return str(self.model.info.get("product") or (self.draft.title if self.draft else "") or "").strip()


@dataclass
class Submitted:
    """The newest submitted self-assessment of each trainee of a class or workshop."""

    assessments: list[StoredAssessment]
    skipped: int = 0  # submitted drafts the app could not read (e.g. a set no longer in the data)
    not_counted: int = 0  # trainees with drafts but nothing submitted


# --- one user's work -------------------------------------------------------------------

def _read(draft: Draft | None) -> StoredAssessment | None:
    """A self-assessment draft through the app's own reader; None when it cannot be read."""
    return None if draft is None else _read_payload(draft.user_code, draft.payload, draft)


def _read_payload(owner: str, payload, draft: Draft | None = None) -> StoredAssessment | None:
    try:
        model = Assessment.from_payload(payload, user_code=owner, draft_id=draft.draft_id if draft else "")
        return StoredAssessment(owner, draft, model, model.result())
    except InputError:
        return None
    except Exception:  # one unreadable draft must not stop its reader
        log.exception("services: self-assessment draft of %s skipped", owner)
        return None


def latest_assessment(store, user_code: str) -> StoredAssessment | None:
    """The user's newest self-assessment draft, or None (none, unreadable, no store)."""
    if not user_code:
        return None
    try:
        return _read(store.latest_draft(user_code, ASSESSMENT_APP))
    except StorageError:
        return None


def assessment_answers(store, user_code: str):
    """(answers, criteria set) of the user's newest self-assessment with an answer, or None
    (what the business plan's consistency hints compare with)."""
    found = latest_assessment(store, user_code)
    if found is None or not found.model.answers:
        return None
    return dict(found.model.answers), found.model.cset


def plan_of(store, user_code: str, look_at: int = 20) -> tuple[BusinessPlan, Draft] | None:
    """(BusinessPlan, draft) of the user's newest business-plan draft with something in it, or None.

    A draft the plan app cannot read, or one with nothing typed yet, is passed over."""
    if not user_code:
        return None
    try:
        for info in store.list_drafts(user_code, PLAN_APP, limit=look_at):
            draft = store.load_draft(info.user_code, info.app, info.draft_id)
            state = PlanState.from_payload(draft.payload) if draft is not None else None
            if state is not None and state.load_error is None and not state.is_blank():
                return state.plan, draft
    except StorageError:
        return None
    return None


def latest_idea(store, user_code: str) -> dict | None:
    """The product idea (Biểu 01 fields) of the user's newest product-idea draft, or None."""
    if not user_code:
        return None
    try:
        draft = store.latest_draft(user_code, IDEA_APP)
    except StorageError:
        return None
    if draft is None:
        return None
    state = PlanState.from_payload(draft.payload)
    return None if state.load_error is not None else dict(state.plan.product_idea)


@dataclass(frozen=True)
class TestTaken:
    when: datetime
    correct: int
    total: int


def latest_test(store, user_code: str, which: str) -> TestTaken | None:
    """The user's last pre- or post-test (``lessons.workshop.PRE``/``POST``), or None.
    ``StorageError`` is the caller's to show."""
    events = store.list_events(kind=lesson_tests.KINDS[which], user_code=user_code,
                               app=lesson_tests.APP_ID, limit=1)
    if not events:
        return None
    payload = events[0].payload if isinstance(events[0].payload, dict) else {}

    def whole(key: str) -> int:
        value = payload.get(key, 0)
        return value if type(value) is int else 0

    return TestTaken(events[0].created_at, whole("score"), whole("total"))


# --- a class's work ----------------------------------------------------------------------

def read_assessments(drafts) -> tuple[list[StoredAssessment], int]:
    """(read, unreadable) of stored self-assessment drafts."""
    read = [_read(d) for d in drafts]
    return [r for r in read if r is not None], sum(1 for r in read if r is None)


def _join_code(workshop) -> str:
    return workshop.join_code if isinstance(workshop, ws.Workshop) else str(workshop)


def _not_submitted(store, join_code: str, app: str) -> int:
    activity = store.workshop_activity(join_code)
    return sum(1 for (_owner, a), (_n, done) in activity.items() if a == app and not done)


def submitted_assessments(store, workshop) -> Submitted:
    """A workshop's (``Workshop`` or join code) newest submitted self-assessment per trainee."""
    code = _join_code(workshop)
    read, skipped = read_assessments(store.workshop_drafts(code, ASSESSMENT_APP))
    return Submitted(read, skipped, _not_submitted(store, code, ASSESSMENT_APP))


def group_assessments(store, group: str) -> Submitted:
    """A class of trainee codes ``GROUP-NN`` (a kit without workshops): the newest submitted
    self-assessment per trainee."""
    final = store.latest_drafts_in_group(group, ASSESSMENT_APP, states=FINAL_STATES)
    started = {d.user_code for d in store.latest_drafts_in_group(group, ASSESSMENT_APP)}
    read, skipped = read_assessments(final)
    return Submitted(read, skipped, len(started - {d.user_code for d in final}))


def _summary(group: str, submitted: Submitted, min_group: int | None) -> cohort.CohortSummary:
    summary = cohort.summarize(group, submitted.assessments, skipped=submitted.skipped, min_group=min_group)
    summary.not_counted = submitted.not_counted
    return summary


def workshop_summary(store, workshop, min_group: int | None = None) -> cohort.CohortSummary:
    """The class figures of a workshop's submitted self-assessments."""
    return _summary(_join_code(workshop), submitted_assessments(store, workshop), min_group)


def class_summary(store, group: str, min_group: int | None = None) -> cohort.CohortSummary:
    """The class figures of a class of trainee codes (submitted work only)."""
    return _summary(group.strip().upper(), group_assessments(store, group), min_group)


def summarize_payloads(group: str, payloads: list[tuple[str, dict]],
                       min_group: int | None = None) -> cohort.CohortSummary:
    """Class figures of (user code, stored self-assessment payload) pairs."""
    read = [_read_payload(code, payload) for code, payload in payloads]
    found = [r for r in read if r is not None]
    return _summary(group, Submitted(found, len(read) - len(found)), min_group)


# --- business plans ----------------------------------------------------------------------

_FIGURES_CACHE: OrderedDict[str, cohort.PlanFigures | None] = OrderedDict()
_FIGURES_CACHE_SIZE = 2000


def _plan_figures(payload) -> cohort.PlanFigures | None:
    state = PlanState.from_payload(payload)
    if state.load_error is not None or state.is_blank():
        return None
    return cohort.plan_figures(state.plan.finance)


def plan_figures_of(payload) -> cohort.PlanFigures | None:
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


def submitted_plans(store, workshop) -> tuple[list[cohort.PlanFigures | None], int]:
    """(figures of each trainee's newest submitted plan (None: unreadable), trainees with plan
    drafts but nothing submitted)."""
    code = _join_code(workshop)
    figures = [plan_figures_of(d.payload) for d in store.workshop_drafts(code, PLAN_APP)]
    return figures, _not_submitted(store, code, PLAN_APP)


def workshop_plan_viability(store, workshop, min_group: int | None = None) -> cohort.PlanViability:
    """A workshop's submitted business plans (one per trainee: the newest submitted)."""
    figures, not_counted = submitted_plans(store, workshop)
    out = cohort.plan_viability(figures, min_group)
    out.not_counted = not_counted
    return out


# --- the export ----------------------------------------------------------------------------

def _submitted_drafts(store, owner: str, app: str) -> list[Draft]:
    out = []
    for info in store.list_drafts(owner, app, limit=MAX_DRAFTS_PER_TRAINEE):
        if info.state in FINAL_STATES:
            draft = store.load_draft(info.user_code, info.app, info.draft_id)
            if draft is not None:
                out.append(draft)
    return out  # newest first


def workshop_entries(store, workshop: ws.Workshop) -> tuple[list[Entry], int]:
    """(export entries, unreadable drafts): per trainee, the newest submitted assessment of each
    product (criteria set + product name), with the trainee's newest submitted plan."""
    entries, skipped = [], 0
    for trainee in store.list_trainees(workshop.id):
        owner = OwnerKey(workshop.join_code, trainee["id"])
        plans = (plan_figures_of(d.payload) for d in _submitted_drafts(store, owner, PLAN_APP))
        figures = next((f for f in plans if f is not None), None)
        seen = set()
        for draft in _submitted_drafts(store, owner, ASSESSMENT_APP):
            stored = _read(draft)
            if stored is None:
                skipped += 1
                continue
            key = (stored.model.version.id, stored.model.cset.name, stored.product.casefold())
            if key not in seen:
                seen.add(key)
                entries.append(Entry(trainee["display_name"], owner, draft, stored.model, stored.result, figures))
    return entries, skipped


# --- councils ------------------------------------------------------------------------------

def submitted_council(store, workshop: ws.Workshop, limit: int = 30) -> list[tuple[str, dict]]:
    """(trainee name, answers document) of the submitted self-assessments of the workshop's most
    common criteria set: a mock council of the class."""
    names = ws.names_by_owner(store, workshop)
    groups: dict[tuple[str, str], list[tuple[str, dict]]] = {}
    for stored in submitted_assessments(store, workshop).assessments:
        m, name = stored.model, names.get(stored.owner, "?")
        sheet = {"rubric": m.version.id, "set": m.cset.name, "rater": name,
                 "answers": dict(m.answers), "facts": dict(m.facts)}
        groups.setdefault((m.version.id, m.cset.name), []).append((name, sheet))
    return max(groups.values(), key=len)[:limit] if groups else []


def council_from_documents(docs: list[tuple[str, answers_io.AnswersFile]],
                           sheet: str | None = None) -> CouncilResult:
    """The council of parsed answers documents, (file name, document) each; the rater is the
    document's ``rater`` or the file's stem. Documents of different sets raise
    ``InputError("input.mixed_sets")`` naming the first that differs."""
    if not docs:
        raise ValueError("a council needs at least one sheet")
    first_name, first = docs[0]
    version, cset = answers_io.resolve(first, first_name, sheet)
    for name, doc in docs[1:]:
        other_version, other = answers_io.resolve(doc, name, sheet)
        if (other_version.id, other.name) != (version.id, cset.name):
            raise InputError("input.mixed_sets", name, first=cset.name, other=other.name)
    raters = [(doc.info.get("rater") or Path(name).stem, doc.answers, doc.facts) for name, doc in docs]
    return council(version, cset, raters)


# --- the room ------------------------------------------------------------------------------

def roster(store, workshop: ws.Workshop) -> ws.Roster:
    """Who joined, and per app of ``ROSTER_APPS`` who started and who submitted."""
    return ws.roster(store, workshop, ROSTER_APPS)

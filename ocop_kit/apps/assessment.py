"""One self-assessment as a plain object: who, which product, which set, the chosen levels.

No widgets here: the view (``ocop_kit.views.assessment``) and the reports read this model,
and tests drive it directly. Scores come from the core engine and are cached until the
next change; listeners hear about every change (``kind``, ``key``).
"""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .. import answers as answers_io
from ..dossier import fields as dossier_fields
from ..errors import InputError
from ..planner import Plan, Step
from ..planner import plan as make_plan
from ..rubric.model import CriteriaSet, Criterion, RubricVersion
from ..rubric.registry import load_version
from ..rubric.rules import facts_needed
from ..scoring import ScoreResult, format_points, score
from ..text import clip, collapse, nfc

APP_ID = "assessment"
PAYLOAD_SCHEMA = 1
# No district: local government has two tiers (province, commune) since 1 July 2025.
INFO_FIELDS = ("product", "producer", "commune", "province")
INFO_MAX = 200
EVIDENCE_MAX = 2000

Listener = Callable[[str, str], object]


class Assessment:
    """A self-assessment of one product against one criteria set."""

    def __init__(self, version: RubricVersion, cset: CriteriaSet, *, user_code: str = "",
                 user_name: str = "", draft_id: str = ""):
        self.version = version
        self.cset = cset
        self.user_code = user_code
        self.user_name = user_name
        self.draft_id = draft_id
        self.info: dict[str, str] = dict.fromkeys(INFO_FIELDS, "")
        self.answers: dict[str, float] = {}
        self.cases: dict[str, int] = {}  # chosen case where a criterion offers two (A.3.2)
        self.evidence: dict[str, str] = {}
        self.facts: dict[str, bool] = {}
        self.target: int | None = None
        # what Mẫu 01/02 need beyond the self-assessment (keys and bounds: forms/dossier.json)
        self.dossier: dict = {}
        self.illustrative = False  # a training sample: the dossier says so on each form
        self.label = ""  # a draft title chosen for a copy ("Bản sao của …"); else the product
        self.what_if: list[Step] = []  # planner steps tried on top of the answers
        self.date = date.today().isoformat()
        self._by_code = cset.by_code()
        self._listeners: list[Listener] = []
        self._result: ScoreResult | None = None
        self._plan: Plan | None = None
        self._what_if_result: ScoreResult | None = None

    @classmethod
    def new(cls, version_id: str, set_name_or_slug: str, **kwargs) -> Assessment:
        version = load_version(version_id)
        cset = version.find_set(set_name_or_slug)
        if cset is None:
            raise InputError("input.unknown_set", set=set_name_or_slug, version=version_id)
        return cls(version, cset, **kwargs)

    # --- listeners ------------------------------------------------------------------

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _changed(self, kind: str, key: str = "", *, scores: bool = True) -> None:
        if scores:
            self._result = self._plan = self._what_if_result = None
            self.what_if = []  # steps planned for other answers no longer apply
        for listener in list(self._listeners):
            listener(kind, key)

    # --- edits ----------------------------------------------------------------------

    def criterion(self, code: str) -> Criterion:
        try:
            return self._by_code[code]
        except KeyError:
            raise InputError("input.unknown_code", code=code, set=self.cset.name) from None

    def set_answer(self, code: str, points: float | None, case: int | None = None) -> None:
        """Choose a level by its points (None clears the answer)."""
        criterion = self.criterion(code)
        if points is None:
            changed = code in self.answers
            self.answers.pop(code, None)
            self.cases.pop(code, None)
        else:
            if isinstance(points, bool) or points not in criterion.points:
                raise InputError("input.bad_points", code=code, points=points,
                                 levels=", ".join(format_points(p) for p in criterion.points))
            if case is not None and not any(lv.case == case and lv.points == points for lv in criterion.levels):
                case = None
            changed = self.answers.get(code) != points or self.cases.get(code) != case
            self.answers[code] = points
            if case is None or len(criterion.cases) < 2:
                self.cases.pop(code, None)
            else:
                self.cases[code] = case
        if changed:
            self._changed("answer", code)

    def set_evidence(self, code: str, text: str) -> bool:
        """Store the user's evidence note; True when it had to be cut."""
        self.criterion(code)
        text, cut = clip(nfc(text or ""), EVIDENCE_MAX)
        if text.strip():
            if self.evidence.get(code) == text:
                return cut
            self.evidence[code] = text
        elif code in self.evidence:
            del self.evidence[code]
        else:
            return cut
        self._changed("evidence", code, scores=False)
        return cut

    def set_fact(self, fact_id: str, value: bool | None) -> None:
        if fact_id not in self.version.facts:
            raise InputError("input.bad_fact", fact=fact_id, facts=", ".join(self.version.facts))
        if value is None:
            if self.facts.pop(fact_id, None) is not None:
                self._changed("fact", fact_id)
            return
        if self.facts.get(fact_id) != bool(value):
            self.facts[fact_id] = bool(value)
            self._changed("fact", fact_id)

    def set_info(self, field: str, text: str) -> bool:
        """product / producer / commune / district / province; True when the text was cut."""
        if field not in INFO_FIELDS:
            raise KeyError(field)
        text, cut = clip(collapse(text), INFO_MAX)
        if self.info.get(field) != text:
            self.info[field] = text
            self._changed("info", field, scores=False)
        return cut

    def set_dossier(self, key: str, value) -> bool:
        """A field of the dossier: a text, a choice's value or a box (None or "" clears it).

        Bounded by the dossier package's own ``clean``; True when the text had to be cut.
        """
        f = dossier_fields.fields().get(key)
        if f is None or not f.answer_key:
            raise KeyError(key)
        cut = False
        if f.kind == "checkbox":
            new = None if value is None else bool(value)
        else:
            text = nfc("" if value is None else str(value)).strip()
            new = dossier_fields.clean({key: text}).get(key)
            cut = isinstance(new, str) and bool(new) and len(new) < len(text)
        if new is None:
            if self.dossier.pop(key, None) is None:
                return cut
        elif self.dossier.get(key) == new:
            return cut
        else:
            self.dossier[key] = new
        self._changed("dossier", key, scores=False)
        return cut

    def set_attachment(self, topic: str, text: str) -> bool:
        """What the producer attaches for one evidence topic of Part III; True when cut."""
        if topic not in {x["id"] for x in dossier_fields.evidence_topics()}:
            raise KeyError(topic)
        text = nfc(text or "").strip()
        attached = dict(self.dossier.get(dossier_fields.ATTACHMENTS) or {})
        new = dossier_fields.clean({dossier_fields.ATTACHMENTS: {topic: text}})
        value = new.get(dossier_fields.ATTACHMENTS, {}).get(topic)
        cut = bool(value) and len(value) < len(text)
        if attached.get(topic) == value:
            return cut
        if value is None:
            attached.pop(topic, None)
        else:
            attached[topic] = value
        if attached:
            self.dossier[dossier_fields.ATTACHMENTS] = attached
        else:
            self.dossier.pop(dossier_fields.ATTACHMENTS, None)
        self._changed("dossier", f"{dossier_fields.ATTACHMENTS}.{topic}", scores=False)
        return cut

    def set_target(self, stars: int | None) -> None:
        stars = None if stars in (None, 0, "") else int(stars)
        if stars != self.target:
            self.target = stars
            self._plan = None
            self.what_if = []
            self._what_if_result = None
            self._changed("target", str(stars or ""), scores=False)

    # --- what-if on planner steps ----------------------------------------------------

    def apply_step(self, code: str) -> Step:
        """Try one step of the current plan on top of the answers (the answers stay)."""
        step = next((s for s in self.plan().steps if s.code == code), None)
        if step is None:
            raise KeyError(code)
        if all(s.code != code for s in self.what_if):
            self.what_if.append(step)
            self._what_if_result = None
            self._changed("what_if", code, scores=False)
        return step

    def undo_step(self) -> Step | None:
        if not self.what_if:
            return None
        step = self.what_if.pop()
        self._what_if_result = None
        self._changed("what_if", step.code, scores=False)
        return step

    def what_if_answers(self) -> dict[str, float]:
        out = dict(self.answers)
        out.update({s.code: s.to_points for s in self.what_if})
        return out

    def what_if_result(self) -> ScoreResult | None:
        if not self.what_if:
            return None
        if self._what_if_result is None:
            self._what_if_result = score(self.version, self.cset, self.what_if_answers(), self.facts)
        return self._what_if_result

    # --- results --------------------------------------------------------------------

    def result(self) -> ScoreResult:
        if self._result is None:
            self._result = score(self.version, self.cset, self.answers, self.facts)
        return self._result

    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = make_plan(self.version, self.cset, self.answers, self.facts, self.target)
        return self._plan

    def relevant_facts(self) -> list[str]:
        """The yes/no questions this set's rules depend on (rejection, gates, exclusions), in order."""
        return facts_needed(self.cset)

    def fact_value(self, fact_id: str) -> bool:
        """The answer given, else the default the engine assumes."""
        if fact_id in self.facts:
            return self.facts[fact_id]
        return self.version.facts[fact_id].default

    def level_index(self, code: str) -> int | None:
        """Index in ``criterion.levels`` of the chosen level (case-aware), or None."""
        points = self.answers.get(code)
        if points is None:
            return None
        levels = self.criterion(code).levels
        case = self.cases.get(code)
        for i, level in enumerate(levels):
            if level.points == points and (case is None or level.case == case):
                return i
        return None

    def dossier_target(self) -> int | None:
        """The star the dossier is checked for by default: the rating, or the band's star when
        minimums hold it back; None when the product is not rated."""
        result = self.result()
        if result.excluded:
            return None
        return result.band_stars if result.held_back else (result.stars or None)

    def dossier_missing(self, plan=None, lang: str = "vi", target: int | None = None) -> list:
        """What Mẫu 01/02 still lack (``ocop_kit.dossier.missing_for``), for ``target`` stars."""
        from ..dossier import missing_for

        return missing_for(self.answers_doc(), self.version, self.cset, plan, lang, target=target,
                           result=self.result())

    def dossier_document(self, plan=None, lang: str = "vi"):
        """Mẫu 01 and Mẫu 02 filled from this assessment (and a business plan), for the renderers."""
        from ..dossier import build

        return build(self.answers_doc(), self.version, self.cset, self.result(), plan, lang, cases=self.cases)

    def title(self) -> str:
        return self.label or self.info.get("product") or self.cset.name

    def summary(self, lang: str = "vi") -> str:
        from ..i18n import t

        result = self.result()
        return t("assessment.draft_summary", lang, set=self.cset.label(lang),
                 total=format_points(result.total, lang), stars=result.stars,
                 answered=len(self.answers), count=len(self.cset.criteria))

    # --- drafts ---------------------------------------------------------------------

    def to_payload(self) -> dict:
        return {
            "schema": PAYLOAD_SCHEMA, "app": APP_ID,
            "rubric": self.version.id, "set": self.cset.slug, "set_name": self.cset.name,
            "user_name": self.user_name, "info": dict(self.info), "date": self.date,
            "answers": dict(self.answers), "cases": dict(self.cases),
            "evidence": dict(self.evidence), "facts": dict(self.facts), "target": self.target,
            "label": self.label, "dossier": copy.deepcopy(self.dossier), "illustrative": self.illustrative,
        }

    @classmethod
    def from_payload(cls, payload: dict, *, user_code: str = "", draft_id: str = "") -> Assessment:
        """Rebuild from a stored draft; levels that no longer fit the set are dropped.

        A payload of the wrong shape raises InputError (``input.draft_unreadable``), never
        anything else: parts that are not objects count as empty.
        """
        payload = dict(payload) if isinstance(payload, dict) else {}
        for part in ("info", "answers", "cases", "evidence", "facts"):
            if not isinstance(payload.get(part) or {}, dict):
                payload[part] = {}
        payload["cases"] = {k: v for k, v in (payload.get("cases") or {}).items() if type(v) is int}
        for key in ("set", "set_name", "user_name", "label", "date"):
            if not isinstance(payload.get(key) or "", str):
                payload[key] = ""
        if not isinstance(payload.get("rubric"), str) or len(payload["rubric"]) > 100:
            raise InputError("input.draft_unreadable")
        version = load_version(payload["rubric"])
        cset = version.find_set(payload.get("set", "")) or version.find_set(payload.get("set_name", ""))
        if cset is None:
            raise InputError("input.unknown_set", set=payload.get("set_name") or payload.get("set"),
                             version=version.id)
        model = cls(version, cset, user_code=user_code, user_name=payload.get("user_name", ""),
                    draft_id=draft_id)
        for key in INFO_FIELDS:
            model.info[key] = clip(collapse(str(payload.get("info", {}).get(key, "") or "")), INFO_MAX)[0]
        model.date = str(payload.get("date") or model.date)[:10]
        model.label = clip(collapse(str(payload.get("label", "") or "")), INFO_MAX)[0]
        by_code = cset.by_code()
        cases = payload.get("cases", {}) or {}
        for code, points in (payload.get("answers") or {}).items():
            if code in by_code and not isinstance(points, bool) and points in by_code[code].points:
                model.answers[code] = points
                if code in cases and len(by_code[code].cases) > 1:
                    model.cases[code] = int(cases[code])
        for code, text in (payload.get("evidence") or {}).items():
            if code in by_code and isinstance(text, str) and text.strip():
                model.evidence[code] = clip(nfc(text), EVIDENCE_MAX)[0]
        for fact_id, value in (payload.get("facts") or {}).items():
            if fact_id in version.facts and isinstance(value, bool):
                model.facts[fact_id] = value
        target = payload.get("target")
        model.target = int(target) if isinstance(target, int) and version.band_for_stars(target) else None
        model.dossier = _stored_dossier(payload.get("dossier"))
        model.illustrative = payload.get("illustrative") is True
        return model

    def copy(self) -> Assessment:
        return Assessment.from_payload(self.to_payload(), user_code=self.user_code)

    # --- answers files (the CLI's format) -------------------------------------------

    def answers_doc(self) -> answers_io.AnswersFile:
        """This assessment as the CLI reads an answers file (the dossier is built from it)."""
        info = {k: v for k, v in self.info.items() if v}
        if self.user_name:
            info["rater"] = self.user_name
        info["date"] = self.date
        return answers_io.AnswersFile(
            rubric=self.version.id, set=self.cset.name, answers=dict(self.answers),
            evidence=dict(self.evidence), facts=dict(self.facts), info=info,
            illustrative=self.illustrative, dossier=copy.deepcopy(self.dossier))

    def to_answers_file(self) -> dict:
        return self.answers_doc().to_dict()

    def answers_json(self) -> str:
        return json.dumps(self.to_answers_file(), ensure_ascii=False, indent=1)

    @classmethod
    def from_answers_file(cls, source: dict | str | Path | bytes, *, where: str = "",
                          user_code: str = "") -> Assessment:
        """Read an answers file (a dict, JSON text/bytes or a path).

        Raises ``InputError`` whose message names the criterion that does not fit the set.
        """
        if isinstance(source, Path) or (isinstance(source, str) and not source.lstrip().startswith("{")):
            doc = answers_io.load(source)
            where = where or str(source)
        else:
            if isinstance(source, bytes):
                source = source.decode("utf-8-sig", errors="replace")
            if isinstance(source, str):
                try:
                    source = json.loads(source)
                except json.JSONDecodeError as exc:
                    raise InputError("input.bad_json", where, line=exc.lineno, col=exc.colno,
                                     error=exc.msg) from None
            doc = answers_io.parse(source, where)
        version, cset = answers_io.resolve(doc, where)
        model = cls(version, cset, user_code=user_code, user_name=doc.info.get("rater", ""))
        for key in INFO_FIELDS:
            model.info[key] = clip(collapse(doc.info.get(key, "")), INFO_MAX)[0]
        if doc.info.get("date"):
            model.date = doc.info["date"][:10]
        model.answers = dict(doc.answers)
        model.evidence = {k: v for k, v in doc.evidence.items() if k in model._by_code and v.strip()}
        model.facts = dict(doc.facts)
        model.dossier = copy.deepcopy(doc.dossier)
        model.illustrative = doc.illustrative
        return model


def _stored_dossier(data) -> dict:
    """The dossier of a stored draft: what fits is kept, key by key (a draft never fails to open)."""
    if not isinstance(data, dict):
        return {}
    out: dict = {}
    for key, value in data.items():
        try:
            out.update(dossier_fields.clean({key: value}))
        except InputError:
            continue
    return out

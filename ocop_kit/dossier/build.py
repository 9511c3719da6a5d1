"""Mẫu 01 and Mẫu 02 of QĐ 26/2026 as plain data, filled from a self-assessment (and a business plan).

Every value comes from what the producer entered (the answers file, its ``dossier`` object and
facts, the business plan) or from the criteria data; a field left empty is shown as the form's
dotted line. Only the generic criteria and score API is used (codes, names, levels, points,
parts, total, stars), so any criteria version fits. Renderers (``ocop_kit.reports.dossier_*``)
read the :class:`Dossier` and add nothing but layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date
from typing import TYPE_CHECKING

from ..i18n import pick, t, tn
from ..money import format_vnd
from ..scoring import COUNTED, format_points
from ..text import collapse
from . import fields as defs

if TYPE_CHECKING:
    from ..answers import AnswersFile
    from ..finance.model import BusinessPlan
    from ..rubric.model import CriteriaSet, RubricVersion
    from ..scoring import ScoreResult

DOTS = "…" * 16  # the form's dotted line, for a field left empty
CELL_DOTS = "…" * 10  # the same in a table cell
# characters XML 1.0 cannot hold (DOCX refuses them); a pasted text may carry them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain(text) -> str:
    """Text as it may go into any document: characters XML cannot hold removed, NFC, ends trimmed."""
    from ..text import nfc

    text = nfc("" if text is None else str(text)).encode("utf-8", "replace").decode("utf-8")  # lone surrogates
    return _NOT_XML.sub("", text).strip()


@dataclass
class Value:
    """A field's value and where it came from (``dossier.phone``, ``plan.business_plan.org_chart`` …)."""

    text: str = ""  # the text as entered; for a choice its value
    checked: bool | None = None  # checkboxes
    source: str = ""

    @property
    def empty(self) -> bool:
        return not self.text and not self.checked


@dataclass
class Line:
    """One printed line of a form: a field (label and value) or a piece of the form's own text."""

    id: str  # field id; "" for the form's own text
    label: str
    kind: str  # a field kind, or "note" / "label" for the form's own text
    value: str = ""  # as the producer entered it (a choice: its label); "" when empty
    checked: bool | None = None
    options: list = field(default_factory=list)  # [(label, ticked)] for a choice shown as boxes
    number: str = ""
    suffix: str = ""
    source: str = ""
    align: str = ""
    bare: bool = False  # no colon after the label

    @property
    def is_field(self) -> bool:
        return bool(self.id)

    @property
    def empty(self) -> bool:
        if not self.is_field:
            return False
        if self.kind == "checkbox":
            return not self.checked
        if self.options:
            return not any(ticked for _, ticked in self.options)
        return not self.value

    @property
    def head(self) -> str:
        """Number and label as printed before the value ("4. Điện thoại:")."""
        text = f"{self.number} {self.label}".strip()
        return text if self.bare else text + ":"

    @property
    def shown(self) -> str:
        """The value as printed: the text, or the dotted line when nothing was entered."""
        return self.value or DOTS

    def printed(self, box, text=str, gap: str = " ") -> str:
        """The line as one run of text (head, value or boxes, suffix); ``box(bool)`` draws a tick box,
        ``text`` escapes for the output format, ``gap`` separates a choice's options."""
        if self.options:
            out = f"{text(self.head)} " + gap.join(f"{text(label)} {box(bool(ticked))}"
                                                   for label, ticked in self.options)
        elif self.kind in ("checkbox", "checkbox_text"):
            extra = f" {text(self.value)}" if self.kind == "checkbox_text" and self.value else ""
            out = f"{text(self.head)} {box(bool(self.checked))}{extra}"
        else:
            out = f"{text(self.head)} {text(self.shown)}"
        return out + (f" {text(self.suffix)}" if self.suffix else "")


@dataclass
class Heading:
    level: int  # 1 part, 2 section, 3 group of sub-criteria
    text: str
    points: str = ""


@dataclass
class CriterionRow:
    code: str
    name: str
    level: str  # the chosen level's text; "" when unanswered
    points: str  # the chosen level's points; "" when unanswered
    max: str
    evidence: str  # the producer's evidence description
    answered: bool
    counted: bool  # False when a rule of the set keeps the points out of the total


@dataclass
class CriteriaBlock:
    set_name: str
    version: str
    rows: list  # Heading | CriterionRow, in the set's order
    totals: list  # [(part label, "28/40")]
    total: str
    star: str
    rules: list  # rules that fired, in words


@dataclass
class Figures:
    title: str
    columns: list  # one per plan year
    rows: list  # [(label, [text per column])]
    note: str = ""  # why there are no figures, when they could not be computed


@dataclass
class EvidenceRow:
    id: str
    topic: str
    requirement: str
    attached: str  # what the producer attaches; "" when not said


@dataclass
class Part:
    id: str
    heading: str = ""
    title: str = ""
    intro: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # list[list[Line]]: lines printed together
    criteria: CriteriaBlock | None = None
    evidence_intro: str = ""
    evidence: list = field(default_factory=list)  # list[EvidenceRow]
    outro: list = field(default_factory=list)
    figures: Figures | None = None

    def lines(self) -> list[Line]:
        return [line for row in self.rows for line in row]


@dataclass
class Signature:
    place_date: str
    title: str
    note: str
    name: str  # the legal representative, when entered


@dataclass
class Official:
    heading: str
    blocks: list  # [(title, [lines])]
    signature: Signature | None


@dataclass
class Form:
    id: str
    number: str
    title: str
    subtitle: str
    national_heading: bool
    parts: list  # list[Part]
    signature: Signature
    official: Official | None = None

    def lines(self) -> list[Line]:
        return [line for part in self.parts for line in part.lines()]

    def line(self, field_id: str) -> Line:
        return next(line for line in self.lines() if line.id == field_id)


@dataclass
class Dossier:
    lang: str
    title: str
    product: str
    producer: str
    forms: list  # list[Form]: Mẫu 01, Mẫu 02
    illustrative: str = ""  # a warning when the answers are a training example

    def form(self, form_id: str) -> Form:
        return next(f for f in self.forms if f.id == form_id)


# --- values ---------------------------------------------------------------------------------

def _source_value(source: str, doc: AnswersFile, cset: CriteriaSet, plan, lang: str):
    kind, _, name = source.partition(".")
    if kind == "answers":
        return doc.info.get(name, "")
    if kind == "dossier":
        return doc.dossier.get(name)
    if kind == "facts":
        return doc.facts.get(name)
    if kind == "plan":
        if plan is None:
            return None
        form, _, key = name.partition(".")
        value = (getattr(plan, form, None) or {}).get(key)
        return None if value is None or isinstance(value, (dict, list)) else value
    if kind == "set":
        parts = [pick(cset.sector, lang), pick(cset.group, lang), cset.label(lang)]
        return " – ".join(p for p in parts if p)
    raise ValueError(source)


def _name(source) -> str:
    return "+".join(source) if isinstance(source, tuple) else source


def field_values(doc: AnswersFile, cset: CriteriaSet, plan: BusinessPlan | None = None,
                 lang: str = "vi") -> dict[str, Value]:
    """Every dossier field's value: the first of its sources that holds something."""
    out: dict[str, Value] = {}
    for f in defs.fields().values():
        value = Value()
        for source in f.sources:
            if isinstance(source, tuple):
                raw = "\n".join(p for p in (plain(_source_value(s, doc, cset, plan, lang)) for s in source) if p)
            else:
                raw = _source_value(source, doc, cset, plan, lang)
            if f.kind == "checkbox":
                if isinstance(raw, bool):
                    value = Value(checked=raw, source=_name(source))
                    break
            else:
                text = plain(raw)
                if f.max_length:
                    text = text[: f.max_length]
                if text:
                    value = Value(text=text, source=_name(source))
                    break
        out[f.id] = value
    for f in defs.fields().values():  # "d) IP registered" is ticked when a kind of IP is
        if f.kind == "checkbox" and not out[f.id].checked and any(not out[i].empty for i in f.implied_by):
            out[f.id] = Value(checked=True, source="implied_by")
    return out


def _iso(text: str) -> tuple[str, str, str] | None:
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text or "")
    if not match:
        return None
    try:
        _date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return match[3], match[2], match[1]


def _shown_text(f: defs.DossierField, value: Value, lang: str) -> str:
    if f.kind == "choice" and value.text:
        return f.option_label(value.text, lang) or value.text  # an unknown value is shown as typed
    if f.kind == "date" and value.text:
        parts = _iso(value.text)
        return "/".join(parts) if parts else value.text
    if f.kind == "year" and value.text:
        match = re.match(r"^\s*(\d{4})", value.text)
        return match[1] if match else value.text
    return value.text


def _line(spec: dict, values: dict[str, Value], lang: str) -> Line:
    if "field" not in spec:
        return Line(id="", label=pick(spec["text"], lang), kind=spec["style"])
    f = defs.fields()[spec["field"]]
    value = values[f.id]
    line = Line(id=f.id, label=pick(spec.get("label") or f.label, lang), kind=f.kind,
                value=_shown_text(f, value, lang), checked=bool(value.checked) if f.kind == "checkbox" else None,
                number=spec.get("number", ""), suffix=pick(spec.get("suffix"), lang) if spec.get("suffix") else "",
                source=value.source, align=spec.get("align", ""), bare=bool(spec.get("bare")))
    if f.kind == "checkbox_text":
        line.checked = bool(value.text)
    if spec.get("boxes"):
        line.options = [(pick(label, lang), value.text == v) for v, label in f.options]
    return line


def _rows(lines: list[dict], values, lang) -> list[list[Line]]:
    rows: list[list[Line]] = []
    joined = False
    for spec in lines:
        line = _line(spec, values, lang)
        if joined:
            rows[-1].append(line)
        else:
            rows.append([line])
        joined = bool(spec.get("inline_with"))
    return rows


# --- part III: the criteria ------------------------------------------------------------------

def _criteria(version: RubricVersion, cset: CriteriaSet, result: ScoreResult, doc: AnswersFile,
              cases: dict | None, lang: str) -> CriteriaBlock:
    L = lambda key, **kw: t("dossier." + key, lang, **kw)  # noqa: E731
    rows: list = []
    part = section = parent = None
    for criterion in cset.criteria:
        if criterion.part != part:
            part, section, parent = criterion.part, None, None
            name = pick(version.parts[part].name, lang) if part in version.parts else ""
            rows.append(Heading(1, L("part_heading", part=part, name=name),
                                format_points(result.part_max.get(part, cset.part_sum(part)), lang)))
        if criterion.section != section:
            section, parent = criterion.section, None
            rows.append(Heading(2, plain(criterion.section_label(lang))))
        group = criterion.parent_en if lang == "en" and criterion.parent_en else criterion.parent
        if group and group != parent:
            rows.append(Heading(3, plain(group)))
        parent = group
        answered = doc.answers.get(criterion.code)
        row = next((r for r in result.rows if r.code == criterion.code), None)
        level = ""
        if answered is not None:
            case = (cases or {}).get(criterion.code)
            chosen = next((lv for lv in criterion.levels
                           if lv.points == answered and (case is None or lv.case == case)), None)
            chosen = chosen or criterion.level_for(answered)
            level = plain(chosen.text) if chosen else ""
        counted = row is not None and row.status == COUNTED
        points = "" if answered is None else format_points(answered, lang)
        if answered is not None and not counted:
            points += " " + L("not_counted")
        rows.append(CriterionRow(
            code=criterion.code, name=plain(criterion.label(lang)), level=level, points=points,
            max=format_points(criterion.max_points, lang), evidence=plain(doc.evidence.get(criterion.code, "")),
            answered=answered is not None, counted=counted))
    totals = [(L("part_total", part=p),
               f"{format_points(result.parts[p], lang)}/{format_points(result.part_max[p], lang)}")
              for p in version.parts if cset.in_part(p)]
    star = (L("excluded") if result.excluded
            else f"{'★' * result.stars} {tn('assessment.stars', result.stars, lang, stars=result.stars)}")
    return CriteriaBlock(
        set_name=cset.label(lang), version=version.title_label(lang), rows=rows, totals=totals,
        total=f"{format_points(result.total, lang)}/{format_points(sum(result.part_max.values()), lang)}",
        star=star, rules=[plain(m.text(lang)) for m in result.rules])


# --- parts II and IV: the business plan's figures ----------------------------------------------

def plan_years(plan: BusinessPlan | None):
    """The plan's computed years, or (None, message key) when it cannot be computed."""
    if plan is None:
        return None, ""
    from ..errors import InputError
    from ..finance import compute

    if not plan.finance.products:
        return None, "dossier.plan_no_figures"
    try:
        return compute(plan.finance).years, ""
    except (InputError, TypeError, ValueError, ArithmeticError, AttributeError, IndexError, KeyError):
        # a plan file holds what was typed, of any shape: the dossier says it has no figures
        return None, "dossier.plan_not_computed"


def _figures(spec: dict, plan, years, problem: str, lang: str) -> Figures | None:
    if plan is None:
        return None
    title = pick(spec["title"], lang)
    if years is None:
        return Figures(title=title, columns=[], rows=[], note=t(problem, lang))
    from ..finance import calendar_month

    columns, revenue, before, net = [], [], [], []
    for n in spec["years"]:
        y = years[n - 1]
        start = calendar_month(plan.finance, (n - 1) * 12 + 1)
        end = calendar_month(plan.finance, n * 12)
        columns.append(t("dossier.plan_year", lang, year=n, start=f"{start[1]:02d}/{start[0]}",
                         end=f"{end[1]:02d}/{end[0]}"))
        revenue.append(format_vnd(y.revenue, lang))
        before.append(format_vnd(y.profit_before_tax, lang))
        net.append(format_vnd(y.net_profit, lang))
    rows = [(t("dossier.fig_revenue", lang), revenue), (t("dossier.fig_profit_before_tax", lang), before),
            (t("dossier.fig_net_profit", lang), net)]
    return Figures(title=title, columns=columns, rows=rows)


# --- the dossier -----------------------------------------------------------------------------

def _signature(spec: dict, values: dict[str, Value], lang: str) -> Signature:
    """The signature block; an office's block names no place, date or signer."""
    place_date = name = ""
    if "place" in spec:
        day, month, year = _iso(values[spec["date"]].text) or ("……", "……", "……")
        place_date = t("dossier.place_date", lang, place=values[spec["place"]].text or "……",
                       day=day, month=month, year=year)
        name = values[spec["name"]].text
    return Signature(place_date=place_date, title=pick(spec["title"], lang), note=pick(spec["note"], lang), name=name)


def build(doc: AnswersFile, version: RubricVersion, cset: CriteriaSet, result: ScoreResult,
          plan: BusinessPlan | None = None, lang: str = "vi", cases: dict | None = None) -> Dossier:
    """Both forms, every field filled from what the producer entered or left empty (dotted).

    ``cases`` (criterion code → case) picks the level text where a criterion offers alternative
    cases with the same points; without it the first such level is shown.
    """
    values = field_values(doc, cset, plan, lang)
    years, problem = plan_years(plan)
    topics = doc.dossier.get(defs.ATTACHMENTS, {})
    forms = []
    for spec in defs.forms():
        parts = []
        for p in spec["parts"]:
            part = Part(id=p["id"], heading=pick(p.get("heading"), lang) if p.get("heading") else "",
                        title=pick(p.get("title"), lang) if p.get("title") else "",
                        intro=[pick(x, lang) for x in p.get("intro", [])],
                        rows=_rows(p["lines"], values, lang),
                        outro=[pick(x, lang) for x in p.get("outro", [])])
            if p.get("criteria"):
                part.criteria = _criteria(version, cset, result, doc, cases, lang)
            if p.get("evidence_table"):
                part.evidence_intro = pick(p.get("evidence_intro"), lang) if p.get("evidence_intro") else ""
                part.evidence = [EvidenceRow(id=x["id"], topic=pick(x["topic"], lang),
                                             requirement=pick(x["requirement"], lang),
                                             attached=plain(topics.get(x["id"], "")))
                                 for x in defs.evidence_topics()]
            if p.get("figures"):
                part.figures = _figures(p["figures"], plan, years, problem, lang)
            parts.append(part)
        official = None
        if spec.get("official"):
            lines = [pick(x, lang) for x in spec.get("official_lines", [])]
            official = Official(
                heading=pick(spec.get("official_heading"), lang) if spec.get("official_heading") else "",
                blocks=[(pick(b["title"], lang), lines) for b in spec["official"]],
                signature=_signature(spec["official_signature"], values, lang)
                if spec.get("official_signature") else None)
        forms.append(Form(id=spec["id"], number=pick(spec["number"], lang), title=pick(spec["title"], lang),
                          subtitle=pick(spec.get("subtitle"), lang) if spec.get("subtitle") else "",
                          national_heading=spec["national_heading"], parts=parts,
                          signature=_signature(spec["signature"], values, lang), official=official))
    return Dossier(lang=lang, title=pick(defs.definition()["title"], lang),
                   product=values["product"].text, producer=values["producer"].text, forms=forms,
                   illustrative=t("dossier.illustrative", lang) if doc.illustrative else "")


def same_product(doc: AnswersFile, plan: BusinessPlan | None) -> bool:
    """False when the plan names another product than the self-assessment (both named)."""
    if plan is None:
        return True
    mine = collapse(doc.info.get("product", "")).casefold()
    named = (plan.business_plan or {}).get("product_name") or (plan.product_idea or {}).get("product_name")
    theirs = collapse(str(named or "")).casefold()
    return not mine or not theirs or mine == theirs

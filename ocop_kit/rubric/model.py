"""The rubric as plain data: versions, product sets, criteria, levels and rules.

Nothing here knows about a particular criterion: every code, point and rule comes
from the data files under ``ocop_kit/rubrics/`` or from a criteria sheet a user loads.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import pick


@dataclass(frozen=True)
class Level:
    points: float
    text: str
    case: int = 1  # criteria such as A.3.2 offer two alternative cases
    min_stars: int | None = None  # this level is the least the criterion must reach for that star
    text_en: str = ""  # an unofficial translation; older versions and user sheets have none

    def translated(self, lang: str | None) -> bool:
        """Whether :meth:`text_for` gives a translation rather than the official wording."""
        return lang == "en" and bool(self.text_en)

    def text_for(self, lang: str | None = None) -> str:
        return self.text_en if self.translated(lang) else self.text


@dataclass(frozen=True)
class Rule:
    kind: str
    arg: str = ""  # a criterion code (requires, stop_if_zero) or a fact id (gate, exclude_if)


@dataclass(frozen=True)
class Criterion:
    code: str
    part: str
    section: str
    section_en: str
    name: str
    name_en: str
    levels: tuple[Level, ...]
    note: str = ""
    parent: str = ""  # name of the group a sub-criterion belongs to (e.g. "Ngoại hình")
    parent_en: str = ""
    rules: tuple[Rule, ...] = ()
    evidence: str = ""
    evidence_en: str = ""
    minimums: tuple[tuple[int, float], ...] = ()  # (star, least points) as marked in the data
    effort: float = 1.0  # planner cost per point gained
    note_en: str = ""  # an unofficial translation of ``note``, when the data has one

    @property
    def max_points(self) -> float:
        return max(level.points for level in self.levels)

    @property
    def points(self) -> tuple[float, ...]:
        """Distinct points a council can give, ascending."""
        return tuple(sorted({level.points for level in self.levels}))

    @property
    def cases(self) -> tuple[int, ...]:
        return tuple(sorted({level.case for level in self.levels}))

    def label(self, lang: str | None = None) -> str:
        return self.name_en if (lang == "en" and self.name_en) else self.name

    def section_label(self, lang: str | None = None) -> str:
        return self.section_en if (lang == "en" and self.section_en) else self.section

    def evidence_label(self, lang: str | None = None) -> str:
        return self.evidence_en if (lang == "en" and self.evidence_en) else self.evidence

    def note_translated(self, lang: str | None) -> bool:
        return lang == "en" and bool(self.note_en)

    def note_for(self, lang: str | None = None) -> str:
        return self.note_en if self.note_translated(lang) else self.note

    def rule(self, kind: str) -> Rule | None:
        return next((r for r in self.rules if r.kind == kind), None)

    def level_for(self, points: float) -> Level | None:
        return next((lv for lv in self.levels if lv.points == points), None)

    def minimum(self, stars: int) -> float | None:
        """Least points this criterion needs for ``stars``; minimums are cumulative (4★ meets 3★'s too)."""
        needs = [points for star, points in self.minimums if star <= stars]
        return max(needs) if needs else None

    def minimum_level(self, stars: int) -> Level | None:
        need = self.minimum(stars)
        return None if need is None else self.level_for(need)


@dataclass(frozen=True)
class Band:
    stars: int
    low: float  # inclusive
    high: float  # exclusive, except for the top band which includes it
    meaning: dict
    certified: bool
    certified_by: dict


@dataclass(frozen=True)
class Part:
    code: str
    max: float
    name: dict


@dataclass(frozen=True)
class Fact:
    id: str
    question: dict  # {"vi": ..., "en": ...}
    default: bool  # value assumed when the answers file does not say


@dataclass
class CriteriaSet:
    slug: str
    name: str
    name_en: str
    version: str
    criteria: tuple[Criterion, ...]
    sector: dict = field(default_factory=dict)
    group: dict = field(default_factory=dict)
    gaps: tuple[dict, ...] = ()  # known gaps: {"part": "C", "sum": 38, "max": 40}
    source: str = ""  # file the criteria came from
    set_rules: tuple[Rule, ...] = ()  # rules about the whole product (e.g. "Hồ sơ bị loại khi …")
    set_rules_text: tuple[dict, ...] = ()  # their wording in the decision, {"vi": …, "en": …}

    @property
    def complete(self) -> bool:
        return not self.gaps

    def label(self, lang: str | None = None) -> str:
        return self.name_en if (lang == "en" and self.name_en) else self.name

    def by_code(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}

    def part_sum(self, part: str) -> float:
        return sum(c.max_points for c in self.criteria if c.part == part)

    def in_part(self, part: str) -> list[Criterion]:
        return [c for c in self.criteria if c.part == part]


@dataclass
class RubricVersion:
    id: str
    title: dict
    legal_basis: dict
    parts: dict[str, Part]
    bands: tuple[Band, ...]
    facts: dict[str, Fact]
    sets: dict[str, CriteriaSet]
    unavailable: tuple[dict, ...] = ()
    groups: tuple[dict, ...] = ()
    notes: dict = field(default_factory=dict)
    spread_limit: float = 10.0
    spread_source: dict = field(default_factory=dict)
    central_candidate: float = 90.0
    certified_from_stars: int = 3  # the lowest star that earns a certificate
    in_force: dict = field(default_factory=dict)  # {"from": "YYYY-MM-DD", "to": …}
    status_note: dict = field(default_factory=dict)  # why an old version is not the one in force
    product_code: dict = field(default_factory=dict)

    @property
    def total_max(self) -> float:
        return sum(p.max for p in self.parts.values())

    def band(self, total: float) -> Band:
        for band in self.bands:
            if band.low <= total < band.high:
                return band
        top = max(self.bands, key=lambda b: b.stars)
        if total >= top.low:
            return top
        return min(self.bands, key=lambda b: b.stars)

    @property
    def current(self) -> bool:
        """In force today: it has started and has no end date."""
        return bool(self.in_force.get("from")) and not self.in_force.get("to")

    def band_for_stars(self, stars: int) -> Band | None:
        return next((b for b in self.bands if b.stars == stars), None)

    def title_label(self, lang: str | None = None) -> str:
        return pick(self.title, lang)

    def find_set(self, name_or_slug: str) -> CriteriaSet | None:
        from ..text import collapse, slugify

        key = collapse(name_or_slug)
        if key in self.sets:
            return self.sets[key]
        for cset in self.sets.values():
            if cset.name == key or slugify(cset.name) == slugify(key):
                return cset
        return None

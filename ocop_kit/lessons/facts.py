"""The facts a lesson states and a quiz asks, read from the data (never typed in a lesson).

``fact(name, version, arg)`` is what a quiz question's ``"fact"`` names; the lesson texts
fill their placeholders from the same functions, so a text, a chart and a quiz answer
cannot disagree with the rubric data. Procedure facts not in the rubric manifests (rounds,
re-rating window) come from ``data/procedure.json``, each with its article and a quote.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from ..i18n import pick
from ..rubric.model import RubricVersion
from ..rubric.registry import default_version_id, load_version, read_manifest, version_ids
from .content import data


def version(version_id: str | None = None) -> RubricVersion:
    return load_version(version_id or default_version_id())


def procedure(name: str) -> int:
    return data("procedure")["numbers"][name]["value"]


def bac_kan(figure_id: str) -> int:
    return next(f["value"] for f in data("bac_kan_2019")["figures"] if f["id"] == figure_id)


def sectors(v: RubricVersion) -> OrderedDict[str, list[dict]]:
    """Sector (Vietnamese name) → its groups, in the manifest's order."""
    out: OrderedDict[str, list[dict]] = OrderedDict()
    for group in v.groups:
        out.setdefault(group["sector"]["vi"], []).append(group)
    return out


def _band(v: RubricVersion, stars: int):
    return next(b for b in v.bands if b.stars == int(stars))


def _example_max(code: str) -> float:
    from .examples import example

    return example().cset.by_code()[code].max_points


def _story_elements() -> int:
    from .story import elements

    return len(elements())


def _sample(arg: str):
    from .examples import sample_result

    return sample_result(str(arg))


_FACTS = {
    "part_max": lambda v, arg: v.parts[str(arg)].max,
    "total_max": lambda v, arg: sum(p.max for p in v.parts.values()),
    "sets": lambda v, arg: len(v.sets),
    "sectors": lambda v, arg: len(sectors(v)),
    "certificate_months": lambda v, arg: read_manifest(v.id)["certificate_months"],
    "band_low": lambda v, arg: _band(v, arg).low,
    "certified_from_stars": lambda v, arg: v.certified_from_stars,
    "central_candidate": lambda v, arg: v.central_candidate,
    "procedure": lambda v, arg: procedure(str(arg)),
    "bac_kan": lambda v, arg: bac_kan(str(arg)),
    "sample_total": lambda v, arg: _sample(arg).total,
    "sample_stars": lambda v, arg: _sample(arg).stars,
    "sample_band_stars": lambda v, arg: _sample(arg).band_stars,
    "example_criterion_max": lambda v, arg: _example_max(str(arg)),
    "story_elements": lambda v, arg: _story_elements(),
    "commune_topics": lambda v, arg: len(data("procedure")["commune_check"]["topics"]),
}
FACT_NAMES = tuple(_FACTS)


def fact(name: str, version_id: str | None = None, arg=None):
    """The value of a named fact (KeyError for an unknown name)."""
    return _FACTS[name](version(version_id), arg)


@dataclass(frozen=True)
class PartsOfVersion:
    """One decision's parts for the history chart and table."""

    id: str
    title: dict
    year: str
    parts: tuple[tuple[str, float], ...]
    in_force: bool
    minimums: bool  # per-star minimum levels in its criteria


def parts_history() -> list[PartsOfVersion]:
    """Every shipped version, oldest first: its parts' maxima and whether it has minimums."""
    out = []
    for vid in version_ids():
        manifest = read_manifest(vid)
        v = load_version(vid)
        has_minimums = any(c.minimums for s in v.sets.values() for c in s.criteria)
        out.append(PartsOfVersion(
            id=vid, title=manifest["title"], year=manifest.get("in_force", {}).get("from", "")[:4],
            parts=tuple((p["code"], p["max"]) for p in manifest["parts"]),
            in_force=not manifest.get("in_force", {}).get("to"), minimums=has_minimums))
    return sorted(out, key=lambda p: p.year)


def star_rows(v: RubricVersion, lang: str) -> list[tuple[int, float, float, str, bool, str]]:
    """(stars, low, high, meaning, certified, who certifies) per band, from the manifest."""
    return [(b.stars, b.low, b.high, pick(b.meaning, lang), b.certified, pick(b.certified_by, lang))
            for b in sorted(v.bands, key=lambda b: -b.stars)]

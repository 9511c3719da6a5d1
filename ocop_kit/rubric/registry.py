"""Finding and loading rubric versions: one folder per legal decision under ``ocop_kit/rubrics``."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from .. import config
from ..errors import InputError
from .model import Band, Fact, Part, RubricVersion, Rule
from .rules import check_rule
from .sheet import SheetProblem, SheetResult, build_sets, parse_rules


def rubrics_dir() -> Path:
    return Path(str(resources.files("ocop_kit") / "rubrics"))


def version_ids() -> list[str]:
    """Every shipped version, the one in force first, then the others newest first."""
    return list(_version_ids())


@cache  # the shipped folders do not change while a process runs
def _version_ids() -> tuple[str, ...]:
    found = []
    for folder in rubrics_dir().iterdir():
        if (folder / "manifest.json").is_file():
            in_force = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("in_force", {})
            found.append((bool(in_force.get("to")), in_force.get("from", ""), folder.name))
    found.sort(key=lambda v: v[2])
    found.sort(key=lambda v: v[1], reverse=True)  # newest first …
    found.sort(key=lambda v: v[0])  # … after the one without an end date
    return tuple(name for _, _, name in found)


def default_version_id() -> str:
    """The version the kit starts with everywhere: the ``criteria_version`` setting, else the
    version in force."""
    chosen = config.current().criteria_version
    if chosen:
        read_manifest(chosen)  # an unknown version is refused, naming the known ones
        return chosen
    return version_in_force()


@cache
def version_in_force() -> str:
    """The version in force: the first (see ``version_ids``) that ships its criteria."""
    return next((v for v in version_ids() if read_manifest(v).get("sheet")), version_ids()[0])


def read_manifest(version_id: str) -> dict:
    path = rubrics_dir() / version_id / "manifest.json"
    if not path.is_file():
        raise InputError("input.unknown_version", version=version_id, versions=", ".join(version_ids()))
    return json.loads(path.read_text(encoding="utf-8"))


def _version_from_manifest(manifest: dict) -> RubricVersion:
    return RubricVersion(
        id=manifest["id"],
        title=manifest["title"],
        legal_basis=manifest["legal_basis"],
        parts={p["code"]: Part(p["code"], p["max"], p["name"]) for p in manifest["parts"]},
        bands=tuple(Band(b["stars"], b["low"], b["high"], b["meaning"], b["certified"], b["certified_by"])
                    for b in manifest["bands"]),
        facts={f["id"]: Fact(f["id"], f["question"], f.get("default", True)) for f in manifest.get("facts", [])},
        sets={},
        unavailable=tuple(manifest.get("unavailable", [])),
        groups=tuple(manifest.get("groups", [])),
        notes=manifest.get("notes", {}),
        spread_limit=manifest.get("spread_limit", 10),
        spread_source=manifest.get("spread_source", {}),
        central_candidate=manifest.get("central_candidate", 90),
        certified_from_stars=manifest.get("certified_from_stars",
                                          min(b["stars"] for b in manifest["bands"] if b["certified"])),
        in_force=manifest.get("in_force", {}),
        status_note=manifest.get("status_note", {}),
        product_code=manifest.get("product_code", {}),
    )


def _attach(version: RubricVersion, manifest: dict, result: SheetResult) -> RubricVersion:
    placement = {}
    for group in manifest.get("groups", []):
        for name in group["sets"]:
            placement[name] = group
    for cset in result.sets.values():
        group = placement.get(cset.name)
        if group:
            cset.sector, cset.group = group["sector"], group["group"]
    # Sets in the manifest's sector -> group order (the order trainees look for them in), then any others.
    rank = {name: i for i, name in enumerate(placement)}
    ordered = sorted(result.sets.values(), key=lambda s: (rank.get(s.name, len(rank)), s.name))
    version.sets = {s.slug: s for s in ordered}
    for entry in manifest.get("set_rules", []):
        rules = tuple(Rule(kind, arg) for kind, arg in parse_rules(entry["rule"]))
        for cset in version.sets.values():
            if "sets" not in entry or cset.name in entry["sets"]:
                cset.set_rules += rules
                if entry.get("text"):
                    cset.set_rules_text += (entry["text"],)
    return version


def check_set_rules(manifest: dict, version: RubricVersion) -> list[SheetProblem]:
    """Problems of a manifest's ``set_rules`` (unknown kinds, facts or set names)."""
    problems = []
    names = {s.name for s in version.sets.values()}
    for i, entry in enumerate(manifest.get("set_rules", [])):
        for kind, arg in parse_rules(entry["rule"]):
            problem = check_rule(Rule(kind, arg), "set", set(), version.facts)
            if problem:
                key, params = problem
                problems.append(SheetProblem("manifest.json", i + 1, "set_rules", key, {"code": "*", **params}))
        for name in entry.get("sets", []):
            if version.sets and name not in names:
                problems.append(SheetProblem("manifest.json", i + 1, "set_rules", "input.unknown_set",
                                             {"set": name, "version": version.id}))
    return problems


@cache
def load_version(version_id: str) -> RubricVersion:
    """A shipped version with its shipped criteria sheet (if it has one). Cached per process."""
    manifest = read_manifest(version_id)
    version = _version_from_manifest(manifest)
    sheet = manifest.get("sheet")
    if not sheet:
        return version
    known: dict[str, list[str]] = {}
    for gap in manifest.get("known_gaps", []):
        known.setdefault(gap["set"], []).append(gap["part"])
    result = build_sets(rubrics_dir() / version_id / sheet, version, known_gaps=known)
    version = _attach(version, manifest, result)
    problems = result.problems + check_set_rules(manifest, version)
    if problems:  # shipped data must be clean; tests keep it so
        raise ValueError("; ".join(p.message("en") for p in problems[:5]))
    return version


def load_with_sheet(version_id: str, sheet_path: str | Path) -> tuple[RubricVersion, SheetResult]:
    """A version whose criteria come from a user's sheet (e.g. the 2023 criteria)."""
    manifest = read_manifest(version_id)
    version = _version_from_manifest(manifest)
    result = build_sets(sheet_path, version)
    return _attach(version, manifest, result), result

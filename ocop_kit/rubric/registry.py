"""Finding and loading rubric versions: one folder per legal decision under ``ocop_kit/rubrics``."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import InputError
from .model import Band, Fact, Part, RubricVersion
from .sheet import SheetResult, build_sets


def rubrics_dir() -> Path:
    return Path(str(resources.files("ocop_kit") / "rubrics"))


def version_ids() -> list[str]:
    return sorted(p.name for p in rubrics_dir().iterdir() if (p / "manifest.json").is_file())


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
        central_candidate=manifest.get("central_candidate", 90),
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
    return version


@lru_cache(maxsize=None)
def load_version(version_id: str) -> RubricVersion:
    """A shipped version with its shipped criteria sheet (if it has one). Cached per process."""
    manifest = read_manifest(version_id)
    version = _version_from_manifest(manifest)
    sheet = manifest.get("sheet")
    if not sheet:
        return version
    known = {}
    for gap in manifest.get("known_gaps", []):
        known.setdefault(gap["set"], []).append(gap["part"])
    result = build_sets(rubrics_dir() / version_id / sheet, version, known_gaps=known)
    if result.problems:  # shipped data must be clean; tests keep it so
        raise ValueError("; ".join(p.message("en") for p in result.problems[:5]))
    return _attach(version, manifest, result)


def load_with_sheet(version_id: str, sheet_path: str | Path) -> tuple[RubricVersion, SheetResult]:
    """A version whose criteria come from a user's sheet (e.g. the 2023 criteria)."""
    manifest = read_manifest(version_id)
    version = _version_from_manifest(manifest)
    result = build_sets(sheet_path, version)
    return _attach(version, manifest, result), result

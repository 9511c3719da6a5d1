"""Notebooks read like a lesson: build the app, show it; test markers ride in cell tags."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_test_marker_in_the_code_a_trainee_could_read(path):
    for cell in code_cells(path):
        assert "NBVAL" not in "".join(cell["source"]), f"{path.name}: use the nbval-* cell tags"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_builds_its_app_once(path):
    first = "".join(code_cells(path)[0]["source"])
    builds = re.findall(r"\b(build_app|lesson)\(", "".join("".join(c["source"]) for c in code_cells(path)))
    assert re.match(r"from ocop_kit\.views\.[\w.]+ import (build_app|lesson)\n", first), first
    assert len(builds) == 1, builds


def test_output_checks_are_tagged_where_the_lessons_print_facts():
    tags = [t for p in NOTEBOOKS for c in code_cells(p) for t in c["metadata"].get("tags", [])]
    assert "nbval-check-output" in tags

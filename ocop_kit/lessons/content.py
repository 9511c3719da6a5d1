"""The lessons' data files (``ocop_kit/lessons/data/*.json``) and the sample products they use."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

from ..paths import samples_dir

# The sample answers files live beside the package in the repository, as for the
# self-assessment app (ocop_kit/views/assessment/).
SAMPLES_DIR = samples_dir("answers")


@cache
def data(name: str) -> dict:
    """``procedure``, ``bac_kan_2019``, ``story`` or ``lessons``."""
    path = resources.files("ocop_kit") / "lessons" / "data" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def lessons() -> list[dict]:
    return data("lessons")["lessons"]


def lesson(number: int) -> dict:
    return next(item for item in lessons() if item["number"] == number)


def notebook(app: str) -> str:
    """The notebook of an app or lesson page named in ``lessons.json`` ("assessment", "test"…)."""
    return data("lessons")["apps"][app]

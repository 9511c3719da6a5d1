"""Conda/Binder users get what `make setup` installs: every runtime and test requirement of
pyproject.toml is named in environment.yml (conda or pip section)."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# conda-forge names that differ from the PyPI ones
CONDA_NAMES = {"matplotlib": "matplotlib-base"}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_names_every_requirement():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    listed = {_name(line.split("- ", 1)[1]) for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
              if line.strip().startswith("- ") and not line.strip().startswith("- -e")}
    missing = sorted(n for n in wanted if CONDA_NAMES.get(n, n) not in listed)
    assert missing == [], f"environment.yml lacks {missing}"

"""Conda/Binder users get what `make setup` installs: every runtime and test requirement of
pyproject.toml is named in environment.yml (conda or pip section)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# conda-forge names that differ from the PyPI ones
CONDA_NAMES = {"matplotlib": "matplotlib-base"}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement.strip(), maxsplit=1)[0].lower()


def _array(toml: str, key: str) -> list[str]:
    """The strings of a top-level ``key = [ … ]`` array (tomllib is not in Python 3.10)."""
    body = re.search(rf"^{key} = \[(.*?)^\]", toml, re.M | re.S)
    assert body, key
    return re.findall(r'"([^"]+)"', body.group(1))


def test_environment_yml_names_every_requirement():
    toml = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    wanted = {_name(r) for r in _array(toml, "dependencies") + _array(toml, "test")}
    assert {"voila", "nbval"} <= wanted
    lines = [line.strip() for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()]
    listed = {_name(line[2:]) for line in lines if line.startswith("- ") and not line.startswith("- -e")}
    missing = sorted(n for n in wanted if CONDA_NAMES.get(n, n) not in listed)
    assert missing == [], f"environment.yml lacks {missing}"

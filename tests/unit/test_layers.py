"""The layers, checked on the import graph (an ast scan of every ``import`` in ``ocop_kit``):

    data → core (rubric, scoring, planner, council, finance, storage, cohort, workshop, reports …)
         → app state (ocop_kit/apps) → services (ocop_kit/services.py) → views → notebooks

A module imports only from its own layer or the ones before it; one app does not import
another (what one app needs of another's stored work goes through services); widgets are
imported by views only. Imports under ``if TYPE_CHECKING:`` are annotations, not dependencies.
App ids are the apps' own constants: the kit never passes a literal app id to the store, and
no draft is stored or read under an app's notebook name (the bug: the plan's hints read
``"tu-danh-gia"``, an id no app writes).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ocop_kit.apps import assessment, business_plan

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "ocop_kit"
ORDER = ("core", "apps", "services", "views")
# the command line is a consumer like the views, but of services and core only
ALLOWED = {"core": {"core"}, "apps": {"core", "apps"}, "services": {"core", "apps", "services"},
           "views": {"core", "apps", "services", "views"}, "cli": {"core", "services"}}
WIDGET_PACKAGES = ("ipywidgets", "IPython", "traitlets.utils.bunch")
APP_IDS = {assessment.APP_ID, business_plan.APP_ID, business_plan.IDEA_APP_ID}
DRAFT_CALLS = {"save_draft", "load_draft", "list_drafts", "latest_draft", "workshop_drafts",
               "latest_drafts_in_group", "set_draft_state", "duplicate_draft", "delete_draft"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    if module == "ocop_kit.cli":
        return "cli"
    if module == "ocop_kit.services":
        return "services"
    for name in ("apps", "views"):
        if module == f"ocop_kit.{name}" or module.startswith(f"ocop_kit.{name}."):
            return name
    return "core"


def same_app(module: str, target: str) -> bool:
    """``apps.assessment_steps`` belongs to ``apps.assessment``; ``apps.business_plan`` does not."""
    if target.count(".") < 2:
        return True  # the apps package itself
    a, b = module.split(".")[2], target.split(".")[2]
    return a.startswith(b) or b.startswith(a)


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:``."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def imports(path: Path, source: str | None = None) -> list[tuple[str, int]]:
    """(imported module or module.name, line) of every runtime import in a file."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    skip = _type_checking_blocks(tree)
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((target, node.lineno))
            out += [(f"{target}.{a.name}", node.lineno) for a in node.names]
    return out


def violations(path: Path, source: str | None = None) -> list[str]:
    module = module_name(path)
    own = layer(module)
    found = {}
    for target, line in imports(path, source):
        where = f"{path.relative_to(ROOT)}:{line}"
        if target.startswith(WIDGET_PACKAGES) and own != "views":
            found.setdefault(where, f"{where} imports {target} (widgets belong to views)")
        if not target.startswith("ocop_kit."):
            continue
        theirs = layer(target)
        if theirs not in ALLOWED[own]:
            found.setdefault(where, f"{where} imports {target} ({own} may not import {theirs})")
        elif own == theirs == "apps" and not same_app(module, target):
            found.setdefault(where, f"{where} imports {target} (one app reads another through ocop_kit.services)")
    return list(found.values())


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if ".venv" not in p.parts)


def test_every_module_imports_only_from_its_layer_or_below():
    found = [v for path in python_files(PACKAGE) for v in violations(path)]
    assert found == []


@pytest.mark.parametrize("where, source, expected", [
    ("cohort.py", "from .apps.assessment import Assessment\n", "core may not import apps"),
    ("reports/class_export.py", "from ..views.common import message_html\n", "core may not import views"),
    ("workshop.py", "import ipywidgets as w\n", "widgets belong to views"),
    ("apps/assessment.py", "from ..services import plan_of\n", "apps may not import services"),
    ("apps/assessment.py", "from .business_plan import PlanState\n", "one app reads another"),
    ("services.py", "from .views.facilitator import build_app\n", "services may not import views"),
    ("cli.py", "from .views import assessment\n", "cli may not import views"),
])
def test_a_wrong_import_is_caught(where, source, expected):
    found = violations(PACKAGE / where, source)
    assert len(found) == 1 and expected in found[0]


def test_annotations_only_imports_are_not_dependencies():
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..apps.assessment import Assessment\n"
    assert violations(PACKAGE / "reports" / "class_export.py", source) == []


def _constants(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node


def notebook_names_that_are_not_app_ids() -> set[str]:
    return {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")} - APP_IDS


def test_the_notebook_stems_include_the_wrong_id_that_was_read():
    assert "tu-danh-gia" in notebook_names_that_are_not_app_ids()
    assert assessment.APP_ID == "assessment"


def test_no_module_spells_a_notebook_name_as_an_app_id():
    wrong = notebook_names_that_are_not_app_ids()
    found = [f"{path.relative_to(ROOT)}:{c.lineno} {c.value!r}"
             for path in python_files(PACKAGE) for c in _constants(path) if c.value in wrong]
    assert found == []


def draft_calls(path: Path):
    """(line, app argument) of every store call that names a draft's app."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in DRAFT_CALLS and len(node.args) > 1):
            yield node.lineno, node.args[1]


def test_the_kit_names_a_drafts_app_by_its_constant():
    found = [f"{path.relative_to(ROOT)}:{line} {ast.unparse(arg)}" for path in python_files(PACKAGE)
             for line, arg in draft_calls(path) if isinstance(arg, ast.Constant)]
    assert found == []


def test_no_test_stores_or_reads_a_draft_under_a_notebook_name():
    wrong = notebook_names_that_are_not_app_ids()
    found = [f"{path.relative_to(ROOT)}:{line} {arg.value!r}"
             for path in python_files(ROOT / "tests") + python_files(ROOT / "benchmarks")
             for line, arg in draft_calls(path) if isinstance(arg, ast.Constant) and arg.value in wrong]
    assert found == []

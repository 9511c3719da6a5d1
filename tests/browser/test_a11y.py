"""Automated accessibility check (issue 13): axe-core on every app served by Voila.

Each notebook in notebooks/ is opened on a laptop (1280 × 800) and on a phone (360 × 740,
touch); axe-core (bundled with axe-playwright-python, never downloaded) runs on the first
screen and on every tab once its widgets have settled. No violation of impact "serious" or
"critical" may remain; a failure lists each rule's id, help and the elements (targets).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from screens import APPS, SIZES, each_screen, enter, settle, sized_page

pytestmark = pytest.mark.browser
BLOCKING = ("serious", "critical")
AXE = Axe()


def blocking_violations(page) -> list[dict]:
    results = AXE.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


def describe(found: dict) -> str:
    lines = []
    for v in found.values():
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for where, node in v["nodes"][:12]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    [{where}] {' '.join(map(str, node['target']))}: {node.get('html', '')[:140]} — {summary[:200]}")
        if len(v["nodes"]) > 12:
            lines.append(f"    … {len(v['nodes']) - 12} more")
    return "\n".join(lines)


@pytest.fixture(params=sorted(SIZES))
def page(request, browser, voila_server):
    context, pg = sized_page(browser, voila_server, request.param)
    yield pg
    context.close()


@pytest.mark.parametrize("app", APPS)
def test_no_serious_accessibility_violation(page, app, open_app, screenshot):
    open_app(page, app)
    enter(page, app)
    found: dict = {}

    def check(where: str) -> None:
        for v in blocking_violations(page):
            seen = found.setdefault(v["id"], {**v, "nodes": []})
            targets = {tuple(n["target"]) for _w, n in seen["nodes"]}
            seen["nodes"] += [(where, n) for n in v["nodes"] if tuple(n["target"]) not in targets]

    each_screen(page, check)
    screenshot(page, f"a11y-{Path(app).stem}-{page.ocop_size}")
    assert not found, f"{app} at {page.ocop_size}:\n" + describe(found)
    assert page.ocop_console == []

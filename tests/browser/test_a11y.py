"""Automated accessibility check (issue 13): axe-core on every app served by Voila.

Each notebook in notebooks/ is opened on a laptop (1280 × 800) and on a phone (360 × 740,
touch); axe-core (bundled with axe-playwright-python, never downloaded) runs on the first
screen and on every tab once its widgets have settled. No violation of impact "serious" or
"critical" may remain; a failure lists each rule's id, help and the elements (targets).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from screens import APPS, SIZES, AxeFindings, each_screen, enter, sized_page

pytestmark = pytest.mark.browser
@pytest.fixture(params=sorted(SIZES))
def page(request, browser, voila_server):
    context, pg = sized_page(browser, voila_server, request.param)
    yield pg
    context.close()


@pytest.mark.parametrize("app", APPS)
def test_no_serious_accessibility_violation(page, app, open_app, screenshot):
    open_app(page, app)
    enter(page, app)
    axe = AxeFindings(page)
    each_screen(page, axe.check)
    screenshot(page, f"a11y-{Path(app).stem}-{page.ocop_size}")
    assert not axe.found, f"{app} at {page.ocop_size}:\n" + axe.describe()
    assert page.ocop_console == []


# Where the focus is on the page as if nothing were scrolled (the page scrolls inside a
# box of Voila's); the sticky status bar moves with the scroll, so its controls are left out.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.closest('#rendered_cells')) return null;
  if (el.closest('.ocop-sticky')) return {skip: true};
  const r = el.getBoundingClientRect();
  let top = r.top + window.scrollY, left = r.left + window.scrollX;
  for (let p = el.parentElement; p; p = p.parentElement) { top += p.scrollTop; left += p.scrollLeft; }
  return {top, bottom: top + r.height, left, text: (el.innerText || el.value || el.title || el.tagName).slice(0, 40)};
}"""
FOCUS_STOPS = 60


@pytest.mark.parametrize("app", APPS)
def test_focus_follows_the_screen(browser, voila_server, app, open_app):
    """Tab through the first screen on a laptop: no focus stop lies wholly above the one
    before it (the order is the reading order: down the page, left to right in a row)."""
    context, page = sized_page(browser, voila_server, "laptop")
    try:
        open_app(page, app)
        enter(page, app)
        page.locator("#rendered_cells").click(position={"x": 1, "y": 1})
        stops, jumps = [], []
        for _ in range(FOCUS_STOPS):
            page.keyboard.press("Tab")
            here = page.evaluate(FOCUSED)
            if here is None:
                if stops:
                    break  # the focus left the app (end of the page)
                continue
            if here.get("skip"):
                continue
            if stops and here["bottom"] <= stops[-1]["top"] - 1:
                last = stops[-1]
                jumps.append(f"{last['text']!r} (y={last['top']:.0f}) → {here['text']!r} (y={here['top']:.0f})")
            stops.append(here)
        assert len(stops) >= 5, f"{app}: the keyboard reached {len(stops)} control(s)"
        assert not jumps, f"{app}: focus goes back up the screen:\n" + "\n".join(jumps)
    finally:
        context.close()

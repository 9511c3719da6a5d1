"""Every app served by Voila, screen by screen, on a laptop and on a cheap phone (issue 13).

Each notebook in notebooks/ is opened once per size and walked: the first screen, every tab
(nested tab bars included) and each way a screen can be shown. On every screen:

* axe-core (bundled with axe-playwright-python, never downloaded) finds no violation of
  impact "serious" or "critical" (laptop 1280 × 800 and phone 360 × 740 with touch);
* on the phone, the layout fits: nothing passes the right edge (a panel that scrolls
  sideways shows the scroll cue and takes keyboard focus), every visible button, choice, tab
  and field is at least 44 px high, no tab, checkbox or button label is cut, and a level's
  radio sits on the first line of its text with the wrapped lines under the text;
* on the laptop, the keyboard's Tab order on the first screen follows the screen.

One walk per app and size does all the checks of that size (a page open is the costly part).
Failures list each rule or element; a screenshot per app and size is kept.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from screens import APPS, SIZES, AxeFindings, each_screen, enter, layout_problems, sized_page

pytestmark = pytest.mark.browser


@pytest.fixture(params=sorted(SIZES))
def page(request, browser, voila_server):
    context, pg = sized_page(browser, voila_server, request.param)
    yield pg
    context.close()


@pytest.mark.parametrize("app", APPS)
def test_every_screen_is_accessible_and_fits(page, app, open_app, screenshot):
    phone = page.ocop_size == "phone"
    open_app(page, app)
    enter(page, app)
    jumps = [] if phone else focus_jumps(page, app)
    axe = AxeFindings(page)
    layout: list[str] = []
    levels_seen = [0]

    def check(where: str) -> None:
        axe.check(where)
        if phone:
            layout.extend(layout_problems(page, where))
            levels_seen[0] += page.locator("#rendered_cells .widget-radio-box label:visible").count()

    each_screen(page, check)
    screenshot(page, f"a11y-{Path(app).stem}-{page.ocop_size}")
    assert not axe.found, f"{app} at {page.ocop_size}:\n" + axe.describe()
    assert not layout, f"{app} at 360 × 740:\n" + "\n".join(dict.fromkeys(layout))
    if phone and app == "tu-danh-gia.ipynb":
        assert levels_seen[0] > 10, "the self-assessment showed no level choices to check"
    assert not jumps, f"{app}: focus goes back up the screen:\n" + "\n".join(jumps)
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


def focus_jumps(page, app: str) -> list[str]:
    """Tab through the first screen: the stops where the focus lies wholly above the one
    before it (the order should be the reading order: down the page, left to right in a row)."""
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
    page.evaluate("window.scrollTo(0, 0)")
    return jumps

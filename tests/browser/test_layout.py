"""Layout on a cheap phone (issue 13): every app at 360 × 740 with touch, every tab.

On each screen: no element passes the right edge of the viewport (a panel that scrolls
sideways must show the scroll cue and take keyboard focus), every visible button, choice,
tab and field is at least 44 px high, no tab, checkbox or button label is cut, and a
level's radio sits on the first line of its text with the wrapped lines under the text,
not under the radio. Failures list the offending elements; screenshots per app.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from screens import APPS, each_screen, enter, layout_problems

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("app", APPS)
def test_every_screen_fits_a_phone(phone, app, open_app, screenshot):
    page = phone
    open_app(page, app)
    enter(page, app)
    problems: list[str] = []
    levels_seen = [0]

    def check(where: str) -> None:
        problems.extend(layout_problems(page, where))
        levels_seen[0] += page.locator("#rendered_cells .widget-radio-box label:visible").count()

    each_screen(page, check)
    screenshot(page, f"layout-360-{Path(app).stem}")
    assert not problems, f"{app} at 360 × 740:\n" + "\n".join(dict.fromkeys(problems))
    if app == "tu-danh-gia.ipynb":
        assert levels_seen[0] > 10, "the self-assessment showed no level choices to check"
    assert page.ocop_console == []

"""Step-by-step mode on a cheap phone (issue 13): the self-assessment at 360 × 740 with touch.

The page tells the kernel its width, so a narrow screen opens step by step. Answer a few
criteria by tapping their cards, go back, jump to an unanswered one; nothing overflows
sideways, every tap target of the step view is at least 44 px tall, the progress line in
the status bar stays on screen after scrolling.
"""
from __future__ import annotations

import re

import pytest
from screens import box, find_set, layout_problems, scroll_to_bottom

pytestmark = pytest.mark.browser
APP = "tu-danh-gia.ipynb"
PHONE_HEIGHT = 740

OVERLAPS = """() => {
  const sel = '.ocop-steps .widget-button, .ocop-steps select, .ocop-steps textarea, '
            + '.ocop-steps .widget-toggle-buttons';
  const boxes = Array.from(document.querySelectorAll(sel)).map(el => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.height > 0);
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, r] = boxes[i], [b, q] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
    const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
    if (w > 1 && h > 1) out.push(`${a.className} / ${b.className}`);
  }
  return out;
}"""


def progress(page) -> str:
    return page.locator(".ocop-status-bar .ocop-steps-progress").inner_text()


def wait_progress(page, answered: int) -> None:
    page.wait_for_function(
        "(n) => { const el = document.querySelector('.ocop-status-bar .ocop-steps-progress');"
        " return el && new RegExp('Đã chấm ' + n + '/').test(el.innerText); }", arg=answered)


def title(page) -> str:
    return page.locator(".ocop-steps .ocop-step-title").inner_text()


def wait_title(page, code: str, shown: bool = True) -> None:
    """Until the criterion on screen is ``code`` (``shown``) or is no longer ``code``."""
    page.wait_for_function(
        "([code, shown]) => { const el = document.querySelector('.ocop-steps .ocop-step-title');"
        " return el && (el.innerText.trim().split(/\\s/)[0] === code) === shown; }", arg=[code, shown])


def test_step_by_step_on_a_phone(phone, open_app, screenshot):
    page = phone
    open_app(page, APP)
    find_set(page, "tinh dầu", 1)
    page.get_by_role("button", name="Chấm bộ tiêu chí này").tap()

    # a narrow screen opens step by step: one criterion, its levels as cards
    steps = page.locator(".ocop-steps")
    steps.wait_for(state="visible")
    wait_progress(page, 0)
    total = int(re.search(r"Đã chấm 0/(\d+)", progress(page)).group(1))
    assert total > 20
    assert page.locator(".ocop-form-switch .widget-toggle-button", has_text="Từng bước").count() == 1
    assert "Tiêu chí 1/" in page.locator(".ocop-steps .ocop-step-head").inner_text()
    assert page.locator(".ocop-steps .ocop-step-evidence").inner_text().startswith("Hội đồng cần xem")
    first = title(page).split()[0]

    # answer three criteria by tapping their cards, Next between them
    codes = []
    for answered in range(1, 4):
        codes.append(title(page).split()[0])
        page.locator(".ocop-steps .ocop-step-head", has_text=f"Tiêu chí {answered}/").wait_for()
        page.locator(".ocop-steps .ocop-card").last.tap()  # scrolled into view by the tap
        wait_progress(page, answered)
        page.locator(".ocop-steps .ocop-card-selected").wait_for()
        assert page.locator(".ocop-steps .ocop-card-selected").inner_text().startswith("✓ Đã chọn")
        # a screen reader hears which card is chosen: pressed on it, not pressed on the others
        page.locator(".ocop-steps .ocop-card-selected[aria-pressed=true]").wait_for()
        assert page.locator(".ocop-steps .ocop-card[aria-pressed=true]").count() == 1
        assert page.locator(".ocop-steps .ocop-card[aria-pressed=false]").count() >= 1
        if answered == 1:
            assert page.locator(".ocop-steps .ocop-card:visible").count() >= 2
            problems = layout_problems(page)
            assert problems == [], "\n".join(problems)
            screenshot(page, "phone-steps-card-chosen")
        next_button = page.get_by_role("button", name="Tiếp ›")
        next_button.evaluate("el => el.scrollIntoView({block: 'end'})")
        title_top = box(page, ".ocop-steps .ocop-step-title")["top"]
        bar_bottom = box(page, ".ocop-status-bar")["bottom"]
        if answered == 1:
            assert title_top < bar_bottom, "the title should be out of sight when Next is at the bottom"
        next_button.tap()
        wait_title(page, codes[-1], shown=False)
        # the next criterion starts on screen, below the status bar (Next was at the bottom)
        page.wait_for_function(
            "() => { const t = document.querySelector('.ocop-steps .ocop-step-title').getBoundingClientRect();"
            " const bar = document.querySelector('.ocop-status-bar').getBoundingClientRect();"
            " return t.top >= bar.bottom - 1 && t.bottom <= window.innerHeight; }")
    assert codes[0] == first and len(set(codes)) == 3

    # back: the second criterion shows the card chosen for it
    page.get_by_role("button", name="‹ Trước").tap()
    wait_title(page, codes[2])
    page.get_by_role("button", name="‹ Trước").tap()
    wait_title(page, codes[1])
    assert page.locator(".ocop-steps .ocop-card-selected").count() == 1
    page.locator(".ocop-steps .ocop-step-head", has_text="Tiêu chí 2/").wait_for()

    # the jump list offers only what is left; jump to one further on
    jump = page.locator(".ocop-steps-jump select")
    offered = [o.strip() for o in jump.locator("option").all_inner_texts()][1:]
    assert len(offered) == total - 3 and not any(o.split()[0] in codes for o in offered)
    target = offered[5].split()[0]
    jump.select_option(label=jump.locator("option").nth(6).inner_text())
    wait_title(page, target)
    page.locator(".ocop-steps .ocop-card").first.tap()
    wait_progress(page, 4)
    page.wait_for_function(
        "(code) => !Array.from(document.querySelectorAll('.ocop-steps-jump option'))"
        ".some(o => o.innerText.trim().split(/\\s/)[0] === code)",
        arg=target)

    # the set's own questions, folded under the steps: open them, all within the screen too
    page.locator(".ocop-steps-conditions").tap()
    page.locator(".ocop-steps-conditions", has_text="▾").wait_for()
    page.get_by_text("Hồ sơ có tài liệu giả mạo", exact=False).first.wait_for(state="visible")
    problems = layout_problems(page)
    assert problems == [], "\n".join(problems)
    assert page.evaluate(OVERLAPS) == []
    screenshot(page, "phone-steps-conditions")

    # the progress line stays on screen after scrolling to the bottom
    scroll_to_bottom(page)
    page.wait_for_function("() => window.scrollY > 0 || document.documentElement.scrollHeight <= window.innerHeight")
    bar = box(page, ".ocop-status-bar")
    assert bar and bar["height"] > 0 and bar["top"] >= 0 and bar["bottom"] <= PHONE_HEIGHT, bar
    assert "Đã chấm 4/" in bar["text"] and "điểm" in bar["text"]
    screenshot(page, "phone-steps-bottom")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "phone-steps-top")
    assert page.ocop_console == []

"""Projector mode in headless Chromium (issue 12), keyboard only: the facilitator steps through three
criteria of a sample product with R (reveal), number keys (choose), W/Esc (what if) and the arrows,
then Tab + Enter on the "next" button; the running total on the page matches the scoring engine.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ocop_kit import projector as pj
from ocop_kit.scoring import format_points

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = "trinh-chieu-cham-diem.ipynb"

pytestmark = pytest.mark.browser


def board(page) -> str:
    return page.locator(".ocop-pj-board").inner_text()


def test_three_criteria_with_the_keyboard_only(browser, start_voila, screenshot):
    server = start_voila([REPO / "notebooks" / NOTEBOOK])
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server.app_url(NOTEBOOK))
    position = page.locator(".ocop-pj-position")
    position.get_by_text("Tiêu chí 1/").wait_for()
    assert "Tổng: 0/100 điểm" in board(page)
    assert page.locator(".ocop-pj-levels li").count() == 0  # hidden until revealed
    size = page.locator(".ocop-pj-criterion .widget-html-content").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 32

    # The same sample and choices through the engine, for the totals the page must show.
    product = board(page).split(" · ")[0]
    path = next(p for name, p in pj.sample_files() if name == product)
    demo = pj.from_sample(path)

    for step, number in enumerate((3, 2, 1), start=1):
        page.keyboard.press("r")
        page.locator(".ocop-pj-levels li").first.wait_for()
        demo.go_to(step - 1)
        assert page.locator(".ocop-pj-levels li").count() == len(demo.levels())
        page.keyboard.press(str(number))
        demo.choose(number)
        expected = format_points(demo.result().total, "vi")
        page.locator(".ocop-pj-board", has_text=f"Đã chấm {step}/").wait_for()
        assert f"Tổng: {expected}/100 điểm" in board(page)
        assert page.locator(f'.ocop-pj-levels li.ocop-pj-chosen[data-level="{number}"]').count() == 1
        if step == 2:
            page.keyboard.press("w")
            page.keyboard.press("3")
            # has_text with a string ignores case, and the prompt line says "nếu … thì sao?": wait for the result.
            page.locator(".ocop-pj-trial-line", has_text=re.compile(r"Nếu \S+ ở mức 3")).wait_for()
            assert re.search(r"Nếu \S+ ở mức 3", board(page))
            page.keyboard.press("Escape")
            page.locator(".ocop-pj-trial-line").wait_for(state="detached")
            assert f"Tổng: {expected}/100 điểm" in board(page)  # the trial was not kept
        if step < 3:
            page.keyboard.press("ArrowRight")
            position.get_by_text(f"Tiêu chí {step + 1}/").wait_for()
    screenshot(page, "projector-criterion-3")

    page.keyboard.press("ArrowLeft")
    position.get_by_text("Tiêu chí 2/").wait_for()
    assert page.locator('.ocop-pj-levels li.ocop-pj-chosen[data-level="2"]').count() == 1
    # Tab order reaches the "next" button; Enter presses it.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ocop-pj-next')"):
            break
    else:
        pytest.fail("Tab never reached the next button")
    page.keyboard.press("Enter")
    position.get_by_text("Tiêu chí 3/").wait_for()
    screenshot(page, "projector-keyboard")
    context.close()

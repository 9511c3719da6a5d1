"""A trainee on a cheap phone (issue 13): the self-assessment at 360 × 740 with touch.

Find the product by its name, start, answer a criterion; nothing overflows the screen
sideways, every visible button, choice and tab is at least 44 px tall, and the score line
(with the autosave state) is still on screen after scrolling to the bottom.
"""
from __future__ import annotations

import pytest
from screens import box, find_set, layout_problems, scroll_to_bottom

pytestmark = pytest.mark.browser
APP = "tu-danh-gia.ipynb"
PHONE_HEIGHT = 740


def test_self_assessment_on_a_phone(phone, open_app, screenshot):
    page = phone
    open_app(page, APP)
    problems = layout_problems(page)
    assert problems == [], "\n".join(problems)
    options = find_set(page, "tinh dầu", 1)
    assert options[0].endswith("Tinh dầu và dược liệu khác"), options
    page.get_by_text("1 bộ tiêu chí phù hợp", exact=False).wait_for()  # drawn just after the list
    page.get_by_role("button", name="Chấm bộ tiêu chí này").tap()
    page.locator(".ocop-summary").wait_for()
    # a narrow screen opens step by step (test_phone_steps.py); this journey is the whole form
    page.locator(".ocop-form-switch .widget-toggle-button", has_text="Cả bảng").tap()
    level = page.locator(".widget-radio-box label", has_text="Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75%").first
    level.scroll_into_view_if_needed()
    level.tap()
    page.wait_for_function("document.querySelector('.ocop-total')"
                           " && document.querySelector('.ocop-total').textContent !== '0'")

    # overflow, tap targets, cut labels, each level's radio on the first line of its text
    problems = layout_problems(page)
    assert problems == [], "\n".join(problems)

    scroll_to_bottom(page)
    page.wait_for_timeout(300)
    sticky = box(page, ".ocop-sticky")
    assert sticky and sticky["height"] > 0 and sticky["top"] >= 0 and sticky["bottom"] <= PHONE_HEIGHT, sticky
    assert "Tổng" in sticky["text"] and "sao" in sticky["text"]
    screenshot(page, "phone-360-bottom")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "phone-360-full")
    assert page.ocop_console == []

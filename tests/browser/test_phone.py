"""A trainee on a cheap phone (issue 13): the self-assessment at 360 × 740 with touch.

Find the product by its name, start, answer a criterion; nothing overflows the screen
sideways, every visible button, choice and tab is at least 44 px tall, and the score line
(with the autosave state) is still on screen after scrolling to the bottom.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
APP = "tu-danh-gia.ipynb"
PHONE = {"width": 360, "height": 740}
HARMLESS_CONSOLE = ("Unsatisfied version", "No satisfying version", "Available versions:")
TAP_MIN = 44

OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (r.right > width + 1 || r.left < -1) {
      out.push(`${el.tagName}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}: `
               + (el.innerText || '').slice(0, 40));
    }
  }
  const page = document.documentElement.scrollWidth;
  return out.concat(page > width + 1 ? [`page ${page}`] : []);
}"""

SMALL_TARGETS = """(min) => {
  const out = [];
  const sel = '.ocop-app .widget-button, .ocop-app .widget-radio-box label, .ocop-app .lm-TabBar-tab, '
            + '.ocop-app .widget-checkbox label, .ocop-app input[type=text], '
            + '.ocop-app select:not([multiple]):not([size])';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('[style*="display: none"]')) continue;
    if (r.height < min - 0.5) {
      const text = (el.innerText || el.value || '').slice(0, 40);
      out.push(`${el.tagName}.${el.className} ${r.height.toFixed(1)}px: ${text}`);
    }
  }
  return out;
}"""

CUT_TABS = """() => Array.from(document.querySelectorAll('.ocop-app .lm-TabBar-tabLabel'))
  .filter(el => el.getBoundingClientRect().width > 0
                && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
  .map(el => el.innerText)"""

IN_VIEW = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, height: r.height, text: el.innerText};
}"""

SCROLL_TO_BOTTOM = """() => {
  window.scrollTo(0, document.documentElement.scrollHeight);
  for (const el of document.querySelectorAll('*')) {
    if (el.scrollHeight > el.clientHeight + 10 && /(auto|scroll)/.test(getComputedStyle(el).overflowY)) {
      el.scrollTop = el.scrollHeight;
    }
  }
}"""


@pytest.fixture
def phone(browser, voila_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2,
                                  locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.ocop_server = voila_server
    page.ocop_console = []
    page.on("console", lambda m: m.type == "error" and not any(h in m.text for h in HARMLESS_CONSOLE)
            and page.ocop_console.append(m.text))
    page.on("pageerror", lambda exc: page.ocop_console.append(f"pageerror: {exc}"))
    yield page
    context.close()


def test_self_assessment_on_a_phone(phone, open_app, screenshot):
    page = phone
    open_app(page, APP)
    assert page.evaluate(OVERFLOWING) == []
    search = page.get_by_placeholder("gõ tên", exact=False)
    search.tap()
    search.fill("tinh dầu")
    search.press("Enter")
    page.get_by_text("bộ tiêu chí phù hợp", exact=False).wait_for()
    options = [o.replace("\xa0", " ") for o in page.locator(".widget-select select option").all_inner_texts()]
    assert len(options) == 1 and options[0].endswith("Tinh dầu và dược liệu khác"), options
    page.get_by_role("button", name="Chấm bộ tiêu chí này").tap()
    page.locator(".ocop-summary").wait_for()
    # a narrow screen opens step by step (test_phone_steps.py); this journey is the whole form
    page.locator(".ocop-form-switch .widget-toggle-button", has_text="Cả bảng").tap()
    level = page.locator(".widget-radio-box label", has_text="Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75%").first
    level.scroll_into_view_if_needed()
    level.tap()
    page.wait_for_function("document.querySelector('.ocop-total')"
                           " && document.querySelector('.ocop-total').textContent !== '0'")

    # a level: the radio sits at the top of its text, not beside the last line
    radio_top, text_top = page.evaluate("""(label) => {
      const r = label.querySelector('input').getBoundingClientRect();
      return [r.top, label.getBoundingClientRect().top];
    }""", level.element_handle())
    assert radio_top - text_top < 16
    overflowing = page.evaluate(OVERFLOWING)
    assert overflowing == [], "\n".join(overflowing)
    small = page.evaluate(SMALL_TARGETS, TAP_MIN)
    assert small == [], "\n".join(small)
    assert page.evaluate(CUT_TABS) == []

    page.evaluate(SCROLL_TO_BOTTOM)
    page.wait_for_timeout(300)
    sticky = page.evaluate(IN_VIEW, ".ocop-sticky")
    assert sticky and sticky["height"] > 0 and sticky["top"] >= 0 and sticky["bottom"] <= PHONE["height"], sticky
    assert "Tổng" in sticky["text"] and "sao" in sticky["text"]
    screenshot(page, "phone-360-bottom")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "phone-360-full")
    assert page.ocop_console == []

"""Walking every screen of an app, for the accessibility and layout checks (issue 13).

``sized_page(browser, server, size)`` opens a context at a laptop or phone size;
``settle(page)`` waits until Voila's widgets stop appearing and no "working…" status is
shown; ``enter(page, app)`` brings an app past its empty first screen where one is needed
(the self-assessment opens an example so the criteria and their levels are on the page);
``each_screen(page, visit)`` calls ``visit(where)`` on the current screen and again after
opening each tab, nested tab bars included, and in each way a screen can be shown.
"""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parents[2]
APPS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
HARMLESS_CONSOLE = ("Unsatisfied version", "No satisfying version", "Available versions:")
SIZES = {
    "laptop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}

# Settled: Voila's spinner gone, the same number of widget nodes on several polls in a
# row (views are created after the cells ran) and no "working…" status on screen.
SETTLED = """() => {
  const spinner = document.getElementById('loading');
  if (spinner && getComputedStyle(spinner).display !== 'none') return false;
  for (const el of document.querySelectorAll('#rendered_cells [role=status], #rendered_cells .ocop-busy')) {
    if (el.getClientRects().length && (el.classList.contains('ocop-busy') || /…\\s*$/.test(el.innerText))) return false;
  }
  const n = document.querySelectorAll('#rendered_cells .jupyter-widgets').length;
  const s = window.__ocopSettle || (window.__ocopSettle = {n: -1, same: 0});
  s.same = (n > 0 && n === s.n) ? s.same + 1 : 0;
  s.n = n;
  return s.same >= 4;
}"""


def sized_page(browser, server, size: str):
    context = browser.new_context(locale="vi-VN", **SIZES[size])
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.ocop_server = server
    page.ocop_size = size
    page.ocop_console = []
    page.on("pageerror", lambda exc: page.ocop_console.append(f"pageerror: {exc}"))
    page.on("console", lambda m: m.type == "error" and not any(h in m.text for h in HARMLESS_CONSOLE)
            and page.ocop_console.append(m.text))
    return context, page


def settle(page) -> None:
    page.evaluate("window.__ocopSettle = null")
    page.wait_for_function(SETTLED, polling=250)


def tap(page, locator) -> None:
    if page.ocop_size == "phone":
        locator.tap()
    else:
        locator.click()


def enter(page, app: str) -> None:
    if app == "tu-danh-gia.ipynb":
        tap(page, page.get_by_role("button", name="Mở ví dụ"))
        # the whole form's chosen levels, or the step-by-step cards (a phone's default)
        page.locator(".widget-radio-box input:checked, .ocop-card").first.wait_for(state="attached")
    settle(page)


def open_plan_sample(page, label: str = "Mẫu: Miến dong Tài Hoan (số liệu minh họa)") -> None:
    """Open a business-plan sample once the app has settled; click again when a click made
    while the page was still rendering was lost (seen on a loaded CI machine)."""
    settle(page)
    page.locator(".widget-dropdown select").first.select_option(label=label)
    note = page.locator(".ocop-msg", has_text="Số liệu minh họa").first
    for attempt in range(3):
        page.get_by_role("button", name="Mở bản mẫu").click()
        try:
            note.wait_for(timeout=40_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    settle(page)  # the sample re-renders the tabs


def each_view(page, visit, where: str) -> None:
    """``visit`` this screen, then each other way of showing it (the self-assessment's
    whole form / step-by-step switch), coming back to the one shown first."""
    visit(where)
    switch = page.locator(".ocop-form-switch .widget-toggle-button:visible")
    if not switch.count():
        return
    names = switch.all_inner_texts()
    shown = [i for i in range(len(names)) if "mod-active" in (switch.nth(i).get_attribute("class") or "")]
    for i, name in enumerate(names):
        if i in shown:
            continue
        tap(page, switch.nth(i))
        settle(page)
        visit(f"{where} / {name}")
    if shown:
        tap(page, switch.nth(shown[0]))
        settle(page)


def each_screen(page, visit) -> None:
    each_view(page, visit, "first screen")
    done = set()
    while True:
        tabs = page.locator(".lm-TabBar-tab:visible")
        labels = tabs.all_inner_texts()
        todo = [(i, label) for i, label in enumerate(labels) if label not in done]
        if not todo:
            return
        i, label = todo[0]
        done.add(label)
        tab = tabs.nth(i)
        tab.scroll_into_view_if_needed()
        tap(page, tab)
        settle(page)
        each_view(page, visit, f"tab {label!r}")

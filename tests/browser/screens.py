"""Walking every screen of an app, for the accessibility and layout checks (issue 13).

``sized_page(browser, server, size)`` opens a context at a laptop or phone size;
``settle(page)`` waits until Voila's widgets stop appearing and no "working…" status is
shown; ``enter(page, app)`` brings an app past its empty first screen where one is needed
(the self-assessment opens an example so the criteria and their levels are on the page);
``each_screen(page, visit)`` calls ``visit(where)`` on the current screen and again after
opening each tab, nested tab bars included, and in each way a screen can be shown;
``layout_problems(page)`` lists what does not fit a phone on the screen shown (overflow,
small tap targets, cut labels, a level's radio away from its text).
"""
from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parents[2]
APPS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
# Voila 0.5.13 bundles JupyterLab 4.2.5 core; these version warnings are harmless.
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


def find_set(page, words: str, count: int) -> list[str]:
    """Search the self-assessment's criteria sets and wait until the picker lists ``count``
    sets (the note "… bộ tiêu chí phù hợp" alone may be drawn before the list); their labels."""
    search = page.get_by_placeholder("gõ tên", exact=False)
    tap(page, search)
    search.fill(words)
    search.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.widget-select select option').length === n",
                           arg=count)
    return [o.replace("\xa0", " ") for o in page.locator(".widget-select select option").all_inner_texts()]


def open_plan_sample(page, label: str = "Mẫu: Miến dong Tài Hoan (số liệu minh họa)") -> None:
    """Open a business-plan sample once the app has settled. On a loaded machine the kernel
    may answer the click a minute later; only when it has not after 90 s is the click
    repeated, with the sample chosen again (the picker is redrawn with the page)."""
    settle(page)
    note = page.locator(".ocop-msg", has_text="Số liệu minh họa").first
    for attempt in range(2):
        page.locator(".widget-dropdown select").first.select_option(label=label)
        page.get_by_role("button", name="Mở bản mẫu").click()
        try:
            note.wait_for(timeout=90_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 1:
                raise
    settle(page)  # the sample re-renders the tabs
    chosen = page.locator(".widget-dropdown select").first.evaluate("s => s.options[s.selectedIndex].text")
    assert chosen.replace("\xa0", " ") == label, chosen


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


TAP_MIN = 44

# Helpers shared by the checks below (one evaluate each).
JS_HELPERS = """
const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
  && getComputedStyle(el).visibility !== 'hidden'; };
const name = (el) => `${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\\s+/).slice(-2).join('.')}`
  + ` "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
const scroller = (el) => { for (let p = el.parentElement; p && p.id !== 'rendered_cells'; p = p.parentElement) {
  if (getComputedStyle(p).overflowX !== 'visible') return p; } return null; };
"""

OVERFLOW = JS_HELPERS + """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const page = document.documentElement.scrollWidth;
  if (page > width + 1) out.push(`page is ${page} px wide`);
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    const clip = scroller(el);
    if (clip) {
      const c = clip.getBoundingClientRect();
      if (r.right <= c.right + 1 && r.left >= c.left - 1) continue;
      if (clip.scrollWidth > clip.clientWidth + 1 && c.right <= width + 1) {
        // scrolls sideways inside the screen: fine with a cue and keyboard access
        if (!clip.classList.contains('ocop-hscroll') || clip.tabIndex < 0) {
          out.push(`scrolls without a cue: ${name(clip)}`);
        }
        continue;
      }
      if (r.right <= c.right + 1 || c.right <= width + 1) continue;
    }
    if (r.right > width + 1 || r.left < -1) out.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return [...new Set(out)];
}"""

SMALL_TARGETS = JS_HELPERS + """
(min) => {
  const sel = ['button', 'select', 'textarea', 'a.ocop-download',
    'input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not([type=file])',
    'label:has(> input[type=radio])', 'label:has(> input[type=checkbox])', '.lm-TabBar-tab'].join(', ');
  const out = [];
  for (const el of document.querySelectorAll('#rendered_cells ' + sel.split(', ').join(', #rendered_cells '))) {
    if (!shown(el)) continue;
    const h = el.getBoundingClientRect().height;
    if (h < min - 0.5) out.push(`${name(el)} ${h.toFixed(1)} px`);
  }
  return out;
}"""

CUT_LABELS = JS_HELPERS + """
() => {
  const sel = '.lm-TabBar-tabLabel, label:has(> input[type=checkbox]), .widget-checkbox .widget-label-basic span, '
            + '.widget-button, .widget-toggle-button';
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (!shown(el) || !el.closest('#rendered_cells')) continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) out.push(name(el));
  }
  return out;
}"""

# A level: the radio's middle on the first line of the text, and every line of the text
# (wrapped ones included) to the right of the radio.
LEVELS = JS_HELPERS + """
() => {
  const out = [];
  for (const label of document.querySelectorAll('#rendered_cells .widget-radio-box label')) {
    const radio = label.querySelector('input[type=radio]');
    if (!radio || !shown(label)) continue;
    const range = document.createRange();
    range.selectNodeContents(label);
    const texts = Array.from(range.getClientRects()).filter(r => r.width > 1 && r.height > 1);
    const rb = radio.getBoundingClientRect();
    const words = texts.filter(r => !(Math.abs(r.left - rb.left) < 1 && Math.abs(r.top - rb.top) < 1));
    if (!words.length) continue;
    const first = words.reduce((a, b) => (b.top < a.top ? b : a));
    const middle = (rb.top + rb.bottom) / 2;
    if (middle < first.top - 2 || middle > first.bottom + 2) out.push(`radio not on the first line: ${name(label)}`);
    const left = Math.min(...words.map(r => r.left));
    if (left < rb.right - 1) out.push(`text under the radio: ${name(label)}`);
  }
  return out;
}"""

SCROLL_TO_BOTTOM = """() => {
  window.scrollTo(0, document.documentElement.scrollHeight);
  for (const el of document.querySelectorAll('*')) {
    if (el.scrollHeight > el.clientHeight + 10 && /(auto|scroll)/.test(getComputedStyle(el).overflowY)) {
      el.scrollTop = el.scrollHeight;
    }
  }
}"""

BOX = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, height: r.height, text: el.innerText};
}"""


def layout_problems(page, where: str = "") -> list[str]:
    """Everything on the screen shown that does not fit a phone, one line each."""
    problems = []
    for kind, script, arg in (("overflow", OVERFLOW, None), ("tap target < 44 px", SMALL_TARGETS, TAP_MIN),
                              ("cut label", CUT_LABELS, None), ("level layout", LEVELS, None)):
        found = page.evaluate(script, arg) if arg is not None else page.evaluate(script)
        problems.extend(f"[{where}] {kind}: {item}" if where else f"{kind}: {item}" for item in found)
    return problems


def box(page, selector: str) -> dict | None:
    """The first element matching ``selector``: its top, bottom and height on screen, its text."""
    return page.evaluate(BOX, selector)


def scroll_to_bottom(page) -> None:
    """Scroll the page and every scrolling panel in it to the end."""
    page.evaluate(SCROLL_TO_BOTTOM)


class AxeFindings:
    """axe-core (bundled with axe-playwright-python, never downloaded) on each screen visited:
    violations of impact "serious" or "critical", each element listed once with where it was."""

    BLOCKING = ("serious", "critical")
    _axe = Axe()

    def __init__(self, page):
        self.page = page
        self.found: dict[str, dict] = {}

    def check(self, where: str) -> None:
        # the template names controls and marks scrollers in a pass that waits for the page to be
        # still (a11y.html): check what a user gets once it has run
        self.page.wait_for_function("!(window.ocopA11y && window.ocopA11y.pending)", polling=100)
        for v in self._axe.run(self.page).response["violations"]:
            if v.get("impact") not in self.BLOCKING:
                continue
            seen = self.found.setdefault(v["id"], {**v, "nodes": []})
            targets = {tuple(n["target"]) for _w, n in seen["nodes"]}
            seen["nodes"] += [(where, n) for n in v["nodes"] if tuple(n["target"]) not in targets]

    def describe(self) -> str:
        lines = []
        for v in self.found.values():
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
            for where, node in v["nodes"][:12]:
                summary = " ".join(node.get("failureSummary", "").split())
                target = " ".join(map(str, node["target"]))
                lines.append(f"    [{where}] {target}: {node.get('html', '')[:140]} — {summary[:200]}")
            if len(v["nodes"]) > 12:
                lines.append(f"    … {len(v['nodes']) - 12} more")
        return "\n".join(lines)

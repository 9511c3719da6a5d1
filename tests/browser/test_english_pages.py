"""English that is English (issue 13): kit text on an English page has no Vietnamese.

Every notebook is opened with ``?lang=en`` and, in a fresh browser, in Vietnamese and then
switched with the language toggle. The visible text of the page (each tab of it in turn) is
collected, leaving out what users type (form inputs, ``.ocop-user``: names, sample data) and
the official Vietnamese wording (``.ocop-official``) and the language toggle (whose "Tiếng Việt"
names the language in its own words); any text with a Vietnamese letter fails.
The language is remembered per device, and switching keeps the criterion being read in place.
axe-core checks each English screen as test_a11y.py checks the Vietnamese ones.
"""
from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from pathlib import Path

import pytest
from screens import AxeFindings

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
VIETNAMESE = re.compile("[ăâđêôơư" "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)

# Visible text nodes, outside user data, official text and form fields; plus the chosen
# option of each visible drop-down.
VISIBLE_TEXTS = """() => {
  // .ocop-lang-toggle: "Tiếng Việt" names the language in its own words, as language switches do
  const skip = '.ocop-official, .ocop-user, .ocop-lang-toggle, textarea, select, script, style, noscript';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest(skip)) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    out.push(text);
  }
  for (const select of document.querySelectorAll('select')) {
    if (select.closest('.ocop-user') || !select.checkVisibility()) continue;
    const chosen = select.selectedOptions[0];
    if (chosen && !chosen.classList.contains('ocop-user')) out.push(chosen.text.trim());
  }
  out.push(document.title);
  return out;
}"""

TOGGLE_EN = ".ocop-lang-toggle button:nth-child(2)"
TOGGLE_EN_ACTIVE = ".ocop-lang-toggle button.mod-active:nth-child(2)"


def allowed_names() -> list[str]:
    """Proper names that keep their marks in English (ocop_kit/locales/names.json) and the
    sample files' own texts (products, producers, places, cost lines): data, not kit text."""
    names = set(json.loads((REPO / "ocop_kit/locales/names.json").read_text(encoding="utf-8"))["names"])
    for sample in (REPO / "data/samples").rglob("*.json"):
        names.update(s for s in strings_in(json.loads(sample.read_text(encoding="utf-8"))) if len(s) >= 5)
    # longest first, so "Tinh dầu sả chanh Hương Ngàn" goes before "Hương Ngàn"
    return sorted((plain(n) for n in names), key=len, reverse=True)


def strings_in(doc) -> list[str]:
    """Every text of a sample file (what a trainee would have typed: names, places, cost lines)."""
    if isinstance(doc, dict):
        return [s for v in doc.values() for s in strings_in(v)]
    if isinstance(doc, list):
        return [s for v in doc for s in strings_in(v)]
    return [doc.strip()] if isinstance(doc, str) and doc.strip() else []


def plain(text: str) -> str:
    """NFC with every run of spaces (non-breaking ones too) as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


NAMES = allowed_names()
STRIP_NAMES_JS = ("t => " + json.dumps(NAMES, ensure_ascii=False)
                  + ".reduce((s, n) => s.split(n).join(' '), t.normalize('NFC').replace(/\\s+/g, ' '))")


def without_names(text: str) -> str:
    text = plain(text)
    for name in NAMES:
        text = text.replace(name, " ")
    return text


def vietnamese(texts: list[str]) -> list[str]:
    return sorted({t for t in texts if VIETNAMESE.search(without_names(t))})


def test_proper_names_are_allowed_but_other_vietnamese_is_not():
    assert vietnamese(["Arrowroot noodles from Na Rì, Bắc Kạn (QĐ-TTg)"]) == []
    assert vietnamese(["Rated: Đạt 3 sao"]) == ["Rated: Đạt 3 sao"]


def wait_english(page) -> None:
    """The app has switched to English: its toggle shows English and <html lang> says so."""
    page.locator(TOGGLE_EN_ACTIVE).first.wait_for(state="visible")
    page.wait_for_function("() => document.documentElement.lang === 'en'")


def check_every_tab(page, name: str, tabs: bool = True, visit=None) -> None:
    """Collect the visible text on each tab of the page (or only the one shown); fail with what
    is Vietnamese. ``visit(where)`` runs on each screen too, once its text is English."""
    found: dict[str, list[str]] = {}

    def collect(where: str) -> None:
        # relabelling runs in the kernel: wait (generously) for the page to settle on English
        with contextlib.suppress(Exception):  # the texts are reported below
            page.wait_for_function(
                f"() => ({VISIBLE_TEXTS})().map({STRIP_NAMES_JS}).every(t => !/{VIETNAMESE.pattern}/i.test(t))",
                timeout=20_000, polling=500)
        bad = vietnamese(page.evaluate(VISIBLE_TEXTS))
        if bad:
            found[where] = bad
        if visit is not None:
            visit(where)

    collect("page")
    bar = page.locator(".ocop-app .lm-TabBar-tab")
    for i in range(bar.count() if tabs else 0):
        tab = bar.nth(i)
        if not tab.is_visible():
            continue
        label = tab.inner_text()
        tab.click()
        collect(f"tab {label}")
    assert not found, f"{name}: Vietnamese text on an English page: {found}"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_english_page_has_no_vietnamese_kit_text(page, open_app, screenshot, notebook):
    open_app(page, notebook, lang="en")
    wait_english(page)
    axe = AxeFindings(page)  # English pages are checked for accessibility too
    check_every_tab(page, notebook, visit=axe.check)
    screenshot(page, f"english-{notebook.removesuffix('.ipynb')}")
    assert not axe.found, f"{notebook} in English:\n" + axe.describe()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_switching_to_english_leaves_no_vietnamese_kit_text(page, open_app, notebook):
    open_app(page, notebook)
    page.locator(".ocop-lang-toggle").first.wait_for(state="visible")
    assert page.evaluate("document.documentElement.lang") == "vi"
    page.locator(TOGGLE_EN).first.click()
    wait_english(page)
    check_every_tab(page, notebook)


def test_english_self_assessment_levels_are_english_with_the_official_text_one_tap_away(page, open_app, screenshot):
    """A set started in English: level labels in English (whole form and step by step), labelled as an
    unofficial translation, the decision's Vietnamese wording in a closed details under the criterion."""
    open_app(page, "tu-danh-gia.ipynb", lang="en")
    wait_english(page)
    search = page.get_by_placeholder("type a name", exact=False)
    search.fill("tinh dau")
    search.press("Enter")
    page.get_by_role("button", name="Score this set").click()
    page.locator(".ocop-summary").wait_for()
    page.locator(".ocop-form-switch .widget-toggle-button", has_text="Whole form").click()
    label = page.locator(".widget-radio-box label", has_text="of the raw materials come from the province").first
    label.wait_for()
    official = page.locator(".ocop-criterion .ocop-official").first
    assert not official.evaluate("d => d.open")
    assert page.locator(".ocop-criterion", has_text="Unofficial translation").count() > 10
    check_every_tab(page, "tu-danh-gia.ipynb (whole form)", tabs=False)
    official.locator("summary").click()
    page.wait_for_function("() => document.querySelector('.ocop-criterion .ocop-official').open")
    assert VIETNAMESE.search(official.inner_text())
    screenshot(page, "english-assessment-official-open")
    page.locator(".ocop-form-switch .widget-toggle-button", has_text="Step by step").click()
    page.locator(".ocop-card").first.wait_for()
    check_every_tab(page, "tu-danh-gia.ipynb (step by step)")
    screenshot(page, "english-assessment-steps")


def test_the_language_is_remembered_on_the_device(page, open_app, voila_server):
    app = "y-tuong-san-pham.ipynb"
    open_app(page, app, lang="en")
    wait_english(page)
    # opened again without ?lang=: English from the device's memory
    page.goto(voila_server.app_url(app), wait_until="commit")  # the page reloads itself with ?lang=en
    page.wait_for_url(re.compile(r"[?&]lang=en"))
    wait_english(page)
    # switched back to Vietnamese with the toggle: the next plain address is Vietnamese
    page.locator(".ocop-lang-toggle button:nth-child(1)").first.click()
    page.locator(".ocop-lang-toggle button.mod-active:nth-child(1)").first.wait_for(state="visible")
    assert page.evaluate("localStorage.getItem('ocop-kit-lang')") == "vi"
    page.goto(voila_server.app_url(app))
    page.locator(".ocop-lang-toggle button.mod-active:nth-child(1)").first.wait_for(state="visible")
    assert "lang=" not in page.url
    assert page.evaluate("document.documentElement.lang") == "vi"


# The first criterion block whose top is inside the window: its index and where it is.
READING = """() => {
  const blocks = Array.from(document.querySelectorAll('.ocop-criterion'));
  for (let i = 0; i < blocks.length; i++) {
    const box = blocks[i].getBoundingClientRect();
    if (box.height > 0 && box.top >= 80 && box.top < window.innerHeight / 2) return {index: i, top: box.top};
  }
  return null;
}"""
TOP_OF = "(i) => document.querySelectorAll('.ocop-criterion')[i].getBoundingClientRect().top"


def test_switching_language_keeps_the_criterion_being_read_in_place(page, open_app, screenshot):
    open_app(page, "tu-danh-gia.ipynb")
    search = page.get_by_placeholder("gõ tên", exact=False)
    search.fill("tinh dầu")
    search.press("Enter")
    page.get_by_role("button", name="Chấm bộ tiêu chí này").click()
    page.locator(".ocop-summary").wait_for()
    page.locator(".ocop-form-switch .widget-toggle-button", has_text="Cả bảng").click()
    blocks = page.locator(".ocop-criterion")
    blocks.nth(12).wait_for()
    blocks.nth(12).scroll_into_view_if_needed()
    page.mouse.wheel(0, -200)
    page.wait_for_function(f"() => ({READING})() !== null")
    before = page.evaluate(READING)
    # a click from script: Playwright's own click would scroll the toggle into view
    page.evaluate("document.querySelector('.ocop-lang-toggle button:nth-child(2)').click()")
    wait_english(page)
    page.wait_for_function("(i) => !/[ăâđêôơư]/i.test(document.querySelectorAll('.ocop-criterion')[i].innerText"
                           ".split('\\n')[0])", arg=before["index"])
    try:
        page.wait_for_function(f"([i, top]) => Math.abs(({TOP_OF})(i) - top) < 60",
                               arg=[before["index"], before["top"]], timeout=10_000)
    finally:
        screenshot(page, "english-switch-keeps-place")
    assert abs(page.evaluate(TOP_OF, before["index"]) - before["top"]) < 60

"""Issue 13 without a browser: set search wiring, busy buttons, no empty chart image, the sticky line's save state."""
from __future__ import annotations

from ocop_kit.views.assessment import TAB_CHART, AssessmentApp


def make(store, scheduler, lang="vi"):
    app = AssessmentApp(lang, store, scheduler=scheduler)
    app.shell.code_input.value, app.shell.name_input.value = "HV01", "Lan"
    app.shell.start_button.click()
    return app


def test_search_chooses_the_best_fit_and_says_why(store, scheduler):
    app = make(store, scheduler)
    app.start.set_search.value = "miến"
    values = [v for _, v in app.start.set_picker.options]
    assert values[:2] == ["che-bien-tu-gao-ngu-coc", "che-bien-tu-rau-cu-qua-hat"]
    assert app.start.set_picker.value == values[0] and not app.start.start_button.disabled
    assert "2 bộ tiêu chí phù hợp" in app.start.search_note.value
    app.start.set_search.value = "mat ongg"
    assert app.start.set_picker.options == () and app.start.start_button.disabled
    assert "Không tìm thấy" in app.start.search_note.value
    suggestion = app.start.search_suggestions.root.children[1]
    assert suggestion.description == "mật ong"
    suggestion.click()
    assert app.start.set_search.value == "mật ong" and app.start.set_picker.options


def test_english_counts(store, scheduler):
    app = make(store, scheduler, lang="en")
    app.start.set_search.value = "coffee"
    assert "1 matching criteria set." in app.start.search_note.value


def test_buttons_are_busy_while_working_then_show_the_link(store, scheduler):
    app = make(store, scheduler)
    app.start.set_search.value = "tinh dầu"
    app.start.start_button.click()
    seen = []
    button = app.export.pdf_button
    button.observe(lambda ch: seen.append((ch["new"], button.description)), names="disabled")
    label = app.export.pdf_button.description
    app.export.pdf_button.click()
    assert seen[0] == (True, "Đang tạo…") and seen[-1] == (False, label)
    assert "download=" in app.export.pdf_html.value
    seen.clear()
    app.export.export_button.observe(lambda ch: seen.append(ch["new"]), names="disabled")
    app.export.export_button.click()
    assert seen == [True, False] and "download=" in app.export.export_html.value


def test_chart_image_hidden_until_drawn(store, scheduler):
    app = make(store, scheduler)
    app.start.set_search.value = "tinh dầu"
    app.start.start_button.click()
    assert app.chart.image.layout.display == "none" and app.chart.image.value == b""
    app.work_tabs.selected_index = TAB_CHART
    assert app.chart.image.value and app.chart.image.layout.display == ""
    assert "Đang vẽ" not in app.chart.note.value


def test_sticky_line_carries_the_save_state(store, scheduler):
    app = make(store, scheduler)
    app.start.set_search.value = "tinh dầu"
    app.start.start_button.click()
    code = app.model.cset.criteria[0].code
    app.answer(code, app.model.cset.criteria[0].levels[-1].points)
    bar = app.shell.status_bar  # the shell's sticky bar: the app's score line, then the save state
    assert "ocop-sticky" in bar._dom_classes and bar.children == (app.shell.summary_html, app.shell.status_html)
    assert "ocop-sticky-line" in app.shell.summary_html.value and "★" in app.shell.summary_html.value
    assert "Đã chấm 1/" in app.shell.summary_html.value
    app.save_now()
    assert "ocop-status-saved" in app.shell.status_html.value

"""Projector mode page without a browser: step, reveal, choose, the star changing, held-back text, what-if."""
from ocop_kit import projector as pj
from ocop_kit.paths import samples_dir
from ocop_kit.views.projector import build_app

HELD_BACK = samples_dir("answers") / "huong-ngan-tinh-dau-sa-2026.json"


def app_on(path=HELD_BACK, start=pj.START_EMPTY, lang="vi"):
    app = build_app(lang=lang)
    app.sample_picker.value = str(path)
    app.start_picker.value = start
    app.restart_button.click()
    return app


def level_texts(app):
    return [lv.text for lv in app.demo.levels()]


def test_page_opens_on_a_sample_with_levels_hidden_and_board_visible():
    app = build_app(lang="vi")
    assert app.demo is not None and len(app.sample_picker.options) >= 3
    assert "Tổng: 0/100 điểm" in app.board.value
    assert "đang ẩn" in app.hidden_html.value and app.levels_html.value == ""
    assert app.criterion_html.value.startswith(app.demo.current.code)
    assert app.prev_button.disabled and not app.reveal_button.disabled
    shown = [b for b in app.level_buttons if b.layout.display != "none"]
    assert len(shown) == len(app.demo.levels())


def test_step_and_reveal():
    app = app_on()
    first = app.demo.current.code
    app.next_button.click()
    assert app.demo.index == 1 and first not in app.criterion_html.value
    assert "Tiêu chí 2/" in app.position.value
    app.reveal_button.click()
    assert app.reveal_button.disabled
    for text in level_texts(app):
        assert text.replace("&", "&amp;")[:20] in app.levels_html.value
    assert "điểm)" in app.levels_html.value
    app.prev_button.click()
    assert app.demo.index == 0 and app.levels_html.value == ""


def test_choose_adds_to_the_total_and_marks_the_level():
    app = app_on()
    app.level_buttons[2].click()
    points = app.demo.levels()[2].points
    assert app.demo.chosen == {app.demo.current.code: points}
    assert f"Tổng: {points:g}/100 điểm" in app.board.value
    assert 'class="ocop-pj-chosen" data-level="3"' in app.levels_html.value
    assert "Đã chấm 1/" in app.board.value
    app.clear_button.click()
    assert app.demo.chosen == {} and "Tổng: 0/100" in app.board.value


def test_held_back_text_and_the_star_rising_when_the_minimum_is_met():
    app = app_on(start=pj.START_ANSWERS)
    result = app.demo.result()
    assert result.held_back
    blocker = app.demo.holding_back()[0]
    assert f"đủ {result.band_stars} sao nhưng chỉ được {result.stars} sao" in app.board.value
    assert blocker.code in app.board.value
    app.demo.go_to([c.code for c in app.demo.cset.criteria].index(blocker.code))
    app.render()
    needed = next(i for i, lv in enumerate(app.demo.levels(), 1) if lv.points == blocker.needs)
    app.level_buttons[needed - 1].click()
    assert f"{result.band_stars} sao" in app.board.value and "chỉ được" not in app.board.value
    assert app.demo.result().stars == result.band_stars


def test_what_if_tries_a_level_without_keeping_it():
    app = app_on(start=pj.START_ANSWERS)
    blocker = app.demo.holding_back()[0]
    app.demo.go_to([c.code for c in app.demo.cset.criteria].index(blocker.code))
    app.render()
    needed = next(i for i, lv in enumerate(app.demo.levels(), 1) if lv.points == blocker.needs)
    app.what_if_button.click()
    assert "ocop-pj-on" in app.what_if_button._dom_classes
    app.level_buttons[needed - 1].click()
    assert f"Nếu {blocker.code} ở mức {needed}" in app.board.value
    assert app.demo.chosen[blocker.code] == blocker.has  # not kept
    assert 'class="ocop-pj-trial"' in app.levels_html.value
    app.what_if_button.click()
    assert app.demo.trial is None and "Nếu " not in app.board.value


def test_end_shows_the_upgrade_path():
    app = app_on(start=pj.START_ANSWERS)
    app.demo.go_to(app.demo.count - 1)
    app.render()
    app.next_button.click()
    assert app.demo.at_end and app.next_button.disabled
    assert "lộ trình nâng hạng" in app.criterion_html.value
    assert f"Để đạt {app.demo.result().stars + 1} sao" in app.end_html.value
    assert app.level_row.layout.display == "none"


def test_english():
    app = app_on(lang="en")
    assert "Total: 0/100 points" in app.board.value and "levels hidden" in app.hidden_html.value
    app.reveal_button.click()
    assert "point" in app.levels_html.value
    app.shell.set_lang("vi")
    assert "Tổng:" in app.board.value


def test_no_samples_says_so():
    app = build_app(lang="vi", samples=[])
    assert app.demo is None and "Không tìm thấy phiếu mẫu" in app.message.value
    assert app.stage.layout.display == "none"

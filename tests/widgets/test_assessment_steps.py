"""Step-by-step mode without a browser: cards, Next/Back, progress line, jump list, skipped criteria."""
from __future__ import annotations

from pathlib import Path

import pytest

from ocop_kit.apps import assessment_steps as steps
from ocop_kit.apps.assessment import Assessment
from ocop_kit.views.assessment.steps import StepByStep

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "answers"


def sample(name="mien-dong-tai-hoan-2026.json", clear=5):
    """A shipped sample with its first ``clear`` criteria not answered yet."""
    model = Assessment.from_answers_file(SAMPLES / name)
    for criterion in model.cset.criteria[:clear]:
        model.set_answer(criterion.code, None)
    return model


@pytest.fixture
def panel():
    model = sample()
    shown = []
    view = StepByStep(model, "vi", show_summary=shown.append)
    view.shown = shown
    return view


def test_first_screen_shows_one_criterion_its_cards_and_the_evidence_asked(panel):
    model = panel.model
    first = model.cset.criteria[0]
    assert panel.code == first.code
    assert f"Tiêu chí 1/{len(model.cset.criteria)}" in panel.head_html.value
    assert first.code in panel.title_html.value
    cards = panel.cards_box.children
    assert len(cards) == len(first.levels)
    assert all(level.text in card.description for card, level in zip(cards, first.levels, strict=True))
    assert all("ocop-card" in card._dom_classes and card.layout.width == "100%" for card in cards)
    marked = [lv for lv in first.levels if lv.min_stars]
    assert marked, "the sample's first criterion has a minimum level"
    assert any(f"mức tối thiểu cho {marked[0].min_stars}★" in card.description for card in cards)
    assert "Hội đồng cần xem:" in panel.evidence_html.value
    assert panel.back_button.disabled and not panel.next_button.disabled


def test_a_tap_on_a_card_answers_through_the_model_and_marks_the_card(panel):
    model = panel.model
    code = panel.code
    before = steps.progress(model)
    panel.cards_box.children[1].click()
    assert model.answers[code] == model.criterion(code).levels[1].points
    chosen = [c for c in panel.cards_box.children if "ocop-card-selected" in c._dom_classes]
    assert chosen == [panel.cards_box.children[1]]
    assert chosen[0].description.startswith("✓ Đã chọn")
    after = steps.progress(model)
    assert after.answered == before.answered + 1
    line = panel.shown[-1]
    assert f"Đã chấm {after.answered}/{after.total}" in line
    assert f"{after.points:g} điểm" in line and "★" * after.stars in line
    # another card: the mark moves
    panel.cards_box.children[2].click()
    chosen = [c for c in panel.cards_box.children if "ocop-card-selected" in c._dom_classes]
    assert chosen == [panel.cards_box.children[2]]
    assert steps.progress(model).answered == after.answered


def test_answers_go_through_the_apps_callback_when_given():
    model = sample()
    seen = []

    def report(code, index):
        seen.append((code, index))
        level = model.criterion(code).levels[index]
        model.set_answer(code, level.points, level.case)

    view = StepByStep(model, "vi", on_answer=report)
    view.cards_box.children[0].click()
    assert seen == [(model.cset.criteria[0].code, 0)]
    assert "ocop-card-selected" in view.cards_box.children[0]._dom_classes


def test_the_users_evidence_note_is_kept_per_criterion(panel):
    model = panel.model
    first = panel.code
    panel.note.value = "Hợp đồng mua sả với HTX"
    assert model.evidence[first] == "Hợp đồng mua sả với HTX"
    panel.next_button.click()
    assert panel.note.value == model.evidence.get(panel.code, "") != "Hợp đồng mua sả với HTX"
    panel.back_button.click()
    assert panel.note.value == "Hợp đồng mua sả với HTX"
    panel.note.value = "x" * 2500
    assert len(model.evidence[first]) == 2000 and len(panel.note.value) == 2000
    assert "2000" in panel.note_status.value


def test_next_and_back_walk_the_criteria_in_order(panel):
    codes = [c.code for c in panel.model.cset.criteria]
    panel.next_button.click()
    panel.next_button.click()
    assert panel.code == codes[2]
    assert "Tiêu chí 3/" in panel.head_html.value
    panel.back_button.click()
    assert panel.code == codes[1] and not panel.back_button.disabled
    panel.go(codes[-1])
    assert panel.next_button.disabled
    assert "tiêu chí cuối cùng" in panel.left_html.value


def test_jump_list_offers_the_unanswered_ones_and_shrinks(panel):
    model = panel.model
    left = [c.code for c in model.cset.criteria[:5]]
    assert panel.unanswered_in_jump == left
    panel.cards_box.children[0].click()
    assert panel.unanswered_in_jump == left[1:]
    panel.jump.value = left[3]
    assert panel.code == left[3]
    assert panel.jump.value == ""  # ready for the next jump
    for code in left[1:]:
        panel.go(code)
        panel.cards_box.children[-1].click()
    assert panel.unanswered_in_jump == [] and panel.jump.layout.display == "none"
    assert f"Đã chấm đủ {len(model.cset.criteria)} tiêu chí" in panel.left_html.value
    assert f"Đã chấm {len(model.cset.criteria)}/{len(model.cset.criteria)}" in panel.shown[-1]


def test_a_halt_question_on_its_screen_skips_the_rest_of_the_part(panel):
    model = panel.model
    halt = next(c for c in model.cset.criteria if any(r.kind == "halt_if" for r in c.rules))
    fact = steps.questions_of(halt)[0]
    panel.go(halt.code)
    label, toggle = panel.questions_box.children
    assert model.version.facts[fact].question["vi"] in label.value
    total = steps.progress(model).total
    toggle.value = "yes"
    assert model.facts[fact] is True
    skipped = steps.skipped_codes(model)
    assert skipped and "Bỏ qua" in panel.skipped_html.value and skipped[0] in panel.skipped_html.value
    assert panel.code == halt.code  # its own screen stays, saying it is not assessed
    assert "Không được đánh giá" in panel.status_html.value
    assert steps.progress(model).total == total - len(skipped) - 1
    # Next jumps over the skipped ones
    panel.next_button.click()
    assert panel.code not in skipped
    order = [c.code for c in model.cset.criteria]
    assert order.index(panel.code) > order.index(skipped[-1]) or panel.next_button.disabled
    panel.go(halt.code)
    panel.questions_box.children[1].value = "no"
    assert steps.skipped_codes(model) == [] and panel.skipped_html.value == ""


def test_a_gate_not_met_skips_criteria_and_an_open_screen_moves_on():
    model = sample("huong-ngan-tinh-dau-sa-2026.json", clear=0)
    view = StepByStep(model, "vi")
    gate = next(c for c in model.cset.criteria if any(r.kind == "gate" for r in c.rules))
    order = [c.code for c in model.cset.criteria]
    after = order[order.index(gate.code) + 1]
    view.go(after)
    model.set_fact(steps.questions_of(gate)[0], False)  # answered in the whole form
    assert after in steps.skipped_codes(model)
    shown = steps.step_codes(model)
    assert view.code != after and view.code in shown
    # the gate closes its part to the end of the set: the gate's own screen is the last one
    assert shown[-1] == gate.code and view.code == gate.code and view.next_button.disabled
    view.back_button.click()
    assert view.code == shown[-2]


def test_changes_made_elsewhere_show_on_the_screen(panel):
    model = panel.model
    code = panel.code
    model.set_answer(code, model.criterion(code).levels[-1].points)
    assert "ocop-card-selected" in panel.cards_box.children[-1]._dom_classes
    assert code not in panel.unanswered_in_jump


def test_english():
    model = sample()
    shown = []
    view = StepByStep(model, "en", show_summary=shown.append)
    assert view.next_button.description == "Next ›" and view.back_button.description == "‹ Back"
    assert "Criterion 1 of" in view.head_html.value
    assert "The council asks for:" in view.evidence_html.value
    assert "Answered 27/32" in shown[-1] and "points" in shown[-1]
    first = model.cset.criteria[0]
    assert all(level.text_en and level.text_en in card.description
               for card, level in zip(view.cards_box.children, first.levels, strict=True))
    assert "Unofficial translation" in view.info_html.value
    view.relabel("vi")
    assert view.next_button.description == "Tiếp ›" and "Tiêu chí 1/" in view.head_html.value


def test_inactive_panel_leaves_the_status_bar_alone(panel):
    panel.set_active(False)
    count = len(panel.shown)
    panel.cards_box.children[0].click()
    assert len(panel.shown) == count
    panel.set_active(True)
    assert len(panel.shown) == count + 1


def test_screen_width_reports_narrow_once():
    from ocop_kit.views.assessment.steps import ScreenWidth

    probe = ScreenWidth()
    heard = []
    probe.on_first(heard.append)
    assert probe.narrow is None and "ocop-screen-width" in probe.widget._dom_classes
    assert probe.widget.layout.display == "none"
    probe.widget.value = "not a number"
    assert heard == [] and probe.narrow is None
    probe.widget.value = "360"
    assert heard == [True] and probe.narrow is True
    probe.widget.value = "740"  # turned sideways: known, but the first answer stands
    assert heard == [True] and probe.width == 740 and probe.narrow is False
    wide = ScreenWidth()
    wide.on_first(heard.append)
    wide.widget.value = "1280"
    assert heard == [True, False]


# --- in the app: the form switch, the status bar, autosave, narrow screens -----------------

def make_app(store, scheduler, lang="vi"):
    from ocop_kit.views.assessment import AssessmentApp
    from ocop_kit.views.assessment.steps import StepsPanel

    app = AssessmentApp(lang, store, scheduler=scheduler)  # the app's own form panels
    app.shell.code_input.value, app.shell.name_input.value = "HV01", "Lan"
    app.shell.start_button.click()
    return app, next(p for p in app.form_panels if isinstance(p, StepsPanel))


def open_sample_with_gaps(app, clear=3):
    app.open_sample(str(SAMPLES / "moc-nhi-kho-minh-anh-2026.json"))
    for criterion in app.model.cset.criteria[:clear]:
        app.model.set_answer(criterion.code, None)


def switch_labels(app):
    return [label for label, _ in app.form_switch.options]


def test_the_switch_offers_both_views_and_the_whole_form_stays_the_default_on_a_laptop(store, scheduler):
    app, panel = make_app(store, scheduler)
    panel.screen.widget.value = "1280"
    open_sample_with_gaps(app)
    assert switch_labels(app) == ["Cả bảng", "Từng bước"] and app.form_switch.layout.display != "none"
    assert app.form_switch.value == 0 and app.form_box.children[-1] is app.form.widget
    assert not panel.active and "ocop-steps-progress" not in app.shell.summary_html.value


def test_narrow_screen_opens_step_by_step_and_answers_autosave(store, scheduler):
    app, panel = make_app(store, scheduler)
    panel.screen.widget.value = "360"  # the page says so before a set is chosen
    open_sample_with_gaps(app)
    assert app.form_box.children[-1] is panel.widget and panel.active
    steps_view = panel.steps
    code = steps_view.code
    assert code == app.model.cset.criteria[0].code
    assert "ocop-steps-progress" in app.shell.summary_html.value  # the sticky status bar
    assert "Đã chấm 29/32" in app.shell.summary_html.value
    steps_view.cards_box.children[-1].click()
    assert app.model.answers[code] == app.model.criterion(code).levels[-1].points
    assert "Đã chấm 30/32" in app.shell.summary_html.value
    assert code not in steps_view.unanswered_in_jump
    steps_view.note.value = "Hóa đơn mua mộc nhĩ"
    app.save_now()
    stored = store.load_draft("HV01", "assessment", app.model.draft_id)
    assert stored.payload["answers"][code] == app.model.answers[code]
    assert stored.payload["evidence"][code] == "Hóa đơn mua mộc nhĩ"
    assert "ocop-status-saved" in app.shell.status_html.value


def test_switching_back_shows_the_steps_answers_in_the_whole_form(store, scheduler):
    app, panel = make_app(store, scheduler)
    panel.screen.widget.value = "360"
    open_sample_with_gaps(app)
    code = panel.steps.code
    panel.steps.cards_box.children[0].click()
    panel.steps.note.value = "Ảnh vùng trồng"
    halt = next(c for c in app.model.cset.criteria if any(r.kind == "halt_if" for r in c.rules))
    fact = steps.questions_of(halt)[0]
    panel.steps.go(halt.code)
    panel.steps.questions_box.children[1].value = "yes"
    app.form_switch.value = 0  # the user picks "Cả bảng"
    assert panel.user_chose and not panel.active
    assert app.form.control(code).choice.value == 0
    assert app.form.control(code).note.value == "Ảnh vùng trồng"
    assert app.form.facts_checks[fact].value == "yes" and app.model.facts[fact] is True
    assert "ocop-steps-progress" not in app.shell.summary_html.value  # the whole form's score line is back
    # the user's choice stands when another sample opens on the narrow screen
    open_sample_with_gaps(app)
    assert app.form_switch.value == 0


def test_whole_form_answers_show_on_the_step_screen(store, scheduler):
    app, panel = make_app(store, scheduler)
    open_sample_with_gaps(app)
    code = app.model.cset.criteria[0].code
    app.answer(code, app.model.criterion(code).levels[1].points)
    app.form_switch.value = panel.index
    assert panel.active and panel.steps.code == code
    assert "ocop-card-selected" in panel.steps.cards_box.children[1]._dom_classes
    assert "Đã chấm 30/32" in app.shell.summary_html.value


def test_english_switch(store, scheduler):
    app, panel = make_app(store, scheduler, lang="en")
    open_sample_with_gaps(app)
    assert "Step by step" in switch_labels(app)
    app.form_switch.value = panel.index
    assert "Answered 29/32" in app.shell.summary_html.value and "ocop-steps-progress" in app.shell.summary_html.value
    app.shell.lang_toggle.value = "vi"
    assert "Từng bước" in switch_labels(app) and "Đã chấm 29/32" in app.shell.summary_html.value
    assert panel.steps.next_button.description == "Tiếp ›"


def test_the_sets_own_questions_are_folded_under_the_steps(panel):
    model = panel.model
    general = steps.general_questions(model)
    assert general and panel.general_box.layout.display == "none"
    answered = sum(1 for f in general if f in model.facts)
    assert f"Điều kiện bắt buộc: đã trả lời {answered}/{len(general)}" in panel.general_button.description
    model.set_fact(general[0], None)
    assert f"đã trả lời {answered - 1}/{len(general)}" in panel.general_button.description
    panel.general_button.click()
    assert panel.general_box.layout.display == "" and panel.general_button.description.startswith("▾")
    labels = panel.general_box.children[1::2]
    toggles = panel.general_box.children[2::2]
    assert len(toggles) == len(general)
    assert model.version.facts[general[0]].question["vi"] in labels[0].value
    before = model.result()
    assert not before.excluded
    toggles[0].value = "yes"  # e.g. "hồ sơ giả mạo": the product is not rated
    assert model.facts[general[0]] is True and model.result().excluded
    assert "không xếp hạng" in panel.shown[-1]
    assert f"đã trả lời {answered}/{len(general)}" in panel.general_button.description
    panel.general_button.click()
    assert panel.general_box.layout.display == "none"

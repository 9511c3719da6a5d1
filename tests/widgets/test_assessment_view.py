"""The self-assessment app built without a browser: set values, click buttons, read the widgets."""
from __future__ import annotations

import base64
import json
import re

from ocop_kit.views.assessment import AssessmentApp

from ..conftest import SAMPLES

SAMPLE = SAMPLES / "answers" / "huong-ngan-tinh-dau-sa.json"  # 2019 criteria
SAMPLE_26 = SAMPLES / "answers" / "huong-ngan-tinh-dau-sa-2026.json"  # the criteria in force
EVIL = "<script>alert(1)</script>"


def make(store, scheduler, lang="vi", version="qd1048-2019") -> AssessmentApp:
    """Most tests here exercise the 2019 sets (their rules are richer); ``version=None`` keeps the default."""
    app = AssessmentApp(lang, store, scheduler=scheduler)
    if version:
        app.start.version_picker.value = version
    return app


def login(app, code="HV01", name="Lan"):
    app.shell.code_input.value = code
    app.shell.name_input.value = name
    app.shell.start_button.click()


def choose_set(app, search="thao duoc khac"):
    app.start.set_search.value = search
    assert app.start.set_picker.value == "thao-duoc-khac"
    app.start.start_button.click()
    return app.model


def test_search_groups_sets_and_filters(store, scheduler):
    app = make(store, scheduler)
    assert len(app.start.set_picker.options) == 25
    assert any(label.startswith("Thực phẩm › Thực phẩm tươi sống › ") for label, _ in app.start.set_picker.options)
    app.start.set_search.value = "mat ong"
    assert [v for _, v in app.start.set_picker.options] == ["mat-ong-cac-san-pham-tu-mat-ong-mat-khac"]
    app.start.version_picker.value = "qd148-2023"
    assert app.start.set_picker.options == () and app.start.start_button.disabled
    assert "CSV/XLSX" in app.start.version_note.value


def test_answers_update_total_star_and_gates(store, scheduler):
    app = make(store, scheduler)
    model = choose_set(app)
    control = app.control("A.1.1")
    assert control.choice.options[1][0].startswith("1 điểm — Sử dụng nguyên liệu")  # level texts shown
    assert "Hội đồng cần xem:" in control.evidence_asked.value
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for code, points in data["answers"].items():
        app.answer(code, points)
    result = model.result()
    assert result.total == 62 and result.stars == 3
    assert "<b class='ocop-total'>62</b>" in app.summary.html.value and "★★★☆☆" in app.summary.html.value
    assert "Hội đồng cấp tỉnh" in app.summary.html.value  # who certifies
    assert "không phải kết quả chính thức" in app.summary.html.value
    assert app.form.facts_checks["declaration_dossier"].value == "unknown"  # not answered: assumed held
    app.form.facts_checks["declaration_dossier"].value = "no"  # gate question: yes / no / not sure
    assert model.result().parts["C"] == 3
    assert "Không có “Có hồ sơ công bố" in app.summary.html.value
    assert "Không được đánh giá" in app.control("C.9").status.value
    app.control("C.7").choice.value = -1  # back to "not scored"
    assert "C.7" not in model.answers


def test_incomplete_set_warns(store, scheduler):
    app = make(store, scheduler)
    app.start.set_search.value = "do uong co con khac"
    app.start.start_button.click()
    assert "chưa đầy đủ: phần C chỉ có 38/40" in app.summary.html.value


def test_plan_what_if_and_undo(store, scheduler):
    app = make(store, scheduler)
    app.open_sample(str(SAMPLE))
    app.plan.target_picker.value = 4
    app.work_tabs.selected_index = 1  # the upgrade tab
    assert "Mục tiêu 4 sao: cần 70 điểm, hiện có 62 điểm." in app.plan.plan_html.value
    before = dict(app.model.answers)
    assert len(app.plan.step_buttons) == len(app.plan.steps_box.children) > 0
    code, button = next(iter(app.plan.step_buttons.items()))
    button.click()
    assert app.model.answers == before  # answers untouched
    assert "Nếu làm " + code in app.plan.what_if_html.value
    assert app.plan.step_buttons[code].disabled  # tried already
    app.plan.apply_all_button.click()
    assert "70 điểm, 4 sao" in app.plan.what_if_html.value or "4 sao" in app.plan.what_if_html.value
    assert len(app.model.what_if) == len(app.plan.steps_box.children)
    app.plan.undo_button.click()
    assert len(app.model.what_if) == len(app.plan.steps_box.children) - 1


def test_user_text_is_escaped_in_summary_and_report(store, scheduler):
    app = make(store, scheduler)
    app.open_sample(str(SAMPLE))
    app.start.info_inputs["product"].value = f"Trà {EVIL}"
    app.control("C.9").note.value = f"Phiếu {EVIL}"
    app.answer("C.13", 5)
    assert EVIL not in app.summary.html.value and "&lt;script&gt;" in app.summary.html.value
    app.work_tabs.selected_index = 3
    app.export.export_button.click()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', app.export.export_html.value))
    report = base64.b64decode(links["tra-script-alert-1-script-report.html"]).decode("utf-8")
    assert EVIL not in report and "Phiếu &lt;script&gt;" in report
    answers = json.loads(base64.b64decode(links["tra-script-alert-1-script-answers.json"]))
    assert answers["product"] == f"Trà {EVIL}" and answers["answers"]["C.13"] == 5


def test_bad_code_keeps_what_was_typed(store, scheduler):
    app = make(store, scheduler)
    model = choose_set(app)
    app.answer("A.1.2", 3)
    login(app, code="Lan ơi")
    assert "Mã không hợp lệ" in app.shell.notice_html.value
    assert app.shell.code_input.value == "Lan ơi" and model.answers == {"A.1.2": 3}


def test_autosave_and_reopen_with_the_same_code(store, scheduler):
    app = make(store, scheduler)
    login(app)
    model = choose_set(app)
    app.start.info_inputs["product"].value = "Tinh dầu sả chanh"
    app.answer("A.1.1", 3)
    app.control("A.1.1").note.value = "Hợp đồng thu mua"
    scheduler.run_all()
    assert "Đã lưu" in app.shell.status_html.value
    assert [d.title for d in app.drafts.infos] == ["Tinh dầu sả chanh"]

    other = make(store, scheduler)  # a reload, a new kernel or another device
    login(other, code=" hv01 ")
    assert other.model is not None and other.model.draft_id == model.draft_id
    assert other.model.answers == {"A.1.1": 3} and other.model.evidence["A.1.1"] == "Hợp đồng thu mua"
    assert other.start.info_inputs["product"].value == "Tinh dầu sả chanh"
    assert other.control("A.1.1").choice.value == 2  # the level is shown selected
    assert "Đã mở lại bản nháp" in other.shell.notice_html.value


def two_tabs_in_conflict(store, scheduler):
    """The same trainee in two tabs: the second saves, then the first saves on top of it."""
    first = make(store, scheduler)
    login(first)
    choose_set(first)
    scheduler.run_all()
    second = make(store, scheduler)
    login(second)
    assert second.model.draft_id == first.model.draft_id
    second.answer("A.1.2", 2)
    scheduler.run_all()
    first.answer("A.1.3", 4)
    scheduler.run_all()
    return first, second


def test_second_tab_gets_the_conflict_and_can_save_a_copy(store, scheduler):
    first, second = two_tabs_in_conflict(store, scheduler)
    assert first.conflict.visible and not second.conflict.visible
    assert "vừa được lưu ở một thẻ hoặc thiết bị khác" in first.conflict.text.value
    first.conflict.copy_button.click()
    assert first.model.draft_id != second.model.draft_id
    assert not first.conflict.visible
    stored = {d.draft_id: d for d in (store.load_draft("HV01", "assessment", i.draft_id)
                                      for i in store.list_drafts("HV01", "assessment"))}
    assert stored[first.model.draft_id].payload["answers"] == {"A.1.3": 4}
    assert stored[second.model.draft_id].payload["answers"] == {"A.1.2": 2}


def test_conflict_reload_takes_the_stored_version(store, scheduler):
    first, _ = two_tabs_in_conflict(store, scheduler)
    first.conflict.reload_button.click()
    assert first.model.answers == {"A.1.2": 2}
    assert first.control("A.1.2").choice.value == 1  # the level of 2 points is shown selected
    assert not first.conflict.visible


def test_duplicate_and_open_from_the_list(store, scheduler):
    app = make(store, scheduler)
    login(app)
    app.open_sample(str(SAMPLE))
    scheduler.run_all()
    original = app.model.draft_id
    row = app.drafts.rows.children[0]
    row.buttons["duplicate"].click()
    assert app.model.draft_id != original and app.model.result().total == 62
    app.answer("C.13", 5)
    scheduler.run_all()
    titles = sorted(d.title for d in app.drafts.infos)
    assert titles == ["Bản sao của Tinh dầu sả chanh", "Tinh dầu sả chanh"]
    old_row = next(r for r in app.drafts.rows.children if r.draft_id == original)
    old_row.buttons["open"].click()
    assert app.model.draft_id == original and app.model.answers["C.13"] == 1


def test_language_switch_keeps_every_answer(store, scheduler):
    app = make(store, scheduler)
    app.open_sample(str(SAMPLE))
    app.answer("A.3.2", 1, case=2)
    app.control("A.1.1").note.value = "ghi chú của tôi"
    before = app.model.to_payload()
    app.shell.lang_toggle.value = "en"
    assert app.model.to_payload() == before
    assert "3 stars" in app.summary.html.value and "Total" in app.summary.html.value
    control = app.control("A.3.2")
    assert control.choice.label.startswith("Case 2 · 1 pt — Giám đốc/Chủ hộ là người trong tỉnh")
    assert app.control("A.1.1").note.value == "ghi chú của tôi"
    assert app.work_tabs.titles[1] == "Star upgrade"


def test_query_string_selects_english(store, scheduler, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    app = AssessmentApp(store=store, scheduler=scheduler)
    assert app.lang == "en" and "OCOP product self-assessment" in app.shell.title_html.value


def test_import_of_a_misfitting_file_names_the_criterion(store, scheduler):
    app = make(store, scheduler)
    app.open_sample(str(SAMPLE))
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["answers"]["B.4.1"] = 4
    assert app.import_answers(json.dumps(data).encode(), "bad.json") is None
    assert "B.4.1" in app.shell.notice_html.value
    assert app.model.answers["B.4.1"] == 1  # the work in progress is untouched


def test_chart_draws_in_place(store, scheduler):
    app = make(store, scheduler)
    app.open_sample(str(SAMPLE))
    app.work_tabs.selected_index = 2
    first = bytes(app.chart.image.value)
    assert first.startswith(b"\x89PNG")
    image = app.chart.image
    app.answer("C.13", 5)
    assert app.chart.image is image and bytes(app.chart.image.value) != first


def test_gate_questions_answer_yes_no_or_not_sure_in_both_languages(store, scheduler):
    app = make(store, scheduler)
    login(app)
    app.start_new("thao-duoc-khac")
    toggle = app.form.facts_checks["production_certificate"]
    assert [label for label, _ in toggle.options] == ["Có", "Không", "Chưa rõ"]
    toggle.value = "no"
    assert app.model.facts["production_certificate"] is False
    app.shell.set_lang("en")
    assert [label for label, _ in toggle.options] == ["Yes", "No", "Not sure"] and toggle.value == "no"
    assert app.model.facts["production_certificate"] is False  # relabelling changed no answer
    toggle.value = "unknown"
    assert "production_certificate" not in app.model.facts
    assert "assumed yes" in app.summary.html.value


def test_opens_on_the_criteria_in_force_with_26_sets(store, scheduler):
    app = make(store, scheduler, version=None)
    assert app.start.version_picker.value == "qd26-2026"
    assert len(app.start.set_picker.options) == 26
    app.start.set_search.value = "tinh dau"
    assert [v for _, v in app.start.set_picker.options] == ["tinh-dau-va-duoc-lieu-khac"]
    app.start.version_picker.value = "qd1048-2019"
    assert "không phải bộ tiêu chí đang có hiệu lực" in app.start.version_note.value


def test_held_back_by_names_the_criterion_its_level_and_the_level_needed(store, scheduler):
    app = make(store, scheduler, version=None)
    app.open_sample(str(SAMPLE_26))
    result = app.model.result()
    assert (result.total, result.band_stars, result.stars) == (73, 4, 3)
    summary = app.summary.html.value
    assert "Tổng điểm đủ 4 sao, nhưng các tiêu chí sau chưa đạt mức tối thiểu:" in summary
    assert "<b>A.1.4</b> Liên kết chuỗi trong sản xuất" in summary
    assert "4 sao cần 2 điểm" in summary and "Có hợp đồng liên kết trên 75% sản lượng tiêu thụ" in summary
    app.answer("A.1.4", 2)
    assert app.model.result().stars == 4
    assert "chưa đạt mức tối thiểu" not in app.summary.html.value.split("Để đạt 5 sao")[0]
    assert "Mức tối thiểu cho 4 sao: 2 điểm." in app.control("A.1.4").info.value
    assert app.control("A.1.4").choice.options[3][0].endswith("[mức tối thiểu cho 4★]")


def test_rejection_question_of_the_set_is_asked_and_explains_a_rejected_dossier(store, scheduler):
    app = make(store, scheduler, version=None)
    app.open_sample(str(SAMPLE_26))
    toggle = app.form.facts_checks["dossier_forged"]
    toggle.value = "yes"
    result = app.model.result()
    assert result.stars == 0 and result.rejected
    assert "Hồ sơ bị loại" in app.summary.html.value

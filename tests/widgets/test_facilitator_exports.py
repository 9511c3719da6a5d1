"""Facilitator page: export links read back, plan viability in the class view, the spread
setting and each rater against a reference sheet."""
import base64
import csv
import io
import json
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from ocop_kit import workshop as ws
from ocop_kit.apps.assessment import APP_ID
from ocop_kit.apps.business_plan import APP_ID as PLAN_APP, PlanState
from ocop_kit.views.facilitator import build_app as _build

PASS = "mật khẩu giảng viên"
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def build_app(lang="vi", store=None):
    app = _build(lang=lang, store=store)
    app.new_inputs["name"].value = "Lớp thử"
    app.new_pass.value = app.new_repeat.value = PASS
    app.create_button.click()
    app._stop_roster()
    return app


def payload(sample="huong-ngan-tinh-dau-sa-2026.json", product=None):
    doc = json.loads((SAMPLES / "answers" / sample).read_text(encoding="utf-8"))
    return {"schema": 1, "app": APP_ID, "rubric": doc["rubric"], "set": doc["set"],
            "info": {"product": product or doc["product"]}, "answers": doc["answers"], "facts": doc["facts"]}


def links(html: str) -> dict[str, bytes]:
    return {name: base64.b64decode(data) for name, data in
            re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)}


def class_of(store, app, n, *, plans=0, submit=True):
    code = app.workshop.join_code
    for i in range(n):
        owner = ws.join(store, code, f"Học viên {i}", "1234").owner
        store.save_draft(owner, APP_ID, "d", payload(product="@SUM(1+1)" if i == 0 else None))
        if i < plans:
            store.save_draft(owner, PLAN_APP, "p", PlanState.from_sample("huong-ngan-tinh-dau-sa").to_payload())
            if submit:
                store.set_draft_state(owner, PLAN_APP, "p", "submitted")
        if submit:
            store.set_draft_state(owner, APP_ID, "d", "submitted")


def test_export_tab_offers_xlsx_csv_and_zip_that_read_back(store):
    app = build_app(store=store)
    app.export_button.click()
    assert "Chưa có bài tự đánh giá nào được nộp" in app.export_html.value
    class_of(store, app, 3, plans=1)
    app.export_button.click()
    files = links(app.export_html.value)
    stem = f"ocop-{app.workshop.join_code.lower()}"
    assert set(files) == {f"{stem}.xlsx", f"{stem}.csv", f"{stem}-bao-cao.zip"}
    sheet = load_workbook(io.BytesIO(files[f"{stem}.xlsx"])).active
    assert sheet.max_row == 4 and sheet.cell(row=1, column=1).value == "Học viên"
    evil = next(sheet.cell(row=r, column=2) for r in range(2, 5) if sheet.cell(row=r, column=2).value == "@SUM(1+1)")
    assert evil.quotePrefix and evil.data_type == "s"
    rows = list(csv.reader(io.StringIO(files[f"{stem}.csv"].decode("utf-8-sig"))))
    assert len(rows) == 4 and "'@SUM(1+1)" in [r[1] for r in rows]
    assert sum(1 for r in rows[1:] if r[-1] != "") == 1  # one trainee has a submitted plan
    assert len(zipfile.ZipFile(io.BytesIO(files[f"{stem}-bao-cao.zip"])).namelist()) == 3
    assert PASS not in app.export_html.value
    app.lock_button.click()
    assert app.export_html.value == ""


def test_class_view_shows_plan_viability_and_lowest_criteria_from_five(store):
    app = build_app(store=store)
    class_of(store, app, 5, plans=4)
    app.show_workshop_class()
    html = app.class_html.value
    assert "4/4 phương án" in html and "Cần ít nhất 5 phương án" in html and "âm tiền mặt" not in html
    assert "nên dạy tiếp" in html and "A.1.4" in html
    owner = ws.join(store, app.workshop.join_code, "Học viên 4", "1234").owner
    store.save_draft(owner, PLAN_APP, "p", PlanState.from_sample("mien-dong-tai-hoan").to_payload())
    app.show_workshop_class()
    assert "Cần ít nhất 5 phương án" in app.class_html.value and "1 học viên mới có bản nháp phương án" in app.class_html.value
    store.set_draft_state(owner, PLAN_APP, "p", "submitted")
    app.show_workshop_class()
    html = app.class_html.value
    assert "5/5 phương án có tháng âm tiền mặt" in html and "0/5 phương án đến năm 3 vẫn chưa hòa vốn" in html
    app.shell.set_lang("en")
    assert "5/5 plans run out of cash" in app.class_html.value


def test_spread_limit_is_a_session_setting_and_raters_meet_the_reference(store):
    app = build_app(store=store)
    assert app.spread_input.layout.display == "none" and app.reference_pick.layout.display == "none"
    app.sample_button.click()
    r = app.council_result
    assert app.spread_input.value == r.version.spread_limit == 10 and r.spread == 4
    assert "trong giới hạn" in app.council_html.value
    app.spread_input.value = 3
    assert "quá 3" in app.council_html.value and "chấm lại" in app.council_html.value
    assert r.version.spread_limit == 10  # the data is not changed, only this session
    app.spread_input.value = 10
    assert app.spread_limit is None and "trong giới hạn" in app.council_html.value

    options = dict((v, k) for k, v in app.reference_pick.options)
    assert "huong-ngan-tinh-dau-sa-2026.json" in options and "mien-dong-tai-hoan-2026.json" not in options
    app.reference_pick.value = "huong-ngan-tinh-dau-sa-2026.json"
    html = app.reference_html.value
    assert "73 điểm" in html and "-3" in html and "C.9: -2" in html and "B.4.3: -1" in html and "+1" in html
    # an uploaded reference of another set is refused with a message
    other = json.dumps({**json.loads((SAMPLES / "answers" / "mien-dong-tai-hoan-2026.json").read_text(encoding="utf-8"))},
                       ensure_ascii=False).encode("utf-8")
    app.add_reference("khac.json", other)
    assert "khac.json" in app.shell.notice_html.value and app.calibration is None
    # the council's own first sheet as the reference: member 1 matches it exactly
    first = (SAMPLES / "council" / "tinh-dau-sa-2026" / "thanh-vien-1.json").read_bytes()
    app.add_reference("<b>dap-an</b>.json", first)
    assert app.calibration.raters[0].total_diff == 0
    assert "trùng đáp án" in app.reference_html.value and "<b>dap-an" not in app.reference_html.value
    app.shell.set_lang("en")
    assert "same as the reference" in app.reference_html.value

"""Facilitator page: export links read back, plan viability in the class view, the spread
setting and each rater against a reference sheet."""
import base64
import csv
import io
import json
import re
import zipfile
from pathlib import Path

import ipywidgets as w
from openpyxl import load_workbook

from ocop_kit import workshop as ws
from ocop_kit.apps.assessment import APP_ID
from ocop_kit.apps.business_plan import APP_ID as PLAN_APP
from ocop_kit.apps.business_plan import PlanState

from .test_facilitator_view import build_app, button, widgets

PASS = "mật khẩu giảng viên"
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def payload(sample="huong-ngan-tinh-dau-sa-2026.json", product=None):
    doc = json.loads((SAMPLES / "answers" / sample).read_text(encoding="utf-8"))
    return {"schema": 1, "app": APP_ID, "rubric": doc["rubric"], "set": doc["set"],
            "info": {"product": product or doc["product"]}, "answers": doc["answers"], "facts": doc["facts"]}


def shown(root, widget) -> bool:
    """``widget`` is under ``root`` and no box on the way is hidden."""
    if root.layout.display == "none":
        return False
    return root is widget or any(shown(child, widget) for child in getattr(root, "children", ()))


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
    prepare = button(app.exports.widget, "Chuẩn bị tệp tải về")
    prepare.click()
    assert "Chưa có bài tự đánh giá nào được nộp" in app.exports.text
    class_of(store, app, 3, plans=1)
    prepare.click()
    files = links(app.exports.text)
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
    assert PASS not in app.exports.text
    button(app.room_box, "Khóa trang giảng viên").click()
    assert app.exports.text == ""


def test_class_view_shows_plan_viability_and_lowest_criteria_from_five(store):
    app = build_app(store=store)
    class_of(store, app, 5, plans=4)
    app.class_panel.show_workshop()
    html = app.class_panel.text
    assert "4/4 phương án" in html and "Cần ít nhất 5 phương án" in html and "âm tiền mặt" not in html
    assert "nên dạy tiếp" in html and "A.1.4" in html
    owner = ws.join(store, app.workshop.join_code, "Học viên 4", "1234").owner
    store.save_draft(owner, PLAN_APP, "p", PlanState.from_sample("mien-dong-tai-hoan").to_payload())
    app.class_panel.show_workshop()
    assert "Cần ít nhất 5 phương án" in app.class_panel.text
    assert "1 học viên mới có bản nháp phương án" in app.class_panel.text
    store.set_draft_state(owner, PLAN_APP, "p", "submitted")
    app.class_panel.show_workshop()
    html = app.class_panel.text
    assert "5/5 phương án có tháng âm tiền mặt" in html and "0/5 phương án đến năm 3 vẫn chưa hòa vốn" in html
    app.shell.set_lang("en")
    assert "5/5 plans run out of cash" in app.class_panel.text


def test_spread_limit_is_a_session_setting_and_raters_meet_the_reference(store):
    app = build_app(store=store)
    [spread] = widgets(app.council.widget, w.BoundedFloatText)
    [pick] = widgets(app.calibration.widget, w.Dropdown)
    assert not shown(app.council.widget, spread) and app.calibration.widget.layout.display == "none"
    button(app.council.widget, "Ví dụ: Hội đồng 3 thành viên").click()
    assert shown(app.council.widget, spread) and app.calibration.widget.layout.display is None
    r = app.council.result
    assert spread.value == r.version.spread_limit == 10 and r.spread == 4
    assert "trong giới hạn" in app.council.text
    spread.value = 3
    assert "quá 3" in app.council.text and "chấm lại" in app.council.text
    assert r.version.spread_limit == 10  # the data is not changed, only this session
    spread.value = 10
    assert app.council.spread_limit is None and "trong giới hạn" in app.council.text

    options = {v: k for k, v in pick.options}
    assert "huong-ngan-tinh-dau-sa-2026.json" in options and "mien-dong-tai-hoan-2026.json" not in options
    pick.value = "huong-ngan-tinh-dau-sa-2026.json"
    html = app.calibration.text
    assert "73 điểm" in html and "-3" in html and "C.9: -2" in html and "B.4.3: -1" in html and "+1" in html
    # an uploaded reference of another set is refused with a message
    other = (SAMPLES / "answers" / "mien-dong-tai-hoan-2026.json").read_bytes()
    app.calibration.add_reference("khac.json", other)
    assert "khac.json" in app.shell.notice_html.value and app.calibration.calibration is None
    # the council's own first sheet as the reference: member 1 matches it exactly
    first = (SAMPLES / "council" / "tinh-dau-sa-2026" / "thanh-vien-1.json").read_bytes()
    app.calibration.add_reference("<b>dap-an</b>.json", first)
    assert app.calibration.calibration.raters[0].total_diff == 0
    assert "trùng đáp án" in app.calibration.text and "<b>dap-an" not in app.calibration.text
    app.shell.set_lang("en")
    assert "same as the reference" in app.calibration.text

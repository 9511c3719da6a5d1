"""Workshop exports (XLSX, CSV, zip of reports), plan viability, calibration against a reference."""
from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_kit import workshop as ws
from ocop_kit.answers import parse, resolve
from ocop_kit.apps.assessment import APP_ID
from ocop_kit.apps.business_plan import APP_ID as PLAN_APP
from ocop_kit.apps.business_plan import PlanState
from ocop_kit.calibration import against_reference
from ocop_kit.cohort import MIN_GROUP, plan_viability
from ocop_kit.council import council
from ocop_kit.reports import class_export
from ocop_kit.services import plan_figures_of as plan_figures
from ocop_kit.services import workshop_entries, workshop_plan_viability
from ocop_kit.storage import SQLiteStore

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
PASS = "mật khẩu giảng viên"
EVIL = "=HYPERLINK(\"http://x\",\"bấm\")"


def assessment(sample: str, product: str | None = None) -> dict:
    doc = json.loads((SAMPLES / "answers" / sample).read_text(encoding="utf-8"))
    return {"schema": 1, "app": APP_ID, "rubric": doc["rubric"], "set": doc["set"], "set_name": doc["set"],
            "info": {"product": product or doc["product"]}, "answers": doc["answers"], "facts": doc["facts"]}


def plan(sample: str = "huong-ngan-tinh-dau-sa", **finance) -> dict:
    state = PlanState.from_sample(sample)
    for key, value in finance.items():
        setattr(state.plan.finance, key, value)
    return state.to_payload()


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "ocop-kit.sqlite")
    yield s
    s.close()


def submit(store, owner, app, draft_id, payload):
    store.save_draft(owner, app, draft_id, payload)
    store.set_draft_state(owner, app, draft_id, "submitted")


@pytest.fixture
def room(store):
    workshop = ws.create_workshop(store, "Lớp Ba Bể", PASS)
    lan = ws.join(store, workshop.join_code, "Nguyễn Thị Lan", "1234").owner
    hung = ws.join(store, workshop.join_code, "-Hùng", "5678").owner  # a name that starts a formula
    mai = ws.join(store, workshop.join_code, "Mai", "0000").owner
    submit(store, lan, APP_ID, "a1", assessment("huong-ngan-tinh-dau-sa-2026.json"))
    submit(store, lan, APP_ID, "a2", assessment("mien-dong-tai-hoan-2026.json", EVIL))
    store.save_draft(lan, APP_ID, "a3", assessment("gao-nep-tan-son-2026.json"))  # never submitted
    submit(store, lan, PLAN_APP, "p1", plan())
    submit(store, hung, APP_ID, "b1", assessment("moc-nhi-kho-minh-anh-2026.json"))
    store.save_draft(mai, APP_ID, "c1", assessment("ruou-chuoi-tan-dan-2026.json"))  # draft only
    return workshop


def test_export_rows_are_submitted_work_per_trainee_and_product(store, room):
    entries, skipped = workshop_entries(store, room)
    assert skipped == 0
    assert sorted((e.trainee, e.product) for e in entries) == sorted([
        ("Nguyễn Thị Lan", "Tinh dầu sả chanh Hương Ngàn"), ("Nguyễn Thị Lan", EVIL),
        ("-Hùng", json.loads((SAMPLES / "answers" / "moc-nhi-kho-minh-anh-2026.json").read_text())["product"])])
    header, rows = class_export.table(entries, "vi")
    col = {h: i for i, h in enumerate(header)}
    lan = next(r for r in rows if r[1] == "Tinh dầu sả chanh Hương Ngàn")
    ref = next(e for e in entries if e.product == "Tinh dầu sả chanh Hương Ngàn").result
    assert lan[col["Tổng điểm"]] == ref.total and lan[col["Hạng sao"]] == ref.stars
    assert lan[col["Khung sao theo tổng điểm"]] == ref.band_stars
    assert lan[col["Phần A"]] + lan[col["Phần B"]] + lan[col["Phần C"]] == pytest.approx(ref.total)
    assert lan[col["A.1.4"]] == ref.row("A.1.4").counted
    # the plan figures of the trainee's submitted plan, on each of her rows; none for Hùng
    figures = plan_figures(plan())
    assert lan[col["PAKD: tiền mặt thấp nhất (đ)"]] == figures.cash_low_point == -76_778_669
    assert lan[col["PAKD: hòa vốn trong 3 năm"]] == "có"
    hung = next(r for r in rows if r[0] == "-Hùng")
    assert hung[col["PAKD: doanh thu năm 1 (đ)"]] == ""


def test_xlsx_and_csv_read_back_with_formulas_kept_as_text(store, room):
    entries, _ = workshop_entries(store, room)
    header, rows = class_export.table(entries, "en")
    sheet = load_workbook(io.BytesIO(class_export.to_xlsx(header, rows, "en"))).active
    assert [c.value for c in sheet[1]] == header
    got = {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}
    evil = sheet.cell(row=got[EVIL], column=2)
    assert evil.data_type == "s" and evil.quotePrefix and evil.value == EVIL
    name = next(sheet.cell(row=r, column=1) for r in range(2, sheet.max_row + 1)
                if sheet.cell(row=r, column=1).value == "-Hùng")
    assert name.data_type == "s" and name.quotePrefix
    total = header.index("Total") + 1
    assert all(isinstance(sheet.cell(row=r, column=total).value, (int, float)) for r in range(2, sheet.max_row + 1))
    assert sheet.max_row == len(rows) + 1

    data = class_export.to_csv(header, rows)
    assert data.startswith("\ufeff".encode("utf-8"))
    back = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert back[0] == header and len(back) == len(rows) + 1
    cells = [c for row in back[1:] for c in row]
    assert "'" + EVIL in cells and "'-Hùng" in cells and EVIL not in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    # no secret reaches an export
    blob = data.decode("utf-8") + json.dumps([c.value for row in sheet.iter_rows() for c in row], default=str)
    assert PASS not in blob and "1234" not in blob and "scrypt" not in blob


def test_zip_holds_one_escaped_a4_report_per_row(store, room):
    entries, _ = workshop_entries(store, room)
    with zipfile.ZipFile(io.BytesIO(class_export.reports_zip(entries, "vi"))) as zf:
        names = zf.namelist()
        assert len(names) == len(entries) == 3 and len(set(names)) == 3
        assert all(n.endswith(".html") and "/" not in n and n.isascii() for n in names)
        pages = [zf.read(n).decode("utf-8") for n in names]
    assert any("Tinh dầu sả chanh Hương Ngàn" in p for p in pages)
    assert any('=HYPERLINK(&quot;' in p or "=HYPERLINK(&#34;" in p for p in pages)
    assert not any('HYPERLINK("http' in p for p in pages)


def test_plan_viability_counts_from_five_submitted_plans_only():
    losing = plan(fixed_costs=[])
    losing_state = PlanState.from_payload(losing)
    for p in losing_state.plan.finance.products:
        p.unit_price = p.raw_material + p.packaging + p.labour  # no margin: never breaks even
    sample = PlanState.from_sample("huong-ngan-tinh-dau-sa")
    losing_state.plan.finance.fixed_costs = copy.deepcopy(sample.plan.finance.fixed_costs)
    losing = losing_state.to_payload()
    assert plan_figures(losing).breakeven_by_y3 is False
    assert plan_figures(plan()) is plan_figures(plan())  # unchanged plans are not computed again
    richer = plan(opening_cash=600_000_000)
    assert plan_figures(richer).first_negative_month is None and plan_figures(plan()).negative_cash
    assert plan_figures(plan()).negative_cash and plan_figures(plan()).breakeven_by_y3
    small = plan_viability([plan_figures(plan())] * (MIN_GROUP - 1))
    assert not small.shown and small.negative_cash == 0 and small.readable == MIN_GROUP - 1
    v = plan_viability([plan_figures(p) for p in (plan(), plan("mien-dong-tai-hoan"), losing, losing, plan(),
                                                  {"plan": "nonsense"})])
    assert v.shown and (v.submitted, v.readable) == (6, 5)
    assert v.negative_cash == 5 and v.breakeven_beyond_y3 == 2


def test_workshop_plan_viability_uses_submitted_plans(store, room):
    v = workshop_plan_viability(store, room.join_code)
    assert (v.submitted, v.readable, v.shown) == (1, 1, False)
    mai = ws.join(store, room.join_code, "Mai", "0000").owner
    store.save_draft(mai, PLAN_APP, "m", plan())
    assert workshop_plan_viability(store, room.join_code).not_counted == 1


def test_each_rater_against_the_reference_sheet():
    folder = SAMPLES / "council" / "tinh-dau-sa-2026"
    docs = [parse(json.loads(p.read_text(encoding="utf-8")), p.name) for p in sorted(folder.glob("*.json"))]
    version, cset = resolve(docs[0], "thanh-vien-1.json")
    result = council(version, cset, [(f"m{i}", d.answers, d.facts) for i, d in enumerate(docs, 1)])
    ref_path = SAMPLES / "answers" / "huong-ngan-tinh-dau-sa-2026.json"
    ref = parse(json.loads(ref_path.read_text(encoding="utf-8")), "ref")
    cal = against_reference(result, "ref", ref.answers, ref.facts)
    assert cal.reference.total == 73
    assert [(r.name, r.total, r.total_diff) for r in cal.raters] == [("m1", 72, -1), ("m2", 74, 1), ("m3", 70, -3)]
    assert [(d.code, d.diff) for d in cal.raters[2].criteria] == [("B.4.3", -1), ("C.9", -2)]
    assert cal.raters[2].abs_points == 3
    same = against_reference(result, "self", docs[0].answers, docs[0].facts)
    assert same.raters[0].criteria == [] and same.raters[0].total_diff == 0

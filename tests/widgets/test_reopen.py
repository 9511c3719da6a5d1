"""The apps built without a browser meet hostile drafts and uploads (issue 10): every stored
draft opens (or says why, and work goes on in a new draft that leaves it untouched), a huge
number never stops the autosave, and an uploaded file can never make the kernel open a file."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest

from ocop_kit.apps.assessment import APP_ID as ASSESSMENT_APP
from ocop_kit.apps.business_plan import APP_ID, IDEA_APP_ID
from ocop_kit.views.assessment import AssessmentApp
from ocop_kit.views.business_plan import BusinessPlanView
from ocop_kit.views.facilitator import build_app
from ocop_kit.views.product_idea import ProductIdeaView

from ..conftest import SAMPLES
from ..unit.test_reopen import ASSESSMENT_PAYLOADS, NAN_PAYLOAD, PLAN_PAYLOADS

ERROR_GENERIC = "Đã có lỗi"  # views.error_generic: an exception reached the page


def put(store, app, payload=None, raw_json=None, draft_id="d1"):
    """A stored draft of HV01 holding anything (written into the database directly)."""
    store.save_draft("HV01", app, draft_id, {"placeholder": True}, "bản cũ")
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE drafts SET payload = ? WHERE draft_id = ?",
                      (raw_json if raw_json is not None else json.dumps(payload), draft_id))
    return store.load_draft("HV01", app, draft_id).payload


def login(shell, code="HV01"):
    shell.code_input.value = code
    shell.start_button.click()


def notice(shell) -> str:
    return shell.notice_html.value


@pytest.mark.parametrize("name", [*list(PLAN_PAYLOADS), "NaN and Infinity"])
def test_the_business_plan_app_opens_any_stored_draft(store, scheduler, name):
    raw = NAN_PAYLOAD if name == "NaN and Infinity" else None
    before = put(store, APP_ID, PLAN_PAYLOADS.get(name), raw_json=raw)
    view = BusinessPlanView("vi", store=store, scheduler=scheduler)
    login(view.shell)
    assert ERROR_GENERIC not in notice(view.shell)
    scheduler.run_all()
    if view.state.load_error is not None:
        assert "Không đọc được bản nháp đã lưu" in notice(view.shell)
        assert store.load_draft("HV01", APP_ID, "d1").payload == before  # left as it was
        assert view.saver.draft_id != "d1"
    # whatever opened, typing goes on and is saved
    if not view.state.plan.finance.products:
        view._structure(view.state.add_product)
    view.num_fields["products[0].unit_price"].box.value = "1,5 triệu"
    scheduler.run_all()
    assert "Đã lưu" in view.shell.status_html.value
    saved = store.load_draft("HV01", APP_ID, view.saver.draft_id)
    assert saved.payload["raw"]["products[0].unit_price"] == "1,5 triệu"


def test_values_of_the_wrong_shape_are_shown_back_in_their_boxes_with_a_message(store, scheduler):
    put(store, APP_ID, raw_json=NAN_PAYLOAD)
    view = BusinessPlanView("vi", store=store, scheduler=scheduler)
    login(view.shell)
    field = view.num_fields["products[0].unit_price"]
    assert field.raw == "NaN" and "số tiền “NaN”" in field.message_html.value
    fields, grid_message = view.grid_fields["products[0].monthly_volume_y1"]
    assert fields[0].raw == "-Infinity" and "Tháng 1" in grid_message.value


def test_a_huge_monthly_volume_gets_a_message_and_saving_goes_on(store, scheduler):
    view = BusinessPlanView("vi", store=store, scheduler=scheduler)
    login(view.shell)
    view.load_sample("huong-ngan-tinh-dau-sa")
    fields, grid_message = view.grid_fields["products[0].monthly_volume_y1"]
    fields[4].box.value = "9" * 25
    assert "quá lớn: tối đa 1.000.000.000" in grid_message.value
    assert ERROR_GENERIC not in notice(view.shell)
    scheduler.run_all()
    assert "Đã lưu" in view.shell.status_html.value
    view.num_fields["products[0].unit_price"].box.value = "1" * 29  # item 1 of the issue
    assert "“Giá bán” quá lớn" in view.num_fields["products[0].unit_price"].message_html.value
    view.text_fields["products[0].name"][0].value = "Tên mới"
    scheduler.run_all()
    stored = store.load_draft("HV01", APP_ID, view.saver.draft_id).payload
    assert stored["raw"]["products[0].monthly_volume_y1[4]"] == "9" * 25
    assert stored["plan"]["finance"]["products"][0]["name"] == "Tên mới"
    reopened = BusinessPlanView("vi", store=store, scheduler=scheduler)
    login(reopened.shell)
    assert reopened.grid_fields["products[0].monthly_volume_y1"][0][4].raw == "9" * 25


def test_rows_stop_at_their_limit_with_a_message(store, scheduler):
    view = BusinessPlanView("vi", store=store, scheduler=scheduler)
    for _ in range(12):
        view._structure(view.state.add_loan)
    assert len(view.state.plan.finance.funding.loans) == 10
    assert "số dòng tối đa" in notice(view.shell)


@pytest.mark.parametrize("name", ["wrong types everywhere", "too new", "a list"])
def test_the_product_idea_app_opens_any_stored_draft(store, scheduler, name):
    put(store, IDEA_APP_ID, PLAN_PAYLOADS[name])
    view = ProductIdeaView("vi", store=store, scheduler=scheduler)
    login(view.shell)
    assert ERROR_GENERIC not in notice(view.shell)
    view.check()
    assert "ocop-msg" in view.summary_html.value  # the check ran and says what it found
    view.panel.inputs["retail_price"].value = "1" * 29
    assert "“Giá bán lẻ dự kiến (đồng)” quá lớn" in view.panel.messages["retail_price"].value
    scheduler.run_all()
    assert "Đã lưu" in view.shell.status_html.value


@pytest.mark.parametrize("name", list(ASSESSMENT_PAYLOADS))
def test_the_self_assessment_app_opens_any_stored_draft_or_says_why(store, scheduler, name):
    put(store, ASSESSMENT_APP, ASSESSMENT_PAYLOADS[name])
    app = AssessmentApp("vi", store, scheduler=scheduler)
    login(app.shell)
    assert ERROR_GENERIC not in notice(app.shell)
    assert app.model is not None or "Không mở được bản nháp này" in notice(app.shell)


def _all(root) -> list:
    return [root] + [w for child in getattr(root, "children", ()) for w in _all(child)]


def _upload(widget, name: str, content: bytes) -> None:
    widget.value = ({"name": name, "type": "application/json", "size": len(content),
                     "content": memoryview(content), "last_modified": datetime.now(timezone.utc)},)


SHEET_DOC = {"rubric": "qd148-2023", "set": "Bộ thử", "answers": {}, "sheet": "/etc/passwd"}


def test_the_self_assessment_import_refuses_a_sheet_path_and_hostile_files(store, scheduler, monkeypatch):
    opened = []
    import ocop_kit.rubric.registry as registry

    monkeypatch.setattr(registry, "build_sets", lambda path, *a, **k: opened.append(path))
    app = AssessmentApp("vi", store, scheduler=scheduler)
    cases = {
        "sheet.json": (json.dumps(SHEET_DOC).encode(), "không được chỉ tới bảng tiêu chí trên máy chủ"),
        "deep.json": (b"[" * 100_000 + b"]" * 100_000, "lồng nhau quá nhiều tầng"),
        "big.json": (b'{"x": ' + b"9" * 5000 + b"}", "con số quá dài"),
        "cp.json": ('{"product": "Chè"}'.encode("cp1258"), "CSV UTF-8"),
        "huge.json": (b" " * 1_100_000, "tệp quá lớn"),
        "nan.json": (b'{"rubric": "qd1048-2019", "set": "x", "answers": {"A.1.1": NaN}}', "cần một con số"),
    }
    for name, (content, words) in cases.items():
        _upload(app.start.upload, name, content)
        assert "Không nạp được tệp" in notice(app.shell) and words in notice(app.shell), (name, notice(app.shell))
        assert app.start.upload.value == ()  # the same file can be chosen again
    assert opened == [] and app.model is None
    _upload(app.start.upload, "ok.json", (SAMPLES / "answers" / "huong-ngan-tinh-dau-sa.json").read_bytes())
    assert app.model is not None and "Không nạp được tệp" not in notice(app.shell)


def test_the_facilitator_upload_refuses_a_sheet_path_and_shows_its_size_limit(store, monkeypatch):
    opened = []
    import ocop_kit.rubric.registry as registry

    monkeypatch.setattr(registry, "build_sets", lambda path, *a, **k: opened.append(path))
    app = build_app(lang="en", store=store)
    [upload] = [u for u in _all(app.council.widget) if type(u).__name__ == "FileUpload"]
    assert "ocop-max-bytes-200000" in upload._dom_classes
    _upload(upload, "sheet.json", json.dumps(SHEET_DOC).encode())
    assert "may not point to a criteria sheet on the server" in notice(app.shell)
    _upload(upload, "big.json", b" " * 300_000)
    assert "“big.json” is too large to be a score sheet" in notice(app.shell)
    _upload(upload, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    assert "nested too deeply" in notice(app.shell)
    assert opened == [] and app.council.sheets == []

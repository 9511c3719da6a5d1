import json
from pathlib import Path

from ocop_kit import workshop as ws
from ocop_kit.apps.assessment import APP_ID
from ocop_kit.views import facilitator
from ocop_kit.views.facilitator import build_app as _build

PASS = "mật khẩu giảng viên"


def build_app(lang="vi", store=None):
    """The page after the facilitator created a workshop (nothing shows before)."""
    app = _build(lang=lang, store=store)
    app.new_inputs["name"].value = "Lớp thử"
    app.new_pass.value = app.new_repeat.value = PASS
    app.create_button.click()
    assert app.workshop is not None
    app._stop_roster()
    return app

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def sheet(**changes) -> bytes:
    doc = json.loads((SAMPLES / "council" / "tra-ca-gai-leo-2019" / "thanh-vien-1.json").read_text(encoding="utf-8"))
    doc.update(changes)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_sample_council_under_qd26_is_held_back_by_a_minimum_on_the_members_average(store):
    app = build_app(lang="vi", store=store)
    app.sample_button.click()
    html = app.council_html.value
    result = app.council_result
    assert result.version.id == "qd26-2026"
    assert (result.average, result.band_stars, result.stars) == (72, 4, 3)
    assert [r.stars for r in result.raters] == [3, 4, 3]  # member 2's own sheet meets the 4★ minimum
    assert "72" in html and "★★★☆☆" in html and "trong giới hạn" in html
    assert "A.1.4: 1,33 &lt; 2 (4★)" in html and "chỉ xếp 3 sao" in html
    assert "không có trong QĐ 26/2026" in html  # the spread rule names its source
    app.shell.set_lang("en")
    assert "within the allowed limit" in app.council_html.value and "A.1.4: 1.33 &lt; 2 (4★)" in app.council_html.value


def test_council_of_2019_sheets_shows_average_star_and_spread(store):
    app = build_app(lang="vi", store=store)
    folder = SAMPLES / "council" / "tra-ca-gai-leo-2019"
    for path in sorted(folder.glob("*.json")):
        app.add_file(path.name, path.read_bytes())
    assert app.council_result.average == 57.67
    assert "57,67" in app.council_html.value and "★★★☆☆" in app.council_html.value


def test_uploaded_sheets_with_a_wide_spread_and_an_escaped_rater_name(store):
    app = build_app(lang="vi", store=store)
    low = json.loads(sheet())
    low["answers"].update({"C.6.4": 0, "C.6.5": 0, "C.7": 0})  # 58 - 6 - 5 - 5 = 42
    app.add_file("a.json", sheet(rater="<script>alert(1)</script>"))
    app.add_file("b.json", json.dumps(low).encode())
    html = app.council_html.value
    assert app.council_result.spread == 16 and app.council_result.spread_exceeded
    assert "chấm lại" in html and "<script>" not in html and "&lt;script&gt;" in html


def test_bad_files_get_a_message_and_the_good_ones_stay(store):
    app = build_app(lang="en", store=store)
    app.add_file("good.json", sheet())
    app.add_file("broken.json", b"{nope")
    assert "broken.json" in app.shell.notice_html.value and len(app.sheets) == 1
    other = json.loads(sheet())
    other["set"] = "Rượu trắng"
    other["answers"] = {}
    app.add_file("other.json", json.dumps(other).encode())
    assert "same criteria set" in app.shell.notice_html.value
    assert len(app.sheets) == 1 and app.council_result.average == 58
    app.clear_button.click()
    assert app.sheets == [] and app.council_result is None


def payload_of_sample():
    doc = json.loads((SAMPLES / "answers" / "moc-nhi-kho-minh-anh.json").read_text(encoding="utf-8"))
    return {"schema": 1, "app": APP_ID, "rubric": doc["rubric"], "set": doc["set"],
            "info": {"product": "<b>Mộc nhĩ</b>"}, "answers": doc["answers"], "facts": doc["facts"]}


def test_legacy_class_counts_submitted_work_only_and_lists_no_one(store):
    payload = payload_of_sample()
    for i in range(1, 7):
        store.save_draft(f"LOP1-{i:02d}", APP_ID, "d", payload)
    for i in range(1, 5):
        store.set_draft_state(f"LOP1-{i:02d}", APP_ID, "d", "submitted")
    app = build_app(lang="vi", store=store)
    assert not hasattr(app, "show_names")  # the checkbox that revealed everyone's work is gone
    app.group_input.value = "lop1"
    app.group_button.click()
    html = app.class_html.value
    assert "4 học viên" in html and "ít nhất 5" in html and "2 học viên mới có bản nháp" in html
    assert "LOP1-01" not in html and "Mộc nhĩ" not in html and "★" not in html
    store.set_draft_state("LOP1-05", APP_ID, "d", "submitted")
    app.group_button.click()
    assert "5/5 sản phẩm đạt từ 3 sao" in app.class_html.value and "LOP1-01" not in app.class_html.value


def test_nothing_shows_before_the_passphrase(store):
    room = ws.create_workshop(store, "Lớp Ba Bể", PASS)
    lan = ws.join(store, room.join_code, "Nguyễn Thị Lan", "1234")
    store.save_draft(lan.owner, APP_ID, "d", payload_of_sample())
    app = _build(lang="vi", store=store)
    assert app.shell.body.children == (app.gate,)
    assert app.workshop is None and app.roster is None
    app.open(room.join_code, "sai mật khẩu")
    assert "Sai mật khẩu" in app.shell.notice_html.value and app.shell.body.children == (app.gate,)
    app.show_class("LOP1")  # not reachable while locked
    app.show_workshop_class()
    app.load_submitted_council()
    assert app.summary is None and app.council_result is None
    app.open_code.value, app.open_pass.value = room.join_code.lower(), PASS
    app.open_button.click()
    app._stop_roster()
    assert app.open_pass.value == "" and app.shell.body.children == (app.room_box,)
    assert "Nguyễn Thị Lan" in app.roster_html.value and "đang làm" in app.roster_html.value
    assert room.join_code in app.room_html.value
    app.lock_button.click()
    assert app.shell.body.children == (app.gate,) and "Lan" not in app.roster_html.value


def test_workshop_class_hidden_under_five_submitted_and_mock_council(store):
    app = build_app(store=store)
    code = app.workshop.join_code
    payload = payload_of_sample()
    for i in range(6):
        trainee = ws.join(store, code, f"Học viên {i}", "1234")
        store.save_draft(trainee.owner, APP_ID, "d", payload)
        if i < 4:
            store.set_draft_state(trainee.owner, APP_ID, "d", "submitted")
    app.show_workshop_class()
    html = app.class_html.value
    assert "4 học viên" in html and "ít nhất 5" in html and "2 học viên mới có bản nháp" in html
    assert "★" not in html
    app.refresh_roster()
    assert "6 học viên đã vào lớp" in app.roster_html.value and "4 đã nộp" in app.roster_html.value
    trainee = ws.join(store, code, "Học viên 4", "1234")
    store.set_draft_state(trainee.owner, APP_ID, "d", "submitted")
    app.show_workshop_class()
    assert "5/5 sản phẩm đạt từ 3 sao" in app.class_html.value and "Học viên" not in app.class_html.value
    app.load_submitted_council()
    assert len(app.council_result.raters) == 5 and "Học viên 0" in app.council_html.value
    assert app.council_result.spread == 0


def test_roster_refreshes_on_a_timer_without_a_click(store, monkeypatch):
    monkeypatch.setattr(facilitator, "ROSTER_REFRESH_S", 0.05)
    app = _build(lang="en", store=store)
    room = ws.create_workshop(store, "Room", PASS)
    app.open(room.join_code, PASS)
    try:
        assert "0 trainees" in app.roster_html.value
        ws.join(store, room.join_code, "Lan", "1234")
        import time
        deadline = time.time() + 5
        while "Lan" not in app.roster_html.value and time.time() < deadline:
            time.sleep(0.05)
        assert "Lan" in app.roster_html.value
    finally:
        app.lock()
    assert app._timer is None

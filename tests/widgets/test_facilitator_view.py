"""The facilitator page built without a browser: panels found by attribute, widgets by type."""
import inspect
import json
import time
from pathlib import Path

import ipywidgets as w

from ocop_kit import workshop as ws
from ocop_kit.apps.assessment import APP_ID
from ocop_kit.views.facilitator import build_app as _build
from ocop_kit.views.facilitator.calibration import CalibrationPanel
from ocop_kit.views.facilitator.class_panel import ClassPanel
from ocop_kit.views.facilitator.council import CouncilPanel
from ocop_kit.views.facilitator.export import ExportPanel
from ocop_kit.views.facilitator.gate import WorkshopGate
from ocop_kit.views.facilitator.roster import RosterPanel

PASS = "mật khẩu giảng viên"


def widgets(root, kind) -> list:
    """Every widget of exactly ``kind`` (a Password is no Text here) under ``root``, in page order."""
    found = [root] if type(root) is kind else []
    for child in getattr(root, "children", ()):
        found += widgets(child, kind)
    return found


def button(root, description: str) -> w.Button:
    [found] = [b for b in widgets(root, w.Button) if b.description == description]
    return found


def create_workshop(app, name="Lớp thử", passphrase=PASS):
    """Fill the gate's "new workshop" fields (texts: code, name, place, dates; passwords: open,
    new, repeat) and press "Tạo lớp"."""
    texts, passwords = widgets(app.gate.widget, w.Text), widgets(app.gate.widget, w.Password)
    texts[1].value = name
    passwords[1].value = passwords[2].value = passphrase
    button(app.gate.widget, "Tạo lớp" if app.lang == "vi" else "Create workshop").click()


def build_app(lang="vi", store=None):
    """The page after the facilitator created a workshop (nothing shows before)."""
    app = _build(lang=lang, store=store)
    create_workshop(app)
    assert app.workshop is not None
    app.roster.stop_timer()
    return app


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def sheet(**changes) -> bytes:
    doc = json.loads((SAMPLES / "council" / "tra-ca-gai-leo-2019" / "thanh-vien-1.json").read_text(encoding="utf-8"))
    doc.update(changes)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_sample_council_under_qd26_is_held_back_by_a_minimum_on_the_members_average(store):
    app = build_app(lang="vi", store=store)
    button(app.council.widget, "Ví dụ: Hội đồng 3 thành viên").click()
    html = app.council.text
    result = app.council.result
    assert result.version.id == "qd26-2026"
    assert (result.average, result.band_stars, result.stars) == (72, 4, 3)
    assert [r.stars for r in result.raters] == [3, 4, 3]  # member 2's own sheet meets the 4★ minimum
    assert "72" in html and "★★★☆☆" in html and "trong giới hạn" in html
    assert "A.1.4: 1,33 &lt; 2 (4★)" in html and "chỉ xếp 3 sao" in html
    assert "không có trong QĐ 26/2026" in html  # the spread rule names its source
    app.shell.set_lang("en")
    assert "within the allowed limit" in app.council.text and "A.1.4: 1.33 &lt; 2 (4★)" in app.council.text


def test_council_of_2019_sheets_shows_average_star_and_spread(store):
    app = build_app(lang="vi", store=store)
    folder = SAMPLES / "council" / "tra-ca-gai-leo-2019"
    for path in sorted(folder.glob("*.json")):
        app.council.add_file(path.name, path.read_bytes())
    assert app.council.result.average == 57.67
    assert "57,67" in app.council.text and "★★★☆☆" in app.council.text


def test_uploaded_sheets_with_a_wide_spread_and_an_escaped_rater_name(store):
    app = build_app(lang="vi", store=store)
    low = json.loads(sheet())
    low["answers"].update({"C.6.4": 0, "C.6.5": 0, "C.7": 0})  # 58 - 6 - 5 - 5 = 42
    app.council.add_file("a.json", sheet(rater="<script>alert(1)</script>"))
    app.council.add_file("b.json", json.dumps(low).encode())
    html = app.council.text
    assert app.council.result.spread == 16
    assert app.council.result.spread_exceeded
    assert "chấm lại" in html and "<script>" not in html and "&lt;script&gt;" in html


def test_bad_files_get_a_message_and_the_good_ones_stay(store):
    app = build_app(lang="en", store=store)
    app.council.add_file("good.json", sheet())
    app.council.add_file("broken.json", b"{nope")
    assert "broken.json" in app.shell.notice_html.value
    assert len(app.council.sheets) == 1
    other = json.loads(sheet())
    other["set"] = "Rượu trắng"
    other["answers"] = {}
    app.council.add_file("other.json", json.dumps(other).encode())
    assert "same criteria set" in app.shell.notice_html.value
    assert len(app.council.sheets) == 1
    assert app.council.result.average == 58
    button(app.council.widget, "Clear the sheets").click()
    assert app.council.sheets == []
    assert app.council.result is None


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
    assert widgets(app.class_panel.widget, w.Checkbox) == []  # the checkbox that revealed everyone's work is gone
    [group] = widgets(app.class_panel.widget, w.Text)
    group.value = "lop1"
    button(app.class_panel.widget, "Xem kết quả").click()
    html = app.class_panel.text
    assert "4 học viên" in html and "ít nhất 5" in html and "2 học viên mới có bản nháp" in html
    assert "LOP1-01" not in html and "Mộc nhĩ" not in html and "★" not in html
    store.set_draft_state("LOP1-05", APP_ID, "d", "submitted")
    button(app.class_panel.widget, "Xem kết quả").click()
    assert "5/5 sản phẩm đạt từ 3 sao" in app.class_panel.text
    assert "LOP1-01" not in app.class_panel.text


def test_nothing_shows_before_the_passphrase(store):
    room = ws.create_workshop(store, "Lớp Ba Bể", PASS)
    lan = ws.join(store, room.join_code, "Nguyễn Thị Lan", "1234")
    store.save_draft(lan.owner, APP_ID, "d", payload_of_sample())
    app = _build(lang="vi", store=store)
    assert app.shell.body.children == (app.gate.widget,)
    assert app.workshop is None and app.roster.roster is None
    app.open(room.join_code, "sai mật khẩu")
    assert "Sai mật khẩu" in app.shell.notice_html.value
    assert app.shell.body.children == (app.gate.widget,)
    app.class_panel.show_group("LOP1")  # not reachable while locked
    app.class_panel.show_workshop()
    app.council.load_submitted()
    app.exports.prepare()
    assert app.class_panel.summary is None and app.council.result is None and app.exports.entries is None
    code, _name, *_rest = widgets(app.gate.widget, w.Text)
    passphrase = widgets(app.gate.widget, w.Password)[0]
    code.value, passphrase.value = room.join_code.lower(), PASS
    button(app.gate.widget, "Mở lớp").click()
    app.roster.stop_timer()
    assert passphrase.value == ""
    assert app.shell.body.children == (app.room_box,)
    assert "Nguyễn Thị Lan" in app.roster.text and "đang làm" in app.roster.text
    assert room.join_code in widgets(app.room_box, w.HTML)[0].value
    button(app.room_box, "Khóa trang giảng viên").click()
    assert app.shell.body.children == (app.gate.widget,)
    assert "Lan" not in app.roster.text
    assert all(room.join_code not in h.value for h in widgets(app.room_box, w.HTML))


def test_workshop_class_hidden_under_five_submitted_and_mock_council(store):
    app = build_app(store=store)
    code = app.workshop.join_code
    payload = payload_of_sample()
    for i in range(6):
        trainee = ws.join(store, code, f"Học viên {i}", "1234")
        store.save_draft(trainee.owner, APP_ID, "d", payload)
        if i < 4:
            store.set_draft_state(trainee.owner, APP_ID, "d", "submitted")
    button(app.class_panel.widget, "Xem kết quả của lớp này").click()
    html = app.class_panel.text
    assert "4 học viên" in html and "ít nhất 5" in html and "2 học viên mới có bản nháp" in html
    assert "★" not in html
    button(app.roster.widget, "Làm mới danh sách").click()
    assert "6 học viên đã vào lớp" in app.roster.text and "4 đã nộp" in app.roster.text
    trainee = ws.join(store, code, "Học viên 4", "1234")
    store.set_draft_state(trainee.owner, APP_ID, "d", "submitted")
    app.class_panel.show_workshop()
    assert "5/5 sản phẩm đạt từ 3 sao" in app.class_panel.text
    assert "Học viên" not in app.class_panel.text
    button(app.council.widget, "Hội đồng thử: bài tự đánh giá học viên đã nộp").click()
    assert len(app.council.result.raters) == 5 and "Học viên 0" in app.council.text
    assert app.council.result.spread == 0


def test_roster_refreshes_on_a_timer_without_a_click(store):
    app = _build(lang="en", store=store)
    app.roster.refresh_s = 0.05
    room = ws.create_workshop(store, "Room", PASS)
    app.open(room.join_code, PASS)
    try:
        assert "0 trainees" in app.roster.text
        ws.join(store, room.join_code, "Lan", "1234")
        deadline = time.time() + 30
        while "Lan" not in app.roster.text and time.time() < deadline:
            time.sleep(0.05)
        assert "Lan" in app.roster.text
    finally:
        app.lock()
    assert not app.roster.timer_running


def test_each_panel_is_small_and_follows_the_language(store):
    app = build_app(lang="vi", store=store)
    kinds = {type(p) for p in (app.gate, *app.panels, app.calibration)}
    assert kinds == {WorkshopGate, RosterPanel, CouncilPanel, CalibrationPanel, ClassPanel, ExportPanel}
    for kind in (*kinds, type(app)):
        assert len(inspect.getsourcelines(kind)[0]) <= 250, kind.__name__
    app.shell.set_lang("en")
    assert button(app.council.widget, "Clear the sheets")
    assert button(app.exports.widget, "Prepare downloads")
    assert not [b for b in widgets(app.root, w.Button) if b.description in ("Xóa các phiếu", "Mở lớp")]

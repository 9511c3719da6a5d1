import json
from pathlib import Path

from ocop_kit.apps.assessment import APP_ID
from ocop_kit.views.facilitator import build_app

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


def test_class_results_hide_names_until_asked_and_need_five_trainees(store):
    doc = json.loads((SAMPLES / "answers" / "moc-nhi-kho-minh-anh.json").read_text(encoding="utf-8"))
    payload = {"schema": 1, "app": APP_ID, "rubric": doc["rubric"], "set": doc["set"],
               "info": {"product": "<b>Mộc nhĩ</b>"}, "answers": doc["answers"], "facts": doc["facts"]}
    for i in range(1, 5):
        store.save_draft(f"LOP1-{i:02d}", APP_ID, "d", payload)
    app = build_app(lang="vi", store=store)
    app.group_input.value = "lop1"
    app.group_button.click()
    assert "4 học viên" in app.class_html.value and "ít nhất 5" in app.class_html.value
    assert "LOP1-01" not in app.class_html.value
    app.show_names.value = True
    assert "LOP1-01" in app.class_html.value and "&lt;b&gt;Mộc nhĩ" in app.class_html.value
    store.save_draft("LOP1-05", APP_ID, "d", payload)
    app.group_button.click()
    assert "5/5 sản phẩm đạt từ 3 sao" in app.class_html.value

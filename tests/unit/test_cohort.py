import json
from pathlib import Path

from ocop_kit.apps.assessment import APP_ID
from ocop_kit.cohort import MIN_GROUP
from ocop_kit.services import class_summary
from ocop_kit.services import summarize_payloads as summarize
from ocop_kit.storage import open_store

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "answers"


def payload_of(sample: str, product: str | None = None) -> dict:
    doc = json.loads((SAMPLES / sample).read_text(encoding="utf-8"))
    return {"schema": 1, "app": APP_ID, "rubric": doc["rubric"], "set": doc["set"], "set_name": doc["set"],
            "info": {"product": product or doc["product"]}, "answers": doc["answers"], "facts": doc["facts"]}


def test_small_class_shows_no_class_wide_figures():
    s = summarize("BK19", [("BK19-01", payload_of("mien-dong-tai-hoan.json"))] * 3)
    assert s.size == 3 and not s.shown and s.stars == {} and s.mean_total == 0


def test_class_figures_from_five_trainees():
    names = ["mien-dong-tai-hoan.json", "huong-ngan-tinh-dau-sa.json", "vi-cumax-nano-curcumin.json",
             "tra-ca-gai-leo-bao-chau.json", "moc-nhi-kho-minh-anh.json"]
    s = summarize("BK19", [(f"BK19-{i:02d}", payload_of(n)) for i, n in enumerate(names, 1)])
    assert s.shown and s.size == MIN_GROUP
    assert s.stars[5] == 1 and s.stars[4] == 1 and s.stars[3] == 3 and s.certified == 5
    assert s.mean_total == round((91 + 62 + 76 + 58 + 53) / 5, 2) and s.median_total == 62
    assert s.weakest and all(code[0] in "AB" and 0 < share <= 1 for code, _, share in s.weakest)


def test_unreadable_drafts_are_counted_not_fatal():
    bad = {"rubric": "qd1048-2019", "set": "Không có bộ này", "answers": {}}
    s = summarize("X", [("X-01", bad), ("X-02", payload_of("moc-nhi-kho-minh-anh.json"))])
    assert s.skipped == 1 and s.size == 1


def test_store_returns_the_newest_submitted_draft_per_trainee_of_one_class(tmp_path):
    store = open_store(tmp_path / "db.sqlite")
    store.save_draft("bk19-01", APP_ID, "a", payload_of("moc-nhi-kho-minh-anh.json", "cũ"))
    store.save_draft("BK19-01", APP_ID, "b", payload_of("mien-dong-tai-hoan.json", "mới"))
    store.save_draft("BK19-02", APP_ID, "c", payload_of("huong-ngan-tinh-dau-sa.json"))
    store.save_draft("BK19-04", APP_ID, "f", payload_of("huong-ngan-tinh-dau-sa.json"))  # never submitted
    store.save_draft("BK190-01", APP_ID, "d", payload_of("huong-ngan-tinh-dau-sa.json"))  # another class
    store.save_draft("BK19-03", "phuong-an-kinh-doanh", "e", {"x": 1})  # another app
    for code, draft in (("BK19-01", "a"), ("BK19-01", "b"), ("BK19-02", "c"), ("BK190-01", "d")):
        store.set_draft_state(code, APP_ID, draft, "submitted")
    store.save_draft("BK19-05", APP_ID, "g", payload_of("huong-ngan-tinh-dau-sa.json"))  # a newer unsubmitted copy
    store.save_draft("BK19-02", APP_ID, "h", payload_of("moc-nhi-kho-minh-anh.json", "bản sao"))
    summary = class_summary(store, "bk19")
    assert [(r.user_code, r.product) for r in summary.trainees] == [
        ("BK19-01", "mới"), ("BK19-02", "Tinh dầu sả chanh")]
    assert summary.not_counted == 2  # BK19-04 and BK19-05 have drafts only

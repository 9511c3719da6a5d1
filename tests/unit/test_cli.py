"""The CLI as users meet it: real processes, exit codes, one clear line on bad input."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "ocop_kit.cli", *args], capture_output=True, text=True, cwd=ROOT)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("path", sorted((SAMPLES / "answers").glob("*.json")), ids=lambda p: p.stem)
def test_score_json_for_every_sample(path):
    code, out, err = run("score", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data["parts"]) == {"A", "B", "C"} and 1 <= data["stars"] <= 5
    assert data["total"] == round(sum(data["parts"].values()), 2)
    assert data["unanswered"] == []


def test_score_text_is_vietnamese_by_default_and_english_on_request():
    _, vi, _ = run("score", str(SAMPLES / "answers" / "mien-dong-tai-hoan.json"))
    _, en, _ = run("score", str(SAMPLES / "answers" / "mien-dong-tai-hoan.json"), "--lang", "en")
    assert "Tổng điểm: 91 / 100" in vi and "5 sao" in vi
    assert "Total: 91 / 100" in en and "5 stars" in en


def test_plan_and_council_json_shapes():
    code, out, _ = run("plan", str(SAMPLES / "answers" / "huong-ngan-tinh-dau-sa.json"), "--json", "--target", "4")
    data = json.loads(out)
    assert code == 0 and data["target"] == 4 and data["reachable"] is True
    assert all({"code", "from", "to"} <= set(step) for step in data["steps"]) and data["steps"]
    files = sorted(str(p) for p in (SAMPLES / "council" / "tra-ca-gai-leo-2019").glob("*.json"))
    code, out, _ = run("council", *files, "--json")
    data = json.loads(out)
    assert code == 0 and len(data["raters"]) == 3 and isinstance(data["spread_exceeded"], bool)
    assert data["average"] == round(sum(r["total"] for r in data["raters"]) / 3, 2)


def test_rubrics_lists_gaps_and_the_missing_set():
    code, out, _ = run("rubrics")
    assert code == 0 and "Gạo, ngũ cốc" in out and out.count("chưa đầy đủ") == 3
    data = json.loads(run("rubrics", "--json")[1])
    v1048 = next(v for v in data["versions"] if v["id"] == "qd1048-2019")
    assert len(v1048["sets"]) == 25


def test_show_lists_levels_with_points():
    code, out, _ = run("show", "qd1048-2019", "che-bien-tu-rau-cu-qua-hat", "--json")
    data = json.loads(out)
    a32 = next(c for c in data["criteria"] if c["code"] == "A.3.2")
    assert code == 0 and [lv["case"] for lv in a32["levels"]] == [1, 1, 2, 2]


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _sample(**changes):
    doc = json.loads((SAMPLES / "answers" / "moc-nhi-kho-minh-anh.json").read_text(encoding="utf-8"))
    doc.update(changes)
    return doc


@pytest.mark.parametrize("content, needle_vi, needle_en", [
    ("{not json", "không phải JSON hợp lệ", "not valid JSON"),
    (json.dumps(_sample(rubric="qd2099")), "không có bộ tiêu chí “qd2099”", "no criteria version “qd2099”"),
    (json.dumps(_sample(set="Bánh kẹo")), "không có bộ sản phẩm “Bánh kẹo”", "no product set “Bánh kẹo”"),
    (json.dumps(_sample(answers={"A.9.9": 1})), "không có tiêu chí A.9.9", "there is no criterion A.9.9"),
    (json.dumps(_sample(answers={"A.1.1": 4})), "A.1.1: 4 điểm không phải là một mức",
     "A.1.1: 4 points is not a level"),
    (json.dumps(_sample(answers={"A.1.1": "ba"})), "answers/A.1.1", "answers/A.1.1"),
])
def test_bad_input_exits_2_with_one_line_in_the_chosen_language(tmp_path, content, needle_vi, needle_en):
    path = _write(tmp_path, "bad.json", content)
    for lang, needle in (("vi", needle_vi), ("en", needle_en)):
        code, out, err = run("score", path, "--lang", lang)
        assert code == 2 and out == ""
        assert needle in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1 and "bad.json" in err


def test_missing_file_and_bad_target():
    code, _, err = run("plan", "/nonexistent/a.json")
    assert code == 2 and "không tìm thấy tệp" in err
    code, _, err = run("plan", str(SAMPLES / "answers" / "moc-nhi-kho-minh-anh.json"), "--target", "7")
    assert code == 2 and "Traceback" not in err


def test_rubric_check_names_file_row_and_column(tmp_path):
    path = _write(tmp_path, "tieu-chi-2023.csv",
                  "set_name,part,section,criterion,level,points\n"
                  "Bộ thử,A,1. A,1.1. Một,Có,40\nBộ thử,B,2. B,2.1. Hai,Có,25\nBộ thử,C,3. C,3.1. Ba,Có,\n")
    code, out, _ = run("rubric", "check", path)
    assert code == 2 and "tieu-chi-2023.csv, dòng 4, cột points" in out
    code, out, _ = run("rubric", "check", path, "--json", "--lang", "en")
    assert json.loads(out)["ok"] is False


def test_148_answers_scored_through_a_sheet(tmp_path):
    _write(tmp_path, "sheet.csv", "set_name,part,section,criterion,level,points\n"
           "Bộ thử,A,1. A,1.1. Một,Không,0\nBộ thử,A,1. A,1.1. Một,Có,40\nBộ thử,B,2. B,2.1. Hai,Có,25\n"
           "Bộ thử,C,3. C,3.1. Ba,Không,0\nBộ thử,C,3. C,3.1. Ba,Có,35\n")
    path = _write(tmp_path, "a.json", json.dumps({"rubric": "qd148-2023", "set": "Bộ thử", "sheet": "sheet.csv",
                                                 "answers": {"A.1.1": 40, "B.2.1": 25, "C.3.1": 0}}))
    code, out, err = run("score", path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == 65 and data["stars"] == 3 and data["rubric"] == "qd148-2023"


def test_the_criteria_in_force_come_first_and_show_their_minimum_marks():
    code, out, _ = run("rubrics", "--json")
    versions = json.loads(out)["versions"]
    assert code == 0 and versions[0]["id"] == "qd26-2026" and versions[0]["current"] and versions[0]["default"]
    assert len(versions[0]["sets"]) == 26 and not any(v["current"] for v in versions[1:])
    code, out, _ = run("show", "qd26-2026", "Tinh dầu và dược liệu khác")
    assert code == 0 and "A.1.4 Liên kết chuỗi trong sản xuất" in out and "[tối thiểu cho 4 sao]" in out
    code, out, _ = run("show", "qd26-2026", "tinh-dau-va-duoc-lieu-khac", "--json")
    criteria = {c["code"]: c for c in json.loads(out)["criteria"]}
    assert criteria["A.1.4"]["minimums"] == {"4": 2, "5": 3}


def test_score_under_qd26_reports_band_stars_and_what_holds_the_star_back():
    code, out, _ = run("score", str(SAMPLES / "answers" / "huong-ngan-tinh-dau-sa-2026.json"), "--json")
    data = json.loads(out)
    assert code == 0 and (data["stars"], data["band_stars"]) == (3, 4)
    assert data["minimums_unmet"] == [{"code": "A.1.4", "star": 4, "needs": 2, "has": 1}]
    _, text, _ = run("score", str(SAMPLES / "answers" / "mien-dong-tai-hoan-2026.json"))
    assert "tiềm năng đạt 5 sao — đề nghị Bộ đánh giá" in text
    _, old, _ = run("score", str(SAMPLES / "answers" / "mien-dong-tai-hoan.json"), "--lang", "en")
    assert "is not the criteria version in force" in old
    code, out, _ = run("plan", str(SAMPLES / "answers" / "gao-nep-tan-son-2026.json"), "--json", "--by", "points")
    plan = json.loads(out)
    assert code == 0 and plan["target"] == 3 and [s["code"] for s in plan["steps"]] == ["A.2.2"]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("change, key", [
    ({"set": "Không có bộ này"}, "Không có bộ này"),
    ({"answers": {"Z.9.9": 1}}, "Z.9.9"),
    ({"answers": {"A.1.4": 7}}, "A.1.4"),
])
def test_bad_input_under_qd26_exits_2_with_one_line(tmp_path, lang, change, key):
    doc = json.loads((SAMPLES / "answers" / "huong-ngan-tinh-dau-sa-2026.json").read_text(encoding="utf-8"))
    doc.update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("score", str(path), "--lang", lang)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert key in err and "Traceback" not in err

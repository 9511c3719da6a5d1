"""`ocop-kit dossier`: real processes, files written, exit 2 with one line on bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import docx
import pytest

from ..conftest import ROOT, SAMPLES
from .test_dossier import FULL_DOSSIER, PLAN, SET, VERSION, criteria


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "ocop_kit.cli", "dossier", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def answers(tmp_path):
    data = {"rubric": VERSION, "set": SET, "product": "Miến dong Tài Hoan", "producer": "HTX Tài Hoan",
            "commune": "Côn Minh", "province": "Thái Nguyên", "date": "2026-06-15",
            "answers": {c.code: c.max_points for c in criteria()}, "dossier": FULL_DOSSIER}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_writes_docx_and_html_and_lists_what_is_missing(answers, tmp_path):
    out_docx, out_html = tmp_path / "ho-so.docx", tmp_path / "ho-so.html"
    code, out, err = run(answers, "--plan", PLAN, "--docx", out_docx, "--html", out_html)
    assert code == 0, err
    assert f"Đã ghi {out_docx}" in out and f"Đã ghi {out_html}" in out
    assert "Hồ sơ còn thiếu" in out and "chưa mô tả, chứng minh kết quả" in out  # no evidence notes
    texts = [p.text for p in docx.Document(str(out_docx)).paragraphs]
    assert "- Họ tên người đại diện pháp lý: Hoàng Thị Hằng" in texts
    assert "PHIẾU ĐĂNG KÝ" in texts
    assert "Hoàng Thị Hằng" in out_html.read_text(encoding="utf-8")
    code, out, err = run(answers, "--pdf", tmp_path / "ho-so.pdf")
    assert code == 0 and (tmp_path / "ho-so.pdf").read_bytes().startswith(b"%PDF"), err


def test_json_output_and_english(answers, tmp_path):
    code, out, err = run(answers, "--docx", tmp_path / "a.docx", "--json", "--lang", "en")
    assert code == 0, err
    data = json.loads(out)
    assert data["written"] == [str(tmp_path / "a.docx")]
    kinds = {m["kind"] for m in data["missing"]}
    assert "evidence" in kinds and all(m["message"] for m in data["missing"])
    assert any(m["message"].endswith("no description or evidence of the result") for m in data["missing"])


@pytest.mark.parametrize("lang, prefix", [("vi", "lỗi: "), ("en", "error: ")])
def test_bad_input_exits_2_with_one_line(answers, tmp_path, lang, prefix):
    bad_plan = tmp_path / "plan.json"
    bad_plan.write_text("{not json", encoding="utf-8")
    bad_answers = tmp_path / "bad.json"
    bad_answers.write_text(json.dumps({"rubric": VERSION, "set": SET, "answers": {}, "dossier": {"phone": ["x"]}}),
                           encoding="utf-8")
    cases = [
        (tmp_path / "none.json", "--docx", tmp_path / "a.docx"),
        (answers,),  # no output asked for
        (answers, "--plan", bad_plan, "--docx", tmp_path / "a.docx"),
        (answers, "--plan", tmp_path / "missing-plan.json", "--docx", tmp_path / "a.docx"),
        (bad_answers, "--docx", tmp_path / "a.docx"),
        (answers, "--docx", tmp_path / "no-such-dir" / "a.docx"),
    ]
    for args in cases:
        code, out, err = run(*args, "--lang", lang)
        assert code == 2, (args, out, err)
        assert err.count("\n") == 1 and err.startswith(prefix) and "Traceback" not in err, (args, err)
    assert not (tmp_path / "a.docx").exists()


def test_every_answers_sample_makes_a_dossier(tmp_path):
    for path in sorted((SAMPLES / "answers").glob("*.json")):
        code, _out, err = run(path, "--html", tmp_path / f"{path.stem}.html")
        assert code == 0, (path, err)


def test_target_lists_the_minimums_of_the_star_applied_for(tmp_path):
    from ocop_kit.rubric.registry import load_version

    cset = load_version("qd26-2026").find_set("Chế biến từ rau, củ, quả, hạt")
    answers = {c.code: c.max_points for c in cset.criteria}
    held = next(c for c in cset.criteria if c.minimum(3) is not None and c.minimum(3) > c.points[0])
    answers[held.code] = held.points[0]
    path = tmp_path / "qd26.json"
    path.write_text(json.dumps({"rubric": "qd26-2026", "set": cset.name, "answers": answers}, ensure_ascii=False),
                    encoding="utf-8")
    code, out, err = run(path, "--html", tmp_path / "a.html", "--target", "3", "--json")
    assert code == 0, err
    minimums = [m for m in json.loads(out)["missing"] if m["kind"] == "minimum"]
    assert [m["id"] for m in minimums] == [held.code]
    code, out, err = run(path, "--html", tmp_path / "a.html", "--target", "9")
    assert code == 2 and err.count("\n") == 1

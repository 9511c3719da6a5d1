"""Hostile and clumsy inputs to the CLI (issue 10, item 8): each is one clear line in the
chosen language, with a hint where one helps, exit status 2, never a traceback — real
processes, as a user meets them. The same documents uploaded to the apps are refused with a
message or read, never an exception."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ocop_kit.apps.assessment import Assessment
from ocop_kit.errors import InputError
from ocop_kit.i18n import t

ROOT = Path(__file__).resolve().parents[2]
HEADER = "set_name,part,section,criterion,level,points\n"
GOOD_ROW = "Bộ thử,A,1. A,1.1. Một,Có,40\n"


def run(*args, cwd=ROOT):
    proc = subprocess.run([sys.executable, "-m", "ocop_kit.cli", *args], capture_output=True,
                          cwd=cwd, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def answers(**extra) -> str:
    """An answers document; non-ASCII letters written as themselves (``\ud800`` escaped)."""
    doc = {"rubric": "qd1048-2019", "set": "Chè tươi, chế biến", "answers": {}, **extra}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters precomposed, tone marks combining."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        for cut in range(len(decomposed), 0, -1):
            try:
                out += (unicodedata.normalize("NFC", decomposed[:cut]).encode("cp1258")
                        + decomposed[cut:].encode("cp1258"))
                break
            except UnicodeEncodeError:
                continue
    return out


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """Under 1 MB on disk, 210 MB declared once unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(210):
                part.write(b" " * (1 << 20))
    return buffer.getvalue()


def _write(folder: Path, name: str, content) -> str:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return name


# name → (make the input in a folder → CLI arguments, message key, a phrase of the message in
# each language that says what to do or what is wrong)
CASES = {
    "deeply nested JSON": (
        lambda d: ["score", _write(d, "deep.json", '{"rubric": ' + "[" * 100_000 + "]" * 100_000 + "}")],
        "input.too_deep"),
    "integer of 5,000 digits": (
        lambda d: ["score", _write(d, "big.json", answers()[:-1] + ', "x": ' + "9" * 5000 + "}")],
        "input.number_too_long"),
    "lone surrogate in a text": (
        lambda d: ["score", _write(d, "sur.json", answers(set="\ud800"))], "input.unknown_set"),
    "answers file that is a list": (
        lambda d: ["score", _write(d, "list.json", "[1, 2]")], "input.schema"),
    "answers file not in UTF-8": (
        lambda d: ["score", _write(d, "cp.json", cp1258(answers(product="Chè Tân Cương")))],
        "input.not_utf8"),
    "answers file of 2 MB": (
        lambda d: ["score", _write(d, "huge.json", answers(note="x" * 2_000_000))], "input.too_large"),
    "xlsx that is not a zip": (
        lambda d: ["rubric", "check", _write(d, "fake.xlsx", "set_name,part\n")], "sheet.not_xlsx"),
    "truncated xlsx": (
        lambda d: ["rubric", "check", _write(d, "cut.xlsx", xlsx([HEADER.split(",")])[:3000])],
        "sheet.not_xlsx"),
    "xlsx zip bomb": (
        lambda d: ["rubric", "check", _write(d, "bomb.xlsx", zip_bomb())], "sheet.xlsx_too_large"),
    "formula without a value in xlsx": (
        lambda d: ["rubric", "check", _write(d, "formula.xlsx", xlsx(
            [HEADER.strip().split(","), ["Bộ", "A", "1. A", "1.1. Một", "=A2&B2", 40]]))],
        "sheet.formula"),
    "CSV field over 131,072 characters": (
        lambda d: ["rubric", "check", _write(d, "long.csv", HEADER + "Bộ,A,1. A,1.1. Một," + "a" * 140_000 + ",40\n")],
        "sheet.bad_csv"),
    "CSV saved as Windows-1258": (
        lambda d: ["rubric", "check", _write(d, "win.csv", cp1258(HEADER + "Chè,A,1. Sản xuất,1.1. Tổ chức,Có,40\n"))],
        "input.not_utf8"),
    "CSV of 60,000 rows": (
        lambda d: ["rubric", "check", _write(d, "rows.csv", HEADER + GOOD_ROW * 60_000)],
        "sheet.too_many_rows"),
    "/dev/zero as a sheet": (lambda d: ["rubric", "check", "/dev/zero"], "input.not_a_file"),
    "/dev/zero as the sheet of an answers file": (
        lambda d: ["score", _write(d, "dz.json", answers(rubric="qd148-2023", sheet="/dev/zero"))],
        "input.not_a_file"),
    "/dev/zero as answers": (lambda d: ["score", "/dev/zero"], "input.not_a_file"),
    "a directory": (lambda d: ["score", str(d)], "input.not_a_file"),
    "a directory as --sheet": (
        lambda d: ["score", _write(d, "a.json", answers(rubric="qd148-2023")), "--sheet", str(d)],
        "input.not_a_file"),
    "a missing file": (lambda d: ["score", "no-such-file.json"], "input.not_found"),
    "a missing sheet": (lambda d: ["rubric", "check", "no-such-sheet.csv"], "input.not_found"),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_is_one_clear_line_with_exit_2(tmp_path, case, lang):
    make, key = CASES[case]
    code, out, err = run(*make(tmp_path), "--lang", lang, cwd=tmp_path)
    assert code == 2, (out, err)
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(t("cli.error", lang, message="")), lines[0]
    expected = _fixed_words(key, lang)
    assert expected in lines[0], (expected, lines[0])
    other = _fixed_words(key, "en" if lang == "vi" else "vi")
    assert other not in lines[0]


def _fixed_words(key: str, lang: str) -> str:
    """The longest run of the message's own words (placeholders left out)."""
    parts = re.split(r"\{[^}]*\}", t(key, lang))
    return max((p.strip(" :(),.“”") for p in parts), key=len)


def test_hints_say_what_to_do():
    assert "CSV UTF-8" in t("input.not_utf8", "vi") and "CSV UTF-8" in t("input.not_utf8", "en")
    assert "XLSX" in t("sheet.not_xlsx", "vi") and ".xlsx" in t("sheet.not_xlsx", "en")


@pytest.mark.parametrize("lang, words, foreign", [
    ("vi", "cần một đối tượng JSON", "expected"),
    ("en", "a JSON object {…} is expected", "cần"),
])
def test_schema_messages_are_in_one_language(tmp_path, lang, words, foreign):
    _write(tmp_path, "list.json", "[1]")
    code, _out, err = run("score", "list.json", "--lang", lang, cwd=tmp_path)
    assert code == 2 and words in err and foreign not in err


@pytest.mark.parametrize("lang, words", [("vi", "thiếu cột bắt buộc này"),
                                         ("en", "this required column is missing")])
def test_a_bad_sheet_named_by_an_answers_file_is_reported_in_the_chosen_language(tmp_path, lang, words):
    _write(tmp_path, "sheet.csv", "set_name,part\nBộ thử,A\n")
    _write(tmp_path, "a.json", answers(rubric="qd148-2023", set="Bộ thử", sheet="sheet.csv"))
    code, _out, err = run("score", "a.json", "--lang", lang, cwd=tmp_path)
    assert code == 2 and words in err, err


def test_a_lone_surrogate_in_a_product_name_prints_without_failing(tmp_path):
    _write(tmp_path, "p.json", json.dumps({"rubric": "qd1048-2019", "set": "Chè tươi, chế biến",
                                           "product": "Chè \ud800 Tân Cương", "answers": {}}))
    code, out, err = run("score", "p.json", cwd=tmp_path)
    assert code == 0, err
    assert "Chè ? Tân Cương" in out and "Traceback" not in err


def test_the_cli_may_follow_a_relative_sheet_of_a_file_it_was_given(tmp_path):
    _write(tmp_path, "sheet.csv", HEADER + "Bộ thử,A,1. A,1.1. Một,Có,40\nBộ thử,B,2. B,2.1. Hai,Có,25\n"
           "Bộ thử,C,3. C,3.1. Ba,Có,35\n")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "a.json", answers(rubric="qd148-2023", set="Bộ thử", sheet="../sheet.csv"))
    code, out, err = run("score", "sub/a.json", "--json", cwd=tmp_path)
    assert code == 0, err
    assert json.loads(out)["rubric"] == "qd148-2023"


# --- the same documents as uploads: parse and resolve raise nothing but InputError ----------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20)
FIELDS = ["rubric", "set", "answers", "evidence", "facts", "product", "producer", "rater", "date",
          "dossier", "sheet", "illustrative"]
BASES = [{}, {"rubric": "qd1048-2019", "set": "Chè tươi, chế biến", "answers": {}},
         {"rubric": "qd26-2026", "set": "che-tuoi-che-bien", "answers": {"A.1.1": 1}}]


@settings(max_examples=400, deadline=None)
@given(base=st.sampled_from(BASES), changes=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5),
       whole=st.one_of(st.none(), json_values))
def test_an_uploaded_document_is_refused_with_a_message_or_read_never_an_exception(base, changes, whole):
    doc = whole if whole is not None else {**base, **changes}
    try:
        model = Assessment.from_answers_file(doc, where="upload.json")
    except InputError as exc:
        assert exc.message("vi") and exc.message("en")
        return
    assert "sheet" not in doc or not doc["sheet"]  # a sheet path is never followed for an upload
    model.result()

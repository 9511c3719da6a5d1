"""English level texts and notes of the criteria in force (an unofficial translation).

Every level and note of QĐ 26/2026 has English without Vietnamese letters, and every number
of the Vietnamese wording is in the English (a threshold lost in translation would change the
meaning); older versions and user sheets without English keep the Vietnamese.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import pytest

from ocop_kit.rubric import load_version, load_with_sheet

ROOT = Path(__file__).resolve().parents[2]
SHEET = ROOT / "ocop_kit" / "rubrics" / "qd26-2026" / "criteria.csv"
TRANSLATIONS = ROOT / "tools" / "qd26_levels_en.json"

VIETNAMESE = re.compile("[ăâđêôơư" "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


@pytest.fixture(scope="module")
def qd26():
    return load_version("qd26-2026")


@pytest.fixture(scope="module")
def translations():
    return json.loads(TRANSLATIONS.read_text(encoding="utf-8"))


def pairs(version):
    for cset in version.sets.values():
        for criterion in cset.criteria:
            if criterion.note:
                yield f"{cset.name} {criterion.code} note", criterion.note, criterion.note_en
            for level in criterion.levels:
                yield f"{cset.name} {criterion.code} {level.points}", level.text, level.text_en


def test_every_level_and_note_of_the_criteria_in_force_has_english(qd26):
    missing = [where for where, _, en in pairs(qd26) if not en]
    assert not missing, missing[:5]
    assert sum(1 for _ in pairs(qd26)) > 2500


def test_no_english_text_has_vietnamese_letters(qd26):
    found = [(where, en) for where, _, en in pairs(qd26) if VIETNAMESE.search(unicodedata.normalize("NFC", en))]
    assert not found, found[:5]


def test_every_number_of_the_vietnamese_text_is_in_the_english(qd26):
    slips = [(where, sorted(numbers(vi) - numbers(en)), en)
             for where, vi, en in pairs(qd26) if numbers(vi) - numbers(en)]
    assert not slips, slips[:5]


def test_the_number_check_catches_a_slip():
    vi = "Có sử dụng từ 25% đến dưới 50% lao động là người trên địa bàn cấp xã"
    assert numbers(vi) - numbers("25% to under 50% of the workers are from the commune") == set()
    assert numbers(vi) - numbers("25% to under 5% of the workers are from the commune") == {50}


def test_translation_file_has_exactly_the_texts_of_the_sheet(translations):
    with SHEET.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    used = {row["level"] for row in rows} | {row["note"] for row in rows if row["note"]}
    assert set(translations) == used
    for row in rows:
        assert row["level_en"] == translations[row["level"]]
        assert row["note_en"] == (translations[row["note"]] if row["note"] else "")


def test_text_for_gives_english_with_a_translation_flag_and_vietnamese_otherwise(qd26):
    criterion = next(c for c in qd26.sets[next(iter(qd26.sets))].criteria if c.note)
    level = criterion.levels[0]
    assert level.text_for("en") == level.text_en != level.text
    assert level.translated("en") and not level.translated("vi")
    assert level.text_for("vi") == level.text_for(None) == level.text
    assert criterion.note_for("en") == criterion.note_en != criterion.note
    assert criterion.note_translated("en") and criterion.note_for("vi") == criterion.note


def test_older_version_has_no_english_levels_and_shows_the_vietnamese():
    old = load_version("qd1048-2019")
    level = next(iter(old.sets.values())).criteria[0].levels[0]
    assert level.text_en == "" and not level.translated("en")
    assert level.text_for("en") == level.text


def test_a_user_sheet_may_carry_english_levels_and_notes(tmp_path):
    sheet = tmp_path / "sheet.csv"
    header = "set_name,part,section,criterion,note,note_en,level,level_en,points\n"
    body = []
    for part, points in (("A", 40), ("B", 25), ("C", 35)):
        body.append(f"Bộ thử,{part},1. Phần,1.1. Tiêu chí {part},Ghi chú {part},Note {part},Không,No,0\n")
        body.append(f"Bộ thử,{part},1. Phần,1.1. Tiêu chí {part},,,Có,Yes,{points}\n")
    sheet.write_text(header + "".join(body), encoding="utf-8")
    _, result = load_with_sheet("qd148-2023", sheet)
    assert not result.problems
    criterion = next(iter(result.sets.values())).criteria[0]
    assert [lv.text_for("en") for lv in criterion.levels] == ["No", "Yes"]
    assert criterion.note_for("en") == "Note A" and criterion.note_for("vi") == "Ghi chú A"


def test_official_html_labels_the_translation_and_keeps_the_vietnamese_inside_details(qd26):
    from ocop_kit.views.official_text import official_html

    criterion = next(c for c in next(iter(qd26.sets.values())).criteria if c.note)
    html = official_html(criterion, "en")
    assert "Unofficial translation" in html and "<details class='ocop-official'>" in html
    outside, inside = html.split("<details", 1)
    assert not VIETNAMESE.search(outside)
    assert all(level.text.replace("&", "&amp;") in inside or level.text[:20] in inside for level in criterion.levels)
    assert criterion.note[:20] in inside
    assert official_html(criterion, "vi") == ""
    assert "Unofficial translation" not in official_html(criterion, "en", label=False)
    shown = criterion.levels[:1]
    assert official_html(criterion, "en", levels=shown).count("<li") == 1


def test_no_official_block_where_there_is_no_translation():
    from ocop_kit.views.official_text import official_html, untranslated_hint

    old = load_version("qd1048-2019")
    criterion = next(iter(old.sets.values())).criteria[0]
    assert "only in Vietnamese" in untranslated_hint(criterion, "en")
    assert untranslated_hint(criterion, "en") in official_html(criterion, "en")
    assert "details" not in official_html(criterion, "en")
    assert official_html(criterion, "vi") == ""
    assert untranslated_hint(criterion, "vi") == ""


def test_citations_read_in_english_on_an_english_page():
    from ocop_kit.views.official_text import citation

    assert citation("Điều 7.6.a", "en") == "Article 7.6.a"
    assert citation("QĐ 26/2026, Mẫu 02, Phần III", "en") == "Decision 26/2026, Form 02, Part III"
    assert citation("Điều 7.6.a", "vi") == "Điều 7.6.a"

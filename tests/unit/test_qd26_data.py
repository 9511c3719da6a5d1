"""The QĐ 26/2026 criteria shipped with the kit, and the sources they are built from.

The sheet is read with the csv module (what is in the file), then through the kit's loader
(what the kit makes of it). Rebuilding from data/source/ must give the same bytes.
"""
import copy
import csv
import importlib.util
import itertools
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import jsonschema
import pytest

from ocop_kit.rubric import load_version

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "ocop_kit" / "rubrics" / "qd26-2026"
SOURCE = ROOT / "data" / "source"
SCHEMA = ROOT / "ocop_kit" / "schemas" / "manifest.schema.json"

# Phụ lục II's list of sets, in its order.
APPENDIX_II = [
    "Rau, củ, quả, hạt tươi", "Thịt, thủy sản, trứng, sữa tươi", "Gạo, ngũ cốc, hạt sơ chế khác",
    "Mật ong, mật khác và nông sản thực phẩm khác", "Đồ ăn nhanh", "Chế biến từ gạo, ngũ cốc",
    "Chế biến từ rau, củ, quả, hạt",
    "Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác",
    "Tương, nước mắm, gia vị dạng lỏng khác", "Gia vị khác (muối, hành, tỏi, tiêu)", "Chè tươi, chè chế biến",
    "Sản phẩm trà từ thực vật khác", "Cà phê, cacao", "Rượu trắng", "Đồ uống có cồn khác",
    "Nước khoáng thiên nhiên, nước uống đóng chai", "Đồ uống không cồn khác",
    "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", "Mỹ phẩm có thành phần từ dược liệu",
    "Tinh dầu và dược liệu khác", "Thủ công mỹ nghệ", "Vải, may mặc", "Hoa", "Cây cảnh", "Động vật cảnh",
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
]
VI_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯ")


def _tool(name):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _tool("build_qd26")


@pytest.fixture(scope="module")
def rows():
    with (SHIPPED / "criteria.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def manifest():
    return json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))


def criteria_of(rows):
    """(set name, code) -> its rows, in file order."""
    found = defaultdict(list)
    for row in rows:
        found[(row["set_name"], row["code"])].append(row)
    return found


def test_every_set_of_appendix_ii_is_there_with_its_name_and_number(rows):
    seen = {}
    for row in rows:
        seen.setdefault(row["set_name"], int(row["set_id"]))
    assert list(seen) == APPENDIX_II
    assert list(seen.values()) == list(range(1, 27))


def test_every_set_sums_to_40_25_35_and_every_case_reaches_the_same_maximum(rows):
    sums = defaultdict(lambda: defaultdict(int))
    for (set_name, code), levels in criteria_of(rows).items():
        tops = {}
        for level in levels:
            tops[level["case"]] = max(tops.get(level["case"], 0), int(level["points"]))
        assert len(set(tops.values())) == 1, (set_name, code, tops)  # alternative cases are worth the same
        sums[set_name][levels[0]["part"]] += max(tops.values())
    assert len(sums) == 26
    for set_name, parts in sums.items():
        assert dict(parts) == {"A": 40, "B": 25, "C": 35}, set_name


def test_top_level_of_every_criterion_is_the_maximum_printed_in_the_decision(tool, rows):
    doc = tool.read_document(SOURCE / "qd26-2026" / "qd26-2026-tvpl.html")
    printed = {(t.name, c.code): c.printed for t in doc.tables for c in t.criteria}
    shipped = criteria_of(rows)
    assert set(printed) == set(shipped)
    for key, levels in shipped.items():
        assert max(int(level["points"]) for level in levels) == printed[key], key


def test_codes_follow_the_decisions_numbering(rows):
    by_set = defaultdict(list)
    for (set_name, code), levels in criteria_of(rows).items():
        by_set[set_name].append(code)
        numbering = levels[0]["criterion"].split(" ", 1)[0].rstrip(".")
        assert code == f"{levels[0]['part']}.{numbering}", (set_name, code)
        assert re.fullmatch(r"[ABC]\.\d+(\.\d+){0,2}", code)
    fresh = by_set["Rau, củ, quả, hạt tươi"]
    assert {"A.1.1", "A.2.4", "B.4.1", "B.5.3", "C.6.1", "C.7", "C.10", "C.12"} <= set(fresh)
    tea = by_set["Chè tươi, chè chế biến"]
    assert {"C.6.1.1", "C.6.1.2", "C.6.2.1", "C.6.2.2", "C.6.2.3"} <= set(tea) and "C.6.1" not in tea


def test_star_marks_are_3_4_or_5_and_a_higher_star_never_needs_less(rows):
    marked = 0
    for key, levels in criteria_of(rows).items():
        minimum = {}
        for level in levels:
            assert "*" not in level["level"], key  # the marks are stripped from the text
            if level["min_stars"]:
                assert level["min_stars"] in ("3", "4", "5"), key
                assert level["min_stars"] not in minimum, key
                minimum[level["min_stars"]] = int(level["points"])
                marked += 1
        stars = sorted(minimum)
        for low, high in itertools.pairwise(stars):
            assert minimum[high] >= minimum[low], key
    assert marked > 500


def test_marks_as_printed_in_the_fresh_produce_set(rows):
    levels = criteria_of(rows)[("Rau, củ, quả, hạt tươi", "A.1.5")]
    assert [(lv["points"], lv["min_stars"]) for lv in levels] == [("0", ""), ("1", ""), ("2", "4"), ("3", "5")]
    assert levels[2]["level"] == "Có hợp đồng liên kết trên 75% sản lượng tiêu thụ"


def test_criteria_without_levels_are_yes_or_no_in_the_kits_words(rows):
    yes_no = {key: levels for key, levels in criteria_of(rows).items() if levels[0]["note"].startswith("Bộ kit:")}
    assert {code for _, code in yes_no} == {"A.2.4", "A.2.3"}
    assert len(yes_no) == 22  # sets 1–20 (A.2.4) and 21–22 (A.2.3)
    for key, levels in yes_no.items():
        assert [int(lv["points"]) for lv in levels] == [0, 1], key
        assert levels[1]["level"].startswith("Đạt: Ghi nhãn hàng hóa có sử dụng song ngữ")
        assert levels[0]["level"] == "Không đạt"


def test_tourism_alternative_cases_are_cases(rows):
    criteria = criteria_of(rows)
    tourism = APPENDIX_II[-1]
    with_cases = sorted(code for (name, code), levels in criteria.items()
                        if name == tourism and {lv["case"] for lv in levels} == {"1", "2"})
    assert with_cases == ["C.15", "C.8", "C.9"]
    assert "Trường hợp 2" in criteria[(tourism, "C.8")][0]["note"]
    assert all(lv["case"] == "1" for (name, _), levels in criteria.items() if name != tourism for lv in levels)


def test_notes_that_are_rules_are_rules(rows):
    rules = {key: levels[0]["rule"] for key, levels in criteria_of(rows).items()}
    notes = {key: levels[0]["note"] for key, levels in criteria_of(rows).items()}
    for key, note in notes.items():
        if "Chỉ áp dụng khi có câu chuyện sản phẩm" in note:
            assert rules[key] == "requires:B.5.1", key
        if "tạp chất" in note.lower() and ("không xem xét" in note.lower() or "không đánh giá" in note.lower()):
            assert "halt_if:foreign_matter" in rules[key], key
        if "giống hệt sản phẩm của nhà sản xuất khác" in note:
            assert "exclude_if:copied_product" in rules[key], key
    assert rules[("Rau, củ, quả, hạt tươi", "C.6.1")] == "halt_if:foreign_matter"
    assert rules[("Chế biến từ rau, củ, quả, hạt", "A.1.1")] == "exclude_if:raw_material_all_imported"
    assert rules[("Mỹ phẩm có thành phần từ dược liệu", "C.6")] == "gate:cosmetic_notification"
    assert rules[("Tinh dầu và dược liệu khác", "C.6")] == "gate:product_notification"
    assert rules[("Thủ công mỹ nghệ", "C.6.2")] == "exclude_if:ip_violation"
    water = "Nước khoáng thiên nhiên, nước uống đóng chai"
    codes = ("C.6.1", "C.6.2", "C.6.3", "C.6.4", "C.7")
    assert [rules[(water, code)] for code in codes] == ["stop_if_zero:C.6.4"] * 4 + [""]
    assert sum("requires:" in r for r in rules.values()) == 25  # B.5.2 of every set but tourism


def test_every_requires_names_a_criterion_of_its_own_set_and_every_fact_is_declared(rows, manifest):
    criteria = criteria_of(rows)
    facts = {fact["id"] for fact in manifest["facts"]}
    used = set()
    for (set_name, code), levels in criteria.items():
        for rule in filter(None, levels[0]["rule"].split(";")):
            kind, _, arg = rule.partition(":")
            if kind in ("requires", "stop_if_zero"):
                assert (set_name, arg) in criteria, (set_name, code, rule)
            else:
                assert kind in ("halt_if", "gate", "exclude_if") and arg in facts, (set_name, code, rule)
                used.add(arg)
    for entry in manifest["set_rules"]:
        kind, _, arg = entry["rule"].partition(":")
        assert kind == "reject_if" and arg in facts
        used.add(arg)
        assert set(entry["sets"]) <= set(APPENDIX_II)
    assert used == facts


def test_rejection_clauses_of_each_set(manifest):
    by_fact = defaultdict(set)
    texts = defaultdict(list)
    for entry in manifest["set_rules"]:
        fact = entry["rule"].split(":", 1)[1]
        by_fact[fact] |= set(entry["sets"])
        for name in entry["sets"]:
            texts[name].append(entry["text"]["vi"])
    all_but_tourism = set(APPENDIX_II[:-1])  # the tourism form prints no "Hồ sơ bị loại khi"
    assert by_fact["dossier_forged"] == by_fact["registration_incomplete"] == all_but_tourism
    assert by_fact["required_certificate_missing"] == set(APPENDIX_II[:20])
    assert any("an toàn thực phẩm" in t for t in texts["Rau, củ, quả, hạt tươi"])
    assert any("giấy phép sản xuất" in t for t in texts["Đồ uống có cồn khác"])
    assert any("GMP" in t for t in texts["Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền"])
    assert any("Bộ Y tế" in t for t in texts["Mỹ phẩm có thành phần từ dược liệu"])
    defaults = {fact["id"]: fact["default"] for fact in manifest["facts"]}
    assert not any(defaults[f] for f in ("dossier_forged", "required_certificate_missing", "registration_incomplete",
                                         "foreign_matter"))


def test_manifest_validates_and_says_what_the_decision_says(manifest):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(manifest, schema)
    assert manifest["id"] == "qd26-2026" and manifest["in_force"] == {"from": "2026-05-22"}
    assert {p["code"]: p["max"] for p in manifest["parts"]} == {"A": 40, "B": 25, "C": 35}
    bands = {b["stars"]: (b["low"], b["high"], b["certified"]) for b in manifest["bands"]}
    assert bands == {1: (0, 30, False), 2: (30, 50, False), 3: (50, 70, True), 4: (70, 90, True), 5: (90, 100, True)}
    assert "Bộ Nông nghiệp và Môi trường" in manifest["bands"][4]["certified_by"]["vi"]
    assert "UBND cấp tỉnh" in manifest["bands"][2]["certified_by"]["vi"]
    assert manifest["certified_from_stars"] == 3 and manifest["certificate_months"] == 36
    assert manifest["central_candidate"] == 90 and "tiềm năng đạt 5 sao" in manifest["central_candidate_note"]["vi"]
    assert manifest["spread_limit"] == 10 and "không có trong QĐ 26/2026" in manifest["spread_source"]["vi"]
    assert "21/7/2026" in manifest["transition"]["vi"] and "Điều 12" in manifest["transition"]["vi"]
    assert manifest["product_code"]["format"] == "T-X-STT-YYYY"
    assert re.fullmatch(manifest["product_code"]["regex"], "19-05500-07-2026")
    assert "huyện" in manifest["product_code"]["text"]["vi"]  # says there is no district any more


def test_groups_follow_appendix_i_with_the_ministry_in_charge(manifest):
    groups = manifest["groups"]
    assert [g["sets"] for g in groups] == [[name] for name in APPENDIX_II]
    assert len({g["sector"]["vi"] for g in groups}) == 6
    assert all(g["ministry"]["vi"].startswith("Bộ ") and g["ministry"]["en"].startswith("Ministry") for g in groups)
    assert groups[17]["ministry"]["vi"] == "Bộ Y tế"
    assert groups[19]["ministry"]["vi"] == "Bộ Y tế; Bộ Công Thương"
    assert groups[0]["subgroup"]["vi"] == "Rau, củ, quả, hạt tươi" and "subgroup" not in groups[12]


def test_older_versions_say_they_are_not_in_force():
    for vid, period in (("qd1048-2019", {"from": "2019-08-21", "to": "2023-02-24"}),
                        ("qd148-2023", {"from": "2023-02-24", "to": "2026-07-21"})):
        data = json.loads((ROOT / "ocop_kit" / "rubrics" / vid / "manifest.json").read_text(encoding="utf-8"))
        assert data["in_force"] == period
        assert "không còn hiệu lực" in data["status_note"]["vi"] and "no longer in force" in data["status_note"]["en"]


def test_english_names_and_evidence_for_every_criterion(rows):
    for row in rows:
        for column in ("set_name_en", "section_en", "name_en", "evidence_en"):
            assert row[column] and not (VI_ONLY & set(row[column])), (row["set_name"], row["code"], column)
        assert row["evidence"], (row["set_name"], row["code"])
        if row["parent_criterion"]:
            assert row["parent_en"]


def test_vietnamese_is_nfc(rows, manifest):
    text = ((SHIPPED / "criteria.csv").read_text(encoding="utf-8")
            + (SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    assert unicodedata.normalize("NFC", text) == text


def test_rebuild_from_data_source_is_byte_identical(tool, tmp_path):
    assert tool.main(["--out", str(tmp_path)]) == 0
    for name in ("criteria.csv", "manifest.json"):
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), name


def test_every_fix_is_listed_and_needed(tool, manifest, monkeypatch):
    """Each fix in the manifest is one the tool applied; without it the build stops or gives other data."""
    listed = [(f.get("set"), f["where"], f["was"], f["now"]) for f in manifest["fixes"]]
    assert len(listed) == len(tool.FIXES) + len(tool.TEXT_FIXES) == len(set(listed))
    assert {f["set"] for f in tool.FIXES} >= {4, 7, 11, 13, 23, 26}  # the slips the source notes name
    blocks = tool.read_blocks(SOURCE / "qd26-2026" / "qd26-2026-tvpl.html")
    monkeypatch.setattr(tool, "read_blocks", lambda path: copy.deepcopy(blocks))
    shipped = (SHIPPED / "criteria.csv").read_text(encoding="utf-8")
    for i, fix in enumerate(tool.FIXES):
        others = tool.FIXES[:i] + tool.FIXES[i + 1:]
        try:
            sheet, _, _ = tool.build(SOURCE / "qd26-2026" / "qd26-2026-tvpl.html", others)
        except tool.BuildError:
            continue
        assert sheet != shipped, fix["where"]


def test_1048_sheet_rebuilds_from_data_source_byte_for_byte(tmp_path):
    build = _tool("build_qd1048")
    target = tmp_path / "criteria.csv"
    build.main(SOURCE / "ocop-1048-criteria.csv", target)
    assert target.read_bytes() == (ROOT / "ocop_kit" / "rubrics" / "qd1048-2019" / "criteria.csv").read_bytes()


def test_nothing_outside_the_repository_is_read_by_tools_or_tests():
    outside = ("/".join(("..", "shared")), "/".join(("", "work", "shared")), " / ".join(('"shared"', '"domain"')))
    for folder in ("tools", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not any(needle in text for needle in outside), path


def test_loaded_by_the_kit(rows):
    version = load_version("qd26-2026")
    assert [s.name for s in version.sets.values()] == APPENDIX_II
    fresh = version.find_set("Rau, củ, quả, hạt tươi")
    assert {p: fresh.part_sum(p) for p in "ABC"} == {"A": 40, "B": 25, "C": 35}
    assert fresh.by_code()["A.1.5"].minimums == ((4, 2), (5, 3))
    assert fresh.by_code()["C.6.1"].rule("halt_if").arg == "foreign_matter"
    assert {r.arg for r in fresh.set_rules} == {"dossier_forged", "required_certificate_missing",
                                                "registration_incomplete"}
    assert fresh.sector["vi"] == "Thực phẩm" and fresh.group["vi"] == "Thực phẩm tươi sống"
    assert version.find_set(APPENDIX_II[-1]).set_rules == ()
    assert version.current and version.certified_from_stars == 3

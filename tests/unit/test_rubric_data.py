"""The shipped criteria: every data file validates, sums are right, gaps stay visible."""
import csv
import itertools
import json
from pathlib import Path

import jsonschema

from ocop_kit.rubric import load_version, load_with_sheet, version_ids
from ocop_kit.rubric.registry import rubrics_dir

SCHEMAS = Path(__file__).resolve().parents[2] / "ocop_kit" / "schemas"
SOURCE_CSV = Path(__file__).resolve().parents[2] / "data" / "source" / "ocop-1048-criteria.csv"


def test_every_manifest_validates_against_the_schema():
    schema = json.loads((SCHEMAS / "manifest.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    ids = version_ids()
    assert {"qd1048-2019", "qd148-2023"} <= set(ids)
    for vid in ids:
        manifest = json.loads((rubrics_dir() / vid / "manifest.json").read_text(encoding="utf-8"))
        jsonschema.validate(manifest, schema)
        assert manifest["id"] == vid


def test_bands_cover_zero_to_max_without_gaps():
    for vid in version_ids():
        v = load_version(vid)
        bands = sorted(v.bands, key=lambda b: b.low)
        assert bands[0].low == 0
        for a, b in itertools.pairwise(bands):
            assert a.high == b.low and b.stars == a.stars + 1
        assert bands[-1].high == v.total_max == 100
        assert [b.stars for b in bands if b.certified] == [3, 4, 5]


def test_1048_has_25_sets_with_official_part_maxima_and_three_known_gaps():
    v = load_version("qd1048-2019")
    assert len(v.sets) == 25
    assert {p: part.max for p, part in v.parts.items()} == {"A": 35, "B": 25, "C": 40}
    incomplete = {s.name for s in v.sets.values() if not s.complete}
    assert incomplete == {
        "Thực phẩm chức năng, thuốc từ dược liệu, thuốc Y học cổ truyền",
        "Tương, nước mắm, gia vị dạng lỏng khác",
        "Đồ uống có cồn khác",
    }
    for s in v.sets.values():
        assert s.part_sum("A") == 35 and s.part_sum("B") == 25
        assert s.part_sum("C") == (38 if s.name in incomplete else 40)
        assert s.group and s.sector, s.name  # every set is classified sector -> group -> set
    assert [u["set"] for u in v.unavailable] == ["Gạo, ngũ cốc"]


def test_codes_unique_levels_distinct_and_named_in_both_languages():
    v = load_version("qd1048-2019")
    for s in v.sets.values():
        codes = [c.code for c in s.criteria]
        assert len(codes) == len(set(codes)), s.name
        assert s.name_en
        for c in s.criteria:
            assert c.code[0] == c.part and c.name and c.name_en and c.section_en
            texts = [lv.text for lv in c.levels]
            assert len(texts) == len(set(texts)), c.code
            assert c.evidence and c.evidence_en, (s.name, c.code)


def test_official_numbering_and_rules_of_the_processed_food_set():
    s = load_version("qd1048-2019").find_set("Chế biến từ rau, củ, quả, hạt")
    by = s.by_code()
    codes = ["A.1.1", "A.3.2", "B.5.3", "C.7", "C.8.1", "C.10"]
    assert [c for c in codes if c in by] == codes
    assert by["A.1.1"].rule("exclude_if").arg == "raw_material_all_imported"
    assert by["B.5.2"].rule("requires").arg == "B.5.1" and by["B.5.3"].rule("requires").arg == "B.5.1"
    assert by["C.6.1"].rule("stop_if_zero") is not None
    assert by["C.9"].rule("gate").arg == "food_safety_certificate"
    assert by["A.3.2"].cases == (1, 2) and by["A.3.2"].max_points == 2


def test_transcription_slip_in_coffee_numbering_is_renumbered():
    s = load_version("qd1048-2019").find_set("ca-phe-ca-cao")
    names = {c.code: c.name for c in s.criteria if c.code.startswith("C.6.1.")}
    assert names == {"C.6.1.1": "Tạp chất lạ", "C.6.1.2": "Trạng thái/hình dạng", "C.6.1.3": "Màu sắc",
                     "C.6.1.4": "Mùi", "C.6.1.5": "Vị"}
    assert s.by_code()["C.6.1.1"].parent == "Ngoại hình"


def test_148_has_parts_40_25_35_and_no_tables():
    v = load_version("qd148-2023")
    assert {p: part.max for p, part in v.parts.items()} == {"A": 40, "B": 25, "C": 35}
    assert v.sets == {}
    assert len(v.groups) == 6
    assert v.band(69.99).stars == 3 and v.band(70).stars == 4


def test_shipped_sheet_has_the_documented_columns():
    with (rubrics_dir() / "qd1048-2019" / "criteria.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    for column in ("set_name", "part", "section", "criterion", "level", "points", "code", "rule", "case", "name_en"):
        assert column in header


def test_raw_transcription_as_a_user_sheet_reports_its_known_problems():
    """The same checker, on the untouched transcription: the coffee numbering slip and the 38-point sets."""
    _, result = load_with_sheet("qd1048-2019", SOURCE_CSV)
    keys = [(p.key, p.column) for p in result.problems]
    assert ("sheet.duplicate_code", "criterion") in keys
    short = {p.params["set"] for p in result.problems if p.key == "sheet.part_sum"}
    # the three 38-point sets, and the coffee set whose repeated code leaves a criterion out
    assert short == {"Thực phẩm chức năng, thuốc từ dược liệu, thuốc Y học cổ truyền", "Đồ uống có cồn khác",
                     "Tương, nước mắm, gia vị dạng lỏng khác", "Cà phê, Ca cao"}
    dup = next(p for p in result.problems if p.key == "sheet.duplicate_code")
    assert dup.params["code"] == "C.6.1.3" and dup.row > 2
    assert "ocop-1048-criteria.csv, dòng" in dup.message("vi")

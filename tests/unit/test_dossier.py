"""The dossier forms (Mẫu 01, Mẫu 02 of QĐ 26/2026) as data: fields, sources, filling, what is missing."""
from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources

import pytest

from ocop_kit import answers as answers_io
from ocop_kit.dossier import DOTS, build, field_values, fields, missing_for
from ocop_kit.dossier.build import CriterionRow, Heading
from ocop_kit.errors import InputError
from ocop_kit.finance import compute, load_plan
from ocop_kit.finance.serialize import plan_from_dict
from ocop_kit.i18n import t
from ocop_kit.money import format_vnd
from ocop_kit.rubric.registry import load_version
from ocop_kit.scoring import score

from ..conftest import SAMPLES
from .helpers import criterion, version_for

VERSION, SET = "qd1048-2019", "Chế biến từ rau, củ, quả, hạt"
PLAN = SAMPLES / "plans" / "mien-dong-tai-hoan.json"

FULL_DOSSIER = {
    "representative_name": "Hoàng Thị Hằng", "representative_title": "Giám đốc",
    "representative_gender": "female", "representative_ethnicity": "Tày",
    "representative_residence": "thôn Nà Làng, xã Côn Minh, tỉnh Thái Nguyên",
    "address": "xã Côn Minh, tỉnh Thái Nguyên", "phone": "0912 345 678", "email": "htx@example.vn",
    "organisation_type": "cooperative", "registration_kind": "upgrade", "samples": "05 gói 500 g",
    "founded_on": "2015-03-02", "registration_number": "4700123456",
    "product_description": "Túi 500 g, TCCS 01:2020/TH", "history": "Thành lập năm 2015 từ tổ hợp tác làm miến.",
    "structure": "Giám đốc, kế toán, 2 tổ sản xuất", "production_org": "Vùng dong riềng 30 ha liên kết với 120 hộ.",
    "markets": "Hà Nội, Thái Nguyên", "plan_goals": "Tăng sản lượng 20 %/năm",
    "business_registration": True, "quality_declared": True, "ip_trademark": True,
    "product_code": "19-05500-07-2026", "place": "Côn Minh",
}


def criteria():
    return load_version(VERSION).find_set(SET).criteria


def doc_for(dossier=None, *, answers=None, evidence=None, facts=None, **info):
    """An answers document for the 2019 set: every criterion at its top level unless told."""
    if answers is None:
        answers = {c.code: c.max_points for c in criteria()}
    data = {"rubric": VERSION, "set": SET, "product": "Miến dong Tài Hoan", "producer": "HTX Tài Hoan",
            "commune": "Côn Minh", "province": "Thái Nguyên", "date": "2026-06-15",
            "answers": answers, "evidence": evidence or {}, "facts": facts or {}}
    data.update(info)
    if dossier is not None:
        data["dossier"] = dossier
    return answers_io.parse(data, "test.json")


def dossier_for(doc, plan=None, lang="vi"):
    version, cset = answers_io.resolve(doc)
    return build(doc, version, cset, score(version, cset, doc.answers, doc.facts), plan, lang)


# --- the definition ---------------------------------------------------------------------------

def test_definition_follows_its_schema_and_every_field_stands_on_a_form():
    assert fields.problems() == []


def test_definition_problems_are_found():
    doc = json.loads(json.dumps(fields.definition()))
    doc["forms"][0]["parts"][1]["lines"].append({"field": "no_such_field"})
    doc["fields"].append(dict(doc["fields"][0], id="orphan", **{"from": ["dossier.other"]}))
    found = "\n".join(fields.problems(doc))
    assert "unknown field no_such_field" in found and "orphan stands on no form" in found
    assert "reads dossier.other" in found
    doc["fields"][0]["kind"] = "photo"
    assert any("kind" in p or "photo" in p for p in fields.problems(doc))


def test_answers_schema_lists_exactly_the_dossier_keys_with_their_bounds():
    schema = json.loads((resources.files("ocop_kit") / "schemas" / "answers.schema.json").read_text(encoding="utf-8"))
    props = schema["properties"]["dossier"]["properties"]
    assert list(props) == list(fields.answer_keys())
    for f in fields.fields().values():
        if f.answer_key:
            expected = "boolean" if f.kind == "checkbox" else "string"
            assert props[f.id]["type"] == expected, f.id
            assert props[f.id].get("maxLength") == (None if f.kind == "checkbox" else f.max_length), f.id
    topics = props["attachments"]["propertyNames"]["enum"]
    assert topics == [x["id"] for x in fields.evidence_topics()] and len(topics) == 15


def test_no_district_anywhere_in_the_forms():
    text = json.dumps(fields.definition(), ensure_ascii=False).lower()
    assert not re.search(r"\bdistrict\b|\bhuyện\b|cấp huyện", text)
    doc = doc_for(FULL_DOSSIER, district="Na Rì")
    everything = json.dumps([line.__dict__ for form in dossier_for(doc).forms for line in form.lines()],
                            ensure_ascii=False)
    assert "Na Rì" not in everything


# --- the answers file's "dossier" object ------------------------------------------------------

def test_dossier_values_are_bounded_composed_and_unknown_keys_dropped():
    decomposed = unicodedata.normalize("NFD", "Nông Văn Dũng")
    doc = doc_for({"representative_name": decomposed, "history": "x" * 10_000, "no_such_key": "y",
                   "representative_gender": "khác", "attachments": {"raw_material": "Hợp đồng", "nope": "z"}})
    assert doc.dossier["representative_name"] == "Nông Văn Dũng"
    assert len(doc.dossier["history"]) == fields.fields()["history"].max_length
    assert "no_such_key" not in doc.dossier
    assert doc.dossier["representative_gender"] == "khác"  # kept as typed, reported by missing_for
    assert doc.dossier["attachments"] == {"raw_material": "Hợp đồng"}
    assert answers_io.parse(doc.to_dict()).dossier == doc.dossier


@pytest.mark.parametrize("dossier, path", [
    ([], "dossier"), ({"business_registration": "yes"}, "dossier/business_registration"),
    ({"phone": ["0912"]}, "dossier/phone"), ({"attachments": ["a"]}, "dossier/attachments"),
    ({"attachments": {"raw_material": 3}}, "dossier/attachments/raw_material"),
])
def test_wrong_types_are_input_errors_naming_the_key(dossier, path):
    with pytest.raises(InputError) as err:
        doc_for(dossier)
    assert path in err.value.message("en") and err.value.message("en").startswith("test.json")


# --- filling the forms ------------------------------------------------------------------------

def test_fields_are_filled_from_what_the_producer_entered():
    d = dossier_for(doc_for(FULL_DOSSIER))
    m01, m02 = d.form("mau01"), d.form("mau02")
    assert m01.line("representative_name").value == "Hoàng Thị Hằng"
    assert m01.line("province").value == "Thái Nguyên" and m01.line("year").value == "2026"
    assert [ticked for _, ticked in m01.line("registration_kind").options] == [False, True, False]
    assert m02.line("representative_gender").value == "Nữ"
    assert m02.line("organisation_type").value == "Hợp tác xã"
    assert m02.line("business_registration").checked is True and m02.line("ip_patent").checked is False
    assert m02.line("ip_registered").checked is True  # implied by the trademark certificate
    assert m02.line("product_code").value == "19-05500-07-2026"
    assert m01.signature.place_date == "Côn Minh, ngày 15 tháng 06 năm 2026"
    assert m02.signature.name == "Hoàng Thị Hằng"
    en = dossier_for(doc_for(FULL_DOSSIER), lang="en").form("mau02")
    assert en.line("representative_gender").value == "Female" and en.signature.place_date == "Côn Minh, 15/06/2026"


def test_empty_fields_are_the_forms_dotted_line():
    d = dossier_for(doc_for())
    line = d.form("mau01").line("representative_name")
    assert line.value == "" and line.empty and line.shown == DOTS and set(DOTS) == {"…"}
    assert d.form("mau02").line("history").shown == DOTS
    assert not any(ticked for _, ticked in d.form("mau01").line("registration_kind").options)
    no_date = dossier_for(doc_for(date="", commune=""))
    assert no_date.form("mau01").signature.place_date == "……, ngày …… tháng …… năm ……"
    filled = [line for line in d.form("mau01").lines() if line.is_field and not line.empty]
    assert {line.id for line in filled} == {"province", "year", "producer", "product", "product_group"}


def test_a_choice_outside_its_list_and_control_characters_never_crash():
    doc = doc_for({"representative_gender": "khác", "history": "dòng 1\x0b\x00dòng 2"})
    d = dossier_for(doc)
    assert d.form("mau02").line("representative_gender").value == "khác"
    assert d.form("mau02").line("history").value == "dòng 1dòng 2"


def test_part3_lists_every_criterion_in_the_sets_order_with_level_points_and_evidence():
    cs = criteria()
    answers = {c.code: c.points[0] for c in cs}
    del answers[cs[3].code]
    doc = doc_for(answers=answers, evidence={cs[0].code: "Hợp đồng <liên kết> với 120 hộ"})
    block = next(p for p in dossier_for(doc).form("mau02").parts if p.criteria).criteria
    rows = [r for r in block.rows if isinstance(r, CriterionRow)]
    assert [r.code for r in rows] == [c.code for c in cs]
    assert rows[0].level == cs[0].level_for(cs[0].points[0]).text and rows[0].points == "1"
    assert rows[0].evidence == "Hợp đồng <liên kết> với 120 hộ"
    assert rows[3].answered is False and rows[3].level == "" and rows[3].points == ""
    assert rows[3].max == str(int(cs[3].max_points))
    parts = [r.text for r in block.rows if isinstance(r, Heading) and r.level == 1]
    assert len(parts) == 3 and parts[0].startswith("Phần A")
    assert block.total.endswith("/100") and block.star.endswith("sao")


def test_part3_works_for_any_criteria_set_through_the_generic_api():
    version, cset = version_for([criterion("A.1", (0, 2, 4)), criterion("B.1", (1, 3)), criterion("C.1", (0, 5))])
    doc = answers_io.AnswersFile(rubric=version.id, set=cset.name, answers={"A.1": 4, "C.1": 0},
                                 evidence={"A.1": "ảnh"})
    d = build(doc, version, cset, score(version, cset, doc.answers, doc.facts))
    rows = [r for r in d.form("mau02").parts[2].criteria.rows if isinstance(r, CriterionRow)]
    assert [(r.code, r.level, r.points) for r in rows] == [
        ("A.1", "mức 4", "4"), ("B.1", "", ""), ("C.1", "mức 0", "0")]
    kinds = {(m.kind, m.id) for m in missing_for(doc, version, cset)}
    assert ("unanswered", "B.1") in kinds and ("evidence", "A.1") not in kinds
    assert ("evidence", "C.1") not in kinds  # a level worth 0 points needs no proof
    assert ("fact", "cert") not in kinds  # no rule of this set reads it


def test_part2_and_part4_take_the_business_plans_figures_and_texts():
    plan = load_plan(PLAN)
    years = compute(plan.finance).years
    d = dossier_for(doc_for(), plan)
    part2, part4 = d.form("mau02").parts[1], d.form("mau02").parts[3]
    assert part2.figures.columns[0].startswith("Năm 1 (")
    values = dict(part2.figures.rows)
    assert values["Doanh thu"] == [format_vnd(years[0].revenue)]
    assert values["Lợi nhuận sau thuế"] == [format_vnd(years[0].net_profit)]
    assert dict(part4.figures.rows)["Doanh thu"] == [format_vnd(years[1].revenue), format_vnd(years[2].revenue)]
    markets = d.form("mau02").line("markets")
    assert markets.value == plan.business_plan["sales_channels"]
    assert markets.source == "plan.business_plan.sales_channels"
    joined = d.form("mau02").line("plan_market").value
    assert joined == plan.business_plan["marketing_plan"] + "\n" + plan.business_plan["trade_promotion_plan"]
    assert d.form("mau02").line("organisation_type").value == "Hợp tác xã"  # from the plan's producer type
    assert dossier_for(doc_for()).form("mau02").parts[1].figures is None


def test_the_producers_own_words_win_over_the_plan():
    plan = load_plan(PLAN)
    d = dossier_for(doc_for({"markets": "Chỉ bán tại chợ xã"}), plan)
    line = d.form("mau02").line("markets")
    assert line.value == "Chỉ bán tại chợ xã" and line.source == "dossier.markets"


def test_a_plan_that_cannot_be_computed_gives_a_note_not_a_crash():
    raw = json.loads(PLAN.read_text(encoding="utf-8"))
    raw["finance"]["products"][0]["unit_price"] = "abc"
    plan = plan_from_dict(raw)
    plan.business_plan["goals"] = {"odd": "shape"}
    d = dossier_for(doc_for(), plan)
    assert d.form("mau02").parts[1].figures.note == t("dossier.plan_not_computed", "vi")
    assert d.form("mau02").line("plan_goals").empty
    doc = doc_for()
    version, cset = answers_io.resolve(doc)
    assert ("plan", "plan") in {(m.kind, m.id) for m in missing_for(doc, version, cset, plan)}


def test_facts_tick_the_certificate_boxes_unless_the_dossier_says_otherwise():
    cset = load_version(VERSION).find_set(SET)
    values = field_values(doc_for(facts={"food_safety_certificate": True}), cset)
    assert values["food_safety_certificate"].checked is True
    assert values["food_safety_certificate"].source == "facts.food_safety_certificate"
    values = field_values(doc_for({"food_safety_certificate": False}, facts={"food_safety_certificate": True}), cset)
    assert values["food_safety_certificate"].checked is False


def test_illustrative_answers_carry_a_warning():
    assert dossier_for(doc_for(illustrative=True)).illustrative == t("dossier.illustrative", "vi")
    assert dossier_for(doc_for()).illustrative == ""


# --- what is still missing ----------------------------------------------------------------------

def complete_doc(**changes):
    cs = criteria()
    dossier = dict(FULL_DOSSIER, **changes.pop("dossier", {}))
    facts = {"raw_material_all_imported": False, "ip_violation": False, "food_safety_certificate": True,
             "production_certificate": True, "declaration_dossier": True, "cosmetic_notification": True}
    version = load_version(VERSION)
    facts = {k: v for k, v in facts.items() if k in version.facts}
    return doc_for(dossier, evidence={c.code: "Có hồ sơ" for c in cs}, facts=facts, **changes)


def missing(doc, plan=None, lang="vi"):
    version, cset = answers_io.resolve(doc)
    return missing_for(doc, version, cset, plan, lang)


def test_a_complete_dossier_lacks_nothing():
    assert missing(complete_doc()) == []


def test_missing_lists_fields_criteria_evidence_facts_and_formats():
    cs = criteria()
    doc = complete_doc(dossier={"representative_ethnicity": None, "phone": "12", "product_code": "BK-NR-7"})
    del doc.answers[cs[1].code]
    del doc.evidence[cs[2].code]
    doc.facts.pop("raw_material_all_imported")
    found = {(m.kind, m.id): m.message for m in missing(doc)}
    assert found[("field", "representative_ethnicity")] == "Dân tộc của người đại diện: chưa điền"
    assert ("format", "phone") in found and ("format", "product_code") in found
    assert "T: mã tỉnh" in found[("format", "product_code")]
    assert found[("unanswered", cs[1].code)].startswith(cs[1].code)
    assert ("evidence", cs[2].code) in found and ("evidence", cs[1].code) not in found
    assert ("fact", "raw_material_all_imported") in found
    en = {(m.kind, m.id): m.message for m in missing(doc, lang="en")}
    assert en[("field", "representative_ethnicity")] == "Legal representative's ethnic group: not filled in"


def test_missing_reports_a_choice_outside_the_list_and_a_plan_for_another_product():
    doc = complete_doc(dossier={"representative_gender": "khác"})
    found = {(m.kind, m.id): m.message for m in missing(doc)}
    assert "“khác”" in found[("format", "representative_gender")] and "Nữ" in found[("format", "representative_gender")]
    plan = load_plan(PLAN)
    plan.business_plan["product_name"] = "Tinh dầu sả chanh"
    assert ("plan", "plan") in {(m.kind, m.id) for m in missing(complete_doc(), plan)}
    assert missing(complete_doc(), load_plan(PLAN)) == []


# --- under the criteria in force (QĐ 26/2026) ------------------------------------------------------

def qd26_doc(**changes):
    cset = load_version("qd26-2026").find_set("Chế biến từ rau, củ, quả, hạt")
    answers = {c.code: c.max_points for c in cset.criteria}
    held = next(c for c in cset.criteria if c.minimum(3) is not None and c.minimum(3) > c.points[0])
    answers[held.code] = held.points[0]
    data = {"rubric": "qd26-2026", "set": cset.name, "product": "Miến dong", "date": "2026-06-20",
            "answers": answers, **changes}
    return answers_io.parse(data), held


def test_qd26_dossier_lists_every_criterion_and_the_minimums_of_the_star_applied_for():
    doc, held = qd26_doc()
    version, cset = answers_io.resolve(doc)
    result = score(version, cset, doc.answers, doc.facts)
    d = build(doc, version, cset, result)
    rows = [r for r in d.form("mau02").parts[2].criteria.rows if isinstance(r, CriterionRow)]
    assert [r.code for r in rows] == [c.code for c in cset.criteria]
    assert d.form("mau02").parts[2].criteria.star == f"{'★' * result.stars} {result.stars} sao"
    found = {(m.kind, m.id): m.message for m in missing_for(doc, version, cset, target=3, result=result)}
    assert found[("minimum", held.code)].endswith("để đạt 3 sao")
    assert ("minimum", held.code) not in {(m.kind, m.id) for m in missing_for(doc, version, cset)}
    from ocop_kit.rubric.rules import facts_needed

    needed = facts_needed(cset)
    assert needed and all(("fact", f) in found for f in needed)  # set-level rejection facts too
    assert d.form("mau01").line("product_group").value.endswith(cset.name)

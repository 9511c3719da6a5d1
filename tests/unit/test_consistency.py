from dataclasses import replace

import pytest

from ocop_kit.finance import BusinessPlan, FixedCost, load_plan
from ocop_kit.finance.consistency import consistency_hints, export_criterion, plan_has_accountant
from ocop_kit.i18n import t
from ocop_kit.rubric import load_version
from tests.conftest import SAMPLES

HERBAL = load_version("qd1048-2019").sets["thao-duoc-khac"]
VEG26 = load_version("qd26-2026").sets["rau-cu-qua-hat-tuoi"]


def keys(hints):
    return [h.key for h in hints]


def plan_with(**fields):
    plan = BusinessPlan()
    plan.business_plan.update(fields)
    return plan


def test_sells_outside_district_but_b41_within_district():
    hints = consistency_hints(plan_with(market_area="national"), {"B.4.1": 1}, HERBAL)
    assert keys(hints) == ["plan_app.hint.sells_outside_commune"]
    h = hints[0]
    assert h.field == "market_area" and h.code == "B.4.1"
    vi, en = h.message("vi"), h.message("en")
    assert "B.4.1" in vi and "Khu vực phân phối chính" in vi and "Thị trường trong huyện" in vi
    assert "Main distribution area" in en


def test_b41_consistent_or_unanswered_gives_no_hint():
    assert consistency_hints(plan_with(market_area="national"), {"B.4.1": 2}, HERBAL) == []
    assert consistency_hints(plan_with(market_area="national"), {"A.1.2": 1}, HERBAL) == []
    assert consistency_hints(plan_with(), {"B.4.1": 1}, HERBAL) == []


def test_only_in_district_but_b41_claims_outside_and_international():
    # an old plan's "district" still opens and reads as "commune"
    hints = consistency_hints(plan_with(market_area="district"), {"B.4.1": 5}, HERBAL)
    assert keys(hints) == ["plan_app.hint.sells_only_in_commune",
                           "plan_app.hint.no_export_but_international"]


def test_export_criterion_found_by_name_in_each_set():
    herbal = export_criterion(HERBAL)
    processed = export_criterion(load_version("qd1048-2019").sets["che-bien-tu-rau-cu-qua-hat"])
    assert (herbal.code, processed.code) == ("C.13", "C.10")
    hints = consistency_hints(plan_with(market_area="export"), {"C.13": 1, "B.4.1": 5}, HERBAL)
    assert keys(hints) == ["plan_app.hint.exports_but_lowest"]
    assert consistency_hints(plan_with(market_area="export"), {"C.13": 3}, HERBAL) == []


def test_no_accountant_but_a35_claims_one():
    plan = BusinessPlan()
    plan.finance.fixed_costs.append(FixedCost("Lương nhân viên bán hàng", 60_000_000, "salaries"))
    assert plan_has_accountant(plan) is False
    hints = consistency_hints(plan, {"A.3.5": 2}, HERBAL)
    assert keys(hints) == ["plan_app.hint.no_accountant"]
    assert hints[0].field == "accountant"
    # an accountant in the salary lines or the staffing text removes the hint
    plan.finance.fixed_costs[0] = replace(plan.finance.fixed_costs[0], name="Lương KẾ TOÁN")
    assert plan_has_accountant(plan) is True
    assert consistency_hints(plan, {"A.3.5": 2}, HERBAL) == []
    # the explicit choice wins over the texts
    plan.business_plan["accountant"] = "occasional"
    assert keys(consistency_hints(plan, {"A.3.5": 1}, HERBAL)) == ["plan_app.hint.no_accountant"]


def test_accountant_unknown_when_plan_says_nothing():
    assert plan_has_accountant(BusinessPlan()) is None
    assert consistency_hints(BusinessPlan(), {"A.3.5": 2}, HERBAL) == []


def test_raw_material_outside_province_vs_a11():
    plan = plan_with(raw_material_origin="in_province_under_50")
    hints = consistency_hints(plan, {"A.1.1": 3}, HERBAL)
    assert keys(hints) == ["plan_app.hint.raw_material_outside"]
    plan = plan_with(raw_material_origin="in_province_75")
    assert [h.severity for h in consistency_hints(plan, {"A.1.1": 1}, HERBAL)] == ["info"]
    assert consistency_hints(plan, {"A.1.1": 3}, HERBAL) == []


def test_codes_missing_from_the_set_are_skipped():
    class TinySet:
        criteria = ()

        def by_code(self):
            return {}

    plan = plan_with(market_area="export", accountant="none", raw_material_origin="in_province_50")
    assert consistency_hints(plan, {"B.4.1": 1, "A.3.5": 2, "A.1.1": 3}, TinySet()) == []
    assert consistency_hints(plan, {}, HERBAL) == []
    assert consistency_hints(plan, {"B.4.1": 1}, None) == []


def test_sample_plan_against_its_self_assessment():
    plan = load_plan(SAMPLES / "plans" / "huong-ngan-tinh-dau-sa.json")
    plan.business_plan["market_area"] = "national"
    answers = {"B.4.1": 1, "A.3.5": 2, "A.1.1": 3}
    hints = consistency_hints(plan, answers, HERBAL)
    # the sample has an accountant (salary line, organisation chart): only the market hint
    assert keys(hints) == ["plan_app.hint.sells_outside_commune"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_hint_key_has_a_message(lang):
    plan = plan_with(market_area="commune", raw_material_origin="in_province_under_50",
                     accountant="none")
    hints = consistency_hints(plan, {"B.4.1": 5, "A.3.5": 2, "A.1.1": 3}, HERBAL)
    assert len(hints) == 4
    for h in hints:
        assert "{" not in h.message(lang)
        assert t(h.key, lang)


def test_every_check_in_the_data_file_is_usable():
    from ocop_kit.finance.consistency import EXTRA_FIELDS_VALUES, load_checks
    from ocop_kit.i18n import catalog

    for check in load_checks():
        assert check["key"] in catalog("vi") and check["key"] in catalog("en")
        assert set(check["when"]) <= set(EXTRA_FIELDS_VALUES[check["field"]])
        assert ("code" in check["criterion"]) != ("name_endswith" in check["criterion"])


# --- QĐ 26/2026: communes, four B.4.1 levels, A.1.1 counted in the commune, no accountant ----

def test_every_check_names_the_versions_it_applies_to():
    from ocop_kit.finance.consistency import load_checks
    from ocop_kit.rubric.registry import version_ids

    for check in load_checks():
        assert check["rubrics"] and set(check["rubrics"]) <= set(version_ids())
    versions = {v for c in load_checks() for v in c["rubrics"]}
    assert {"qd1048-2019", "qd26-2026"} <= versions
    # QĐ 26 has no accountant criterion: no accountant check is written for it
    assert not [c for c in load_checks() if c["field"] == "accountant" and "qd26-2026" in c["rubrics"]]


def test_qd26_sells_outside_the_commune_but_b41_within():
    hints = consistency_hints(plan_with(market_area="province"), {"B.4.1": 1}, VEG26)
    assert keys(hints) == ["plan_app.hint.sells_outside_commune"]
    assert "xã" in hints[0].message("vi") and "huyện" not in hints[0].message("vi")
    assert consistency_hints(plan_with(market_area="province"), {"B.4.1": 2}, VEG26) == []


def test_qd26_only_in_the_commune_but_b41_outside():
    assert keys(consistency_hints(plan_with(market_area="commune"), {"B.4.1": 3}, VEG26)) == [
        "plan_app.hint.sells_only_in_commune"]
    assert keys(consistency_hints(plan_with(market_area="district"), {"B.4.1": 2}, VEG26)) == [
        "plan_app.hint.sells_only_in_commune"]
    assert consistency_hints(plan_with(market_area="commune"), {"B.4.1": 1}, VEG26) == []


def test_qd26_export_below_the_international_level_is_an_info():
    hints = consistency_hints(plan_with(market_area="export"), {"B.4.1": 3}, VEG26)
    assert keys(hints) == ["plan_app.hint.exports_not_international"]
    assert hints[0].severity == "info"
    assert consistency_hints(plan_with(market_area="export"), {"B.4.1": 5}, VEG26) == []


def test_qd26_raw_material_and_no_accountant_check():
    plan = plan_with(raw_material_origin="in_province_under_50", accountant="none")
    hints = consistency_hints(plan, {"A.1.1": 3, "A.3.5": 2}, VEG26)
    assert keys(hints) == ["plan_app.hint.raw_material_outside_commune"]
    assert consistency_hints(plan, {"A.1.1": 1}, VEG26) == []
    # the 2019 accountant check does not fire on a 2026 set
    assert consistency_hints(plan_with(accountant="none"), {"A.3.5": 2}, VEG26) == []


def test_stored_district_opens_as_commune():
    from ocop_kit.finance import plan_from_dict

    plan = plan_from_dict({"business_plan": {"market_area": "district"}})
    assert plan.business_plan["market_area"] == "commune"
    assert t("plan_app.market_area.commune", "vi") == "Chủ yếu bán trong xã"

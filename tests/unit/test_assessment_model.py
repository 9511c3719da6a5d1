"""The pure self-assessment model: totals, drafts, answers files (the CLI's format)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ocop_kit import cli
from ocop_kit.apps.assessment import EVIDENCE_MAX, Assessment
from ocop_kit.errors import InputError

from ..conftest import SAMPLES

SAMPLE = SAMPLES / "answers" / "huong-ngan-tinh-dau-sa.json"


def sample() -> Assessment:
    return Assessment.from_answers_file(SAMPLE)


def test_sample_scores_like_the_published_star():
    model = sample()
    result = model.result()
    assert result.total == 62 and result.stars == 3
    assert model.info["product"] == "Tinh dầu sả chanh"
    assert model.evidence["A.1.1"].startswith("Sả chanh")


def test_result_is_cached_until_something_changes():
    model = sample()
    first = model.result()
    assert model.result() is first
    model.set_evidence("A.1.1", "hoá đơn")  # evidence does not change the score
    assert model.result() is first
    model.set_answer("C.13", 5)
    second = model.result()
    assert second is not first and second.total == first.total + 4


def test_listeners_hear_each_change_once():
    model = sample()
    heard = []
    model.on_change(lambda kind, key: heard.append((kind, key)))
    model.set_answer("A.1.3", 4)
    model.set_answer("A.1.3", 4)  # same value: no event
    model.set_fact("declaration_dossier", False)
    model.set_info("product", "Tinh dầu  sả ")
    assert heard == [("answer", "A.1.3"), ("fact", "declaration_dossier"), ("info", "product")]
    assert model.info["product"] == "Tinh dầu sả"


def test_gate_fact_stops_part_c():
    model = sample()
    model.set_fact("declaration_dossier", False)
    result = model.result()
    assert result.parts["C"] == model.answers["C.6"]  # only C.6 itself counts
    assert any(m.key == "rule.gate" for m in result.rules)


def test_bad_points_are_refused_and_name_the_criterion():
    model = sample()
    with pytest.raises(InputError) as err:
        model.set_answer("B.4.1", 4)
    assert "B.4.1" in err.value.message("vi")
    assert model.answers["B.4.1"] == 1


def test_alternative_case_is_kept():
    model = sample()
    model.set_answer("A.3.2", 1, case=2)
    criterion = model.criterion("A.3.2")
    assert criterion.levels[model.level_index("A.3.2")].case == 2
    again = Assessment.from_payload(model.to_payload())
    assert again.level_index("A.3.2") == model.level_index("A.3.2")


def test_payload_round_trip_keeps_everything():
    model = sample()
    model.user_name = "Nguyễn Thị Lan"
    model.set_evidence("C.9", "Phiếu kiểm nghiệm <b>số 12</b>")
    model.set_fact("production_certificate", False)
    model.set_target(4)
    payload = json.loads(json.dumps(model.to_payload()))  # as stored
    again = Assessment.from_payload(payload, user_code="HV01", draft_id="d1")
    assert again.to_payload() == model.to_payload()
    assert again.result().total == model.result().total
    assert again.user_code == "HV01" and again.draft_id == "d1"


def test_evidence_is_cut_with_a_flag():
    model = sample()
    assert model.set_evidence("A.1.2", "x" * (EVIDENCE_MAX + 10)) is True
    assert len(model.evidence["A.1.2"]) == EVIDENCE_MAX


def test_what_if_leaves_the_answers_alone():
    model = sample()
    model.set_target(4)
    plan = model.plan()
    assert plan.reachable and plan.steps
    before = dict(model.answers)
    model.apply_step(plan.steps[0].code)
    assert model.answers == before
    assert model.what_if_result().total == model.result().total + plan.steps[0].gain
    model.undo_step()
    assert model.what_if_result() is None


def test_answers_file_is_scored_the_same_by_the_cli(tmp_path, capsys):
    model = sample()
    model.set_answer("C.13", 5)
    model.set_fact("declaration_dossier", True)
    path = tmp_path / "mine.json"
    path.write_text(model.answers_json(), encoding="utf-8")
    assert cli.main(["score", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == model.result().total == 66
    assert out["stars"] == model.result().stars
    assert Assessment.from_answers_file(path).to_answers_file() == model.to_answers_file()


@pytest.mark.parametrize("change, code", [
    (lambda d: d["answers"].update({"A.9.9": 1}), "A.9.9"),
    (lambda d: d["answers"].update({"B.4.1": 4}), "B.4.1"),
])
def test_misfitting_file_names_the_criterion(change, code):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(InputError) as err:
        Assessment.from_answers_file(json.dumps(data).encode("utf-8"), where="mine.json")
    for lang in ("vi", "en"):
        assert code in err.value.message(lang)


def test_bad_json_is_an_input_error():
    with pytest.raises(InputError) as err:
        Assessment.from_answers_file(b'{"rubric": ', where="x.json")
    assert err.value.key == "input.bad_json"


def test_view_module_imports_neither_pandas_nor_matplotlib():
    code = ("import sys, ocop_kit.views.assessment, ocop_kit.apps.assessment; "
            "print('pandas' in sys.modules, 'matplotlib' in sys.modules, 'fpdf' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]


# --- the dossier (Mẫu 01/02 of QĐ 26/2026) ------------------------------------------------

SAMPLE_26 = SAMPLES / "answers" / "huong-ngan-tinh-dau-sa-2026.json"  # held back 4★ → 3★ by A.1.4


def sample_26() -> Assessment:
    return Assessment.from_answers_file(SAMPLE_26)


def test_dossier_fields_are_bounded_by_the_dossier_package():
    from ocop_kit.dossier.fields import fields

    model = sample_26()
    heard = []
    model.on_change(lambda kind, key: heard.append((kind, key)))
    first = model.result()
    name = "Hoa\u0300ng Thi\u0323 Ha\u0306\u0300ng"  # decomposed, as some keyboards type it
    assert model.set_dossier("representative_name", f"  {name} ") is False
    assert model.dossier["representative_name"] == "Hoàng Thị Hằng"  # composed, trimmed
    limit = fields()["phone"].max_length
    assert model.set_dossier("phone", "0" * (limit + 5)) is True
    assert model.dossier["phone"] == "0" * limit
    model.set_dossier("representative_gender", "female")
    model.set_dossier("business_registration", True)
    model.set_dossier("food_safety_certificate", False)  # an explicit "no" is kept
    model.set_dossier("phone", "")  # empty clears
    model.set_dossier("representative_gender", "female")  # same value: no event
    assert "phone" not in model.dossier and model.dossier["food_safety_certificate"] is False
    assert [k for kind, k in heard if kind == "dossier"] == [
        "representative_name", "phone", "representative_gender", "business_registration",
        "food_safety_certificate", "phone"]
    assert model.result() is first  # the dossier does not change the score
    with pytest.raises(KeyError):
        model.set_dossier("product", "x")  # asked on the Start tab: not a dossier key
    with pytest.raises(KeyError):
        model.set_dossier("no_such_field", "x")


def test_attachments_per_evidence_topic():
    model = sample_26()
    assert model.set_attachment("raw_material", "Hợp đồng liên kết 120 hộ") is False
    assert model.set_attachment("awards", "x" * 600) is True
    assert len(model.dossier["attachments"]["awards"]) == 500
    model.set_attachment("raw_material", " ")
    model.set_attachment("awards", "")
    assert "attachments" not in model.dossier
    with pytest.raises(KeyError):
        model.set_attachment("no_such_topic", "x")


def test_dossier_survives_the_draft_and_an_old_draft_still_opens():
    model = sample_26()
    model.set_dossier("representative_name", "Hoàng Thị Hằng")
    model.set_attachment("raw_material", "Hợp đồng")
    payload = json.loads(json.dumps(model.to_payload()))
    again = Assessment.from_payload(payload)
    assert again.dossier == model.dossier and again.illustrative is True
    assert again.dossier["organisation_type"] == "cooperative"  # from the sample's file
    old = {k: v for k, v in payload.items() if k not in ("dossier", "illustrative")}
    opened = Assessment.from_payload(old)
    assert opened.dossier == {} and opened.illustrative is False
    payload["dossier"] = {"phone": ["x"], "representative_name": "Lan", "attachments": "?", "email": 5}
    kept = Assessment.from_payload(payload)
    assert kept.dossier == {"representative_name": "Lan", "email": "5"}
    assert Assessment.from_payload(dict(payload, dossier="nonsense")).dossier == {}


def test_dossier_target_is_the_band_star_when_held_back():
    model = sample_26()
    result = model.result()
    assert (result.band_stars, result.stars) == (4, 3)
    assert model.dossier_target() == 4
    kinds = {m.kind for m in model.dossier_missing(target=4)}
    assert "minimum" in kinds
    model.set_answer("A.1.4", 2)
    assert model.dossier_target() == 4 and "minimum" not in {m.kind for m in model.dossier_missing(target=4)}
    model.set_fact("dossier_forged", True)  # a rejected dossier is not rated
    assert model.result().excluded and model.dossier_target() is None


def test_app_and_cli_agree_on_the_dossier(tmp_path, capsys):
    model = sample_26()
    model.set_dossier("representative_name", "Hoàng Thị Hằng")
    model.set_dossier("representative_gender", "female")
    model.set_attachment("raw_material", "Hợp đồng liên kết")
    model.set_evidence("A.1.1", "Vùng sả 12 ha")
    path = tmp_path / "mine.json"
    path.write_text(model.answers_json(), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["dossier"]["representative_name"] == "Hoàng Thị Hằng" and data["illustrative"] is True
    assert Assessment.from_answers_file(path).dossier == model.dossier
    assert cli.main(["dossier", str(path), "--html", str(tmp_path / "d.html"), "--target", "4", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["missing"] == [m.as_dict() for m in model.dossier_missing(target=4)]
    assert "Hoàng Thị Hằng" in (tmp_path / "d.html").read_text(encoding="utf-8")
    assert not any(m["id"] in ("representative_name", "A.1.1") for m in out["missing"])


def test_a_stored_true_or_false_is_not_read_as_one_or_zero_points():
    model = sample()
    payload = json.loads(json.dumps(model.to_payload()))
    code = next(c for c, crit in model.cset.by_code().items() if 1 in crit.points and 0 in crit.points)
    payload["answers"][code] = True
    assert code not in Assessment.from_payload(payload).answers
    payload["answers"][code] = 1
    assert Assessment.from_payload(payload).answers[code] == 1

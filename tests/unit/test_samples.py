"""The sample answers: each fits its version's dates and shows what its note says it shows."""
import json
from pathlib import Path

import pytest

from ocop_kit import answers as answers_io
from ocop_kit.rubric.registry import default_version_id
from ocop_kit.scoring import score

ANSWERS = Path(__file__).resolve().parents[2] / "data" / "samples" / "answers"
COUNCIL = ANSWERS.parent / "council"
ALL = sorted(ANSWERS.glob("*.json")) + sorted(COUNCIL.glob("*/*.json"))

# What each sample under the criteria in force is meant to show (see its "note").
QD26 = {
    "mien-dong-tai-hoan-2026": {"stars": 5, "band_stars": 5, "held_back_by": [], "central_candidate": True},
    "huong-ngan-tinh-dau-sa-2026": {"stars": 3, "band_stars": 4, "held_back_by": ["A.1.4"], "central_candidate": False},
    "tra-ca-gai-leo-bao-chau-2026": {"stars": 3, "band_stars": 3, "held_back_by": [], "central_candidate": False},
    "gao-nep-tan-son-2026": {"stars": 2, "band_stars": 3, "held_back_by": ["A.2.2"], "central_candidate": False},
    "moc-nhi-kho-minh-anh-2026": {"stars": 4, "band_stars": 4, "held_back_by": [], "central_candidate": False},
    "ruou-chuoi-tan-dan-2026": {"stars": 3, "band_stars": 3, "held_back_by": [], "central_candidate": False},
}


def load(path):
    doc = answers_io.load(path)
    version, cset = answers_io.resolve(doc, str(path))
    return doc, version, cset


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_sample_is_dated_while_its_version_was_in_force(path):
    doc, version, _ = load(path)
    date = doc.info["date"]
    assert version.in_force["from"] <= date, f"{path.name}: {date} is before {version.id} came into force"
    if version.in_force.get("to"):
        assert date <= version.in_force["to"], f"{path.name}: {date} is after {version.id} stopped applying"
    assert json.loads(path.read_text(encoding="utf-8"))["illustrative"] is True


@pytest.mark.parametrize("stem", sorted(QD26))
def test_samples_under_the_criteria_in_force_score_as_labelled(stem):
    doc, version, cset = load(ANSWERS / f"{stem}.json")
    assert version.id == default_version_id() == "qd26-2026"
    result = score(version, cset, doc.answers, doc.facts)
    expected = QD26[stem]
    assert result.stars == expected["stars"]
    assert result.band_stars == expected["band_stars"]
    assert [m.code for m in result.minimums_unmet] == expected["held_back_by"]
    assert result.central_candidate is expected["central_candidate"]
    assert result.unanswered == [] and result.warnings == []  # every criterion and question answered


def test_the_criteria_in_force_have_at_least_six_samples_in_four_sets():
    in_force = [path for path in ANSWERS.glob("*.json")
                if json.loads(path.read_text(encoding="utf-8"))["rubric"] == default_version_id()]
    assert {p.stem for p in in_force} == set(QD26)
    assert len({json.loads(p.read_text(encoding="utf-8"))["set"] for p in in_force}) >= 4

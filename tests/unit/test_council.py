import json
from pathlib import Path

from ocop_kit.council import council
from ocop_kit.rubric import load_version

V = load_version("qd1048-2019")
CSET = V.find_set("Chế biến từ rau, củ, quả, hạt")
FOLDER = Path(__file__).resolve().parents[2] / "data" / "samples" / "council" / "tra-ca-gai-leo-2019"


def top():
    return {c.code: max(c.points) for c in CSET.criteria}


def test_average_of_totals_with_two_decimals_and_its_star():
    a = top()
    b = {**top(), "C.10": 1, "B.4.3": 3}  # 100 - 4 - 2 = 94
    c = {**top(), "C.10": 1, "B.4.1": 1, "B.4.2": 0}  # 100 - 4 - 4 - 5 = 87
    result = council(V, CSET, [("A", a, {}), ("B", b, {}), ("C", c, {})])
    assert [r.total for r in result.raters] == [100, 94, 87]
    assert result.average == round((100 + 94 + 87) / 3, 2) == 93.67
    assert result.stars == 5 and result.central_candidate
    assert result.spread == 13 and result.spread_exceeded
    assert result.widest[0].code == "B.4.2" and result.widest[0].spread == 5


def test_seven_raters_reproduce_a_published_average_of_91_14():
    drops = {91: {"C.10": 1, "B.4.3": 0}, 92: {"C.10": 1, "B.4.3": 1}, 90: {"C.10": 1, "B.4.3": 0, "A.1.6": 0}}
    totals = [91, 91, 91, 91, 92, 92, 90]  # 638 / 7 = 91.142…
    sheets = [(f"R{i}", {**top(), **drops[total]}, {}) for i, total in enumerate(totals)]
    result = council(V, CSET, sheets)
    assert sum(r.total for r in result.raters) == 638
    assert result.average == 91.14 and result.stars == 5 and not result.spread_exceeded


def test_sample_council_of_three():
    sheets = []
    for path in sorted(FOLDER.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        sheets.append((doc["rater"], doc["answers"], doc["facts"]))
    assert len(sheets) == 3
    cset = V.find_set("Các sản phẩm khác từ chè, trà")
    result = council(V, cset, sheets)
    assert result.stars == 3 and 50 <= result.average < 70
    assert result.as_dict("vi")["raters"][0]["name"].startswith("Thành viên 1")

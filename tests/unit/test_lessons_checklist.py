"""The dossier checklist of lesson 4: items from the dossier data, ticks, printout."""
from datetime import date

import pytest

from ocop_kit.dossier.fields import evidence_topics, forms
from ocop_kit.lessons.checklist import Checklist, items


def groups(kind):
    out = {}
    for item in items(kind):
        out.setdefault(item.group, []).append(item)
    return out


def test_items_come_from_the_dossier_data_and_the_decision():
    first = groups("first")
    assert [i.id for i in first["forms"]] == [f"form.{f['id']}" for f in forms()]
    assert [i.id for i in first["evidence"]] == [f"evidence.{e['id']}" for e in evidence_topics()]
    assert "kind" not in first and len(first["submit"]) == 2
    assert "5 sản phẩm mẫu" in first["submit"][0].label("vi") and "5 product samples" in first["submit"][0].label("en")
    assert first["forms"][0].label("vi").startswith("Mẫu số 01: Phiếu đăng ký")
    for kind in ("upgrade", "rerating"):
        assert [i.id for i in groups(kind)["kind"]] == [f"kind.{kind}"]
        assert len(items(kind)) == len(items("first")) + 1


def test_ticks_progress_and_kinds():
    c = Checklist(kind="nonsense")
    assert c.kind == "first" and c.done == 0 and c.total == len(items("first"))
    c.tick("form.mau01")
    c.tick("form.mau02")
    c.tick("form.mau02", False)
    assert c.done == 1 and next(i.id for i in c.missing()) == "form.mau02"
    with pytest.raises(KeyError):
        c.tick("kind.upgrade")  # not an item of a first rating
    c.set_kind("upgrade")
    c.tick("kind.upgrade")
    assert c.done == 2 and c.total == len(items("upgrade"))


def test_round_trip_drops_unknown_items_and_cuts_long_names():
    c = Checklist.from_dict({"kind": "rerating", "product": "x" * 500, "ticked": ["form.mau01", "evil", 3]})
    assert c.kind == "rerating" and c.ticked == {"form.mau01"} and len(c.product) == 200
    assert Checklist.from_dict(c.to_dict()).to_dict() == c.to_dict()
    assert Checklist.from_dict("not a dict").to_dict()["ticked"] == []


def test_printout_is_an_escaped_a4_page():
    c = Checklist(product="<script>alert(1)</script>", producer="HTX Hương Ngàn")
    c.tick("form.mau01")
    html = c.html("vi", today=date(2026, 9, 1))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "size: A4" in html and "01/09/2026" in html and "HTX Hương Ngàn" in html
    assert html.count("☑") == 1 and html.count("☐") == c.total - 1
    assert "Đã có 1/" in html
    english = c.html("en", today=date(2026, 9, 1))
    assert "OCOP product dossier checklist" in english and "First rating" in english

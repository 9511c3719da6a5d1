"""The lessons' data files agree with their sources: every procedure number with the text of
QĐ 26/2026, every Bắc Kạn figure with the article, every criterion code and form field with
the kit's data; the lesson texts render in both languages from that data."""
import re
from pathlib import Path

import pytest

from ocop_kit.dossier.fields import evidence_topics, forms
from ocop_kit.forms_check import form_fields, load_form
from ocop_kit.lessons import examples, facts, markup, story
from ocop_kit.lessons.content import data, lessons
from ocop_kit.rubric.registry import read_manifest

ROOT = Path(__file__).resolve().parents[2]
QD26 = (ROOT / "data" / "source" / "qd26-2026" / "qd26-2026.txt").read_text(encoding="utf-8")
ARTICLE = (ROOT / "data" / "source" / "seed-bac-kan-ocop-2019.txt").read_text(encoding="utf-8")


def numbers_in(text):
    return {int(n) for n in re.findall(r"\d+", text)}


def quotes(node):
    if isinstance(node, dict):
        if "quote" in node:
            yield node
        for value in node.values():
            yield from quotes(value)
    elif isinstance(node, list):
        for value in node:
            yield from quotes(value)


@pytest.mark.parametrize("entry", list(quotes(data("procedure"))), ids=lambda e: e["quote"][:40])
def test_procedure_quotes_are_in_the_decision(entry):
    assert entry["quote"] in QD26
    if "value" in entry:
        assert entry["value"] in numbers_in(entry["quote"])


def test_procedure_and_manifest_agree_on_the_certificate():
    assert facts.procedure("certificate_months") == read_manifest("qd26-2026")["certificate_months"]


def test_rounds_quotes_hold_their_dates():
    for level in data("procedure")["rounds"].values():
        for r in level:
            for date in (r["by"], r["filed_by"]):
                day, month = date.split("/")
                assert f"ngày {day} tháng {month}" in r["quote"]


def test_dossier_kinds_are_the_dossier_forms_options():
    from ocop_kit.dossier.fields import fields

    kinds = {k for k in data("procedure")["dossier_kinds"] if not k.startswith("$")}
    assert kinds == {value for value, _ in fields()["registration_kind"].options}


@pytest.mark.parametrize("figure", data("bac_kan_2019")["figures"], ids=lambda f: f["id"])
def test_bac_kan_figures_are_the_articles(figure):
    assert figure["quote"] in ARTICLE
    assert figure["value"] in numbers_in(figure["quote"])


def test_bac_kan_sums_add_up_or_say_they_do_not():
    values = {f["id"]: f["value"] for f in data("bac_kan_2019")["figures"]}
    for entry in data("bac_kan_2019")["sums"]:
        parts = sum(values[p["id"]] for p in entry["parts"])
        if parts == values[entry["total"]]:
            assert "note" not in entry
        else:  # the article's 70 rated products are 67 + 3 + 2 = 72 in its own details
            assert str(parts) in entry["note"]["vi"] and str(values[entry["total"]]) in entry["note"]["en"]
    assert any("note" in entry for entry in data("bac_kan_2019")["sums"])


def test_lessons_name_existing_notebooks_quizzes_and_samples():
    notebooks = ROOT / "notebooks"
    for item in lessons():
        assert (notebooks / item["notebook"]).is_file()
        assert item["notebook"].startswith(f"bai-{item['number']}-")
    for app in data("lessons")["apps"].values():
        assert (notebooks / app).is_file(), app


def test_example_product_is_held_back_by_a_minimum():
    """Lesson 2 explains minimums with it; if the sample changed, the lesson would not."""
    result = examples.example().score()
    assert result.held_back and result.minimums_unmet and result.band_stars > result.stars


def test_raising_other_criteria_does_not_lift_a_held_back_star():
    s = examples.example()
    held = s.score().minimums_unmet[0]
    raised = s.score(examples.raise_elsewhere(s, held.code, data("lessons")["raise_to"]))
    assert raised.total >= data("lessons")["raise_to"] and raised.stars == s.score().stars
    assert raised.row(held.code).answered == s.doc.answers[held.code]


def test_criteria_codes_of_the_lessons_exist_in_the_example_set():
    codes = set(examples.example().cset.by_code())
    lesson_data = data("lessons")
    for key in ("story_criteria", "packaging_criteria"):
        assert set(lesson_data[key]) <= codes, key
    for link in lesson_data["connections"]:
        assert set(link["criteria"]) <= codes, link


def test_connection_fields_exist_in_the_forms():
    ids = {form_id: {f["id"] for f in form_fields(load_form(form_id), include_official=True)}
           for form_id in ("product_idea", "business_plan")}
    for link in data("lessons")["connections"]:
        assert link["field"] in ids[link["form"]], link


def test_facts_read_from_the_rubric_data():
    assert facts.fact("sectors") == 6 and facts.fact("sets") == 26
    assert [facts.fact("part_max", arg=p) for p in "ABC"] == [40, 25, 35]
    assert facts.fact("part_max", "qd1048-2019", "C") == 40 and facts.fact("total_max") == 100
    history = facts.parts_history()
    assert [h.year for h in history] == sorted(h.year for h in history)
    assert history[-1].id == "qd26-2026" and history[-1].minimums and history[-1].in_force
    assert not any(h.minimums for h in history[:-1])
    with pytest.raises(KeyError):
        facts.fact("no_such_fact")


def test_story_elements_are_eight_with_words_in_both_languages():
    raw = data("story")["elements"]
    assert len(raw) == 8 and len({e["id"] for e in raw}) == 8
    for e in raw:
        assert e["keywords"]["vi"] and e["keywords"]["en"] and e["name"]["vi"] and e["hint"]["en"]


def test_dossier_data_the_lessons_show():
    assert [f["id"] for f in forms()] == ["mau01", "mau02"] and len(evidence_topics()) >= 10
    assert len(data("procedure")["commune_check"]["topics"]) == 4


def test_markup_escapes_and_links_only_notebooks():
    html = markup.to_html("**Đậm** <script>x</script>\n\n- một\n- hai\n\n"
                          "[app](tu-danh-gia.ipynb) [x](javascript:alert(1))", "en")
    assert "<b>Đậm</b>" in html and "&lt;script&gt;" in html and "<script>" not in html
    assert "<ul><li>một</li><li>hai</li></ul>" in html
    assert '<a href="tu-danh-gia.ipynb?lang=en" target="_blank">app</a>' in html
    assert "javascript:alert" in html and 'href="javascript' not in html
    assert markup.to_plain("**A** [b](c.ipynb)\n\n- d") == "A b\n\n- d"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_lesson_section_renders_from_the_data(lang):
    from ocop_kit.views.lesson_blocks import SECTIONS

    for number, sections in SECTIONS.items():
        for name, build in sections.items():
            section = build()
            html, plain = section.html(lang), section.plain(lang)
            assert html and plain.strip(), (number, name)
            assert not re.search(r"\{[a-z_0-9]+\}", html + plain), (number, name)  # every placeholder filled


def test_lesson_texts_state_the_data_not_typed_numbers():
    from ocop_kit.views.lesson_blocks import SECTIONS

    facts_text = SECTIONS[1]["facts"]().plain("vi")
    assert f"{facts.fact('sets')} bộ tiêu chí" in facts_text and "A 40 · B 25 · C 35" in facts_text
    certificate = SECTIONS[1]["certificate"]().plain("vi")
    assert "15/07/2029" in certificate and "16/01/2029" in certificate and "17/03/2029" in certificate
    checks = story.check(data("story")["examples"][0]["text"]["vi"])
    assert checks.count >= 7

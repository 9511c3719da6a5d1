"""Finding "my product": every keyword finds its set; marks matter when typed; near misses get suggestions."""
import json
import unicodedata
from importlib import resources

import pytest

from ocop_kit.rubric.registry import default_version_id, load_version, version_ids
from ocop_kit.rubric.search import fold, has_marks, keywords, search_sets

IN_FORCE = load_version(default_version_id())
DATA = json.loads((resources.files("ocop_kit") / "forms" / "product_keywords.json").read_text(encoding="utf-8"))
ENTRIES = DATA["keywords"]
ALL_SET_NAMES = {cset.name for vid in version_ids() for cset in load_version(vid).sets.values()}


def slug_of(version, name):
    return version.find_set(name).slug


def cases():
    for entry in ENTRIES:
        for word in [*entry["words"], *entry.get("en", [])]:
            yield pytest.param(word, entry["sets"], id=word)


@pytest.mark.parametrize("word, sets", list(cases()))
def test_every_keyword_finds_each_of_its_sets_in_every_version(word, sets):
    found_somewhere = False
    for vid in version_ids():
        version = load_version(vid)
        present = [slug_of(version, name) for name in sets if version.find_set(name)]
        result = search_sets(version, word)
        for slug in present:
            assert slug in result.slugs, (vid, word, slug, result.slugs)
            found_somewhere = True
        if present:  # the usual set of the keyword, or a set named by the word itself, leads
            assert result.slugs[0] in present or result.hits[0].via == "", (vid, word, result.slugs[:3])
    assert found_somewhere


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["words"][0])
def test_every_keyword_entry_names_existing_sets_and_one_in_force(entry):
    assert set(entry["sets"]) <= ALL_SET_NAMES, set(entry["sets"]) - ALL_SET_NAMES
    assert any(IN_FORCE.find_set(name) for name in entry["sets"]), entry["words"]
    for word in entry["words"]:
        assert unicodedata.normalize("NFC", word) == word


def test_keywords_without_marks_find_the_same_sets():
    for kw in keywords():
        for word in kw.words:
            if has_marks(word):
                assert search_sets(IN_FORCE, fold(word)).slugs[:1] == search_sets(IN_FORCE, word).slugs[:1] or \
                    set(search_sets(IN_FORCE, word).slugs) <= set(search_sets(IN_FORCE, fold(word)).slugs), word


def test_lemongrass_is_not_seafood():
    seafood = {cset.slug for cset in IN_FORCE.sets.values() if "thủy sản" in cset.name or "hải sản" in cset.name}
    assert seafood
    for query in ("sả", "Sả", "tinh dầu sả", "sả chanh"):
        slugs = search_sets(IN_FORCE, query).slugs
        assert slugs and not seafood & set(slugs), (query, slugs)
    assert search_sets(IN_FORCE, "sả").slugs[0] == "tinh-dau-va-duoc-lieu-khac"
    # and seafood is found by its own word
    assert seafood & set(search_sets(IN_FORCE, "hải sản").slugs)


@pytest.mark.parametrize("query", ["miến", "mien", "Miến", "MIẾN"])
def test_glass_noodles_list_both_plausible_sets(query):
    slugs = search_sets(IN_FORCE, query).slugs
    assert slugs[:2] == ["che-bien-tu-gao-ngu-coc", "che-bien-tu-rau-cu-qua-hat"]


def test_arrowroot_noodles_lead_to_the_sets_of_the_kit_sample():
    assert search_sets(IN_FORCE, "miến dong").slugs[0] == "che-bien-tu-rau-cu-qua-hat"
    assert search_sets(IN_FORCE, "mien dong").slugs[0] == "che-bien-tu-rau-cu-qua-hat"


@pytest.mark.parametrize("query", ["tinh dầu", "tinh dau", "TINH DẦU", "dầu", "dau", "tinh dâu"])
def test_essential_oil_set_first(query):
    assert search_sets(IN_FORCE, query).slugs[0] == "tinh-dau-va-duoc-lieu-khac"


def test_decomposed_input_matches():
    assert search_sets(IN_FORCE, unicodedata.normalize("NFD", "mật ong")).slugs[0] == \
        "mat-ong-mat-khac-va-nong-san-thuc-pham-khac"


def test_words_in_a_set_name_rank_before_keywords():
    slugs = search_sets(IN_FORCE, "gạo").slugs
    assert set(slugs[:2]) == {"gao-ngu-coc-hat-so-che-khac", "che-bien-tu-gao-ngu-coc"}
    assert "ruou-trang" in slugs[2:]  # rượu gạo: a keyword, after the set names


def test_marked_words_keep_their_marks_unmarked_ones_do_not():
    fish = search_sets(IN_FORCE, "cá").slugs
    assert "ca-phe-cacao" not in fish and fish[0] == "thit-thuy-san-trung-sua-tuoi"
    assert {"ca-phe-cacao", "thit-thuy-san-trung-sua-tuoi"} <= set(search_sets(IN_FORCE, "ca").slugs)


def test_word_beginnings_only_when_no_whole_word_matches():
    result = search_sets(IN_FORCE, "mie")
    assert result.partial and "che-bien-tu-gao-ngu-coc" in result.slugs
    assert not search_sets(IN_FORCE, "miến").partial


def test_did_you_mean_for_a_near_miss_and_a_clear_nothing():
    near = search_sets(IN_FORCE, "mat ongg")
    assert near.hits == () and "mật ong" in near.suggestions
    assert "thổ cẩm" in search_sets(IN_FORCE, "thoo cam").suggestions
    nothing = search_sets(IN_FORCE, "xyzq")
    assert nothing.hits == () and nothing.suggestions == ()


def test_empty_query_lists_every_set():
    assert len(search_sets(IN_FORCE, "  ").hits) == len(IN_FORCE.sets) == 26


def test_english_words_and_names():
    assert search_sets(IN_FORCE, "essential oil").slugs[0] == "tinh-dau-va-duoc-lieu-khac"
    assert search_sets(IN_FORCE, "Coffee").slugs == ["ca-phe-cacao"]

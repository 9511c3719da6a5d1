"""The story checker: which of the eight elements a text covers, as a word heuristic."""
import unicodedata

from ocop_kit.lessons import story
from ocop_kit.lessons.content import data


def ids(result):
    return {e.id for e, _ in result.covered}


def test_good_example_covers_all_eight_and_weak_none_in_both_languages():
    for example in data("story")["examples"]:
        for lang in ("vi", "en"):
            result = story.check(example["text"][lang], example["product"][lang])
            assert result.total == 8
            if example["quality"] == "good":
                assert result.count == 8, (lang, [e.id for e in result.missing])
            else:
                assert result.count == 0, (lang, ids(result))


def test_each_element_is_found_by_its_words():
    assert ids(story.check("Sản phẩm dành cho khách hàng ở thành phố.")) == {"market"}
    found = ids(story.check("Có chứng nhận VietGAP, bán tại cửa hàng của hợp tác xã."))
    assert found == {"reason_to_believe", "channel"}
    assert ids(story.check("Nghề truyền thống từ xưa của làng.")) == {"history"}


def test_words_match_whole_words_only():
    assert "channel" not in ids(story.check("Tôi chợt nhớ ra."))  # "chợ" is not in "chợt"
    assert "characteristics" in ids(story.check("Miến có màu nâu."))


def test_product_name_covers_the_name_element_whatever_the_unicode_form():
    text = unicodedata.normalize("NFD", "Miến dong Na Rì được làm bằng tay.")
    result = story.check(text, "miến dong na rì")
    assert "name" in ids(result)
    assert "name" not in ids(story.check("Được làm bằng tay.", "Miến dong Na Rì"))


def test_text_without_accents_is_read_without_accents_but_not_for_short_words():
    result = story.check("San pham truyen thong tu xua, ban tai cua hang va truc tuyen")
    assert {"history", "channel"} <= ids(result)
    # "vị", "màu", "chợ" without accents are "vi", "mau", "cho": too common to count
    assert "characteristics" not in ids(story.check("vi sao mau cho"))


def test_only_the_first_part_of_a_very_long_text_is_read():
    long_text = "a " * story.MAX_STORY + " truyền thống"
    assert "history" not in ids(story.check(long_text))
    assert story.check("").count == 0 and story.check(None).count == 0

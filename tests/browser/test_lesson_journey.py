"""A trainee reads lesson 2 in headless Chromium, tries the "what if", answers the quiz and
switches to English; a second journey opens lesson 1 in English from the URL."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
LESSON = "bai-2-bo-tieu-chi.ipynb"


def question(page, number: int):
    return page.locator(".ocop-quiz .ocop-question").nth(number - 1)


def test_lesson_two_what_if_and_quiz(page, open_app, screenshot):
    open_app(page, LESSON)
    page.locator("h2", has_text="Bài 2. Bộ tiêu chí và cách chấm điểm").wait_for()
    page.locator(".ocop-lesson", has_text="Ví dụ chấm từng tiêu chí").first.wait_for()
    example = page.locator(".ocop-lesson", has_text="Ví dụ chấm từng tiêu chí").first.inner_text()
    assert "Tổng 73 điểm" in example and "chỉ được 3 sao" in example
    # every picture was drawn and decoded by the browser
    images = page.locator("figure.ocop-figure img")
    assert images.count() >= 2
    assert all(w > 100 for w in images.evaluate_all("els => els.map(e => e.naturalWidth)"))

    # what if the criterion holding the star back reached its minimum level?
    level = page.locator(".widget-dropdown select").nth(1)
    labels = [t.replace("\xa0", " ") for t in level.locator("option").all_text_contents()]  # ipywidgets uses nbsp
    level.select_option(index=next(i for i, t in enumerate(labels) if t.startswith("2 —")))
    page.locator(".ocop-lesson, .widget-html", has_text="được 4 sao").first.wait_for()
    page.get_by_text("Mọi mức tối thiểu của 4 sao đều đạt").wait_for()

    # quiz: a wrong number, then the right one; a single choice; the score
    first = question(page, 1)
    first.locator("input[type=text]").fill("35")
    first.get_by_role("button", name="Kiểm tra").click()
    first.locator(".ocop-msg", has_text="Chưa đúng").wait_for()
    assert "35 điểm là phần A của bộ tiêu chí năm 2019" in first.inner_text()
    first.locator("input[type=text]").fill("40")
    first.get_by_role("button", name="Kiểm tra").click()
    first.locator(".ocop-msg", has_text="Đúng.").wait_for()
    second = question(page, 2)
    second.locator(".widget-radio-box label", has_text="40 điểm").click()
    second.get_by_role("button", name="Kiểm tra").click()
    second.locator(".ocop-msg", has_text="Đúng.").wait_for()
    page.get_by_role("button", name="Xem điểm").click()
    page.locator(".ocop-msg", has_text="Bạn trả lời đúng 2/6 câu").wait_for()
    page.locator(".ocop-quiz").scroll_into_view_if_needed()
    screenshot(page, "lesson-2-quiz")

    # the same page in English: texts, pictures and feedback follow, answers stay
    page.locator(".widget-toggle-buttons button", has_text="English").click()
    page.locator("h2", has_text="Lesson 2. The criteria and how products are scored").wait_for()
    page.locator(".ocop-msg", has_text="You got 2 of 6 right").wait_for()
    assert "Right." in question(page, 1).inner_text()
    assert page.locator(".ocop-lesson", has_text="Scoring criterion by criterion").count() >= 1
    assert page.ocop_console == []


def test_lesson_one_in_english_from_the_url(page, open_app, screenshot):
    open_app(page, "bai-1-chuong-trinh-ocop.ipynb", lang="en")
    page.locator("h2", has_text="Lesson 1. The OCOP programme").wait_for()
    page.get_by_text("26 criteria sets").first.wait_for()
    page.locator(".ocop-keyfacts", has_text="valid 36 months").wait_for()
    nav = page.locator(".ocop-nav a", has_text="Lesson 2")
    assert nav.get_attribute("href") == "bai-2-bo-tieu-chi.ipynb?lang=en"
    screenshot(page, "lesson-1-en")
    assert page.ocop_console == []


def test_landing_page_lists_the_lessons_and_the_test(page, voila_server):
    page.goto(voila_server.base_url)
    titles = page.locator("a.app").all_inner_texts()
    for number in range(1, 6):
        assert any(t.startswith(f"Bài {number}.") for t in titles), number
    assert any(t.startswith("Kiểm tra đầu vào và cuối khóa") for t in titles)
    link = page.locator("a.app", has_text="Bài 3. Câu chuyện sản phẩm và bao bì")
    assert link.get_attribute("href").endswith("voila/render/bai-3-cau-chuyen-va-bao-bi.ipynb")
    assert not any(t.startswith("bai-") for t in titles)  # every lesson has a title, none falls back to its file name

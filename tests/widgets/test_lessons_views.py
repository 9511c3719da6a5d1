"""Lesson pages without a browser: sections follow the language, quizzes give feedback and a
score, the exercises work, and the workshop test is stored and compared before/after."""
import pytest

from ocop_kit.cohort import MIN_GROUP
from ocop_kit.lessons.quiz import MULTIPLE, NUMERIC, SINGLE, load
from ocop_kit.views.lesson_blocks import SECTIONS
from ocop_kit.views.lesson_workshop import build_app
from ocop_kit.views.lessons import lesson

WIDGET = "application/vnd.jupyter.widget-view+json"


def right(q):
    return q.answer if q.kind == NUMERIC else next(iter(q.correct_ids)) if q.kind == SINGLE else sorted(q.correct_ids)


def answer(view, value):
    """Type or click an answer as a trainee would."""
    q = view.question
    if q.kind == SINGLE:
        view.input.value = value
    elif q.kind == MULTIPLE:
        for option, box in zip(q.options, view.boxes, strict=True):
            box.value = option.id in value
    else:
        view.input.value = str(value).replace(".", ",")


@pytest.mark.parametrize("number", sorted(SECTIONS))
def test_every_lesson_builds_and_shows_as_widget_with_a_text_twin(number, store):
    page = lesson(number, lang="vi", store=store)
    bundle = page.header._repr_mimebundle_()
    assert WIDGET in bundle and bundle["text/plain"].startswith(f"Bài {number}.")
    for name in SECTIONS[number]:
        block = page.show(name)
        data = block._repr_mimebundle_()
        assert WIDGET in data and data["text/plain"].strip()
    assert "Tự kiểm tra" in page.quiz()._repr_mimebundle_()["text/plain"]
    assert "Bài 1" in page.nav.value and ("<b>Bài" in page.nav.value)


def test_sections_switch_language_with_the_toggle(store):
    page = lesson(1, lang="vi", store=store)
    facts = page.show("facts")
    stars = page.show("stars")
    assert "Ghi nhớ" in facts.widget.value and "26 bộ tiêu chí" in facts.widget.value
    page.shell.lang_toggle.value = "en"
    assert "Remember" in facts.widget.value and "26 criteria sets" in facts.widget.value
    assert "Who rates and certifies" in stars.widget.value and "<img" in stars.widget.value
    assert facts.plain().startswith("Criteria in force")
    assert "?lang=en" in page.nav.value


def test_quiz_feedback_per_question_and_score(store):
    page = lesson(2, lang="vi", store=store)
    page.quiz()
    quiz = page.quiz_view
    first = quiz.questions[0]  # numeric: points of part A
    assert first.question.kind == NUMERIC
    answer(first, first.question.answer - 5)
    first.check_button.click()
    assert "Chưa đúng" in first.feedback.value and "Ít quá" in first.feedback.value
    answer(first, first.question.answer)
    first.check_button.click()
    assert "Đúng." in first.feedback.value
    multiple = next(v for v in quiz.questions if v.question.kind == MULTIPLE)
    answer(multiple, sorted(multiple.question.correct_ids)[:1])
    multiple.check_button.click()
    assert "Còn thiếu" in multiple.feedback.value
    quiz.score_button.click()
    assert "1/6" in quiz.score_html.value and "Còn 4 câu chưa trả lời" in quiz.score_html.value
    for view in quiz.questions:
        answer(view, right(view.question))
    quiz.score_button.click()
    assert "6/6" in quiz.score_html.value and "100 %" in quiz.score_html.value
    page.shell.set_lang("en")
    assert "You got 6 of 6 right" in quiz.score_html.value and "Right." in first.feedback.value
    single = next(v for v in quiz.questions if v.question.kind == SINGLE)
    assert single.input.value == right(single.question)  # the choice survives the language switch
    quiz.reset_button.click()
    assert quiz.score_html.value == "" and single.input.value is None


def test_numeric_answer_that_is_not_a_number_says_so(store):
    page = lesson(1, lang="vi", store=store)
    page.quiz()
    view = next(v for v in page.quiz_view.questions if v.question.kind == NUMERIC)
    view.input.value = "ba mươi sáu"
    view.check_button.click()
    assert "ocop-msg-error" in view.feedback.value
    view.input.value = "<b>1</b>"
    view.check_button.click()
    assert "<b>1</b>" not in view.feedback.value


def test_what_if_changes_one_criterion_and_shows_the_star(store):
    page = lesson(2, lang="vi", store=store)
    tool = page.tool("whatif")
    view = page._tools[0]
    held = view.sample.score().minimums_unmet[0]
    assert view.criterion.value == held.code
    assert "được 3 sao" in tool.plain() and "khung 4 sao" in tool.plain()
    assert "chỉ được 3 sao" in view.result_html.value
    view.level.value = held.needs
    assert "được 4 sao" in view.plain() and "Mọi mức tối thiểu của 4 sao đều đạt" in view.result_html.value
    view.reset_button.click()
    assert view.result().stars == 3
    page.shell.set_lang("en")
    assert "rated 3 stars" in view.plain() and view.reset_button.description == "Back to the sample"


def test_story_checker_on_examples_and_typed_text(store):
    page = lesson(3, lang="vi", store=store)
    page.tool("story")
    view = page._tools[0]
    view.example_buttons["good"].click()
    assert view.last.count == 8 and "8/8" in view.result_html.value
    view.example_buttons["weak"].click()
    assert view.last.count == 0 and "không hiểu được câu chuyện" in view.result_html.value
    view.name_input.value = "<img src=x onerror=alert(1)>"
    view.story_input.value = "<img src=x onerror=alert(1)> truyền thống của làng"
    view.check_button.click()
    assert "<img src=x" not in view.result_html.value and "Lịch sử" in view.result_html.value


def test_checklist_ticks_and_prints(store):
    page = lesson(4, lang="vi", store=store)
    page.tool("checklist")
    view = page._tools[0]
    view.tick("form.mau01")
    view.tick("form.mau02")
    assert "Đã có 2/" in view.progress.value
    view.kind.value = "upgrade"
    assert "kind.upgrade" in view.boxes and view.boxes["form.mau01"].value is True
    view.product.value = "Miến <dong>"
    view.print_button.click()
    assert "ocop-download" in view.download_html.value and "data:text/html" in view.download_html.value
    html = view.make_print()
    assert "Miến &lt;dong&gt;" in html and "Nâng hạng" in html
    page.shell.set_lang("en")
    assert "2 of " in view.progress.value and view.kind.options[1][0] == "Upgrade"


def test_workshop_needs_a_class_code_then_stores_the_test(store):
    app = build_app(lang="vi", store=store)
    quiz = app.quiz_view
    quiz.score_button.click()
    assert "mã học viên" in app.shell.notice_html.value and not store.list_events(kind="lessons.pretest")
    app.shell.login("BK1907")
    quiz.score_button.click()
    assert "LỚP-SỐ" in app.shell.notice_html.value
    app.shell.login("bk19-07")
    for view in quiz.questions:
        answer(view, right(view.question))
    quiz.score_button.click()
    assert "Đã lưu bài Đầu vào của BK19-07" in app.shell.notice_html.value
    assert "10/10" in quiz.score_html.value and "Đúng." in quiz.questions[0].feedback.value
    assert "Bạn đã nộp bài này" in app.previous.value
    app.which.value = "post"
    assert app.previous.value == "" and quiz.score_html.value == ""


def test_facilitator_sees_before_and_after_from_five_trainees(store):
    from ocop_kit.lessons import workshop

    quiz = load("kiem-tra-khoa-hoc")
    all_right = {q.id: right(q) for q in quiz.questions}
    for i in range(1, MIN_GROUP):
        workshop.submit(store, f"BK19-{i:02d}", workshop.PRE, quiz, {})
        workshop.submit(store, f"BK19-{i:02d}", workshop.POST, quiz, all_right)
    app = build_app(lang="vi", store=store)
    app.group_input.value = "bk19"
    app.group_button.click()
    assert "từ 5 học viên" in app.class_html.value and "<table" not in app.class_html.value
    app.show_codes.value = True
    assert "BK19-01" in app.class_html.value
    workshop.submit(store, "BK19-05", workshop.PRE, quiz, {})
    workshop.submit(store, "BK19-05", workshop.POST, quiz, all_right)
    app.show_class("BK19")
    html = app.class_html.value
    assert "0 %" in html and "100 %" in html and "+100" in html and "<img" in html
    assert "5 học viên đã làm bài đầu vào" in html
    app.shell.set_lang("en")
    assert "Post-test" in app.class_html.value and "5 trainees took the pre-test" in app.class_html.value

"""ocop_kit.services: the one way to read another app's stored work."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocop_kit import services
from ocop_kit import workshop as ws
from ocop_kit.answers import parse
from ocop_kit.apps.assessment import APP_ID, Assessment
from ocop_kit.apps.business_plan import APP_ID as PLAN_APP
from ocop_kit.apps.business_plan import IDEA_APP_ID, PlanState
from ocop_kit.autosave import ManualScheduler
from ocop_kit.errors import InputError
from ocop_kit.lessons import workshop as lesson_tests
from ocop_kit.lessons.quiz import load
from ocop_kit.storage import open_store

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
PASS = "mật khẩu giảng viên"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "services.sqlite")
    yield s
    s.close()


def payload(sample: str, product: str | None = None) -> dict:
    doc = json.loads((SAMPLES / "answers" / sample).read_text(encoding="utf-8"))
    model = Assessment.new(doc["rubric"], doc["set"])
    model.info["product"] = product or doc["product"]
    model.answers.update(doc["answers"])
    model.facts.update(doc["facts"])
    return model.to_payload()


def submit(store, owner, app, draft_id, data):
    store.save_draft(owner, app, draft_id, data)
    store.set_draft_state(owner, app, draft_id, "submitted")


# --- one user's work ---------------------------------------------------------------------

def test_what_the_self_assessment_app_saves_is_what_the_plan_hints_read(store):
    """The regression: the plan's hints looked for drafts under "tu-danh-gia", an id no app writes."""
    from ocop_kit.views.assessment import AssessmentApp

    scheduler = ManualScheduler()
    app = AssessmentApp("vi", store, scheduler=scheduler)
    app.shell.code_input.value, app.shell.name_input.value = "HV01", "Lan"
    app.shell.start_button.click()
    app.start.version_picker.value = "qd1048-2019"
    app.start.set_search.value = "thao duoc khac"
    app.start.start_button.click()
    app.answer("B.4.1", 1)
    scheduler.run_all()
    answers, cset = services.assessment_answers(store, "HV01")
    assert answers == {"B.4.1": 1}
    assert cset.slug == "thao-duoc-khac"
    assert services.latest_assessment(store, "HV01").model.draft_id == app.model.draft_id


def test_latest_assessment_is_the_newest_readable_or_none(store):
    assert services.latest_assessment(store, "HV01") is None
    assert services.assessment_answers(store, "") is None
    store.save_draft("HV01", APP_ID, "a1", payload("mien-dong-tai-hoan.json"))
    store.save_draft("HV01", APP_ID, "a2", payload("moc-nhi-kho-minh-anh-2026.json", "mới"))
    found = services.latest_assessment(store, "HV01")
    assert (found.draft.draft_id, found.product, found.result.total) == (
        "a2", "mới", found.model.result().total)
    store.save_draft("HV02", APP_ID, "a1", {"rubric": "nope", "answers": {"B.4.1": 1}})
    assert services.latest_assessment(store, "HV02") is None
    store.save_draft("HV03", APP_ID, "a1", Assessment.new("qd1048-2019", "thao-duoc-khac").to_payload())
    assert services.latest_assessment(store, "HV03") is not None
    assert services.assessment_answers(store, "HV03") is None  # nothing answered: no hints


def test_plan_of_skips_blank_and_broken_plans(store):
    assert services.plan_of(store, "HV01") is None and services.plan_of(store, "") is None
    store.save_draft("HV01", PLAN_APP, "p0", PlanState().to_payload(), "nothing typed")
    assert services.plan_of(store, "HV01") is None  # a blank plan is no plan
    store.save_draft("HV01", PLAN_APP, "p1", PlanState.from_sample("mien-dong-tai-hoan").to_payload(), "Miến dong")
    store.save_draft("HV01", PLAN_APP, "p3", PlanState().to_payload(), "a new blank plan")
    store.save_draft("HV02", PLAN_APP, "p2", {"plan": "not a plan"}, "broken")
    store.save_draft("HV01", IDEA_APP_ID, "i1", PlanState.from_sample("huong-ngan-tinh-dau-sa").to_payload())
    plan, draft = services.plan_of(store, "HV01")
    assert draft.draft_id == "p1"
    assert plan.business_plan["product_name"] == "Miến dong Tài Hoan"
    assert services.plan_of(store, "HV02") is None


def test_latest_idea_is_read_by_the_idea_apps_reader(store):
    assert services.latest_idea(store, "HV01") is None and services.latest_idea(store, "") is None
    idea = PlanState()
    idea.plan.product_idea["product_name"] = "Trà hoa vàng"
    store.save_draft("HV01", IDEA_APP_ID, "i1", idea.to_payload())
    store.save_draft("HV01", PLAN_APP, "p1", PlanState.from_sample("mien-dong-tai-hoan").to_payload())
    assert services.latest_idea(store, "HV01")["product_name"] == "Trà hoa vàng"  # not the plan's idea
    store.save_draft("HV02", IDEA_APP_ID, "i1", {"plan": {"product_idea": {"product_name": "<b>Nghệ</b>"}}})
    assert services.latest_idea(store, "HV02")["product_name"] == "<b>Nghệ</b>"
    store.save_draft("HV03", IDEA_APP_ID, "i1", {"plan": "not a plan"})
    assert services.latest_idea(store, "HV03") is None


def test_latest_test_reads_the_lessons_event(store):
    quiz = load("kiem-tra-khoa-hoc")
    assert services.latest_test(store, "BK19-01", lesson_tests.PRE) is None
    lesson_tests.submit(store, "BK19-01", lesson_tests.PRE, quiz, {})
    answers = {q.id: q.answer for q in quiz.questions if q.kind == "numeric"}
    lesson_tests.submit(store, "BK19-01", lesson_tests.PRE, quiz, answers)
    taken = services.latest_test(store, "BK19-01", lesson_tests.PRE)
    assert (taken.correct, taken.total) == (len(answers), len(quiz.questions))
    assert services.latest_test(store, "BK19-01", lesson_tests.POST) is None
    store.record_event(lesson_tests.KINDS[lesson_tests.POST], {"score": "nine", "total": None},
                       user_code="BK19-01", cohort_code="BK19", app=lesson_tests.APP_ID)
    odd = services.latest_test(store, "BK19-01", lesson_tests.POST)
    assert (odd.correct, odd.total) == (0, 0)


# --- a class's work ------------------------------------------------------------------------

@pytest.fixture
def room(store):
    workshop = ws.create_workshop(store, "Lớp Ba Bể", PASS)
    owners = [ws.join(store, workshop.join_code, name, "1234").owner for name in ("Lan", "Hùng", "Mai", "Tú")]
    lan, hung, mai, tu = owners
    store.save_draft(lan, APP_ID, "old", payload("huong-ngan-tinh-dau-sa-2026.json", "cũ"))
    store.set_draft_state(lan, APP_ID, "old", "submitted")
    submit(store, lan, APP_ID, "new", payload("huong-ngan-tinh-dau-sa-2026.json", "mới"))
    submit(store, hung, APP_ID, "h", payload("huong-ngan-tinh-dau-sa-2026.json"))
    submit(store, mai, APP_ID, "m", {"rubric": "qd26-2026", "set": "không có bộ này"})  # unreadable
    store.save_draft(tu, APP_ID, "t", payload("moc-nhi-kho-minh-anh-2026.json"))  # never submitted
    submit(store, tu, PLAN_APP, "p", PlanState.from_sample("huong-ngan-tinh-dau-sa").to_payload())
    return workshop


def test_submitted_assessments_newest_per_trainee_counted_and_skipped(store, room):
    got = services.submitted_assessments(store, room)
    assert sorted(a.product for a in got.assessments) == ["Tinh dầu sả chanh Hương Ngàn", "mới"]
    assert got.skipped == 1
    assert got.not_counted == 1
    assert services.submitted_assessments(store, room.join_code).not_counted == 1  # a join code works too


def test_workshop_summary_and_plan_viability(store, room):
    summary = services.workshop_summary(store, room, min_group=2)
    assert (summary.size, summary.skipped, summary.not_counted, summary.shown) == (2, 1, 1, True)
    assert summary.mean_total == services.submitted_assessments(store, room).assessments[0].result.total
    assert not services.workshop_summary(store, room).shown  # the default minimum group is larger
    viability = services.workshop_plan_viability(store, room, min_group=1)
    assert (viability.submitted, viability.readable, viability.negative_cash) == (1, 1, 1)


def test_plan_figures_are_computed_once_per_content():
    data = PlanState.from_sample("huong-ngan-tinh-dau-sa").to_payload()
    first = services.plan_figures_of(data)
    assert first.cash_low_point == -76_778_669
    assert services.plan_figures_of(json.loads(json.dumps(data))) is first
    assert services.plan_figures_of({"plan": "nonsense"}) is None
    assert services.plan_figures_of(PlanState().to_payload()) is None  # nothing typed


def test_class_of_trainee_codes(store):
    submit(store, "BK19-01", APP_ID, "a", payload("mien-dong-tai-hoan.json"))
    store.save_draft("BK19-02", APP_ID, "b", payload("mien-dong-tai-hoan.json"))
    submit(store, "BK190-01", APP_ID, "c", payload("mien-dong-tai-hoan.json"))  # another class
    summary = services.class_summary(store, " bk19 ")
    assert summary.group == "BK19"
    assert [t.user_code for t in summary.trainees] == ["BK19-01"]
    assert summary.not_counted == 1


def test_export_entries_one_per_trainee_and_product_with_the_plan(store, room):
    entries, skipped = services.workshop_entries(store, room)
    assert skipped == 1
    assert sorted((e.trainee, e.product) for e in entries) == [
        ("Hùng", "Tinh dầu sả chanh Hương Ngàn"), ("Lan", "cũ"), ("Lan", "mới")]
    assert all(e.plan is None for e in entries)  # Tú submitted a plan but no self-assessment


def test_roster_columns_are_the_apps(store, room):
    roster = services.roster(store, room)
    assert set(roster.rows[0].apps) == set(services.ROSTER_APPS) == {APP_ID, IDEA_APP_ID, PLAN_APP}
    by_name = {r.name: r.apps for r in roster.rows}
    assert by_name["Tú"] == {APP_ID: ws.STARTED, IDEA_APP_ID: ws.NONE, PLAN_APP: ws.SUBMITTED}


# --- councils ------------------------------------------------------------------------------

def council_docs(folder="tinh-dau-sa-2026"):
    return [(p.name, parse(json.loads(p.read_text(encoding="utf-8")), p.name))
            for p in sorted((SAMPLES / "council" / folder).glob("*.json"))]


def test_council_from_documents_names_raters_and_refuses_mixed_sets():
    docs = council_docs()
    result = services.council_from_documents(docs)
    assert (result.average, result.band_stars, result.stars) == (72, 4, 3)
    assert len(result.names) == 3
    unnamed = parse({**json.loads((SAMPLES / "answers" / "huong-ngan-tinh-dau-sa-2026.json").read_text(
        encoding="utf-8")), "rater": ""}, "ban-sao.json")
    assert services.council_from_documents([*docs, ("ban-sao.json", unnamed)]).names[-1] == "ban-sao"
    other = council_docs("tra-ca-gai-leo-2019")[0]
    with pytest.raises(InputError) as err:
        services.council_from_documents([*docs, other])
    assert err.value.key == "input.mixed_sets"
    assert other[0] in err.value.message("vi")
    with pytest.raises(ValueError):
        services.council_from_documents([])


def test_submitted_council_takes_the_most_common_set(store, room):
    sheets = services.submitted_council(store, room)
    assert sorted(name for name, _sheet in sheets) == ["Hùng", "Lan"]
    assert all(sheet["rater"] == name and sheet["rubric"] == "qd26-2026" for name, sheet in sheets)
    result = services.council_from_documents([(name, parse(sheet, name)) for name, sheet in sheets])
    assert result.spread == 0
    assert services.submitted_council(store, room, limit=1)[0][0] in ("Hùng", "Lan")
    empty = ws.create_workshop(store, "Lớp trống", PASS)
    assert services.submitted_council(store, empty) == []

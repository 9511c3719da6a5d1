"""Two tabs, one trainee code, one store: every app recovers from an autosave conflict with the
shell's one banner (reload, save as copy) through its ``DraftSession``; duplicating saves what
was just typed first. The self-assessment's own cases (revisions, deleting the open draft,
submitting, work typed before signing in) follow at the end."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from ocop_kit.apps.assessment import APP_ID
from ocop_kit.autosave import ManualScheduler
from ocop_kit.i18n import t
from ocop_kit.storage import StorageError
from ocop_kit.views.assessment import AssessmentApp
from ocop_kit.views.business_plan import BusinessPlanView
from ocop_kit.views.common import ConflictBanner
from ocop_kit.views.product_idea import ProductIdeaView

SET = "tinh dầu"  # the criteria in force: "Tinh dầu và dược liệu khác"


def start_assessment(app) -> None:
    """Choose the set and start, unless the tab restored a draft that already has one."""
    if app.model is None:
        app.start.set_search.value = SET
        app.start.start_button.click()
        app.session.scheduler.run_all()


def first_note(app):
    return app.control(app.model.cset.criteria[0].code).note


@dataclass(frozen=True)
class AppCase:
    """How a test reaches an app's typed text: on the screen and in the stored payload."""
    make: Callable[..., Any]
    app_id: str
    field: Callable[[Any], Any]
    text: Callable[[dict], str]
    start: Callable[[Any], None] = lambda view: None

    def open_tab(self, store, lang="vi"):
        view = self.make(lang, store=store, scheduler=ManualScheduler())
        view.shell.login("HV01")
        view.session.scheduler.run_all()
        self.start(view)
        return view

    def stored(self, store, draft_id) -> str:
        return self.text(store.load_draft("HV01", self.app_id, draft_id).payload)


CASES = [
    pytest.param(AppCase(AssessmentApp, APP_ID, first_note,
                         lambda payload: next(iter(payload["evidence"].values())),
                         start=start_assessment),
                 id="self-assessment"),
    pytest.param(AppCase(BusinessPlanView, BusinessPlanView.app_id, lambda view: view.title_input,
                         lambda payload: payload["plan"]["title"]), id="business-plan"),
    pytest.param(AppCase(ProductIdeaView, ProductIdeaView.app_id,
                         lambda view: view.panel.inputs["product_name"],
                         lambda payload: payload["plan"]["product_idea"]["product_name"]), id="product-idea"),
]


def two_tabs_in_conflict(case: AppCase, store, lang="vi"):
    a = case.open_tab(store, lang)
    b = case.open_tab(store, lang)  # restores the draft tab A started
    assert b.session.draft_id == a.session.draft_id
    case.field(a).value = "Tab A typed this"
    case.field(b).value = "Tab B typed this"
    b.session.scheduler.run_all()
    a.session.scheduler.run_all()
    return a, b


@pytest.mark.parametrize("case", CASES)
def test_tab_a_sees_the_shells_banner_with_both_buttons(case, store):
    a, b = two_tabs_in_conflict(case, store)
    assert list(a.shell.banner_box.children) == [a.conflict.root]
    assert isinstance(a.conflict, ConflictBanner)
    assert a.conflict.visible and not b.conflict.visible
    assert "vừa được lưu ở một thẻ hoặc thiết bị khác" in a.conflict.text.value
    assert a.conflict.reload_button.description == "Tải lại bản mới"
    assert a.conflict.copy_button.description == "Lưu thành bản sao"
    assert not a.conflict.reload_button.disabled
    assert "ocop-status-conflict" in a.shell.status_html.value
    assert case.stored(store, b.session.draft_id) == "Tab B typed this"


@pytest.mark.parametrize("case", CASES)
def test_save_as_copy_keeps_tab_a_text_and_autosave_works_again(case, store):
    a, b = two_tabs_in_conflict(case, store)
    first_id = b.session.draft_id
    a.conflict.copy_button.click()
    assert not a.conflict.visible
    copy_id = a.session.draft_id
    assert copy_id != first_id
    copy = store.load_draft("HV01", case.app_id, copy_id)
    assert case.text(copy.payload) == "Tab A typed this"
    assert copy.title.startswith("Bản sao của")
    assert "Bản sao của" in a.shell.notice_html.value
    assert any(i.draft_id == copy_id for i in a.drafts.infos)
    case.field(a).value = "Tab A, after the copy"
    a.session.scheduler.run_all()
    assert "ocop-status-saved" in a.shell.status_html.value
    assert case.stored(store, copy_id) == "Tab A, after the copy"
    assert case.stored(store, first_id) == "Tab B typed this"


@pytest.mark.parametrize("case", CASES)
def test_reload_shows_tab_b_text_and_autosave_works_again(case, store):
    a, b = two_tabs_in_conflict(case, store)
    a.conflict.reload_button.click()
    assert not a.conflict.visible
    assert a.session.draft_id == b.session.draft_id
    assert case.field(a).value == "Tab B typed this"
    case.field(a).value = "Tab A, after reloading"
    a.session.scheduler.run_all()
    assert case.stored(store, b.session.draft_id) == "Tab A, after reloading"
    assert "ocop-status-saved" in a.shell.status_html.value


@pytest.mark.parametrize("case", CASES)
def test_banner_in_english_and_the_draft_deleted_elsewhere(case, store):
    a, b = two_tabs_in_conflict(case, store, lang="en")
    assert a.conflict.reload_button.description == "Reload the newer version"
    assert a.conflict.copy_button.description == "Save as a copy"
    a.conflict.reload_button.click()
    store.delete_draft("HV01", case.app_id, b.session.draft_id)
    case.field(a).value = "Tab A, draft gone"
    a.session.scheduler.run_all()
    assert a.conflict.visible and a.conflict.reload_button.disabled
    a.shell.set_lang("vi")
    assert a.conflict.copy_button.description == "Lưu thành bản sao"
    assert "đã bị xoá" in a.conflict.text.value
    a.conflict.copy_button.click()
    assert not a.conflict.visible
    assert case.stored(store, a.session.draft_id) == "Tab A, draft gone"


@pytest.mark.parametrize("case", CASES)
def test_duplicate_from_the_list_saves_what_was_just_typed_and_opens_the_copy(case, store):
    view = case.open_tab(store)
    original = view.session.draft_id
    case.field(view).value = "Typed, not yet saved"
    view.drafts.refresh()
    row = next(r for r in view.drafts.rows.children if r.draft_id == original)
    row.buttons["duplicate"].click()
    assert view.session.draft_id != original
    copies = [i for i in store.list_drafts("HV01", case.app_id) if i.draft_id != original]
    assert [c.draft_id for c in copies] == [view.session.draft_id]
    assert case.stored(store, copies[0].draft_id) == "Typed, not yet saved"
    assert case.stored(store, original) == "Typed, not yet saved"


# The self-assessment's own cases

ASSESSMENT = CASES[0].values[0]


def test_assessment_revisions_count_every_save_and_none_refused(store):
    a, b = two_tabs_in_conflict(ASSESSMENT, store)
    assert a.model.draft_id == a.session.draft_id
    draft = store.load_draft("HV01", APP_ID, b.session.draft_id)
    assert draft.revision == 2  # tab A's start, then tab B; tab A's save was refused
    a.conflict.reload_button.click()
    first_note(a).value = "Tab A, after reloading"
    a.session.scheduler.run_all()
    assert store.load_draft("HV01", APP_ID, b.session.draft_id).revision == 3


def test_an_answer_after_save_as_copy_goes_into_the_copy(store):
    a, _b = two_tabs_in_conflict(ASSESSMENT, store)
    a.conflict.copy_button.click()
    copy_id = a.session.draft_id
    assert a.model.draft_id == copy_id
    assert store.load_draft("HV01", APP_ID, copy_id).revision == 1
    code = a.model.cset.criteria[0].code
    a.answer(code, a.model.criterion(code).levels[-1].points)
    a.session.scheduler.run_all()
    again = store.load_draft("HV01", APP_ID, copy_id)
    assert again.revision == 2 and code in again.payload["answers"]


def test_deleting_the_open_draft_empties_the_page_and_writes_nothing_back(store):
    app = ASSESSMENT.open_tab(store)
    open_id = app.session.draft_id
    first_note(app).value = "pending when deleted"
    app.drafts.refresh()
    row = next(r for r in app.drafts.rows.children if r.draft_id == open_id)
    row.buttons["delete"].click()
    row = next(r for r in app.drafts.rows.children if r.draft_id == open_id)
    row.buttons["delete"].click()  # the second click deletes
    app.session.scheduler.run_all()
    assert store.list_drafts("HV01", APP_ID) == []
    assert app.model is None and app.session.draft_id is None and app.tabs.selected_index == 0
    assert app.shell.user_code == "HV01" and app.session.user_code == "HV01"
    app.start.start_button.click()  # starting again makes a new draft under the same code
    app.session.scheduler.run_all()
    [again] = store.list_drafts("HV01", APP_ID)
    assert again.draft_id != open_id


def test_submit_goes_through_the_session(store):
    app = ASSESSMENT.open_tab(store)
    assert app.shell.submit_button.layout.display == ""
    code = app.model.cset.criteria[0].code
    first_note(app).value = "typed just before submitting"
    app.shell.submit_button.click()
    assert "Đã nộp bài" in app.shell.notice_html.value
    draft = store.load_draft("HV01", APP_ID, app.session.draft_id)
    assert draft.state == "submitted" and draft.payload["evidence"][code] == "typed just before submitting"


def test_work_typed_before_signing_in_becomes_a_new_draft_beside_the_stored_one(store):
    stored_id = ASSESSMENT.open_tab(store).session.draft_id
    app = AssessmentApp("vi", store, scheduler=ManualScheduler())
    app.start.set_search.value = SET
    app.start.start_button.click()
    first_note(app).value = "typed before signing in"
    app.shell.login("HV01")
    app.session.scheduler.run_all()
    assert app.session.draft_id not in (None, stored_id)
    assert first_note(app).value == "typed before signing in"
    assert "được lưu thành một bản nháp mới" in app.shell.notice_html.value
    assert {i.draft_id for i in store.list_drafts("HV01", APP_ID)} == {stored_id, app.session.draft_id}
    assert ASSESSMENT.stored(store, app.session.draft_id) == "typed before signing in"


@pytest.mark.parametrize("case", CASES)
def test_a_database_refusal_on_duplicate_shows_its_own_message_and_keeps_the_draft_open(case, store, monkeypatch):
    view = case.open_tab(store)
    original = view.session.draft_id

    def refuse(*_args, **_kwargs):
        raise StorageError("storage.locked")

    monkeypatch.setattr(store, "duplicate_draft", refuse)
    view.drafts.refresh()
    row = next(r for r in view.drafts.rows.children if r.draft_id == original)
    row.buttons["duplicate"].click()
    assert t("storage.locked", "vi") in view.shell.notice_html.value
    assert "Đã có lỗi" not in view.shell.notice_html.value  # not the catch-all message
    assert view.session.draft_id == original


@pytest.mark.parametrize("case", CASES)
def test_a_database_refusal_on_open_shows_its_own_message_and_keeps_the_page(case, store, monkeypatch):
    view = case.open_tab(store)
    original = view.session.draft_id
    case.field(view).value = "still on the page"

    def refuse(*_args, **_kwargs):
        raise StorageError("storage.unavailable")

    view.drafts.refresh()
    row = next(r for r in view.drafts.rows.children if r.draft_id == original)
    monkeypatch.setattr(store, "load_draft", refuse)
    row.buttons["open"].click()
    assert t("storage.unavailable", "vi") in view.shell.notice_html.value
    assert "Đã có lỗi" not in view.shell.notice_html.value
    assert view.session.draft_id == original
    assert case.field(view).value == "still on the page"

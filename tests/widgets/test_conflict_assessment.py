"""Two tabs, one trainee code, one store: the self-assessment app recovers from an autosave
conflict with the shell's banner (reload, save as copy) like the other apps, through its
``DraftSession``; duplicate saves first, deleting the open draft empties the page."""
from __future__ import annotations

from ocop_kit.apps.assessment import APP_ID
from ocop_kit.autosave import ManualScheduler
from ocop_kit.views.assessment import AssessmentApp
from ocop_kit.views.common import ConflictBanner

SET = "tinh dầu"  # the criteria in force: "Tinh dầu và dược liệu khác"


def open_tab(store, lang="vi") -> AssessmentApp:
    app = AssessmentApp(lang, store, scheduler=ManualScheduler())
    app.shell.login("HV01")
    app.session.scheduler.run_all()
    return app


def note(app, code):
    return app.control(code).note


def stored(store, draft_id):
    return store.load_draft("HV01", APP_ID, draft_id)


def two_tabs_in_conflict(store, lang="vi"):
    a = open_tab(store, lang)
    a.start.set_search.value = SET
    a.start.start_button.click()
    a.session.scheduler.run_all()
    b = open_tab(store, lang)  # restores the draft tab A started
    assert b.model is not None and b.session.draft_id == a.session.draft_id
    code = a.model.cset.criteria[0].code
    note(a, code).value = "Tab A typed this"
    note(b, code).value = "Tab B typed this"
    b.session.scheduler.run_all()
    a.session.scheduler.run_all()
    return a, b, code


def test_the_banner_is_the_shells_one_and_only_tab_a_shows_it(store):
    a, b, code = two_tabs_in_conflict(store)
    banners = list(a.shell.banner_box.children)
    assert banners == [a.conflict.root] and isinstance(a.conflict, ConflictBanner)
    assert a.conflict.visible and not b.conflict.visible
    assert "vừa được lưu ở một thẻ hoặc thiết bị khác" in a.conflict.text.value
    assert a.conflict.reload_button.description == "Tải lại bản mới"
    assert a.conflict.copy_button.description == "Lưu thành bản sao"
    assert not a.conflict.reload_button.disabled
    assert "ocop-status-conflict" in a.shell.status_html.value
    draft = stored(store, b.session.draft_id)
    assert draft.payload["evidence"][code] == "Tab B typed this"
    assert draft.revision == 2  # tab A's start, then tab B; tab A's save was refused


def test_save_as_copy_keeps_tab_a_text_and_autosave_goes_on_there(store):
    a, b, code = two_tabs_in_conflict(store)
    first_id = b.session.draft_id
    a.conflict.copy_button.click()
    assert not a.conflict.visible
    copy_id = a.session.draft_id
    assert copy_id != first_id and a.model.draft_id == copy_id
    copy = stored(store, copy_id)
    assert copy.payload["evidence"][code] == "Tab A typed this"
    assert copy.title.startswith("Bản sao của") and copy.revision == 1
    assert "Bản sao của" in a.shell.notice_html.value
    assert any(i.draft_id == copy_id for i in a.drafts.infos)
    a.answer(code, a.model.criterion(code).levels[-1].points)
    a.session.scheduler.run_all()
    assert "ocop-status-saved" in a.shell.status_html.value
    again = stored(store, copy_id)
    assert again.revision == 2 and code in again.payload["answers"]
    untouched = stored(store, first_id)
    assert untouched.revision == 2 and untouched.payload["evidence"][code] == "Tab B typed this"


def test_reload_shows_tab_b_text_and_autosave_goes_on(store):
    a, b, code = two_tabs_in_conflict(store)
    a.conflict.reload_button.click()
    assert not a.conflict.visible
    assert a.session.draft_id == b.session.draft_id
    assert note(a, code).value == "Tab B typed this"
    assert a.model.evidence[code] == "Tab B typed this"
    note(a, code).value = "Tab A, after reloading"
    a.session.scheduler.run_all()
    draft = stored(store, b.session.draft_id)
    assert draft.revision == 3 and draft.payload["evidence"][code] == "Tab A, after reloading"
    assert "ocop-status-saved" in a.shell.status_html.value


def test_banner_in_english_and_the_draft_deleted_elsewhere(store):
    a, b, code = two_tabs_in_conflict(store, lang="en")
    assert a.conflict.reload_button.description == "Reload the newer version"
    assert a.conflict.copy_button.description == "Save as a copy"
    a.conflict.reload_button.click()
    store.delete_draft("HV01", APP_ID, b.session.draft_id)
    note(a, code).value = "Tab A, draft gone"
    a.session.scheduler.run_all()
    assert a.conflict.visible and a.conflict.reload_button.disabled
    a.shell.set_lang("vi")
    assert a.conflict.copy_button.description == "Lưu thành bản sao"
    assert "đã bị xoá" in a.conflict.text.value
    a.conflict.copy_button.click()
    assert not a.conflict.visible
    assert stored(store, a.session.draft_id).payload["evidence"][code] == "Tab A, draft gone"


def test_duplicate_from_the_list_saves_what_was_just_typed_and_opens_the_copy(store):
    app = open_tab(store)
    app.start.set_search.value = SET
    app.start.start_button.click()
    app.session.scheduler.run_all()
    original = app.session.draft_id
    code = app.model.cset.criteria[0].code
    note(app, code).value = "Typed, not yet saved"
    app.drafts.refresh()
    row = next(r for r in app.drafts.rows.children if r.draft_id == original)
    row.buttons["duplicate"].click()
    assert app.session.draft_id != original and app.model.draft_id == app.session.draft_id
    copies = [i for i in store.list_drafts("HV01", APP_ID) if i.draft_id != original]
    assert [c.draft_id for c in copies] == [app.session.draft_id]
    assert stored(store, copies[0].draft_id).payload["evidence"][code] == "Typed, not yet saved"
    assert stored(store, original).payload["evidence"][code] == "Typed, not yet saved"


def test_deleting_the_open_draft_empties_the_page_and_writes_nothing_back(store):
    app = open_tab(store)
    app.start.set_search.value = SET
    app.start.start_button.click()
    app.session.scheduler.run_all()
    open_id = app.session.draft_id
    note(app, app.model.cset.criteria[0].code).value = "pending when deleted"
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
    app = open_tab(store)
    assert app.shell.submit_button.layout.display == ""
    app.start.set_search.value = SET
    app.start.start_button.click()
    code = app.model.cset.criteria[0].code
    note(app, code).value = "typed just before submitting"
    app.shell.submit_button.click()
    assert "Đã nộp bài" in app.shell.notice_html.value
    draft = stored(store, app.session.draft_id)
    assert draft.state == "submitted" and draft.payload["evidence"][code] == "typed just before submitting"


def test_work_typed_before_signing_in_becomes_a_new_draft_beside_the_stored_one(store):
    first = open_tab(store)
    first.start.set_search.value = SET
    first.start.start_button.click()
    first.session.scheduler.run_all()
    stored_id = first.session.draft_id
    app = AssessmentApp("vi", store, scheduler=ManualScheduler())
    app.start.set_search.value = SET
    app.start.start_button.click()
    code = app.model.cset.criteria[0].code
    note(app, code).value = "typed before signing in"
    app.shell.login("HV01")
    app.session.scheduler.run_all()
    assert app.session.draft_id not in (None, stored_id)
    assert note(app, code).value == "typed before signing in"
    assert "được lưu thành một bản nháp mới" in app.shell.notice_html.value
    assert {i.draft_id for i in store.list_drafts("HV01", APP_ID)} == {stored_id, app.session.draft_id}
    assert stored(store, app.session.draft_id).payload["evidence"][code] == "typed before signing in"

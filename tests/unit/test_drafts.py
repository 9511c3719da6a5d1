"""DraftSession: restore policy, autosave, the two-tab conflict and its two ways out,
duplicate after flush, delete, submit — on a real SQLite store."""
from __future__ import annotations

import pytest

from ocop_kit.autosave import ManualScheduler
from ocop_kit.drafts import DraftSession
from ocop_kit.storage import SQLiteStore, StorageError

APP = "y-tuong-san-pham"


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "ocop-kit.sqlite")
    yield s
    s.close()


def tab(store):
    """One browser tab: a session with its own scheduler, signed in; statuses recorded."""
    session = DraftSession(store, APP, scheduler=ManualScheduler())
    statuses: list = []
    session.on_status(lambda state, key: statuses.append((state, key)))
    session.statuses = statuses
    return session


def test_sign_in_restores_the_newest_draft_of_this_app_only(store):
    store.save_draft("HV01", APP, "old", {"v": "old"})
    store.save_draft("HV01", APP, "new", {"v": "new"})
    store.save_draft("HV01", "phuong-an-kinh-doanh", "other", {"v": "other app"})
    store.save_draft("HV02", APP, "someone", {"v": "someone else"})
    session = tab(store)
    draft = session.sign_in("hv01")
    assert session.user_code == "HV01"
    assert draft.draft_id == "new"


def test_work_typed_before_sign_in_is_not_replaced(store):
    store.save_draft("HV01", APP, "stored", {"v": "stored"})
    session = tab(store)
    assert session.sign_in("HV01", typed=True) is None
    assert session.newest.draft_id == "stored"  # the view can say it exists
    new_id = session.start_new({"v": "typed"}, title="Typed")
    session.scheduler.run_all()
    assert store.load_draft("HV01", APP, new_id).payload == {"v": "typed"}
    assert store.load_draft("HV01", APP, "stored").payload == {"v": "stored"}


def test_open_draft_autosaves_and_sign_out_flushes(store):
    draft = store.save_draft("HV01", APP, "d1", {"v": 1})
    session = tab(store)
    session.open(session.sign_in("HV01"))
    assert session.draft_id == "d1" and session.statuses[-1] == ("saved", "storage.saved")
    session.changed({"v": 2})
    assert store.load_draft("HV01", APP, "d1").revision == draft.revision  # debounced
    assert session.sign_out() is True
    assert store.load_draft("HV01", APP, "d1").payload == {"v": 2}
    assert session.user_code is None and session.draft_id is None


def two_tabs_in_conflict(store):
    base = store.save_draft("HV01", APP, "d1", {"by": "start"}, title="Gốc")
    a, b = tab(store), tab(store)
    for session in (a, b):
        session.open(session.sign_in("HV01"))
    b.changed({"by": "B"})
    b.scheduler.run_all()
    a.changed({"by": "A"})
    a.scheduler.run_all()
    assert base.revision == 1
    return a, b


def test_the_second_writer_gets_a_conflict_and_overwrites_nothing(store):
    a, b = two_tabs_in_conflict(store)
    assert a.conflict == "storage.stale_draft"
    assert a.statuses[-1] == ("conflict", "storage.stale_draft")
    assert b.conflict is None
    assert store.load_draft("HV01", APP, "d1").payload == {"by": "B"}
    a.changed({"by": "A again"})  # paused: nothing scheduled, nothing written
    assert a.scheduler.due() == []
    assert store.load_draft("HV01", APP, "d1").payload == {"by": "B"}


def test_conflict_save_as_copy_keeps_mine_and_autosave_resumes(store):
    a, _b = two_tabs_in_conflict(store)
    new_id = a.save_as_copy({"by": "A, kept"}, "Bản sao của Gốc")
    assert new_id != "d1" and a.draft_id == new_id and a.conflict is None
    copy = store.load_draft("HV01", APP, new_id)
    assert copy.payload == {"by": "A, kept"}
    assert copy.title == "Bản sao của Gốc"
    a.changed({"by": "A, later"})
    a.scheduler.run_all()
    assert store.load_draft("HV01", APP, new_id).payload == {"by": "A, later"}
    assert store.load_draft("HV01", APP, "d1").payload == {"by": "B"}


def test_conflict_reload_takes_theirs_and_autosave_resumes(store):
    a, b = two_tabs_in_conflict(store)
    draft = a.reload()
    assert draft.payload == {"by": "B"} and a.conflict is None
    a.changed({"by": "A after reload"})
    a.scheduler.run_all()
    stored = store.load_draft("HV01", APP, "d1")
    assert stored.payload == {"by": "A after reload"}
    assert stored.revision == 3
    b.changed({"by": "B late"})  # now tab B is the stale one
    b.scheduler.run_all()
    assert b.conflict == "storage.stale_draft"


def test_deleted_elsewhere_cannot_be_reloaded_but_can_be_copied(store):
    a, b = two_tabs_in_conflict(store)
    a.reload()
    b.delete("d1")
    a.changed({"by": "A, draft gone"})
    a.scheduler.run_all()
    assert a.conflict == "storage.draft_gone"
    assert a.reload() is None and a.conflict == "storage.draft_gone"  # edits not dropped
    new_id = a.save_as_copy({"by": "A, draft gone"}, "Bản sao")
    assert store.load_draft("HV01", APP, new_id).payload == {"by": "A, draft gone"}


def test_duplicate_flushes_the_open_draft_first(store):
    session = tab(store)
    session.sign_in("HV01")
    draft_id = session.start_new({"v": "first"}, title="Gốc")
    session.scheduler.run_all()
    session.changed({"v": "typed just now"})  # not saved yet
    copy = session.duplicate(draft_id, "Bản sao của Gốc")
    assert copy.payload == {"v": "typed just now"}
    assert copy.draft_id != draft_id and copy.title == "Bản sao của Gốc"


def test_deleting_the_open_draft_drops_it_without_writing_it_back(store):
    session = tab(store)
    session.sign_in("HV01")
    draft_id = session.start_new({"v": 1})
    session.scheduler.run_all()
    other = store.save_draft("HV01", APP, "other", {"v": "other"})
    session.changed({"v": "unsaved"})
    assert session.delete(other.draft_id) is False  # not the open one: autosave goes on
    assert session.draft_id == draft_id
    assert session.delete(draft_id) is True
    assert session.draft_id is None
    assert store.load_draft("HV01", APP, draft_id) is None
    assert session.sign_out() is True
    assert [i.draft_id for i in store.list_drafts("HV01", APP)] == []


def test_submit_saves_then_marks_submitted(store):
    session = tab(store)
    assert session.submit() is None  # nothing open
    session.sign_in("HV01")
    draft_id = session.start_new({"v": "final"})
    submitted = session.submit()
    assert submitted.draft_id == draft_id and submitted.state == "submitted"
    assert submitted.payload == {"v": "final"}


def test_actions_need_a_signed_in_person(store):
    session = tab(store)
    with pytest.raises(StorageError):
        session.duplicate("d1", "x")
    with pytest.raises(StorageError):
        session.start_new({"v": 1})

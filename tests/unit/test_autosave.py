"""Autosaver: debounce, flush, status sequence, failures kept in memory, conflicts."""
from __future__ import annotations

import threading

import pytest

from ocop_kit.autosave import Autosaver, ManualScheduler
from ocop_kit.storage import SQLiteStore, StorageError

APP = "self-assessment"


class CountingStore(SQLiteStore):
    def __init__(self, path):
        super().__init__(path)
        self.saves = 0
        self.fail_with: StorageError | None = None

    def save_draft(self, *args, **kwargs):
        self.saves += 1
        if self.fail_with is not None:
            raise self.fail_with
        return super().save_draft(*args, **kwargs)


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def store(tmp_path):
    s = CountingStore(tmp_path / "ocop-kit.sqlite")
    yield s
    s.close()


def make(store, draft_id="d1", **kwargs):
    statuses = []
    sched = ManualScheduler()
    saver = Autosaver(store, "hv01", APP, draft_id, on_status=lambda *s: statuses.append(s),
                      scheduler=sched, **kwargs)
    return saver, sched, statuses


def test_debounce_coalesces_many_changes_into_one_write(store):
    saver, sched, statuses = make(store)
    for i in range(25):
        saver.changed({"answers": {"A.1.1": i}, "note": "Sả chanh"})
    assert store.saves == 0
    assert len(sched.due()) == 1  # every change replaced the previous timer
    assert sched.due()[0].delay_s == pytest.approx(0.8)
    sched.run_all()
    assert store.saves == 1
    draft = store.load_draft("HV01", APP, "d1")
    assert draft.payload == {"answers": {"A.1.1": 24}, "note": "Sả chanh"}
    assert draft.revision == saver.revision == 1
    assert statuses == [("saving", "storage.saving"), ("saved", "storage.saved")]
    assert not saver.has_unsaved


def test_payload_is_snapshotted_at_change_time(store):
    saver, sched, _ = make(store)
    payload = {"items": [1]}
    saver.changed(payload)
    payload["items"].append(2)  # the view keeps mutating its own dict
    sched.run_all()
    assert store.load_draft("HV01", APP, "d1").payload == {"items": [1]}


def test_unstorable_payload_is_refused_at_once(store):
    saver, sched, _ = make(store)
    with pytest.raises(StorageError) as info:
        saver.changed({"when": object()})
    assert info.value.key == "storage.bad_payload"
    assert sched.due() == []


def test_flush_saves_now_and_cancels_the_timer(store):
    saver, sched, statuses = make(store)
    saver.changed({"v": 1}, title="Miến dong Tài Hoan")
    assert saver.flush() is True
    assert store.saves == 1 and sched.due() == []
    assert store.load_draft("HV01", APP, "d1").title == "Miến dong Tài Hoan"
    assert saver.flush() is True  # nothing pending: no second write
    assert store.saves == 1
    assert statuses[-1] == ("saved", "storage.saved")


def test_revisions_follow_each_save_and_title_is_kept(store):
    saver, sched, _ = make(store, title="Bản A")
    for value in range(3):
        saver.changed({"v": value})
        sched.run_all()
    draft = store.load_draft("HV01", APP, "d1")
    assert (draft.revision, draft.payload, draft.title) == (3, {"v": 2}, "Bản A")


def test_continuous_typing_still_saves_after_max_wait(store):
    clock = FakeClock()
    saver, sched, _ = make(store, clock=clock, max_wait_s=5.0)
    saver.changed({"v": 0})
    for step in range(1, 12):
        clock.now = step * 0.5  # a change every 0.5 s, shorter than the debounce
        saver.changed({"v": step})
    timers = [c for c in sched.calls if not c.cancelled]
    assert len(timers) == 1  # from 5 s on, the running timer was no longer postponed
    sched.run_all()
    assert store.load_draft("HV01", APP, "d1").payload == {"v": 11}


def test_locked_database_keeps_edits_and_retries_with_backoff(store):
    saver, sched, statuses = make(store, retry_base_s=1.0, retry_max_s=4.0)
    store.fail_with = StorageError("storage.locked")
    saver.changed({"v": 1})
    sched.run_next()
    assert statuses[-1] == ("pending", "storage.locked")
    assert saver.pending_payload == {"v": 1}
    saver.changed({"v": 2})  # typing on while the database is busy
    delays = []
    for _ in range(4):
        delays.append(sched.due()[0].delay_s)
        sched.run_next()
    assert delays == [1.0, 2.0, 4.0, 4.0]
    assert saver.state == "pending" and saver.pending_payload == {"v": 2}

    store.fail_with = None
    sched.run_next()
    assert statuses[-2:] == [("saving", "storage.saving"), ("saved", "storage.saved")]
    assert store.load_draft("HV01", APP, "d1").payload == {"v": 2}
    assert not saver.has_unsaved and sched.due() == []


def test_unavailable_database_reports_error_then_saves(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    store = SQLiteStore(blocker / "ocop-kit.sqlite")
    saver, sched, statuses = make(store)
    saver.changed({"note": "Tinh dầu sả"})
    sched.run_next()
    assert statuses[-1] == ("error", "storage.unavailable")
    assert saver.flush() is False
    assert saver.pending_payload == {"note": "Tinh dầu sả"}
    blocker.unlink()
    sched.run_next()  # the scheduled retry
    assert saver.state == "saved"
    assert store.load_draft("HV01", APP, "d1").payload == {"note": "Tinh dầu sả"}


def test_two_tabs_conflict_then_save_as_copy(store):
    base = store.save_draft("HV01", APP, "d1", {"by": "start"}, title="Gốc")
    tab_a, sched_a, _ = make(store, revision=base.revision)
    tab_b, sched_b, statuses_b = make(store, revision=base.revision)
    tab_a.changed({"by": "A"})
    sched_a.run_all()
    tab_b.changed({"by": "B"})
    sched_b.run_all()
    assert statuses_b[-1] == ("conflict", "storage.stale_draft")
    assert store.load_draft("HV01", APP, "d1").payload == {"by": "A"}  # A not overwritten

    tab_b.changed({"by": "B2"})  # paused: kept in memory, nothing scheduled
    assert sched_b.due() == [] and tab_b.pending_payload == {"by": "B2"}
    new_id = tab_b.save_as_copy("Bản của thẻ B")
    assert new_id != "d1" and tab_b.state == "saved"
    copy = store.load_draft("HV01", APP, new_id)
    assert (copy.payload, copy.title, copy.revision) == ({"by": "B2"}, "Bản của thẻ B", 1)
    assert store.load_draft("HV01", APP, "d1").payload == {"by": "A"}


def test_conflict_then_reload_takes_the_other_tabs_version(store):
    tab_a, sched_a, _ = make(store)
    tab_b, sched_b, _ = make(store)
    tab_a.changed({"by": "A"})
    sched_a.run_all()
    tab_b.changed({"by": "B"})
    sched_b.run_all()
    assert tab_b.state == "conflict"
    draft = tab_b.reload()
    assert draft.payload == {"by": "A"} and tab_b.revision == 1
    tab_b.changed({"by": "B after reload"})
    sched_b.run_all()
    assert store.load_draft("HV01", APP, "d1").revision == 2
    assert store.load_draft("HV01", APP, "d1").payload == {"by": "B after reload"}


def test_deleted_elsewhere_is_a_conflict_not_a_silent_recreate(store):
    saver, sched, statuses = make(store)
    saver.changed({"v": 1})
    sched.run_all()
    store.delete_draft("HV01", APP, "d1")
    saver.changed({"v": 2})
    sched.run_all()
    assert statuses[-1] == ("conflict", "storage.draft_gone")
    assert store.load_draft("HV01", APP, "d1") is None


def test_identical_content_saved_elsewhere_is_adopted(store):
    saver, sched, statuses = make(store)
    store.save_draft("HV01", APP, "d1", {"v": 1})  # e.g. an attempt that did commit
    saver.changed({"v": 1})
    sched.run_all()
    assert statuses[-1] == ("saved", "storage.saved") and saver.revision == 1


def test_bad_user_code_is_refused_at_construction(store):
    with pytest.raises(StorageError) as info:
        Autosaver(store, "mã học viên", APP, "d1")
    assert info.value.key == "storage.bad_user_code"


def test_real_timer_thread_saves_the_last_change(store):
    done = threading.Event()
    saver = Autosaver(store, "HV01", APP, "d1", debounce_s=0.05,
                      on_status=lambda state, key: state == "saved" and done.set())
    for i in range(10):
        saver.changed({"v": i})
    assert done.wait(10)
    saver.close()
    assert store.load_draft("HV01", APP, "d1").payload == {"v": 9}


def test_close_flushes_what_is_pending(store):
    saver, sched, _ = make(store)
    saver.changed({"v": "last words"})
    assert saver.close() is True
    assert store.load_draft("HV01", APP, "d1").payload == {"v": "last words"}
    saver.changed({"v": "after close"})
    assert sched.due() == []

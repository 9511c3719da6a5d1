"""Storage: drafts round trip, listing, duplicates, revisions, codes, events, setup."""
from __future__ import annotations

import json
import re
import socket
import sqlite3
from datetime import datetime, timedelta, timezone
from importlib import resources

import pytest

from ocop_kit import storage
from ocop_kit.i18n import t
from ocop_kit.storage import SCHEMA_VERSION, SQLiteStore, StaleDraftError, StorageError, normalize_user_code, open_store

from .conftest import open_backend, raw_sql

VI_TEXT = "Tinh dầu sả chanh Hương Ngàn — HTX Quảng Khê, huyện Ba Bể, Bắc Kạn; giá 150.000 đ"
HTML_TEXT = '<script>alert("x")</script> <b>đậm</b> &amp; & \' " \\ {placeholder} %s'


class Clock:
    """Deterministic, strictly increasing timestamps."""

    def __init__(self):
        self.now = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)

    def __call__(self):
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(db_target):
    s = open_backend(db_target, clock=Clock())
    yield s
    s.close()


def test_round_trip_keeps_vietnamese_and_html_verbatim(store):
    payload = {"product": VI_TEXT, "note": HTML_TEXT, "answers": {"A.1.1": 3, "B.2": None},
               "nested": [1, 2.5, True, "Miến dong Tài Hoan"], "emoji": "🌿"}
    saved = store.save_draft(" hv-01 ", "self-assessment", "d1", payload, title=VI_TEXT)
    assert (saved.user_code, saved.revision) == ("HV-01", 1)

    loaded = store.load_draft("HV-01", "self-assessment", "d1")
    assert loaded.payload == payload
    assert loaded.title == VI_TEXT
    assert loaded.created_at == loaded.updated_at
    # Stored as UTF-8 text, not as \u escapes or HTML entities.
    raw = raw_sql(store, "SELECT payload FROM drafts")[0][0]
    assert VI_TEXT in raw and '<script>alert(\\"x\\")</script>' in raw


def test_save_again_keeps_created_at_and_bumps_revision(store):
    first = store.save_draft("HV01", "plan", "d1", {"v": 1}, title="Bản 1")
    second = store.save_draft("hv01", "plan", "d1", {"v": 2}, title="Bản 2")
    assert second.revision == 2
    assert second.created_at == first.created_at
    assert second.updated_at > first.updated_at
    assert store.load_draft("HV01", "plan", "d1").payload == {"v": 2}


def test_missing_draft_loads_as_none(store):
    assert store.load_draft("HV01", "plan", "nope") is None
    assert store.latest_draft("HV01", "plan") is None


def test_list_newest_first_without_payloads(store):
    store.save_draft("HV01", "plan", "a", {"x": "a"}, title="A", summary="3 sao")
    store.save_draft("HV01", "plan", "b", {"x": "b"}, title="B")
    store.save_draft("HV01", "self-assessment", "c", {"x": "c"}, title="C")
    store.save_draft("HV02", "plan", "z", {"x": "z"}, title="Z")
    store.save_draft("HV01", "plan", "a", {"x": "a2"})  # a is now the newest

    everything = store.list_drafts("hv01")
    assert [d.draft_id for d in everything] == ["a", "c", "b"]
    plans = store.list_drafts("HV01", "plan")
    assert [(d.draft_id, d.revision) for d in plans] == [("a", 2), ("b", 1)]
    assert plans[0].summary == "3 sao"  # kept: the second save gave no summary
    assert not hasattr(plans[0], "payload")
    assert plans[0].title == "A"
    assert plans[0].size == len(json.dumps({"x": "a2"}).encode())
    assert store.latest_draft("HV01", "plan").payload == {"x": "a2"}
    assert store.save_draft("HV01", "plan", "a", {"x": "a3"}, summary="").summary == ""


def test_duplicate_copies_payload_under_a_new_id(store):
    original = store.save_draft("HV01", "plan", "d1", {"price": 150000}, title="Gốc")
    store.save_draft("HV01", "plan", "d1", {"price": 160000}, title="Gốc")
    copy = store.duplicate_draft("HV01", "plan", "d1", "Bản sao — giá cao")
    assert copy.draft_id != "d1"
    assert (copy.title, copy.revision, copy.payload) == ("Bản sao — giá cao", 1, {"price": 160000})
    assert copy.created_at > original.created_at
    # Editing the copy leaves the original alone.
    store.save_draft("HV01", "plan", copy.draft_id, {"price": 1})
    assert store.load_draft("HV01", "plan", "d1").payload == {"price": 160000}
    assert len(store.list_drafts("HV01", "plan")) == 2


def test_duplicate_of_missing_draft_or_onto_taken_id(store):
    with pytest.raises(StorageError) as info:
        store.duplicate_draft("HV01", "plan", "nope", "x")
    assert info.value.key == "storage.draft_not_found"
    store.save_draft("HV01", "plan", "a", {})
    store.save_draft("HV01", "plan", "b", {"keep": True})
    with pytest.raises(StorageError) as info:
        store.duplicate_draft("HV01", "plan", "a", "x", new_id="b")
    assert info.value.key == "storage.draft_exists"
    assert store.load_draft("HV01", "plan", "b").payload == {"keep": True}


def test_delete(store):
    store.save_draft("HV01", "plan", "d1", {"v": 1})
    store.save_draft("HV01", "plan", "d2", {"v": 2})
    assert store.delete_draft("HV01", "plan", "d1") is True
    assert store.delete_draft("HV01", "plan", "d1") is False
    assert [d.draft_id for d in store.list_drafts("HV01")] == ["d2"]
    with pytest.raises(StaleDraftError):
        store.delete_draft("HV01", "plan", "d2", expected_revision=5)
    assert store.load_draft("HV01", "plan", "d2") is not None


def test_second_tab_cannot_silently_overwrite_first(store):
    base = store.save_draft("HV01", "plan", "d1", {"by": "start"})
    tab_a = store.save_draft("HV01", "plan", "d1", {"by": "A"}, expected_revision=base.revision)
    with pytest.raises(StaleDraftError) as info:
        store.save_draft("HV01", "plan", "d1", {"by": "B"}, expected_revision=base.revision)
    assert info.value.key == "storage.stale_draft"
    assert info.value.current_revision == tab_a.revision == 2
    assert store.load_draft("HV01", "plan", "d1").payload == {"by": "A"}


def test_expected_revision_zero_means_new_and_deleted_draft_is_gone(store):
    store.save_draft("HV01", "plan", "d1", {"v": 1}, expected_revision=0)
    with pytest.raises(StaleDraftError):
        store.save_draft("HV01", "plan", "d1", {"v": 2}, expected_revision=0)
    store.delete_draft("HV01", "plan", "d1")
    with pytest.raises(StaleDraftError) as info:
        store.save_draft("HV01", "plan", "d1", {"v": 3}, expected_revision=1)
    assert info.value.key == "storage.draft_gone"
    assert info.value.current_revision is None
    assert store.load_draft("HV01", "plan", "d1") is None


@pytest.mark.parametrize("raw, expected", [
    ("hv-01", "HV-01"), ("  ab_9\t", "AB_9"), ("Ab", "AB"), ("x" * 32, "X" * 32),
])
def test_user_codes_are_normalised(raw, expected):
    assert normalize_user_code(raw) == expected


@pytest.mark.parametrize("bad", [
    "", " ", "a", "x" * 33, "HV 01", "HỌCVIÊN1", "đ01", "ﬀ1", "hv.01", "hv/01", None, 12,
])
def test_bad_user_code_has_a_clear_key(store, bad):
    with pytest.raises(StorageError) as info:
        store.save_draft(bad, "plan", "d1", {})
    assert info.value.key == "storage.bad_user_code"
    assert not info.value.retryable
    assert "32" in info.value.message("vi") and "32" in info.value.message("en")


@pytest.mark.parametrize("call, key", [
    (lambda s: s.save_draft("HV01", "Bad App!", "d1", {}), "storage.bad_app"),
    (lambda s: s.save_draft("HV01", "plan", "../etc", {}), "storage.bad_draft_id"),
    (lambda s: s.save_draft("HV01", "plan", "d1", ["not", "a", "dict"]), "storage.bad_payload"),
    (lambda s: s.save_draft("HV01", "plan", "d1", {"x": {1, 2}}), "storage.bad_payload"),
    (lambda s: s.save_draft("HV01", "plan", "d1", {"x": float("nan")}), "storage.bad_payload"),
    (lambda s: s.save_draft("HV01", "plan", "d1", {"x": "a" * (storage.MAX_PAYLOAD_BYTES + 1)}),
     "storage.payload_too_large"),
    (lambda s: s.record_event("Bad Kind", {}), "storage.bad_kind"),
    (lambda s: s.record_event("score", {}, cohort_code="lớp 1"), "storage.bad_cohort_code"),
])
def test_bad_input_is_rejected_with_a_key_and_nothing_written(store, call, key):
    with pytest.raises(StorageError) as info:
        call(store)
    assert info.value.key == key
    assert store.list_drafts("HV01") == []


def test_overlong_title_and_summary_are_cut(store):
    draft = store.save_draft("HV01", "plan", "d1", {}, title="T" * 500, summary="S" * 900)
    assert len(draft.title) == storage.TITLE_MAX
    assert len(draft.summary) == storage.SUMMARY_MAX


def test_new_draft_ids_are_distinct_and_valid(store):
    ids = {store.new_draft_id() for _ in range(200)}
    assert len(ids) == 200
    for draft_id in list(ids)[:5]:
        store.save_draft("HV01", "plan", draft_id, {})


def test_events_and_cohort_results(store):
    store.record_event("self-assessment.score", {"total": 55, "star": 3},
                       user_code="hv01", cohort_code="bk-2024", app="self-assessment")
    store.record_event("self-assessment.score", {"total": 72, "star": 4},
                       user_code="HV01", cohort_code="BK-2024", app="self-assessment")
    store.record_event("self-assessment.score", {"total": 48, "star": 2},
                       user_code="HV02", cohort_code="BK-2024", app="self-assessment")
    store.record_event("self-assessment.score", {"total": 90, "star": 5},
                       user_code="HV03", cohort_code="OTHER")
    store.record_event("plan.exported", {"format": "xlsx"}, user_code="HV02",
                       cohort_code="BK-2024")

    results = store.cohort_results("bk-2024", "self-assessment.score")
    assert [(e.user_code, e.payload["total"]) for e in results] == [("HV01", 72), ("HV02", 48)]
    assert results[0].app == "self-assessment"
    listed = store.list_events(cohort_code="BK-2024")
    assert [e.kind for e in listed] == ["plan.exported"] + ["self-assessment.score"] * 3
    assert [e.payload.get("total") for e in store.list_events(user_code="HV01")] == [72, 55]


def test_schema_version_is_recorded_once_per_migration(store):
    store.check()
    store.close()
    store.check()  # a second connection migrates nothing
    assert raw_sql(store, "SELECT version FROM schema_version ORDER BY version") == [
        (v,) for v in range(1, SCHEMA_VERSION + 1)]


def test_sqlite_schema_version_and_migration_is_idempotent(tmp_path):
    path = tmp_path / "db.sqlite"
    store = SQLiteStore(path)
    store.check()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    store.close()
    raw = sqlite3.connect(path, isolation_level=None)
    assert storage.migrate(raw) == SCHEMA_VERSION  # second run changes nothing
    assert raw.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_database_from_a_newer_kit_is_refused(store, db_target):
    store.check()
    raw_sql(store, "INSERT INTO schema_version VALUES (?, ?)",
            (SCHEMA_VERSION + 1, "2030-01-01T00:00:00+00:00"))
    with pytest.raises(StorageError) as info:
        open_backend(db_target).save_draft("HV01", "plan", "d1", {})
    assert info.value.key == "storage.schema_too_new"
    assert not info.value.retryable


def test_unavailable_folder_gives_a_message_then_recovers(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    store = SQLiteStore(blocker / "ocop-kit.sqlite")
    with pytest.raises(StorageError) as info:
        store.save_draft("HV01", "plan", "d1", {"v": 1})
    assert info.value.key == "storage.unavailable" and info.value.retryable
    blocker.unlink()
    assert store.save_draft("HV01", "plan", "d1", {"v": 1}).revision == 1


def test_deleted_database_file_is_reopened_not_written_into_the_void(tmp_path):
    path = tmp_path / "db.sqlite"
    store = SQLiteStore(path)
    store.save_draft("HV01", "plan", "d1", {"v": 1})
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"db.sqlite{suffix}").unlink(missing_ok=True)
    store.save_draft("HV01", "plan", "d2", {"v": 2})
    assert path.exists()
    check = sqlite3.connect(path)
    assert check.execute("SELECT draft_id FROM drafts").fetchall() == [("d2",)]
    check.close()


def test_open_store_paths_and_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv(storage.DATA_ENV, str(tmp_path / "var"))
    default = open_store()
    assert default.path == str(tmp_path / "var" / storage.DB_FILENAME)
    assert open_store() is default  # one store (one connection) per process and file
    assert open_store(tmp_path / "var").path == default.path
    assert open_store(tmp_path / "x.db").path == str(tmp_path / "x.db")
    assert open_store(f"sqlite:///{tmp_path}/y.sqlite").path == f"{tmp_path}/y.sqlite"
    memory = open_store("sqlite://")
    assert memory.path == ":memory:"
    memory.save_draft("HV01", "plan", "d1", {"v": 1})
    assert memory.load_draft("HV01", "plan", "d1").payload == {"v": 1}
    with pytest.raises(StorageError) as info:
        open_store("mysql://db/ocop")
    assert info.value.key == "storage.unsupported_url"

    monkeypatch.delenv(storage.DATA_ENV)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert storage.default_data_dir() == tmp_path / "home" / ".local" / "share" / "ocop-kit"


def test_every_storage_key_exists_in_both_languages():
    def keys(lang):
        text = (resources.files("ocop_kit") / "locales" / lang / "storage.json").read_text("utf-8")
        return set(json.loads(text))

    assert keys("vi") == keys("en")
    used = set()
    for module in ("storage.py", "storage_pg.py", "autosave.py"):
        source = (resources.files("ocop_kit") / module).read_text("utf-8")
        used |= {k.strip('"') for k in re.findall(r'"storage\.[a-z_]+"', source)}
    assert used <= keys("vi")
    for key in used:
        assert t(key, "vi") and t(key, "en")


def test_ocop_kit_db_selects_the_database_for_every_app(tmp_path, monkeypatch):
    monkeypatch.setenv(storage.DB_ENV, f"sqlite:///{tmp_path}/shared.sqlite")
    assert open_store().path == f"{tmp_path}/shared.sqlite"
    monkeypatch.setenv(storage.DB_ENV, "postgresql://kit:secret@db.example:5432/ocop")
    chosen = open_store()
    assert type(chosen).__name__ == "PostgresStore"
    assert "secret" not in chosen.path and "secret" not in repr(chosen)
    monkeypatch.delenv(storage.DB_ENV)
    assert isinstance(open_store(), SQLiteStore)


def test_unreachable_postgresql_is_retryable_and_names_no_password():
    pytest.importorskip("psycopg")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = open_backend(f"postgresql://kit:secret@127.0.0.1:{port}/ocop")
    with pytest.raises(StorageError) as info:
        store.save_draft("HV01", "plan", "d1", {"v": 1})
    assert info.value.key == "storage.unavailable" and info.value.retryable
    assert "secret" not in str(info.value.params["path"])


@pytest.mark.postgresql
def test_postgresql_sessions_see_each_others_saves_and_reconnect(pg_url):
    first, second = open_backend(pg_url), open_backend(pg_url)
    draft = first.save_draft("HV01", "plan", "d1", {"v": 1})
    assert second.load_draft("HV01", "plan", "d1").payload == {"v": 1}
    second.save_draft("HV01", "plan", "d1", {"v": 2}, expected_revision=draft.revision)
    with pytest.raises(StaleDraftError):
        first.save_draft("HV01", "plan", "d1", {"v": 3}, expected_revision=draft.revision)
    # The server ends the session (a restart, an idle timeout): the next call fails
    # retryably and the one after reconnects.
    raw_sql(first, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    with pytest.raises(StorageError) as info:
        first.load_draft("HV01", "plan", "d1")
    assert info.value.retryable
    assert first.load_draft("HV01", "plan", "d1").revision == 2
    first.close()
    second.close()

"""Several processes (like several Voila kernels) write to one database at once (SQLite, PostgreSQL)."""
from __future__ import annotations

import multiprocessing
import sqlite3
import threading

from ocop_kit.autosave import Autosaver, ManualScheduler
from ocop_kit.storage import SQLiteStore, StaleDraftError, open_store

from .conftest import open_backend

PROCESSES = 6
WRITES = 50
DRAFTS_PER_PROCESS = 10
COUNTER_BUMPS = 10
APP = "self-assessment"


def _writer(db: str, proc: int, barrier) -> None:
    store = open_store(db)
    barrier.wait(30)
    for i in range(WRITES):
        store.save_draft(f"P{proc}", APP, f"d{i % DRAFTS_PER_PROCESS}",
                         {"proc": proc, "i": i, "note": "Sả chanh <b>&</b>"},
                         title=f"Bản {i}")
        store.record_event("test.write", {"proc": proc, "i": i},
                           user_code=f"P{proc}", cohort_code="K1")
    # Read-modify-write of one shared draft: only optimistic retries keep every bump.
    for _ in range(COUNTER_BUMPS):
        while True:
            draft = store.load_draft("SHARED", APP, "counter")
            payload = {"n": draft.payload["n"] + 1,
                       "by": draft.payload["by"] + [proc]}
            try:
                store.save_draft("SHARED", APP, "counter", payload,
                                 expected_revision=draft.revision)
                break
            except StaleDraftError:
                continue


def _run(ctx, target, args_list):
    procs = [ctx.Process(target=target, args=args) for args in args_list]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    return [p.exitcode for p in procs]


def test_parallel_processes_lose_no_write(db_target):
    db = db_target
    open_store(db).save_draft("SHARED", APP, "counter", {"n": 0, "by": []})
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters, like separate kernels
    barrier = ctx.Barrier(PROCESSES)
    exitcodes = _run(ctx, _writer, [(db, proc, barrier) for proc in range(PROCESSES)])
    assert exitcodes == [0] * PROCESSES

    store = open_backend(db)
    for proc in range(PROCESSES):
        drafts = store.list_drafts(f"P{proc}", APP)
        assert len(drafts) == DRAFTS_PER_PROCESS
        for k in range(DRAFTS_PER_PROCESS):
            draft = store.load_draft(f"P{proc}", APP, f"d{k}")
            last = WRITES - DRAFTS_PER_PROCESS + k
            assert draft.revision == WRITES // DRAFTS_PER_PROCESS
            assert draft.payload == {"proc": proc, "i": last, "note": "Sả chanh <b>&</b>"}
            assert draft.title == f"Bản {last}"
    events = store.list_events(kind="test.write", limit=10_000)
    assert sorted((e.payload["proc"], e.payload["i"]) for e in events) == [
        (p, i) for p in range(PROCESSES) for i in range(WRITES)]
    latest = store.cohort_results("K1", "test.write")
    assert [(e.user_code, e.payload["i"]) for e in latest] == [
        (f"P{p}", WRITES - 1) for p in range(PROCESSES)]
    counter = store.load_draft("SHARED", APP, "counter")
    assert counter.payload["n"] == PROCESSES * COUNTER_BUMPS
    assert sorted(counter.payload["by"]) == sorted(list(range(PROCESSES)) * COUNTER_BUMPS)
    assert counter.revision == PROCESSES * COUNTER_BUMPS + 1
    store.close()


_FORK_STORE = None


def _forked_writer(proc: int, inherited_conn_id: int) -> None:
    # Uses the store inherited from the parent; its connection must not be reused here.
    for i in range(20):
        _FORK_STORE.save_draft(f"F{proc}", APP, f"d{i}", {"proc": proc, "i": i})
    if id(_FORK_STORE._conn) == inherited_conn_id:
        raise SystemExit(3)


def test_store_survives_fork_with_an_open_connection(db_target):
    global _FORK_STORE
    _FORK_STORE = open_backend(db_target)
    _FORK_STORE.save_draft("PARENT", APP, "before", {"v": 1})  # connection now open
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_forked_writer, args=(p, id(_FORK_STORE._conn)))
             for p in range(3)]
    # Another thread (a kernel has several) holds the store's lock at fork time: the
    # children must not inherit it locked.
    held, release = threading.Event(), threading.Event()

    def hold_lock():
        with _FORK_STORE._lock:
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert held.wait(30)
    for p in procs:
        p.start()
    release.set()
    holder.join(30)
    for i in range(20):  # the parent keeps writing meanwhile
        _FORK_STORE.save_draft("PARENT", APP, f"d{i}", {"i": i})
    for p in procs:
        p.join(20)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    for proc in range(3):
        assert len(_FORK_STORE.list_drafts(f"F{proc}")) == 20
    assert len(_FORK_STORE.list_drafts("PARENT")) == 21
    if isinstance(_FORK_STORE, SQLiteStore):
        check = sqlite3.connect(_FORK_STORE.path)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
    else:  # the parent's session outlived its children (none closed it from their side)
        assert _FORK_STORE.load_draft("PARENT", APP, "before").payload == {"v": 1}
    _FORK_STORE.close()
    _FORK_STORE = None


def _hold_write_lock(db: str, ready, release) -> None:
    insert = ("INSERT INTO events (kind, payload, created_at) VALUES ('lock', '{}', "
              "'2024-05-01T08:00:00.000000+00:00')")
    if db.startswith("postgresql://"):
        import psycopg

        conn = psycopg.connect(db)  # a transaction is open until commit()
        # Blocks every other writer of drafts; readers go on.
        conn.execute("LOCK TABLE drafts IN SHARE ROW EXCLUSIVE MODE")
    else:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    conn.execute(insert)
    ready.set()
    release.wait(60)
    conn.commit() if db.startswith("postgresql://") else conn.execute("COMMIT")
    conn.close()


def test_autosaver_waits_out_a_lock_held_by_another_process(db_target):
    db = db_target
    store = open_backend(db, busy_timeout_ms=100)
    store.check()
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(db, ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        statuses = []
        sched = ManualScheduler()
        saver = Autosaver(store, "HV01", APP, "d1", scheduler=sched,
                          on_status=lambda *s: statuses.append(s))
        payload = {"note": "Trà hoa vàng Ba Chẽ — <i>đạt 4 sao?</i>", "answers": {"A.1": 2}}
        saver.changed(payload)
        sched.run_next()  # waits busy_timeout, then gives up for now
        assert statuses == [("saving", "storage.saving"), ("pending", "storage.locked")]
        assert saver.pending_payload == payload
        assert saver.flush() is False  # still locked: still pending, still in memory
        assert saver.state == "pending"
        # Other sessions can still read while one holds the write lock (WAL, MVCC).
        assert store.list_drafts("HV01") == []
    finally:
        release.set()
        holder.join(30)
    assert holder.exitcode == 0
    assert sched.run_next()  # the scheduled retry
    assert statuses[-1] == ("saved", "storage.saved")
    draft = store.load_draft("HV01", APP, "d1")
    assert draft.payload == payload and draft.revision == 1
    assert not saver.has_unsaved
    assert len(store.list_events(kind="lock")) == 1  # the other process's write is kept too
    store.close()


def test_racing_first_saves_of_one_new_draft(db_target):
    """Sessions that all create the same draft at once: with ``expected_revision=0`` one
    wins and the others are told it exists; unconditional saves all land, in turn."""
    sessions = 8
    stores = [open_backend(db_target) for _ in range(sessions)]
    stores[0].check()  # the schema exists before the race
    barrier = threading.Barrier(sessions)
    outcomes: list = [None] * sessions

    def race(i, draft_id, expected):
        barrier.wait(30)
        try:
            outcomes[i] = stores[i].save_draft("HV01", APP, draft_id, {"by": i},
                                               expected_revision=expected).revision
        except StaleDraftError as exc:
            outcomes[i] = ("stale", exc.current_revision)
        except Exception as exc:  # noqa: BLE001 -- reported by the assertion below
            outcomes[i] = ("error", repr(exc))

    for draft_id, expected in (("new", 0), ("anyhow", None)):
        threads = [threading.Thread(target=race, args=(i, draft_id, expected))
                   for i in range(sessions)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        if expected == 0:
            assert sorted(outcomes, key=str) == [("stale", 1)] * (sessions - 1) + [1]
            winner = outcomes.index(1)
            assert stores[0].load_draft("HV01", APP, "new").payload == {"by": winner}
        else:
            assert sorted(outcomes, key=str) == list(range(1, sessions + 1))
    for store in stores:
        store.close()

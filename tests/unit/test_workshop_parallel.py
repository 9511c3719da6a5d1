"""A class of 30 saving at the same moment: 30 processes (like 30 Voila kernels) join one
workshop, then save and submit through the real SQLite store at once; nothing is lost."""
from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

from ocop_kit import services
from ocop_kit import workshop as ws
from ocop_kit.apps.assessment import APP_ID
from ocop_kit.services import workshop_summary
from ocop_kit.storage import FINAL_STATES, SQLiteStore, open_store

TRAINEES = 30
SAVES = 8  # autosaves of one draft, as typing goes on
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "answers" / "moc-nhi-kho-minh-anh-2026.json"


def _payload(n: int, i: int) -> dict:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return {"schema": 1, "app": APP_ID, "rubric": doc["rubric"], "set": doc["set"],
            "info": {"product": f"Mộc nhĩ {n}", "note": f"lần {i}"}, "answers": doc["answers"],
            "facts": doc["facts"]}


def _trainee(db: str, code: str, n: int, barrier) -> None:
    store = open_store(db)
    barrier.wait(120)  # everyone joins at once ...
    trainee = ws.join(store, code, f"Học viên {n:02d}", f"{n:04d}")
    barrier.wait(120)  # ... and saves at once
    for i in range(SAVES):
        store.save_draft(trainee.owner, APP_ID, "d", _payload(n, i), title=f"Mộc nhĩ {n}")
    store.set_draft_state(trainee.owner, APP_ID, "d", "submitted")


def test_thirty_trainees_saving_at_once_lose_nothing(tmp_path):
    db = str(tmp_path / "ocop-kit.sqlite")
    store = SQLiteStore(db)
    room = ws.create_workshop(store, "Lớp đông", "mật khẩu giảng viên")
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters, like separate kernels
    barrier = ctx.Barrier(TRAINEES)
    procs = [ctx.Process(target=_trainee, args=(db, room.join_code, n, barrier)) for n in range(TRAINEES)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(240)
    assert [p.exitcode for p in procs] == [0] * TRAINEES

    roster = services.roster(store, room)
    assert sorted(r.name for r in roster.rows) == [f"Học viên {n:02d}" for n in range(TRAINEES)]
    assert roster.count(APP_ID, ws.SUBMITTED) == TRAINEES
    for n in range(TRAINEES):
        trainee = ws.join(store, room.join_code, f"học viên {n:02d}", f"{n:04d}")  # same name + PIN
        draft = store.load_draft(trainee.owner, APP_ID, "d")
        assert draft.revision == SAVES and draft.state in FINAL_STATES
        assert draft.payload == _payload(n, SAVES - 1)
    summary = workshop_summary(store, room.join_code)
    assert summary.size == TRAINEES and summary.skipped == 0 and summary.not_counted == 0
    store.close()

"""Class view over a large workshop: 300 trainees × 2 submitted documents (a self-assessment
and a business plan), in a fresh SQLite file.

Times, in this process (the facilitator's kernel), median and worst of ``--repeats`` runs:

- ``query``: the storage queries the class view makes (newest submitted per trainee, both
  apps, and the activity counts) — the target is < 200 ms;
- ``assessments``: the class figures (query + scoring every submitted self-assessment);
- ``plans first``: plan viability (query + the 36-month cash flow of every submitted plan),
  run once; ``plans again``: the same with the figures of unchanged plans reused;
- ``roster``: who joined / started / submitted.

    .venv/bin/python benchmarks/class_view.py [--trainees 300] [--repeats 5]
"""
from __future__ import annotations

import argparse
import copy
import json
import statistics
import tempfile
import time
from pathlib import Path

from ocop_kit import workshop as ws
from ocop_kit.apps.assessment import APP_ID
from ocop_kit.apps.business_plan import APP_ID as PLAN_APP
from ocop_kit.apps.business_plan import PlanState
from ocop_kit.services import roster, workshop_plan_viability, workshop_summary
from ocop_kit.storage import SQLiteStore

TARGET_MS = 200
ANSWERS = Path(__file__).resolve().parents[1] / "data" / "samples" / "answers"
PLANS = ("huong-ngan-tinh-dau-sa", "mien-dong-tai-hoan")


def assessment_payloads() -> list[dict]:
    out = []
    for path in sorted(ANSWERS.glob("*-2026.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.append({"schema": 1, "app": APP_ID, "rubric": doc["rubric"], "set": doc["set"],
                    "info": {"product": doc["product"]}, "answers": doc["answers"], "facts": doc["facts"]})
    return out


def build(path: Path, trainees: int) -> ws.Workshop:
    store = SQLiteStore(path)
    room = ws.create_workshop(store, "Lớp đo thời gian", "mật khẩu giảng viên")
    pin = ws.hash_secret("1234")  # one hash for all: scrypt is the join's cost, not the view's
    answers = assessment_payloads()
    plans = [PlanState.from_sample(name).to_payload() for name in PLANS]
    for n in range(trainees):
        row = store.insert_trainee(room.id, f"học viên {n:03d}", f"Học viên {n:03d}", pin)
        owner = ws.OwnerKey(room.join_code, row["id"])
        plan = copy.deepcopy(plans[n % len(plans)])
        plan["plan"]["finance"]["opening_cash"] = 1000 * n  # every plan its own: nothing computed twice
        for app, payload in ((APP_ID, answers[n % len(answers)]), (PLAN_APP, plan)):
            store.save_draft(owner, app, "d", payload)
            store.set_draft_state(owner, app, "d", "submitted")
    store.close()
    return room


def timed(fn, repeats: int) -> tuple[float, float, object]:
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="ocop-bench-")) / "class.sqlite"
    start = time.perf_counter()
    room = build(path, args.trainees)
    print(f"{args.trainees} trainees × 2 submitted documents written in {time.perf_counter() - start:.1f} s")
    store = SQLiteStore(path)  # a fresh connection, as a facilitator's kernel has

    def query():
        return (store.workshop_drafts(room.join_code, APP_ID), store.workshop_drafts(room.join_code, PLAN_APP),
                store.workshop_activity(room.join_code))

    results = [
        ("query", *timed(query, args.repeats)),
        ("assessments", *timed(lambda: workshop_summary(store, room.join_code), args.repeats)),
        ("plans first", *timed(lambda: workshop_plan_viability(store, room.join_code), 1)),
        ("plans again", *timed(lambda: workshop_plan_viability(store, room.join_code), args.repeats)),
        ("roster", *timed(lambda: roster(store, room), args.repeats)),
    ]
    drafts, plans, _ = results[0][3]
    summary, viability = results[1][3], results[2][3]
    assert len(drafts) == len(plans) == summary.size == viability.readable == args.trainees
    print(f"{'step':<12} {'median ms':>10} {'worst ms':>10}")
    for name, med, worst, _ in results:
        print(f"{name:<12} {med:>10.1f} {worst:>10.1f}")
    query_ms = results[0][1]
    verdict = "met" if query_ms < TARGET_MS else "NOT met"
    print(f"target: class view query < {TARGET_MS} ms over {args.trainees} trainees × 2 documents: {verdict}")


if __name__ == "__main__":
    main()

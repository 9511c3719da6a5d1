"""Server-side time from a changed answer to the updated star, in the self-assessment app.

Builds the app in this process exactly as a Voila kernel does (no browser), starts a set,
then changes answers through the widgets and times until the summary holds the new total.
The time a comm message spends on the wire is not included: this is the kernel's share.

    .venv/bin/python benchmarks/answer_latency.py [--set SLUG] [--repeats 200] [--plan-tab]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from ocop_kit.autosave import ManualScheduler
from ocop_kit.storage import open_store
from ocop_kit.views.assessment import build_app


def measure(set_slug: str, repeats: int, plan_tab: bool) -> list[float]:
    os.environ.setdefault("OCOP_KIT_DATA", tempfile.mkdtemp(prefix="ocop-bench-"))
    app = build_app(lang="vi", store=open_store(tempfile.mkdtemp() + "/b.sqlite"), scheduler=ManualScheduler())
    app.shell.login("BENCH-01", "Đo thời gian")
    app.start_new(set_slug)
    for part in app.model.version.parts:
        app.form.build_part(part)
    if plan_tab:
        app.work_tabs.selected_index = 1
    codes = [c.code for c in app.model.cset.criteria]
    times = []
    for i in range(repeats):
        code = codes[i % len(codes)]
        levels = app.model.cset.by_code()[code].points
        points = levels[(i // len(codes)) % len(levels)]
        start = time.perf_counter()
        app.answer(code, points)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="che-bien-tu-rau-cu-qua-hat")
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--plan-tab", action="store_true", help="keep the upgrade-plan tab open while answering")
    args = parser.parse_args()
    times = measure(args.set, args.repeats, args.plan_tab)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"answer -> updated star ({args.set}, {'plan tab open' if args.plan_tab else 'criteria tab'}): "
          f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
          f"over {len(times)} answers")


if __name__ == "__main__":
    main()

"""The kit on JupyterHub against the laptop mode, in one run (issue 14).

N users (default 10 and 30) sign in at once through a real hub (deploy/jupyterhub_config.py:
configurable-http-proxy, NativeAuthenticator, one server per user with SimpleLocalProcessSpawner,
SQLite for the hub and the kit on this one machine) and open the self-assessment: the hub starts
their servers, the page renders, then the widget state arrives over the kernel websocket through
the proxy (what a browser waits for before its first control works; the browser's own script
loading, about 1.5 s, is on the trainee's device). Measured per user: failed pages, seconds from
sign-in to the first usable control, memory (USS and PSS of the user's server plus its kernel)
and CPU-seconds. Beside it, the laptop mode (`make serve --class-size N --app tu-danh-gia`, the
same N opening the app at once), with benchmarks/run.py's own client and figures.

    .venv/bin/python benchmarks/hub.py                 # 10 and 30 users
    .venv/bin/python benchmarks/hub.py --users 10      # one size
    .venv/bin/python benchmarks/hub.py --write-docs    # into docs/scaling.md
"""
from __future__ import annotations

import argparse
import re
import sys
import threading
import time
import urllib.error
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websocket

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

import run as laptop  # noqa: E402 - benchmarks/run.py: the laptop client, figures and helpers

from ocop_kit.serving import pool_sizes  # noqa: E402
from tests.hub.hub_server import HubClient, start_hub  # noqa: E402

APP = "tu-danh-gia.ipynb"
PASSWORD = "bench lop tap huan 2026"


@dataclass
class HubSession:
    user: str
    ok: bool = False
    reason: str = ""
    seconds: float = 0.0  # sign-in → widget state
    page_seconds: float = 0.0  # sign-in → rendered page (server started, notebook run)


@dataclass
class HubRun:
    n: int
    sessions: list = field(default_factory=list)
    uss: float = 0.0  # per user: server + kernel
    pss: float = 0.0
    server_uss: float = 0.0  # per user: the server alone
    kernel_uss: float = 0.0
    cpu_per_user: float = 0.0
    hub_uss: float = 0.0  # the hub, proxy and culler together

    @property
    def seconds(self):
        return [s.seconds for s in self.sessions if s.ok]

    @property
    def failed(self):
        return [s for s in self.sessions if not s.ok]


def hub_session(hub_url: str, user: str, timeout: float, start: threading.Barrier) -> HubSession:
    s = HubSession(user)
    client = HubClient(hub_url)
    start.wait()
    t0 = time.monotonic()
    try:
        client.sign_in(user, PASSWORD)
        while True:  # the hub shows spawn-pending until the user's server answers
            with client.get(f"/user/{user}/voila/render/{APP}", timeout=timeout) as resp:
                html = resp.read().decode("utf-8", errors="replace")
                if "spawn-pending" not in resp.url:
                    break
            if time.monotonic() - t0 > timeout:
                return _fail(s, "server not started in time")
            time.sleep(1)
        s.page_seconds = time.monotonic() - t0
        kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
        if not kernel or "application/vnd.jupyter.widget-view+json" not in html:
            return _fail(s, "no widget in page")
        if '"output_type": "error"' in html or "voila-error" in html:
            return _fail(s, "error output in page")
        sid = uuid.uuid4().hex
        # Short socket timeouts and a deadline of our own: the server's websocket pings (every
        # 30 s) would restart a long timeout for ever when a kernel never answers.
        ws = websocket.create_connection(
            f"{hub_url.replace('http', 'ws', 1)}/user/{user}/api/kernels/{kernel.group(1)}/channels"
            f"?session_id={sid}", timeout=10, cookie=client.cookie_header(),
            subprotocols=[laptop.WS_PROTOCOL])
        try:
            comm = uuid.uuid4().hex
            ws.send_binary(laptop._msg("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                                     "data": {}}, sid, {"version": "1.0.0"}))
            ws.send_binary(laptop._msg("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, sid))
            while True:
                if time.monotonic() - t0 > timeout:
                    return _fail(s, "no widget state in time")
                try:
                    msg_type, content = laptop._recv(ws)
                except websocket.WebSocketTimeoutException:
                    continue
                data = content.get("data", {})
                if msg_type == "comm_msg" and data.get("method") == "update_states":
                    if not data.get("states"):
                        return _fail(s, "empty widget state")
                    break
        finally:
            ws.close()
        s.ok, s.seconds = True, time.monotonic() - t0
    except Exception as exc:  # noqa: BLE001 - a failed page, whatever the cause
        detail = exc.read().decode(errors="replace")[:80] if isinstance(exc, urllib.error.HTTPError) else ""
        return _fail(s, f"{type(exc).__name__}: {exc} {detail}"[:160])
    return s


def _fail(s: HubSession, reason: str) -> HubSession:
    s.ok, s.reason = False, laptop._one_line(reason)
    return s


def hub_run(n: int, timeout: float) -> HubRun:
    users = [f"hv{i:02d}" for i in range(1, n + 1)]
    hub = start_hub({"OCOP_HUB_WORKSHOPS": "bench:" + ",".join(users), "OCOP_HUB_FACILITATORS": "gv01"})
    run = HubRun(n)
    try:
        for user in users:  # accounts exist before the class starts
            HubClient(hub.url).sign_up(user, PASSWORD)
        hub_procs = [psutil.Process(hub.proc.pid), *psutil.Process(hub.proc.pid).children()]
        cpu0 = laptop.cpu_seconds(hub_procs)
        barrier = threading.Barrier(n)
        results: list = [None] * n

        def worker(i):
            results[i] = hub_session(hub.url, users[i], timeout, barrier)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        run.sessions = results
        time.sleep(3)  # let the kernels settle after sending their state
        servers = hub.user_servers()
        per_server, per_kernel, all_procs = [], [], []
        for proc in servers.values():
            kernels = laptop.kernels_under(proc)
            per_server.append(laptop.memory_mb([proc]))
            per_kernel.append(laptop.memory_mb(kernels))
            all_procs += [proc, *kernels]
        count = max(1, len(servers))
        run.server_uss = sum(m[0] for m in per_server) / count
        run.kernel_uss = sum(m[0] for m in per_kernel) / count
        run.uss = run.server_uss + run.kernel_uss
        run.pss = (sum(m[1] for m in per_server) + sum(m[1] for m in per_kernel)) / count
        run.cpu_per_user = (laptop.cpu_seconds(hub_procs + all_procs) - cpu0) / n
        run.hub_uss = laptop.memory_mb([p for p in hub_procs if p.is_running()])[0]
    finally:
        hub.stop()
    return run


def laptop_run(n: int, timeout: float, idle: float) -> laptop.ClassRun:
    server = laptop.Server([REPO / "notebooks" / APP], pools_for=lambda root: pool_sizes(root, n, [APP]),
                           label=f"make serve --class-size {n}")
    try:
        server.wait_ready(sum(server.pools.values()), timeout=600)
        time.sleep(idle)
        run = laptop.class_run(server, APP, n, timeout)
        run.server_uss = laptop.memory_mb([server.ps])[0]
    finally:
        server.stop()
    return run


def report(results: list, started: str, load_before: str, load_after: str, minutes: float) -> str:
    f0, f2 = laptop.f0, laptop.f2
    lines = [
        f"_Measured {started}. Load average before: {load_before}; after: {load_after}. Machine: 2 cores, "
        f"24 GiB RAM, shared with other work. Run time {minutes:.0f} min._", "",
        "| N at once | mode | failed / pages | first usable control, median (s) | p95 (s) | "
        "memory per user, USS (MB) | PSS (MB) | of which server / kernel (USS, MB) | CPU-s per user |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, hub, lap in results:
        if hub is not None:
            lines.append(
                f"| {n} | hub: sign-in → own server → page → widget state | {len(hub.failed)} / {n} | "
                f"{f2(laptop.median(hub.seconds))} | {f2(laptop.p95(hub.seconds))} | {f0(hub.uss)} | {f0(hub.pss)} | "
                f"{f0(hub.server_uss)} / {f0(hub.kernel_uss)} | {f2(hub.cpu_per_user)} |")
            reasons = sorted({s.reason for s in hub.failed})
            if reasons:
                lines.append(f"| | failures: {'; '.join(reasons)[:300]} | | | | | | | |")
        if lap is not None:
            share = getattr(lap, "server_uss", 0.0) / n
            lines.append(
                f"| {n} | laptop: `make serve --class-size {n}`, preheated | {lap.failed} / {n} | "
                f"{f2(laptop.median(lap.seconds))} | {f2(laptop.p95(lap.seconds))} | {f0(lap.uss + share)} | "
                f"{f0(lap.pss + share)} | {f0(share)} (Voila's share) / {f0(lap.uss)} | {f2(lap.cpu_per_page)} |")
    hub_memory = [h.hub_uss for _n, h, _l in results if h is not None]
    if hub_memory:
        lines += ["", f"The hub itself (JupyterHub, proxy, idle culler): {f0(max(hub_memory))} MB USS."]
    return "\n".join(lines)


def write_docs(table: str) -> None:
    path = REPO / "docs" / "scaling.md"
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- hub-bench:start -->", "<!-- hub-bench:end -->"
    block = f"{start}\n{table}\n{end}"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text += "\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, action="append", help="users at once (repeatable; default 10 and 30)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds a user may wait (default 300)")
    ap.add_argument("--idle", type=float, default=150.0,
                    help="laptop mode: seconds the ready server waits, as before a class (default 150, as run.py)")
    ap.add_argument("--no-laptop", action="store_true", help="skip the laptop mode")
    ap.add_argument("--write-docs", action="store_true", help="write the table into docs/scaling.md")
    args = ap.parse_args(argv)
    sizes = args.users or [10, 30]
    started, load_before, t0 = time.strftime("%Y-%m-%d %H:%M"), laptop.uptime(), time.monotonic()
    results = []
    for n in sizes:
        laptop.log(f"hub: {n} users at once")
        hub = hub_run(n, args.timeout)
        laptop.log(f"hub {n}: failed {len(hub.failed)}, median {laptop.median(hub.seconds)}, {hub.uss:.0f} MB/user")
        lap = None
        if not args.no_laptop:
            laptop.log(f"laptop: {n} at once")
            lap = laptop_run(n, args.timeout, args.idle)
            laptop.log(f"laptop {n}: failed {lap.failed}, median {laptop.median(lap.seconds)}")
        results.append((n, hub, lap))
    table = report(results, started, load_before, laptop.uptime(), (time.monotonic() - t0) / 60)
    print(table)
    if args.write_docs:
        write_docs(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

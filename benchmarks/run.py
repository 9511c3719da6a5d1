"""Measure the kit's Voila apps against a plain pandas+matplotlib baseline, side by side.

    .venv/bin/python benchmarks/run.py [--quick] [--app notebooks/x.ipynb ...] [--write-docs]

For every notebook (baseline, light, then each --app), on one server started with the
kit's own settings (ocop_kit.serving.voila_argv):

* single user, cold: seconds from navigation to the first visible widget in headless
  Chromium (median of the repeats); with ``--preheat K`` also on a second server with a
  pool of K preheated kernels per notebook;
* N = 10, 20, 40 sessions opened at once by an HTTP + websocket client (no browsers, so
  the server keeps both cores). A session is *finished* when the full page has arrived
  (Voila 0.5 streams it; the last script is ``window.voila_finish()``), it holds at least
  one widget view and no error output, and the page's kernel answered the widget
  manager's ``request_states`` on its websocket, as a browser does. Anything else within
  ``--session-timeout`` seconds counts as a failed page;
* kernel memory per session (PSS of the kernel processes, psutil), CPU-seconds per page
  open (Voila server + kernel), and whether every kernel is gone within 60 s after its
  sessions close (closed the way Voila's tab-close beacon does it).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websocket
from jupyter_server.services.kernels.connection.base import (deserialize_msg_from_ws_v1,
                                                            serialize_msg_to_ws_v1)

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from ocop_kit.serving import voila_argv  # noqa: E402

BENCH = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST_WIDGET = "#rendered_cells .jupyter-widgets"
XSRF = uuid.uuid4().hex
GONE_WITHIN = 60.0


# ---------------------------------------------------------------- server
class Server:
    def __init__(self, notebooks: list[Path], extra: list[str] = (), without: list[str] = ()):
        self.tmp = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
        self.root = self.tmp / "apps"
        self.root.mkdir()
        for nb in notebooks:
            (self.root / nb.name).symlink_to(nb.resolve())
        (self.tmp / "data").mkdir()
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        argv = voila_argv(self.root, port=self.port, data_dir=self.tmp / "data")
        argv = [a for a in argv if not any(a.startswith(f"--{w}=") for w in without)]
        self.argv = argv + list(extra)
        self.log = open(self.tmp / "voila.log", "wb")
        self.proc = subprocess.Popen(self.argv, stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.tmp, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "voila/", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("Voila did not start; see " + str(self.tmp / "voila.log"))
                time.sleep(0.2)
        self.ps = psutil.Process(self.proc.pid)

    def kernels(self) -> list[psutil.Process]:
        out = []
        for p in self.ps.children(recursive=True):
            try:
                if "ipykernel" in " ".join(p.cmdline()):
                    out.append(p)
            except psutil.Error:
                pass
        return out

    def kernel_exists(self, kid: str) -> bool:
        try:
            urllib.request.urlopen(f"{self.base}api/kernels/{kid}", timeout=10)
            return True
        except urllib.error.HTTPError as err:
            return err.code != 404

    def shutdown_kernel(self, kid: str) -> None:
        """What Voila's beforeunload beacon does: POST with the _xsrf cookie as token."""
        req = urllib.request.Request(f"{self.base}voila/api/shutdown/{kid}",
                                     data=f"_xsrf={XSRF}".encode(), method="POST")
        req.add_header("Cookie", f"_xsrf={XSRF}")
        try:
            urllib.request.urlopen(req, timeout=30)
        except urllib.error.HTTPError:
            pass

    def stop(self) -> None:
        kids = self.ps.children(recursive=True)
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
        _, alive = psutil.wait_procs(kids, timeout=5)
        for p in alive:
            p.kill()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def cpu_seconds(procs) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def pss_mb(procs) -> float:
    total = 0
    for p in procs:
        try:
            total += p.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 2**20


# ---------------------------------------------------------------- one session
@dataclass
class Session:
    ok: bool = False
    reason: str = ""
    seconds: float = 0.0
    kernel: str = ""
    ws: object = None


# Browsers (JupyterLab 4 services) talk to kernels with the binary v1 websocket protocol;
# the client does too. (The legacy JSON protocol is a different server path: with a binary
# widget state such as an empty ipywidgets.Image it never answers request_states.)
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
PREHEAT_SETTLE = 8.0  # seconds for a used pool kernel to be replaced (measured: 2–5 s for the apps)


def _msg(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> bytes:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
              "username": "bench", "date": "", "version": "5.3"}
    parts = [json.dumps(x).encode("utf-8") for x in (header, {}, metadata or {}, content)]
    return serialize_msg_to_ws_v1(parts, "shell")


def _recv(ws) -> tuple[str, dict]:
    """(msg_type, content) of the next message on the websocket."""
    _channel, parts = deserialize_msg_from_ws_v1(ws.recv())
    return json.loads(parts[0]).get("msg_type", ""), json.loads(parts[3])


def open_session(server: Server, notebook: str, timeout: float, start: threading.Barrier) -> Session:
    s = Session()
    start.wait()
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(f"{server.base}voila/render/{notebook}", timeout=timeout) as resp:
            html = resp.read().decode("utf-8", errors="replace")
        m = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
        s.kernel = m.group(1) if m else ""
        if "window.voila_finish()" not in html:
            return _fail(s, "page never finished")
        if "application/vnd.jupyter.widget-view+json" not in html:
            return _fail(s, "no widget in page")
        if '"output_type": "error"' in html or "voila-error" in html:
            return _fail(s, "error output in page")
        sid = uuid.uuid4().hex
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/api/kernels/{s.kernel}/channels?session_id={sid}",
            timeout=max(1.0, timeout - (time.monotonic() - t0)), cookie=f"_xsrf={XSRF}",
            subprotocols=[WS_PROTOCOL])
        s.ws = ws
        comm = uuid.uuid4().hex
        ws.send_binary(_msg("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                          "data": {}}, sid, {"version": "1.0.0"}))
        ws.send_binary(_msg("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, sid))
        while True:
            msg_type, content = _recv(ws)
            data = content.get("data", {})
            if msg_type == "comm_msg" and data.get("method") == "update_states":
                if not data.get("states"):
                    return _fail(s, "empty widget state")
                break
        s.ok, s.seconds = True, time.monotonic() - t0
    except Exception as exc:  # a failed page, whatever the cause
        return _fail(s, f"{type(exc).__name__}: {exc}"[:120])
    return s


def _fail(s: Session, reason: str) -> Session:
    s.ok, s.reason = False, reason
    return s


# ---------------------------------------------------------------- batches
@dataclass
class Batch:
    n: int
    seconds: list = field(default_factory=list)
    failed: int = 0
    reasons: list = field(default_factory=list)
    pss_per_session: float = 0.0
    cpu_per_page: float = 0.0
    gone_after: float | None = None  # seconds until every kernel was gone; None = not within 60 s


def run_batch(server: Server, notebook: str, n: int, timeout: float) -> Batch:
    batch = Batch(n)
    before = {p.pid for p in server.kernels()}
    server_cpu0 = cpu_seconds([server.ps])
    barrier = threading.Barrier(n)
    results: list[Session] = [None] * n

    def worker(i):
        results[i] = open_session(server, notebook, timeout, barrier)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kernels = [p for p in server.kernels() if p.pid not in before]
    batch.pss_per_session = pss_mb(kernels) / n
    batch.cpu_per_page = (cpu_seconds([server.ps]) - server_cpu0 + cpu_seconds(kernels)) / n
    for r in results:
        if r.ok:
            batch.seconds.append(r.seconds)
        else:
            batch.failed += 1
            batch.reasons.append(r.reason)
    # Close every session like a closing tab: websocket closed, shutdown beacon sent.
    closed = time.monotonic()
    for r in results:
        if r.ws is not None:
            r.ws.close()
        if r.kernel:
            server.shutdown_kernel(r.kernel)
    ids = [r.kernel for r in results if r.kernel]
    while time.monotonic() - closed < GONE_WITHIN:
        if not any(server.kernel_exists(k) for k in ids) and not [
                p for p in server.kernels() if p.pid not in before and p.is_running()]:
            batch.gone_after = time.monotonic() - closed
            break
        time.sleep(0.5)
    return batch


def single_user(server: Server, notebook: str, repeats: int, settle: float = 2.0) -> list[float]:
    """Seconds from navigation to the first visible widget, one page at a time.

    ``settle``: the pause after each page, for its kernel to stop and (preheated) for the
    pool to refill — the case measured is a trainee arriving at a ready server.
    """
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for _ in range(repeats):
            ctx = browser.new_context()
            page = ctx.new_page()
            t0 = time.monotonic()
            page.goto(f"{server.base}voila/render/{notebook}", timeout=120_000)
            page.locator(FIRST_WIDGET).first.wait_for(state="visible", timeout=120_000)
            times.append(time.monotonic() - t0)
            page.close(run_before_unload=True)
            ctx.close()
            time.sleep(settle)
        browser.close()
    return times


# ---------------------------------------------------------------- report
def fmt_ratio(value, base):
    if value is None or base in (None, 0):
        return ""
    return f" ({value / base:.2f}×)"


def median(xs):
    return statistics.median(xs) if xs else None


def p95(xs):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def report(results: dict, ns: list[int], repeats: int, preheat: int, argv_cmd: str,
           flags: list[str]) -> str:
    names = list(results)
    base = results[names[0]]
    lines = []
    head = "| notebook | single user, cold: first widget (s) |"
    sep = "|---|---|"
    if preheat:
        head += f" preheated (pool {preheat}) (s) |"
        sep += "---|"
    head += " kernel PSS per session (MB) | CPU-s per page open | failed pages |"
    sep += "---|---|---|"
    lines += [head, sep]

    def agg(r):
        batches = [b for n in ns for b in r["batches"][n]]
        pss = median([b.pss_per_session for b in batches if b.n - b.failed > 0])
        cpu = median([b.cpu_per_page for b in batches])
        failed = sum(b.failed for b in batches)
        loads = sum(b.n for b in batches)
        return pss, cpu, failed, loads

    bpss, bcpu, _, _ = agg(base)
    bcold = median(base["cold"])
    bhot = median(base.get("hot", []))
    for name in names:
        r = results[name]
        pss, cpu, failed, loads = agg(r)
        cold = median(r["cold"])
        row = f"| {name} | {cold:.2f}{fmt_ratio(cold, bcold)} |"
        if preheat:
            hot = median(r.get("hot", []))
            row += f" {hot:.2f}{fmt_ratio(hot, bhot)} |" if hot else " – |"
        row += (f" {pss:.0f}{fmt_ratio(pss, bpss)} | {cpu:.2f}{fmt_ratio(cpu, bcpu)} |"
                f" {failed} of {loads} |")
        lines.append(row)
    lines += ["", "Sessions opened at once (HTTP + websocket client; time until the page and "
              "its widget state have arrived):", "",
              "| notebook | N | median (s) | p95 (s) | failed / loads | PSS per session (MB) "
              "| CPU-s per page | all kernels gone after close |",
              "|---|---|---|---|---|---|---|---|"]
    for name in names:
        for n in ns:
            bs = results[name]["batches"][n]
            secs = [s for b in bs for s in b.seconds]
            failed = sum(b.failed for b in bs)
            gone = [b.gone_after for b in bs]
            gone_txt = (f"yes, ≤ {max(gone):.1f} s" if all(g is not None for g in gone)
                        else f"NO in {sum(g is None for g in gone)} of {len(gone)} runs")
            med, p = median(secs), p95(secs)
            lines.append(
                f"| {name} | {n} | {med:.2f} | {p:.2f} | {failed} / {n * len(bs)} | "
                f"{median([b.pss_per_session for b in bs]):.0f} | "
                f"{median([b.cpu_per_page for b in bs]):.2f} | {gone_txt} |"
                if secs else f"| {name} | {n} | – | – | {failed} / {n * len(bs)} | – | – | {gone_txt} |")
            reasons = sorted({r for b in bs for r in b.reasons})
            if reasons:
                lines.append(f"|  | | failures: {'; '.join(reasons)[:200]} | | | | | |")
    lines += ["", f"Repeats per N: {repeats}. Ratios are against `{names[0]}`. "
              f"Machine: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM. "
              f"Server flags: `{' '.join(flags)}`.",
              "", "Reproduce:", "", "```", argv_cmd, "```"]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--app", action="append", default=[], type=Path,
                    help="an app notebook to measure next to the baseline (repeatable)")
    ap.add_argument("--quick", action="store_true", help="N=10 only, 1 repeat")
    ap.add_argument("--repeats", type=int, default=3, help="repeats per N (default 3)")
    ap.add_argument("--sizes", default="10,20,40", help="concurrent session counts")
    ap.add_argument("--preheat", type=int, default=0, metavar="K",
                    help="also time single-user loads with K preheated kernels per notebook")
    ap.add_argument("--session-timeout", type=float, default=180.0)
    ap.add_argument("--no-light", action="store_true", help="skip benchmarks/light.ipynb")
    ap.add_argument("--without", action="append", default=[], metavar="OPTION",
                    help="drop one of the kit's settings, e.g. KernelManager.client_class (A/B runs)")
    ap.add_argument("--write-docs", action="store_true", help="write docs/benchmarks.md")
    args = ap.parse_args(argv)
    # Stop the servers (finally: blocks) when the run is interrupted or killed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ns = [10] if args.quick else [int(x) for x in args.sizes.split(",")]
    repeats = 1 if args.quick else args.repeats
    cold_repeats = 3 if args.quick else 5

    notebooks = [BENCH / "baseline.ipynb"] + ([] if args.no_light else [BENCH / "light.ipynb"])
    notebooks += [p.resolve() for p in args.app]
    results: dict = {}
    server = Server(notebooks, without=args.without)
    try:
        for nb in notebooks:
            print(f"[bench] {nb.name}: single user", file=sys.stderr)
            results[nb.name] = {"cold": single_user(server, nb.name, cold_repeats), "batches": {}}
            for n in ns:
                results[nb.name]["batches"][n] = []
                for i in range(repeats):
                    b = run_batch(server, nb.name, n, args.session_timeout)
                    print(f"[bench] {nb.name} N={n} run {i + 1}: failed {b.failed}, "
                          f"median {median(b.seconds) or 0:.2f} s, gone {b.gone_after}", file=sys.stderr)
                    results[nb.name]["batches"][n].append(b)
    finally:
        server.stop()
    if args.preheat:
        hot = Server(notebooks, ["--preheat_kernel=True", f"--pool_size={args.preheat}"], args.without)
        try:
            time.sleep(10 + 3 * len(notebooks) * args.preheat)  # pools fill in the background
            for nb in notebooks:
                print(f"[bench] {nb.name}: single user, preheated", file=sys.stderr)
                results[nb.name]["hot"] = single_user(hot, nb.name, cold_repeats, settle=PREHEAT_SETTLE)
        finally:
            hot.stop()

    cmd = ".venv/bin/python benchmarks/run.py" + (" --quick" if args.quick else "")
    if not args.quick and (args.repeats != 3 or args.sizes != "10,20,40"):
        cmd += f" --repeats {args.repeats} --sizes {args.sizes}"
    cmd += f" --preheat {args.preheat}" if args.preheat else ""
    cmd += " --no-light" if args.no_light else ""
    cmd += "".join(f" --without {w}" for w in args.without)
    cmd += "".join(f" --app {p}" for p in args.app)
    flags = [a for a in server.argv if a.startswith("--") and not a.startswith(("--port=", "--Voila.ip="))]
    table = report(results, ns, repeats, args.preheat, cmd + (" --write-docs" if args.write_docs else ""), flags)
    print(table)
    if args.write_docs:
        write_docs(table)
    return 0


def write_docs(table: str) -> None:
    path = REPO / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = f"{start}\n_Measured {time.strftime('%Y-%m-%d %H:%M')}_\n\n{table}\n{end}"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = (text or "# Benchmarks\n\n") + "\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

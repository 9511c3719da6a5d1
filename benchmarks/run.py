"""Measure what users get from ``make serve`` against a plain pandas+matplotlib Voila form.

    .venv/bin/python benchmarks/run.py [--quick] [--idle 150] [--write-docs]

Three servers, one after the other, on the same machine:

1. **make serve** (``ocop_kit.serving.voila_command`` with ``pool_sizes``: the kit's
   template and settings, one preheated kernel per notebook) serving the apps and the
   plain form (``baseline.ipynb``) side by side. Once every pool has run its notebook the
   server waits ``--idle`` seconds (a workshop server is started before class; the old
   hand-over failed after 120 s), then each notebook is opened in headless Chromium,
   round after round, each page's pool given time to refill in between: seconds to the
   first usable control (an enabled button, input, select or slider drawn by the widget
   manager, i.e. backed by a live kernel), whether the page came from a preheated kernel,
   error outputs, and the page kernel's memory (USS and PSS, psutil).
2. **make serve for a class** (``--class-size 30 --app tu-danh-gia``): after the pools fill
   and the same wait, 30 sessions open the self-assessment at once through a client that
   does what the browser does (the page over HTTP, then the kernel websocket with the v1
   protocol and the widget manager's ``request_states``; no browsers, which would measure
   30 Chromiums on 2 cores instead of the server). Time to the widget state (usable
   control), failed pages, kernel USS/PSS per session, CPU per page, the pool's refill,
   and the kernels gone after the tabs close (the beacon Voila sends).
3. **stock Voila** (``voila notebooks/``, no kit settings, no preheat): the same single-user
   loads (cold kernels) and the same class of 30.

Everything is bounded: ``--session-timeout`` per page, fixed waits; about 15 minutes with
the defaults on 2 cores.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
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
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from ocop_kit.serving import FILL_DELAY, pool_sizes, voila_command  # noqa: E402 - after the checkout is on sys.path

BENCH = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CONTROL = ("#rendered_cells .jupyter-widgets :is(button, input, select, textarea, [role=slider])"
           ":not([disabled]):visible")
XSRF = uuid.uuid4().hex
GONE_WITHIN = 60.0
REFILL_GAP = FILL_DELAY + 12  # a used pool kernel is replaced FILL_DELAY s later, then runs its notebook
# Browsers (JupyterLab 4 services) talk to kernels with the binary v1 websocket protocol.
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
# The targets of issue 7.
MEMORY_TARGET = 0.5
CONTROL_TARGET = 0.7
CLASS_P95_TARGET = 2.0


def kernels_under(proc: psutil.Process) -> list[psutil.Process]:
    """The ipykernel processes below ``proc``; one that exits (or is a zombie) while asked is left out."""
    out = []
    for p in proc.children(recursive=True):
        try:
            if "ipykernel" in " ".join(p.cmdline()):
                out.append(p)
        except psutil.Error:
            pass
    return out


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- servers
class Server:
    """A Voila server on ``notebooks``: the kit's (``pools`` given) or stock Voila (None)."""

    def __init__(self, notebooks: list[Path], pools_for=None, label: str = ""):
        self.label = label
        self.tmp = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
        self.root = self.tmp / "apps"
        self.root.mkdir()
        for nb in notebooks:
            (self.root / nb.name).symlink_to(nb.resolve())
        data = self.tmp / "data"
        data.mkdir()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.kit = pools_for is not None
        if self.kit:
            self.pools = pools_for(self.root)
            cmd = voila_command(self.root, port=self.port, data_dir=data, pools=self.pools)
            self.argv, env = cmd.argv, cmd.env
        else:
            self.pools = {}
            self.argv = [sys.executable, "-m", "voila", str(self.root), "--no-browser", f"--port={self.port}"]
            env = dict(os.environ, OCOP_KIT_DATA=str(data))
        self.log_path = self.tmp / "voila.log"
        self.log_file = open(self.log_path, "wb")  # noqa: SIM115 - Voila's log while it runs; closed in stop()
        self.proc = subprocess.Popen(self.argv, env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
                                     cwd=self.tmp, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "voila/", timeout=2).close()
                break
            except urllib.error.HTTPError as exc:
                exc.close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("Voila did not start; see " + str(self.log_path)) from None
                time.sleep(0.2)
        self.ps = psutil.Process(self.proc.pid)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kernels(self) -> list[psutil.Process]:
        return kernels_under(self.ps)

    def kernel_process(self, kid: str) -> psutil.Process | None:
        for p in self.kernels():
            try:
                if f"kernel-{kid}" in " ".join(p.cmdline()):
                    return p
            except psutil.Error:
                pass
        return None

    def kernel_state(self, kid: str) -> str | None:
        try:
            with urllib.request.urlopen(f"{self.base}api/kernels/{kid}", timeout=10) as resp:
                return json.load(resp)["execution_state"]
        except urllib.error.HTTPError:
            return None  # gone
        except OSError:  # a busy server (pools filling) did not answer in time
            return "unknown"

    def started(self) -> list[str]:
        return re.findall(r"Kernel started: ([0-9a-f-]+)", self.log())

    def wait_ready(self, count: int, timeout: float = 300) -> float:
        """Until ``count`` kernels have started, all idle and none using CPU for two checks in
        a row (a pool kernel has then run its notebook); seconds waited."""
        t0 = time.monotonic()
        quiet, cpu = 0, None
        while time.monotonic() - t0 < timeout:
            kids = self.started()
            now = cpu_seconds(self.kernels())
            idle = len(kids) >= count and all(self.kernel_state(k) in ("idle", None) for k in kids)
            steady = cpu is not None and now - cpu < 0.05
            quiet, cpu = (quiet + 1 if idle and steady else 0), now
            if quiet >= 2:
                return time.monotonic() - t0
            time.sleep(1)
        raise TimeoutError(f"{self.label}: {count} kernels not ready in {timeout:.0f} s")

    def preheated_page(self, kid: str) -> bool:
        return f"Using pre-heated kernel: {kid}" in self.log()

    def shutdown_kernel(self, kid: str) -> None:
        """What Voila's beforeunload beacon does: POST with the _xsrf cookie as token."""
        req = urllib.request.Request(f"{self.base}voila/api/shutdown/{kid}",
                                     data=f"_xsrf={XSRF}".encode(), method="POST")
        req.add_header("Cookie", f"_xsrf={XSRF}")
        try:
            urllib.request.urlopen(req, timeout=30).close()
        except urllib.error.HTTPError as exc:
            exc.close()

    def stop(self) -> None:
        kids = self.ps.children(recursive=True)
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        _, alive = psutil.wait_procs(kids, timeout=10)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.kill()
        self.log_file.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def memory_mb(procs) -> tuple[float, float]:
    """(USS, PSS) in MiB summed over ``procs``."""
    uss = pss = 0
    for p in procs:
        try:
            m = p.memory_full_info()
            uss, pss = uss + m.uss, pss + m.pss
        except (psutil.Error, AttributeError):
            pass
    return uss / 2**20, pss / 2**20


def cpu_seconds(procs) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


# ---------------------------------------------------------------- one user in Chromium
@dataclass
class Load:
    seconds: float | None
    preheated: bool
    uss: float
    pss: float
    error: str = ""


def single_user(server: Server, notebooks: list[str], rounds: int) -> dict[str, list[Load]]:
    """Each notebook opened in Chromium, one page at a time, round after round."""
    from playwright.sync_api import sync_playwright

    loads: dict[str, list[Load]] = {nb: [] for nb in notebooks}
    last_use: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for r in range(rounds):
            for nb in notebooks:
                if server.kit and nb in last_use:  # a trainee arriving at a ready pool
                    time.sleep(max(0.0, REFILL_GAP - (time.monotonic() - last_use[nb])))
                loads[nb].append(_open_in_browser(browser, server, nb))
                last_use[nb] = time.monotonic()
                ld = loads[nb][-1]
                log(f"{server.label} {nb} round {r + 1}: {ld.seconds} s, preheated {ld.preheated}, "
                    f"USS {ld.uss:.0f} MB {ld.error}")
        browser.close()
    return loads


def _open_in_browser(browser, server: Server, nb: str) -> Load:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    problems = []  # what the page itself said, for a failure's reason
    page.on("pageerror", lambda exc: problems.append(f"page error {exc}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console {m.text}"))
    seconds, error, kid = None, "", ""
    try:
        t0 = time.monotonic()
        page.goto(f"{server.base}voila/render/{nb}", timeout=120_000)
        page.locator(CONTROL).first.wait_for(state="visible", timeout=120_000)
        seconds = time.monotonic() - t0
        kid = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        text = page.locator("body").inner_text()
        if "timed out" in text or page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count():
            error = "error output in page"
    except Exception as exc:  # noqa: BLE001 - a failed page, whatever the cause
        error = _one_line(f"{type(exc).__name__}: {exc}")[:80] + "".join(
            f"; {_one_line(p)[:80]}" for p in problems[:2])
    proc = server.kernel_process(kid) if kid else None
    uss, pss = memory_mb([proc]) if proc else (0.0, 0.0)
    preheated = bool(kid) and server.preheated_page(kid)
    page.close(run_before_unload=True)
    ctx.close()
    return Load(seconds if not error else None, preheated, uss, pss, error)


# ---------------------------------------------------------------- a class, as a browser would
@dataclass
class Session:
    ok: bool = False
    reason: str = ""
    seconds: float = 0.0
    kernel: str = ""
    ws: object = None


def _msg(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> bytes:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
              "username": "bench", "date": "", "version": "5.3"}
    parts = [json.dumps(x).encode("utf-8") for x in (header, {}, metadata or {}, content)]
    return serialize_msg_to_ws_v1(parts, "shell")


def _recv(ws) -> tuple[str, dict]:
    _channel, parts = deserialize_msg_from_ws_v1(ws.recv())
    return json.loads(parts[0]).get("msg_type", ""), json.loads(parts[3])


def open_session(server: Server, notebook: str, timeout: float, start: threading.Barrier) -> Session:
    """The page, then its widget state over the kernel websocket: what a browser waits for
    before its first control works. Anything else within ``timeout`` is a failed page."""
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
        if '"output_type": "error"' in html or "voila-error" in html or "timed out" in html:
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
    except Exception as exc:  # noqa: BLE001 - a failed page, whatever the cause
        return _fail(s, f"{type(exc).__name__}: {exc}"[:120])
    return s


def _fail(s: Session, reason: str) -> Session:
    s.ok, s.reason = False, _one_line(reason)
    return s


def _one_line(text: str) -> str:
    """A reason fit for a table cell."""
    return " ".join(str(text).split()).replace("|", "/")


@dataclass
class ClassRun:
    n: int
    seconds: list = field(default_factory=list)
    failed: int = 0
    reasons: list = field(default_factory=list)
    preheated: int = 0
    uss: float = 0.0
    pss: float = 0.0
    cpu_per_page: float = 0.0
    refill_s: float | None = None
    peak_pss_gb: float = 0.0
    gone_after: float | None = None


def class_run(server: Server, notebook: str, n: int, timeout: float) -> ClassRun:
    run = ClassRun(n)
    before = {p.pid for p in server.kernels()}
    started_before = len(server.started())
    cpu0 = cpu_seconds([server.ps, *server.kernels()])
    barrier = threading.Barrier(n)
    results: list[Session] = [None] * n

    def worker(i):
        results[i] = open_session(server, notebook, timeout, barrier)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kids = [r.kernel for r in results if r.kernel]
    procs = [p for p in (server.kernel_process(k) for k in kids) if p]
    run.uss, run.pss = (x / max(1, len(procs)) for x in memory_mb(procs))
    run.cpu_per_page = (cpu_seconds([server.ps, *server.kernels()]) - cpu0) / n
    run.preheated = sum(server.preheated_page(k) for k in kids)
    for r in results:
        if r.ok:
            run.seconds.append(r.seconds)
        else:
            run.failed += 1
            run.reasons.append(r.reason)
    if server.kit:  # the pool refills behind the class: time until it is ready again
        t0 = time.monotonic()
        try:
            server.wait_ready(started_before + run.preheated, timeout=240)
            run.refill_s = time.monotonic() - t0
        except TimeoutError:
            run.refill_s = None
        run.peak_pss_gb = memory_mb(server.kernels())[1] / 1024
    closed = time.monotonic()
    for r in results:
        if r.ws is not None:
            r.ws.close()
        if r.kernel:
            server.shutdown_kernel(r.kernel)
    if server.kit:
        while time.monotonic() - closed < GONE_WITHIN:
            if not [p for p in server.kernels() if p.pid not in before and p.is_running()
                    and any(f"kernel-{k}" in " ".join(p.cmdline()) for k in kids)]:
                run.gone_after = time.monotonic() - closed
                break
            time.sleep(0.5)
    return run


# ---------------------------------------------------------------- report
def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def p95(xs):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def f2(x):
    return "–" if x is None else f"{x:.2f}"


def f0(x):
    return "–" if not x else f"{x:.0f}"


def ratio(x, base):
    return None if x is None or not base else x / base


def met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def report(res: dict, args, cmd: str) -> str:
    kit, stock = res["kit"], res.get("stock", {})
    base = "baseline.ipynb"
    apps = [nb for nb in kit if nb not in (base,)]
    b_kit_t = median([ld.seconds for ld in kit[base]])
    b_kit_u = median([ld.uss for ld in kit[base]])
    b_kit_p = median([ld.pss for ld in kit[base]])
    b_stock_t = median([ld.seconds for ld in stock.get(base, [])])
    lines = [
        f"_Measured {time.strftime('%Y-%m-%d %H:%M')}. Load average (`uptime`) before the run: "
        f"{res['load_before']}; after: {res['load_after']}. Machine: {psutil.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, shared with other work. "
        f"Run time {res['minutes']:.0f} min._", "",
        f"### One user at a time, after the server waited {args.idle:.0f} s "
        f"(Chromium; median of {args.rounds} loads per notebook)", "",
        "| notebook | `make serve`: first usable control (s) | × plain form | from a preheated kernel "
        "| kernel USS per session (MB) | × plain form | kernel PSS (MB) | × plain form "
        "| stock Voila, cold: first usable control (s) | failed pages |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    targets = {"memory": [], "control": []}
    for nb in [base, *apps]:
        loads = kit[nb]
        t = median([ld.seconds for ld in loads])
        u = median([ld.uss for ld in loads if ld.uss])
        p = median([ld.pss for ld in loads if ld.pss])
        hot = sum(ld.preheated for ld in loads)
        failed = sum(bool(ld.error) for ld in loads) + sum(bool(ld.error) for ld in stock.get(nb, []))
        st = median([ld.seconds for ld in stock.get(nb, [])])
        loads_n = len(loads) + len(stock.get(nb, []))
        lines.append(f"| {nb} | {f2(t)} | {f2(ratio(t, b_kit_t))}× | {hot} of {len(loads)} | {f0(u)} | "
                     f"{f2(ratio(u, b_kit_u))}× | {f0(p)} | {f2(ratio(p, b_kit_p))}× | {f2(st)} | "
                     f"{failed} of {loads_n} |")
        if nb != base:
            targets["memory"].append((nb, ratio(u, b_kit_u), ratio(p, b_kit_p)))
            targets["control"].append((nb, ratio(t, b_kit_t), ratio(t, b_stock_t)))
        reasons = sorted({ld.error for ld in loads + stock.get(nb, []) if ld.error})
        if reasons:
            lines.append(f"| | failures: {'; '.join(reasons)[:200]} | | | | | | | | |")
    lines += ["", f"### A class of {args.class_size} opening `{args.class_app}` at once "
              "(HTTP + websocket client doing what the browser does)", "",
              "| server | p95 to usable control (s) | median (s) | failed / pages | from preheated kernels "
              "| kernel USS per session (MB) | PSS (MB) | CPU-s per page | pool ready again after "
              "| kernels of all pools, PSS after refill | kernels gone after the tabs close |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, run in res["class"].items():
        gone = ("–" if label.startswith("stock") else
                f"yes, ≤ {run.gone_after:.1f} s" if run.gone_after is not None else f"NO within {GONE_WITHIN:.0f} s")
        refill = "–" if not label.startswith("make") else (
            f"{run.refill_s:.0f} s" if run.refill_s is not None else "not within 240 s")
        peak = f"{run.peak_pss_gb:.1f} GB" if run.peak_pss_gb else "–"
        lines.append(f"| {label} | {f2(p95(run.seconds))} | {f2(median(run.seconds))} | {run.failed} / {run.n} | "
                     f"{run.preheated} | {f0(run.uss)} | {f0(run.pss)} | {run.cpu_per_page:.2f} | {refill} | "
                     f"{peak} | {gone} |")
        if run.reasons:
            lines.append(f"| | failures: {'; '.join(sorted(set(run.reasons)))[:200]} | | | | | | | | | |")

    kit_class = next((r for k, r in res["class"].items() if k.startswith("make")), None)
    cls_ok = bool(kit_class and kit_class.seconds and p95(kit_class.seconds) <= CLASS_P95_TARGET
                  and kit_class.failed == 0)
    lines += ["", "### Targets (issue 7)", "",
              f"Per notebook: kernel memory per session ≤ {MEMORY_TARGET}× the plain form's (USS and PSS); "
              f"first usable control ≤ {CONTROL_TARGET}× the plain form's, single user, preheated — against the "
              "plain form served the same way (`make serve`, preheated) and, for reference, against the plain "
              "form on stock Voila (cold).", "",
              "| notebook | memory USS / PSS | | first usable control vs plain form on `make serve` | "
              "| vs plain form on stock Voila |",
              "|---|---|---|---|---|---|"]
    for (nb, u, p), (_, r_kit, r_stock) in zip(targets["memory"], targets["control"], strict=True):
        mem_ok = u is not None and p is not None and u <= MEMORY_TARGET and p <= MEMORY_TARGET
        lines.append(f"| {nb} | {f2(u)}× / {f2(p)}× | {met(mem_ok)} | {f2(r_kit)}× | "
                     f"{met(r_kit is not None and r_kit <= CONTROL_TARGET)} | {f2(r_stock)}× |")
    lines += ["", f"Class of {args.class_size} on `make serve --class-size {args.class_size}`: "
              + (f"p95 {f2(p95(kit_class.seconds))} s, {kit_class.failed} failed pages" if kit_class else "not run")
              + f" (target p95 ≤ {CLASS_P95_TARGET:.0f} s, 0 failed): {met(cls_ok)}."]
    lines += [
              "", f"`make serve` flags: `{' '.join(res['flags'])}`.", "", "Reproduce:", "", "```", cmd, "```"]
    return "\n".join(lines)


def uptime() -> str:
    with open("/proc/loadavg") as f:
        return ", ".join(f.read().split()[:3])


# ---------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--app", action="append", default=[], type=Path,
                    help="an app notebook (repeatable; default: every notebook in notebooks/)")
    ap.add_argument("--idle", type=float, default=150.0,
                    help="seconds a ready server waits before the first page (default 150)")
    ap.add_argument("--rounds", type=int, default=3, help="single-user loads per notebook (default 3)")
    ap.add_argument("--class-size", type=int, default=30)
    ap.add_argument("--class-app", default="tu-danh-gia.ipynb")
    ap.add_argument("--session-timeout", type=float, default=120.0)
    ap.add_argument("--no-stock", action="store_true", help="skip the stock Voila server")
    ap.add_argument("--quick", action="store_true", help="development run: --idle 10 --rounds 1 --class-size 5")
    ap.add_argument("--write-docs", action="store_true", help="write the results into docs/benchmarks.md")
    args = ap.parse_args(argv)
    if args.quick:
        args.idle, args.rounds, args.class_size = 10.0, 1, 5
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    apps = [p.resolve() for p in args.app] or sorted((REPO / "notebooks").glob("*.ipynb"))
    notebooks = [BENCH / "baseline.ipynb", *apps]
    names = [nb.name for nb in notebooks]
    t_start = time.monotonic()
    res: dict = {"load_before": uptime(), "class": {}}

    server = Server(notebooks, pools_for=pool_sizes, label="make serve")
    try:
        waited = server.wait_ready(len(notebooks))
        log(f"pools ready after {waited:.0f} s; waiting {args.idle:.0f} s")
        time.sleep(args.idle)
        res["kit"] = single_user(server, names, args.rounds)
        res["flags"] = [a for a in server.argv if a.startswith("--") and not a.startswith(("--port=", "--Voila.ip="))]
    finally:
        server.stop()

    size = args.class_size
    server = Server(apps, pools_for=lambda root: pool_sizes(root, size, [args.class_app]),
                    label=f"make serve --class-size {size}")
    try:
        waited = server.wait_ready(sum(server.pools.values()), timeout=600)
        log(f"class pools ({sum(server.pools.values())} kernels) ready after {waited:.0f} s; "
            f"waiting {args.idle:.0f} s")
        time.sleep(args.idle)
        run = class_run(server, args.class_app, size, args.session_timeout)
        log(f"class on make serve: p95 {p95(run.seconds)}, failed {run.failed}, refill {run.refill_s}")
        res["class"][f"make serve --class-size {size} --app {args.class_app.removesuffix('.ipynb')}"] = run
    finally:
        server.stop()

    if not args.no_stock:
        server = Server(notebooks, pools_for=None, label="stock Voila")
        try:
            res["stock"] = single_user(server, names, args.rounds)
            run = class_run(server, args.class_app, size, args.session_timeout)
            log(f"class on stock Voila: p95 {p95(run.seconds)}, failed {run.failed}")
            res["class"]["stock Voila (`voila notebooks/`)"] = run
        finally:
            server.stop()

    res["load_after"] = uptime()
    res["minutes"] = (time.monotonic() - t_start) / 60
    cmd = ".venv/bin/python benchmarks/run.py" + (" --quick" if args.quick else "")
    if not args.quick:
        cmd += "" if args.idle == 150 else f" --idle {args.idle:g}"
        cmd += "" if args.rounds == 3 else f" --rounds {args.rounds}"
        cmd += "" if args.class_size == 30 else f" --class-size {args.class_size}"
    cmd += "" if args.class_app == "tu-danh-gia.ipynb" else f" --class-app {args.class_app}"
    cmd += " --no-stock" if args.no_stock else ""
    cmd += "".join(f" --app {p}" for p in args.app)
    table = report(res, args, cmd + (" --write-docs" if args.write_docs else ""))
    print(table)
    if args.write_docs:
        write_docs(table)
    return 0


def write_docs(table: str) -> None:
    path = REPO / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = f"{start}\n{table}\n{end}"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = (text or "# Benchmarks\n\n") + "\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

"""Browser test harness: one real Voila server per session, headless Debian Chromium.

For app tests written later:

* ``voila_server`` (session): ``.base_url``, ``.root`` (temp dir with symlinks to every
  ``notebooks/*.ipynb`` and ``tests/browser/fixtures/*.ipynb``), ``.data_dir`` (temp
  ``OCOP_KIT_DATA``), ``.app_url(name, lang=None)``, ``.kernel_exists(kernel_id)``,
  ``.kernel_pids()``. Started as `make serve` starts it (``ocop_kit.serving.voila_command``,
  a preheated kernel per notebook); the ``start_voila`` fixture starts another one with
  changed settings for one test.
* ``browser`` (session): Playwright sync Chromium from /usr/bin/chromium.
* ``page`` (function): a fresh context and page; every request is recorded and the test
  fails if one leaves the server's host:port; console errors are collected in
  ``page.ocop_console`` (harmless "Unsatisfied version" warnings filtered out).
* ``open_app(page, "tu-danh-gia.ipynb", lang="en") -> seconds`` navigates and waits
  for the first visible widget; ``screenshot(page, "name") -> Path`` saves
  ``tests/artifacts/name.png``; ``kernel_id(page)`` reads the page's kernel id.
  All three are plain functions here and fixtures of the same name.

Mark browser tests ``@pytest.mark.browser``. They skip only when /usr/bin/chromium is
missing and ``CI`` is unset; under ``CI`` a missing Chromium is a failure.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
from screens import HARMLESS_CONSOLE, sized_page

from ocop_kit.serving import pool_sizes, voila_command
from tests.processes import stop_server

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
# Flags measured to work on this machine (voila-measured.md); --headless comes from Playwright.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_WIDGET = "#rendered_cells .jupyter-widgets"
READY_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class VoilaServer:
    root: Path
    data_dir: Path
    host: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    netloc: str = field(init=False)

    def __post_init__(self):
        self.netloc = f"{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.netloc}/"

    def app_url(self, notebook_name: str, lang: str | None = None) -> str:
        url = f"{self.base_url}voila/render/{notebook_name}"
        return f"{url}?lang={lang}" if lang else url

    def kernel_exists(self, kernel_id: str) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}api/kernels/{kernel_id}", timeout=10):
                return True
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return False
            raise

    def kernel_pids(self) -> list[int]:
        """Kernel processes (ipykernel) started by this server."""
        kids = psutil.Process(self.proc.pid).children(recursive=True)
        return [p.pid for p in kids if _is_kernel(p)]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _is_kernel(proc: psutil.Process) -> bool:
    try:
        return "ipykernel" in " ".join(proc.cmdline())
    except psutil.Error:
        return False


def wait_until_ready(url: str, proc: subprocess.Popen, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Voila exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # the server answers: ready
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"Voila not ready at {url} after {timeout:.0f} s")




def start_server(tmp: Path, notebooks, overrides: dict | None = None) -> VoilaServer:
    """A Voila server on ``notebooks`` (linked into ``tmp/apps``) as `make serve` starts it:
    the kit's settings and a preheated kernel per notebook; ``overrides`` change settings."""
    root, data_dir = tmp / "apps", tmp / "data"
    root.mkdir()
    data_dir.mkdir()
    for nb in notebooks:
        (root / nb.name).symlink_to(nb)
    port = free_port()
    log_path = tmp / "voila.log"
    cmd = voila_command(root, port=port, data_dir=data_dir, pools=pool_sizes(root), overrides=overrides)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd.argv, env=cmd.env, stdout=log, stderr=subprocess.STDOUT,
                                cwd=tmp, start_new_session=True)
    server = VoilaServer(root, data_dir, "127.0.0.1", port, proc, log_path)
    try:
        wait_until_ready(server.base_url + "voila/", proc)
    except Exception:
        stop_server(proc)
        raise
    return server


@pytest.fixture(scope="session")
def voila_server():
    tmp = Path(tempfile.mkdtemp(prefix="ocop-voila-"))
    notebooks = sorted((REPO / "notebooks").glob("*.ipynb")) + sorted(FIXTURES.glob("*.ipynb"))
    server = start_server(tmp, notebooks)
    try:
        yield server
    finally:
        stop_server(server.proc)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def start_voila():
    """``start_voila(notebooks, overrides=None) -> VoilaServer``: a server of the test's own,
    stopped (kernels included) when the test ends."""
    started = []

    def start(notebooks, overrides=None):
        tmp = Path(tempfile.mkdtemp(prefix="ocop-voila-"))
        started.append(tmp)
        server = start_server(tmp, notebooks, overrides)
        started.append(server)
        return server

    yield start
    for item in reversed(started):
        if isinstance(item, VoilaServer):
            stop_server(item.proc)
        else:
            shutil.rmtree(item, ignore_errors=True)


def _chromium_or_skip() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing and CI is set: browser tests must run in CI")
    pytest.skip(f"{CHROMIUM} does not exist and the CI variable is unset (browser tests run in CI)")


def _is_local(url: str, netloc: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.netloc == netloc


@pytest.fixture
def page(browser, voila_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.ocop_server = voila_server
    pg.ocop_requests = []
    pg.ocop_console = []
    pg.on("request", lambda req: pg.ocop_requests.append(req.url))
    pg.on("websocket", lambda ws: pg.ocop_requests.append(ws.url))

    def on_console(msg):
        if msg.type in ("error", "warning") and not any(h in msg.text for h in HARMLESS_CONSOLE):
            pg.ocop_console.append(f"{msg.type}: {msg.text}")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: pg.ocop_console.append(f"pageerror: {exc}"))
    yield pg
    outside = [u for u in pg.ocop_requests if not _is_local(u, voila_server.netloc)]
    context.close()
    assert not outside, f"requests outside the server {voila_server.netloc}: {outside}"


@pytest.fixture
def phone(browser, voila_server):
    """A 360 × 740 touch screen (tests/browser/screens.py SIZES)."""
    context, pg = sized_page(browser, voila_server, "phone")
    yield pg
    context.close()


def open_app(page, notebook_name: str, lang: str | None = None) -> float:
    """Navigate to a notebook served by ``voila_server``; wait for its first widget.

    Returns the seconds from navigation to the first visible widget.
    """
    start = time.monotonic()
    page.goto(page.ocop_server.app_url(notebook_name, lang))
    page.locator(FIRST_WIDGET).first.wait_for(state="visible")
    return time.monotonic() - start


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under tests/artifacts/ (git-ignored); returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def download(page, tab: str, button: str, link: str) -> tuple[str, bytes]:
    """Open an app's export tab, ask for the files, click the download link: (file name, bytes)."""
    page.locator(".lm-TabBar-tab", has_text=tab).click()
    page.get_by_role("button", name=button).click()
    with page.expect_download() as info:
        page.locator("a.ocop-download", has_text=link).click()
    with open(info.value.path(), "rb") as handle:  # the temp file has no suffix
        return info.value.suggested_filename, handle.read()


def kernel_id(page) -> str:
    """The id of the kernel behind the Voila page currently shown."""
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


@pytest.fixture(name="open_app")
def open_app_fixture():
    return open_app


@pytest.fixture(name="screenshot")
def screenshot_fixture():
    return screenshot


@pytest.fixture(name="download")
def download_fixture():
    return download


@pytest.fixture(name="kernel_id")
def kernel_id_fixture():
    return kernel_id


# What a failed browser test saw, for a CI run whose screenshots cannot be looked at: the
# page's address, status bar, messages and text, the server's log tail (in the report), and
# a screenshot under tests/artifacts/failed-*.png.
STATE_AT_FAILURE = """async () => {
  const text = (sel) => Array.from(document.querySelectorAll(sel)).map(e => e.innerText.trim()).filter(Boolean);
  // what the widget models hold for the status bar (against what the page shows)
  const models = [];
  const wm = window.jupyterapp && window.jupyterapp.widgetManager;
  for (const p of Object.values((wm && wm._models) || {})) {
    try {
      const m = await p;
      const v = m.get('value');
      if (typeof v === 'string' && v.includes('ocop-status')) models.push({id: m.model_id, value: v.slice(0, 300),
        views: Object.keys(m.views || {}).length});
    } catch (e) { /* a model that failed to load */ }
  }
  return {status: text('.ocop-status-bar'), models,
          messages: text('.ocop-msg, .ocop-notice, [role=alert]').slice(0, 20),
          busy: text('.ocop-busy'), body: (document.body ? document.body.innerText : '').slice(-3000)};
}"""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name in ("page", "phone"):
        pg = item.funcargs.get(name)
        if pg is None or not hasattr(pg, "screenshot"):
            continue
        lines = [f"url: {pg.url}"]
        try:
            state = pg.evaluate(STATE_AT_FAILURE)
            lines += [f"status bar: {state['status']}", f"status models: {state['models']}",
                      f"messages: {state['messages']}",
                      f"busy: {state['busy']}", "page text (end):", state["body"]]
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / f"failed-{item.name}.png"), full_page=True)
        except Exception as exc:  # noqa: BLE001 - a closed page still gets its report
            lines.append(f"(page not readable: {exc})")
        lines.append(f"console: {getattr(pg, 'ocop_console', [])[-20:]}")
        server = getattr(pg, "ocop_server", None)
        if server is not None and hasattr(server, "log"):
            lines += ["server log (end):", server.log()[-3000:]]
        report.sections.append((f"browser state at failure ({name})", "\n".join(lines)))

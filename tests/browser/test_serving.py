"""The kit's Voila settings against a real server: offline page, Vietnamese text,
kernels stopped when their tab closes, XSRF still enforced, preheated pages that never
fail however long they waited. (The command itself: tests/unit/test_serving.py.)"""
from __future__ import annotations

import json
import re
import time
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from ocop_kit.i18n import t

REPO = Path(__file__).resolve().parents[2]
HELLO = "hello.ipynb"
HEADING = "Xin chào! Mỗi xã một sản phẩm — đánh giá 3 sao ★★★"
APPS = sorted((REPO / "notebooks").glob("*.ipynb"))
SHORT_TIMEOUT = 5  # seconds a cell may run on the idle test's server
IDLE = 8  # seconds that server waits, fully preheated, before the pages are opened


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as resp:
        return resp.read().decode("utf-8")


def _page_kernel(html: str) -> str:
    return re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html).group(1)


@pytest.mark.browser
def test_page_html_is_offline_vietnamese_and_phone_ready(voila_server):
    html = _get(voila_server.app_url(HELLO))
    assert '<html lang="vi">' in html
    assert re.search(r'<meta name="viewport" content="width=device-width', html)
    external = re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="(https?://[^"]+)"', html)
    assert external == []
    assert _shutdown(voila_server, _page_kernel(html), token="00112233445566778899aabbccddeeff") == 204


def _shutdown(server, kernel: str, token: str | None) -> int:
    """POST the shutdown endpoint the way Voila's beacon does (form field + cookie)."""
    body = f"_xsrf={token}".encode() if token else b""
    req = urllib.request.Request(f"{server.base_url}voila/api/shutdown/{kernel}", data=body, method="POST")
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    if token:
        req.add_header("Cookie", f"_xsrf={token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.browser
def test_shutdown_still_requires_the_xsrf_token(voila_server):
    kernel = _page_kernel(_get(voila_server.app_url(HELLO)))
    assert _shutdown(voila_server, kernel, token=None) == 403
    assert voila_server.kernel_exists(kernel)
    assert _shutdown(voila_server, kernel, token="0123456789abcdef0123456789abcdef") == 204
    assert not voila_server.kernel_exists(kernel)


@pytest.mark.browser
def test_page_renders_its_widget(page, open_app, screenshot):
    open_app(page, HELLO)
    label = page.locator("#rendered_cells .widget-label", has_text="Nguyễn Thị Hường: 3 sao")
    label.wait_for(state="visible")
    page.locator("#rendered_cells .widget-slider").first.wait_for(state="visible")
    assert screenshot(page, "serving-hello").stat().st_size > 0
    assert page.ocop_console == []


@pytest.mark.browser
def test_no_request_leaves_the_server(page, open_app):
    open_app(page, HELLO)
    page.wait_for_load_state("networkidle")
    assert any("/voila/render/hello.ipynb" in u for u in page.ocop_requests)
    assert any(u.startswith("ws://") for u in page.ocop_requests)
    netloc = page.ocop_server.netloc
    assert [u for u in page.ocop_requests if netloc not in u and not u.startswith("data:")] == []


@pytest.mark.browser
def test_vietnamese_text_renders_with_diacritics(page, open_app):
    open_app(page, HELLO)
    heading = page.locator("#ocop-hello")
    heading.wait_for(state="visible")
    text = heading.text_content()
    assert text == HEADING
    assert unicodedata.is_normalized("NFC", text)
    assert page.evaluate("document.documentElement.lang") == "vi"
    name = page.locator("#rendered_cells input[type=text]").first
    assert name.input_value() == "Nguyễn Thị Hường"
    # Every glyph is drawn with a real font: the rendered heading has a width, and the
    # browser has a font for the text (no fallback boxes).
    assert heading.bounding_box()["width"] > 100
    assert page.evaluate(
        "t => document.fonts.check('16px ' + getComputedStyle(document.body).fontFamily, t)", text
    )


@pytest.mark.browser
def test_closing_the_tab_stops_its_kernel(page, open_app, kernel_id, voila_server):
    open_app(page, HELLO)
    kernel = kernel_id(page)
    assert voila_server.kernel_exists(kernel)
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 60
    while voila_server.kernel_exists(kernel) and time.monotonic() < deadline:
        time.sleep(1)
    assert not voila_server.kernel_exists(kernel), "kernel still running 60 s after its tab closed"


def _idle_kernel(server, kernel: str) -> bool:
    with urllib.request.urlopen(f"{server.base_url}api/kernels/{kernel}", timeout=10) as resp:
        return json.load(resp)["execution_state"] == "idle"


def _kernel_cpu(server) -> float:
    total = 0.0
    for pid in server.kernel_pids():
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def _wait_for_pools(server, timeout: float = 240) -> None:
    """Every app's pool kernel started and done running its notebook: idle, and no kernel
    using CPU, for two checks in a row (a cell still waiting would keep its kernel busy)."""
    deadline = time.monotonic() + timeout
    quiet, cpu = 0, None
    while time.monotonic() < deadline:
        log = server.log()
        kernels = re.findall(r"Kernel started: ([0-9a-f-]+)", log)
        filled = all(f"Kernel pool of {nb.name} is filled" in log for nb in APPS)
        now = _kernel_cpu(server)
        steady = cpu is not None and now - cpu < 0.05
        ready = filled and steady and all(_idle_kernel(server, k) for k in kernels)
        quiet, cpu = (quiet + 1 if ready else 0), now
        if quiet >= 2:
            return
        time.sleep(1)
    raise TimeoutError(f"pools not ready after {timeout:.0f} s:\n{server.log()[-3000:]}")


@pytest.mark.browser
def test_preheated_pages_open_without_error_after_the_server_waited(browser, start_voila, open_app):
    """`make serve` left idle longer than a cell may run, then every app opened (issue 7)."""
    server = start_voila(APPS, overrides={"VoilaExecutor.timeout": SHORT_TIMEOUT})
    _wait_for_pools(server)
    time.sleep(IDLE)
    waited = server.log()  # (refills while the pages open run real cells under the short limit)
    assert "Timeout waiting for execute reply" not in waited and "timed out" not in waited
    for nb in APPS:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.ocop_server = server
        open_app(page, nb.name, lang="en")
        # The pool kernel took the hand-over without a waiting cell: English, no error
        # (the language toggle shows the kernel's language, set when the request arrived)
        page.locator(".widget-toggle-button.mod-active", has_text=t("views.lang_en", "en")).first.wait_for()
        text = page.locator("body").inner_text()
        errors = page.locator('[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-error').count()
        context.close()
        assert "timed out" not in text and errors == 0, nb.name
        assert re.search(rf"Using pre-heated kernel: \S+ for {re.escape(nb.name)}", server.log()), nb.name

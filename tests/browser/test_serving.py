"""The kit's Voila settings against a real server: offline page, Vietnamese text,
kernels stopped when their tab closes, XSRF still enforced."""
from __future__ import annotations

import json
import re
import time
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ocop_kit.serving import PREHEAT, SETTINGS, TEMPLATE, templates_root, voila_argv

REPO = Path(__file__).resolve().parents[2]
HELLO = "hello.ipynb"
HEADING = "Xin chào! Mỗi xã một sản phẩm — đánh giá 3 sao ★★★"


def test_voila_json_matches_serving_settings():
    config = json.loads((REPO / "voila.json").read_text(encoding="utf-8"))
    for option, value in SETTINGS + PREHEAT:
        section, name = option.split(".")
        assert str(config[section][name]) == value, option


def test_argv_is_independent_of_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = voila_argv("notebooks", port=9999, data_dir="var")
    assert argv[0] == "env"
    assert f"OCOP_KIT_DATA={tmp_path / 'var'}" in argv
    assert str(tmp_path / "notebooks") in argv
    assert "--port=9999" in argv and "--no-browser" in argv
    assert (templates_root() / "voila" / "templates" / TEMPLATE / "index.html.j2").is_file()


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

"""The kit on a real JupyterHub (issue 14): deploy/jupyterhub_config.py with
configurable-http-proxy, the kit as single-user servers (SimpleLocalProcessSpawner, this venv),
PostgreSQL as the hub's and the kit's database (the throw-away server of tests/conftest.py).

Two trainees sign up and sign in in separate browser contexts, land in the self-assessment with
no code to type, each saves and submits an assessment; neither sees the other's; a trainee is
refused the facilitator page; the facilitator (a member of the hub group) sees both in the room.
Skipped only when Chromium or Node/npm is missing and CI is unset.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, screenshot
from tests.hub.hub_server import find_or_install_proxy, start_hub

pytestmark = [pytest.mark.browser, pytest.mark.hub, pytest.mark.postgresql]
PASSWORD = "Ba Be lop tap huan 2026"
WORKSHOP = "lop-ba-be"
NOTES = {"lan": "Hợp đồng bao tiêu số 17 — ghi chú riêng của Lan",
         "minh": "Giấy phép số 42 — ghi chú riêng của Minh"}


def _needs(tool_ok: bool, why: str) -> None:
    if tool_ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}, and CI is set: the hub test must run in CI")
    pytest.skip(f"{why} and CI is unset")


@pytest.fixture(scope="module")
def hub(pg_server):
    _needs(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing")
    proxy, why = find_or_install_proxy()
    _needs(proxy is not None, why)
    hub_db, kit_db = pg_server.create_database(), pg_server.create_database()
    tmp = Path(tempfile.mkdtemp(prefix="ocop-hub-"))
    server = start_hub({
        "OCOP_HUB_DB_URL": hub_db.replace("postgresql://", "postgresql+psycopg://", 1),
        "OCOP_KIT_DB": kit_db,
        "OCOP_HUB_FACILITATORS": "thu",
        "OCOP_HUB_WORKSHOPS": f"{WORKSHOP}:lan,minh,thu",
    }, tmp)
    try:
        yield server
    finally:
        server.stop()
        if os.environ.get("OCOP_KEEP_HUB_LOG"):
            print(server.log())
        shutil.rmtree(tmp, ignore_errors=True)
        for url in (hub_db, kit_db):
            pg_server.drop_database(url)


def signed_in(browser, hub, name: str, landing: str = "tu-danh-gia.ipynb"):
    """A browser context of its own: sign up, sign in, wait for the app the hub lands on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(90_000)
    outside = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(
        (hub.url, "data:", "blob:", "about:")) else None)
    page.ocop_outside = outside
    page.goto(hub.url + "/hub/signup")
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.fill("#password_confirmation_input", PASSWORD)
    page.click("#signup_submit")
    page.get_by_text(re.compile("successful|thành công", re.I)).first.wait_for()
    page.goto(hub.url + "/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{name}/voila/render/{re.escape(landing)}"))
    page.locator(".ocop-app").first.wait_for(state="visible")
    return page


def assess_and_submit(page, note: str) -> None:
    page.get_by_placeholder("gõ tên", exact=False).fill("tinh dầu")
    page.get_by_placeholder("gõ tên", exact=False).press("Tab")
    page.locator("select option").first.wait_for(state="attached")
    page.get_by_role("button", name="Chấm bộ tiêu chí này").click()
    page.locator(".widget-radio-box label",
                 has_text="Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75%").first.click()
    page.locator("textarea").first.fill(note)
    page.get_by_text("Đã lưu", exact=False).first.wait_for()
    page.get_by_role("button", name="Nộp bài").click()
    page.get_by_text("Đã nộp bài cho giảng viên").wait_for()


def test_two_trainees_and_a_facilitator_through_the_hub(browser, hub):
    lan = signed_in(browser, hub, "lan")
    text = lan.locator(".ocop-app").inner_text()
    assert f"Đang làm bài: lan — lớp {WORKSHOP}" in text
    assert lan.get_by_role("button", name="Vào lớp").count() == 0  # no join code, no PIN
    assert lan.get_by_role("button", name="Đổi người dùng").is_hidden()
    assess_and_submit(lan, NOTES["lan"])
    screenshot(lan, "hub-trainee-submitted")

    minh = signed_in(browser, hub, "minh")
    body = minh.locator(".ocop-app").inner_text()
    assert "Đang làm bài: minh" in body and NOTES["lan"] not in body
    assess_and_submit(minh, NOTES["minh"])
    assert NOTES["lan"] not in minh.locator(".ocop-app").inner_text()
    # Lan reloads: her own assessment comes back, never Minh's.
    lan.reload()
    lan.locator("textarea").first.wait_for()
    assert NOTES["lan"] in lan.locator("textarea").first.input_value()
    assert NOTES["minh"] not in lan.locator(".ocop-app").inner_text()

    # A trainee is refused the facilitator page by the hub group, not by a passphrase.
    minh.goto(hub.url + "/user/minh/voila/render/hoi-dong-va-lop-hoc.ipynb")
    minh.get_by_text("không thuộc nhóm giảng viên").wait_for()
    assert minh.locator("input[type=password]:visible").count() == 0

    thu = signed_in(browser, hub, "thu")
    thu.goto(hub.url + "/user/thu/voila/render/hoi-dong-va-lop-hoc.ipynb")
    thu.locator(".ocop-roster").wait_for()
    roster = thu.locator(".ocop-roster").inner_text()
    assert "lan" in roster and "minh" in roster
    assert len(re.findall("đã nộp", roster)) >= 2
    assert NOTES["lan"] not in roster
    screenshot(thu, "hub-facilitator-roster")

    for page in (lan, minh, thu):
        assert not page.ocop_outside, page.ocop_outside
        page.context.close()
    servers = hub.user_servers()
    assert set(servers) >= {"lan", "minh", "thu"}

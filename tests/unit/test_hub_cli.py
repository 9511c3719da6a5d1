"""`ocop-kit hub` starts the one-server JupyterHub and says how to make the first facilitator."""
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from ocop_kit.cli import main
from ocop_kit.hub import proxy_command
from tests.hub.hub_server import free_port

pytestmark = pytest.mark.hub


def test_ocop_kit_hub_starts_jupyterhub(tmp_path):
    if proxy_command() is None:
        if os.environ.get("CI"):
            pytest.fail("configurable-http-proxy is missing and CI is set")
        pytest.skip("configurable-http-proxy is missing (make hub installs it) and CI is unset")
    port = free_port()
    env = dict(os.environ, OCOP_HUB_STATE=str(tmp_path / "state"), OCOP_HUB_API_PORT=str(free_port()),
               OCOP_HUB_PROXY_API_PORT=str(free_port()), OCOP_HUB_FACILITATORS="thu")
    proc = subprocess.Popen([sys.executable, "-m", "ocop_kit.cli", "hub", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        first = proc.stdout.readline().decode()
        assert first.strip() == f"JupyterHub của bộ kit: http://127.0.0.1:{port}"
        assert "OCOP_HUB_FACILITATORS" in proc.stdout.readline().decode()
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stdout.read().decode()[-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/login", timeout=3) as page:
                    assert "signup" in page.read().decode()  # NativeAuthenticator's sign-in page
                    break
            except OSError:
                assert time.monotonic() < deadline, "the hub did not answer within 90 s"
                time.sleep(0.5)
        assert (tmp_path / "state" / "jupyterhub.sqlite").exists()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        proc.stdout.close()


def test_ocop_kit_hub_without_the_proxy_says_so(monkeypatch, capsys):
    monkeypatch.setattr("ocop_kit.hub.proxy_command", lambda repo=None: None)
    assert main(["hub"]) == 2
    err = capsys.readouterr().err
    assert "configurable-http-proxy" in err and "Traceback" not in err

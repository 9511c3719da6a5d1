"""A real JupyterHub with the kit's configuration (deploy/jupyterhub_config.py), for the hub
test and benchmarks/hub.py: configurable-http-proxy from npm, the kit as single-user servers
(SimpleLocalProcessSpawner with this venv), open sign-up, the facilitator and workshop groups
from the environment. Plain functions and a class, no pytest here.
"""
from __future__ import annotations

import http.cookiejar
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

from ocop_kit.hub import hub_command, proxy_command
from tests.processes import stop_server

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_or_install_proxy() -> tuple[str | None, str]:
    """configurable-http-proxy, installed into .node/ with npm when missing; (None, why) when
    Node or npm is missing."""
    found = proxy_command(REPO)
    if found:
        return found, ""
    if not shutil.which("node") or not shutil.which("npm"):
        return None, "Node.js/npm is missing (configurable-http-proxy needs it)"
    subprocess.run(["npm", "install", "--silent", "--prefix", str(REPO / ".node"),
                    "configurable-http-proxy@5"], check=True, timeout=600, capture_output=True)
    found = proxy_command(REPO)
    return (found, "") if found else (None, "npm did not install configurable-http-proxy")


@dataclass
class HubServer:
    proc: subprocess.Popen
    url: str
    state: Path
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def user_servers(self) -> dict[str, psutil.Process]:
        """user name → the process of their single-user server (jupyterhub.singleuser)."""
        out = {}
        for proc in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                cmd = proc.cmdline()
                if "jupyterhub.singleuser" in cmd:
                    out[proc.environ().get("JUPYTERHUB_USER", str(proc.pid))] = proc
            except psutil.Error:
                continue
        return out

    def stop(self) -> None:
        stop_hub(self.proc)


def start_hub(env_overrides: dict[str, str], tmp: Path | None = None, timeout: float = 90) -> HubServer:
    """JupyterHub on free ports; ``env_overrides`` set OCOP_HUB_* / OCOP_KIT_* settings."""
    tmp = Path(tmp or tempfile.mkdtemp(prefix="ocop-hub-"))
    port = free_port()
    env = dict(os.environ)
    env.update({"OCOP_HUB_STATE": str(tmp / "state"), "OCOP_HUB_API_PORT": str(free_port()),
                "OCOP_HUB_PROXY_API_PORT": str(free_port()), "OCOP_HUB_OPEN_SIGNUP": "1",
                "OCOP_KIT_DATA": str(tmp / "data")})
    env.update(env_overrides)
    argv, env = hub_command("127.0.0.1", port, env)
    log_path = tmp / "hub.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp,
                                start_new_session=True)
    hub = HubServer(proc, f"http://127.0.0.1:{port}", tmp / "state", log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterHub exited ({proc.returncode}):\n{hub.log()[-3000:]}")
        try:
            with urllib.request.urlopen(hub.url + "/hub/api/", timeout=3):
                return hub
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.3)
    stop_hub(proc)
    raise TimeoutError(f"JupyterHub not ready after {timeout:.0f} s:\n{hub.log()[-3000:]}")


def stop_hub(proc: subprocess.Popen) -> None:
    """SIGTERM the hub (it stops the users' servers and the proxy), then kill what is left."""
    stop_server(proc, grace_s=30, children_s=10)


class HubClient:
    """One user's browser-less session: sign up, sign in, start the server (cookies kept)."""

    def __init__(self, hub_url: str):
        self.hub_url = hub_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _xsrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "_xsrf"), "")

    def get(self, path: str, timeout: float = 120):
        return self.opener.open(self.hub_url + path, timeout=timeout)

    def post_form(self, path: str, fields: dict, timeout: float = 120):
        self.get(path)  # sets the _xsrf cookie
        data = urllib.parse.urlencode({**fields, "_xsrf": self._xsrf()}).encode()
        return self.opener.open(self.hub_url + path, data=data, timeout=timeout)

    def sign_up(self, name: str, password: str) -> None:
        self.post_form("/hub/signup", {"username": name, "signup_password": password,
                                       "signup_password_confirmation": password})

    def sign_in(self, name: str, password: str):
        """Signs in; the hub redirects to the user's server (started on the way)."""
        return self.post_form("/hub/login", {"username": name, "password": password})

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

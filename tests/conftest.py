import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Every test writes its database under its own temporary folder, never the user's."""
    if "OCOP_KIT_DATA_KEEP" not in os.environ:
        monkeypatch.setenv("OCOP_KIT_DATA", str(tmp_path / "ocop-data"))
        monkeypatch.delenv("OCOP_KIT_DB", raising=False)


class PostgresServer:
    """A throw-away PostgreSQL cluster (Debian's initdb/pg_ctl) on 127.0.0.1 and a free port.

    As root the server runs as the ``postgres`` system user (PostgreSQL refuses root). It has
    its own data folder and port, so a cluster the package created is left alone. fsync is
    off: the data is thrown away, and tests should measure the kit, not the disk.
    """

    def __init__(self, bindir: str):
        self.bindir = bindir
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.dir = tempfile.mkdtemp(prefix="ocop-pg-")
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "server.log")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        if self.as_user:
            shutil.chown(self.dir, "postgres")

    def _tool(self, name, *args):
        subprocess.run([*self.as_user, os.path.join(self.bindir, name), *args], check=True,
                       capture_output=True, text=True, timeout=120)

    def start(self):
        self._tool("initdb", "-D", self.data, "-U", "ocop", "--auth=trust", "-E", "UTF8",
                   "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=100")
        self._tool("pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "-t", "60",
                   "start")

    def stop(self):
        try:
            self._tool("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database="postgres"):
        return f"postgresql://ocop@127.0.0.1:{self.port}/{database}"

    def admin(self, sql):
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self.admin(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url):
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def _postgres_bindir() -> tuple[str | None, str]:
    """The newest installed server's bin folder, or None and why not."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed (pip install -e '.[test]')"
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[-3]) if p.split("/")[-3].isdigit() else 0)
    if not found:
        return None, "PostgreSQL server binaries are missing (apt-get install postgresql)"
    if os.geteuid() == 0:
        import pwd
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root and there is no 'postgres' user to run the server"
        if not shutil.which("runuser"):
            return None, "running as root and runuser is missing"
    return os.path.dirname(found[-1]), ""


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole session; skips (fails under CI) when it cannot run."""
    bindir, why = _postgres_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests must run under CI: {why}")
        pytest.skip(why)
    server = PostgresServer(bindir)
    try:
        server.start()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        log = Path(server.log).read_text() if os.path.exists(server.log) else ""
        shutil.rmtree(server.dir, ignore_errors=True)
        detail = getattr(exc, "stderr", "") or ""
        pytest.fail(f"PostgreSQL did not start: {exc}\n{detail}\n{log}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the session's server, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (browser and hub tests): Playwright's sync API
    allows one running instance per process."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _chromium_or_skip

    _chromium_or_skip()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


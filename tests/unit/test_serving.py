"""``ocop-kit serve`` without a browser: the command and environment built for each platform,
one source of settings, class-sized pools and their memory check, the request hand-over of
preheated kernels (against Voila's own handler), and what an app kernel imports."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from tornado.web import Application

from ocop_kit import serving
from ocop_kit.cli import main
from ocop_kit.errors import InputError
from ocop_kit.request_info import receive
from ocop_kit.serving import KERNEL_MB, MEMORY_HEADROOM_MB, check_memory, pool_sizes, voila_command
from ocop_kit.views.common import AppShell

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
APPS = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def _option(cmd, name):
    values = [a.split("=", 1)[1] for a in cmd.argv if a.startswith(f"--{name}=")]
    assert len(values) <= 1, f"{name} given twice"
    return values[0] if values else None


# ------------------------------------------------------------------ command per platform

def test_posix_command_uses_ipc_and_passes_the_environment_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cmd = voila_command("notebooks", port=9999, data_dir="var", os_name="posix",
                        environ={"PATH": "/bin", "JUPYTER_PATH": "/mine"}, tmpdir="/tmp")
    assert cmd.argv[:3] == [sys.executable, "-m", "ocop_kit.serving"] and "env" not in cmd.argv
    assert cmd.argv[3] == str(tmp_path / "notebooks")
    assert "--port=9999" in cmd.argv and "--no-browser" in cmd.argv
    assert cmd.env["OCOP_KIT_DATA"] == str(tmp_path / "var") and cmd.env["PATH"] == "/bin"
    assert cmd.env["JUPYTER_PATH"] == os.pathsep.join([str(serving.templates_root()), "/mine"])
    assert (serving.templates_root() / "voila" / "templates" / "ocop" / "index.html.j2").is_file()
    assert _option(cmd, "KernelManager.transport") == "ipc"
    assert _option(cmd, "Voila.connection_dir_root") is None


def test_macos_long_temp_folder_moves_the_kernel_sockets_to_tmp():
    cmd = voila_command("notebooks", os_name="posix", environ={},
                        tmpdir="/var/folders/7x/abcdefghijklmnopqrstuvwx0000gn/T")
    assert _option(cmd, "KernelManager.transport") == "ipc"
    assert _option(cmd, "Voila.connection_dir_root") == "/tmp"


def test_windows_command_uses_loopback_tcp_and_no_posix_tools():
    cmd = voila_command("notebooks", host="0.0.0.0", data_dir="var", os_name="nt",
                        environ={"JUPYTER_PATH": r"C:\jp"})
    assert cmd.argv[0] == sys.executable and "env" not in cmd.argv
    assert _option(cmd, "KernelManager.transport") == "tcp"
    assert _option(cmd, "KernelManager.ip") == "127.0.0.1"
    assert cmd.env["JUPYTER_PATH"].endswith(os.pathsep + r"C:\jp")
    assert cmd.env["VOILA_APP_IP"] == "127.0.0.1"  # kernels reach a 0.0.0.0 server on the loopback


def test_run_execs_on_posix_and_waits_for_a_child_on_windows(monkeypatch):
    cmd = voila_command("notebooks", environ={"A": "1"})
    calls = []
    monkeypatch.setattr(os, "execve", lambda path, argv, env: calls.append(("execve", path, argv, env)))
    serving.run(cmd, os_name="posix")
    assert calls == [("execve", sys.executable, cmd.argv, cmd.env)]

    class FakePopen:
        def __init__(self, argv, env):
            calls.append(("popen", argv, env))

        def wait(self):
            return 3

    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    assert serving.run(cmd, os_name="nt") == 3
    assert calls[-1] == ("popen", cmd.argv, cmd.env)


def test_overrides_replace_a_setting_instead_of_repeating_it():
    cmd = voila_command("notebooks", overrides={"VoilaExecutor.timeout": 5},
                        without=("MappingKernelManager.cull_interval",))
    assert _option(cmd, "VoilaExecutor.timeout") == "5"
    assert _option(cmd, "MappingKernelManager.cull_interval") is None


# ------------------------------------------------------------------ one source of settings

VOILA_CONFIG = """
import json, sys
from traitlets import Dict
from voila.app import Voila
app = Voila()
app.initialize(sys.argv[1:])
pools = app.config.VoilaKernelManager.get("kernel_pools_config")
if hasattr(pools, "get_value"):
    pools = pools.get_value(Dict())
print(json.dumps({"preheat": app.voila_configuration.preheat_kernel, "pools": pools,
                  "template": app.voila_configuration.template}))
"""


def _voila_reads(argv: list[str], env: dict, cwd: Path) -> dict:
    """The settings a real Voila ends up with for this command line, run in ``cwd``."""
    proc = subprocess.run([sys.executable, "-c", VOILA_CONFIG, *argv], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_no_preheat_wins_over_a_voila_json_in_the_working_directory(tmp_path):
    (tmp_path / "voila.json").write_text(json.dumps(
        {"VoilaConfiguration": {"preheat_kernel": True, "default_pool_size": 5}}))
    cmd = voila_command(NOTEBOOKS, pools=None)
    assert _voila_reads(cmd.argv[3:], cmd.env, tmp_path)["preheat"] is False


def test_written_config_gives_voila_by_hand_the_same_class_pools(tmp_path, capsys):
    config = tmp_path / "voila.json"
    code = main(["serve", "--notebooks", str(NOTEBOOKS), "--class-size", "30", "--app", "tu-danh-gia",
                 "--write-config", str(config), "--lang", "en"])
    assert code == 0 and "JUPYTER_PATH=" in capsys.readouterr().out
    written = json.loads(config.read_text(encoding="utf-8"))
    assert written["VoilaConfiguration"]["preheat_kernel"] is True
    env = dict(os.environ, JUPYTER_PATH=str(serving.templates_root()))
    by_hand = _voila_reads([str(NOTEBOOKS)], env, tmp_path)  # plain `voila notebooks/`
    assert by_hand["preheat"] is True and by_hand["template"] == "ocop"
    assert by_hand["pools"] == {"default": {"pool_size": 1}, "tu-danh-gia.ipynb": {"pool_size": 30}}


# ------------------------------------------------------------------ class pools and memory

def test_class_size_applies_to_the_chosen_apps_and_one_to_the_others():
    pools = pool_sizes(NOTEBOOKS, 30, ["tu-danh-gia"])
    assert set(pools) == set(APPS)
    assert pools["tu-danh-gia.ipynb"] == 30 and {pools[a] for a in APPS if a != "tu-danh-gia.ipynb"} == {1}
    assert set(pool_sizes(NOTEBOOKS, 4).values()) == {4}
    cmd = voila_command(NOTEBOOKS, pools=pools)
    assert json.loads(_option(cmd, "VoilaKernelManager.kernel_pools_config")) == {
        "default": {"pool_size": 1}, "tu-danh-gia.ipynb": {"pool_size": 30}}
    default = voila_command(NOTEBOOKS, pools=pool_sizes(NOTEBOOKS))
    assert _option(default, "VoilaConfiguration.preheat_kernel") == "True"
    # Always given, so that no voila.json can change the pools of `ocop-kit serve`.
    assert json.loads(_option(default, "VoilaKernelManager.kernel_pools_config")) == {"default": {"pool_size": 1}}


def test_unknown_app_and_bad_size_are_refused_with_the_list_of_apps():
    with pytest.raises(InputError) as err:
        pool_sizes(NOTEBOOKS, 30, ["tu-danh"])
    assert "tu-danh-gia" in err.value.message("vi") and "không có ứng dụng" in err.value.message("vi")
    with pytest.raises(InputError):
        pool_sizes(NOTEBOOKS, 0)


def test_memory_check_counts_the_refill_and_says_what_fits():
    pools = {"a.ipynb": 30, "b.ipynb": 1}
    measured = {"a.ipynb": 50.0}  # b: not measured, KERNEL_MB
    needed = 2 * 30 * 50 + 2 * KERNEL_MB
    check_memory(pools, measured, available_mb=needed + MEMORY_HEADROOM_MB)
    with pytest.raises(InputError) as err:
        check_memory(pools, measured, available_mb=needed + MEMORY_HEADROOM_MB - 1)
    fits = (needed - 1 - 2 * KERNEL_MB) // (2 * 50)
    vi, en = err.value.message("vi"), err.value.message("en")
    assert fits == 29 and "khoảng 29 học viên" in vi and "không đủ bộ nhớ" in vi and "50 MB" in vi
    assert "about 29 trainees" in en and f"{needed / 1024:.1f} GB".replace(".", ",") in vi
    with pytest.raises(InputError) as err:  # no class: say how to serve without the pools
        check_memory({"a.ipynb": 1, "b.ipynb": 1}, None, available_mb=600)
    assert "--no-preheat" in err.value.message("vi") and "--no-preheat" in err.value.message("en")
    check_memory(None, None, available_mb=0)  # no preheat: nothing kept in advance


def test_a_class_apps_kernel_is_measured_at_start(tmp_path):
    cmd = voila_command(NOTEBOOKS, data_dir=tmp_path)
    mb = serving.measure_kernel_mb(NOTEBOOKS / "tu-danh-gia.ipynb", cmd.env)
    assert mb is not None and 20 < mb < KERNEL_MB  # an app kernel, far below the heaviest notebook


def test_cli_refuses_a_class_that_does_not_fit_before_starting_anything(monkeypatch, capsys):
    monkeypatch.setattr(serving, "available_memory_mb", lambda: 2048)
    monkeypatch.setattr(serving, "measure_kernel_mb", lambda notebook, env: 50.0)
    monkeypatch.setattr(serving, "run", lambda *a, **k: pytest.fail("the server must not start"))
    assert main(["serve", "--notebooks", str(NOTEBOOKS), "--class-size", "30", "--app", "tu-danh-gia",
                 "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Measuring the memory of one tu-danh-gia kernel" in err and "not enough memory" in err
    assert main(["serve", "--notebooks", str(NOTEBOOKS), "--no-preheat", "--class-size", "30"]) == 2
    assert "--no-preheat" in capsys.readouterr().err


def test_cli_serve_builds_the_command_it_runs(monkeypatch):
    seen = []
    monkeypatch.setattr(serving, "available_memory_mb", lambda: 10**6)
    monkeypatch.setattr(serving, "measure_kernel_mb", lambda notebook, env: 50.0)
    monkeypatch.setattr(serving, "run", lambda cmd: seen.append(cmd) or 0)
    assert main(["serve", "--notebooks", str(NOTEBOOKS), "--no-preheat", "--port", "9001"]) == 0
    assert _option(seen[-1], "VoilaConfiguration.preheat_kernel") == "False"
    assert main(["serve", "--notebooks", str(NOTEBOOKS), "--class-size", "3", "--app", "tu-danh-gia.ipynb"]) == 0
    assert json.loads(_option(seen[-1], "VoilaKernelManager.kernel_pools_config"))["tu-danh-gia.ipynb"] == {
        "pool_size": 3}


# ------------------------------------------------------------------ request hand-over

async def _voila_query_server(ping: float | None = None):
    """Voila's own hand-over endpoint (the handler ``voila`` registers for preheated kernels)."""
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets
    from voila.request_info_handler import RequestInfoSocketHandler

    class Counting(RequestInfoSocketHandler):
        opened = 0

        def open(self, kernel_id):
            type(self).opened += 1
            super().open(kernel_id)

    settings = {"websocket_ping_interval": ping, "websocket_ping_timeout": ping} if ping else {}
    sockets = bind_sockets(0, "127.0.0.1")
    server = HTTPServer(Application([(r"/voila/query/(.+)", Counting)], **settings))
    server.add_sockets(sockets)
    return server, sockets[0].getsockname()[1], Counting


def run_in_own_loop(scenario):
    """asyncio.run in a thread of its own: a browser test's Playwright keeps a loop running in this thread."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(scenario())).result()


def test_receive_gets_the_request_sent_while_connected_and_answers_pings():
    async def scenario():
        server, port, handler = await _voila_query_server(ping=0.05)
        try:
            task = asyncio.create_task(receive("127.0.0.1", port, "/voila/query/k1"))
            await asyncio.sleep(0.6)  # several pings the client must answer to stay connected
            handler.send_updates({"kernel_id": "k1", "payload": {"QUERY_STRING": "lang=en&x=1"}})
            info = await asyncio.wait_for(task, 10)
            return info, handler.opened
        finally:
            server.stop()

    info, opened = run_in_own_loop(scenario)
    assert info["QUERY_STRING"] == "lang=en&x=1"
    assert opened == 1


def test_receive_gets_a_request_sent_before_it_connected():
    async def scenario():
        server, port, handler = await _voila_query_server()
        try:
            handler.send_updates({"kernel_id": "k2", "payload": {"QUERY_STRING": "lang=en"}})
            return await asyncio.wait_for(receive("127.0.0.1", port, "/voila/query/k2"), 10)
        finally:
            server.stop()

    assert run_in_own_loop(scenario)["QUERY_STRING"] == "lang=en"


def test_preheated_app_switches_language_when_the_request_arrives(monkeypatch):
    async def scenario():
        server, port, handler = await _voila_query_server()
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_KERNEL_ID", "k3")
        monkeypatch.setenv("VOILA_APP_PORT", str(port))
        # setenv, not delenv: the hand-over writes QUERY_STRING into os.environ, and monkeypatch must take it
        # out again, or every kernel started later in this run (nbval) would open in English.
        monkeypatch.setenv("QUERY_STRING", "")
        try:
            shell = AppShell("test", "views.lang_vi", "vi")
            shell.follow_url_language()  # returns at once, like the notebook's last cell
            before = shell.lang
            await asyncio.sleep(0.3)
            handler.send_updates({"kernel_id": "k3", "payload": {"QUERY_STRING": "lang=en"}})
            for _ in range(100):
                if shell.lang == "en":
                    break
                await asyncio.sleep(0.05)
            return before, shell
        finally:
            server.stop()

    before, shell = run_in_own_loop(scenario)
    assert before == "vi" and shell.lang == "en" and shell.lang_toggle.value == "en"
    assert os.environ["QUERY_STRING"] == "lang=en"


# ------------------------------------------------------------------ what a kernel imports

KERNEL_PROBE = "import json, sys\nprint('MODULES ' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
SERVER_PACKAGES = {"voila", "jupyter_server", "jsonschema", "websockets", "jupyterlab_server"}


def test_app_kernels_do_not_import_server_packages(tmp_path):
    """Every notebook `make serve` serves, run as Voila runs it in a preheated pool kernel
    (one kernel, notebook after notebook; a package is blamed on the notebook that loaded it)."""
    from jupyter_client.manager import start_new_kernel

    env = dict(os.environ, VOILA_PREHEAT="True", VOILA_KERNEL_ID="probe", VOILA_APP_PORT="9",
               OCOP_KIT_DATA=str(tmp_path))
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(NOTEBOOKS))
    offenders, seen = {}, set()
    try:
        for app in APPS:
            outputs = []
            for cell in nbformat.read(NOTEBOOKS / app, as_version=4).cells:
                if cell.cell_type == "code":
                    reply = kc.execute_interactive(cell.source, timeout=120, output_hook=outputs.append)
                    assert reply["content"]["status"] == "ok", (app, reply["content"])
            kc.execute_interactive(KERNEL_PROBE, timeout=60, output_hook=outputs.append)
            text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
            modules = set(json.loads(text.split("MODULES ", 1)[1].splitlines()[0]))
            assert "ocop_kit" in modules and "ipywidgets" in modules, app
            if (modules & SERVER_PACKAGES) - seen:
                offenders[app] = sorted((modules & SERVER_PACKAGES) - seen)
            seen |= modules & SERVER_PACKAGES
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert offenders == {}

"""Serve the kit's notebooks with Voila, with the settings that remove Voila's known faults.

Every setting is explained in docs/serving.md (measured facts behind them:
../shared/platform/voila-measured.md). ``ocop-kit serve`` passes all of them on Voila's
command line, so a ``voila.json`` in the working directory can add settings but never
change these; ``ocop-kit serve --write-config voila.json`` writes the same settings for
people who start ``voila`` by hand.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from queue import Empty
from typing import cast

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

from . import config
from .errors import InputError
from .i18n import t

TEMPLATE = "ocop"
# How often a waiting kernel client looks at its socket even without a wake-up (seconds).
POLL_SLICE = 0.5
# Memory of one kernel in MiB for a notebook not measured at start: the heaviest notebook
# kernel benchmarks/run.py measured (lessons drawing with matplotlib: 76–81 MB USS, 82–86 MB
# PSS, docs/benchmarks.md), rounded up.
KERNEL_MB = 100
# A kernel measured right after running its notebook grows while a trainee works in the page.
PAGE_MARGIN = 1.25
# Seconds a pool waits after a page took one of its kernels before it starts another:
# a class opening the app at once is served from the pool first, then the pool refills.
FILL_DELAY = 10.0
# Leave this much of the available memory to the server, the browser and the system.
MEMORY_HEADROOM_MB = 512
# Longest Unix-socket path the platforms accept is 104 bytes (macOS); Voila's kernel sockets
# live at <root>/voila_xxxxxxxx/kernel-<uuid>-ipc-<n>, 65 bytes below the root.
IPC_PATH_BELOW_ROOT = 65
IPC_PATH_MAX = 100

# Settings on every platform, as (traitlets option, value).
SETTINGS: tuple[tuple[str, object], ...] = (
    # Template without internet links, lang="vi", phone viewport (ocop_kit/templates).
    ("VoilaConfiguration.template", TEMPLATE),
    # Voila's own kernel client re-checks its sockets every POLL_SLICE seconds, so a
    # missed asyncio wake-up cannot leave a page stuck or drop widget outputs.
    ("KernelManager.client_class", "ocop_kit.serving.SlicedPollKernelClient"),
    # A cell may run this long (seconds, under full workshop load) before Voila gives up.
    ("VoilaExecutor.timeout", 120),
    # Wait for a cell's outputs this long after its reply (nbclient default 4 s drops
    # widgets when the server is CPU-starved).
    ("VoilaExecutor.iopub_timeout", 30),
    # Backstop for tabs whose shutdown beacon never arrives (phones, crashed browsers):
    # a kernel with no open connection and no activity for 5 minutes is stopped.
    ("MappingKernelManager.cull_idle_timeout", 300),
    ("MappingKernelManager.cull_interval", 30),
)


def templates_root() -> Path:
    """The Jupyter data root that holds ``voila/templates/ocop`` (package data)."""
    return Path(str(resources.files("ocop_kit") / "templates"))


def transport_settings(os_name: str | None = None, tmpdir: str | None = None
                       ) -> tuple[tuple[str, object], ...]:
    """How Voila talks to its kernels on this platform.

    POSIX: Unix sockets (no TCP port race at kernel start), in a folder short enough for
    the socket paths. Elsewhere (Windows has no ``ipc``): TCP, bound to the loopback only,
    so no other machine can reach the kernels.
    """
    os_name = os_name or os.name
    if os_name != "posix":
        return (("KernelManager.transport", "tcp"), ("KernelManager.ip", "127.0.0.1"))
    out: tuple[tuple[str, object], ...] = (("KernelManager.transport", "ipc"),)
    tmpdir = tmpdir or tempfile.gettempdir()
    if len(tmpdir) + IPC_PATH_BELOW_ROOT > IPC_PATH_MAX:  # macOS: /var/folders/…/T/
        out += (("Voila.connection_dir_root", "/tmp"),)
    return out


def app_names(notebooks_dir) -> list[str]:
    """The notebooks Voila will serve (and preheat), relative to ``notebooks_dir``."""
    root = Path(notebooks_dir)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def pool_sizes(notebooks_dir, class_size: int = 1, apps=()) -> dict[str, int]:
    """Preheated kernels per notebook: ``class_size`` for ``apps`` (every notebook when
    none is named), 1 for the others. ``apps`` may omit ``.ipynb``."""
    names = app_names(notebooks_dir)
    if class_size < 1:
        raise InputError("serve.bad_class_size", size=class_size)
    chosen = set()
    for app in apps:
        name = app if app.endswith(".ipynb") else f"{app}.ipynb"
        if name not in names:
            raise InputError("serve.unknown_app", app=app, apps=", ".join(n[:-6] for n in names))
        chosen.add(name)
    return {n: class_size if (n in chosen or not chosen) else 1 for n in names}


def preheat_settings(pools: dict[str, int] | None) -> tuple[tuple[str, object], ...]:
    """Voila's preheated-kernel pool: one entry per notebook whose size is not 1.

    ``pools=None`` turns preheating off, explicitly, so no configuration file turns it on.
    """
    if pools is None:
        return (("VoilaConfiguration.preheat_kernel", False),)
    config: dict[str, dict] = {"default": {"pool_size": 1}}
    config.update({name: {"pool_size": size} for name, size in pools.items() if size != 1})
    return (
        ("VoilaConfiguration.preheat_kernel", True),
        ("VoilaConfiguration.default_pool_size", 1),
        ("VoilaKernelManager.kernel_pools_config", config),
        ("VoilaKernelManager.fill_delay", FILL_DELAY),
    )


def measure_kernel_mb(notebook: Path, env: dict[str, str], timeout: float = 120) -> float | None:
    """Memory (USS, MiB, × PAGE_MARGIN) of a kernel that has run ``notebook`` as a pool
    kernel does; None when the notebook could not run."""
    import nbformat
    import psutil
    from jupyter_client.manager import KernelManager

    nb = nbformat.read(notebook, as_version=4)
    km = KernelManager(kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"))
    km.start_kernel(env={**env, "VOILA_PREHEAT": "False"}, cwd=str(notebook.parent))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        for cell in nb.cells:
            if cell.cell_type == "code":
                reply = kc.execute_interactive(cell.source, timeout=timeout, output_hook=lambda _m: None)
                if reply["content"]["status"] != "ok":
                    return None
        uss = psutil.Process(km.provisioner.process.pid).memory_full_info().uss  # type: ignore[union-attr]
        return uss / 2**20 * PAGE_MARGIN
    except (RuntimeError, TimeoutError, psutil.Error, AttributeError):
        return None
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def class_kernel_mb(notebooks_dir, pools: dict[str, int] | None, env: dict[str, str],
                    lang: str | None = None) -> dict[str, float]:
    """Measured memory per kernel of every notebook with a class-sized pool (more than 1)."""
    out = {}
    for name, size in (pools or {}).items():
        if size > 1:
            sys.stderr.write(t("serve.measuring", lang, app=name.removesuffix(".ipynb")) + "\n")
            mb = measure_kernel_mb(Path(notebooks_dir) / name, env)
            if mb is not None:
                out[name] = mb
    return out


def memory_needed_mb(pools: dict[str, int] | None, kernel_mb: dict[str, float] | None = None) -> int:
    """Kernel memory a class can reach: every pool kernel taken by a page while the pool
    refills behind it, so twice the pools; KERNEL_MB for a notebook not measured."""
    if pools is None:
        return 0
    kernel_mb = kernel_mb or {}
    return round(sum(2 * size * kernel_mb.get(name, KERNEL_MB) for name, size in pools.items()))


def available_memory_mb() -> int:
    """Memory the system can give without swapping (MemAvailable on Linux)."""
    import psutil  # a dependency of ipykernel, declared by the kit too

    return int(psutil.virtual_memory().available / 2**20)


def check_memory(pools: dict[str, int] | None, kernel_mb: dict[str, float] | None = None,
                 available_mb: int | None = None) -> None:
    """Refuse pools that would not fit in memory, saying what fits."""
    needed = memory_needed_mb(pools, kernel_mb)
    if not needed or pools is None:
        return
    available = available_memory_mb() if available_mb is None else available_mb
    usable = available - MEMORY_HEADROOM_MB
    if needed <= usable:
        return
    kernel_mb = kernel_mb or {}
    size = max(pools.values())
    chosen = [n for n, k in pools.items() if k == size]
    others = memory_needed_mb({n: k for n, k in pools.items() if n not in chosen}, kernel_mb)
    per_trainee = sum(2 * kernel_mb.get(n, KERNEL_MB) for n in chosen)
    fits = max(0, int((usable - others) // per_trainee))
    raise InputError("serve.not_enough_memory" if size > 1 else "serve.not_enough_memory_preheat",
                     needed=_gib(needed), available=_gib(available), fits=fits,
                     kernel=round(max(kernel_mb.get(n, KERNEL_MB) for n in chosen)))


def _gib(mb: int) -> dict[str, str]:
    text = f"{mb / 1024:.1f} GB"
    return {"vi": text.replace(".", ","), "en": text}


def option_text(value: object) -> str:
    """A setting's value as Voila's command line reads it."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


@dataclass(frozen=True)
class VoilaCommand:
    """What starts the server: the argv, the environment it needs, and the settings in it."""

    argv: list[str]
    env: dict[str, str]
    settings: tuple[tuple[str, object], ...]

    def config(self) -> dict:
        """The settings as a ``voila.json`` (for people who start ``voila`` by hand)."""
        out: dict[str, dict] = {}
        for option, value in self.settings:
            section, name = option.split(".")
            out.setdefault(section, {})[name] = value
        return out


def loopback_for(host: str) -> str:
    """Where a kernel on this machine reaches a server listening on ``host``."""
    if host in ("", "0.0.0.0", "*"):
        return "127.0.0.1"
    if host == "::":
        return "::1"
    return host


def voila_command(
    notebooks_dir,
    host: str = "127.0.0.1",
    port: int = 8866,
    open_browser: bool = False,
    data_dir=None,
    pools: dict[str, int] | None = None,
    overrides: dict[str, object] | None = None,
    without: tuple[str, ...] = (),
    os_name: str | None = None,
    environ: dict[str, str] | None = None,
    tmpdir: str | None = None,
) -> VoilaCommand:
    """The command that serves ``notebooks_dir`` from any directory, on any platform.

    ``pools``: preheated kernels per notebook (``pool_sizes``); None serves without
    preheat. ``overrides`` replace or add settings (tests shorten the timeout);
    ``without`` drops settings by option name (benchmark A/B runs). The environment is
    returned, not wrapped into the command: ``JUPYTER_PATH`` lets Voila find the kit's
    template, ``OCOP_KIT_DATA`` tells the apps where to store drafts, ``VOILA_APP_IP``
    where a preheated kernel reaches the server for its page's request.
    """
    environ = dict(os.environ if environ is None else environ)
    env = dict(environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(templates_root()), environ.get("JUPYTER_PATH", "")) if p)
    if data_dir is not None:
        env["OCOP_KIT_DATA"] = str(Path(data_dir).resolve())
    env["VOILA_APP_IP"] = loopback_for(host)

    settings = dict(SETTINGS + transport_settings(os_name, tmpdir) + preheat_settings(pools))
    settings.update(overrides or {})
    for option in without:
        settings.pop(option, None)
    argv = [sys.executable, "-m", "ocop_kit.serving", str(Path(notebooks_dir).resolve()),
            f"--port={int(port)}", f"--Voila.ip={host}"]
    if not open_browser:
        argv.append("--no-browser")
    argv += [f"--{option}={option_text(value)}" for option, value in settings.items()]
    return VoilaCommand(argv, env, tuple(settings.items()))


def run(command: VoilaCommand, os_name: str | None = None) -> int:
    """Start the server. POSIX: this process becomes Voila (signals reach it directly).
    Windows has no real exec: Voila runs as a child and its exit status is returned."""
    sys.stdout.flush()
    sys.stderr.flush()
    if (os_name or os.name) == "posix":
        os.execve(command.argv[0], command.argv, command.env)
        return 0  # not reached: execve replaces this process
    proc = subprocess.Popen(command.argv, env=command.env)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Ctrl+C reaches Voila too; wait for it to stop its kernels
            continue


def serve(host: str | None = None, port: int | None = None, notebooks_dir=None, data_dir=None,
          open_browser: bool = False, preheat: bool | None = None, class_size: int | None = None,
          apps=None, write_config=None, lang: str | None = None) -> int:
    """``ocop-kit serve``: check the pools fit in memory, then start Voila.

    What is not given comes from the settings (``config.current()``: host, port, preheat,
    class_size, class_apps, data_dir), which the kernels receive in their environment.
    ``notebooks_dir`` defaults to ``notebooks/`` of the source checkout.
    With ``write_config`` the settings are written there as a ``voila.json`` instead.
    """
    kit = config.current()
    host = kit.host if host is None else host
    port = kit.port if port is None else port
    preheat = kit.preheat if preheat is None else preheat
    class_size = kit.class_size if class_size is None else class_size
    apps = kit.class_apps if apps is None else apps
    if notebooks_dir is None:
        notebooks_dir = Path(__file__).resolve().parent.parent / "notebooks"
    if not Path(notebooks_dir).is_dir():
        raise InputError("serve.no_notebooks", path=str(notebooks_dir))
    if data_dir is None:
        data_dir = kit.data_dir or None
    pools = pool_sizes(notebooks_dir, class_size, apps) if preheat else None
    command = voila_command(notebooks_dir, host=host, port=port, open_browser=open_browser,
                            data_dir=data_dir, pools=pools, environ={**os.environ, **config.environ(kit)})
    if write_config is not None:
        Path(write_config).write_text(json.dumps(command.config(), ensure_ascii=False, indent=2)
                                      + "\n", encoding="utf-8")
        return 0
    check_memory(pools, class_kernel_mb(notebooks_dir, pools, command.env, lang))
    if data_dir is not None:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
    return run(command)


class SlicedPollChannel(AsyncZMQSocketChannel):
    """A kernel channel whose ``get_msg`` never sleeps longer than POLL_SLICE.

    Under load, the asyncio poll on a zmq socket sometimes misses the wake-up for a
    message that has already arrived (measured: ~5 % of pages at 10 simultaneous
    loads waited forever in nbclient). Re-checking the socket's own POLLIN flag after
    each slice turns such a miss into a delay of at most POLL_SLICE.
    """

    async def get_msg(self, timeout: float | None = None):  # type: ignore[override]  # jupyter_client types it sync
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = POLL_SLICE if deadline is None else max(0.0, min(POLL_SLICE, deadline - time.monotonic()))
            ready = await self.socket.poll(int(wait * 1000))
            if ready or cast(int, self.socket.get(zmq.EVENTS)) & zmq.POLLIN:
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class SlicedPollKernelClient(AsyncKernelClient):
    """Voila's execution client with SlicedPollChannel on every channel it reads."""

    shell_channel_class = Type(SlicedPollChannel)
    iopub_channel_class = Type(SlicedPollChannel)
    stdin_channel_class = Type(SlicedPollChannel)
    control_channel_class = Type(SlicedPollChannel)


def voila_main() -> None:
    """``python -m ocop_kit.serving``: Voila's own entry point, minus one misleading log line.

    A dict given on the command line (the per-notebook pools) is read by traitlets as
    always, but Voila turns traitlets' deprecation warnings on and the line looks like
    an error to a facilitator; traitlets offers no other form for a dict of dicts.
    """
    import warnings

    from voila.app import main  # importing voila installs its warning filter first

    warnings.filterwarnings("ignore", message=r"--kernel_pools_config=", category=DeprecationWarning)
    sys.exit(main())


if __name__ == "__main__":
    voila_main()

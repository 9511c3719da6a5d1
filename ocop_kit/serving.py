"""Serve the kit's notebooks with Voila, with the settings that remove Voila's known faults.

Every setting is explained in docs/serving.md (measured facts behind them:
../shared/platform/voila-measured.md). The same settings are in the repository's
``voila.json`` for people who start ``voila`` by hand; a test keeps the two in step.
"""
from __future__ import annotations

import os
import sys
import time
from importlib import resources
from pathlib import Path
from queue import Empty

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

TEMPLATE = "ocop"
# How often a waiting kernel client looks at its socket even without a wake-up (seconds).
POLL_SLICE = 0.5

# Settings as (traitlets option, value): one place for voila_argv, voila.json and the docs.
SETTINGS: tuple[tuple[str, str], ...] = (
    # Template without internet links, lang="vi", phone viewport (ocop_kit/templates).
    ("VoilaConfiguration.template", TEMPLATE),
    # Unix sockets between Voila and kernels: no TCP port race at kernel start.
    ("KernelManager.transport", "ipc"),
    # Voila's own kernel client re-checks its sockets every POLL_SLICE seconds, so a
    # missed asyncio wake-up cannot leave a page stuck or drop widget outputs.
    ("KernelManager.client_class", "ocop_kit.serving.SlicedPollKernelClient"),
    # A cell may run this long (seconds, under full workshop load) before Voila gives up.
    ("VoilaExecutor.timeout", "120"),
    # Wait for a cell's outputs this long after its reply (nbclient default 4 s drops
    # widgets when the server is CPU-starved).
    ("VoilaExecutor.iopub_timeout", "30"),
    # Backstop for tabs whose shutdown beacon never arrives (phones, crashed browsers):
    # a kernel with no open connection and no activity for 5 minutes is stopped.
    ("MappingKernelManager.cull_idle_timeout", "300"),
    ("MappingKernelManager.cull_interval", "30"),
)

# A workshop laptop keeps one kernel per app notebook that has already run it, so the
# next trainee's page appears sooner; the apps read ?lang= only in their last cell, after
# Voila has handed the request over (AppShell.follow_url_language). docs/serving.md says
# what it costs. Tests and the benchmark's concurrency runs use a server without it.
PREHEAT: tuple[tuple[str, str], ...] = (
    ("VoilaConfiguration.preheat_kernel", "True"),
    ("VoilaConfiguration.default_pool_size", "1"),
)


def templates_root() -> Path:
    """The Jupyter data root that holds ``voila/templates/ocop`` (package data)."""
    return Path(str(resources.files("ocop_kit") / "templates"))


def voila_argv(
    notebooks_dir,
    host: str = "127.0.0.1",
    port: int = 8866,
    open_browser: bool = False,
    data_dir=None,
    preheat: bool = False,
) -> list[str]:
    """The full command line that serves ``notebooks_dir``; works from any directory.

    It starts with ``env`` so that the environment Voila and its kernels need travels
    with the command: ``JUPYTER_PATH`` lets Voila find the kit's template and
    ``OCOP_KIT_DATA`` (when ``data_dir`` is given) tells the apps where to store drafts.
    """
    jupyter_path = os.pathsep.join(
        p for p in (str(templates_root()), os.environ.get("JUPYTER_PATH", "")) if p
    )
    env = ["env", f"JUPYTER_PATH={jupyter_path}"]
    if data_dir is not None:
        env.append(f"OCOP_KIT_DATA={Path(data_dir).resolve()}")
    argv = [*env, sys.executable, "-m", "voila", str(Path(notebooks_dir).resolve())]
    argv += [f"--port={int(port)}", f"--Voila.ip={host}"]
    if not open_browser:
        argv.append("--no-browser")
    argv += [f"--{name}={value}" for name, value in SETTINGS + (PREHEAT if preheat else ())]
    return argv


def serve(host: str = "127.0.0.1", port: int = 8866, notebooks_dir=None, data_dir=None,
          open_browser: bool = False, preheat: bool = True) -> None:
    """Replace this process by the Voila server (``ocop-kit serve``).

    ``data_dir`` defaults to ``$OCOP_KIT_DATA``; when neither is set the apps use their
    own default. ``notebooks_dir`` defaults to ``notebooks/`` of the source checkout.
    """
    if notebooks_dir is None:
        notebooks_dir = Path(__file__).resolve().parent.parent / "notebooks"
    if data_dir is None:
        data_dir = os.environ.get("OCOP_KIT_DATA") or None
    if data_dir is not None:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
    argv = voila_argv(notebooks_dir, host=host, port=port, open_browser=open_browser,
                      data_dir=data_dir, preheat=preheat)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execvp(argv[0], argv)


class SlicedPollChannel(AsyncZMQSocketChannel):
    """A kernel channel whose ``get_msg`` never sleeps longer than POLL_SLICE.

    Under load, the asyncio poll on a zmq socket sometimes misses the wake-up for a
    message that has already arrived (measured: ~5 % of pages at 10 simultaneous
    loads waited forever in nbclient). Re-checking the socket's own POLLIN flag after
    each slice turns such a miss into a delay of at most POLL_SLICE.
    """

    async def get_msg(self, timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = POLL_SLICE if deadline is None else max(0.0, min(POLL_SLICE, deadline - time.monotonic()))
            ready = await self.socket.poll(int(wait * 1000))
            if ready or self.socket.get(zmq.EVENTS) & zmq.POLLIN:
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class SlicedPollKernelClient(AsyncKernelClient):
    """Voila's execution client with SlicedPollChannel on every channel it reads."""

    shell_channel_class = Type(SlicedPollChannel)
    iopub_channel_class = Type(SlicedPollChannel)
    stdin_channel_class = Type(SlicedPollChannel)
    control_channel_class = Type(SlicedPollChannel)

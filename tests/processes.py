"""Stopping a server started in its own process group, with everything it started (plain
functions: the browser fixtures, the hub helper and the hub benchmark use them)."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess

import psutil


def stop_server(proc: subprocess.Popen, grace_s: float = 15, children_s: float = 5) -> None:
    """SIGTERM the server's process group (Voila then shuts its kernels down), then
    kill whatever is left, kernels included (they run in their own sessions)."""
    try:
        kids = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        kids = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    _gone, alive = psutil.wait_procs(kids, timeout=children_s)
    for p in alive:
        with contextlib.suppress(psutil.Error):
            p.kill()

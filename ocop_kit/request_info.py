"""The page request a preheated Voila kernel is handed, learnt without importing Voila.

A preheated kernel runs its notebook before anyone asks for the page, so the request
(``?lang=en``…) reaches it later: Voila sends it as one JSON text message on the
websocket ``<server_url>voila/query/<kernel_id>``, or keeps it until the kernel connects.
Voila's own helper (``voila.utils.get_query_string``) blocks the cell that calls it, so
the execution timeout can kill it while the pool waits for a trainee, and it imports
``voila`` and with it jupyter_server's whole stack into every kernel.

Here the wait is an asyncio task on the kernel's own event loop: the cell that starts it
returns at once, the kernel stays idle (and interruptible) however long the pool waits,
and the callback runs on the kernel's main thread, like a widget event. The websocket
client is the few lines of RFC 6455 the hand-over needs, on the standard library.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import struct
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

RETRY_MAX = 30.0  # seconds between attempts at most, while the server cannot be reached


def preheated() -> bool:
    """True in a kernel Voila started ahead of any request (a preheated pool kernel)."""
    return os.environ.get("VOILA_PREHEAT", "False") not in ("False", "", "0")


def query_url() -> tuple[str, int, str] | None:
    """(host, port, path) of the hand-over websocket, from what Voila put in the kernel's
    environment; None when this kernel has no id (not started by Voila)."""
    kernel_id = os.environ.get("VOILA_KERNEL_ID")
    if not kernel_id:
        return None
    host = os.environ.get("VOILA_APP_IP") or "127.0.0.1"
    port = int(os.environ.get("VOILA_APP_PORT") or 8866)
    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL") or "/"
    return host, port, f"{base.rstrip('/')}/voila/query/{kernel_id}"


def when_request(callback: Callable[[dict], object]) -> None:
    """Call ``callback(request_info)`` once this preheated kernel's page is requested.

    ``request_info`` holds ``QUERY_STRING``, ``SCRIPT_NAME``, ``SERVER_NAME``… and is
    also copied into ``os.environ``, as Voila does. Outside a preheated Voila kernel the
    request is already in the environment (or there is none) and the callback never runs.
    Returns at once.
    """
    target = query_url() if preheated() else None
    if target is None:
        return

    async def wait_then_call():
        info = await receive(*target)
        os.environ.update({str(k): str(v) for k, v in info.items()})
        callback(info)

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no event loop in this thread (not an IPython kernel cell)
        threading.Thread(target=lambda: asyncio.run(wait_then_call()), daemon=True,
                         name="ocop-request-info").start()
        return
    task = loop.create_task(wait_then_call())
    task.add_done_callback(_log_failure)
    _TASKS.add(task)  # the loop keeps only weak references to tasks
    task.add_done_callback(_TASKS.discard)


_TASKS: set = set()


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("request hand-over failed", exc_info=task.exception())


async def receive(host: str, port: int, path: str) -> dict:
    """The request info Voila sends on ``ws://host:port/path``; waits as long as it takes.

    A connection that fails or closes early is tried again (Voila keeps the request
    until the kernel connects), at most every RETRY_MAX seconds.
    """
    delay = 0.25
    while True:
        try:
            text = await _one_message(host, port, path)
            if text is not None:
                return json.loads(text)
        except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
            log.debug("hand-over websocket %s:%s%s: %s", host, port, path, exc)
        await asyncio.sleep(delay)
        delay = min(RETRY_MAX, delay * 2)


async def _one_message(host: str, port: int, path: str) -> str | None:
    """Open the websocket, return the first text message (None if the server closes)."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                      "Sec-WebSocket-Version: 13\r\n\r\n").encode("latin-1"))
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ValueError(f"no websocket upgrade: {head[:80]!r}")
        pieces: list[bytes] = []
        while True:
            fin, opcode, payload = await _frame(reader)
            if opcode == 0x8:  # close
                return None
            if opcode == 0x9:  # ping: answer, or the server may drop us
                writer.write(_client_frame(0xA, payload))
                await writer.drain()
            elif opcode in (0x0, 0x1):  # continuation, text
                pieces.append(payload)
                if fin:
                    return b"".join(pieces).decode("utf-8")
    finally:
        writer.close()


async def _frame(reader: asyncio.StreamReader) -> tuple[bool, int, bytes]:
    b0, b1 = await reader.readexactly(2)
    length = b1 & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", await reader.readexactly(2))
    elif length == 127:
        (length,) = struct.unpack("!Q", await reader.readexactly(8))
    mask = await reader.readexactly(4) if b1 & 0x80 else None
    payload = await reader.readexactly(length)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bool(b0 & 0x80), b0 & 0x0F, payload


def _client_frame(opcode: int, payload: bytes) -> bytes:
    """A final frame from the client: always masked (RFC 6455 §5.3); control-frame sized."""
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload[:125]))
    return bytes([0x80 | opcode, 0x80 | len(body)]) + mask + body

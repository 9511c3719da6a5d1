"""Keep every message the kernel publishes for the page, however fast the app makes them.

The kernel publishes widget messages on a ZeroMQ PUB socket, and a PUB socket silently drops
what a subscriber has not yet read once 1,000 messages wait for it (ZeroMQ's default send
high-water mark). Redrawing the business plan makes about 2,000 (new widgets, the old ones
closed, values); on a busy 2-core laptop the server reads them late, and the last ones — the
status bar, a restored product line, the "idle" status — were lost for good: the page showed
the old figures until the next change (found by the plan journeys in CI). With no limit on
the kernel's side the messages wait in memory until the server reads them.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)
_done = False


def keep_every_message() -> bool:
    """Lift the send limit of this kernel's IOPub socket (for subscribers that connect from now
    on: a preheated kernel does this before its page connects). False outside a kernel."""
    global _done
    if _done:
        return True
    try:
        import zmq
        from IPython import get_ipython

        thread = getattr(getattr(get_ipython(), "kernel", None), "iopub_thread", None)
        socket = getattr(thread, "socket", None)
        if thread is None or socket is None:
            return False
        # the socket belongs to the IOPub thread: change it there
        thread.io_loop.add_callback(lambda: socket.setsockopt(zmq.SNDHWM, 0))
    except Exception:  # a kernel without this machinery still works as before
        log.exception("could not lift the IOPub send limit")
        return False
    _done = True
    return True

"""A process that ends closes its own database connections (ocop_kit.storage._close_at_exit):
a kernel's PostgreSQL session ends cleanly instead of being dropped at interpreter exit."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from ocop_kit import storage

from .conftest import open_backend

SCRIPT = textwrap.dedent("""
    import atexit, sys
    from ocop_kit import storage
    if sys.argv[2] == "without-hook":
        atexit.unregister(storage._close_at_exit)
    store = storage.open_store(sys.argv[1])
    store.save_draft("HV01", "exit-test", "d1", {"note": "Trà hoa vàng"})
    print(store.load_draft("HV01", "exit-test", "d1").payload["note"])
""")


def run(target: str, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-W", "always::ResourceWarning", "-c", SCRIPT, target, mode],
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


def test_a_process_that_ends_closes_its_connection(db_target):
    done = run(db_target, "with-hook")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Trà hoa vàng"
    assert "ResourceWarning" not in done.stderr, done.stderr


def test_the_exit_hook_closes_this_process_stores_and_leaves_inherited_ones(db_target):
    own, inherited = open_backend(db_target), open_backend(db_target)
    own.check()
    inherited.check()
    kept = inherited._conn
    inherited._pid = -1  # as if opened by a parent before fork()
    try:
        storage._close_at_exit()
        assert own._conn is None
        assert inherited._conn is kept  # never closed from a child: it is the parent's session
    finally:
        inherited._pid = own._pid
        inherited.close()
        own.close()

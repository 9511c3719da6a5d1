"""PostgreSQL backend: the same store for several machines (``OCOP_KIT_DB=postgresql://…``).

Needs psycopg 3 (``pip install 'ocop-kit[pg]'``). The queries are ``SQLStore``'s; this
module holds the connection, the transactions and the schema.

Why the transaction scheme: writes run in READ COMMITTED transactions that lock the
draft row they read (``SELECT … FOR UPDATE``), so two kernels saving the same draft queue
for each other and the second sees the first's revision. Two first saves of one new draft
(or two trainees taking one name) collide on the primary/unique key instead; the whole
transaction is then run again and takes the existing-row path. Deadlocks and serialisation
failures are retried the same way; waiting longer than ``busy_timeout_ms`` for a lock is
``storage.locked``, as with SQLite.

Key columns are ``COLLATE "C"``: ordering and the owner-key range queries compare bytes
like SQLite does, whatever the database's locale.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .storage import DEFAULT_BUSY_TIMEOUT_MS, SCHEMA_VERSION, SQLStore, StorageError, _utcnow, apply_migrations

try:
    import psycopg
    from psycopg import errors as pg_errors
except ImportError:  # optional dependency group "pg"
    psycopg = None  # type: ignore[assignment]

CONNECT_TIMEOUT_S = 5
WRITE_ATTEMPTS = 20
_MIGRATION_LOCK = 0x0C0B_2026  # pg_advisory_xact_lock key: one migrating process at a time

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
        CREATE TABLE drafts (
            user_code  TEXT COLLATE "C" NOT NULL,
            app        TEXT COLLATE "C" NOT NULL,
            draft_id   TEXT COLLATE "C" NOT NULL,
            title      TEXT NOT NULL DEFAULT '',
            summary    TEXT NOT NULL DEFAULT '',
            payload    TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            seq        BIGINT GENERATED ALWAYS AS IDENTITY,
            PRIMARY KEY (user_code, app, draft_id)
        );
        CREATE INDEX drafts_by_user ON drafts (user_code, updated_at);
        CREATE TABLE events (
            id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind        TEXT COLLATE "C" NOT NULL,
            user_code   TEXT COLLATE "C",
            cohort_code TEXT COLLATE "C",
            app         TEXT COLLATE "C",
            payload     TEXT NOT NULL,
            created_at  TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX events_by_cohort ON events (cohort_code, kind, user_code)
    """),
    (2, """
        ALTER TABLE drafts ADD COLUMN state TEXT NOT NULL DEFAULT 'draft';
        ALTER TABLE drafts ADD COLUMN submitted_at TIMESTAMPTZ;
        CREATE INDEX drafts_by_app_state ON drafts (app, state, user_code);
        CREATE TABLE workshops (
            id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            join_code    TEXT COLLATE "C" NOT NULL UNIQUE,
            name         TEXT NOT NULL,
            place        TEXT NOT NULL DEFAULT '',
            starts       TEXT NOT NULL DEFAULT '',
            ends         TEXT NOT NULL DEFAULT '',
            secret       TEXT NOT NULL,
            failures     INTEGER NOT NULL DEFAULT 0,
            locked_until TIMESTAMPTZ,
            created_at   TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE trainees (
            id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            workshop_id  BIGINT NOT NULL REFERENCES workshops (id),
            name_key     TEXT COLLATE "C" NOT NULL,
            display_name TEXT NOT NULL,
            pin          TEXT NOT NULL,
            failures     INTEGER NOT NULL DEFAULT 0,
            locked_until TIMESTAMPTZ,
            created_at   TIMESTAMPTZ NOT NULL,
            UNIQUE (workshop_id, name_key)
        )
    """),
]
assert MIGRATIONS[-1][0] == SCHEMA_VERSION, "both backends migrate to the same version"


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"^([a-z0-9+.-]+://[^:/@]*):[^@/]*@", r"\1:***@", url, flags=re.I)


def migrate(conn) -> int:
    """Bring the schema up to ``SCHEMA_VERSION`` in one transaction; processes queue on
    an advisory lock, so racing kernels migrate once."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                     "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)")
        found = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise StorageError("storage.schema_too_new", found=found, supported=SCHEMA_VERSION)
        apply_migrations(lambda sql, params: conn.execute(sql.replace("?", "%s"), params),
                         found, MIGRATIONS, _utcnow())
    return SCHEMA_VERSION


class PostgresStore(SQLStore):
    """PostgreSQL through psycopg 3; ``url`` is a libpq URL (``postgresql://user@host/db``)."""

    _PARAM = "%s"
    _SEQ = "seq"
    _SIZE = "octet_length(payload)"
    _FOR_UPDATE = " FOR UPDATE"

    def __init__(self, url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
                 clock: Callable[[], datetime] = _utcnow):
        if psycopg is None:
            raise StorageError("storage.driver_missing", driver="psycopg")
        super().__init__(redact_url(url), clock=clock)
        self.url = url
        self.busy_timeout_ms = int(busy_timeout_ms)

    def _connect(self):
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                                   options=f"-c lock_timeout={self.busy_timeout_ms} "
                                           "-c timezone=UTC")
        except psycopg.Error as exc:
            raise StorageError("storage.unavailable", path=self.path, detail=str(exc)) from exc
        try:
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _insert_id(self, conn, sql, params) -> int:
        return self._sql(conn, sql + " RETURNING id", params).fetchone()[0]

    def _time_param(self, moment: datetime) -> Any:
        return moment

    def _run(self, fn, *, write: bool) -> Any:
        with self._lock:
            for attempt in range(WRITE_ATTEMPTS):
                try:
                    conn = self._connection()
                    if not write:
                        return fn(conn)
                    with conn.transaction():
                        return fn(conn)
                except (pg_errors.UniqueViolation, pg_errors.SerializationFailure,
                        pg_errors.DeadlockDetected) as exc:
                    if attempt + 1 == WRITE_ATTEMPTS:
                        raise StorageError("storage.locked", path=self.path) from exc
                except pg_errors.LockNotAvailable as exc:
                    raise StorageError("storage.locked", path=self.path) from exc
                except psycopg.Error as exc:
                    self._close_quietly()  # reconnect from scratch next time
                    raise StorageError("storage.unavailable", path=self.path,
                                       detail=str(exc)) from exc

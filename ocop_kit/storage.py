"""Drafts and events, behind a small ``Store`` interface; SQLite is the default backend.

Why the SQLite settings: during a workshop several Voila kernels (separate processes)
write to one file at once. WAL lets readers run beside the one writer; every write
starts with ``BEGIN IMMEDIATE`` so that it queues for the write lock (``busy_timeout``)
instead of failing when a read transaction tries to become a write; ``synchronous=NORMAL``
keeps every commit through a killed kernel (only a power cut may lose the last ones).
Do not put the file on a network share: WAL needs shared memory on one machine.

User codes (trainee or producer codes) are stripped and upper-cased and must be 2–32
ASCII letters, digits, ``-`` or ``_``. ASCII on purpose: Vietnamese letters typed with
Telex, VNI or a phone keyboard arrive in different Unicode forms on different devices,
and the same code must find the same drafts everywhere.

Payloads are JSON objects stored verbatim (Vietnamese text, HTML-like text): escaping is
the job of whatever displays them.

Workshop trainees (schema 2, ``ocop_kit.workshop``) own their drafts under an ``OwnerKey``
such as ``@K7M2QX.15`` (join code, trainee number). The ``@`` and ``.`` cannot be typed
as a trainee code, so an owner key is only ever handed out after the PIN was checked.
Drafts carry a state: draft → submitted → reviewed; saving a changed payload over a
submitted or reviewed draft makes it a draft again (what was submitted is what is counted).
"""
from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import sqlite3
import threading
import uuid
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import config, paths
from .i18n import t
from .states import DraftState

# The environment variables of the data_dir and database_url settings (ocop_kit/config.py).
DATA_ENV = config.env_names()["data_dir"]
DB_ENV = config.env_names()["database_url"]
DB_FILENAME = "ocop-kit.sqlite"
SCHEMA_VERSION = 2
USER_CODE_MIN, USER_CODE_MAX = 2, 32
TITLE_MAX = 200
SUMMARY_MAX = 300
MAX_PAYLOAD_BYTES = 2_000_000
DEFAULT_BUSY_TIMEOUT_MS = 5000

_CODE_RE = re.compile(rf"[A-Za-z0-9_-]{{{USER_CODE_MIN},{USER_CODE_MAX}}}", re.ASCII)
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,39}", re.ASCII)  # app names, event kinds
_DRAFT_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)
_OWNER_RE = re.compile(r"@([A-Z0-9]{4,12})\.([0-9]{1,9})", re.ASCII)

DRAFT_STATES = tuple(DraftState)
FINAL_STATES = (DraftState.SUBMITTED, DraftState.REVIEWED)

RETRYABLE_KEYS = frozenset({"storage.locked", "storage.unavailable"})


# --- errors -------------------------------------------------------------------------

class StorageError(Exception):
    """A storage failure carrying an i18n key (``storage.*``); params are for logs."""

    def __init__(self, key: str, **params):
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params

    @property
    def retryable(self) -> bool:
        """True when trying again later may work (busy or unreachable database)."""
        return self.key in RETRYABLE_KEYS

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang)


class StaleDraftError(StorageError):
    """Someone (another tab, another device) saved or deleted the draft in between.

    ``current_revision`` is None when the draft no longer exists.
    """

    def __init__(self, current_revision: int | None, expected_revision: int):
        key = "storage.draft_gone" if current_revision is None else "storage.stale_draft"
        super().__init__(key, current=current_revision, expected=expected_revision)
        self.current_revision = current_revision
        self.expected_revision = expected_revision


class DraftNotFoundError(StorageError):
    def __init__(self, **params):
        super().__init__("storage.draft_not_found", **params)


# --- records ------------------------------------------------------------------------

class OwnerKey(str):
    """The owner of a workshop trainee's drafts: ``@<join code>.<trainee id>``.

    Only code that has checked the trainee's PIN builds one (``ocop_kit.workshop``); a
    plain string in this form is refused wherever a typed code is accepted.
    """

    def __new__(cls, join_code: str, trainee_id: int):
        text = f"@{join_code}.{int(trainee_id)}"
        if not _OWNER_RE.fullmatch(text):
            raise StorageError("storage.bad_user_code")
        return super().__new__(cls, text)

    @property
    def join_code(self) -> str:
        return self._parts().group(1)

    @property
    def trainee_id(self) -> int:
        return int(self._parts().group(2))

    def _parts(self) -> re.Match[str]:
        match = _OWNER_RE.fullmatch(self)
        assert match is not None  # checked when the key was made
        return match

    def __reduce__(self):
        return (OwnerKey, (self.join_code, self.trainee_id))


def _owner_from_db(text: str) -> str:
    """A user code read back from the database (an owner key stays one)."""
    match = _OWNER_RE.fullmatch(text)
    return OwnerKey(match.group(1), int(match.group(2))) if match else text


@dataclass(frozen=True)
class DraftInfo:
    """A draft without its payload, as listed."""

    user_code: str
    app: str
    draft_id: str
    title: str
    summary: str
    revision: int
    created_at: datetime
    updated_at: datetime
    size: int  # payload size in bytes (UTF-8 JSON)
    state: DraftState


@dataclass(frozen=True)
class Draft(DraftInfo):
    payload: dict


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    payload: dict
    user_code: str | None
    cohort_code: str | None
    app: str | None
    created_at: datetime


# --- validation ---------------------------------------------------------------------

def normalize_code(code: Any, error_key: str = "storage.bad_user_code") -> str:
    """Strip and upper-case a user or cohort code; raise ``StorageError(error_key)``."""
    if isinstance(code, OwnerKey):
        return code
    text = code.strip() if isinstance(code, str) else ""
    # Check before upper(): some non-ASCII letters upper-case into ASCII ("ﬀ" → "FF").
    if not _CODE_RE.fullmatch(text):
        raise StorageError(error_key)
    return text.upper()


def normalize_user_code(code: Any) -> str:
    return normalize_code(code, "storage.bad_user_code")


def _check(value: Any, pattern: re.Pattern, key: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise StorageError(key)
    return value


def _clip(text: Any, limit: int) -> str:
    return ("" if text is None else str(text))[:limit]


def _dump(payload: Any) -> str:
    if not isinstance(payload, dict):
        raise StorageError("storage.bad_payload")
    try:
        body = json.dumps(payload, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StorageError("storage.bad_payload", detail=str(exc)) from exc
    if len(body.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise StorageError("storage.payload_too_large", limit=MAX_PAYLOAD_BYTES)
    return body


def new_draft_id() -> str:
    return uuid.uuid4().hex[:16]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(moment: datetime) -> str:
    # Fixed-width UTC text so that ORDER BY on the column is chronological.
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


# --- interface ----------------------------------------------------------------------

class Store(ABC):
    """What the apps need from a database. Another backend implements these methods."""

    path: str

    @abstractmethod
    def save_draft(self, user_code: str, app: str, draft_id: str, payload: dict,
                   title: str | None = None, *, summary: str | None = None,
                   expected_revision: int | None = None) -> Draft:
        """Insert or update a draft; ``expected_revision`` makes the save conditional.

        ``title`` and ``summary`` left as None keep the stored ones (empty for a new
        draft); longer ones are cut to ``TITLE_MAX`` / ``SUMMARY_MAX`` characters.

        ``expected_revision=None`` saves unconditionally; ``0`` means "this draft must not
        exist yet"; ``N`` means "the stored revision must still be N". Otherwise
        ``StaleDraftError`` is raised and nothing is written.
        """

    @abstractmethod
    def load_draft(self, user_code: str, app: str, draft_id: str) -> Draft | None: ...

    @abstractmethod
    def list_drafts(self, user_code: str, app: str | None = None, *,
                    limit: int = 200) -> list[DraftInfo]:
        """Newest first, without payloads."""

    @abstractmethod
    def latest_drafts_in_group(self, group: str, app: str, *,
                               states: tuple[str, ...] | None = None) -> list[Draft]:
        """The newest draft of ``app`` per user whose code is ``GROUP-…`` (a class), by user code;
        ``states`` keeps only drafts in those states (e.g. ``FINAL_STATES``)."""

    @abstractmethod
    def set_draft_state(self, user_code: str, app: str, draft_id: str, state: str, *,
                        expected_revision: int | None = None) -> Draft:
        """Mark a draft submitted, reviewed or back to draft (``DRAFT_STATES``)."""

    @abstractmethod
    def workshop_drafts(self, join_code: str, app: str, *,
                        states: tuple[str, ...] | None = FINAL_STATES) -> list[Draft]:
        """The newest draft (in ``states``) of ``app`` per trainee of a workshop, by owner."""

    @abstractmethod
    def workshop_activity(self, join_code: str) -> dict[tuple[str, str], tuple[int, int]]:
        """(owner key, app) → (drafts, of which submitted or reviewed) for a workshop's trainees."""

    # Workshops and trainees as rows; the rules (hashing, PINs, limits) are in ocop_kit.workshop.

    @abstractmethod
    def insert_workshop(self, row: dict) -> dict | None:
        """Add a workshop (``join_code, name, place, starts, ends, secret``); None when the
        join code is taken."""

    @abstractmethod
    def find_workshop(self, join_code: str) -> dict | None: ...

    @abstractmethod
    def list_workshops(self) -> list[dict]:
        """Every workshop without its secret, newest first."""

    @abstractmethod
    def insert_trainee(self, workshop_id: int, name_key: str, display_name: str,
                       pin: str) -> dict | None:
        """Add a trainee; None when the name is already taken in the workshop."""

    @abstractmethod
    def find_trainee(self, workshop_id: int, name_key: str) -> dict | None: ...

    @abstractmethod
    def list_trainees(self, workshop_id: int) -> list[dict]:
        """A workshop's trainees without their PINs, by name."""

    @abstractmethod
    def set_attempts(self, table: str, row_id: int, failures: int,
                     locked_until: datetime | None) -> None:
        """Record failed passphrase/PIN attempts (``table``: "workshops" or "trainees")."""

    @abstractmethod
    def duplicate_draft(self, user_code: str, app: str, draft_id: str, new_title: str,
                        *, new_id: str | None = None) -> Draft: ...

    @abstractmethod
    def delete_draft(self, user_code: str, app: str, draft_id: str, *,
                     expected_revision: int | None = None) -> bool: ...

    @abstractmethod
    def record_event(self, kind: str, payload: dict, *, user_code: str | None = None,
                     cohort_code: str | None = None, app: str | None = None) -> Event: ...

    @abstractmethod
    def list_events(self, *, kind: str | None = None, cohort_code: str | None = None,
                    user_code: str | None = None, app: str | None = None,
                    limit: int = 1000) -> list[Event]:
        """Newest first."""

    @abstractmethod
    def cohort_results(self, cohort_code: str, kind: str, *,
                       app: str | None = None) -> list[Event]:
        """The latest event of ``kind`` per user of a cohort, ordered by user code."""

    @abstractmethod
    def check(self) -> None:
        """Open the database now; raise ``StorageError`` if it cannot be used."""

    @abstractmethod
    def close(self) -> None: ...

    def latest_draft(self, user_code: str, app: str) -> Draft | None:
        """The draft a returning user most likely wants back."""
        for info in self.list_drafts(user_code, app, limit=1):
            return self.load_draft(info.user_code, info.app, info.draft_id)
        return None

    @staticmethod
    def new_draft_id() -> str:
        return new_draft_id()


# --- SQL shared by the backends -----------------------------------------------------

def apply_migrations(execute: Callable[[str, tuple], Any], found: int,
                     migrations: list[tuple[int, str]], applied_at: Any) -> None:
    """Run the migration scripts newer than ``found`` statement by statement and record
    each version; the caller holds the migration lock inside one transaction."""
    for version, script in migrations:
        if version <= found:
            continue
        for statement in script.split(";"):
            if statement.strip():
                execute(statement, ())
        execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (version, applied_at))


def _as_datetime(value: Any) -> datetime:
    """A stored time (ISO text in SQLite, ``timestamptz`` in PostgreSQL) as aware UTC."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(timezone.utc)


# Connections inherited over fork() must never be used or closed in the child (closing
# an SQLite one there can drop the child's own POSIX locks on the file; closing a
# PostgreSQL one ends the parent's session on the shared socket), so they are parked here.
_ORPHANED: list[Any] = []
_LIVE_STORES: weakref.WeakSet[SQLStore] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for store in list(_LIVE_STORES):
        store._forget_connection()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@atexit.register
def _close_at_exit() -> None:
    """A kernel or a command that ends closes its own connections (a PostgreSQL session then
    ends cleanly instead of being cut); inherited ones stay untouched, as above."""
    for store in list(_LIVE_STORES):
        if store._pid == os.getpid():
            store._close_quietly()

_N_INFO = 10


class SQLStore(Store):
    """The queries and row mapping of the SQL backends: one lazily opened connection per
    process, shared by its threads under a lock.

    A backend supplies ``_connect``, ``_run`` (a transaction for writes, its errors as
    ``StorageError``) and the few words its SQL spells differently (class attributes).
    Queries are written with ``?`` placeholders.
    """

    _PARAM = "?"
    _SEQ = "rowid"  # insertion order, the tie-break between equal update times
    _SIZE = "length(CAST(payload AS BLOB))"
    _FOR_UPDATE = ""  # row lock for read-modify-write, where writers are not serialised

    def __init__(self, path: str, *, clock: Callable[[], datetime] = _utcnow):
        self.path = str(path)
        self._clock = clock
        self._lock = threading.RLock()
        self._conn: Any = None
        self._pid = os.getpid()
        _LIVE_STORES.add(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"

    # connection handling

    @abstractmethod
    def _connect(self) -> Any: ...

    @abstractmethod
    def _run(self, fn: Callable[[Any], Any], *, write: bool) -> Any: ...

    def _connection_is_stale(self) -> bool:
        return False

    def _forget_connection(self) -> None:
        self._lock = threading.RLock()  # the parent's lock may have been held at fork
        if self._conn is not None:
            _ORPHANED.append(self._conn)
        self._conn = None
        self._pid = os.getpid()

    def _connection(self) -> Any:
        if self._pid != os.getpid():
            self._forget_connection()
        if self._conn is not None and self._connection_is_stale():
            self._close_quietly()
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _close_quietly(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None

    def check(self) -> None:
        self._run(lambda conn: None, write=False)

    def close(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                self._close_quietly()

    def _sql(self, conn, sql: str, params=()):
        if self._PARAM != "?":
            sql = sql.replace("%", "%%").replace("?", self._PARAM)
        return conn.execute(sql, tuple(params))

    def _insert_id(self, conn, sql: str, params) -> int:
        return self._sql(conn, sql, params).lastrowid

    def _time_param(self, moment: datetime) -> Any:
        return _stamp(moment)

    def _now(self) -> Any:
        return self._time_param(self._clock())

    # drafts

    @property
    def _draft_columns(self) -> str:
        return ("user_code, app, draft_id, title, summary, revision, created_at, "
                f"updated_at, {self._SIZE}, state")

    @staticmethod
    def _draft_key(user_code, app, draft_id) -> tuple[str, str, str]:
        return (normalize_user_code(user_code), _check(app, _NAME_RE, "storage.bad_app"),
                _check(draft_id, _DRAFT_ID_RE, "storage.bad_draft_id"))

    @staticmethod
    def _info(row) -> DraftInfo:
        return DraftInfo(_owner_from_db(row[0]), row[1], row[2], row[3], row[4], row[5],
                         _as_datetime(row[6]), _as_datetime(row[7]), row[8], DraftState(row[9]))

    @classmethod
    def _draft(cls, row) -> Draft:
        info = cls._info(row[:_N_INFO])
        return Draft(**info.__dict__, payload=json.loads(row[_N_INFO]))

    def _revision(self, conn, key) -> int | None:
        row = self._sql(conn, "SELECT revision FROM drafts WHERE user_code = ? AND app = ? "
                        f"AND draft_id = ?{self._FOR_UPDATE}", key).fetchone()
        return None if row is None else row[0]

    def save_draft(self, user_code, app, draft_id, payload, title=None, *, summary=None,
                   expected_revision=None) -> Draft:
        key = self._draft_key(user_code, app, draft_id)
        body = _dump(payload)
        title = None if title is None else _clip(title, TITLE_MAX)
        summary = None if summary is None else _clip(summary, SUMMARY_MAX)

        def write(conn):
            current = self._revision(conn, key)
            if expected_revision is not None and (current or 0) != expected_revision:
                raise StaleDraftError(current, expected_revision)
            now = self._now()
            if current is None:
                self._sql(conn, "INSERT INTO drafts (user_code, app, draft_id, title, summary, "
                          "payload, revision, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                          (*key, title or "", summary or "", body, now, now))
            else:
                self._sql(conn, "UPDATE drafts SET title = COALESCE(?, title), "
                          "summary = COALESCE(?, summary), "
                          "state = CASE WHEN payload = ? THEN state ELSE 'draft' END, "
                          "payload = ?, revision = revision + 1, updated_at = ? "
                          "WHERE user_code = ? AND app = ? AND draft_id = ?",
                          (title, summary, body, body, now, *key))
            return self._fetch(conn, key)

        return self._run(write, write=True)

    def _fetch(self, conn, key) -> Draft | None:
        row = self._sql(conn, f"SELECT {self._draft_columns}, payload FROM drafts "
                        "WHERE user_code = ? AND app = ? AND draft_id = ?", key).fetchone()
        return self._draft(row) if row else None

    def load_draft(self, user_code, app, draft_id) -> Draft | None:
        key = self._draft_key(user_code, app, draft_id)
        return self._run(lambda conn: self._fetch(conn, key), write=False)

    def _select(self, sql: str, params) -> list:
        return self._run(lambda conn: self._sql(conn, sql, params).fetchall(), write=False)

    def list_drafts(self, user_code, app=None, *, limit=200) -> list[DraftInfo]:
        user = normalize_user_code(user_code)
        sql = f"SELECT {self._draft_columns} FROM drafts WHERE user_code = ?"
        params: list = [user]
        if app is not None:
            sql += " AND app = ?"
            params.append(_check(app, _NAME_RE, "storage.bad_app"))
        sql += f" ORDER BY updated_at DESC, {self._SEQ} DESC LIMIT ?"
        params.append(int(limit))
        return [self._info(row) for row in self._select(sql, params)]

    @staticmethod
    def _state_filter(states) -> tuple[str, list]:
        if states is None:
            return "", []
        states = tuple(states)
        if not states or any(s not in DRAFT_STATES for s in states):
            raise StorageError("storage.bad_state")
        return f" AND state IN ({', '.join('?' * len(states))})", [DraftState(s).value for s in states]

    def _newest_per_user(self, where: str, params: list, states) -> list[Draft]:
        state_sql, state_params = self._state_filter(states)
        sql = (f"SELECT {self._draft_columns}, payload FROM drafts WHERE {where}{state_sql} "
               f"ORDER BY user_code, updated_at DESC, {self._SEQ} DESC")
        newest: dict[str, Draft] = {}
        for row in self._select(sql, [*params, *state_params]):
            if row[0] not in newest:
                newest[row[0]] = self._draft(row)
        return list(newest.values())

    def latest_drafts_in_group(self, group, app, *, states=None) -> list[Draft]:
        prefix = normalize_user_code(group)
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%"
        return self._newest_per_user("app = ? AND user_code LIKE ? ESCAPE '\\'",
                                     [_check(app, _NAME_RE, "storage.bad_app"), pattern], states)

    def duplicate_draft(self, user_code, app, draft_id, new_title, *, new_id=None) -> Draft:
        key = self._draft_key(user_code, app, draft_id)
        target = (key[0], key[1], _check(new_id or new_draft_id(), _DRAFT_ID_RE,
                                         "storage.bad_draft_id"))
        title = _clip(new_title, TITLE_MAX)

        def write(conn):
            row = self._sql(conn, "SELECT summary, payload FROM drafts WHERE user_code = ? "
                            "AND app = ? AND draft_id = ?", key).fetchone()
            if row is None:
                raise DraftNotFoundError(draft_id=key[2])
            if self._revision(conn, target) is not None:
                raise StorageError("storage.draft_exists", draft_id=target[2])
            now = self._now()
            self._sql(conn, "INSERT INTO drafts (user_code, app, draft_id, title, summary, "
                      "payload, revision, created_at, updated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                      (*target, title, row[0], row[1], now, now))
            return self._fetch(conn, target)

        return self._run(write, write=True)

    def delete_draft(self, user_code, app, draft_id, *, expected_revision=None) -> bool:
        key = self._draft_key(user_code, app, draft_id)

        def write(conn):
            current = self._revision(conn, key)
            if expected_revision is not None and (current or 0) != expected_revision:
                raise StaleDraftError(current, expected_revision)
            self._sql(conn, "DELETE FROM drafts WHERE user_code = ? AND app = ? "
                      "AND draft_id = ?", key)
            return current is not None

        return self._run(write, write=True)

    def set_draft_state(self, user_code, app, draft_id, state, *, expected_revision=None) -> Draft:
        key = self._draft_key(user_code, app, draft_id)
        if state not in DRAFT_STATES:
            raise StorageError("storage.bad_state")
        state = DraftState(state)

        def write(conn):
            current = self._revision(conn, key)
            if current is None:
                raise DraftNotFoundError(draft_id=key[2])
            if expected_revision is not None and current != expected_revision:
                raise StaleDraftError(current, expected_revision)
            submitted = {DraftState.DRAFT: ("NULL", ()), DraftState.SUBMITTED: ("?", (self._now(),))}.get(
                state, ("submitted_at", ()))
            # The revision stays: the content did not change, so an open tab is not stale.
            self._sql(conn, f"UPDATE drafts SET state = ?, submitted_at = {submitted[0]} "
                      "WHERE user_code = ? AND app = ? AND draft_id = ?",
                      (state.value, *submitted[1], *key))
            return self._fetch(conn, key)

        return self._run(write, write=True)

    # workshops

    @staticmethod
    def _owner_range(join_code: str) -> tuple[str, str]:
        code = normalize_code(join_code, "storage.bad_cohort_code")
        return f"@{code}.", f"@{code}/"  # "/" sorts right after "." (byte order)

    def workshop_drafts(self, join_code, app, *, states=FINAL_STATES) -> list[Draft]:
        low, high = self._owner_range(join_code)
        return self._newest_per_user("user_code >= ? AND user_code < ? AND app = ?",
                                     [low, high, _check(app, _NAME_RE, "storage.bad_app")],
                                     states)

    def workshop_activity(self, join_code) -> dict[tuple[str, str], tuple[int, int]]:
        low, high = self._owner_range(join_code)
        rows = self._select("SELECT user_code, app, COUNT(*), SUM(CASE WHEN state IN "
                            "('submitted', 'reviewed') THEN 1 ELSE 0 END) FROM drafts "
                            "WHERE user_code >= ? AND user_code < ? GROUP BY user_code, app",
                            (low, high))
        return {(_owner_from_db(r[0]), r[1]): (int(r[2]), int(r[3] or 0)) for r in rows}

    _WORKSHOP_COLUMNS = ("id", "join_code", "name", "place", "starts", "ends", "secret",
                         "failures", "locked_until", "created_at")
    _TRAINEE_COLUMNS = ("id", "workshop_id", "name_key", "display_name", "pin", "failures",
                        "locked_until", "created_at")

    @staticmethod
    def _row_dict(columns, row) -> dict | None:
        if row is None:
            return None
        out = dict(zip(columns, row, strict=True))
        if out.get("locked_until"):
            out["locked_until"] = _as_datetime(out["locked_until"])
        out["created_at"] = _as_datetime(out["created_at"])
        return out

    def insert_workshop(self, row) -> dict | None:
        code = normalize_code(row["join_code"], "storage.bad_cohort_code")
        values = (code, _clip(row["name"], TITLE_MAX), _clip(row.get("place"), TITLE_MAX),
                  _clip(row.get("starts"), 40), _clip(row.get("ends"), 40), str(row["secret"]))

        def write(conn):
            if self._find_workshop(conn, code) is not None:
                return None
            self._sql(conn, "INSERT INTO workshops (join_code, name, place, starts, ends, "
                      "secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", (*values, self._now()))
            return self._find_workshop(conn, code)

        return self._run(write, write=True)

    def _find_workshop(self, conn, code) -> dict | None:
        row = self._sql(conn, f"SELECT {', '.join(self._WORKSHOP_COLUMNS)} FROM workshops "
                        "WHERE join_code = ?", (code,)).fetchone()
        return self._row_dict(self._WORKSHOP_COLUMNS, row)

    def find_workshop(self, join_code) -> dict | None:
        code = normalize_code(join_code, "workshop.unknown_code")
        return self._run(lambda conn: self._find_workshop(conn, code), write=False)

    def list_workshops(self) -> list[dict]:
        cols = [c for c in self._WORKSHOP_COLUMNS if c != "secret"]
        rows = self._select(f"SELECT {', '.join(cols)} FROM workshops ORDER BY id DESC", ())
        return [self._row_dict(cols, r) or {} for r in rows]  # rows are never None

    def insert_trainee(self, workshop_id, name_key, display_name, pin) -> dict | None:
        def write(conn):
            if self._find_trainee(conn, workshop_id, name_key) is not None:
                return None
            self._sql(conn, "INSERT INTO trainees (workshop_id, name_key, display_name, pin, "
                      "created_at) VALUES (?, ?, ?, ?, ?)",
                      (int(workshop_id), name_key, _clip(display_name, TITLE_MAX), pin,
                       self._now()))
            return self._find_trainee(conn, workshop_id, name_key)

        return self._run(write, write=True)

    def _find_trainee(self, conn, workshop_id, name_key) -> dict | None:
        row = self._sql(conn, f"SELECT {', '.join(self._TRAINEE_COLUMNS)} FROM trainees "
                        "WHERE workshop_id = ? AND name_key = ?",
                        (int(workshop_id), name_key)).fetchone()
        return self._row_dict(self._TRAINEE_COLUMNS, row)

    def find_trainee(self, workshop_id, name_key) -> dict | None:
        return self._run(lambda conn: self._find_trainee(conn, workshop_id, name_key), write=False)

    def list_trainees(self, workshop_id) -> list[dict]:
        cols = [c for c in self._TRAINEE_COLUMNS if c != "pin"]
        rows = self._select(f"SELECT {', '.join(cols)} FROM trainees WHERE workshop_id = ? "
                            "ORDER BY name_key", (int(workshop_id),))
        return [self._row_dict(cols, r) or {} for r in rows]  # rows are never None

    def set_attempts(self, table, row_id, failures, locked_until) -> None:
        if table not in ("workshops", "trainees"):
            raise ValueError(table)
        until = None if locked_until is None else self._time_param(locked_until)
        self._run(lambda conn: self._sql(
            conn, f"UPDATE {table} SET failures = ?, locked_until = ? WHERE id = ?",
            (int(failures), until, int(row_id))), write=True)

    # events

    @staticmethod
    def _event(row) -> Event:
        return Event(row[0], row[1], json.loads(row[2]),
                     None if row[3] is None else _owner_from_db(row[3]), row[4], row[5],
                     _as_datetime(row[6]))

    def record_event(self, kind, payload, *, user_code=None, cohort_code=None,
                     app=None) -> Event:
        kind = _check(kind, _NAME_RE, "storage.bad_kind")
        body = _dump(payload)
        user = None if user_code is None else normalize_user_code(user_code)
        cohort = None if cohort_code is None else normalize_code(cohort_code,
                                                                  "storage.bad_cohort_code")
        app = None if app is None else _check(app, _NAME_RE, "storage.bad_app")

        def write(conn):
            now = self._now()
            event_id = self._insert_id(conn, "INSERT INTO events (kind, user_code, cohort_code, "
                                       "app, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                                       (kind, user, cohort, app, body, now))
            return Event(event_id, kind, json.loads(body), user, cohort, app, _as_datetime(now))

        return self._run(write, write=True)

    _EVENT_COLUMNS = "id, kind, payload, user_code, cohort_code, app, created_at"

    def list_events(self, *, kind=None, cohort_code=None, user_code=None, app=None,
                    limit=1000) -> list[Event]:
        where: list[str] = []
        params: list = []
        if kind is not None:
            where.append("kind = ?")
            params.append(_check(kind, _NAME_RE, "storage.bad_kind"))
        if cohort_code is not None:
            where.append("cohort_code = ?")
            params.append(normalize_code(cohort_code, "storage.bad_cohort_code"))
        if user_code is not None:
            where.append("user_code = ?")
            params.append(normalize_user_code(user_code))
        if app is not None:
            where.append("app = ?")
            params.append(_check(app, _NAME_RE, "storage.bad_app"))
        sql = f"SELECT {self._EVENT_COLUMNS} FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(int(limit))
        return [self._event(row) for row in self._select(sql, params)]

    def cohort_results(self, cohort_code, kind, *, app=None) -> list[Event]:
        params = [normalize_code(cohort_code, "storage.bad_cohort_code"),
                  _check(kind, _NAME_RE, "storage.bad_kind")]
        app_filter = ""
        if app is not None:
            app_filter = " AND app = ?"
            params.append(_check(app, _NAME_RE, "storage.bad_app"))
        sql = (f"SELECT {self._EVENT_COLUMNS} FROM events WHERE id IN ("
               "SELECT MAX(id) FROM events WHERE cohort_code = ? AND kind = ?"
               f"{app_filter} GROUP BY user_code) ORDER BY user_code")
        return [self._event(row) for row in self._select(sql, params)]


# --- SQLite -------------------------------------------------------------------------


MIGRATIONS: list[tuple[int, str]] = [
    (1, """
        CREATE TABLE drafts (
            user_code  TEXT NOT NULL,
            app        TEXT NOT NULL,
            draft_id   TEXT NOT NULL,
            title      TEXT NOT NULL DEFAULT '',
            summary    TEXT NOT NULL DEFAULT '',
            payload    TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (user_code, app, draft_id)
        );
        CREATE INDEX drafts_by_user ON drafts (user_code, updated_at);
        CREATE TABLE events (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            kind        TEXT NOT NULL,
            user_code   TEXT,
            cohort_code TEXT,
            app         TEXT,
            payload     TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );
        CREATE INDEX events_by_cohort ON events (cohort_code, kind, user_code);
    """),
    (2, """
        ALTER TABLE drafts ADD COLUMN state TEXT NOT NULL DEFAULT 'draft';
        ALTER TABLE drafts ADD COLUMN submitted_at TEXT;
        CREATE INDEX drafts_by_app_state ON drafts (app, state, user_code);
        CREATE TABLE workshops (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            join_code    TEXT NOT NULL UNIQUE,
            name         TEXT NOT NULL,
            place        TEXT NOT NULL DEFAULT '',
            starts       TEXT NOT NULL DEFAULT '',
            ends         TEXT NOT NULL DEFAULT '',
            secret       TEXT NOT NULL,
            failures     INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at   TEXT NOT NULL
        );
        CREATE TABLE trainees (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            workshop_id  INTEGER NOT NULL REFERENCES workshops (id),
            name_key     TEXT NOT NULL,
            display_name TEXT NOT NULL,
            pin          TEXT NOT NULL,
            failures     INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at   TEXT NOT NULL,
            UNIQUE (workshop_id, name_key)
        )
    """),
]


def schema_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to ``SCHEMA_VERSION``; safe when several processes race.

    The connection must be in autocommit mode (``isolation_level=None``).
    """
    found = schema_version(conn)
    if found > SCHEMA_VERSION:
        raise StorageError("storage.schema_too_new", found=found, supported=SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return found
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                     "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        found = schema_version(conn)  # another process may have migrated meanwhile
        # executescript() would COMMIT first; the statements run one by one instead.
        apply_migrations(conn.execute, found, MIGRATIONS, _stamp(_utcnow()))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def _translate(exc: sqlite3.Error, path: str) -> StorageError:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary in (5, 6) or "locked" in text or "busy" in text:  # SQLITE_BUSY, SQLITE_LOCKED
        return StorageError("storage.locked", path=path)
    return StorageError("storage.unavailable", path=path, detail=str(exc))


class SQLiteStore(SQLStore):
    """SQLite: one file on one machine; every write queues for the file's write lock."""

    def __init__(self, path: str | os.PathLike, *,
                 busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
                 clock: Callable[[], datetime] = _utcnow):
        super().__init__(str(path), clock=clock)
        self.busy_timeout_ms = int(busy_timeout_ms)
        self._file_id: tuple[int, int] | None = None

    def _file_identity(self) -> tuple[int, int] | None:
        if self.path == ":memory:":
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _connection_is_stale(self) -> bool:
        # The file was deleted or replaced under us: writes to the old inode would
        # vanish, so reopen by name.
        return self._file_id != self._file_identity()

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000,
                                   isolation_level=None, check_same_thread=False)
        except OSError as exc:
            raise StorageError("storage.unavailable", path=self.path, detail=str(exc)) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._file_id = self._file_identity()
        return conn

    def _close_quietly(self) -> None:
        super()._close_quietly()
        self._file_id = None

    def _run(self, fn: Callable[[sqlite3.Connection], Any], *, write: bool) -> Any:
        with self._lock:
            try:
                conn = self._connection()
                if not write:
                    return fn(conn)
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
                return result
            except sqlite3.Error as exc:
                error = _translate(exc, self.path)
                if error.key != "storage.locked":
                    self._close_quietly()  # reconnect from scratch next time
                raise error from exc


# --- opening ------------------------------------------------------------------------

_BACKENDS: dict[str, Callable[..., Store]] = {}
_OPEN: dict[tuple, Store] = {}
_OPEN_LOCK = threading.Lock()


def register_backend(scheme: str, factory: Callable[..., Store]) -> None:
    """Make ``open_store("scheme://…", **options)`` call ``factory(url, **options)``."""
    _BACKENDS[scheme.lower()] = factory


def default_data_dir() -> Path:
    """The data folder setting (``$OCOP_KIT_DATA``), else ``$XDG_DATA_HOME/ocop-kit``, else
    ``~/.local/share/ocop-kit``."""
    return paths.data_dir()


def sqlite_path(target: str | os.PathLike | None = None) -> str:
    """The database file for a folder, a file path, a ``sqlite:///`` URL or None.

    A path that is an existing folder or has no suffix is a folder and gets
    ``ocop-kit.sqlite`` inside it. URLs follow SQLAlchemy: ``sqlite:///relative.db``,
    ``sqlite:////absolute.db``; ``sqlite://`` or ``:memory:`` is an in-memory database.
    """
    if target is None:
        target = default_data_dir()
    text = os.fspath(target)
    if text.startswith("sqlite:"):
        text = text[len("sqlite:"):]
        text = text[3:] if text.startswith("///") else text[2:] if text.startswith("//") else text
        if not text:
            return ":memory:"
    if text == ":memory:":
        return text
    path = Path(text).expanduser()
    if path.is_dir() or not path.suffix:
        path = path / DB_FILENAME
    return os.path.abspath(path)


def _open_sqlite(url_or_path, **options) -> Store:
    return SQLiteStore(sqlite_path(url_or_path), **options)


def _open_postgres(url, **options) -> Store:
    from .storage_pg import PostgresStore  # psycopg is an optional dependency

    return PostgresStore(url, **options)


register_backend("sqlite", _open_sqlite)
register_backend("postgresql", _open_postgres)
register_backend("postgres", _open_postgres)


def open_store(url_or_path: str | os.PathLike | None = None, **options) -> Store:
    """The store for a path or URL; one per process and target. Every app opens its store here.

    Without an argument: the ``database_url`` setting (``$OCOP_KIT_DB``,
    ``postgresql://user:pass@host/db`` for several machines) when set, else the SQLite file
    in the data folder. Nothing is opened until first use: call ``store.check()`` to find
    out early whether the database can be used.
    """
    if url_or_path is None and config.current().database_url.strip():
        url_or_path = config.current().database_url.strip()
    text = None if url_or_path is None else os.fspath(url_or_path)
    scheme = "sqlite"
    if text is not None and "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in _BACKENDS:
            raise StorageError("storage.unsupported_url", scheme=scheme)
    target = sqlite_path(text) if scheme == "sqlite" else text
    cache_key = (scheme, target, tuple(sorted(options.items())))
    with _OPEN_LOCK:
        store = _OPEN.get(cache_key)
        if store is None or target == ":memory:":
            store = _BACKENDS[scheme](target if scheme == "sqlite" else text, **options)
            if target != ":memory:":
                _OPEN[cache_key] = store
        return store

"""Debounced autosave of one draft, with the edits kept in memory until they are stored.

No widgets here: a view passes ``on_status(state, message_key)`` and shows
``t(message_key, lang)``. States (``SaveState``, each member equal to its string):

- ``"saving"``   a write is in progress;
- ``"saved"``    everything the user typed is in the database;
- ``"pending"``  the database is busy (``storage.locked``); edits kept, retried with backoff;
- ``"error"``    the database cannot be used (``storage.unavailable``…); edits kept and,
  when trying again may help, retried with backoff;
- ``"conflict"`` another tab or device saved or deleted this draft first
  (``storage.stale_draft`` / ``storage.draft_gone``); autosave pauses until the caller
  chooses ``reload()`` or ``save_as_copy()``. Nothing is ever silently overwritten.

The callback may run on a timer thread.
"""
from __future__ import annotations

import atexit
import copy
import json
import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, Protocol

from . import config
from .states import SaveState, StrEnum
from .storage import Draft, StaleDraftError, StorageError, Store, new_draft_id, normalize_user_code

log = logging.getLogger(__name__)

StatusCallback = Callable[[SaveState, str], Any]


class _Attempt(StrEnum):
    """The outcome of one write attempt."""
    SAVED = "saved"
    DIRTY = "dirty"  # newer edits arrived while writing
    FAILED = "failed"


class Handle(Protocol):
    def cancel(self) -> Any: ...


Scheduler = Callable[[float, Callable[[], Any]], Handle]


def thread_scheduler(delay_s: float, fn: Callable[[], Any]) -> Handle:
    timer = threading.Timer(delay_s, fn)
    timer.daemon = True
    timer.start()
    return timer


class ManualScheduler:
    """A scheduler for tests: nothing runs until ``run_next()`` / ``run_all()``."""

    class _Call:
        def __init__(self, delay_s: float, fn: Callable[[], Any]):
            self.delay_s, self.fn = delay_s, fn
            self.cancelled = self.fired = False

        def cancel(self) -> None:
            self.cancelled = True

    def __init__(self) -> None:
        self.calls: list[ManualScheduler._Call] = []

    def __call__(self, delay_s: float, fn: Callable[[], Any]) -> _Call:
        call = self._Call(delay_s, fn)
        self.calls.append(call)
        return call

    def due(self) -> list[_Call]:
        return [c for c in self.calls if not c.cancelled and not c.fired]

    def run_next(self) -> bool:
        due = self.due()
        if not due:
            return False
        due[0].fired = True
        due[0].fn()
        return True

    def run_all(self, limit: int = 100) -> int:
        ran = 0
        while ran < limit and self.run_next():
            ran += 1
        return ran


def _snapshot(payload: Any) -> dict:
    if not isinstance(payload, dict):
        raise StorageError("storage.bad_payload")
    try:
        # A JSON round trip both copies the payload and rejects what cannot be stored,
        # at the moment of the edit rather than later on a timer thread.
        return json.loads(json.dumps(payload, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise StorageError("storage.bad_payload", detail=str(exc)) from exc


_LIVE: weakref.WeakSet[Autosaver] = weakref.WeakSet()


@atexit.register
def _flush_all() -> None:
    # A kernel shut down normally (tab closed, culled) still saves what is pending.
    for saver in list(_LIVE):
        try:
            saver.flush()
        except Exception:  # best effort at exit
            log.exception("autosave: flush at exit failed")


class Autosaver:
    """Saves the latest payload of one draft ``debounce_s`` after the last change.

    ``revision`` is the revision the caller loaded (0 for a new draft, which must not
    exist yet; None to save without the concurrency check). ``title``/``summary`` left
    as None keep the stored ones. While the user keeps typing, a save still happens at
    least every ``max_wait_s``.
    """

    def __init__(self, store: Store, user_code: str, app: str, draft_id: str,
                 debounce_s: float | None = None, on_status: StatusCallback | None = None, *,
                 title: str | None = None, summary: str | None = None,
                 revision: int | None = 0,
                 scheduler: Scheduler | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 max_wait_s: float = 5.0, retry_base_s: float = 1.0,
                 retry_max_s: float = 30.0):
        self.store = store
        self.user_code = normalize_user_code(user_code)
        self.app = app
        self.draft_id = draft_id
        self.debounce_s = config.current().autosave_debounce_s if debounce_s is None else debounce_s
        self.max_wait_s = max_wait_s
        self.retry_base_s = retry_base_s
        self.retry_max_s = retry_max_s
        self._on_status = on_status
        self._schedule = scheduler or thread_scheduler
        self._clock = clock
        self._title = title
        self._summary = summary
        self._revision = revision
        self._lock = threading.Lock()        # guards the fields below
        self._save_lock = threading.RLock()  # one write at a time, in order
        self._pending: dict | None = None
        self._generation = 0
        self._first_dirty_at: float | None = None
        self._timer: Handle | None = None
        self._timer_token = 0
        self._failures = 0
        self._closed = False
        self.state = SaveState.IDLE
        self.message_key = ""
        self.last_error: StorageError | None = None
        self.last_saved: Draft | None = None
        _LIVE.add(self)

    # what the view reads

    @property
    def revision(self) -> int | None:
        return self._revision

    @property
    def has_unsaved(self) -> bool:
        return self._pending is not None

    @property
    def pending_payload(self) -> dict | None:
        """A copy of the edits not yet in the database (None when all are saved)."""
        with self._lock:
            return copy.deepcopy(self._pending)

    # what the view calls

    def changed(self, payload: dict, *, title: str | None = None,
                summary: str | None = None) -> None:
        """Record the latest state of the draft; it is saved after the debounce delay."""
        snapshot = _snapshot(payload)
        with self._lock:
            self._pending = snapshot
            self._generation += 1
            if title is not None:
                self._title = title
            if summary is not None:
                self._summary = summary
            if self._closed or self.state == SaveState.CONFLICT or self._failures:
                return  # paused, or a retry is already scheduled and takes the latest
            now = self._clock()
            if self._first_dirty_at is None:
                self._first_dirty_at = now
            if self._timer is not None and now - self._first_dirty_at >= self.max_wait_s:
                return  # keep the running timer: continuous typing must not starve saves
            self._reschedule(self.debounce_s)

    def flush(self) -> bool:
        """Save now; True when nothing is left unsaved."""
        with self._lock:
            self._cancel_timer()
        for _ in range(5):  # edits may arrive from other threads while saving
            outcome = self._save_now()
            if outcome != _Attempt.DIRTY:
                return outcome == _Attempt.SAVED
        return not self.has_unsaved

    def reload(self) -> Draft | None:
        """Take the stored version (after a conflict): unsaved edits here are dropped.

        Read ``pending_payload`` first if they should be offered elsewhere.
        """
        with self._save_lock:
            draft = self.store.load_draft(self.user_code, self.app, self.draft_id)
            with self._lock:
                self._cancel_timer()
                self._pending = None
                self._first_dirty_at = None
                self._failures = 0
                self._revision = draft.revision if draft else 0
                self.last_saved = draft
            self._emit(SaveState.SAVED, "storage.saved")
            return draft

    def save_as_copy(self, title: str) -> str:
        """Continue under a new draft id, keeping the edits; returns the new id."""
        with self._save_lock:
            with self._lock:
                self._cancel_timer()
                if self._pending is None and self.last_saved is not None:
                    self._pending = copy.deepcopy(self.last_saved.payload)
                self.draft_id = new_draft_id()
                self._revision = 0
                self._title = title
                self._failures = 0
                self.state = SaveState.IDLE
            self.flush()
            return self.draft_id

    def close(self) -> bool:
        """Flush, then stop scheduling; True when everything was saved."""
        saved = self.flush()
        with self._lock:
            self._closed = True
            self._cancel_timer()
        _LIVE.discard(self)
        return saved

    # machinery

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._timer_token += 1

    def _reschedule(self, delay_s: float) -> None:
        self._cancel_timer()
        token = self._timer_token
        self._timer = self._schedule(delay_s, lambda: self._on_timer(token))

    def _on_timer(self, token: int) -> None:
        with self._lock:
            if token != self._timer_token or self._closed:
                return
            self._timer = None
        self._save_now()

    def _emit(self, state: SaveState, key: str) -> None:
        with self._lock:
            self.state, self.message_key = state, key
        if self._on_status is not None:
            try:
                self._on_status(state, key)
            except Exception:  # a broken view must not stop saving
                log.exception("autosave: status callback failed")

    def _save_now(self) -> str:
        """One write attempt: saved, dirty (newer edits arrived) or failed."""
        with self._save_lock:
            with self._lock:
                if self._pending is None:
                    return _Attempt.SAVED
                if self.state == SaveState.CONFLICT:
                    return _Attempt.FAILED
                payload, generation = self._pending, self._generation
                title, summary, expected = self._title, self._summary, self._revision
                draft_id = self.draft_id
            self._emit(SaveState.SAVING, "storage.saving")
            try:
                draft = self.store.save_draft(self.user_code, self.app, draft_id, payload,
                                              title, summary=summary,
                                              expected_revision=expected)
            except StaleDraftError as exc:
                own = self._own_write(exc, payload)
                if own is None:
                    self._fail(exc, SaveState.CONFLICT, retry=False)
                    return _Attempt.FAILED
                draft = own
            except StorageError as exc:
                self._fail(exc, SaveState.PENDING if exc.key == "storage.locked" else SaveState.ERROR,
                           retry=exc.retryable)
                return _Attempt.FAILED
            except Exception as exc:  # keep the edits whatever happened
                log.exception("autosave: unexpected failure")
                self._fail(StorageError("storage.unavailable", detail=str(exc)), SaveState.ERROR,
                           retry=True)
                return _Attempt.FAILED
            with self._lock:
                self._revision = draft.revision
                self._failures = 0
                self.last_error = None
                self.last_saved = draft
                done = self._generation == generation
                if done:
                    self._pending = None
                    self._first_dirty_at = None
                elif self._timer is None and not self._closed:
                    self._reschedule(self.debounce_s)
            if done:
                self._emit(SaveState.SAVED, "storage.saved")
            return _Attempt.SAVED if done else _Attempt.DIRTY

    def _own_write(self, exc: StaleDraftError, payload: dict) -> Draft | None:
        """The stored draft if it already holds exactly this payload.

        That happens when an earlier attempt committed but reported an error, or when
        another tab typed the same thing; adopting it is not an overwrite.
        """
        if exc.current_revision is None:
            return None
        try:
            current = self.store.load_draft(self.user_code, self.app, self.draft_id)
        except StorageError:
            return None
        return current if current is not None and current.payload == payload else None

    def _fail(self, exc: StorageError, state: SaveState, *, retry: bool) -> None:
        with self._lock:
            self.last_error = exc
            if retry and not self._closed:
                self._failures += 1
                delay = min(self.retry_max_s, self.retry_base_s * 2 ** (self._failures - 1))
                self._reschedule(delay)
        self._emit(state, exc.key)

"""One app's drafts for the person signed in: which draft is open, its autosaver, and the
way out of a conflict. Plain Python (no widgets); every app view drives one ``DraftSession``.

- ``sign_in(code, typed=…)`` applies the restore policy: the newest draft of this app for
  this owner comes back, unless something was typed before signing in (that work becomes a
  new draft rather than being replaced).
- ``open(draft)`` / ``start_new()`` give the open draft an autosaver; ``changed(payload)``
  hands it every edit; ``sign_out()`` saves what is pending and forgets the person.
- ``conflict`` is the message key while another tab or device saved (or deleted) the open
  draft first; autosave pauses until ``reload()`` (take theirs) or ``save_as_copy()``
  (keep mine as a new draft, autosave resumes there).
- ``duplicate``, ``delete`` and ``submit`` save what is pending first, so the copy, the
  deletion and the submitted version are what the person sees.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from . import config
from .autosave import Autosaver, Scheduler
from .states import DraftState, SaveState
from .storage import Draft, StorageError, Store, new_draft_id, normalize_user_code

log = logging.getLogger(__name__)

StatusListener = Callable[[SaveState, str], Any]


class DraftSession:
    """``store`` is a ``Store`` or a function returning one (opened on first use)."""

    def __init__(self, store: Store | Callable[[], Store], app_id: str, *,
                 scheduler: Scheduler | None = None, debounce_s: float | None = None):
        self._store = store
        self.app_id = app_id
        self.scheduler = scheduler
        self.debounce_s = config.current().autosave_debounce_s if debounce_s is None else debounce_s
        self.user_code: str | None = None
        self.saver: Autosaver | None = None
        self.newest: Draft | None = None
        self._listeners: list[StatusListener] = []
        self._quiet = False

    @property
    def store(self) -> Store:
        return self._store if isinstance(self._store, Store) else self._store()

    def on_status(self, listener: StatusListener) -> None:
        """``listener(state, message_key)`` for every autosave status (maybe on a timer thread)."""
        self._listeners.append(listener)

    # --- who --------------------------------------------------------------------------

    def sign_in(self, user_code: str, *, typed: bool = False) -> Draft | None:
        """The draft to open for this person, or None to start a new one.

        ``typed``: the page already holds work typed before signing in; it is kept.
        ``self.newest`` is the newest stored draft either way (the view may say it exists).
        """
        self.sign_out()
        self.user_code = normalize_user_code(user_code)
        self.newest = self.store.latest_draft(self.user_code, self.app_id)
        return None if typed else self.newest

    def sign_out(self) -> bool:
        """Save what is pending and forget the person; True when everything was saved."""
        saved = self._close_saver()
        self.user_code = None
        return saved

    # --- the open draft ---------------------------------------------------------------

    @property
    def draft_id(self) -> str | None:
        return self.saver.draft_id if self.saver is not None else None

    def open(self, draft: Draft, *, title: str | None = None) -> None:
        """Autosave into a stored draft from now on (its revision guards against other tabs)."""
        self._attach(draft.draft_id, draft.revision, title, None)

    def load(self, draft_id: str) -> Draft | None:
        """Another of this person's drafts, after saving the open one."""
        self.flush()
        return self.store.load_draft(self._who(), self.app_id, draft_id)

    def start_new(self, payload: dict, *, title: str | None = None,
                  summary: str | None = None) -> str:
        """A new draft holding ``payload`` (saved after the debounce delay); returns its id."""
        draft_id = new_draft_id()
        self._attach(draft_id, 0, title, summary)
        self.changed(payload, title=title, summary=summary)
        return draft_id

    def changed(self, payload: dict, *, title: str | None = None,
                summary: str | None = None) -> None:
        if self.saver is not None:
            self.saver.changed(payload, title=title, summary=summary)

    def flush(self) -> bool:
        """Save now; True when nothing is left unsaved (also when no draft is open)."""
        return self.saver.flush() if self.saver is not None else True

    # --- conflict -----------------------------------------------------------------------

    @property
    def conflict(self) -> str | None:
        """``storage.stale_draft`` or ``storage.draft_gone`` while autosave is paused by one."""
        if self.saver is not None and self.saver.state == SaveState.CONFLICT:
            return self.saver.message_key
        return None

    def reload(self) -> Draft | None:
        """Take the version another tab saved (edits here are dropped); None when it was
        deleted there (then only ``save_as_copy`` keeps the work)."""
        if self.saver is None or self.conflict == "storage.draft_gone":
            return None
        return self.saver.reload()

    def save_as_copy(self, payload: dict, title: str, *, summary: str | None = None) -> str | None:
        """Keep ``payload`` (what is on screen) as a new draft titled ``title``; autosave goes
        on there. Returns the new id, or None when no draft is open."""
        if self.saver is None:
            return None
        self.saver.changed(payload, title=title, summary=summary)
        return self.saver.save_as_copy(title)

    # --- the drafts list ----------------------------------------------------------------

    def duplicate(self, draft_id: str, title: str) -> Draft:
        """A copy of a draft as it is now: the open one is saved first."""
        self.flush()
        return self.store.duplicate_draft(self._who(), self.app_id, draft_id, title)

    def delete(self, draft_id: str) -> bool:
        """Delete a draft; deleting the open one also drops its unsaved edits and its saver
        (the view starts another). True when the open draft was the one deleted."""
        deleted = self.store.delete_draft(self._who(), self.app_id, draft_id)
        if self.saver is not None and self.saver.draft_id == draft_id:
            saver, self.saver = self.saver, None
            self._quiet = True
            try:
                saver.reload()  # drops the pending edits, so closing writes nothing back
                saver.close()
            finally:
                self._quiet = False
            return True
        if not deleted:
            log.info("draft session: %s was already gone", draft_id)
        return False

    def submit(self) -> Draft | None:
        """Save, then mark the open draft submitted (None when no draft is open)."""
        if self.saver is None:
            return None
        if not self.saver.flush():
            raise StorageError(self.saver.last_error.key if self.saver.last_error
                               else "storage.unavailable")
        return self.store.set_draft_state(self._who(), self.app_id, self.saver.draft_id,
                                          DraftState.SUBMITTED)

    # --- machinery ----------------------------------------------------------------------

    def _who(self) -> str:
        if not self.user_code:
            raise StorageError("storage.bad_user_code")
        return self.user_code

    def _attach(self, draft_id: str, revision: int, title: str | None,
                summary: str | None) -> None:
        self._close_saver()
        kwargs: dict[str, Any] = {"scheduler": self.scheduler} if self.scheduler is not None else {}
        self.saver = Autosaver(self.store, self._who(), self.app_id, draft_id, self.debounce_s,
                               on_status=self._status, title=title, summary=summary,
                               revision=revision, **kwargs)
        if revision:
            self._status(SaveState.SAVED, "storage.saved")

    def _close_saver(self) -> bool:
        if self.saver is None:
            return True
        saver, self.saver = self.saver, None
        return saver.close()

    def _status(self, state: SaveState, key: str) -> None:
        if self._quiet:
            return
        for listener in list(self._listeners):
            try:
                listener(state, key)
            except Exception:  # a broken view must not stop saving
                log.exception("draft session: status listener failed")

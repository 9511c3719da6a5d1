"""The kit's states and stored kinds as string enums: each member *is* its string, so stored
values, catalog keys and older code comparing with ``"saved"`` keep working unchanged.

- ``SaveState``: what an autosave reports to its view (``autosave.Autosaver``);
- ``DraftState``: where a stored draft is in its life (``storage``: draft → submitted → reviewed);
- ``EventKind``: the kinds of event the kit records (``Store.record_event``);
- ``RosterState``: where a workshop trainee is with one app (``workshop.roster``).
"""
from __future__ import annotations

from enum import Enum

try:
    from enum import StrEnum
except ImportError:  # Python 3.10

    class StrEnum(str, Enum):  # type: ignore[no-redef]
        def __str__(self) -> str:
            return str(self.value)


class SaveState(StrEnum):
    IDLE = "idle"  # nothing typed since the last save, or nothing to save yet
    SAVING = "saving"  # a write is in progress
    SAVED = "saved"  # everything the user typed is in the database
    PENDING = "pending"  # the database is busy; edits kept, retried with backoff
    ERROR = "error"  # the database cannot be used; edits kept, retried when that may help
    CONFLICT = "conflict"  # another tab or device saved or deleted the draft first; paused


class DraftState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"


class EventKind(StrEnum):
    PRETEST = "lessons.pretest"
    POSTTEST = "lessons.posttest"


class RosterState(StrEnum):
    NONE = "none"  # nothing saved in that app yet
    STARTED = "started"  # a draft, nothing submitted
    SUBMITTED = "submitted"

"""Workshops: a facilitator's room with a join code and a passphrase; trainees by name + PIN.

Pure rules over the rows ``Store`` keeps (``insert_workshop``, ``insert_trainee`` …):

- the facilitator passphrase and every PIN are stored as a salted scrypt hash
  (``scrypt$n$r$p$salt$hash``), never in clear, never logged or exported;
- a trainee chooses a 4-digit PIN on first join; the same name + PIN finds the same
  work on any device; names compare in NFC, case-folded, spaces collapsed;
- after ``MAX_FAILURES`` wrong PINs for one name (or wrong passphrases for one workshop)
  that name (workshop) is locked for ``LOCK_MINUTES``; while locked the secret is not even
  checked, so the lock cannot be used to guess;
- a trainee's drafts belong to an ``OwnerKey`` (``@JOINCODE.<id>``) that only ``join``
  hands out, after the PIN matched.

A 4-digit PIN is not a password: it keeps classmates apart on shared laptops, with the
rate limit against guessing through the apps. Anyone with the database file can try all
10,000 PINs offline; docs/security.md says so.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from .i18n import t
from .states import RosterState
from .storage import OwnerKey, StorageError
from .text import collapse, nfc

JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread on a board
JOIN_LENGTH = 6
PIN_RE = re.compile(r"[0-9]{4}", re.ASCII)
NAME_MIN, NAME_MAX = 2, 60
PASSPHRASE_MIN, PASSPHRASE_MAX = 8, 200
MAX_FAILURES = 5
LOCK_MINUTES = 5
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1  # ~16 MiB and some tens of ms per check


class WorkshopError(Exception):
    """A refusal with an i18n key (``workshop.*``) and the values its message shows."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Workshop:
    id: int
    join_code: str
    name: str
    place: str
    starts: str
    ends: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: dict) -> Workshop:
        return cls(row["id"], row["join_code"], row["name"], row["place"], row["starts"],
                   row["ends"], row["created_at"])


@dataclass(frozen=True)
class Trainee:
    id: int
    workshop: Workshop
    name: str
    created_at: datetime
    new: bool = False  # joined just now (chose the PIN)

    @property
    def owner(self) -> OwnerKey:
        return OwnerKey(self.workshop.join_code, self.id)


# --- secrets ----------------------------------------------------------------------------

def hash_secret(secret: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(nfc(secret).encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(nfc(secret).encode("utf-8"), salt=bytes.fromhex(salt), n=int(n),
                             r=int(r), p=int(p), maxmem=64 * 1024 * 1024, dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


# --- typed values -----------------------------------------------------------------------

def clean_join_code(text) -> str:
    code = re.sub(r"[\s-]+", "", text if isinstance(text, str) else "").upper()
    if not re.fullmatch(r"[A-Z0-9]{4,12}", code, re.ASCII):
        raise WorkshopError("workshop.unknown_code")
    return code


def clean_name(text) -> tuple[str, str]:
    """(display name, comparison key)."""
    name = collapse(nfc(text if isinstance(text, str) else ""))
    if not NAME_MIN <= len(name) <= NAME_MAX or not any(ch.isalpha() for ch in name):
        raise WorkshopError("workshop.bad_name", min=NAME_MIN, max=NAME_MAX)
    return name, name.casefold()


def clean_pin(text) -> str:
    pin = text.strip() if isinstance(text, str) else ""
    if not PIN_RE.fullmatch(pin):
        raise WorkshopError("workshop.bad_pin")
    return pin


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, -int(-(until - now).total_seconds() // 60))


# --- facilitator ------------------------------------------------------------------------

def create_workshop(store, name: str, passphrase: str, *, place: str = "", starts: str = "",
                    ends: str = "", repeat: str | None = None) -> Workshop:
    """A new workshop with a fresh join code; ``repeat`` is the passphrase typed twice."""
    title = collapse(nfc(name or ""))
    if not title:
        raise WorkshopError("workshop.name_needed")
    secret = nfc(passphrase or "")
    if not PASSPHRASE_MIN <= len(secret) <= PASSPHRASE_MAX:
        raise WorkshopError("workshop.passphrase_short", min=PASSPHRASE_MIN)
    if repeat is not None and nfc(repeat) != secret:
        raise WorkshopError("workshop.passphrase_mismatch")
    hashed = hash_secret(secret)
    for _ in range(20):
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))
        row = store.insert_workshop({"join_code": code, "name": title,
                                     "place": collapse(nfc(place or "")),
                                     "starts": collapse(starts or ""), "ends": collapse(ends or ""),
                                     "secret": hashed})
        if row is not None:
            return Workshop.from_row(row)
    raise StorageError("storage.unavailable", detail="no free join code")


def _check_locked(row: dict, now: datetime, key: str) -> None:
    until = row.get("locked_until")
    if until is not None and now < until:
        raise WorkshopError(key, minutes=_minutes_left(until, now))


def _failed(store, table: str, row: dict, now: datetime, wrong_key: str, locked_key: str,
            **params) -> WorkshopError:
    failures = row["failures"] + 1
    if failures >= MAX_FAILURES:
        until = now + timedelta(minutes=LOCK_MINUTES)
        store.set_attempts(table, row["id"], failures, until)
        return WorkshopError(locked_key, minutes=LOCK_MINUTES)
    store.set_attempts(table, row["id"], failures, None)
    return WorkshopError(wrong_key, left=MAX_FAILURES - failures, **params)


def open_workshop(store, join_code: str, passphrase: str, *, now: datetime | None = None) -> Workshop:
    """The workshop when the passphrase is right; ``WorkshopError`` otherwise."""
    now = now or _utcnow()
    row = store.find_workshop(clean_join_code(join_code))
    if row is None:
        raise WorkshopError("workshop.unknown_code")
    _check_locked(row, now, "workshop.passphrase_locked")
    if not verify_secret(passphrase or "", row["secret"]):
        raise _failed(store, "workshops", row, now, "workshop.bad_passphrase",
                      "workshop.passphrase_locked")
    if row["failures"]:
        store.set_attempts("workshops", row["id"], 0, None)
    return Workshop.from_row(row)


def find_workshop(store, join_code: str) -> Workshop:
    """The workshop a join code names (what a trainee sees before the PIN: name and place)."""
    row = store.find_workshop(clean_join_code(join_code))
    if row is None:
        raise WorkshopError("workshop.unknown_code")
    return Workshop.from_row(row)


def has_workshops(store) -> bool:
    return bool(store.list_workshops())


# --- trainees ---------------------------------------------------------------------------

def join(store, join_code: str, name: str, pin: str, *, now: datetime | None = None) -> Trainee:
    """Sign a trainee in: a new name joins with the PIN it chose; a known name needs its PIN."""
    now = now or _utcnow()
    workshop = find_workshop(store, join_code)
    display, key = clean_name(name)
    pin = clean_pin(pin)
    row = store.find_trainee(workshop.id, key)
    if row is None:
        row = store.insert_trainee(workshop.id, key, display, hash_secret(pin))
        if row is not None:
            return Trainee(row["id"], workshop, row["display_name"], row["created_at"], new=True)
        row = store.find_trainee(workshop.id, key)  # someone took the name a moment ago
    _check_locked(row, now, "workshop.pin_locked")
    if not verify_secret(pin, row["pin"]):
        raise _failed(store, "trainees", row, now, "workshop.wrong_pin", "workshop.pin_locked",
                      name=row["display_name"])
    if row["failures"]:
        store.set_attempts("trainees", row["id"], 0, None)
    return Trainee(row["id"], workshop, row["display_name"], row["created_at"])


# --- the room ---------------------------------------------------------------------------

NONE, STARTED, SUBMITTED = RosterState.NONE, RosterState.STARTED, RosterState.SUBMITTED


@dataclass
class RosterRow:
    name: str
    joined_at: datetime
    owner: OwnerKey
    apps: dict[str, RosterState] = field(default_factory=dict)  # app → NONE / STARTED / SUBMITTED


@dataclass
class Roster:
    workshop: Workshop
    rows: list[RosterRow]

    def count(self, app: str, state: str) -> int:
        return sum(1 for r in self.rows if r.apps.get(app) == state)


def roster(store, workshop: Workshop, apps: tuple[str, ...]) -> Roster:
    """Who joined, and per app of ``apps`` who started and who submitted (two queries);
    ``services.roster`` names the apps."""
    activity = store.workshop_activity(workshop.join_code)
    rows = []
    for trainee in store.list_trainees(workshop.id):
        owner = OwnerKey(workshop.join_code, trainee["id"])
        states = {}
        for app in apps:
            drafts, final = activity.get((owner, app), (0, 0))
            states[app] = SUBMITTED if final else STARTED if drafts else NONE
        rows.append(RosterRow(trainee["display_name"], trainee["created_at"], owner, states))
    return Roster(workshop, rows)


def names_by_owner(store, workshop: Workshop) -> dict[str, str]:
    return {OwnerKey(workshop.join_code, r["id"]): r["display_name"]
            for r in store.list_trainees(workshop.id)}

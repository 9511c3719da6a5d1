"""Workshops: hashing, join codes, PINs and their rate limit, draft states, ownership, migration."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from ocop_kit import services
from ocop_kit import workshop as ws
from ocop_kit.apps.business_plan import APP_ID as PLAN_APP
from ocop_kit.storage import FINAL_STATES, SCHEMA_VERSION, OwnerKey, StorageError, normalize_user_code
from ocop_kit.workshop import WorkshopError

from .conftest import open_backend, raw_sql

PASS = "mật khẩu lớp Bắc Kạn"


@pytest.fixture
def store(db_target):
    s = open_backend(db_target)
    yield s
    s.close()


@pytest.fixture
def room(store):
    return ws.create_workshop(store, "Tập huấn OCOP Ba Bể", PASS, place="Ba Bể", starts="2026-06-02",
                              ends="2026-06-04")


def test_secrets_are_salted_scrypt_hashes_and_verify(store, room):
    a, b = ws.hash_secret("1234"), ws.hash_secret("1234")
    # no field is the PIN (the hex digest itself may contain "1234" by chance: 1 in ~500)
    assert a != b and a.startswith("scrypt$") and "1234" not in a.split("$")
    assert ws.verify_secret("1234", a) and not ws.verify_secret("1235", a)
    assert not ws.verify_secret("1234", "garbage") and not ws.verify_secret("1234", "md5$x$y$z$00$00")
    # NFD typing of the same passphrase matches (phones send different Unicode forms)
    import unicodedata
    assert ws.verify_secret(unicodedata.normalize("NFD", PASS), ws.hash_secret(PASS))
    raw = raw_sql(store, "SELECT secret FROM workshops")[0][0]
    assert PASS not in raw and raw.startswith("scrypt$16384$8$1$")


def test_create_workshop_rules_and_join_code(store, room):
    assert len(room.join_code) == ws.JOIN_LENGTH and set(room.join_code) <= set(ws.JOIN_ALPHABET)
    assert (room.name, room.place, room.starts) == ("Tập huấn OCOP Ba Bể", "Ba Bể", "2026-06-02")
    with pytest.raises(WorkshopError) as err:
        ws.create_workshop(store, "X", "short")
    assert err.value.key == "workshop.passphrase_short" and "8" in err.value.message("vi")
    with pytest.raises(WorkshopError) as err:
        ws.create_workshop(store, "X", PASS, repeat=PASS + "!")
    assert err.value.key == "workshop.passphrase_mismatch"
    with pytest.raises(WorkshopError):
        ws.create_workshop(store, "   ", PASS)
    assert ws.has_workshops(store)
    assert "secret" not in store.list_workshops()[0]


def test_facilitator_passphrase_opens_the_workshop_and_is_rate_limited(store, room):
    code = room.join_code.lower()
    assert ws.open_workshop(store, f" {code[:3]}-{code[3:]} ", PASS) == room
    now = datetime.now(timezone.utc)
    for left in range(ws.MAX_FAILURES - 1, 0, -1):
        with pytest.raises(WorkshopError) as err:
            ws.open_workshop(store, code, "wrong passphrase", now=now)
        assert err.value.key == "workshop.bad_passphrase" and err.value.params["left"] == left
    with pytest.raises(WorkshopError) as err:
        ws.open_workshop(store, code, "wrong passphrase", now=now)
    assert err.value.key == "workshop.passphrase_locked"
    with pytest.raises(WorkshopError) as err:  # even the right one waits out the lock
        ws.open_workshop(store, code, PASS, now=now + timedelta(minutes=1))
    assert err.value.key == "workshop.passphrase_locked" and err.value.params["minutes"] == 4
    assert ws.open_workshop(store, code, PASS, now=now + timedelta(minutes=6)) == room
    with pytest.raises(WorkshopError) as err:
        ws.open_workshop(store, "ZZZZZZ", PASS)
    assert err.value.key == "workshop.unknown_code"


def test_trainee_joins_with_a_pin_and_finds_the_same_work_again(store, room):
    lan = ws.join(store, room.join_code, "  Nguyễn   Thị Lan ", "0427")
    assert lan.new and lan.name == "Nguyễn Thị Lan" and isinstance(lan.owner, OwnerKey)
    store.save_draft(lan.owner, "assessment", "d1", {"x": 1}, "Miến dong")
    # another device: other case, decomposed Unicode, same PIN → same owner, same drafts
    import unicodedata
    again = ws.join(store, room.join_code.lower(), unicodedata.normalize("NFD", "nguyễn thị lan"), "0427")
    assert not again.new and again.owner == lan.owner
    assert [d.title for d in store.list_drafts(again.owner, "assessment")] == ["Miến dong"]
    raw = raw_sql(store, "SELECT pin FROM trainees")[0][0]
    assert "0427" not in raw.split("$")[-1] and raw.startswith("scrypt$")


@pytest.mark.parametrize("pin", ["123", "12345", "12a4", "", None, "１２３４"])
def test_pin_must_be_four_ascii_digits(store, room, pin):
    with pytest.raises(WorkshopError) as err:
        ws.join(store, room.join_code, "Lan", pin)
    assert err.value.key == "workshop.bad_pin"


def test_wrong_pin_says_so_and_locks_that_name_only(store, room):
    ws.join(store, room.join_code, "Lan", "1111")
    ws.join(store, room.join_code, "Hùng", "2222")
    now = datetime.now(timezone.utc)
    with pytest.raises(WorkshopError) as err:
        ws.join(store, room.join_code, "lan", "9999", now=now)
    assert err.value.key == "workshop.wrong_pin"
    assert "Sai mã PIN" in err.value.message("vi") and "Còn 4 lần" in err.value.message("vi")
    for _ in range(ws.MAX_FAILURES - 1):
        with pytest.raises(WorkshopError) as err:
            ws.join(store, room.join_code, "lan", "9999", now=now)
    assert err.value.key == "workshop.pin_locked"
    with pytest.raises(WorkshopError) as err:
        ws.join(store, room.join_code, "Lan", "1111", now=now)
    assert err.value.key == "workshop.pin_locked"
    assert ws.join(store, room.join_code, "Hùng", "2222", now=now).name == "Hùng"  # others go on
    assert ws.join(store, room.join_code, "Lan", "1111", now=now + timedelta(minutes=6)).name == "Lan"


def test_owner_keys_cannot_be_typed_as_codes(store, room):
    lan = ws.join(store, room.join_code, "Lan", "1111")
    with pytest.raises(StorageError):
        normalize_user_code(str(lan.owner))  # a plain string in the owner's form is refused
    with pytest.raises(StorageError):
        store.list_drafts(str(lan.owner))
    assert normalize_user_code(lan.owner) == lan.owner
    info = store.save_draft(lan.owner, "assessment", "d1", {"x": 1})
    assert isinstance(info.user_code, OwnerKey) and info.user_code.join_code == room.join_code


def test_a_trainee_reaches_only_their_own_drafts(store, room):
    lan = ws.join(store, room.join_code, "Lan", "1111")
    hung = ws.join(store, room.join_code, "Hùng", "2222")
    store.save_draft(lan.owner, "assessment", "d1", {"secret": "ghi chú của Lan"})
    assert store.list_drafts(hung.owner, "assessment") == []
    assert store.load_draft(hung.owner, "assessment", "d1") is None
    assert store.latest_draft(hung.owner, "assessment") is None
    with pytest.raises(StorageError):
        store.duplicate_draft(hung.owner, "assessment", "d1", "copy")
    assert store.delete_draft(hung.owner, "assessment", "d1") is False
    assert store.load_draft(lan.owner, "assessment", "d1").payload == {"secret": "ghi chú của Lan"}
    # nor through the legacy class list (group prefixes never match an owner key)
    assert store.latest_drafts_in_group(room.join_code, "assessment") == []


def test_draft_states_submit_review_and_editing_reopens(store, room):
    lan = ws.join(store, room.join_code, "Lan", "1111")
    d = store.save_draft(lan.owner, "assessment", "d1", {"v": 1})
    assert d.state == "draft"
    sub = store.set_draft_state(lan.owner, "assessment", "d1", "submitted")
    assert sub.state == "submitted" and sub.revision == d.revision
    assert store.save_draft(lan.owner, "assessment", "d1", {"v": 1}).state == "submitted"  # same content
    assert store.workshop_drafts(room.join_code, "assessment")[0].payload == {"v": 1}
    assert store.set_draft_state(lan.owner, "assessment", "d1", "reviewed").state == "reviewed"
    assert store.save_draft(lan.owner, "assessment", "d1", {"v": 2}).state == "draft"
    assert store.workshop_drafts(room.join_code, "assessment") == []
    assert store.duplicate_draft(lan.owner, "assessment", "d1", "copy").state == "draft"
    with pytest.raises(StorageError):
        store.set_draft_state(lan.owner, "assessment", "d1", "approved")
    with pytest.raises(StorageError):
        store.set_draft_state(lan.owner, "assessment", "nope", "submitted")


def test_workshop_drafts_take_the_newest_submitted_and_activity_counts(store, room):
    other = ws.create_workshop(store, "Lớp khác", PASS)
    lan = ws.join(store, room.join_code, "Lan", "1111")
    hung = ws.join(store, room.join_code, "Hùng", "2222")
    stranger = ws.join(store, other.join_code, "Lan", "1111")
    store.save_draft(lan.owner, "assessment", "a", {"v": "old"})
    store.set_draft_state(lan.owner, "assessment", "a", "submitted")
    store.save_draft(lan.owner, "assessment", "b", {"v": "newer draft"})  # not counted
    store.save_draft(hung.owner, "assessment", "c", {"v": "hung"})
    store.save_draft(stranger.owner, "assessment", "s", {"v": "other room"})
    store.set_draft_state(stranger.owner, "assessment", "s", "submitted")
    got = store.workshop_drafts(room.join_code, "assessment")
    assert [(d.user_code, d.payload["v"]) for d in got] == [(lan.owner, "old")]
    assert len(store.workshop_drafts(room.join_code, "assessment", states=None)) == 2
    act = store.workshop_activity(room.join_code)
    assert act == {(lan.owner, "assessment"): (2, 1), (hung.owner, "assessment"): (1, 0)}
    roster = services.roster(store, room)
    by_name = {r.name: r.apps["assessment"] for r in roster.rows}
    assert by_name == {"Lan": ws.SUBMITTED, "Hùng": ws.STARTED}
    assert roster.count("assessment", ws.SUBMITTED) == 1 and roster.rows[0].apps[PLAN_APP] == ws.NONE


def test_a_version_1_database_migrates_and_old_drafts_stay_readable(db_target):
    store = open_backend(db_target)  # opens nothing yet
    if db_target.startswith("postgresql://"):
        from ocop_kit.storage_pg import MIGRATIONS
    else:
        from ocop_kit.storage import MIGRATIONS
    raw_sql(store, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
            "applied_at TIMESTAMPTZ NOT NULL)")
    for statement in MIGRATIONS[0][1].split(";"):
        if statement.strip():
            raw_sql(store, statement)
    raw_sql(store, "INSERT INTO schema_version VALUES (1, '2024-01-01T00:00:00+00:00')")
    raw_sql(store, "INSERT INTO drafts (user_code, app, draft_id, title, summary, payload, "
            "revision, created_at, updated_at) VALUES ('BK19-07', 'assessment', 'd', 't', '', ?, "
            "3, '2024-01-01T00:00:00.000000+00:00', '2024-01-01T00:00:00.000000+00:00')",
            (json.dumps({"answers": {"A.1": 2}}),))
    draft = store.load_draft("bk19-07", "assessment", "d")
    assert draft.payload == {"answers": {"A.1": 2}} and draft.state == "draft" and draft.revision == 3
    assert len(store.latest_drafts_in_group("BK19", "assessment")) == 1
    assert store.latest_drafts_in_group("BK19", "assessment", states=FINAL_STATES) == []
    store.set_draft_state("BK19-07", "assessment", "d", "submitted")
    assert len(store.latest_drafts_in_group("BK19", "assessment", states=FINAL_STATES)) == 1
    version = raw_sql(store, "SELECT MAX(version) FROM schema_version")[0][0]
    assert version == SCHEMA_VERSION == 2
    store.close()


def test_events_keep_the_owner_key(store, room):
    lan = ws.join(store, room.join_code, "Lan", "1111")
    store.record_event("lessons.pretest", {"score": 3}, user_code=lan.owner, cohort_code=room.join_code)
    [event] = store.list_events(user_code=lan.owner)
    assert isinstance(event.user_code, OwnerKey) and event.user_code == lan.owner

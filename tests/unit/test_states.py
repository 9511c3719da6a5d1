"""States and stored kinds are string enums whose members are their stored strings."""
from __future__ import annotations

import json

import pytest

from ocop_kit.apps.assessment import APP_ID as APP  # the app id, not its notebook's name
from ocop_kit.autosave import Autosaver, ManualScheduler
from ocop_kit.i18n import t
from ocop_kit.states import DraftState, EventKind, RosterState, SaveState
from ocop_kit.storage import FINAL_STATES, SQLiteStore


@pytest.mark.parametrize("kind", [SaveState, DraftState, EventKind, RosterState])
def test_members_are_their_strings(kind):
    for member in kind:
        assert member == member.value and str(member) == member.value and f"{member}" == member.value
        assert json.dumps({"state": member}) == json.dumps({"state": member.value})
        assert kind(member.value) is member


def test_a_stored_draft_comes_back_with_its_state_as_the_enum(tmp_path):
    store = SQLiteStore(str(tmp_path / "kit.sqlite"))
    store.save_draft("BK19-01", APP, "d1", {"a": 1}, "Mật ong")
    assert store.load_draft("BK19-01", APP, "d1").state is DraftState.DRAFT
    done = store.set_draft_state("BK19-01", APP, "d1", "submitted")
    assert done.state is DraftState.SUBMITTED and done.state in FINAL_STATES
    found = store.latest_drafts_in_group("BK19", APP, states=[DraftState.SUBMITTED])
    assert [(d.draft_id, d.state) for d in found] == [("d1", "submitted")]
    store.close()


def test_autosave_reports_save_states_that_views_compare_with_strings(tmp_path):
    store = SQLiteStore(str(tmp_path / "kit.sqlite"))
    seen = []
    saver = Autosaver(store, "BK19-01", APP, "d1", 0.5, on_status=lambda s, k: seen.append((s, k)),
                      scheduler=ManualScheduler())
    saver.changed({"a": 1})
    assert saver.flush()
    assert [s for s, _ in seen] == [SaveState.SAVING, SaveState.SAVED] == ["saving", "saved"]
    assert all(isinstance(s, SaveState) and t(k, "vi") != k for s, k in seen)  # each key is in the catalog
    saver.close()
    store.close()

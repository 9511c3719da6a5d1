"""Identity from JupyterHub (ocop_kit.hub) against a fake hub API: a real HTTP server on
127.0.0.1 that answers ``GET /hub/api/users/{name}`` as JupyterHub does, and checks the token."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest

from ocop_kit import hub
from ocop_kit import workshop as ws
from ocop_kit.apps.assessment import APP_ID as APP
from ocop_kit.i18n import t
from ocop_kit.storage import StorageError, normalize_user_code

from .conftest import open_backend

TOKEN = "secret-server-token"


class FakeHub:
    """users: name → groups (None: the token may not read groups)."""

    def __init__(self, users):
        self.users = users
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.requests.append(self.path)
                if self.headers.get("Authorization") != f"token {TOKEN}":
                    return self._send(403, {"status": 403, "message": "Forbidden"})
                prefix = "/hub/api/users/"
                name = unquote(self.path[len(prefix):]) if self.path.startswith(prefix) else None
                if name not in fake.users:
                    return self._send(404, {"status": 404, "message": "Not Found"})
                model = {"kind": "user", "name": name}
                if fake.users[name] is not None:
                    model["groups"] = fake.users[name]
                return self._send(200, model)

            def _send(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_hub(monkeypatch):
    hub.forget_cache()
    fake = FakeHub({"lan": ["lop-bac-kan"], "minh": ["lop-bac-kan"], "hoa": [],
                    "thu": ["ocop-facilitators", "lop-bac-kan"], "ghost": None,
                    "nguyễn văn a": ["ocop-facilitators"]})
    monkeypatch.setenv("JUPYTERHUB_API_URL", fake.url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", TOKEN)
    for name in ("OCOP_KIT_FACILITATOR_GROUP", "OCOP_KIT_WORKSHOP_PREFIX", "OCOP_KIT_DEFAULT_WORKSHOP"):
        monkeypatch.delenv(name, raising=False)
    yield fake
    fake.close()
    hub.forget_cache()


@pytest.fixture
def store(db_target):
    s = open_backend(db_target)
    yield s
    s.close()


def test_hub_user_only_when_jupyterhub_sets_it(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert hub.hub_user() is None and not hub.under_hub()
    monkeypatch.setenv("JUPYTERHUB_USER", "lan")
    assert hub.hub_user() == "lan" and hub.under_hub()
    assert hub.hub_user({"JUPYTERHUB_USER": "  "}) is None


def test_groups_from_the_api_are_cached_briefly(fake_hub):
    api = hub.HubAPI()
    assert hub.user_groups("thu", api) == ["ocop-facilitators", "lop-bac-kan"]
    assert hub.user_groups("thu", api) == ["ocop-facilitators", "lop-bac-kan"]
    assert fake_hub.requests == ["/hub/api/users/thu"]
    fake_hub.users["thu"] = ["lop-bac-kan"]  # removed from the facilitators on the hub
    assert hub.is_facilitator("thu", api)  # still cached
    assert hub.user_groups("thu", api, max_age=0) == ["lop-bac-kan"]
    assert not hub.is_facilitator("thu", api)
    assert len(fake_hub.requests) == 2


def test_facilitator_is_a_hub_group_member(fake_hub, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "thu")
    assert hub.is_facilitator()
    assert not hub.is_facilitator("lan")
    assert hub.is_facilitator("nguyễn văn a")  # the name is quoted in the URL
    assert "/hub/api/users/nguy%E1%BB%85n%20v%C4%83n%20a" in fake_hub.requests
    monkeypatch.setenv("OCOP_KIT_FACILITATOR_GROUP", "lop-bac-kan")
    hub.forget_cache()
    assert hub.is_facilitator("lan")


def test_a_refusing_or_silent_hub_means_no(fake_hub, monkeypatch):
    with pytest.raises(hub.HubError) as refused:
        hub.user_groups("thu", hub.HubAPI(token="wrong"))
    assert refused.value.key == "hub.api_refused" and refused.value.params == {"status": 403}
    assert "403" in refused.value.message("vi")
    assert not hub.is_facilitator("thu", hub.HubAPI(token="wrong"))
    assert not hub.is_facilitator("nobody")  # 404
    with pytest.raises(hub.HubError) as hidden:
        hub.user_groups("ghost")
    assert hidden.value.key == "hub.groups_hidden"
    fake_hub.close()
    hub.forget_cache()
    with pytest.raises(hub.HubError) as gone:
        hub.user_groups("thu")
    assert gone.value.key == "hub.unreachable"
    assert not hub.is_facilitator("thu")
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN")
    with pytest.raises(hub.HubError) as unset:
        hub.HubAPI()
    assert unset.value.key == "hub.not_configured"


def test_workshop_groups_and_their_join_codes(monkeypatch):
    assert hub.workshop_groups(["ocop-facilitators", "lop-b", "lop-a"], {}) == ["lop-a", "lop-b"]
    assert hub.workshop_groups(["ocop-facilitators"], {}) == ["ocop-hub"]
    env = {"OCOP_KIT_WORKSHOP_PREFIX": "lop-", "OCOP_KIT_DEFAULT_WORKSHOP": "tinh"}
    assert hub.workshop_groups(["admins", "lop-a"], env) == ["lop-a"]
    assert hub.workshop_groups(["admins"], env) == ["tinh"]
    code = hub.join_code_for("lop-bac-kan")
    assert code == hub.join_code_for("lop-bac-kan") != hub.join_code_for("lop-bac-kan-2")
    assert len(code) == hub.HUB_CODE_LENGTH and ws.clean_join_code(code) == code
    assert set(code) <= set(ws.JOIN_ALPHABET)


def test_sign_in_gives_each_hub_user_their_own_drafts(fake_hub, store):
    lan = hub.sign_in(store, "lan")
    minh = hub.sign_in(store, "minh")
    assert lan.new and minh.new
    assert lan.workshop == minh.workshop and lan.workshop.name == "lop-bac-kan"
    assert lan.workshop.join_code == hub.join_code_for("lop-bac-kan")
    assert lan.owner != minh.owner
    again = hub.sign_in(store, "lan")
    assert again.owner == lan.owner and not again.new and again.name == "lan"
    store.save_draft(lan.owner, APP, "d1", {"answers": {"x": 1}}, "Miến dong")
    assert [d.draft_id for d in store.list_drafts(lan.owner, APP)] == ["d1"]
    assert store.list_drafts(minh.owner, APP) == []
    with pytest.raises(StorageError):  # nobody reaches the drafts by typing the owner key
        normalize_user_code(str(lan.owner))
    # No PIN opens a hub user in laptop mode on the same database.
    for pin in ("0000", "1234"):
        with pytest.raises(ws.WorkshopError):
            ws.join(store, lan.workshop.join_code, "hub:lan", pin)
    roster = ws.roster(store, lan.workshop, (APP,))
    assert [r.name for r in roster.rows] == ["lan", "minh"]
    assert roster.rows[0].apps[APP] == ws.STARTED and roster.rows[1].apps[APP] == ws.NONE


def test_a_user_in_no_workshop_group_works_in_the_default_workshop(fake_hub, store):
    hoa = hub.sign_in(store, "hoa")
    assert hoa.workshop.name == "ocop-hub"
    assert hoa.workshop.join_code == hub.join_code_for("ocop-hub")


def test_facilitator_gate(fake_hub, store, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert hub.facilitator_gate(store) is None  # laptop mode: the passphrase decides
    monkeypatch.setenv("JUPYTERHUB_USER", "lan")
    refused = hub.facilitator_gate(store)
    assert not refused.allowed and refused.workshops == ()
    assert refused.message("vi") == t("hub.not_facilitator", "vi", user="lan", group="ocop-facilitators")
    monkeypatch.setenv("JUPYTERHUB_USER", "thu")
    gate = hub.facilitator_gate(store)
    assert gate.allowed and [w.name for w in gate.workshops] == ["lop-bac-kan"]
    assert gate.workshops[0] == hub.sign_in(store, "lan").workshop
    assert "thu" in gate.message("en")
    broken = hub.facilitator_gate(store, "thu", hub.HubAPI(token="wrong"))
    assert not broken.allowed and "403" in broken.message("en")


def test_two_servers_create_one_workshop_per_group(fake_hub, db_target):
    first, second = open_backend(db_target), open_backend(db_target)
    try:
        a = hub.ensure_workshop(first, "lop-song-cau")
        b = hub.ensure_workshop(second, "lop-song-cau")
        assert a == b
        assert [w["join_code"] for w in first.list_workshops()] == [a.join_code]
    finally:
        first.close()
        second.close()

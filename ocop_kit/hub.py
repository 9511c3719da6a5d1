"""The kit under JupyterHub: who is signed in, whether they facilitate, which workshop they are in.

JupyterHub starts each user's server with ``JUPYTERHUB_USER``, ``JUPYTERHUB_API_URL`` and
``JUPYTERHUB_API_TOKEN``; the kernels inherit them. When ``JUPYTERHUB_USER`` is set:

- the user is the hub user: no typed code, no PIN. Their drafts belong to an owner key the
  kit hands out only here (``@<workshop code>.<id>``), so nobody reaches them by typing;
- facilitators are the members of one hub group (``OCOP_KIT_FACILITATOR_GROUP``, default
  ``ocop-facilitators``), asked of the hub API (``GET /users/{name}`` → ``groups``), kept
  ``CACHE_SECONDS``; an unreachable hub means "not a facilitator";
- workshops are hub groups: every other group of the user (or, with
  ``OCOP_KIT_WORKSHOP_PREFIX``, those whose name starts with it) is a kit workshop with a
  join code derived from the group's name; a user in no such group works in the workshop
  ``OCOP_KIT_DEFAULT_WORKSHOP`` (default ``ocop-hub``). The kit's roster, class view and
  exports then work per hub group as they do per workshop.

The hub's token must be allowed to read the user's own groups
(``Spawner.server_token_scopes`` in deploy/jupyterhub_config.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import config
from . import workshop as ws
from .errors import InputError

DEFAULT_FACILITATOR_GROUP = config.OcopKit.facilitator_group.default_value
DEFAULT_WORKSHOP = config.OcopKit.default_workshop.default_value
CACHE_SECONDS = 60.0
TIMEOUT_SECONDS = 5.0
# Hub workshops get 8-character join codes; codes typed in laptop mode have 6.
HUB_CODE_LENGTH = 8
NAME_KEY_PREFIX = "hub:"


class HubError(InputError):
    """The hub could not answer, or cannot start (``key`` is a ``hub.*`` message)."""

    def __init__(self, key: str, **params):
        super().__init__(key, **params)


def hub_user(environ=None) -> str | None:
    """The signed-in hub user's name, or None outside JupyterHub."""
    name = (os.environ if environ is None else environ).get("JUPYTERHUB_USER", "").strip()
    return name or None


def under_hub(environ=None) -> bool:
    return hub_user(environ) is not None


def _settings(environ=None) -> config.OcopKit:
    """The kit's settings (ocop_kit/config.py), or those an explicit environment gives."""
    return config.current() if environ is None else config.load(environ=environ)


def facilitator_group(environ=None) -> str:
    return _settings(environ).facilitator_group.strip() or DEFAULT_FACILITATOR_GROUP


def workshop_groups(groups, environ=None) -> list[str]:
    """The user's groups that are workshops (sorted), or the default workshop."""
    kit = _settings(environ)
    staff = kit.facilitator_group.strip() or DEFAULT_FACILITATOR_GROUP
    found = sorted(g for g in groups if g != staff and g.startswith(kit.workshop_prefix))
    return found or [kit.default_workshop.strip() or DEFAULT_WORKSHOP]


def join_code_for(group: str) -> str:
    """A stable join code for a hub group (the same on every server reading one database)."""
    digest = int.from_bytes(hashlib.sha256(group.encode("utf-8")).digest(), "big")
    chars = []
    for _ in range(HUB_CODE_LENGTH):
        digest, index = divmod(digest, len(ws.JOIN_ALPHABET))
        chars.append(ws.JOIN_ALPHABET[index])
    return "".join(chars)


class HubAPI:
    """The few calls the kit makes to the hub's REST API, with the server's own token."""

    def __init__(self, url: str | None = None, token: str | None = None, environ=None):
        env = os.environ if environ is None else environ
        self.url = (url or env.get("JUPYTERHUB_API_URL", "")).rstrip("/")
        self.token = token or env.get("JUPYTERHUB_API_TOKEN", "")
        if not self.url or not self.token:
            raise HubError("hub.not_configured")

    def get(self, path: str) -> dict:
        request = urllib.request.Request(self.url + path,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
                return json.loads(answer.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            exc.close()  # the error is also the response: its socket stays open until closed
            raise HubError("hub.api_refused", status=exc.code) from exc
        except (OSError, ValueError) as exc:
            raise HubError("hub.unreachable", detail=str(exc)) from exc

    def user_groups(self, name: str) -> list[str]:
        model = self.get("/users/" + urllib.parse.quote(name, safe=""))
        groups = model.get("groups")
        if not isinstance(groups, list):  # the token may not read groups: a deployment error
            raise HubError("hub.groups_hidden")
        return [str(g) for g in groups]


_cache: dict[tuple[str, str, str], tuple[float, list[str]]] = {}
_cache_lock = threading.Lock()


def user_groups(name: str | None = None, api: HubAPI | None = None, *,
                max_age: float = CACHE_SECONDS) -> list[str]:
    """The hub groups of ``name`` (default: the signed-in user), cached ``max_age`` seconds."""
    name = name or hub_user()
    if name is None:
        raise HubError("hub.not_configured")
    api = api or HubAPI()
    key = (api.url, api.token, name)
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < max_age:
            return list(hit[1])
    groups = api.user_groups(name)
    with _cache_lock:
        _cache[key] = (now, groups)
    return list(groups)


def forget_cache() -> None:
    with _cache_lock:
        _cache.clear()


def is_facilitator(name: str | None = None, api: HubAPI | None = None) -> bool:
    """Whether the hub puts ``name`` (default: the signed-in user) in the facilitator group.
    No answer from the hub is a no."""
    try:
        return facilitator_group() in user_groups(name, api)
    except HubError:
        return False


def ensure_workshop(store, group: str) -> ws.Workshop:
    """The kit workshop of a hub group, created on first use by whichever server comes first."""
    code = join_code_for(group)
    row = store.find_workshop(code)
    if row is None:
        # Nobody opens a hub workshop with a passphrase: the hub decides who facilitates.
        secret = ws.hash_secret(secrets.token_urlsafe(32))
        row = store.insert_workshop({"join_code": code, "name": group, "place": "", "starts": "",
                                     "ends": "", "secret": secret})
        row = row or store.find_workshop(code)  # another server created it a moment ago
    return ws.Workshop.from_row(row)


def sign_in(store, name: str | None = None, api: HubAPI | None = None) -> ws.Trainee:
    """The signed-in hub user as a trainee of their (first) workshop group."""
    name = name or hub_user()
    if name is None:
        raise HubError("hub.not_configured")
    workshop = ensure_workshop(store, workshop_groups(user_groups(name, api))[0])
    key = NAME_KEY_PREFIX + name.casefold()
    row = store.find_trainee(workshop.id, key)
    new = row is None
    if new:
        # No PIN opens this trainee: the hash is of a secret nobody knows.
        row = store.insert_trainee(workshop.id, key, name, ws.hash_secret(secrets.token_urlsafe(32)))
        row = row or store.find_trainee(workshop.id, key)
    return ws.Trainee(row["id"], workshop, row["display_name"], row["created_at"], new=new)


@dataclass(frozen=True)
class FacilitatorGate:
    """What the facilitator page shows under the hub: the workshops, or why not."""

    user: str
    allowed: bool
    workshops: tuple[ws.Workshop, ...] = ()
    refusal: str = ""  # a hub.* message key when not allowed
    params: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        """Why the page stays closed, or (allowed) who opened it, in ``lang``."""
        from .i18n import t

        return t(self.refusal or "hub.facilitator_intro", lang, user=self.user,
                 group=facilitator_group(), **self.params)


def facilitator_gate(store, name: str | None = None, api: HubAPI | None = None
                     ) -> FacilitatorGate | None:
    """None outside the hub (the workshop passphrase decides); else the hub's decision:
    members of the facilitator group get their workshop groups' workshops."""
    name = name or hub_user()
    if name is None:
        return None
    try:
        groups = user_groups(name, api)
    except HubError as exc:
        return FacilitatorGate(name, False, refusal=exc.key, params=exc.params)
    if facilitator_group() not in groups:
        return FacilitatorGate(name, False, refusal="hub.not_facilitator")
    return FacilitatorGate(name, True, tuple(ensure_workshop(store, g) for g in workshop_groups(groups)))


# --- the one-server hub, started locally (`ocop-kit hub`, `make hub`, the hub test) ------

def config_file() -> Path:
    """deploy/jupyterhub_config.py of the source checkout."""
    return Path(__file__).resolve().parent.parent / "deploy" / "jupyterhub_config.py"


def proxy_command(repo: Path | None = None) -> str | None:
    """configurable-http-proxy from the project's .node folder (npm install --prefix .node
    configurable-http-proxy@5) or from PATH; None when neither has it."""
    local = (repo or config_file().parent.parent) / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def hub_command(host: str = "127.0.0.1", port: int = 8000, environ=None) -> tuple[list[str], dict]:
    """argv and environment that start JupyterHub with the kit's configuration."""
    if not config_file().exists():
        raise HubError("hub.no_config", path=str(config_file()))
    env = dict(os.environ if environ is None else environ)
    env["OCOP_HUB_URL"] = f"http://{host}:{int(port)}"
    return [sys.executable, "-m", "jupyterhub", "-f", str(config_file())], env


def run_hub(host: str = "127.0.0.1", port: int = 8000, lang: str | None = None) -> int:
    """``ocop-kit hub``: say where the hub is and how to make the first facilitator, then
    become JupyterHub (POSIX) or wait for it."""
    from .i18n import t

    if proxy_command() is None:
        raise HubError("hub.no_proxy")
    argv, env = hub_command(host, port)
    url = f"http://{host}:{int(port)}"
    sys.stdout.write(t("hub.cli_started", lang, url=url, config=str(config_file()),
                       group=facilitator_group(env)) + "\n")
    sys.stdout.flush()
    if os.name == "posix":
        os.execve(argv[0], argv, env)
    return subprocess.call(argv, env=env)

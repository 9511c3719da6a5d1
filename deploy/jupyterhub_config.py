"""JupyterHub for one provincial server: the OCOP Kit's apps behind real accounts.

    jupyterhub -f deploy/jupyterhub_config.py        # or: ocop-kit hub / make hub

Every setting comes from the environment, so the same file serves `make hub` on a laptop,
the hub test and a provincial server (deploy/README.md):

OCOP_HUB_URL            public address (default http://127.0.0.1:8000)
OCOP_HUB_API_PORT       the hub's internal API port on 127.0.0.1 (default 8081)
OCOP_HUB_PROXY_API_PORT the proxy's API port on 127.0.0.1 (default 8001)
OCOP_HUB_STATE          folder for the hub's cookie secret, SQLite db, user homes (default var/hub)
OCOP_HUB_DB_URL         the hub's own database; PostgreSQL on a server
                        (postgresql+psycopg://hub:…@db/jupyterhub), SQLite in OCOP_HUB_STATE otherwise
OCOP_KIT_DB             the kit's database handed to every user's server
                        (postgresql://ocop:…@db/ocop_kit); without it the SQLite file in
                        OCOP_KIT_DATA (default var/, the same drafts as `make serve`), which is
                        only right while every user's server runs on this one machine
OCOP_HUB_ADMINS         hub administrators, comma-separated (approve sign-ups at /hub/authorize)
OCOP_HUB_FACILITATORS   members of the facilitator group, comma-separated
OCOP_KIT_FACILITATOR_GROUP  that group's name (default ocop-facilitators)
OCOP_HUB_WORKSHOPS      workshops as hub groups: "lop-bac-kan:lan,minh;lop-cao-bang:hoa"
OCOP_HUB_OPEN_SIGNUP    "1": sign-ups need no approval (a supervised workshop room)
OCOP_HUB_SPAWNER        simple (default: every user's server a process of this account;
                        a laptop or a test), systemd (one server in production: each user a
                        dynamic Unix user with a cgroup memory limit; pip install
                        jupyterhub-systemdspawner, run the hub as root)
OCOP_HUB_MEM_LIMIT      memory per user (default 400M: docs/scaling.md); enforced by the
                        systemd and Kubernetes spawners, advisory (MEM_LIMIT) for simple
OCOP_HUB_CULL_IDLE      seconds before an idle user's server is stopped (default 1800)
"""
import os
import shutil
import sys
from pathlib import Path

from ocop_kit.hub import DEFAULT_FACILITATOR_GROUP
from ocop_kit.serving import templates_root

c = get_config()  # noqa: F821 - JupyterHub provides it
env = os.environ.get
REPO = Path(__file__).resolve().parent.parent


def names(text):
    return [n.strip() for n in (text or "").split(",") if n.strip()]


state = Path(env("OCOP_HUB_STATE") or REPO / "var" / "hub").resolve()
state.mkdir(parents=True, exist_ok=True)
notebooks = Path(env("OCOP_HUB_NOTEBOOKS") or REPO / "notebooks").resolve()

# --- the hub and its proxy ------------------------------------------------------------
c.JupyterHub.bind_url = env("OCOP_HUB_URL") or "http://127.0.0.1:8000"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{int(env('OCOP_HUB_API_PORT') or 8081)}"
c.JupyterHub.db_url = env("OCOP_HUB_DB_URL") or f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(env('OCOP_HUB_PROXY_API_PORT') or 8001)}"
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
local_proxy = REPO / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(local_proxy) if local_proxy.exists()
                                   else shutil.which("configurable-http-proxy") or "configurable-http-proxy"]
c.JupyterHub.cleanup_servers = True

# --- accounts: NativeAuthenticator ----------------------------------------------------
# Trainees sign up with a name and a password they choose; an administrator (or, with
# OCOP_HUB_OPEN_SIGNUP=1 in a supervised room, nobody) approves them. Passwords are stored
# hashed, repeated failures lock the name for a while. First-use passwords would let whoever
# types a classmate's name first own that account.
c.JupyterHub.authenticator_class = "native"
c.NativeAuthenticator.open_signup = env("OCOP_HUB_OPEN_SIGNUP") == "1"
c.NativeAuthenticator.minimum_password_length = 8
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 300
c.NativeAuthenticator.allow_all = True  # every approved account; approval is the gate
c.Authenticator.admin_users = set(names(env("OCOP_HUB_ADMINS")))

# --- groups: facilitators and workshops -----------------------------------------------
facilitators = env("OCOP_KIT_FACILITATOR_GROUP") or DEFAULT_FACILITATOR_GROUP
groups = {facilitators: {"users": names(env("OCOP_HUB_FACILITATORS"))}}
for item in (env("OCOP_HUB_WORKSHOPS") or "").split(";"):
    if ":" in item:
        group, members = item.split(":", 1)
        groups[group.strip()] = {"users": names(members)}
c.JupyterHub.load_groups = groups
c.JupyterHub.load_roles = [
    # Facilitators see who has an account and which workshop group they are in (admin page).
    {"name": "ocop-facilitator", "groups": [facilitators],
     "scopes": ["admin-ui", "list:users", "read:users:name", "read:users:groups",
                "read:users:activity", "list:groups", "read:groups"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]

# --- every user's server: the kit's apps in Voila -------------------------------------
spawner = env("OCOP_HUB_SPAWNER") or "simple"
if spawner == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = True
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.disable_user_sudo = True
else:
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    (state / "homes").mkdir(exist_ok=True)
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "homes" / "{username}")
    if os.geteuid() == 0:  # a container or CI running as root: the servers run as root too
        c.Spawner.args = ["--allow-root"]
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(notebooks)
# A trainee lands in the self-assessment, not in JupyterLab.
c.Spawner.default_url = "/voila/render/tu-danh-gia.ipynb"
# The kit's Voila settings, no terminals, no JupyterLab: deploy/singleuser/jupyter_server_config.py
# (JUPYTER_CONFIG_PATH below; the image sets the same).
c.Spawner.environment = {
    "OCOP_KIT_FACILITATOR_GROUP": facilitators,
    "JUPYTER_PATH": str(templates_root()),
    "JUPYTER_CONFIG_PATH": str(Path(__file__).resolve().parent / "singleuser"),
}
if env("OCOP_KIT_DB"):
    c.Spawner.environment["OCOP_KIT_DB"] = env("OCOP_KIT_DB")
else:
    c.Spawner.environment["OCOP_KIT_DATA"] = str(Path(env("OCOP_KIT_DATA") or REPO / "var").resolve())
for name in ("OCOP_KIT_WORKSHOP_PREFIX", "OCOP_KIT_DEFAULT_WORKSHOP"):
    if env(name):
        c.Spawner.environment[name] = env(name)
c.Spawner.mem_limit = env("OCOP_HUB_MEM_LIMIT") or "400M"
# The kit asks the hub for the user's own groups (ocop_kit.hub); nothing more.
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                 "read:users:name!user", "read:users:groups!user"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# --- idle servers are stopped (jupyterhub-idle-culler) ---------------------------------
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={int(env('OCOP_HUB_CULL_IDLE') or 1800)}", "--cull-every=300"],
}]

"""The kit's settings in one place: a traitlets ``Configurable``, as Voila and Jupyter do.

Every setting is read through ``current()``; each comes, in this order of precedence, from

1. the command line: ``ocop-kit serve --OcopKit.min_group_size=8`` (and the older flags such
   as ``--class-size`` mapped onto the same settings);
2. the environment: ``OCOP_KIT_DATA``, ``OCOP_KIT_DB`` and ``OCOP_KIT_<SETTING>`` (the name is
   on each setting, see docs/configuration.md);
3. a configuration file, ``ocop_kit_config.json`` or ``ocop_kit_config.py``, in the data folder
   and then in the current folder (the current folder's wins), written like Jupyter's:
   ``{"OcopKit": {"min_group_size": 8}}`` or ``c.OcopKit.min_group_size = 8``;
4. the default written on the setting.

``ocop-kit serve`` hands the settings to the Voila kernels through the environment
(``environ()``), so the apps in a page see what the command line said.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from traitlets import Bool, Float, Integer, List, TraitError, Unicode, validate
from traitlets.config import Config, Configurable
from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, KVArgParseConfigLoader, PyFileConfigLoader

from .errors import InputError

CONFIG_NAME = "ocop_kit_config"
SECTION = "OcopKit"


def _env(name: str) -> dict:
    return {"config": True, "env": name}


class OcopKit(Configurable):
    """OCOP Kit: where data lives, how the apps save, what the facilitator sees, how it is served."""

    data_dir = Unicode(
        "", help="Folder of the SQLite database (drafts, results, workshops). Empty: "
                 "$XDG_DATA_HOME/ocop-kit, else ~/.local/share/ocop-kit; `make serve` uses var/.",
    ).tag(**_env("OCOP_KIT_DATA"))
    database_url = Unicode(
        "", help="Database URL shared by several machines (postgresql://user:pass@host/db); "
                 "when set it replaces the SQLite file in the data folder.",
    ).tag(**_env("OCOP_KIT_DB"))
    autosave_debounce_s = Float(
        0.8, help="Seconds after the last keystroke before a draft is saved.",
    ).tag(**_env("OCOP_KIT_AUTOSAVE_DEBOUNCE_S"))
    min_group_size = Integer(
        5, help="Class-wide figures (stars, averages, pre-/post-test, plan viability) are shown "
                "only from this many trainees on, so that no one's result can be read off them.",
    ).tag(**_env("OCOP_KIT_MIN_GROUP_SIZE"))
    criteria_version = Unicode(
        "", help="Criteria version the apps and the CLI start with (e.g. qd1048-2019). Empty: "
                 "the version in force, read from the shipped manifests.",
    ).tag(**_env("OCOP_KIT_CRITERIA_VERSION"))
    roster_refresh_s = Integer(
        30, help="Seconds between refreshes of the facilitator's workshop roster.",
    ).tag(**_env("OCOP_KIT_ROSTER_REFRESH_S"))
    host = Unicode(
        "127.0.0.1", help="Address `ocop-kit serve` listens on (0.0.0.0: the whole LAN).",
    ).tag(**_env("OCOP_KIT_HOST"))
    port = Integer(8866, help="Port `ocop-kit serve` listens on.").tag(**_env("OCOP_KIT_PORT"))
    preheat = Bool(
        True, help="Keep kernels started ahead of the pages (Voila's preheated pools).",
    ).tag(**_env("OCOP_KIT_PREHEAT"))
    class_size = Integer(
        1, help="Preheated kernels kept for each of class_apps (every app when that is empty): "
                "a class opening one app at once.",
    ).tag(**_env("OCOP_KIT_CLASS_SIZE"))
    class_apps = List(
        Unicode(), default_value=[], help="Notebook names (without .ipynb) given class_size kernels.",
    ).tag(**_env("OCOP_KIT_CLASS_APPS"))
    facilitator_group = Unicode(
        "ocop-facilitators", help="Under JupyterHub: the hub group whose members open the facilitator page.",
    ).tag(**_env("OCOP_KIT_FACILITATOR_GROUP"))
    workshop_prefix = Unicode(
        "", help="Under JupyterHub: only hub groups whose names start with this are workshops "
                 "(empty: every group but the facilitators').",
    ).tag(**_env("OCOP_KIT_WORKSHOP_PREFIX"))
    default_workshop = Unicode(
        "ocop-hub", help="Under JupyterHub: the workshop of a user in no workshop group.",
    ).tag(**_env("OCOP_KIT_DEFAULT_WORKSHOP"))

    @validate("autosave_debounce_s", "roster_refresh_s")
    def _positive_seconds(self, proposal):
        if proposal.value <= 0:
            raise TraitError(f"{proposal.trait.name} must be more than 0 seconds, not {proposal.value}")
        return proposal.value

    @validate("min_group_size", "class_size")
    def _at_least_one(self, proposal):
        if proposal.value < 1:
            raise TraitError(f"{proposal.trait.name} must be at least 1, not {proposal.value}")
        return proposal.value

    @validate("port")
    def _port(self, proposal):
        if not 0 < proposal.value < 65536:
            raise TraitError(f"port must be between 1 and 65535, not {proposal.value}")
        return proposal.value


def settings() -> dict:
    """The configurable traits by name, in the order they are written above."""
    traits = OcopKit.class_traits(config=True)
    order = list(OcopKit.__dict__)
    return dict(sorted(traits.items(), key=lambda item: order.index(item[0])))


def env_names() -> dict[str, str]:
    """Setting name → its environment variable."""
    return {name: trait.metadata["env"] for name, trait in settings().items()}


def _from_env(environ) -> Config:
    config = Config()
    for name, trait in settings().items():
        text = environ.get(trait.metadata["env"], "")
        if text.strip():
            if isinstance(trait, List):  # a list in one variable: names separated by commas or spaces
                value = [v for v in text.replace(",", " ").split() if v]
            else:
                value = trait.from_string(text.strip())
            config[SECTION][name] = value
    return config


def _from_files(folders) -> Config:
    config = Config()
    for folder in folders:
        for loader_class, suffix in ((JSONFileConfigLoader, ".json"), (PyFileConfigLoader, ".py")):
            path = Path(folder) / (CONFIG_NAME + suffix)
            if path.is_file():
                try:
                    config.merge(loader_class(path.name, str(path.parent)).load_config())
                except ConfigFileNotFound:
                    continue
    return config


def from_argv(argv) -> Config:
    """``--OcopKit.name=value`` options (other arguments are left to the caller)."""
    loader = KVArgParseConfigLoader(list(argv), aliases={}, flags={}, classes=[OcopKit])
    return loader.load_config()


def split_argv(argv) -> tuple[list[str], list[str]]:
    """(``--OcopKit.…`` options, everything else); ``--OcopKit.name value`` takes the next argument."""
    mine, rest = [], []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith(f"--{SECTION}."):
            mine.append(arg)
            if "=" not in arg and i + 1 < len(args):
                mine.append(args[i + 1])
                i += 1
        else:
            rest.append(arg)
        i += 1
    return mine, rest


def _default_data_dir(environ) -> Path:
    base = environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "ocop-kit"


def load(argv=(), environ=None, cwd=None) -> OcopKit:
    """The settings from files, the environment and ``argv`` (see the module's docstring).
    A value that does not fit its setting raises ``InputError`` (``config.bad_setting``)."""
    environ = os.environ if environ is None else environ
    try:
        args = from_argv(argv) if argv else Config()
        env = _from_env(environ)
    except (TraitError, ValueError, SystemExit) as exc:  # argparse exits on a malformed option
        raise InputError("config.bad_setting", error=str(exc) or " ".join(argv)) from None
    # The data folder can hold a configuration file, so it is settled before files are read.
    data = args[SECTION].get("data_dir") or env[SECTION].get("data_dir") or ""
    folders = [Path(data).expanduser() if data else _default_data_dir(environ), Path(cwd or os.getcwd())]
    config = _from_files(dict.fromkeys(folders))
    config.merge(env)
    config.merge(args)
    try:
        return OcopKit(config=config)
    except TraitError as exc:
        raise InputError("config.bad_setting", error=str(exc)) from None


def defaults() -> dict:
    """Setting name → its default value."""
    plain = OcopKit()
    return {name: getattr(plain, name) for name in settings()}


def environ(kit: OcopKit) -> dict[str, str]:
    """Settings that differ from their default, as environment variables (for Voila's kernels)."""
    out = {}
    default = defaults()
    for name, trait in settings().items():
        value = getattr(kit, name)
        if value != default[name]:
            out[trait.metadata["env"]] = " ".join(value) if isinstance(value, list) else str(value)
    return out


_lock = threading.Lock()
_argv: list[str] = []
_cached: tuple[tuple, OcopKit] | None = None


def configure(argv=()) -> OcopKit:
    """Take the command line's ``--OcopKit.…`` options for this process; returns the settings."""
    global _argv, _cached
    settings_now = load(argv)  # a bad value raises here, before anything is kept
    with _lock:
        _argv, _cached = list(argv), None
    return settings_now


def _file_stamps() -> tuple:
    """When each configuration file that ``load`` would read was last changed."""
    data = os.environ.get(env_names()["data_dir"]) or ""
    folders = (Path(data).expanduser() if data else _default_data_dir(os.environ), Path.cwd())
    stamps: list[int | None] = []
    for folder in folders:
        for suffix in (".json", ".py"):
            try:
                stamps.append((folder / (CONFIG_NAME + suffix)).stat().st_mtime_ns)
            except OSError:
                stamps.append(None)
    return tuple(stamps)


def current() -> OcopKit:
    """The settings in force. Re-read when the environment or the current folder changes
    (tests and ``ocop-kit serve`` set variables); the command line's options stay on top."""
    global _cached
    key = (tuple(os.environ.get(e) for e in env_names().values()), os.getcwd(), tuple(_argv), _file_stamps())
    with _lock:
        if _cached is None or _cached[0] != key:
            _cached = (key, load(_argv))
        return _cached[1]


def reset() -> None:
    """Forget the command line's options (tests)."""
    global _argv, _cached
    with _lock:
        _argv, _cached = [], None


def default_data_dir(environ=None) -> Path:
    """The per-user data folder: ``$XDG_DATA_HOME/ocop-kit``, else ``~/.local/share/ocop-kit``."""
    return _default_data_dir(os.environ if environ is None else environ)


def markdown() -> str:
    """docs/configuration.md, from the settings' help texts (tests keep the file up to date)."""
    lines = [
        "# Configuration / Cấu hình",
        "",
        "<!-- Generated by `python -m ocop_kit.config --write-docs` from ocop_kit/config.py; do not edit. -->",
        "",
        "Every setting of the kit is one trait of `OcopKit` (`ocop_kit/config.py`), read through",
        "`ocop_kit.config.current()`. Each is taken from, first match wins:",
        "",
        "1. the command line: `ocop-kit serve --OcopKit.min_group_size=8` (`--host`, `--port`,",
        "   `--class-size`, `--app` and `--no-preheat` set `host`, `port`, `class_size`, `class_apps`, `preheat`);",
        "2. the environment variable named below;",
        f"3. `{CONFIG_NAME}.json` (`{{\"OcopKit\": {{\"min_group_size\": 8}}}}`) or `{CONFIG_NAME}.py`",
        "   (`c.OcopKit.min_group_size = 8`) in the current folder, else in the data folder;",
        "4. the default.",
        "",
        "`ocop-kit serve` passes the settings to the apps' kernels as environment variables.",
        "A list in a variable is written with spaces or commas:",
        "`OCOP_KIT_CLASS_APPS=\"tu-danh-gia y-tuong-san-pham\"`.",
        "",
        "| setting | environment | default | meaning |",
        "|---|---|---|---|",
    ]
    default_of = defaults()
    for name, trait in settings().items():
        default = default_of[name]
        shown = "(empty)" if default in ("", []) else str(default).lower() if isinstance(default, bool) else default
        lines.append(f"| `{name}` | `{trait.metadata['env']}` | `{shown}` | {' '.join(trait.help.split())} |")
    return "\n".join(lines) + "\n"


DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"

if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--write-docs"]:
        DOC_PATH.write_text(markdown(), encoding="utf-8")
    else:
        sys.stdout.write(markdown())

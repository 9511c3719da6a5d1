"""One configuration (ocop_kit/config.py): command line > environment > file > default."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocop_kit import config, paths, serving, storage
from ocop_kit.autosave import Autosaver, ManualScheduler
from ocop_kit.cli import main
from ocop_kit.drafts import DraftSession
from ocop_kit.errors import InputError
from ocop_kit.rubric.registry import default_version_id, version_ids, version_in_force

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch, tmp_path):
    """No setting from the machine running the tests; the current folder holds no config file."""
    for name in config.env_names().values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    config.reset()
    yield
    config.reset()


def write_json(folder: Path, settings: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ocop_kit_config.json").write_text(json.dumps({"OcopKit": settings}), encoding="utf-8")


def test_defaults_are_the_kits_values():
    kit = config.load(environ={}, cwd=Path.cwd())
    assert (kit.min_group_size, kit.autosave_debounce_s, kit.port, kit.class_size) == (5, 0.8, 8866, 1)
    assert kit.preheat is True and kit.class_apps == [] and kit.criteria_version == ""


def test_command_line_beats_environment_beats_file_beats_default(tmp_path):
    write_json(tmp_path, {"min_group_size": 6, "autosave_debounce_s": 2.0, "port": 9000})
    env = {"OCOP_KIT_MIN_GROUP_SIZE": "7", "OCOP_KIT_AUTOSAVE_DEBOUNCE_S": "1.5"}
    kit = config.load(["--OcopKit.min_group_size=8"], environ=env, cwd=tmp_path)
    assert kit.min_group_size == 8  # command line over environment and file
    assert kit.autosave_debounce_s == 1.5  # environment over file
    assert kit.port == 9000  # file over default
    assert kit.roster_refresh_s == 30.0  # default


def test_existing_variable_names_keep_working(tmp_path):
    kit = config.load(environ={"OCOP_KIT_DATA": str(tmp_path / "var"), "OCOP_KIT_DB": "sqlite:///x.db"})
    assert kit.data_dir == str(tmp_path / "var") and kit.database_url == "sqlite:///x.db"


def test_file_in_the_current_folder_beats_the_one_in_the_data_folder(tmp_path):
    data, here = tmp_path / "data", tmp_path / "here"
    write_json(data, {"min_group_size": 9, "roster_refresh_s": 12})
    write_json(here, {"min_group_size": 3})
    kit = config.load(environ={"OCOP_KIT_DATA": str(data)}, cwd=here)
    assert kit.min_group_size == 3 and kit.roster_refresh_s == 12


def test_python_config_file_like_jupyters(tmp_path):
    (tmp_path / "ocop_kit_config.py").write_text("c.OcopKit.class_apps = ['tu-danh-gia']\n", encoding="utf-8")
    assert config.load(environ={}, cwd=tmp_path).class_apps == ["tu-danh-gia"]


def test_data_folder_on_the_command_line_is_where_the_file_is_looked_for(tmp_path):
    write_json(tmp_path / "class", {"min_group_size": 4})
    kit = config.load([f"--OcopKit.data_dir={tmp_path / 'class'}"], environ={}, cwd=tmp_path / "elsewhere")
    assert kit.min_group_size == 4


def test_list_and_bool_from_the_environment():
    kit = config.load(environ={"OCOP_KIT_CLASS_APPS": "tu-danh-gia, y-tuong-san-pham", "OCOP_KIT_PREHEAT": "false"})
    assert kit.class_apps == ["tu-danh-gia", "y-tuong-san-pham"] and kit.preheat is False


@pytest.mark.parametrize("argv, env", [
    (["--OcopKit.min_group_size=0"], {}),
    ([], {"OCOP_KIT_PORT": "tám nghìn"}),
    ([], {"OCOP_KIT_AUTOSAVE_DEBOUNCE_S": "-1"}),
])
def test_a_value_that_does_not_fit_is_refused_in_both_languages(argv, env):
    with pytest.raises(InputError) as caught:
        config.load(argv, environ=env)
    assert caught.value.key == "config.bad_setting"
    assert "docs/configuration.md" in caught.value.message("vi") and "thiết lập" in caught.value.message("vi")


def test_environ_hands_every_changed_setting_to_a_kernel():
    kit = config.load(["--OcopKit.min_group_size=8", "--OcopKit.class_apps=tu-danh-gia",
                       "--OcopKit.class_apps=hoi-dong-va-lop-hoc", "--OcopKit.preheat=False"], environ={})
    env = config.environ(kit)
    assert env == {"OCOP_KIT_MIN_GROUP_SIZE": "8", "OCOP_KIT_CLASS_APPS": "tu-danh-gia hoi-dong-va-lop-hoc",
                   "OCOP_KIT_PREHEAT": "False"}
    again = config.load(environ=env)
    assert all(getattr(again, name) == getattr(kit, name) for name in config.settings())


def test_current_follows_the_environment_and_keeps_the_command_line_on_top(monkeypatch):
    assert config.current().min_group_size == 5
    monkeypatch.setenv("OCOP_KIT_MIN_GROUP_SIZE", "6")
    assert config.current().min_group_size == 6
    config.configure(["--OcopKit.min_group_size=9"])
    monkeypatch.setenv("OCOP_KIT_MIN_GROUP_SIZE", "7")
    assert config.current().min_group_size == 9
    config.reset()
    assert config.current().min_group_size == 7


def test_split_argv_takes_only_the_settings():
    mine, rest = config.split_argv(["serve", "--OcopKit.port", "9001", "--host", "0.0.0.0",
                                    "--OcopKit.min_group_size=3"])
    assert mine == ["--OcopKit.port", "9001", "--OcopKit.min_group_size=3"]
    assert rest == ["serve", "--host", "0.0.0.0"]


def test_the_documentation_is_generated_from_the_settings():
    text = config.DOC_PATH.read_text(encoding="utf-8")
    assert text == config.markdown(), "run: python -m ocop_kit.config --write-docs"
    for name, env in config.env_names().items():
        assert f"| `{name}` | `{env}` |" in text


# --- the modules read it --------------------------------------------------------------

def test_data_folder_and_database_follow_the_settings(monkeypatch, tmp_path):
    assert paths.data_dir() == tmp_path / "xdg" / "ocop-kit"
    write_json(tmp_path, {"data_dir": str(tmp_path / "from-file")})
    assert paths.data_dir() == storage.default_data_dir() == tmp_path / "from-file"
    monkeypatch.setenv("OCOP_KIT_DATA", str(tmp_path / "from-env"))
    assert storage.sqlite_path() == str(tmp_path / "from-env" / storage.DB_FILENAME)
    config.configure([f"--OcopKit.database_url=sqlite:///{tmp_path}/cli.sqlite"])
    store = storage.open_store()
    assert Path(store.path) == tmp_path / "cli.sqlite"


def test_default_criteria_version_is_a_setting(monkeypatch):
    older = next(v for v in version_ids() if v != version_in_force())
    assert default_version_id() == version_in_force()
    monkeypatch.setenv("OCOP_KIT_CRITERIA_VERSION", older)
    assert default_version_id() == older and version_in_force() != older
    monkeypatch.setenv("OCOP_KIT_CRITERIA_VERSION", "qd0-1900")
    with pytest.raises(InputError) as caught:
        default_version_id()
    assert caught.value.key == "input.unknown_version"


def test_autosave_and_drafts_take_the_debounce_setting(tmp_path):
    config.configure(["--OcopKit.autosave_debounce_s=2.5"])
    store = storage.open_store(tmp_path / "db")
    scheduler = ManualScheduler()
    saver = Autosaver(store, "BK19-01", "tu-danh-gia", storage.new_draft_id(), scheduler=scheduler)
    assert saver.debounce_s == 2.5
    assert Autosaver(store, "BK19-01", "tu-danh-gia", "d1", 0.1, scheduler=scheduler).debounce_s == 0.1
    session = DraftSession(store, "tu-danh-gia", scheduler=scheduler)
    assert session.debounce_s == 2.5


def test_lessons_comparison_takes_the_minimum_group(tmp_path):
    from ocop_kit.lessons.quiz import load as load_quiz
    from ocop_kit.lessons.workshop import compare

    config.configure(["--OcopKit.min_group_size=2"])
    store = storage.open_store(tmp_path / "db")
    assert compare(store, "BK19", load_quiz("kiem-tra-khoa-hoc")).min_group == 2


def test_serve_maps_flags_and_settings_and_hands_them_to_the_kernels(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(serving, "available_memory_mb", lambda: 10**6)
    monkeypatch.setattr(serving, "measure_kernel_mb", lambda notebook, env: 50.0)
    monkeypatch.setattr(serving, "run", lambda cmd: seen.append(cmd) or 0)
    write_json(tmp_path, {"port": 9100, "class_size": 3})
    monkeypatch.setenv("OCOP_KIT_CLASS_APPS", "tu-danh-gia")
    assert main(["serve", "--notebooks", str(NOTEBOOKS), "--OcopKit.min_group_size=8"]) == 0
    cmd = seen[-1]
    assert "--port=9100" in cmd.argv  # file
    pools = json.loads(next(a for a in cmd.argv if a.startswith("--VoilaKernelManager.kernel_pools_config="))
                       .split("=", 1)[1])
    assert pools["tu-danh-gia.ipynb"] == {"pool_size": 3}  # file + environment
    assert cmd.env["OCOP_KIT_MIN_GROUP_SIZE"] == "8" and cmd.env["OCOP_KIT_CLASS_SIZE"] == "3"
    assert main(["serve", "--notebooks", str(NOTEBOOKS), "--port", "9001", "--class-size", "2"]) == 0
    assert "--port=9001" in seen[-1].argv  # the older flags beat the file
    pools = json.loads(next(a for a in seen[-1].argv if a.startswith("--VoilaKernelManager.kernel_pools_config="))
                       .split("=", 1)[1])
    assert pools["tu-danh-gia.ipynb"] == {"pool_size": 2}


def test_cli_says_which_setting_is_wrong(capsys):
    assert main(["serve", "--notebooks", str(NOTEBOOKS), "--OcopKit.class_size=0", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "a setting cannot be used" in err and "class_size" in err


def test_class_figures_take_the_minimum_group():
    from ocop_kit.cohort import plan_viability, summarize

    assert summarize("BK19", []).min_group == 5
    config.configure(["--OcopKit.min_group_size=2"])
    assert summarize("BK19", []).min_group == 2 and plan_viability([None, None]).min_group == 2
    assert summarize("BK19", [], min_group=7).min_group == 7


def test_the_roster_refreshes_at_the_set_interval(monkeypatch):
    from ocop_kit.views.facilitator.roster import RosterPanel

    assert RosterPanel(shell=None).refresh_s == 30
    monkeypatch.setenv("OCOP_KIT_ROSTER_REFRESH_S", "12")
    assert RosterPanel(shell=None).refresh_s == 12

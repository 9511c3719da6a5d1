"""Where the kit's folders are, however it was installed.

From a source checkout (``make``, ``pip install -e .``) the samples are next to the package;
after a plain ``pip install .`` they are found from the folder ``ocop-kit serve`` runs in.
The data folder is a setting (``OcopKit.data_dir``, ``$OCOP_KIT_DATA``).
"""
from __future__ import annotations

from pathlib import Path

from . import config

CHECKOUT = Path(__file__).resolve().parents[1]


def samples_dir(kind: str = "") -> Path:
    """``data/samples`` (or one of its folders: answers, plans, council)."""
    for base in (CHECKOUT, Path.cwd()):
        folder = base / "data" / "samples"
        if folder.is_dir():
            return folder / kind if kind else folder
    return CHECKOUT / "data" / "samples" / kind


def data_dir() -> Path:
    """The folder of drafts and results: ``OcopKit.data_dir``, else the per-user default
    (``$XDG_DATA_HOME/ocop-kit``, else ``~/.local/share/ocop-kit``)."""
    chosen = config.current().data_dir
    return Path(chosen).expanduser() if chosen else config.default_data_dir()

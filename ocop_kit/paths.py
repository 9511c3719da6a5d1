"""Where the kit's folders are, however it was installed.

From a source checkout (``make``, ``pip install -e .``) the samples are next to the package;
after a plain ``pip install .`` they are found from the folder ``ocop-kit serve`` runs in.
"""
from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def samples_dir(kind: str = "") -> Path:
    """``data/samples`` (or one of its folders: answers, plans, council)."""
    for base in (CHECKOUT, Path.cwd()):
        folder = base / "data" / "samples"
        if folder.is_dir():
            return folder / kind if kind else folder
    return CHECKOUT / "data" / "samples" / kind

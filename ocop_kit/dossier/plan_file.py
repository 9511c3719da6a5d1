"""A business-plan file read for the dossier: every problem is one InputError naming the file."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..finance.model import BusinessPlan
from ..finance.serialize import loads


def load_plan_file(path) -> BusinessPlan:
    """The :class:`ocop_kit.finance.BusinessPlan` in ``path`` (JSON written by the business-plan app)."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("input.not_found", where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("sheet.unreadable", where, error=str(exc)) from None
    try:
        return loads(text)
    except InputError as exc:
        exc.where = exc.where or where
        raise
    except (TypeError, ValueError, AttributeError) as exc:  # a part of the plan of the wrong shape
        raise InputError("finance.file_invalid", where, detail=str(exc)) from None

"""A business plan to and from a JSON-able dict (drafts, sample files, exports).

The dict carries ``schema_version``. Values are copied as they are — a field that holds what
the user typed (even "abc") survives a save and a load, so nothing typed is lost; the checks
report it. Unknown keys are ignored, missing keys take their defaults.

Reading never trips on what a file or a stored draft holds: a value of the wrong shape (a
list where a number belongs, NaN, an object in a name) comes back as short text, which the
checks then report next to its field and which can be saved again; rows that are not objects
are left out, and rows beyond the limits of ``forms/finance_fields.json`` are not read. Only a
document that is not a plan at all, or one from a newer kit, raises :class:`PlanFormatError`.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, fields
from pathlib import Path

from ..errors import InputError
from .bounds import row_limit
from .model import (
    MONTHS,
    BusinessPlan,
    Equipment,
    FinanceModel,
    FixedCost,
    Funding,
    Loan,
    ProductLine,
    StartupInvestment,
)

__all__ = ["SCHEMA_VERSION", "PlanFormatError", "plan_to_dict", "plan_from_dict", "safe_text", "shown_text",
           "finance_to_dict", "finance_from_dict", "dumps", "loads", "load_plan", "save_plan"]

SCHEMA_VERSION = 1


class PlanFormatError(InputError):
    """A plan file that is not a plan, or was written by a newer version of the kit."""


SHOWN_MAX = 60  # a value of the wrong shape comes back as at most this much text
TEXT_MAX = 10_000
_TEXTS = {"name", "unit", "lender", "category", "title", "note", "lang", "tax_regime",
          "household_activity"}
_LISTS = {"monthly_volume_y1", "material_purchase_share", "monthly_production_y1"}
_OPTIONAL_LISTS = {"material_purchase_share", "monthly_production_y1"}


def safe_text(value, limit: int = TEXT_MAX) -> str:
    """Text that can be shown, stored and printed: lone surrogates replaced, cut to ``limit``."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return text[:limit].encode("utf-8", "replace").decode("utf-8")


def shown_text(value) -> str:
    """A stored value of the wrong shape, as the text the user sees back in its box (JSON)."""
    try:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                               default=str)
    except (TypeError, ValueError):  # NaN, Infinity, recursion
        text = repr(value)
    return safe_text(text, SHOWN_MAX)


def _number(value):
    """Numbers stay numbers, typed text stays text, anything else becomes text."""
    if value is None or isinstance(value, bool):
        return shown_text(value) if isinstance(value, bool) else value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else shown_text(value)  # "NaN", "Infinity"
    return safe_text(value, SHOWN_MAX) if isinstance(value, str) else shown_text(value)


def _twelve(value, pad=0):
    if not isinstance(value, list):
        value = [] if value is None else [value]
    items = [_number(v) for v in value[:MONTHS]]
    return [pad if v is None else v for v in items] + [pad] * (MONTHS - len(items))


def _build(cls, data):
    if not isinstance(data, dict):
        raise PlanFormatError("finance.file_invalid", detail=cls.__name__)
    out = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name in _TEXTS:
            value = safe_text(value, 200 if cls is not BusinessPlan else TEXT_MAX)
        elif f.name == "monthly_volume_y1":
            value = _twelve(value)
        elif f.name in _OPTIONAL_LISTS:
            value = None if value is None else _twelve(value)
        elif f.name == "illustrative":
            value = value is True
        elif f.name == "prices_include_vat":
            value = value is not False
        elif f.name in ("product_idea", "business_plan"):
            value = {str(k): safe_text(v) for k, v in value.items()} if isinstance(value, dict) else {}
        elif f.name == "declared_total":
            value = _number(value)
        elif isinstance(f.default, (int, float)):
            value = 0 if value is None else _number(value)
        else:
            continue  # nested parts are built by the caller
        out[f.name] = value
    return cls(**out)


def _rows(cls, items, prefix) -> list:
    if not isinstance(items, list):
        return []
    return [_build(cls, item) for item in items if isinstance(item, dict)][:row_limit(prefix)]


def _part(data, key) -> dict:
    value = data.get(key)
    return dict(value) if isinstance(value, dict) else {}


def finance_to_dict(model: FinanceModel) -> dict:
    return asdict(model)


def finance_from_dict(data: object) -> FinanceModel:
    data = dict(data) if isinstance(data, dict) else {}
    inv, fund = _part(data, "investment"), _part(data, "funding")
    model = _build(FinanceModel, data)
    model.products = _rows(ProductLine, data.get("products"), "products")
    model.fixed_costs = _rows(FixedCost, data.get("fixed_costs"), "fixed_costs")
    model.investment = _build(StartupInvestment, inv)
    model.investment.equipment = _rows(Equipment, inv.get("equipment"), "investment.equipment")
    model.investment.premises = _rows(Equipment, inv.get("premises"), "investment.premises")
    model.funding = _build(Funding, fund)
    model.funding.loans = _rows(Loan, fund.get("loans"), "funding.loans")
    return model


def plan_to_dict(plan: BusinessPlan) -> dict:
    out = {"schema_version": SCHEMA_VERSION}
    out.update(asdict(plan))
    return out


def plan_from_dict(data: dict) -> BusinessPlan:
    if not isinstance(data, dict):
        raise PlanFormatError("finance.file_invalid", detail=type(data).__name__)
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise PlanFormatError("finance.file_too_new", version=version, supported=SCHEMA_VERSION)
    plan = _build(BusinessPlan, data)
    plan.finance = finance_from_dict(data.get("finance"))
    if plan.business_plan.get("market_area") == "district":  # no districts since 1 July 2025
        plan.business_plan["market_area"] = "commune"
    return plan


def dumps(plan: BusinessPlan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2)


def loads(text: str) -> BusinessPlan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFormatError("finance.file_invalid", detail=str(exc)) from None
    except (RecursionError, ValueError):  # nested too deeply, a 4,300-digit number
        raise PlanFormatError("finance.file_invalid", detail="JSON") from None
    return plan_from_dict(data)


def load_plan(path) -> BusinessPlan:
    return loads(Path(path).read_text(encoding="utf-8"))


def save_plan(plan: BusinessPlan, path) -> None:
    Path(path).write_text(dumps(plan) + "\n", encoding="utf-8")

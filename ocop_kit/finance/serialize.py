"""A business plan to and from a JSON-able dict (drafts, sample files, exports).

The dict carries ``schema_version``. Values are copied as they are — a field that holds what
the user typed (even "abc") survives a save and a load, so nothing typed is lost; the checks
report it. Unknown keys are ignored, missing keys take their defaults.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

from ..errors import InputError
from .model import (BusinessPlan, Equipment, FinanceModel, FixedCost, Funding, Loan,
                    ProductLine, StartupInvestment)

__all__ = ["SCHEMA_VERSION", "PlanFormatError", "plan_to_dict", "plan_from_dict",
           "finance_to_dict", "finance_from_dict", "dumps", "loads", "load_plan", "save_plan"]

SCHEMA_VERSION = 1


class PlanFormatError(InputError):
    """A plan file that is not a plan, or was written by a newer version of the kit."""


def _build(cls, data):
    if not isinstance(data, dict):
        raise PlanFormatError("finance.file_invalid", detail=cls.__name__)
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def finance_to_dict(model: FinanceModel) -> dict:
    return asdict(model)


def finance_from_dict(data: dict) -> FinanceModel:
    data = dict(data or {})
    inv = dict(data.get("investment") or {})
    inv["equipment"] = [_build(Equipment, a) for a in inv.get("equipment") or []]
    inv["premises"] = [_build(Equipment, a) for a in inv.get("premises") or []]
    fund = dict(data.get("funding") or {})
    fund["loans"] = [_build(Loan, loan) for loan in fund.get("loans") or []]
    data["products"] = [_build(ProductLine, p) for p in data.get("products") or []]
    data["fixed_costs"] = [_build(FixedCost, c) for c in data.get("fixed_costs") or []]
    data["investment"] = _build(StartupInvestment, inv)
    data["funding"] = _build(Funding, fund)
    return _build(FinanceModel, data)


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
    plan = _build(BusinessPlan, {k: v for k, v in data.items() if k != "finance"})
    plan.product_idea = dict(plan.product_idea or {})
    plan.business_plan = dict(plan.business_plan or {})
    plan.finance = finance_from_dict(data.get("finance") or {})
    return plan


def dumps(plan: BusinessPlan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2)


def loads(text: str) -> BusinessPlan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFormatError("finance.file_invalid", detail=str(exc)) from None
    return plan_from_dict(data)


def load_plan(path) -> BusinessPlan:
    return loads(Path(path).read_text(encoding="utf-8"))


def save_plan(plan: BusinessPlan, path) -> None:
    Path(path).write_text(dumps(plan) + "\n", encoding="utf-8")

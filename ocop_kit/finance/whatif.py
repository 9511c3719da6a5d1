"""What if …? The plan recomputed under one change each, against the base plan.

Scenarios are data here (a key and how it changes a copy of the model); one click in the app
computes one. Shown as the change in the cash low point, the 3-year net profit and payback.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from ..money import round_vnd
from .compute import HORIZON, _f, compute
from .model import FinanceModel

__all__ = ["SCENARIOS", "ScenarioResult", "apply", "run", "compare"]

SCENARIOS = ("price_down", "volume_down", "material_up", "grant_late")


def _scale_list(values, factor):
    return None if values is None else [v * factor for v in values]


def _num(value, factor):
    scaled = _f(value) * factor
    return int(scaled) if scaled.denominator == 1 else float(scaled)


def apply(model: FinanceModel, scenario: str) -> FinanceModel:
    """A copy of ``model`` with the scenario's change."""
    m = copy.deepcopy(model)
    if scenario == "price_down":
        for p in m.products:
            p.unit_price = round_vnd(_f(p.unit_price) * _f("0.9"))
    elif scenario == "volume_down":
        k = _f("0.8")
        for p in m.products:
            p.monthly_volume_y1 = [_num(v, k) for v in p.monthly_volume_y1]
            p.volume_y2, p.volume_y3 = _num(p.volume_y2, k), _num(p.volume_y3, k)
            if p.monthly_production_y1 is not None:
                p.monthly_production_y1 = [_num(v, k) for v in p.monthly_production_y1]
    elif scenario == "material_up":
        for p in m.products:
            p.raw_material = round_vnd(_f(p.raw_material) * _f("1.3"))
    elif scenario == "grant_late":
        m.funding.grants_month = min(int(m.funding.grants_month) + 6, HORIZON)
    else:
        raise KeyError(scenario)
    return m


@dataclass
class ScenarioResult:
    key: str  # catalog key: finance.whatif.base / finance.whatif.<scenario>
    cash_low_point: int
    cash_low_month: int
    net_profit: int  # 3 years
    payback_months: int | None
    low_point_change: int = 0
    net_profit_change: int = 0
    payback_change: int | None = None  # None when either is beyond the plan


def _summary(key, r) -> ScenarioResult:
    return ScenarioResult(key, r.cash_low_point, r.cash_low_month,
                          sum(y.net_profit for y in r.years), r.payback_months)


def run(model: FinanceModel, scenario: str, base=None) -> ScenarioResult:
    """One scenario against the base plan (``base``: its PlanResult, to compute it once)."""
    base_row = _summary("finance.whatif.base", base if base is not None else compute(model))
    row = _summary(f"finance.whatif.{scenario}", compute(apply(model, scenario)))
    row.low_point_change = row.cash_low_point - base_row.cash_low_point
    row.net_profit_change = row.net_profit - base_row.net_profit
    if row.payback_months is not None and base_row.payback_months is not None:
        row.payback_change = row.payback_months - base_row.payback_months
    return row


def compare(model: FinanceModel, scenarios=SCENARIOS, base=None) -> list[ScenarioResult]:
    """The base plan first, then each scenario."""
    base = base if base is not None else compute(model)
    return [_summary("finance.whatif.base", base)] + [run(model, s, base) for s in scenarios]

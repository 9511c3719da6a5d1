"""Tax regimes as data (``finance/tax_regimes.json``): rates, basis, legal sources.

Pure and light: the JSON is read once; the schema is checked by the tests, not at run time.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from ..i18n import pick, t

__all__ = ["tax_data", "regime", "household_rate_pct", "regime_summary", "sources"]


@lru_cache(maxsize=1)
def tax_data() -> dict:
    path = resources.files("ocop_kit") / "finance" / "tax_regimes.json"
    return json.loads(path.read_text(encoding="utf-8"))


def regime(regime_id: str) -> dict:
    """The regime's data; an unknown id reads as the profit-tax regime (the checks say so)."""
    regimes = {r["id"]: r for r in tax_data()["regimes"]}
    return regimes.get(regime_id, regimes["profit_tax"])


def household_rate_pct(activity: str) -> float:
    acts = regime("household")["activities"]
    return float(acts.get(activity, acts["other"])["rate_pct"])


def sources(regime_id: str, vat: bool = False) -> list[dict]:
    out = list(regime(regime_id)["sources"])
    return out + list(tax_data()["vat"]["sources"]) if vat else out


def regime_summary(model, lang: str = "vi") -> str:
    """One line naming the user's choice, for every document the plan produces."""
    from ..money import format_number

    r = regime(model.tax_regime)
    text = pick(r["name"], lang)
    if r["basis"] == "profit":
        text += f" — {format_number(model.tax_rate_pct, 0 if float(model.tax_rate_pct).is_integer() else 1, lang)} %"
    elif r["basis"] == "revenue":
        acts = r["activities"]
        act = acts.get(model.household_activity, acts["other"])
        text += f" — {pick(act['name'], lang)}"
    vat = model.vat_rate_pct
    if isinstance(vat, (int, float)) and vat > 0:
        key = "finance.tax.vat_incl" if model.prices_include_vat else "finance.tax.vat_excl"
        text += "; " + t(key, lang, rate=format_number(vat, 0, lang))
    return text

"""Charts of the financial plan as matplotlib ``Figure`` objects (no pyplot state, Agg-safe).

matplotlib is imported inside each builder so that importing the finance package stays light.
Views display the figure (e.g. ``ipywidgets.Output`` + ``display(fig)``) or save it to PNG with
``fig.savefig(buffer, format="png")``.
"""
from __future__ import annotations

from ..i18n import t
from ..money import format_number
from .compute import PlanResult

__all__ = ["cash_balance_figure", "revenue_costs_figure", "breakeven_figure", "whatif_figure"]

_BLUE, _RED, _GREEN, _GREY, _ORANGE = "#2b6cb0", "#c53030", "#2f855a", "#718096", "#dd6b20"


def _figure(size=(8, 4)):
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained")


def _million_axis(ax, lang):
    from matplotlib.ticker import FuncFormatter

    decimals = 1 if _span(ax) < 5e6 else 0
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: format_number(v / 1e6, decimals, lang)))
    ax.set_ylabel(t("finance.chart.million_vnd", lang))
    ax.grid(axis="y", alpha=0.3)


def _span(ax):
    low, high = ax.get_ylim()
    return high - low


def cash_balance_figure(result: PlanResult, lang: str = "vi"):
    """Closing cash balance per month over 36 months; months below zero in red, low point marked."""
    fig = _figure()
    ax = fig.add_subplot()
    labels = [f"{m.calendar_month:02d}/{str(m.calendar_year)[-2:]}" for m in result.months]
    values = [m.closing for m in result.months]
    colors = [_RED if v < 0 else _BLUE for v in values]
    ax.bar(range(len(values)), values, color=colors)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(values)), labels, rotation=90, fontsize=6)
    low = result.cash_low_month - 1
    ax.annotate(t("finance.chart.low_point", lang), (low, max(values[low], 0)),
                xytext=(0, 4), textcoords="offset points", ha="center", fontsize=8)
    ax.set_title(t("finance.chart.cash_balance_title", lang))
    ax.set_xlabel(t("finance.chart.month_axis", lang))
    _million_axis(ax, lang)
    return fig


def revenue_costs_figure(result: PlanResult, lang: str = "vi"):
    """Per year: revenue next to stacked costs (cost of goods, fixed, depreciation, interest,
    tax); the net profit is written above each pair."""
    fig = _figure()
    ax = fig.add_subplot()
    years = result.years
    x = list(range(len(years)))
    width = 0.38
    ax.bar([i - width / 2 for i in x], [y.revenue for y in years], width,
           color=_GREEN, label=t("finance.label.revenue", lang))
    bottom = [0] * len(years)
    parts = [("finance.label.cost_of_goods", "cost_of_goods", _ORANGE),
             ("finance.label.fixed_costs", "fixed_costs", _GREY),
             ("finance.label.depreciation", "depreciation", "#a0aec0"),
             ("finance.label.interest", "interest", _RED),
             ("finance.label.tax", "tax", "#553c9a")]
    for key, attr, color in parts:
        values = [getattr(y, attr) for y in years]
        if not any(values):
            continue
        ax.bar([i + width / 2 for i in x], values, width, bottom=bottom, color=color,
               label=t(key, lang))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for i, y in enumerate(years):
        top = max(y.revenue, bottom[i])
        ax.annotate(t("finance.chart.net_profit_short", lang,
                      amount=format_number(y.net_profit / 1e6, 1, lang)),
                    (i, top), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=8)
    ax.set_xticks(x, [t("finance.label.year", lang, year=y.year) for y in years])
    ax.set_title(t("finance.chart.revenue_costs_title", lang))
    ax.legend(fontsize=8, loc="upper left")
    ax.margins(y=0.12)
    _million_axis(ax, lang)
    return fig


def breakeven_figure(result: PlanResult, year: int = 1, lang: str = "vi"):
    """Classic break-even chart for one year: revenue and total cost lines against volume
    (in the year's sales mix), the break-even point and the planned volume."""
    y = result.years[year - 1]
    fig = _figure()
    ax = fig.add_subplot()
    ax.set_title(t("finance.chart.breakeven_title", lang, year=year))
    ax.set_xlabel(t("finance.chart.volume_axis", lang))
    if not y.volume:
        ax.text(0.5, 0.5, t("finance.chart.no_sales", lang), ha="center", transform=ax.transAxes)
        return fig
    if len(y.by_product) > 1:  # 10 ml and 50 ml bottles do not add up: plot against revenue
        return _breakeven_by_revenue(fig, ax, y, lang)
    price = y.revenue / y.volume
    unit_cost = y.cost_of_goods / y.volume
    top = max(y.volume, y.breakeven_volume or 0) * 1.3
    xs = [0, top]
    fixed = y.breakeven_fixed
    ax.plot(xs, [0, price * top], color=_GREEN, label=t("finance.label.revenue", lang))
    ax.plot(xs, [fixed, fixed + unit_cost * top], color=_RED, label=t("finance.chart.total_cost", lang))
    ax.plot(xs, [fixed, fixed], color=_GREY, linestyle="--", label=t("finance.chart.fixed_cost", lang))
    if y.breakeven_volume is not None:
        bx = y.breakeven_volume
        ax.plot([bx], [price * bx], "o", color="black")
        ax.annotate(t("finance.chart.breakeven_point", lang,
                      volume=format_number(bx, 0, lang)),
                    (bx, price * bx), xytext=(6, -14), textcoords="offset points", fontsize=8)
    else:
        ax.text(0.02, 0.95, t("finance.chart.no_breakeven", lang), transform=ax.transAxes,
                va="top", fontsize=9, color=_RED)
    ax.axvline(y.volume, color=_BLUE, linestyle=":",
               label=t("finance.chart.planned_volume", lang,
                       volume=format_number(y.volume, 0, lang)))
    ax.legend(fontsize=8, loc="upper left")
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, 0, lang)))
    _million_axis(ax, lang)
    return fig


def whatif_figure(rows, lang: str = "vi"):
    """Cash low point of the base plan and each what-if scenario (``whatif.compare`` rows)."""
    fig = _figure((8, 3.6))
    ax = fig.add_subplot()
    labels = [t(row.key, lang) for row in rows]
    values = [row.cash_low_point for row in rows]
    colors = [_GREY if i == 0 else (_RED if v < 0 else _BLUE) for i, v in enumerate(values)]
    ax.barh(range(len(values)), values, color=colors)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(values)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(t("finance.chart.whatif_title", lang))
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v / 1e6, 0, lang)))
    ax.grid(axis="x", alpha=0.3)
    return fig


def _breakeven_by_revenue(fig, ax, y, lang):
    """Break-even of a product mix: total cost against revenue; the point is the break-even
    revenue (per-line volumes are in the tables)."""
    from matplotlib.ticker import FuncFormatter

    ratio = y.cost_of_goods / y.revenue if y.revenue else 0
    top = max(y.revenue, y.breakeven_revenue or 0) * 1.3
    fixed = y.breakeven_fixed
    ax.set_xlabel(t("finance.chart.revenue_axis", lang))
    ax.plot([0, top], [0, top], color=_GREEN, label=t("finance.label.revenue", lang))
    ax.plot([0, top], [fixed, fixed + ratio * top], color=_RED, label=t("finance.chart.total_cost", lang))
    ax.plot([0, top], [fixed, fixed], color=_GREY, linestyle="--", label=t("finance.chart.fixed_cost", lang))
    if y.breakeven_revenue is not None:
        bx = y.breakeven_revenue
        ax.plot([bx], [bx], "o", color="black")
        ax.annotate(t("finance.chart.breakeven_revenue_point", lang,
                      amount=format_number(bx / 1e6, 0, lang)),
                    (bx, bx), xytext=(6, -14), textcoords="offset points", fontsize=8)
    else:
        ax.text(0.02, 0.95, t("finance.chart.no_breakeven", lang), transform=ax.transAxes,
                va="top", fontsize=9, color=_RED)
    ax.axvline(y.revenue, color=_BLUE, linestyle=":",
               label=t("finance.chart.planned_revenue", lang,
                       amount=format_number(y.revenue / 1e6, 0, lang)))
    ax.legend(fontsize=8, loc="upper left")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v / 1e6, 0, lang)))
    _million_axis(ax, lang)
    return fig

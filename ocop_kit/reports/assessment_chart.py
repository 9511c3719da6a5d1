"""One product's score as a chart: points per part against each part's maximum, and the total
against the star bands. The self-assessment and the lessons draw the same picture.

A PNG from a ``matplotlib.figure.Figure`` on the Agg canvas (no pyplot state); matplotlib is
imported only when a chart is drawn, so importing this module stays light.
"""
from __future__ import annotations

from ..i18n import t
from ..scoring import format_points

__all__ = ["render_chart_png", "score_chart_png"]

_MAX, _GOT, _LOW, _HIGH, _BAND = "#e4e9ef", "#3b7dbf", "#d08a00", "#3c8d3c", "#888"


def render_chart_png(model, lang: str = "vi") -> bytes:
    """``model``: an ``ocop_kit.apps.assessment.Assessment`` (the self-assessment's chart)."""
    return score_chart_png(model.result(), lang)


def score_chart_png(result, lang: str = "vi", *, size: tuple[float, float] = (6.4, 3.2)) -> bytes:
    """``result``: an ``ocop_kit.scoring.ScoreResult``. The total's bar is amber below 3★ or
    when a minimum level holds the star back, green otherwise."""
    from io import BytesIO

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    version = result.version
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    ax_parts, ax_total = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    parts = list(version.parts)
    maxima = [result.part_max[p] for p in parts]
    got = [result.parts[p] for p in parts]
    ax_parts.barh(parts, maxima, color=_MAX, label=t("assessment.chart_max", lang))
    ax_parts.barh(parts, got, color=_GOT, label=t("assessment.chart_points", lang))
    for i, (g, m) in enumerate(zip(got, maxima, strict=True)):
        ax_parts.text(m, i, f" {format_points(g, lang)}/{format_points(m, lang)}", va="center", fontsize=8)
    ax_parts.invert_yaxis()
    ax_parts.set_xlim(0, max(maxima or [1]) * 1.35)
    ax_parts.set_title(t("assessment.chart_parts", lang), fontsize=9)
    ax_parts.tick_params(labelsize=8)
    total_max = sum(maxima) or version.total_max
    low = result.stars < 3 or result.held_back
    ax_total.bar([0], [result.total], color=_LOW if low else _HIGH, width=0.5)
    for band in version.bands:
        if band.low > 0:
            ax_total.axhline(band.low, color=_BAND, lw=0.8, ls="--")
            ax_total.text(0.3, band.low, f" {band.stars}★ {format_points(band.low, lang)}", va="bottom", fontsize=7)
    ax_total.set_ylim(0, total_max)
    ax_total.set_xlim(-0.5, 0.9)
    ax_total.set_xticks([])
    ax_total.set_title(t("assessment.chart_total", lang, total=format_points(result.total, lang),
                         stars=result.stars), fontsize=9)
    ax_total.tick_params(labelsize=8)
    fig.tight_layout()
    buf = BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()

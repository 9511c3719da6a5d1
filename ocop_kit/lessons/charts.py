"""The lessons' pictures: matplotlib figures drawn to PNG bytes (Agg canvas, no pyplot).

Every label comes from the catalogs or the data, in the page's language, so a page that
switches language redraws its pictures. matplotlib is imported inside each function: a
lesson without a picture never loads it.
"""
from __future__ import annotations

import math
from io import BytesIO

from ..i18n import pick, t
from ..reports.assessment_chart import score_chart_png
from ..scoring import ScoreResult, format_points
from .content import data
from .facts import parts_history as history_of_parts
from .facts import procedure

GREEN, BLUE, AMBER, GREY, LIGHT = "#3c8d3c", "#3b7dbf", "#d08a00", "#888888", "#e4e9ef"
PART_COLOURS = ("#3b7dbf", "#d08a00", "#3c8d3c", "#8e44ad", "#555555")
STAR_COLOURS = {1: "#d9d9d9", 2: "#bdbdbd", 3: "#a5d6a7", 4: "#66bb6a", 5: "#2e7d32"}


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _png(fig) -> bytes:
    buf = BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.12)
    return buf.getvalue()


def _box(ax, x, y, text, colour=BLUE, width=0.2, height=0.16, size=8.5):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.012",
                                facecolor="white", edgecolor=colour, linewidth=1.6))
    ax.text(x, y, text, ha="center", va="center", fontsize=size, wrap=True)


def _arrow(ax, start, end, colour=GREY):
    ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.4})


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def cycle(lang: str) -> bytes:
    """The 6-step annual OCOP cycle as a ring of boxes."""
    steps = data("procedure")["cycle"]["steps"]
    fig = _figure(7.2, 4.6)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.05, 1.05)
    ax.axis("off")
    n = len(steps)
    points = [(1.05 * math.cos(math.pi / 2 - 2 * math.pi * i / n), 0.78 * math.sin(math.pi / 2 - 2 * math.pi * i / n))
              for i in range(n)]
    for i, (x, y) in enumerate(points):
        _box(ax, x, y, f"{i + 1}. {_wrap(pick(steps[i], lang), 16)}", PART_COLOURS[i % 3], width=0.62, height=0.3)
    for i in range(n):
        (x0, y0), (x1, y1) = points[i], points[(i + 1) % n]
        _arrow(ax, (x0 + (x1 - x0) * 0.3, y0 + (y1 - y0) * 0.3), (x0 + (x1 - x0) * 0.7, y0 + (y1 - y0) * 0.7))
    ax.text(0, 0, t("lessons.chart.cycle_centre", lang), ha="center", va="center", fontsize=11, fontweight="bold",
            color=GREEN)
    return _png(fig)


def stars(version, lang: str) -> bytes:
    """0–100 points as the five star bands, with the certified bands marked (manifest)."""
    fig = _figure(7.2, 2.0)
    ax = fig.add_subplot(1, 1, 1)
    bands = sorted(version.bands, key=lambda b: b.low)
    for band in bands:
        ax.barh(0, band.high - band.low, left=band.low, color=STAR_COLOURS.get(band.stars, LIGHT), edgecolor="white")
        label = f"{band.stars}★\n{format_points(band.low, lang)}–{format_points(band.high, lang)}"
        ax.text((band.low + band.high) / 2, 0, label,
                ha="center", va="center", fontsize=9, color="white" if band.stars >= 5 else "black")
    certified = [b for b in bands if b.certified]
    if certified:
        low, high = certified[0].low, certified[-1].high
        ax.annotate("", xy=(high, 0.62), xytext=(low, 0.62),
                    arrowprops={"arrowstyle": "<->", "color": GREEN, "lw": 1.4})
        ax.text((low + high) / 2, 0.72, t("lessons.chart.certified", lang), ha="center", va="bottom", fontsize=9,
                color=GREEN)
    ax.set_xlim(0, max(b.high for b in bands))
    ax.set_ylim(-0.6, 1.1)
    ax.set_yticks([])
    ax.set_xlabel(t("lessons.chart.points", lang), fontsize=9)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def bac_kan(lang: str) -> bytes:
    """Bắc Kạn: the 2019 results and the 2020 targets (article figures). Where the article's
    parts do not add up to its total, the bar shows the parts and the label both numbers."""
    figures = {f["id"]: f for f in data("bac_kan_2019")["figures"]}
    sums = {c["total"]: c for c in data("bac_kan_2019")["sums"]}

    def value(fid):
        return figures[fid]["value"]

    fig = _figure(8.4, 3.2)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    colours = {"three": STAR_COLOURS[3], "four": STAR_COLOURS[4], "upgraded": STAR_COLOURS[5]}
    rows = [
        ("rated_2019", t("lessons.chart.bk_rated", lang)),
        ("total_3plus_2019", t("lessons.chart.bk_total", lang)),
    ]
    for y, (total_id, _label) in enumerate(rows):
        start = 0
        for part in sums[total_id]["parts"]:
            left.barh(y, value(part["id"]), left=start, color=colours[part["kind"]], edgecolor="white")
            if value(part["id"]) >= 10:
                left.text(start + value(part["id"]) / 2, y, str(value(part["id"])),
                          ha="center", va="center", fontsize=8)
            start += value(part["id"])
        stated = value(total_id)
        text = f" = {start}" if start == stated else f" = {start} " + t("lessons.chart.bk_stated", lang, stated=stated)
        left.text(start + 1, y, text, va="center", fontsize=8, fontweight="bold")
    left.set_yticks(range(len(rows)), [_wrap(r[1], 16) for r in rows], fontsize=8)
    left.invert_yaxis()
    left.set_xlim(0, value("total_3plus_2019") * 1.45)
    left.set_title(t("lessons.chart.bk_results", lang), fontsize=10)
    from matplotlib.patches import Patch

    left.legend(handles=[Patch(color=c, label=t(f"lessons.chart.bk_{k}", lang)) for k, c in colours.items()],
                fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
    left.tick_params(labelsize=8)
    targets = ["target_new_2020", "target_3_to_4_2020", "target_4_to_5_2020"]
    right.barh(range(len(targets)), [value(f) for f in targets],
               color=[STAR_COLOURS[3], STAR_COLOURS[4], STAR_COLOURS[5]])
    for y, fid in enumerate(targets):
        right.text(value(fid) + 0.5, y, f"≥ {value(fid)}", va="center", fontsize=9)
    right.set_yticks(range(len(targets)), [_wrap(pick(figures[f]["label"], lang), 22) for f in targets], fontsize=8)
    right.invert_yaxis()
    right.set_xlim(0, value("target_new_2020") * 1.3)
    right.set_title(t("lessons.chart.bk_targets", lang), fontsize=10)
    right.tick_params(labelsize=8)
    for ax in (left, right):
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    fig.tight_layout()
    return _png(fig)


def parts_history(lang: str) -> bytes:
    """Parts A/B/C of each decision the kit ships, stacked to 100 (manifests)."""
    history = history_of_parts()
    fig = _figure(7.2, 0.7 + 0.55 * len(history))
    ax = fig.add_subplot(1, 1, 1)
    codes = list(dict.fromkeys(code for h in history for code, _ in h.parts))
    for y, h in enumerate(history):
        start = 0.0
        for code, points in h.parts:
            colour = PART_COLOURS[codes.index(code) % len(PART_COLOURS)]
            ax.barh(y, points, left=start, color=colour, edgecolor="white")
            ax.text(start + points / 2, y, f"{code} {format_points(points, lang)}", ha="center", va="center",
                    fontsize=9, color="white", fontweight="bold")
            start += points
        if h.minimums:
            ax.text(start + 1, y, t("lessons.chart.minimums", lang), va="center", fontsize=8, color=GREEN)
    ax.set_yticks(range(len(history)), [f"{h.year} · {pick(h.title, lang)}" for h in history], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 135)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def result_parts(result: ScoreResult, lang: str) -> bytes:
    """One product's points per part against the part's maximum, and its total on the bands
    (the self-assessment's chart, a little wider for a lesson page)."""
    return score_chart_png(result, lang, size=(7.2, 2.6))


def _flow(steps: list[tuple[str, str]], colours, lang: str, width=8.4, height=1.9) -> bytes:
    """Boxes left to right joined by arrows; each step is (title, detail)."""
    from matplotlib.patches import FancyBboxPatch

    fig = _figure(width, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    n = len(steps)
    box_w = 0.8 / n
    xs = [(i + 0.5) / n for i in range(n)]
    for i, (title, detail) in enumerate(steps):
        colour = colours[i % len(colours)]
        ax.add_patch(FancyBboxPatch((xs[i] - box_w / 2, 0.1), box_w, 0.8, boxstyle="round,pad=0.012",
                                    facecolor="white", edgecolor=colour, linewidth=1.8))
        ax.text(xs[i], 0.72, _wrap(title, 18), ha="center", va="center", fontsize=9, fontweight="bold", color=colour)
        ax.text(xs[i], 0.36, _wrap(detail, 22), ha="center", va="center", fontsize=8)
        if i + 1 < n:
            _arrow(ax, (xs[i] + box_w / 2 + 0.005, 0.5), (xs[i + 1] - box_w / 2 - 0.005, 0.5))
    return _png(fig)


def _stars_span(bands) -> str:
    stars = sorted(b.stars for b in bands)
    return f"{stars[0]}–{stars[-1]}" if len(stars) > 1 else str(stars[0]) if stars else ""


def dossier_flow(lang: str) -> bytes:
    """Producer → commune → province → Ministry, with the procedure's numbers. The province
    certifies the certified bands below the central threshold, the Ministry those above it."""
    from .facts import version

    v = version()
    certified = [b for b in v.bands if b.certified]
    province = [b for b in certified if b.low < v.central_candidate]
    central = [b for b in certified if b.low >= v.central_candidate]
    steps = [
        (t("lessons.chart.flow_producer", lang), t("lessons.chart.flow_producer_detail", lang,
                                                      samples=procedure("product_samples"))),
        (t("lessons.chart.flow_commune", lang), t("lessons.chart.flow_commune_detail", lang,
                                                     days=procedure("commune_working_days"))),
        (t("lessons.chart.flow_province", lang), t("lessons.chart.flow_province_detail", lang,
                                                      rounds=procedure("province_rounds"),
                                                      stars=_stars_span(province))),
        (t("lessons.chart.flow_ministry", lang), t("lessons.chart.flow_ministry_detail", lang,
                                                      rounds=procedure("central_rounds"), stars=_stars_span(central),
                                                      central=format_points(v.central_candidate, lang))),
    ]
    return _flow(steps, (BLUE, AMBER, GREEN, "#2e7d32"), lang)


def idea_to_plan(lang: str) -> bytes:
    """Idea (Biểu 01) → business plan (Biểu 03) → self-assessment → dossier → rating."""
    steps = [(t(f"lessons.chart.path_{k}", lang), t(f"lessons.chart.path_{k}_detail", lang))
             for k in ("idea", "plan", "self", "dossier", "rating")]
    return _flow(steps, (BLUE, AMBER, GREEN, "#8e44ad", "#2e7d32"), lang, width=9.0)


def pre_post(comparison, lang: str) -> bytes:
    """Share of right answers per question before and after the course (shown columns only)."""
    rows = comparison.questions
    fig = _figure(7.2, 0.8 + 0.42 * len(rows))
    ax = fig.add_subplot(1, 1, 1)
    height = 0.38
    ys = list(range(len(rows)))
    if comparison.pre_shown:
        ax.barh([y - height / 2 for y in ys], [100 * (r.pre or 0) for r in rows], height, color=LIGHT,
                edgecolor=GREY, label=t("lessons.workshop.pre", lang))
    if comparison.post_shown:
        ax.barh([y + height / 2 for y in ys], [100 * (r.post or 0) for r in rows], height, color=GREEN,
                label=t("lessons.workshop.post", lang))
    ax.set_yticks(ys, [t("lessons.quiz.question", lang, number=i) for i in range(1, len(rows) + 1)], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("lessons.workshop.share_axis", lang), fontsize=8)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=8, loc="lower right", frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)

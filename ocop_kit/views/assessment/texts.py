"""What the self-assessment says about a score: level labels, rules in words, the summary,
the status-bar line. Text only (escaped HTML fragments), no widgets."""
from __future__ import annotations

from ...i18n import pick, t, tn
from ...rubric.registry import load_version, version_in_force
from ...rubric.rules import in_words
from ...scoring import format_points
from ...text import escape, star_string
from ..common import message_html
from ..official_text import official_html

# A yes/no question's three answers (toggle key → stored fact); "unknown" is not answered yet.
FACT_ANSWERS = {"yes": True, "no": False, "unknown": None}
_FACT_KEYS: dict[object, str] = {True: "yes", False: "no"}


def fact_answer(value: object) -> str:
    """The toggle key of a stored fact."""
    return _FACT_KEYS.get(value, "unknown")


def fact_options(lang: str) -> tuple[tuple[str, str], ...]:
    """The yes / no / not sure toggle's (label, key) pairs."""
    return tuple((t(f"assessment.fact_{key}", lang), key) for key in FACT_ANSWERS)


def level_label(criterion, level, lang: str) -> str:
    points = t("assessment.points", lang, points=format_points(level.points, lang))
    mark = f" [{t('assessment.level_minimum', lang, stars=level.min_stars)}]" if level.min_stars else ""
    if len(criterion.cases) > 1:
        return t("assessment.case_level", lang, case=level.case, points=points, text=level.text_for(lang)) + mark
    return f"{points} — {level.text_for(lang)}{mark}"


def criterion_heading(criterion, lang: str) -> str:
    """Code, parent › label and the maximum, as HTML; the same in the whole form and the steps."""
    c = criterion
    parent = f"{escape(c.parent_en if lang == 'en' and c.parent_en else c.parent)} › " if c.parent else ""
    most = tn("assessment.max_points", c.max_points, lang, points=format_points(c.max_points, lang))
    return f"<b>{escape(c.code)}</b> {parent}{escape(c.label(lang))} <span class='ocop-help'>({escape(most)})</span>"


def criterion_info(model, criterion, lang: str) -> str:
    """The criterion's note, its rules in words and, in English, the official Vietnamese text."""
    c = criterion
    lines = [escape(c.note_for(lang))] if c.note else []
    if len(c.cases) > 1:
        lines.append(escape(t("assessment.cases_hint", lang)))
    lines += [escape(text) for text in rules_in_words(model, c, lang)]
    return ("<div class='ocop-help'>" + "<br>".join(lines) + "</div>" if lines else "") + official_html(c, lang)


def evidence_asked(criterion, lang: str, css: str = "ocop-help") -> str:
    """What the council looks at for this criterion ("Hội đồng cần xem"), or nothing."""
    evidence = criterion.evidence_label(lang)
    if not evidence:
        return ""
    return f"<div class='{css}'><b>{escape(t('assessment.evidence_asked', lang))}</b> {escape(evidence)}</div>"


def version_status(version, lang: str) -> str:
    """Why an old version is not the one in force (shown whenever it is chosen)."""
    current = load_version(version_in_force())
    return t("score.not_in_force", lang, version=version.title_label(lang), current=current.title_label(lang),
             note=pick(version.status_note, lang))


def rules_in_words(model, criterion, lang: str) -> list[str]:
    out = in_words(criterion, model.version.facts, lang)
    for star, _ in criterion.minimums:
        out.append(t("assessment.rule_minimum", lang, star=star, needs=format_points(criterion.minimum(star), lang)))
    return out


def held_back_markup(model, result, lang: str) -> str:
    """The criteria that hold the star back (or block the next one): where they are, what they need."""
    if result.excluded:
        return ""
    star = result.band_stars if result.held_back else result.stars + 1
    blocking = result.minimums_unmet if result.held_back else result.holding_back(star)
    if not blocking:
        return ""
    by_code = model.cset.by_code()
    key = "assessment.held_back_by" if result.held_back else "assessment.next_star_needs"
    items = []
    for m in blocking:
        criterion = by_code[m.code]
        answered = result.row(m.code).answered is not None
        has, needs = criterion.level_for(m.has) if answered else None, criterion.level_for(m.needs)
        now = (tn('assessment.minimum_has', m.has, lang, points=format_points(m.has, lang)) if answered
               else t('assessment.not_answered', lang))
        items.append(
            f"<li><b>{escape(m.code)}</b> {escape(criterion.label(lang))}: {escape(now)}"
            + (f" <span class='ocop-help'>({escape(has.text)})</span>" if has else "")
            + " → " + escape(tn("assessment.minimum_needs", m.needs, lang, star=m.star,
                                points=format_points(m.needs, lang)))
            + (f" <span class='ocop-help'>({escape(needs.text)})</span>" if needs else "") + "</li>")
    head = escape(t(key, lang, stars=star, band=result.band_stars))
    return f"<div class='ocop-held-back'><b>{head}</b><ul>{''.join(items)}</ul></div>"


def summary_markup(model, result, lang: str) -> str:
    """Product, parts, total, star and what it means, then everything that holds it back."""
    part_cells = " · ".join(
        f"{escape(p)}: <b>{escape(format_points(result.parts[p], lang))}</b>"
        f"/{escape(format_points(result.part_max[p], lang))}"
        for p in model.version.parts)
    title = escape(model.info.get("product") or t("assessment.unnamed_product", lang))
    head = (f"<div class='ocop-summary'><div><b>{title}</b> — {escape(model.cset.label(lang))}</div>"
            f"<div>{part_cells} · {escape(t('assessment.total', lang))}: "
            f"<b class='ocop-total'>{escape(format_points(result.total, lang))}</b>/"
            f"{escape(format_points(sum(result.part_max.values()), lang))}</div>")
    if result.excluded:
        star = f"<div class='ocop-stars'><b>{escape(t('assessment.excluded', lang))}</b></div>"
    else:
        star = (f"<div class='ocop-stars' style='font-size:130%'>"
                f"<span style='color:#d08a00'>{star_string(result.stars)}</span> "
                f"<b>{escape(tn('assessment.stars', result.stars, lang, stars=result.stars))}</b></div>"
                f"<div>{escape(pick(result.band.meaning, lang))}</div>"
                f"<div class='ocop-help'>{escape(pick(result.band.certified_by, lang))}</div>")
    lines = [held_back_markup(model, result, lang)]
    if result.central_candidate:
        lines.append(message_html(t("score.central_candidate", lang), "success"))
    if not model.version.current:
        lines.append(message_html(version_status(model.version, lang), "warning"))
    unanswered = len(result.unanswered)
    if unanswered:
        lines.append(message_html(t("assessment.unanswered", lang, count=unanswered), "info"))
    for message in result.rules:
        lines.append(message_html(message.text(lang), "warning"))
    for message in result.warnings:
        lines.append(message_html(message.text(lang), "info"))
    disclaimer = f"<div class='ocop-help'>{escape(t('assessment.disclaimer', lang))}</div>"
    return head + star + "".join(lines) + disclaimer + "</div>"


def status_line(model, result, lang: str) -> str:
    """The status bar's part: "Đã chấm 12/31 · Tổng 46 điểm · ★★☆☆☆ 2 sao"."""
    answered, count = len(model.answers), len(model.cset.criteria)
    total = t("assessment.points", lang, points=format_points(result.total, lang))
    star = (escape(t("assessment.excluded", lang)) if result.excluded else
            f"<span class='ocop-status-stars' style='color:#d08a00'>{star_string(result.stars)}</span> "
            f"{escape(tn('assessment.stars', result.stars, lang, stars=result.stars))}")
    return (f"<span class='ocop-sticky-line ocop-score-line'>"
            f"<span>{escape(t('assessment.answered_count', lang, answered=answered, count=count))}</span> · "
            f"<b>{escape(t('assessment.total', lang))} {escape(total)}</b> · <span>{star}</span></span>")

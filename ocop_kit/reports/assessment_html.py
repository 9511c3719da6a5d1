"""The printable A4 self-assessment report as HTML, and the content it shares with the PDF.

Everything a user typed (product, producer, places, names, evidence notes) is escaped here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..i18n import pick, t, tn
from ..scoring import COUNTED, format_points
from ..text import escape


@dataclass
class ReportContent:
    """Plain strings (not escaped) in the report's language; both renderers read this."""

    lang: str
    title: str
    disclaimer: str
    meta: list[tuple[str, str]]
    facts: list[tuple[str, str]]
    parts: list[tuple[str, str]]  # ("A. Sản xuất", "28/40")
    total: str
    star: str
    meaning: str
    certified_by: str
    columns: tuple[str, str, str, str, str]
    criteria: list[tuple[str, str, str, str, str]]  # code, criterion, level, points, evidence
    rules: list[str]
    warnings: list[str]
    plan_title: str
    plan_steps: list[tuple[str, str]] = field(default_factory=list)  # step, evidence
    generated: str = ""
    signature: str = ""


def _date(text: str) -> str:
    try:
        return datetime.strptime(text[:10], "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return text


def report_content(model, lang: str = "vi", today: date | None = None) -> ReportContent:
    version, cset = model.version, model.cset
    result, plan = model.result(), model.plan()
    L = lambda key, **kw: t("assessment." + key, lang, **kw)  # noqa: E731
    place = ", ".join(v for v in (model.info.get("commune"), model.info.get("district"),
                                  model.info.get("province")) if v)
    rater = " — ".join(v for v in (model.user_name, model.user_code) if v)
    meta = [(L("report_product"), model.info.get("product") or L("unnamed_product")),
            (L("report_producer"), model.info.get("producer", "")),
            (L("report_place"), place),
            (L("report_set"), cset.label(lang)),
            (L("report_rubric"), f"{version.title_label(lang)} ({version.id})"),
            (L("report_legal"), pick(version.legal_basis, lang)),
            (L("report_date"), _date(model.date)),
            (L("report_rater"), rater)]
    yes, no = L("report_yes"), L("report_no")
    facts = []
    for fact_id in model.relevant_facts():
        question = pick(version.facts[fact_id].question, lang)
        if fact_id in model.facts:
            facts.append((question, yes if model.facts[fact_id] else no))
        else:
            facts.append((question, L("report_unconfirmed", value=yes if model.fact_value(fact_id) else no)))
    parts = [(f"{p}. {pick(version.parts[p].name, lang)}",
              f"{format_points(result.parts[p], lang)}/{format_points(result.part_max[p], lang)}")
             for p in version.parts if cset.in_part(p)]
    star = (L("excluded") if result.excluded
            else f"{'★' * result.stars} {tn('assessment.stars', result.stars, lang, stars=result.stars)}")
    criteria = []
    for criterion in cset.criteria:
        row = result.row(criterion.code)
        index = model.level_index(criterion.code)
        level = criterion.levels[index].text_for(lang) if index is not None else L("not_answered")
        points = "" if row.answered is None else format_points(row.answered, lang)
        if row.status != COUNTED and row.answered is not None:
            points += f" ({L('report_not_counted')})"
        name = criterion.label(lang)
        if criterion.parent:
            name = f"{criterion.parent_en if lang == 'en' and criterion.parent_en else criterion.parent} › {name}"
        criteria.append((criterion.code, name, level, points, model.evidence.get(criterion.code, "")))
    steps = []
    for step in plan.steps:
        d = step.as_dict(lang)
        text = L("report_step", code=step.code, name=d["name"],
                 from_points=format_points(step.from_points, lang) if step.from_points is not None else "—",
                 to_points=format_points(step.to_points, lang), gain=format_points(step.gain, lang),
                 to_text=step.to_text)
        steps.append((text, L("report_step_evidence", evidence=d["evidence"]) if d["evidence"] else ""))
    return ReportContent(
        lang=lang, title=L("report_title"), disclaimer=L("disclaimer"), meta=meta, facts=facts,
        parts=parts, total=f"{format_points(result.total, lang)}/{format_points(sum(result.part_max.values()), lang)}",
        star=star, meaning="" if result.excluded else pick(result.band.meaning, lang),
        certified_by="" if result.excluded else pick(result.band.certified_by, lang),
        columns=(L("report_col_code"), L("report_col_criterion"), L("report_col_level"),
                 L("report_col_points"), L("report_col_evidence")),
        criteria=criteria,
        rules=[m.text(lang) for m in result.rules], warnings=[m.text(lang) for m in result.warnings],
        plan_title=L("report_plan", target=plan.target, threshold=format_points(plan.threshold, lang)),
        plan_steps=steps or [(m.text(lang), "") for m in plan.messages] or [(L("report_plan_none"), "")],
        generated=L("report_generated", date=(today or date.today()).strftime("%d/%m/%Y")),
        signature=L("report_signature"),
    )


CSS = """
@page { size: A4; margin: 15mm 14mm; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 10.5pt; color: #111;
       max-width: 190mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 4px; }
h2 { font-size: 12pt; margin: 14px 0 4px; border-bottom: 1px solid #999; }
.disclaimer { border: 2px solid #c0392b; color: #c0392b; padding: 4px 8px; font-weight: bold; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
table.meta th { width: 30%; }
tr { page-break-inside: avoid; }
.result { font-size: 12pt; }
.stars { color: #b37400; font-size: 14pt; }
.small { color: #444; font-size: 9pt; }
.sign { margin-top: 24px; text-align: right; padding-right: 20mm; }
@media print { a { color: inherit; text-decoration: none; } }
"""


def render_html(model, lang: str = "vi", today: date | None = None) -> str:
    c = report_content(model, lang, today)
    e = escape
    rows = lambda pairs: "".join(f"<tr><th>{e(a)}</th><td>{e(b)}</td></tr>" for a, b in pairs)  # noqa: E731
    items = lambda texts: "<ul>" + "".join(f"<li>{e(x)}</li>" for x in texts) + "</ul>"  # noqa: E731
    out = [f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">',
           f"<title>{e(c.title)} — {e(c.meta[0][1])}</title><style>{CSS}</style></head><body>",
           f"<h1>{e(c.title)}</h1>", f'<div class="disclaimer">{e(c.disclaimer)}</div>',
           f'<table class="meta">{rows(c.meta)}</table>']
    if c.facts:
        out.append(f"<h2>{e(t('assessment.report_facts', lang))}</h2><table class='meta'>{rows(c.facts)}</table>")
    out.append(f"<h2>{e(t('assessment.report_result', lang))}</h2><table class='meta result'>"
               + rows(c.parts)
               + f"<tr><th>{e(t('assessment.report_total', lang))}</th><td><b>{e(c.total)}</b></td></tr>"
               + f"<tr><th>{e(t('assessment.report_star', lang))}</th><td class='stars'><b>{e(c.star)}</b></td></tr>"
               + (f"<tr><th>{e(t('assessment.report_meaning', lang))}</th><td>{e(c.meaning)}</td></tr>"
                  if c.meaning else "")
               + (f"<tr><th>{e(t('assessment.report_certified_by', lang))}</th><td>{e(c.certified_by)}</td></tr>"
                  if c.certified_by else "")
               + "</table>")
    if c.rules:
        out.append(f"<h2>{e(t('assessment.report_rules', lang))}</h2>{items(c.rules)}")
    if c.warnings:
        out.append(f"<h2>{e(t('assessment.report_warnings', lang))}</h2>{items(c.warnings)}")
    head = "".join(f"<th>{e(x)}</th>" for x in c.columns)
    body = "".join("<tr>" + "".join(f"<td>{e(x)}</td>" for x in row) + "</tr>" for row in c.criteria)
    out.append(f"<h2>{e(t('assessment.report_criteria', lang))}</h2>"
               f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    steps = "".join(f"<li>{e(s)}" + (f"<br><span class='small'>{e(ev)}</span>" if ev else "") + "</li>"
                    for s, ev in c.plan_steps)
    out.append(f"<h2>{e(c.plan_title)}</h2><ol>{steps}</ol>")
    out.append(f'<div class="disclaimer">{e(c.disclaimer)}</div>')
    out.append(f'<p class="small">{e(c.generated)}</p><p class="sign">{e(c.signature)}</p></body></html>')
    return "".join(out)

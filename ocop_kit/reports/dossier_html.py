"""Mẫu 01 and Mẫu 02 of QĐ 26/2026 as one printable A4 HTML page (each form starts a new page).

Same content as the DOCX (:class:`ocop_kit.dossier.Dossier`); every text, including the form's
own words, goes through :func:`ocop_kit.text.escape`.
"""
from __future__ import annotations

from ..dossier.build import CELL_DOTS, DOTS, CriterionRow, Dossier, Heading, Line
from ..i18n import t
from ..text import escape as e

BOX = {True: "☒", False: "☐"}

CSS = """
@page { size: A4; margin: 20mm 20mm 20mm 30mm; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13pt; color: #000;
       max-width: 160mm; margin: 0 auto; line-height: 1.35; }
.form + .form { break-before: page; page-break-before: always; }
.number { text-align: right; font-weight: bold; font-style: italic; }
.center { text-align: center; }
.national { text-align: center; font-weight: bold; margin: 0; }
.national.name { font-size: 12pt; }
h1 { font-size: 14pt; text-align: center; margin: 10px 0 0; }
.subtitle { text-align: center; margin: 0 0 8px; }
h2 { font-size: 13pt; text-align: center; margin: 16px 0 0; }
h3 { font-size: 13pt; margin: 8px 0 2px; }
h2 + h3 { text-align: center; }
p { margin: 2px 0; text-align: justify; }
.indent { margin-left: 6mm; white-space: pre-wrap; }
.intro, .outro, .rules { font-style: italic; }
.box { font-family: "Segoe UI Symbol", "DejaVu Sans", sans-serif; }
.banner { border: 2px solid #c0392b; color: #c0392b; font-weight: bold; text-align: center;
          padding: 3px 6px; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; font-size: 11pt; }
th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #e8e8e8; text-align: center; }
tr { page-break-inside: avoid; }
tr.h1 td { background: #f2f2f2; font-weight: bold; }
tr.h2 td { font-weight: bold; }
tr.h3 td { font-style: italic; }
td.num { text-align: center; white-space: nowrap; }
td.value { white-space: pre-wrap; }
.sign { width: 60%; margin: 14px 0 0 auto; text-align: center; }
.sign .name { margin-top: 48px; font-weight: bold; }
.official { margin-top: 24px; }
"""


def _box(checked) -> str:
    return f'<span class="box">{BOX[bool(checked)]}</span>'


def _row(row: list[Line]) -> str:
    first = row[0]
    if not first.is_field:
        return f"<p>{e(first.label)}</p>"
    if first.kind == "long_text":
        value = e(first.value) if first.value else e(DOTS * 2)
        return f"<p>{e(first.head)}</p><p class='indent'>{value}</p>"
    items = [line.printed(_box, e, " &nbsp; ") for line in row]
    cls = ' class="center"' if first.align == "center" else ""
    return f"<p{cls}>{' &nbsp; '.join(items)}</p>"


def _criteria(block, lang: str) -> str:
    L = lambda key, **kw: t("dossier." + key, lang, **kw)  # noqa: E731
    head = "".join(f"<th>{e(L(k))}</th>"
                   for k in ("col_code", "col_criterion", "col_level", "col_points", "col_evidence"))
    body = []
    for row in block.rows:
        if isinstance(row, Heading):
            text = f"{row.text} ({row.points})" if row.points else row.text
            body.append(f'<tr class="h{row.level}"><td colspan="5">{e(text)}</td></tr>')
        else:
            assert isinstance(row, CriterionRow)
            body.append(f"<tr><td>{e(row.code)}</td><td>{e(row.name)}</td><td>{e(row.level or CELL_DOTS)}</td>"
                        f"<td class='num'>{e(row.points or '…')}/{e(row.max)}</td>"
                        f"<td class='value'>{e(row.evidence or CELL_DOTS)}</td></tr>")
    totals = "".join(f"<tr><td>{e(a)}</td><td class='num'>{e(b)}</td></tr>" for a, b in block.totals)
    totals += f"<tr><td><b>{e(L('total'))}</b></td><td class='num'><b>{e(block.total)}</b></td></tr>"
    totals += f"<tr><td><b>{e(L('star'))}</b></td><td class='num'><b>{e(block.star)}</b></td></tr>"
    out = [f"<h3>{e(L('criteria_head', set=block.set_name, version=block.version))}</h3>",
           f"<table class='criteria'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>",
           f"<table class='totals'><tbody>{totals}</tbody></table>"]
    if block.rules:
        out.append(f"<p class='rules'>{e(L('rules'))}:</p><ul class='rules'>"
                   + "".join(f"<li>{e(x)}</li>" for x in block.rules) + "</ul>")
    return "".join(out)


def _evidence(part, lang: str) -> str:
    L = lambda key: t("dossier." + key, lang)  # noqa: E731
    head = "".join(f"<th>{e(L(k))}</th>" for k in ("col_no", "col_topic", "col_requirement", "col_attached"))
    body = "".join(f"<tr><td class='num'>{i}</td><td>{e(r.topic)}</td><td class='value'>{e(r.requirement)}</td>"
                   f"<td class='value'>{e(r.attached or CELL_DOTS)}</td></tr>" for i, r in enumerate(part.evidence, 1))
    return (f"<p>{e(part.evidence_intro)}</p><table class='evidence'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _figures(figures, lang: str) -> str:
    out = f"<p class='intro'>{e(figures.title)}:</p>"
    if figures.note:
        return out + f"<p class='intro'>{e(figures.note)}</p>"
    head = f"<th>{e(t('dossier.fig_item', lang))}</th>" + "".join(f"<th>{e(c)}</th>" for c in figures.columns)
    body = "".join("<tr><td>" + e(label) + "</td>" + "".join(f"<td class='num'>{e(v)}</td>" for v in values) + "</tr>"
                   for label, values in figures.rows)
    return out + f"<table class='figures'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _signature(sign) -> str:
    parts = []
    if sign.place_date:
        parts.append(f"<div><i>{e(sign.place_date)}</i></div>")
    parts.append(f"<div><b>{e(sign.title)}</b></div><div><i>{e(sign.note)}</i></div>")
    parts.append(f"<div class='name'>{e(sign.name) or '&nbsp;'}</div>")
    return f"<div class='sign'>{''.join(parts)}</div>"


def render_html(dossier: Dossier) -> str:
    lang = dossier.lang
    title = f"{dossier.title} — {dossier.product}" if dossier.product else dossier.title
    out = [f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">',
           f"<title>{e(title)}</title><style>{CSS}</style></head><body>"]
    for form in dossier.forms:
        out.append(f'<section class="form" id="{e(form.id)}"><p class="number">{e(form.number)}</p>')
        if dossier.illustrative:
            out.append(f'<div class="banner">{e(dossier.illustrative)}</div>')
        if form.national_heading:
            out.append(f'<p class="national name">{e(t("dossier.national_name", lang))}</p>'
                       f'<p class="national">{e(t("dossier.national_motto", lang))}</p>'
                       '<p class="center">---------------</p>')
        out.append(f"<h1>{e(form.title)}</h1>")
        if form.subtitle:
            out.append(f'<p class="subtitle">{"<b>" if form.national_heading else "<i>"}{e(form.subtitle)}'
                       f'{"</b>" if form.national_heading else "</i>"}</p>')
        for part in form.parts:
            out.append(f'<div class="part" id="{e(form.id)}-{e(part.id)}">')
            if part.heading:
                out.append(f"<h2>{e(part.heading)}</h2>")
            if part.title:
                out.append(f"<h3>{e(part.title)}</h3>")
            out += [f"<p class='intro'>{e(x)}</p>" for x in part.intro]
            out += [_row(row) for row in part.rows]
            if part.figures:
                out.append(_figures(part.figures, lang))
            if part.criteria:
                out.append(_criteria(part.criteria, lang))
            if part.evidence:
                out.append(_evidence(part, lang))
            out += [f"<p class='outro'>{e(x)}</p>" for x in part.outro]
            out.append("</div>")
        out.append(_signature(form.signature))
        if form.official:
            out.append(f'<div class="official"><h3 class="center">{e(form.official.heading)}</h3>')
            for block_title, lines in form.official.blocks:
                out.append(f"<h3>{e(block_title)}</h3>" + "".join(f"<p>{e(x)}</p>" for x in lines))
                if form.official.signature:
                    out.append(_signature(form.official.signature))
            out.append("</div>")
        out.append("</section>")
    out.append("</body></html>")
    return "".join(out)

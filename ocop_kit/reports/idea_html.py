"""The product idea as a printable A4 page in the layout of Biểu số 01.

Built from the form definition (``ocop_kit/forms/product_idea.json``), so a field added there
is printed without code changes. Part A (for OCOP officials) is printed with blank lines to
fill in by hand; Part B prints what the producer typed, escaped.
"""
from __future__ import annotations

import re

from ..forms_check import is_empty, load_form
from ..i18n import normalize_lang, pick, t
from ..money import MoneyInputError, format_number, format_vnd, parse_number, parse_vnd
from ..text import escape

__all__ = ["idea_html", "document", "field_value_html", "A4_CSS"]

A4_CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 20mm; }
body { font-family: "Times New Roman", "DejaVu Serif", serif; font-size: 12.5pt; line-height: 1.4;
       color: #000; max-width: 180mm; margin: 0 auto; padding: 8px; }
h1 { font-size: 15pt; text-align: center; margin: 10px 0 4px; text-transform: uppercase; }
h2 { font-size: 13pt; margin: 14px 0 6px; }
h3 { font-size: 12.5pt; margin: 10px 0 4px; }
.nation { text-align: center; font-weight: bold; margin: 0; }
.motto { text-align: center; font-weight: bold; margin: 0 0 2px; }
.motto-line { width: 40%; margin: 0 auto 8px; border-top: 1px solid #000; }
.form-no { text-align: right; font-style: italic; margin: 0; }
.subtitle { text-align: center; font-style: italic; margin: 0 0 8px; }
.banner { border: 2px solid #b7791f; background: #fffaf0; padding: 6px 10px; margin: 8px 0;
          font-weight: bold; }
.field { margin: 4px 0; page-break-inside: avoid; }
.label { font-weight: bold; }
.value { white-space: normal; }
.empty { color: #777; font-style: italic; }
.blank { display: inline-block; min-width: 55%; border-bottom: 1px dotted #000; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 10.5pt; }
th, td { border: 1px solid #444; padding: 3px 5px; vertical-align: top; }
th { background: #f0f0f0; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.strong td { font-weight: bold; }
.official td { height: 2.2em; }
.sign { width: 100%; margin-top: 24px; border: none; }
.sign td { border: none; text-align: center; width: 50%; }
.small { font-size: 10pt; }
.wide { font-size: 8.5pt; }
ul.issues li { margin: 2px 0; }
@media print { .noprint { display: none; } body { padding: 0; } }
"""


def document(title: str, body: str, lang: str = "vi", extra_css: str = "") -> str:
    """A complete HTML page (UTF-8, A4 print styles). ``title`` is escaped, ``body`` is not."""
    lang = normalize_lang(lang)
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{A4_CSS}{extra_css}</style></head>"
            f"<body>{body}</body></html>\n")


def _paragraphs(text) -> str:
    return escape(str(text).strip()).replace("\n", "<br>")


def field_value_html(field: dict, values: dict, lang: str = "vi") -> str:
    """One field's value as escaped HTML: choices by their label, money as "65.000 đ",
    whole numbers with separators, text with its line breaks. An empty field reads
    "(chưa điền)"; a value that cannot be read is printed as typed."""
    value = values.get(field["id"])
    if is_empty(value):
        return f'<span class="empty">{escape(t("plan_app.report.empty", lang))}</span>'
    kind = field["type"]
    if kind == "choice":
        for option in field.get("options", []):
            if option["value"] == value:
                return escape(pick(option["label"], lang))
        return escape(value)
    try:
        if kind == "money":
            return escape(format_vnd(parse_vnd(value), lang))
        if kind == "integer":
            return escape(format_number(parse_number(value, allow_decimals=False), 0, lang))
    except MoneyInputError:
        return escape(value)
    return _paragraphs(value)


def _units(form_def) -> dict:
    """unit field id → the field it is the unit of."""
    out = {}
    for section in form_def["sections"]:
        for f in section["fields"]:
            if f.get("unit_field"):
                out[f["unit_field"]] = f
    return out


def _value_with_unit(f, by_id, values, lang) -> str:
    html = field_value_html(f, values, lang)
    unit_id = f.get("unit_field")
    if unit_id and unit_id in by_id and not is_empty(values.get(f["id"])):
        if is_empty(values.get(unit_id)):
            html += f' <span class="empty">({escape(t("plan_app.report.no_unit", lang))})</span>'
        else:
            sep = " / " if f["type"] == "money" else " "
            html += sep + field_value_html(by_id[unit_id], values, lang)
    return html


def _official_section(section, lang) -> str:
    rows = "".join(f'<tr><td style="width:45%">{escape(pick(f["label"], lang))}</td><td></td></tr>'
                   for f in section["fields"])
    rows += (f'<tr><td>{escape(t("plan_app.report.official_signature", lang))}</td>'
             "<td></td></tr>")
    return (f"<h2>{escape(pick(section['title'], lang))}</h2>"
            f'<p class="small"><i>{escape(t("plan_app.report.official_note", lang))}</i></p>'
            f'<table class="official">{rows}</table>')


def _producer_section(section, by_id, units, values, lang) -> str:
    parts = [f"<h2>{escape(pick(section['title'], lang))}</h2>"] if section.get("number") else []
    headed, shown = set(), set()
    for f in section["fields"]:
        if f["id"] in units:
            continue  # printed with the value it is the unit of
        prefix = ""
        match = re.match(r"(\d+)(.*)", f.get("number", ""))
        if match:
            major, minor = match.groups()
            heading_key = f"plan_app.report.idea_item_{major}"
            if minor and major not in headed and _has_key(heading_key):
                parts.append(f"<h3>{escape(major)}. {escape(t(heading_key, lang))}</h3>")
            headed.add(major)
            if f["number"] not in shown:
                prefix = escape(f"{minor})" if minor else f"{major}.") + " "
            shown.add(f["number"])
        label = escape(pick(f["label"], lang))
        value = _value_with_unit(f, by_id, values, lang)
        if f["type"] == "long_text":
            parts.append(f'<div class="field"><span class="label">{prefix}{label}:</span>'
                         f'<div class="value">{value}</div></div>')
        else:
            parts.append(f'<div class="field"><span class="label">{prefix}{label}:</span> '
                         f'<span class="value">{value}</span></div>')
    return "".join(parts)


def _has_key(key: str) -> bool:
    try:
        t(key, "vi")
        return True
    except KeyError:
        return False


def national_header(form_number: str, lang: str) -> str:
    return (f'<p class="form-no">{escape(form_number)}</p>'
            f'<p class="nation">{escape(t("plan_app.report.nation", lang))}</p>'
            f'<p class="motto">{escape(t("plan_app.report.motto", lang))}</p>'
            '<div class="motto-line"></div>')


def illustrative_banner(note: str, lang: str) -> str:
    text = t("plan_app.report.illustrative", lang)
    extra = f"<br><span class='small'>{escape(note)}</span>" if note else ""
    return f'<div class="banner">{escape(text)}{extra}</div>'


def signature_block(lang: str, who_key: str = "plan_app.report.sign_producer") -> str:
    return ('<table class="sign"><tr><td></td><td>'
            f'<i>{escape(t("plan_app.report.place_date", lang))}</i><br>'
            f'<b>{escape(t(who_key, lang))}</b><br>'
            f'<i class="small">{escape(t("plan_app.report.sign_hint", lang))}</i>'
            "<br><br><br><br></td></tr></table>")


def idea_html(values: dict, lang: str = "vi", form_def: dict | None = None, *,
              illustrative: bool = False, note: str = "") -> str:
    """Biểu số 01 filled with ``values`` (field id → text), as a printable HTML page."""
    lang = normalize_lang(lang)
    form_def = form_def or load_form("product_idea")
    values = values or {}
    by_id = {f["id"]: f for s in form_def["sections"] for f in s["fields"]}
    units = _units(form_def)
    title = pick(form_def["title"], lang)
    body = [national_header(pick(form_def["form_number"], lang), lang),
            f"<h1>{escape(title)}</h1>"]
    if illustrative:
        body.append(illustrative_banner(note, lang))
    for section in form_def["sections"]:
        if section.get("official_use"):
            body.append(_official_section(section, lang))
        else:
            body.append(_producer_section(section, by_id, units, values, lang))
    body.append(signature_block(lang))
    name = values.get("product_name")
    page_title = f"{pick(form_def['form_number'], lang)} – {name}" if not is_empty(name) else title
    return document(page_title, "".join(body), lang)

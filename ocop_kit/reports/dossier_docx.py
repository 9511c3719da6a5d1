"""Mẫu 01 and Mẫu 02 of QĐ 26/2026 as a DOCX that communes and provinces can edit and print.

A4 with the margins of administrative documents (Nghị định 30/2020: top and bottom 2 cm, left
3 cm, right 2 cm), Times New Roman 13 pt set for every script (ASCII, East-Asian, complex) so
Word does not fall back to a theme font without Vietnamese glyphs. Boxes are ☐/☒ in a symbol
font. Everything comes from :class:`ocop_kit.dossier.Dossier`; text is written as text
(python-docx escapes it), never as fields or formulas. python-docx is imported here only.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..dossier.build import CELL_DOTS, DOTS, CriterionRow, Dossier, Heading, Line
from ..i18n import t

FONT = "Times New Roman"
BOX_FONT = "Segoe UI Symbol"  # ☐ ☒ are not in Times New Roman; Word substitutes this font anyway
BOX = {True: "☒", False: "☐"}
SIZE = Pt(13)
TABLE_SIZE = Pt(11)
TEXT_WIDTH = Cm(16)  # 21 cm − 3 cm − 2 cm


def _fonts(element, name: str) -> None:
    """Set one font for ASCII, high ANSI, East-Asian and complex scripts, dropping theme fonts."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr_default.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")
    normal = doc.styles["Normal"]
    normal.font.size = SIZE
    _fonts(normal.element, FONT)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.1


def _run(par, text: str, bold: bool = False, italic: bool = False, size=None, font: str | None = None):
    run = par.add_run(text)  # "\n" becomes a line break, "\t" a tab
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = size
    if font:
        _fonts(run._element, font)
    return run


def _par(container, text: str = "", *, bold=False, italic=False, size=None, align=None, space_before=None,
         indent=None):
    par = container.add_paragraph()
    if text:
        _run(par, text, bold, italic, size)
    if align == "center":
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "justify":
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if space_before is not None:
        par.paragraph_format.space_before = space_before
    if indent is not None:
        par.paragraph_format.left_indent = indent
    return par


def _box(par, checked: bool) -> None:
    _run(par, BOX[bool(checked)], font=BOX_FONT)


def _field_row(doc, row: list[Line]) -> None:
    """One printed line: label and value of each field on it, or the form's own text."""
    first = row[0]
    if not first.is_field:
        _par(doc, first.label, align="justify")
        return
    if first.kind == "long_text":
        _par(doc, first.head)
        if first.value:
            for chunk in first.value.split("\n"):
                if chunk.strip():
                    _par(doc, chunk, indent=Cm(0.5), align="justify")
        else:
            _par(doc, DOTS * 2, indent=Cm(0.5))
        return
    par = _par(doc, align="center" if first.align == "center" else None)
    for i, line in enumerate(row):
        if i:
            _run(par, "   ")
        if line.options:
            _run(par, f"{line.head} ")
            for j, (label, ticked) in enumerate(line.options):
                _run(par, ("   " if j else "") + f"{label} ")
                _box(par, ticked)
        elif line.kind in ("checkbox", "checkbox_text"):
            _run(par, f"{line.head} ")
            _box(par, bool(line.checked))
            if line.kind == "checkbox_text" and line.value:
                _run(par, f" {line.value}")
        else:
            _run(par, f"{line.head} ")
            _run(par, line.shown)
        if line.suffix:
            _run(par, f" {line.suffix}")


def _widths(table, widths) -> None:
    """Widths on the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _header_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    trpr.append(mark)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _cell(cell, text: str, bold=False, italic=False, align=None) -> None:
    par = cell.paragraphs[0]
    _run(par, text, bold, italic, TABLE_SIZE)
    par.paragraph_format.space_after = Pt(0)
    if align == "center":
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(doc, columns: list[str], widths):
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns, strict=False):
        _cell(cell, text, bold=True, align="center")
        _shade(cell, "E8E8E8")
    _header_row(table.rows[0])
    return table


def _criteria(doc, block, lang: str) -> None:
    L = lambda key, **kw: t("dossier." + key, lang, **kw)  # noqa: E731
    _par(doc, L("criteria_head", set=block.set_name, version=block.version), bold=True)
    widths = (Cm(1.4), Cm(3.4), Cm(5.0), Cm(1.5), Cm(4.7))
    table = _table(doc, [L("col_code"), L("col_criterion"), L("col_level"), L("col_points"), L("col_evidence")], widths)
    for row in block.rows:
        cells = table.add_row().cells
        if isinstance(row, Heading):
            merged = cells[0].merge(cells[-1])
            text = f"{row.text} ({row.points})" if row.points else row.text
            _cell(merged, text, bold=row.level < 3, italic=row.level == 3)
            if row.level == 1:
                _shade(merged, "F2F2F2")
            continue
        assert isinstance(row, CriterionRow)
        _cell(cells[0], row.code)
        _cell(cells[1], row.name)
        _cell(cells[2], row.level or CELL_DOTS)
        _cell(cells[3], f"{row.points or '…'}/{row.max}", align="center")
        _cell(cells[4], row.evidence or CELL_DOTS)
    _widths(table, widths)
    _par(doc)
    totals = _table(doc, [L("col_criterion"), L("col_points")], (Cm(11), Cm(5)))
    for label, value in [*block.totals, (L("total"), block.total), (L("star"), block.star)]:
        cells = totals.add_row().cells
        _cell(cells[0], label, bold=label in (L("total"), L("star")))
        _cell(cells[1], value, bold=label in (L("total"), L("star")), align="center")
    _widths(totals, (Cm(11), Cm(5)))
    if block.rules:
        _par(doc, L("rules") + ":", italic=True, space_before=Pt(6))
        for text in block.rules:
            _par(doc, f"- {text}", italic=True, indent=Cm(0.5))


def _evidence(doc, rows, lang: str) -> None:
    L = lambda key: t("dossier." + key, lang)  # noqa: E731
    widths = (Cm(1.0), Cm(4.0), Cm(6.5), Cm(4.5))
    table = _table(doc, [L("col_no"), L("col_topic"), L("col_requirement"), L("col_attached")], widths)
    for i, row in enumerate(rows, 1):
        cells = table.add_row().cells
        _cell(cells[0], str(i), align="center")
        _cell(cells[1], row.topic)
        _cell(cells[2], row.requirement)
        _cell(cells[3], row.attached or CELL_DOTS)
    _widths(table, widths)


def _figures(doc, figures, lang: str) -> None:
    _par(doc, figures.title + ":", italic=True, space_before=Pt(6))
    if figures.note:
        _par(doc, figures.note, italic=True)
        return
    first = Cm(16 - 4.5 * len(figures.columns))
    widths = (first,) + (Cm(4.5),) * len(figures.columns)
    table = _table(doc, [t("dossier.fig_item", lang), *figures.columns], widths)
    for label, values in figures.rows:
        cells = table.add_row().cells
        _cell(cells[0], label)
        for cell, value in zip(cells[1:], values, strict=False):
            _cell(cell, value, align="center")
    _widths(table, widths)


def _signature(doc, sign) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    right = table.rows[0].cells[1]
    first = True
    for text, bold, italic in ((sign.place_date, False, True), (sign.title, True, False), (sign.note, False, True)):
        if not text:
            continue
        par = right.paragraphs[0] if first else right.add_paragraph()
        first = False
        _run(par, text, bold, italic)
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(3):
        right.add_paragraph()
    if sign.name:
        par = right.add_paragraph()
        _run(par, sign.name, bold=True)
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _widths(table, (Cm(6), Cm(10)))


def _national_heading(doc, lang: str) -> None:
    for key, size in (("dossier.national_name", 12), ("dossier.national_motto", 13)):
        _par(doc, t(key, lang), bold=True, size=Pt(size), align="center").paragraph_format.space_after = Pt(0)
    _par(doc, "---------------", align="center")


def render_docx(dossier: Dossier) -> bytes:
    lang = dossier.lang
    doc = Document()
    _setup(doc)
    props = doc.core_properties
    props.title = f"{dossier.title} — {dossier.product}" if dossier.product else dossier.title
    props.author = props.last_modified_by = dossier.producer or "OCOP Kit"
    props.comments = "OCOP Kit"
    props.language = "vi-VN" if lang == "vi" else "en"
    for n, form in enumerate(dossier.forms):
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _par(doc, form.number, bold=True, italic=True, align="right")
        if dossier.illustrative:
            banner = _par(doc, dossier.illustrative, bold=True, align="center")
            for run in banner.runs:
                run.font.color.rgb = RGBColor(0xC0, 0x39, 0x2B)
        if form.national_heading:
            _national_heading(doc, lang)
        title = _par(doc, form.title, bold=True, size=Pt(14), align="center", space_before=Pt(6))
        title.paragraph_format.space_after = Pt(0)
        if form.subtitle:
            _par(doc, form.subtitle, bold=form.national_heading, italic=not form.national_heading, align="center")
        for part in form.parts:
            if part.heading:
                heading = _par(doc, part.heading, bold=True, align="center", space_before=Pt(12))
                heading.paragraph_format.space_after = Pt(0)
            if part.title:
                _par(doc, part.title, bold=True, align=None if not part.heading else "center",
                     space_before=None if part.heading else Pt(6))
            for text in part.intro:
                _par(doc, text, italic=True, align="justify")
            for row in part.rows:
                _field_row(doc, row)
            if part.figures:
                _figures(doc, part.figures, lang)
            if part.criteria:
                _criteria(doc, part.criteria, lang)
            if part.evidence:
                _par(doc, part.evidence_intro, align="justify", space_before=Pt(6))
                _evidence(doc, part.evidence, lang)
            for text in part.outro:
                _par(doc, text, italic=True, align="justify", space_before=Pt(6))
        _par(doc)
        _signature(doc, form.signature)
        if form.official:
            _par(doc, form.official.heading, bold=True, align="center", space_before=Pt(18))
            for title, lines in form.official.blocks:
                _par(doc, title, bold=True, space_before=Pt(6))
                for text in lines:
                    _par(doc, text)
                if form.official.signature:
                    _signature(doc, form.official.signature)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

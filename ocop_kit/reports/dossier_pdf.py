"""Mẫu 01 and Mẫu 02 of QĐ 26/2026 as an A4 PDF (fpdf2), for printing without a word processor.

Same content as the DOCX. Fonts are matplotlib's bundled DejaVu Serif (Vietnamese) with DejaVu
Sans as fallback for ☐ ☒ ★, found as the self-assessment report finds its font.
"""
from __future__ import annotations

from pathlib import Path

from ..dossier.build import CELL_DOTS, DOTS, CriterionRow, Dossier, Heading, Line
from ..i18n import t
from .assessment_pdf import font_paths

SERIF, SANS = "DejaVuSerif", "DejaVuSans"
BOX = {True: "☒", False: "☐"}


def _fonts(pdf) -> None:
    regular, bold = font_paths()
    folder = Path(regular).parent
    for style, name in (("", "DejaVuSerif.ttf"), ("B", "DejaVuSerif-Bold.ttf"), ("I", "DejaVuSerif-Italic.ttf"),
                        ("BI", "DejaVuSerif-BoldItalic.ttf")):
        pdf.add_font(SERIF, style, str(folder / name))
    pdf.add_font(SANS, "", str(regular))
    pdf.add_font(SANS, "B", str(bold))
    pdf.set_fallback_fonts([SANS])


def render_pdf(dossier: Dossier) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    lang = dossier.lang
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    _fonts(pdf)
    pdf.set_title(f"{dossier.title} — {dossier.product}" if dossier.product else dossier.title)
    pdf.set_author(dossier.producer or "OCOP Kit")
    pdf.set_creator("OCOP Kit")
    pdf.set_lang("vi" if lang == "vi" else "en")
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, style: str = "", size: float = 11.5, align: str = "J", indent: float = 0, h: float = 5.6):
        pdf.set_font(SERIF, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, h, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def row_text(row: list[Line]) -> str:
        return "   ".join(line.printed(BOX.__getitem__, gap="   ") for line in row)

    def table(columns, rows, widths, heads=(), size=9.5):
        """rows: lists of cell texts, or (text, style) for a heading spanning every column."""
        pdf.set_font(SERIF, "", size)
        with pdf.table(col_widths=widths, width=width, line_height=4.6, repeat_headings=1,
                       text_align="LEFT", first_row_as_headings=True) as tbl:
            head = tbl.row()
            for text in columns:
                head.cell(text)
            for item in rows:
                row = tbl.row()
                if isinstance(item, tuple):
                    text, style = item
                    pdf.set_font(SERIF, style, size)
                    row.cell(text, colspan=len(columns))
                    pdf.set_font(SERIF, "", size)
                else:
                    for text in item:
                        row.cell(text)
        pdf.ln(1)

    def signature(sign) -> None:
        pdf.ln(4)
        x = pdf.l_margin + width * 0.4
        for text, style in ((sign.place_date, "I"), (sign.title, "B"), (sign.note, "I")):
            if text:
                pdf.set_font(SERIF, style, 11.5)
                pdf.set_x(x)
                pdf.multi_cell(width * 0.6, 5.6, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(16)
        if sign.name:
            pdf.set_font(SERIF, "B", 11.5)
            pdf.set_x(x)
            pdf.multi_cell(width * 0.6, 5.6, sign.name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    L = lambda key, **kw: t("dossier." + key, lang, **kw)  # noqa: E731
    for form in dossier.forms:
        pdf.add_page()
        para(form.number, "BI", align="R")
        if dossier.illustrative:
            pdf.set_text_color(192, 57, 43)
            para(dossier.illustrative, "B", align="C")
            pdf.set_text_color(0, 0, 0)
        if form.national_heading:
            para(L("national_name"), "B", 11, "C", h=5)
            para(L("national_motto"), "B", 11.5, "C", h=5)
            para("---------------", align="C", h=5)
        para(form.title, "B", 13, "C")
        if form.subtitle:
            para(form.subtitle, "B" if form.national_heading else "I", align="C")
        for part in form.parts:
            if part.heading:
                pdf.ln(3)
                para(part.heading, "B", align="C")
            if part.title:
                para(part.title, "B", align="C" if part.heading else "L")
            for text in part.intro:
                para(text, "I")
            for row in part.rows:
                first = row[0]
                if not first.is_field:
                    para(first.label)
                elif first.kind == "long_text":
                    para(first.head)
                    para(first.value or DOTS * 2, indent=5)
                else:
                    para(row_text(row), align="C" if first.align == "center" else "L")
            if part.figures:
                para(part.figures.title + ":", "I")
                if part.figures.note:
                    para(part.figures.note, "I")
                else:
                    table([L("fig_item"), *part.figures.columns],
                          [[label, *values] for label, values in part.figures.rows],
                          (2,) + (1.3,) * len(part.figures.columns))
            if part.criteria:
                block = part.criteria
                para(L("criteria_head", set=block.set_name, version=block.version), "B")
                rows: list[tuple | list] = []
                for item in block.rows:
                    if isinstance(item, Heading):
                        text = f"{item.text} ({item.points})" if item.points else item.text
                        rows.append((text, "B" if item.level < 3 else "I"))
                    else:
                        assert isinstance(item, CriterionRow)
                        rows.append([item.code, item.name, item.level or CELL_DOTS, f"{item.points or '…'}/{item.max}",
                                     item.evidence or CELL_DOTS])
                table([L(k) for k in ("col_code", "col_criterion", "col_level", "col_points", "col_evidence")],
                      rows, (1.3, 3.2, 5, 1.4, 4.6))
                table([L("col_criterion"), L("col_points")],
                      [[a, b] for a, b in block.totals] + [[L("total"), block.total], [L("star"), block.star]], (3, 1))
                for text in block.rules:
                    para(f"- {text}", "I", 10)
            if part.evidence:
                para(part.evidence_intro)
                table([L(k) for k in ("col_no", "col_topic", "col_requirement", "col_attached")],
                      [[str(i), r.topic, r.requirement, r.attached or CELL_DOTS]
                       for i, r in enumerate(part.evidence, 1)],
                      (0.8, 4, 6.2, 4))
            for text in part.outro:
                para(text, "I")
        signature(form.signature)
        if form.official:
            pdf.ln(4)
            para(form.official.heading, "B", align="C")
            for title, lines in form.official.blocks:
                para(title, "B")
                for text in lines:
                    para(text)
                if form.official.signature:
                    signature(form.official.signature)
    return bytes(pdf.output())

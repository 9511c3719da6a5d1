"""The self-assessment report as an A4 PDF (fpdf2), with an embedded Unicode font.

The font is matplotlib's bundled DejaVu Sans: it covers Vietnamese and is certainly
installed with the kit. It is found without importing matplotlib (or pyplot).
fpdf2 takes about a second to import, so import this module only when a PDF is asked for.
"""
from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from .assessment_html import report_content

FAMILY = "DejaVu"


def font_paths() -> tuple[Path, Path]:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("matplotlib (for its DejaVu Sans font) is not installed")
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    for path in (regular, bold):
        if not path.is_file():
            raise FileNotFoundError(str(path))
    return regular, bold


def render_pdf(model, lang: str = "vi", today: date | None = None) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    c = report_content(model, lang, today)
    regular, bold = font_paths()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    pdf.set_title(c.title)
    pdf.set_creator("OCOP Kit")
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, size: float = 9.5, style: str = "", h: float = 5.0) -> None:
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(width, h, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(text: str) -> None:
        pdf.ln(2)
        para(text, 11.5, "B", 6.5)

    def disclaimer() -> None:
        pdf.set_text_color(192, 57, 43)
        pdf.set_draw_color(192, 57, 43)
        pdf.set_font(FAMILY, "B", 10)
        pdf.multi_cell(width, 6, c.disclaimer, border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(0, 0, 0)

    def pairs(rows, widths=(55, None)) -> None:
        pdf.set_font(FAMILY, "", 9.5)
        with pdf.table(col_widths=(widths[0], width - widths[0]), first_row_as_headings=False,
                       line_height=5, text_align="LEFT") as table:
            for label, value in rows:
                row = table.row()
                pdf.set_font(FAMILY, "B", 9.5)
                row.cell(label)
                pdf.set_font(FAMILY, "", 9.5)
                row.cell(value or "")

    para(c.title, 16, "B", 8)
    disclaimer()
    pdf.ln(2)
    pairs(c.meta)
    if c.facts:
        heading(pdf_label(c, "facts"))
        pairs(c.facts, (120, None))
    heading(pdf_label(c, "result"))
    result_rows = [*c.parts, (pdf_label(c, "total"), c.total), (pdf_label(c, "star"), c.star)]
    if c.meaning:
        result_rows.append((pdf_label(c, "meaning"), c.meaning))
    if c.certified_by:
        result_rows.append((pdf_label(c, "certified_by"), c.certified_by))
    pairs(result_rows)
    for title, texts in ((pdf_label(c, "rules"), c.rules), (pdf_label(c, "warnings"), c.warnings)):
        if texts:
            heading(title)
            for text in texts:
                para(f"• {text}")
    heading(pdf_label(c, "criteria"))
    pdf.set_font(FAMILY, "", 8)
    with pdf.table(col_widths=(12, 42, 68, 14, width - 136), line_height=4, text_align="LEFT",
                   headings_style=_headings_style()) as table:
        table.row(list(c.columns))
        for row in c.criteria:
            table.row(list(row))
    heading(c.plan_title)
    for i, (step, evidence) in enumerate(c.plan_steps, 1):
        para(f"{i}. {step}", 9.5)
        if evidence:
            para(f"    {evidence}", 8.5)
    pdf.ln(3)
    disclaimer()
    para(c.generated, 8.5)
    pdf.ln(4)
    pdf.set_font(FAMILY, "", 9.5)
    pdf.cell(width, 6, c.signature, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _headings_style():
    from fpdf.fonts import FontFace

    return FontFace(family=FAMILY, emphasis="BOLD", fill_color=(235, 235, 235))


def pdf_label(c, name: str) -> str:
    from ..i18n import t

    return t(f"assessment.report_{name}", c.lang)

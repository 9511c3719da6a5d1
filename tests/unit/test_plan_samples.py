import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_kit.finance import check_plan, compute, load_plan
from ocop_kit.finance.charts import breakeven_figure, cash_balance_figure, revenue_costs_figure
from ocop_kit.finance.export_xlsx import SHEET_KEYS, export_xlsx
from ocop_kit.forms_check import check_form, load_form
from ocop_kit.i18n import t

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "plans"
NAMES = ["huong-ngan-tinh-dau-sa.json", "mien-dong-tai-hoan.json"]


@pytest.fixture(params=NAMES)
def plan(request):
    return load_plan(SAMPLES / request.param)


def test_sample_is_labelled_illustrative(plan):
    assert plan.illustrative is True
    assert "Số liệu minh họa, không phải số liệu thật của HTX" in plan.note


def test_sample_forms_are_complete(plan):
    assert check_form(load_form("product_idea"), plan.product_idea, "vi") == []
    assert check_form(load_form("business_plan"), plan.business_plan, "vi") == []


def test_sample_computes_without_errors(plan):
    r = compute(plan.finance)
    assert all(y.revenue > 0 for y in r.years)
    assert r.years[2].revenue > r.years[0].revenue
    assert not [i for i in check_plan(plan.finance, r) if i.severity == "error"]
    # harvest season: raw material is bought in a few months of each year, not spread over it
    bought = [m.raw_material for m in r.months_y1]
    assert sum(1 for x in bought if x) < 12
    assert len(r.months) == 36


def test_arrowroot_harvest_squeezes_cash():
    plan = load_plan(SAMPLES / "mien-dong-tai-hoan.json")
    r = compute(plan.finance)
    assert plan.finance.start_month == 11  # month 1 = November, arrowroot harvest
    assert r.first_negative_month is not None
    assert any(i.key == "finance.cash_negative" for i in check_plan(plan.finance, r))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sample_exports_xlsx_with_numeric_cells(plan, lang):
    r = compute(plan.finance)
    wb = load_workbook(io.BytesIO(export_xlsx(plan, lang, r)))
    assert wb.sheetnames == [t(k, lang)[:31] for k in SHEET_KEYS]
    ws = wb[t("finance.sheet.cash_flow", lang)]
    label = t("finance.label.closing_cash", lang)
    row = next(r_ for r_ in ws.iter_rows() if r_[0].value == label)
    assert [c.value for c in row[1:37]] == [m.closing for m in r.months]
    assert [c.value for c in row[37:40]] == [r.months[k].closing for k in (11, 23, 35)]
    assert all(isinstance(c.value, int) for c in row[1:40])
    assert ("đ" if lang == "vi" else "VND") in row[1].number_format
    sales = wb[t("finance.sheet.sales_cost", lang)]
    revenue = next(r_ for r_ in sales.iter_rows() if r_[0].value == t("finance.label.revenue", lang))
    assert [c.value for c in revenue[1:4]] == [y.revenue for y in r.years]
    loans = wb[t("finance.sheet.loan_schedule", lang)]
    numbers = [c.value for row_ in loans.iter_rows(min_row=4) for c in row_[2:5]
               if isinstance(c.value, (int, float))]
    assert numbers and sum(numbers) > 0


def test_sample_charts_are_figures(plan):
    from matplotlib.figure import Figure

    r = compute(plan.finance)
    for fig in (cash_balance_figure(r), revenue_costs_figure(r, "en"), breakeven_figure(r, 2)):
        assert isinstance(fig, Figure)
        assert fig.axes and fig.axes[0].get_title()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=50)
        assert buffer.getvalue()[:4] == b"\x89PNG"

"""Issue 11 in the app: timing inputs, the tax regime, the computed working capital beside the
typed one, and the what-if panel (one click each, table and chart against the base plan)."""
from ocop_kit.autosave import ManualScheduler
from ocop_kit.storage import open_store
from ocop_kit.views.business_plan import BusinessPlanView


def make(tmp_path, lang="vi"):
    view = BusinessPlanView(lang, store=open_store(tmp_path / "db.sqlite"), scheduler=ManualScheduler())
    view.load_sample("mien-dong-tai-hoan")
    return view


def test_results_show_computed_working_capital_and_low_point_month(tmp_path):
    view = make(tmp_path)
    page = view.results_html.value
    assert "Vốn lưu động tính từ dòng tiền" in page and "661.220.000 đ" in page
    assert "-561.220.000 đ (2: 12/2026)" in page
    assert "Lãi trên biến phí" in page and "Biến phí" in page
    assert "Sản lượng hòa vốn: Miến dong Tài Hoan 1 kg (gói 1 kg)" in page


def test_timing_inputs_change_the_cash_not_the_profit(tmp_path):
    view = make(tmp_path)
    before = view.evaluation.result
    view.num_fields["funding.grants_month"].set_text("1")
    after = view.evaluation.result
    assert after.cash_low_point == before.cash_low_point + 100_000_000
    assert [y.net_profit for y in after.years] == [y.net_profit for y in before.years]
    view.num_fields["products[0].credit_days"].set_text("60 ngày")
    assert view.state.plan.finance.products[0].credit_days == 60
    assert view.evaluation.result.cash_low_point < after.cash_low_point


def test_tax_regime_choice_recomputes_and_is_named(tmp_path):
    view = make(tmp_path)
    regimes, _activity, _vat = view.tax_inputs
    regimes.value = "household"
    assert view.state.plan.finance.tax_regime == "household"
    assert view.evaluation.result.years[0].tax > 0
    assert "Hộ kinh doanh" in view.results_html.value
    assert "đang thay đổi" in view.results_html.value


def test_what_if_buttons_one_click_each(tmp_path):
    view = make(tmp_path, "en")
    view.whatif_buttons["material_up"].click()
    table = view.whatif_html.value
    assert "Poor harvest: raw material +30 %" in table and "Base plan" in table
    assert "-755,071,000 VND (-193,851,000 VND)" in table and "36 (+13)" in table
    assert view.whatif_image.value[:4] == b"\x89PNG"
    view.whatif_buttons["price_down"].click()
    assert view.whatif_html.value.count("ocop-whatif-row") == 2
    # a change to the plan clears the scenarios: they were computed on the old plan
    view.num_fields["funding.grants_month"].set_text("2")
    assert view.whatif_html.value == ""


def test_volume_grid_echoes_what_it_read(tmp_path):
    view = make(tmp_path)
    fields, msg = view.grid_fields["products[0].monthly_volume_y1"]
    boxes = [f.box for f in fields]
    boxes[2].value = "7.000,0"
    assert view.state.plan.finance.products[0].monthly_volume_y1[2] == 7000
    assert "tháng 3: “7.000,0” = 7.000" in msg.value
    boxes[2].value = "7000"
    assert "tháng 3" in msg.value  # "7000" is shown as 7.000
    boxes[2].value = "7.000"
    assert "tháng 3" not in msg.value

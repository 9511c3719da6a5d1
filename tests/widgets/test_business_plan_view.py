import base64
import io
import re
import subprocess
import sys

from openpyxl import load_workbook

from ocop_kit.apps.assessment import APP_ID as ASSESSMENT_APP
from ocop_kit.autosave import ManualScheduler
from ocop_kit.storage import open_store
from ocop_kit.views.business_plan import TABS, BusinessPlanView


def make(tmp_path, lang="vi", store=None):
    store = store or open_store(tmp_path / "db.sqlite")
    scheduler = ManualScheduler()
    return BusinessPlanView(lang, store=store, scheduler=scheduler), store, scheduler


def box(view, path):
    if path in view.num_fields:
        return view.num_fields[path].box
    return view.text_fields[path][0]


def msg(view, path):
    return view.num_fields[path].message_html.value


def grid(view, prefix):
    fields, message = view.grid_fields[prefix]
    return [f.box for f in fields], message


def link_bytes(html):
    return base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))


def test_typing_money_shows_what_was_read_and_recomputes(tmp_path):
    view, _store, _s = make(tmp_path)
    box(view, "products[0].name").value = "Trà"
    box(view, "products[0].unit_price").value = "1,5 triệu"
    assert "= 1.500.000 đ" in view.num_fields["products[0].unit_price"].echo_html.value
    boxes, _m = grid(view, "products[0].monthly_volume_y1")
    for b in boxes:
        b.value = "10"
    assert view.evaluation.result.years[0].revenue == 180_000_000
    assert "180.000.000" in view.results_html.value


def test_bad_input_message_next_to_the_field_nothing_lost(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("mien-dong-tai-hoan")
    box(view, "products[0].unit_price").value = "abc"
    assert "“Giá bán”: không đọc được số tiền “abc”" in msg(view, "products[0].unit_price")
    assert box(view, "products[0].unit_price").value == "abc"
    assert "ô nhập chưa hợp lệ" in view.results_html.value
    boxes, grid_msg = grid(view, "products[1].monthly_volume_y1")
    boxes[2].value = "-3"
    assert "Tháng 3" in grid_msg.value and "không được âm" in grid_msg.value
    box(view, "funding.loans[0].term_months").value = "0"
    assert "Thời hạn vay bằng 0 tháng" in msg(view, "funding.loans[0].term_months")
    # fixing the inputs brings the results back; the other typed text is untouched
    box(view, "products[0].unit_price").value = "40.000"
    boxes[2].value = "900"
    box(view, "funding.loans[0].term_months").value = "36"
    assert view.evaluation.result is not None
    assert box(view, "products[0].unit_price").value == "40.000"


def test_warnings_in_plain_words(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("mien-dong-tai-hoan")
    assert "Tiền mặt bị âm từ tháng" in view.results_html.value
    box(view, "products[0].unit_price").value = "1.000"
    assert "thấp hơn chi phí biến đổi" in msg(view, "products[0].unit_price")


def test_rows_can_be_added_and_removed(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    loans = len(view.state.plan.finance.funding.loans)
    view._structure(view.state.add_loan)
    assert f"funding.loans[{loans}].amount" in view.num_fields
    box(view, "products[1].unit_price").value = "260k"
    view._structure(lambda: view.state.remove_product(0))
    assert box(view, "products[0].unit_price").value == "260k"
    assert "products[1].unit_price" not in view.num_fields


def test_user_text_is_escaped_in_results(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    box(view, "products[0].name").value = "<script>alert(1)</script>"
    assert "<script>" not in view.results_html.value
    assert "&lt;script&gt;" in view.results_html.value
    view.print_button.click()
    page = link_bytes(view.export_links.value).decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_charts_drawn_only_when_their_tab_opens(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    assert all(img.value == b"" for img in view.chart_images)
    view.tabs.selected_index = TABS.index("charts")
    assert all(img.value[:4] == b"\x89PNG" for img in view.chart_images)
    first = view.chart_images[0].value
    box(view, "funding.own_capital").value = "0"  # redrawn while the tab is open
    assert view.chart_images[0].value != first


def test_xlsx_download_opens_with_openpyxl(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    view.xlsx_button.click()
    assert re.search(r'download="[a-z-]*tinh-dau-sa-huong-ngan[a-z-]*\.xlsx"', view.export_links.value)
    wb = load_workbook(io.BytesIO(link_bytes(view.export_links.value)))
    assert "Kế hoạch dòng tiền" in wb.sheetnames
    box(view, "products[0].unit_price").value = "abc"
    view.xlsx_button.click()
    assert "Chưa tạo được tệp Excel" in view.export_links.value


def test_language_switch_keeps_values(tmp_path):
    view, _store, _s = make(tmp_path)
    box(view, "products[0].unit_price").value = "1,5 triệu"
    box(view, "products[0].raw_material").value = "abc"
    view.panels["swot"].inputs["strengths"].value = "Nguyên liệu sạch"
    view.shell.set_lang("en")
    assert box(view, "products[0].unit_price").value == "1,5 triệu"
    assert box(view, "products[0].raw_material").value == "abc"
    assert "“Raw material”: cannot read the amount “abc”" in msg(view, "products[0].raw_material")
    assert view.panels["swot"].inputs["strengths"].value == "Nguyên liệu sạch"
    assert view.tabs.get_title(TABS.index("finance")) == "Financial plan"


def test_autosave_round_trip_and_idea_carried_over(tmp_path):
    store = open_store(tmp_path / "db.sqlite")
    store.save_draft("HV09", "y-tuong-san-pham", "i1",
                     {"plan": {"product_idea": {"product_name": "Nghệ đen", "producer_name": "THT Nà Phặc"}}})
    view, _store, scheduler = make(tmp_path, store=store)
    view.shell.login("hv09")
    assert view.panels["intro_product"].inputs["product_name"].value == "Nghệ đen"
    box(view, "products[0].unit_price").value = "1,5 triệu"
    box(view, "products[0].packaging").value = "abc"
    scheduler.run_all()
    draft = store.latest_draft("HV09", "phuong-an-kinh-doanh")
    assert draft.payload["raw"]["products[0].packaging"] == "abc"
    again, _store, _s = make(tmp_path, store=store)
    again.shell.login("HV09")
    assert box(again, "products[0].unit_price").value == "1,5 triệu"
    assert box(again, "products[0].packaging").value == "abc"
    assert "“Bao bì”: không đọc được" in msg(again, "products[0].packaging")


def test_consistency_hints_from_the_self_assessment(tmp_path):
    store = open_store(tmp_path / "db.sqlite")
    store.save_draft("HV10", ASSESSMENT_APP, "a1", {"rubric": "qd1048-2019", "set": "thao-duoc-khac",
                                                    "answers": {"B.4.1": 1, "A.3.5": 2}})
    view, _store, _s = make(tmp_path, store=store)
    view.shell.login("HV10")
    view.load_sample("huong-ngan-tinh-dau-sa")
    view.extra_inputs["market_area"].value = "national"
    assert "B.4.1" in view.extra_msgs["market_area"].value
    assert "B.4.1" in view.results_html.value


def test_view_modules_import_neither_pandas_nor_matplotlib():
    code = ("import sys; import ocop_kit.views.business_plan, ocop_kit.views.product_idea; "
            "from ocop_kit.views.business_plan import BusinessPlanView; v = BusinessPlanView('vi'); "
            "v.load_sample('huong-ngan-tinh-dau-sa'); "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- issue 13: safe edits, the status bar, feedback on slow work; issue 9: one typed input ----

def test_removing_a_product_line_offers_undo_where_it_was(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("mien-dong-tai-hoan")
    names = [p.name for p in view.state.plan.finance.products]
    box(view, "products[1].unit_price").value = "41k"
    view.remove_row(lambda: view.state.remove_product(1))
    assert [p.name for p in view.state.plan.finance.products] == names[:1] + names[2:]
    assert f"Đã xoá sản phẩm “{names[1]}”" in view.undo.text.value
    assert view.undo.root in view.finance_box.children  # shown in the list it was removed from
    view.undo.button.click()
    assert [p.name for p in view.state.plan.finance.products] == names
    assert box(view, "products[1].unit_price").value == "41k"
    assert view.undo.text.value == "" and view.undo.root not in view.finance_box.children
    assert "Đã khôi phục" in view.shell.notice_html.value


def test_removing_an_asset_or_a_loan_offers_undo(tmp_path):
    view, _store, _s = make(tmp_path, "en")
    view.load_sample("huong-ngan-tinh-dau-sa")
    f = view.state.plan.finance
    loans, assets = list(f.funding.loans), list(f.investment.equipment)
    view.remove_row(lambda: view.state.remove_loan(0))
    assert f.funding.loans == loans[1:] and "Loan “" in view.undo.text.value
    view.undo.undo()
    assert f.funding.loans == loans
    view.remove_row(lambda: view.state.remove_asset("equipment", 0))
    assert "Equipment “" in view.undo.text.value
    # adding a row drops the offer: the removed row's place is no longer known
    view._structure(view.state.add_fixed_cost)
    assert view.undo.removed is None and f.investment.equipment == assets[1:]


def test_the_remove_button_is_the_one_that_offers_undo(tmp_path):
    import ipywidgets as w

    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    before = len(view.state.plan.finance.products)

    def buttons(widget):
        if isinstance(widget, w.Button):
            yield widget
        for child in getattr(widget, "children", ()) or ():
            yield from buttons(child)

    remove = next(b for b in buttons(view.finance_box) if b.description == "Xoá")
    remove.click()
    assert len(view.state.plan.finance.products) == before - 1
    assert "Đã xoá" in view.undo.text.value


def test_status_bar_shows_the_cash_low_point_in_red_and_the_required_count(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("mien-dong-tai-hoan")
    result = view.evaluation.result
    assert result.cash_low_point < 0
    status = view.shell.summary_html.value
    assert "Tiền mặt thấp nhất: -" in status and "ocop-negative" in status
    assert f"tháng {result.cash_low_month}:" in status
    assert re.search(r"Đã điền \d+/\d+ mục bắt buộc", status)
    box(view, "products[0].unit_price").value = "abc"
    assert "Chưa tính được dòng tiền" in view.shell.summary_html.value
    box(view, "funding.own_capital").value = "10 tỷ"
    box(view, "products[0].unit_price").value = "40.000"
    assert "ocop-negative" not in view.shell.summary_html.value


def test_required_count_rises_when_a_required_field_is_filled(tmp_path):
    from ocop_kit.forms_check import load_form

    view, _store, _s = make(tmp_path)
    required = next(f for s in load_form("business_plan")["sections"] for f in s["fields"]
                    if f.get("required") and not f.get("computed_from") and f["type"] == "long_text")
    panel = next(p for p in view.panels.values() if required["id"] in p.inputs)

    def count():
        return int(re.search(r"Đã điền (\d+)/", view.shell.summary_html.value).group(1))

    start = count()
    panel.inputs[required["id"]].value = "Có nội dung"
    assert count() == start + 1


def test_exports_say_making_with_the_button_disabled_then_give_the_link(tmp_path, monkeypatch):
    import ocop_kit.finance.export_xlsx as xlsx
    import ocop_kit.reports.plan_html as plan_html

    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    seen = []
    real_xlsx, real_html = xlsx.export_xlsx, plan_html.plan_html

    def slow_xlsx(*a, **k):
        seen.append((view.xlsx_button.description, view.xlsx_button.disabled, view.export_links.value))
        return real_xlsx(*a, **k)

    def slow_html(*a, **k):
        seen.append((view.print_button.description, view.print_button.disabled, view.export_links.value))
        return real_html(*a, **k)

    monkeypatch.setattr(xlsx, "export_xlsx", slow_xlsx)
    monkeypatch.setattr(plan_html, "plan_html", slow_html)
    label = view.xlsx_button.description
    view.xlsx_button.click()
    assert seen[-1] == ("Đang tạo…", True, "")
    assert "download=" in view.export_links.value
    assert view.xlsx_button.description == label
    assert not view.xlsx_button.disabled
    view.print_button.click()
    assert seen[-1] == ("Đang tạo…", True, "")
    assert not view.print_button.disabled and "download=" in view.export_links.value


def test_charts_are_hidden_until_they_hold_a_picture(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    assert all(img.layout.display == "none" for img in view.chart_images)
    assert view.whatif_image.layout.display == "none"
    view.tabs.selected_index = TABS.index("charts")
    assert all(img.layout.display == "" and img.value[:4] == b"\x89PNG" for img in view.chart_images)
    box(view, "products[0].unit_price").value = "abc"  # no result: no picture, no empty frame
    assert all(img.layout.display == "none" for img in view.chart_images)
    assert "biểu đồ" in view.chart_note.value.lower()


def test_every_finance_number_is_a_typed_input_and_views_hold_no_string_guards():
    from pathlib import Path

    import ocop_kit.views as views

    folder = Path(views.__file__).parent
    for name in ("business_plan.py", "plan_widgets.py", "product_idea.py", "typed_input.py"):
        source = (folder / name).read_text(encoding="utf-8")
        assert not re.search(r"isinstance\([^)]*\bstr\b", source), name
        assert "MoneyInputError" not in source, name


def test_typed_inputs_cover_every_number_of_the_plan(tmp_path):
    from ocop_kit.apps.business_plan import number_paths
    from ocop_kit.views.typed_input import TypedInput

    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    shown = set(view.num_fields)
    assert all(isinstance(f, TypedInput) for f in view.num_fields.values())
    # the grids for production and purchase months are built when opened
    wanted = {p for p in number_paths(view.state.plan.finance)
              if "monthly_production_y1" not in p and "material_purchase_share" not in p}
    assert wanted <= shown

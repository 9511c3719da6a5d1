import base64
import io
import re
import subprocess
import sys

from openpyxl import load_workbook

from ocop_kit.autosave import ManualScheduler
from ocop_kit.storage import open_store
from ocop_kit.views.business_plan import TABS, BusinessPlanView


def make(tmp_path, lang="vi", store=None):
    store = store or open_store(tmp_path / "db.sqlite")
    scheduler = ManualScheduler()
    return BusinessPlanView(lang, store=store, scheduler=scheduler), store, scheduler


def box(view, path):
    return view.num_fields[path][0]


def msg(view, path):
    return view.num_fields[path][2].value


def link_bytes(html):
    return base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))


def test_typing_money_shows_what_was_read_and_recomputes(tmp_path):
    view, _store, _s = make(tmp_path)
    box(view, "products[0].name").value = "Trà"
    box(view, "products[0].unit_price").value = "1,5 triệu"
    assert "= 1.500.000 đ" in view.num_fields["products[0].unit_price"][1].value
    boxes, _m = view.grid_fields["products[0].monthly_volume_y1"]
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
    boxes, grid_msg = view.grid_fields["products[1].monthly_volume_y1"]
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
    store.save_draft("HV10", "tu-danh-gia", "a1", {"rubric": "qd1048-2019", "set": "thao-duoc-khac",
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

import re

from ocop_kit.autosave import ManualScheduler
from ocop_kit.storage import open_store
from ocop_kit.views.product_idea import ProductIdeaView


def make(tmp_path, lang="vi"):
    store = open_store(tmp_path / "db.sqlite")
    scheduler = ManualScheduler()
    return ProductIdeaView(lang, store=store, scheduler=scheduler), store, scheduler


def test_form_is_generated_from_the_json(tmp_path):
    view, _store, _s = make(tmp_path)
    fields = view.panel.inputs
    assert {"product_name", "core_value", "retail_price", "retail_price_unit", "product_story",
            "novelty"} <= set(fields)
    assert "district_form_code" not in fields  # part A is for officials, left blank
    assert "cán bộ OCOP ghi tay" in "".join(c.value for c in view.panel.root.children
                                           if hasattr(c, "value") and isinstance(c.value, str))


def test_checks_appear_next_to_the_fields(tmp_path):
    view, _store, _s = make(tmp_path)
    view.panel.inputs["retail_price"].value = "65.000"
    assert "= 65.000 đ" in view.panel.typed["retail_price"].echo_html.value
    # a price without its unit is flagged as soon as the price is typed
    assert "chưa ghi đơn vị tính" in view.panel.messages["retail_price_unit"].value
    assert view.panel.messages["product_story"].value == ""  # not checked before "Kiểm tra"
    view.check_button.click()
    assert "câu chuyện sản phẩm" in view.panel.messages["product_story"].value.lower()
    assert "điểm cần bổ sung" in view.summary_html.value
    view.panel.inputs["retail_price"].value = "abc"
    assert "Không đọc được số tiền" in view.panel.messages["retail_price"].value
    assert view.panel.inputs["retail_price"].value == "abc"


def test_language_switch_keeps_values_and_translates(tmp_path):
    view, _store, _s = make(tmp_path)
    view.panel.inputs["product_name"].value = "Miến dong"
    view.check_button.click()
    view.shell.set_lang("en")
    assert view.panel.inputs["product_name"].value == "Miến dong"
    assert "product story is empty" in view.panel.messages["product_story"].value
    assert view.check_button.description == "Check the form"


def test_sample_and_print_are_escaped(tmp_path):
    view, _store, _s = make(tmp_path)
    view.load_sample("huong-ngan-tinh-dau-sa")
    view.check()
    assert "đủ các mục" in view.summary_html.value
    view.panel.inputs["novelty"].value = "<script>alert(1)</script>"
    view.print_button.click()
    link = view.print_link.value
    assert 'download="bieu-01-tinh-dau-sa-huong-ngan.html"' in link
    import base64
    page = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode("utf-8")
    assert "Biểu số 01" in page and "<script>" not in page and "&lt;script&gt;" in page


def test_autosave_round_trip_by_trainee_code(tmp_path):
    view, store, scheduler = make(tmp_path)
    view.panel.inputs["product_name"].value = "Typed before login"
    assert view.shell.login("hv07", "Lan")
    view.panel.inputs["brand_name"].value = "Hương Ngàn"
    scheduler.run_all()
    draft = store.latest_draft("HV07", "y-tuong-san-pham")
    assert draft.payload["plan"]["product_idea"]["product_name"] == "Typed before login"
    assert draft.payload["plan"]["product_idea"]["brand_name"] == "Hương Ngàn"
    # a new session with the same code gets the draft back
    again = ProductIdeaView("vi", store=store, scheduler=ManualScheduler())
    again.shell.login("HV07")
    assert again.panel.inputs["brand_name"].value == "Hương Ngàn"
    assert len(again.drafts.infos) == 1


def test_status_bar_counts_the_required_fields_filled(tmp_path):
    view, _store, _s = make(tmp_path)

    def count():
        found = re.search(r"Đã điền (\d+)/(\d+) mục bắt buộc", view.shell.summary_html.value)
        return int(found.group(1)), int(found.group(2))

    filled, total = count()
    assert filled == 0 and total > 5
    view.panel.inputs["product_name"].value = "Miến dong"
    assert count() == (1, total)
    view.panel.inputs["retail_price"].value = "65k"
    assert count() == (2, total)
    view.load_sample("huong-ngan-tinh-dau-sa")
    assert count()[0] > 2
    view.shell.set_lang("en")
    assert "required fields filled" in view.shell.summary_html.value


def test_money_and_whole_numbers_are_typed_inputs_that_say_what_they_read(tmp_path):
    from ocop_kit.views.typed_input import TypedInput

    view, _store, _s = make(tmp_path)
    assert {"retail_price", "market_size"} <= set(view.panel.typed)
    assert all(isinstance(f, TypedInput) for f in view.panel.typed.values())
    view.panel.inputs["market_size"].value = "1.200"
    assert "= 1.200" not in view.panel.typed["market_size"].echo_html.value
    assert view.panel.typed["market_size"].value == 1200
    view.panel.inputs["market_size"].value = "2,5"
    assert view.panel.messages["market_size"].value.count("<div") == 1  # said once
    assert "số nguyên" in view.panel.messages["market_size"].value
    view.panel.inputs["retail_price"].value = "1,2 triệu"
    assert "= 1.200.000 đ" in view.panel.typed["retail_price"].echo_html.value
    assert view.state.plan.product_idea["retail_price"] == "1,2 triệu"  # the form keeps the text


def test_print_says_making_with_the_button_disabled(tmp_path, monkeypatch):
    import ocop_kit.reports.idea_html as idea

    view, _store, _s = make(tmp_path)
    seen = []
    real = idea.idea_html

    def slow(*a, **k):
        seen.append((view.print_button.description, view.print_button.disabled, view.print_link.value))
        return real(*a, **k)

    monkeypatch.setattr(idea, "idea_html", slow)
    label = view.print_button.description
    view.print_button.click()
    assert seen == [("Đang tạo…", True, "")]
    assert view.print_button.description == label and not view.print_button.disabled
    assert "download=" in view.print_link.value

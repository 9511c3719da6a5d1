"""The "Hồ sơ" tab of the self-assessment app without a browser: fields generated from the
forms' data, the missing list, drafts, the business plan of the same code, DOCX and HTML."""
from __future__ import annotations

import base64
import io
import re
import unicodedata

import docx
import ipywidgets as w

from ocop_kit.apps.business_plan import APP_ID as PLAN_APP
from ocop_kit.apps.business_plan import PlanState
from ocop_kit.dossier import fields as defs
from ocop_kit.views.assessment import TAB_DOSSIER, TAB_FORM, AssessmentApp

from ..conftest import SAMPLES

SAMPLE_26 = SAMPLES / "answers" / "huong-ngan-tinh-dau-sa-2026.json"  # held back: 4★ total, 3★ rating
MIEN_DONG_26 = SAMPLES / "answers" / "mien-dong-tai-hoan-2026.json"  # a plan sample of the same product
EVIL = "<script>alert(1)</script>"


def make(store, scheduler, lang="vi") -> AssessmentApp:
    return AssessmentApp(lang, store, scheduler=scheduler)


def login(app, code="HV01", name="Lan"):
    app.shell.code_input.value = code
    app.shell.name_input.value = name
    app.shell.start_button.click()


def open_tab(app, sample=SAMPLE_26):
    if sample is not None:
        app.open_sample(str(sample))
    app.work_tabs.selected_index = TAB_DOSSIER
    return app.dossier


def missing_ids(panel) -> list[tuple[str, str]]:
    return re.findall(r"<li data-kind='(\w+)' data-id='([^']*)'>", panel.missing_html.value)


def links(html: str) -> dict[str, bytes]:
    return {name: base64.b64decode(data)
            for name, data in re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)}


def docx_texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return texts


def test_every_dossier_field_is_asked_once_with_its_label_in_the_forms_groups(store, scheduler):
    app = make(store, scheduler)
    app.open_sample(str(SAMPLE_26))
    assert app.work_tabs.titles[TAB_DOSSIER] == "Hồ sơ"
    assert app.dossier.inputs == {} and app.dossier.missing_html.value == ""  # built when first opened
    panel = open_tab(app, None)
    typed = [f for f in defs.fields().values() if f.answer_key]
    topics = [f"attachments.{x['id']}" for x in defs.evidence_topics()]
    assert sorted(panel.inputs) == sorted([f.id for f in typed] + topics)
    kinds = {"choice": w.Dropdown, "checkbox": w.Checkbox, "long_text": w.Textarea, "text": w.Text}
    for f in typed:
        widget = panel.inputs[f.id]
        assert isinstance(widget, kinds.get(f.kind, w.Text)), f.id
        assert widget.description.startswith(f.label_for("vi")), f.id  # the label is the input's own
    assert panel.inputs["representative_name"].description == "Họ tên người đại diện theo pháp luật *"
    assert [label for label, _ in panel.inputs["representative_gender"].options] == ["— chưa chọn —", "Nam", "Nữ"]
    headings = [h.value for h, _ in panel.headings]
    assert "<h4>Mẫu số 02 · Phần I. THÔNG TIN CHUNG</h4>" in headings
    order = list(panel.fields_box.children)
    part2 = next(i for i, c in enumerate(order) if isinstance(c, w.HTML) and "Phần II." in c.value)
    assert order[part2 + 1] is panel.inputs["production_org"]  # fields stand under their part
    # what the sample's file holds is shown
    assert panel.inputs["organisation_type"].value == "cooperative"
    assert panel.inputs["registration_kind"].value == "upgrade"
    # an empty field says what the forms print instead
    assert panel.inputs["place"].placeholder == "Để trống thì dùng: (địa danh cũ: huyện Bạch Thông) (thẻ Bắt đầu)"
    assert panel.inputs["product_code"].placeholder.startswith("T: mã tỉnh")
    panel.inputs["year"].value = ""
    assert panel.inputs["year"].placeholder == "Để trống thì dùng: 2026 (ngày của bài tự đánh giá)"


def test_filling_fields_shrinks_the_missing_list_for_the_star_applied_for(store, scheduler):
    panel = open_tab(make(store, scheduler))
    before = missing_ids(panel)
    assert "Hồ sơ 4 sao còn thiếu" in panel.missing_html.value  # held back: the band's star by default
    assert ("minimum", "A.1.4") in before and ("field", "representative_name") in before
    assert ("evidence", "A.1.1") in before
    app = panel.app
    app.start.info_inputs["producer"].value = ""  # asked on the Start tab: the list says where
    missing = "Tên chủ thể (đơn vị đăng ký): chưa điền <span class='ocop-help'>(thẻ Bắt đầu)</span>"
    assert missing in panel.missing_html.value
    app.start.info_inputs["producer"].value = "HTX Hương Ngàn"
    panel.inputs["representative_name"].value = "Hoàng Thị Hằng"
    panel.inputs["representative_gender"].value = "female"
    panel.inputs["phone"].value = "gọi tôi"
    after = missing_ids(panel)
    assert ("field", "representative_name") not in after and ("field", "representative_gender") not in after
    assert ("format", "phone") in after and "“gọi tôi” chưa đúng dạng" in panel.missing_html.value
    panel.inputs["phone"].value = "0912 345 678"
    assert len(missing_ids(panel)) == len(before) - 3
    panel.target_picker.value = 3  # the star of the rating: no minimum is missing
    assert "Hồ sơ 3 sao còn thiếu" in panel.missing_html.value and ("minimum", "A.1.4") not in missing_ids(panel)
    panel.target_picker.value = 0
    app.work_tabs.selected_index = TAB_FORM
    app.control("A.1.1").note.value = "Vùng sả 12 ha của 40 hộ"
    assert ("evidence", "A.1.1") in missing_ids(panel)  # not recomputed while the tab is closed
    app.work_tabs.selected_index = TAB_DOSSIER
    assert ("evidence", "A.1.1") not in missing_ids(panel)
    app.answer("A.1.4", 2)  # the minimum met: the assessment is now 4 stars
    assert ("minimum", "A.1.4") not in missing_ids(panel)
    assert app.model.dossier["representative_name"] == "Hoàng Thị Hằng"


def test_boxes_fall_back_on_the_answers_and_a_kind_of_ip_ticks_ip_registered(store, scheduler):
    panel = open_tab(make(store, scheduler))
    assert panel.inputs["ip_registered"].value is False and not panel.inputs["ip_registered"].disabled
    panel.inputs["ip_trademark"].value = True
    assert panel.inputs["ip_registered"].value is True and panel.inputs["ip_registered"].disabled
    assert panel.app.model.dossier == {"year": "2026", "organisation_type": "cooperative",
                                       "registration_kind": "upgrade", "ip_trademark": True}


def test_fields_come_back_when_the_draft_is_reopened(store, scheduler):
    app = make(store, scheduler)
    login(app)
    panel = open_tab(app)
    panel.inputs["representative_name"].value = "Hoàng Thị Hằng"
    panel.inputs["representative_gender"].value = "female"
    panel.inputs["business_registration"].value = True
    panel.inputs["history"].value = "Thành lập năm 2015.\nMở rộng năm 2020."
    panel.inputs["attachments.raw_material"].value = "Hợp đồng liên kết 120 hộ"
    scheduler.run_all()
    assert "Đã lưu" in app.shell.status_html.value

    other = make(store, scheduler)  # a reload, another kernel
    login(other, code="hv01")
    assert other.model.dossier == app.model.dossier
    again = open_tab(other, None)
    assert again.inputs["representative_name"].value == "Hoàng Thị Hằng"
    assert again.inputs["representative_gender"].value == "female"
    assert again.inputs["business_registration"].value is True
    assert again.inputs["history"].value == "Thành lập năm 2015.\nMở rộng năm 2020."
    assert again.inputs["attachments.raw_material"].value == "Hợp đồng liên kết 120 hộ"


def test_docx_download_reads_back_with_fields_criteria_and_diacritics(store, scheduler, monkeypatch):
    import ocop_kit.reports.dossier_docx as dossier_docx

    panel = open_tab(make(store, scheduler))
    panel.inputs["representative_name"].value = unicodedata.normalize("NFD", "Hoàng Thị Hằng")
    panel.inputs["representative_ethnicity"].value = "Tày"
    panel.inputs["attachments.raw_material"].value = "Hợp đồng liên kết 120 hộ"
    panel.app.control("A.1.4").note.value = "Hợp đồng với 60% sản lượng"
    seen = []
    real = dossier_docx.render_docx

    def watch(document):
        seen.append((panel.docx_button.description, panel.docx_button.disabled))
        return real(document)

    monkeypatch.setattr(dossier_docx, "render_docx", watch)
    panel.docx_button.click()
    assert seen == [("Đang tạo…", True)]  # busy while it works
    assert (panel.docx_button.description, panel.docx_button.disabled) == ("Tạo Mẫu 01 + 02 (Word .docx)", False)
    files = links(panel.links_html.value)
    assert list(files) == ["mau-01-02-tinh-dau-sa-chanh-huong-ngan.docx"]
    texts = docx_texts(files["mau-01-02-tinh-dau-sa-chanh-huong-ngan.docx"])
    joined = "\n".join(texts)
    assert "- Họ tên người đại diện pháp lý: Hoàng Thị Hằng" in texts  # composed (NFC) again
    assert "PHIẾU ĐĂNG KÝ" in texts and "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM" in texts
    assert "Tinh dầu sả chanh Hương Ngàn" in joined and "HTX Hương Ngàn" in joined
    assert "A.1.4" in texts and "Liên kết chuỗi trong sản xuất" in joined and "Hợp đồng với 60% sản lượng" in texts
    assert "Hợp đồng liên kết 120 hộ" in texts and "Tày" in joined
    assert "MINH HỌA CHO TẬP HUẤN" in joined  # the sample is a training example
    assert unicodedata.normalize("NFC", joined) == joined
    panel.inputs["samples"].value = "2 chai 100 ml"
    assert panel.links_html.value == ""  # a file no longer matching the entries is withdrawn


def test_every_user_text_is_escaped_in_the_tab_and_the_html(store, scheduler):
    app = make(store, scheduler)
    app.open_sample(str(SAMPLE_26))
    app.start.info_inputs["product"].value = f"Tinh dầu {EVIL}"
    panel = open_tab(app, None)
    panel.inputs["representative_name"].value = f"Lan {EVIL}"
    panel.inputs["history"].value = f"Lịch sử {EVIL}"
    panel.inputs["phone"].value = EVIL  # shown back in the missing list
    assert EVIL not in panel.missing_html.value and "&lt;script&gt;" in panel.missing_html.value
    panel.html_button.click()
    files = links(panel.links_html.value)
    html = files["mau-01-02-tinh-dau-script-alert-1-script.html"].decode("utf-8")
    assert EVIL not in html and "Lan &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Lịch sử &lt;script&gt;" in html


def test_business_plan_of_the_same_code_fills_parts_two_and_four(store, scheduler):
    app = make(store, scheduler)
    panel = open_tab(app, MIEN_DONG_26)
    assert "đăng nhập bằng mã học viên" in panel.plan_html.value
    login(app, code="HV07")
    assert "Mã HV07 chưa có phương án kinh doanh" in panel.plan_html.value
    plan = PlanState.from_sample("mien-dong-tai-hoan")
    store.save_draft("HV07", PLAN_APP, "plan1", plan.to_payload(), "Miến dong Tài Hoan")
    store.save_draft("HV08", PLAN_APP, "plan2", plan.to_payload(), "someone else's")
    app.work_tabs.selected_index = TAB_FORM
    app.work_tabs.selected_index = TAB_DOSSIER  # looked up again when the tab opens
    assert "lấy từ phương án kinh doanh “Miến dong Tài Hoan” của mã HV07" in panel.plan_html.value
    assert panel.inputs["markets"].placeholder.startswith("Để trống thì dùng: Điểm bán OCOP")
    assert panel.inputs["markets"].placeholder.endswith("(phương án kinh doanh)")
    assert not any(kind == "plan" for kind, _ in missing_ids(panel))  # same product, figures computed
    panel.docx_button.click()
    texts = docx_texts(links(panel.links_html.value)["mau-01-02-mien-dong-tai-hoan.docx"])
    joined = "\n".join(texts)
    sales = plan.plan.business_plan["sales_channels"].split("\n")[0]
    assert sales in joined and "Doanh thu" in joined and "Lợi nhuận sau thuế" in joined


def test_english_labels_and_choices(store, scheduler):
    app = make(store, scheduler)
    panel = open_tab(app)
    panel.inputs["representative_gender"].value = "female"
    app.shell.set_lang("en")
    assert app.work_tabs.titles[TAB_DOSSIER] == "Dossier"
    assert panel.inputs["representative_name"].description == "Legal representative's full name *"
    assert [label for label, _ in panel.inputs["representative_gender"].options] == ["— not chosen —", "Male", "Female"]
    assert panel.inputs["representative_gender"].value == "female"
    assert "<h4>Form 02 · Part I. GENERAL INFORMATION</h4>" in [h.value for h, _ in panel.headings]
    assert "The 4-star dossier still lacks" in panel.missing_html.value
    assert panel.docx_button.description == "Make Forms 01 + 02 (Word .docx)"


def test_a_long_text_is_cut_and_the_user_told(store, scheduler):
    panel = open_tab(make(store, scheduler))
    limit = defs.fields()["representative_name"].max_length
    panel.inputs["representative_name"].value = "x" * (limit + 10)
    assert panel.inputs["representative_name"].value == "x" * limit
    assert f"cắt còn {limit} ký tự" in panel.app.shell.notice_html.value

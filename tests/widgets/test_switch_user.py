"""Issue 12: a new person on a shared laptop starts from an empty page, never with the last one's work.

Regression first: typing a new trainee code used to copy the previous trainee's whole
assessment (evidence notes included) into the new code.
"""
from __future__ import annotations

import ipywidgets as w
import pytest

from ocop_kit import workshop as ws
from ocop_kit.views.assessment import AssessmentApp
from ocop_kit.views.business_plan import BusinessPlanView
from ocop_kit.views.product_idea import ProductIdeaView

PRODUCT = "Miến dong Côi Báu của chị Lan"
NOTE = "Hợp đồng bao tiêu số 17/HĐ với siêu thị — bí mật của Lan"


def visible_text(widget) -> str:
    """Every text the page holds (values, options, descriptions) below ``widget``."""
    out = []
    stack = [widget]
    while stack:
        item = stack.pop()
        for attr in ("value", "description", "placeholder"):
            value = getattr(item, attr, None)
            if isinstance(value, str):
                out.append(value)
        options = getattr(item, "options", None)
        if options:
            out.extend(str(o) for o in options)
        stack.extend(getattr(item, "children", ()) or ())
    return "\n".join(out)


def sign_in(app, code, name="Lan"):
    app.shell.code_input.value = code
    app.shell.name_input.value = name
    app.shell.start_button.click()


def fill_assessment(app):
    app.start.info_inputs["product"].value = PRODUCT
    app.start.set_search.value = "thao duoc khac"
    app.start.start_button.click()
    app.answer("A.1.1", 2)
    app.control("A.1.1").note.value = NOTE
    app.save_now()


@pytest.mark.parametrize("how", ["new_code", "switch_button"])
def test_assessment_next_trainee_starts_empty(store, scheduler, how):
    app = AssessmentApp("vi", store, scheduler=scheduler)
    app.start.version_picker.value = "qd1048-2019"
    sign_in(app, "LOP1-01")
    fill_assessment(app)
    assert PRODUCT in visible_text(app.root) and NOTE in visible_text(app.root)
    if how == "switch_button":
        app.shell.switch_button.click()
        assert app.shell.user_code is None and app.shell.code_input.value == ""
    sign_in(app, "LOP1-02", "Hùng")
    scheduler.run_all()
    app.save_now()
    text = visible_text(app.root)
    assert PRODUCT not in text and NOTE not in text
    assert app.model is None
    assert store.list_drafts("LOP1-02", "assessment") == []
    [mine] = store.list_drafts("LOP1-01", "assessment")
    assert store.load_draft("LOP1-01", "assessment", mine.draft_id).payload["evidence"]["A.1.1"] == NOTE
    # the next person's own work goes under their code only
    app.start.set_search.value = "thao duoc khac"
    app.start.start_button.click()
    app.save_now()
    assert len(store.list_drafts("LOP1-02", "assessment")) == 1
    assert len(store.list_drafts("LOP1-01", "assessment")) == 1


def test_plan_and_idea_next_trainee_starts_empty(store, scheduler):
    for cls in (BusinessPlanView, ProductIdeaView):
        view = cls("vi", store=store, scheduler=scheduler)
        sign_in(view, "LOP2-01")
        view.state.plan.product_idea["product_name"] = PRODUCT
        view.state.plan.title = PRODUCT
        view.render()
        view.changed()
        view.saver.flush()
        assert PRODUCT in visible_text(view.root)
        sign_in(view, "LOP2-02", "Hùng")
        scheduler.run_all()
        assert PRODUCT not in visible_text(view.root), cls.__name__
        assert all(PRODUCT not in str(store.load_draft("LOP2-02", view.app_id, d.draft_id).payload)
                   for d in store.list_drafts("LOP2-02", view.app_id))


def test_workshop_sign_in_by_code_name_pin_and_submit(store, scheduler):
    room = ws.create_workshop(store, "Lớp Ba Bể", "mật khẩu giảng viên")
    app = AssessmentApp("vi", store, scheduler=scheduler)
    app.start.version_picker.value = "qd1048-2019"
    assert app.shell.workshop_mode
    assert app.shell.join_row.layout.display == "" and app.shell.login_row.layout.display == "none"
    sign_in(app, "LOP1-01")  # the old code sign-in is refused once the kit has workshops
    assert app.shell.user_code is None and "mã lớp" in app.shell.notice_html.value
    shell = app.shell
    shell.join_input.value, shell.wname_input.value, shell.pin_input.value = room.join_code, "Lan", "12"
    shell.join_button.click()
    assert "4 chữ số" in shell.notice_html.value and shell.user_code is None
    shell.pin_input.value = "1234"
    shell.join_button.click()
    assert shell.pin_input.value == "" and "Lớp Ba Bể" in shell.who_html.value
    assert shell.join_row.layout.display == "none" and shell.switch_button.layout.display == ""
    fill_assessment(app)
    assert shell.submit_button.layout.display == ""
    shell.submit_button.click()
    assert "Đã nộp bài" in shell.notice_html.value
    [final] = store.workshop_drafts(room.join_code, "assessment")
    assert final.payload["evidence"]["A.1.1"] == NOTE
    shell.switch_button.click()
    assert NOTE not in visible_text(app.root) and shell.join_row.layout.display == ""
    # a classmate with Lan's name but another PIN gets a clear message, not Lan's work
    shell.join_input.value, shell.wname_input.value, shell.pin_input.value = room.join_code, "lan", "9999"
    shell.join_button.click()
    assert "Sai mã PIN" in shell.notice_html.value and shell.user_code is None
    assert NOTE not in visible_text(app.root)
    # Lan again, on "another device": her draft comes back
    other = AssessmentApp("vi", store, scheduler=scheduler)
    other.shell.join(room.join_code, "Lan", "1234")
    assert NOTE in visible_text(other.root)


def test_submit_without_work_says_so(store, scheduler):
    app = AssessmentApp("en", store, scheduler=scheduler)
    sign_in(app, "LOP1-03")
    assert not app.shell.submit()
    assert "nothing to submit" in app.shell.notice_html.value


def test_visible_text_sees_a_textarea():
    assert "x-y" in visible_text(w.VBox([w.HBox([w.Textarea(value="x-y")])]))

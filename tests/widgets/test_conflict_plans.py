"""Two tabs, one trainee code, one store: the business-plan and product-idea apps recover from
an autosave conflict with the banner's two buttons (reload, save as copy)."""
from __future__ import annotations

import pytest

from ocop_kit.autosave import ManualScheduler
from ocop_kit.views.business_plan import BusinessPlanView
from ocop_kit.views.product_idea import ProductIdeaView


def plan_title(view):
    return view.title_input


def idea_name(view):
    return view.panel.inputs["product_name"]


def plan_text(payload):
    return payload["plan"]["title"]


def idea_text(payload):
    return payload["plan"]["product_idea"]["product_name"]


APPS = [
    pytest.param(BusinessPlanView, plan_title, plan_text, id="business-plan"),
    pytest.param(ProductIdeaView, idea_name, idea_text, id="product-idea"),
]


def open_tab(cls, store, lang="vi"):
    view = cls(lang, store=store, scheduler=ManualScheduler())
    view.shell.login("HV01")
    view.session.scheduler.run_all()
    return view


def two_tabs_in_conflict(cls, field, store, lang="vi"):
    a = open_tab(cls, store, lang)
    b = open_tab(cls, store, lang)  # restores the draft tab A started
    assert b.session.draft_id == a.session.draft_id
    field(a).value = "Tab A typed this"
    field(b).value = "Tab B typed this"
    b.session.scheduler.run_all()
    a.session.scheduler.run_all()
    return a, b


@pytest.mark.parametrize("cls, field, text", APPS)
def test_tab_a_sees_the_banner_with_both_buttons(cls, field, text, store):
    a, b = two_tabs_in_conflict(cls, field, store)
    assert a.conflict.visible and not b.conflict.visible
    assert "vừa được lưu ở một thẻ hoặc thiết bị khác" in a.conflict.text.value
    assert a.conflict.reload_button.description == "Tải lại bản mới"
    assert a.conflict.copy_button.description == "Lưu thành bản sao"
    assert not a.conflict.reload_button.disabled
    assert "ocop-status-conflict" in a.shell.status_html.value
    assert text(store.load_draft("HV01", cls.app_id, b.session.draft_id).payload) == "Tab B typed this"


@pytest.mark.parametrize("cls, field, text", APPS)
def test_save_as_copy_keeps_tab_a_text_and_autosave_works_again(cls, field, text, store):
    a, b = two_tabs_in_conflict(cls, field, store)
    first_id = b.session.draft_id
    a.conflict.copy_button.click()
    assert not a.conflict.visible
    copy_id = a.session.draft_id
    assert copy_id != first_id
    copy = store.load_draft("HV01", cls.app_id, copy_id)
    assert text(copy.payload) == "Tab A typed this"
    assert copy.title.startswith("Bản sao của")
    assert any(i.draft_id == copy_id for i in a.drafts.infos)
    field(a).value = "Tab A, after the copy"
    a.session.scheduler.run_all()
    assert "ocop-status-saved" in a.shell.status_html.value
    assert text(store.load_draft("HV01", cls.app_id, copy_id).payload) == "Tab A, after the copy"
    assert text(store.load_draft("HV01", cls.app_id, first_id).payload) == "Tab B typed this"


@pytest.mark.parametrize("cls, field, text", APPS)
def test_reload_shows_tab_b_text_and_autosave_works_again(cls, field, text, store):
    a, b = two_tabs_in_conflict(cls, field, store)
    a.conflict.reload_button.click()
    assert not a.conflict.visible
    assert field(a).value == "Tab B typed this"
    field(a).value = "Tab A, after reloading"
    a.session.scheduler.run_all()
    stored = store.load_draft("HV01", cls.app_id, b.session.draft_id)
    assert text(stored.payload) == "Tab A, after reloading"
    assert "ocop-status-saved" in a.shell.status_html.value


@pytest.mark.parametrize("cls, field, text", APPS)
def test_banner_in_english_and_draft_deleted_elsewhere(cls, field, text, store):
    a, b = two_tabs_in_conflict(cls, field, store, lang="en")
    assert a.conflict.reload_button.description == "Reload the newer version"
    assert a.conflict.copy_button.description == "Save as a copy"
    a.conflict.reload_button.click()
    store.delete_draft("HV01", cls.app_id, b.session.draft_id)
    field(a).value = "Tab A, draft gone"
    a.session.scheduler.run_all()
    assert a.conflict.visible and a.conflict.reload_button.disabled
    a.shell.set_lang("vi")
    assert a.conflict.copy_button.description == "Lưu thành bản sao"
    assert "đã bị xoá" in a.conflict.text.value
    a.conflict.copy_button.click()
    assert text(store.load_draft("HV01", cls.app_id, a.session.draft_id).payload) == "Tab A, draft gone"


@pytest.mark.parametrize("cls, field, text", APPS)
def test_duplicate_from_the_list_saves_what_was_just_typed(cls, field, text, store):
    view = open_tab(cls, store)
    field(view).value = "Typed, not yet saved"
    view.drafts.refresh()
    row = next(r for r in view.drafts.rows.children if r.draft_id == view.session.draft_id)
    row.buttons["duplicate"].click()
    copies = [i for i in store.list_drafts("HV01", cls.app_id) if i.draft_id != view.session.draft_id]
    assert len(copies) == 1
    assert text(store.load_draft("HV01", cls.app_id, copies[0].draft_id).payload) == "Typed, not yet saved"

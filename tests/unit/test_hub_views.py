"""The apps under JupyterHub (fake hub API as in test_hub.py): sign-in from the hub user, no
typed codes, the facilitator page opened by the hub group and not by a passphrase."""
import pytest

from ocop_kit import hub
from ocop_kit.apps.assessment import APP_ID
from ocop_kit.storage import open_store
from ocop_kit.views import assessment

from .test_hub import TOKEN, FakeHub


@pytest.fixture
def fake_hub(monkeypatch):
    hub.forget_cache()
    fake = FakeHub({"lan": ["lop-bac-kan"], "minh": ["lop-bac-kan"],
                    "thu": ["ocop-facilitators", "lop-bac-kan"],
                    "tam": ["ocop-facilitators", "lop-a", "lop-b"], "ghost": None})
    monkeypatch.setenv("JUPYTERHUB_API_URL", fake.url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", TOKEN)
    yield fake
    fake.close()
    hub.forget_cache()


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "hub.sqlite")


def shown(widget) -> bool:
    return widget.layout.display != "none"


def facilitator_page(**kwargs):
    from ocop_kit.views import facilitator

    return facilitator.build_app(**kwargs)


def open_as(monkeypatch, store, user, lang="vi"):
    monkeypatch.setenv("JUPYTERHUB_USER", user)
    app = assessment.build_app(lang=lang, store=store)
    app.shell.follow_url_language()  # the notebook's last cell
    return app


def test_the_hub_user_is_signed_in_without_a_code(fake_hub, store, monkeypatch):
    app = open_as(monkeypatch, store, "lan")
    shell = app.shell
    assert shell.from_hub and shell.user_name == "lan"
    assert shell.workshop.name == "lop-bac-kan"
    assert shell.user_code == hub.sign_in(store, "lan").owner
    assert "lan" in shell.who_html.value and "lop-bac-kan" in shell.who_html.value
    for row in (shell.login_row, shell.join_row, shell.login_help, shell.switch_button):
        assert not shown(row)
    # No typed code or PIN changes who works here.
    assert not shell.login("BK19-01", "Ai đó")
    assert not shell.join(hub.join_code_for("lop-bac-kan"), "minh", "1234")
    assert shell.user_name == "lan"


def test_each_hub_user_sees_only_their_own_draft(fake_hub, store, monkeypatch):
    lan = open_as(monkeypatch, store, "lan")
    store.save_draft(lan.shell.user_code, APP_ID, "d-lan", {"answers": {}}, "Miến dong Na Rì")
    minh = open_as(monkeypatch, store, "minh")
    assert minh.shell.user_code != lan.shell.user_code
    assert [d.title for d in store.list_drafts(minh.shell.user_code, APP_ID)] == []
    lan_again = open_as(monkeypatch, store, "lan")
    assert [d.title for d in store.list_drafts(lan_again.shell.user_code, APP_ID)] == ["Miến dong Na Rì"]


def test_a_hub_that_hides_groups_signs_nobody_in(fake_hub, store, monkeypatch):
    app = open_as(monkeypatch, store, "ghost", lang="en")
    assert app.shell.user_code is None
    assert "read:users:groups" in app.shell.notice_html.value
    assert not shown(app.shell.login_row) and not shown(app.shell.join_row)


def test_facilitator_page_opens_for_the_hub_group(fake_hub, store, monkeypatch):
    open_as(monkeypatch, store, "lan")
    open_as(monkeypatch, store, "minh")
    monkeypatch.setenv("JUPYTERHUB_USER", "thu")
    page = facilitator_page(lang="vi", store=store)
    assert page.workshop is not None and page.workshop.name == "lop-bac-kan"
    assert page.shell.body.children == (page.room_box,)
    assert "lan" in page.roster.text and "minh" in page.roster.text
    def under(box):
        return [box] + [x for child in getattr(box, "children", ()) for x in under(child)]

    assert not [x for x in under(page.gate.widget) if type(x).__name__ == "Password"]  # no passphrase under the hub


def test_facilitator_page_stays_closed_for_a_trainee(fake_hub, store, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "lan")
    page = facilitator_page(lang="en", store=store)
    assert page.workshop is None
    assert page.shell.body.children == (page.gate.widget,)
    text = page.gate.widget.children[0].value
    assert "ocop-facilitators" in text and "lan" in text
    assert len(page.gate.widget.children) == 1  # no workshop button, no passphrase form


def test_a_facilitator_of_two_groups_chooses(fake_hub, store, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "tam")
    page = facilitator_page(lang="vi", store=store)
    assert page.workshop is None
    buttons = page.gate.widget.children[1:]
    assert [b.description for b in buttons] == ["Mở lớp lop-a", "Mở lớp lop-b"]
    page.shell.set_lang("en")
    assert [b.description for b in buttons] == ["Open workshop lop-a", "Open workshop lop-b"]
    buttons[1].click()
    assert page.workshop.name == "lop-b"
    page.lock()
    assert page.shell.body.children == (page.gate.widget,) and page.workshop is None
    page.roster.stop_timer()

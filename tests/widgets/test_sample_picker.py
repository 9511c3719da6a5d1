"""Opening a sample redraws the plan apps; the picker must still name the sample that is open
(it used to fall back to the first one, so a second tap opened another sample)."""
import pytest

from ocop_kit.apps.business_plan import SAMPLES
from ocop_kit.autosave import ManualScheduler
from ocop_kit.storage import open_store
from ocop_kit.views.business_plan import BusinessPlanView
from ocop_kit.views.product_idea import ProductIdeaView


@pytest.mark.parametrize("view_class", [BusinessPlanView, ProductIdeaView])
def test_the_picker_keeps_the_sample_that_was_opened(tmp_path, view_class):
    view = view_class("vi", store=open_store(tmp_path / "db.sqlite"), scheduler=ManualScheduler())
    assert view.sample_pick.value == SAMPLES[0]
    last = SAMPLES[-1]
    view.sample_pick.value = last
    view.sample_button.click()
    opened = view.state.plan.title
    assert opened and view.state.plan.illustrative
    assert view.sample_pick.value == last  # a new picker after the redraw, on the same sample
    view.sample_button.click()  # a second tap opens the same sample again
    assert view.state.plan.title == opened
    view.sample_pick.value = SAMPLES[0]
    view.sample_button.click()
    assert view.state.plan.title != opened
    view.shell.set_lang("en")
    assert view.sample_pick.value == SAMPLES[0]

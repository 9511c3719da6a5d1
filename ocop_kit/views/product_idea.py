"""Product idea app (Biểu số 01, step 2 of the OCOP cycle).

The form is generated from ``ocop_kit/forms/product_idea.json``; the checks a district officer
makes (missing fields, a price without its unit, an empty story…) are shown next to each field
in the user's language; money and whole numbers are typed inputs that say what they read. The
status bar counts the required fields filled; the filled form prints in the official A4 layout.

Usage in a notebook::

    from ocop_kit.views.product_idea import ProductIdeaView
    ProductIdeaView().root
"""
from __future__ import annotations

import ipywidgets as w

from ..apps.business_plan import IDEA_APP_ID, PlanState, required_filled
from ..forms_check import load_form
from ..i18n import t
from ..text import escape, slugify
from .common import busy, current_lang, message_html
from .downloads import download_link
from .plan_widgets import TABLE_CSS, DraftController, FormPanel, close_tree, hbox, html

__all__ = ["ProductIdeaView", "build_app"]


class ProductIdeaView(DraftController):
    app_id = IDEA_APP_ID
    title_key = "plan_app.idea_title"
    panel: FormPanel  # built by render()

    def __init__(self, lang: str | None = None, store=None, scheduler=None, debounce_s: float | None = None):
        self.form_def = load_form("product_idea")
        self.checked = False  # after "Kiểm tra phiếu" every empty required field is reported
        self.touched: set = set()
        super().__init__(lang or current_lang(), store, scheduler, debounce_s)
        self.render()

    # --- building -------------------------------------------------------------------

    def render(self) -> None:
        lang = self.lang
        self.intro = html(f'<p class="ocop-help">{escape(t("plan_app.idea_intro", lang))}</p>')
        self.panel = FormPanel(self.form_def, None, self.state.plan.product_idea, self._on_field, lang)
        self.check_button = w.Button(description=t("plan_app.check_form", lang), button_style="info",
                                     layout=w.Layout(width="auto"))
        self.check_button.on_click(lambda _b: self.check())
        self.summary_html = html()
        self.print_button = w.Button(description=t("plan_app.make_print", lang), icon="print",
                                     layout=w.Layout(width="auto"))
        self.print_button.on_click(lambda _b: self.shell._safe(self.make_print))
        self.print_link = html()
        tools = self.sample_tools()
        actions = hbox([self.check_button, self.print_button, self.print_link])
        actions.add_class("ocop-row")
        old = self.shell.body.children
        self.shell.set_body(w.VBox([html(TABLE_CSS), self.intro, tools, self.drafts.root,
                                    self.panel.root, self.summary_html, actions]))
        for widget in old:
            close_tree(widget, keep=(self.drafts.root,))
        self.refresh_messages()

    # --- events ---------------------------------------------------------------------

    def _on_field(self, fid: str, value) -> None:
        if self.state.set_form_value("product_idea", fid, value):
            self.panel.inputs[fid].value = self.state.plan.product_idea[fid]
            self.shell.notify(t("views.text_cut", self.lang, limit=len(self.state.plan.product_idea[fid])),
                              "warning")
        self.touched.add(fid)
        self.refresh_messages()
        self.print_link.value = ""
        self.changed()

    def problems(self) -> dict:
        return self.state.form_problems("product_idea", self.lang)

    def refresh_messages(self) -> None:
        problems = self.problems()
        if not self.checked:  # before the check, only fields the user has typed in
            problems = {fid: msgs for fid, msgs in problems.items()
                        if fid in self.touched or self._linked_touched(fid)}
        self.panel.show_problems(problems)
        filled, total = required_filled("product_idea", self.state.plan.product_idea)
        self.shell.set_summary(f"<span class='ocop-status-filled'>"
                               f"{escape(t('plan_app.status.filled', self.lang, filled=filled, total=total))}"
                               f"</span>")
        if self.checked:
            count = sum(len(m) for m in self.problems().values())
            self.summary_html.value = message_html(
                t("plan_app.check_ok", self.lang) if not count
                else t("plan_app.check_count", self.lang, count=count),
                "success" if not count else "warning")

    def _linked_touched(self, fid: str) -> bool:
        """A unit field is checked as soon as its value field was typed in."""
        return any(f.get("unit_field") == fid and f["id"] in self.touched
                   for s in self.form_def["sections"] for f in s["fields"])

    def check(self) -> None:
        self.checked = True
        self.refresh_messages()

    def load_sample(self, name: str) -> None:
        sample = PlanState.from_sample(name)
        state = PlanState()
        state.plan.product_idea = dict(sample.plan.product_idea)
        state.plan.title = sample.plan.title
        state.plan.illustrative, state.plan.note = sample.plan.illustrative, sample.plan.note
        self.start_new(state)

    def make_print(self) -> None:
        from ..reports.idea_html import idea_html

        plan = self.state.plan
        self.print_link.value = ""
        with busy(self.print_button, self.lang):
            html = idea_html(plan.product_idea, self.lang, self.form_def,
                             illustrative=plan.illustrative, note=plan.note)
        name = slugify(plan.product_idea.get("product_name") or "") or "y-tuong"
        self.print_link.value = download_link(html.encode("utf-8"), f"bieu-01-{name}.html",
                                              "text/html;charset=utf-8",
                                              t("plan_app.download_print", self.lang))



def build_app(lang: str | None = None, store=None) -> ProductIdeaView:
    """The product-idea app, as its notebook shows it."""
    return ProductIdeaView(lang=lang, store=store)

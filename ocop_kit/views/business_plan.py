"""Business plan app (Biểu số 03, step 3 of the OCOP cycle).

Tabs follow sections I–IV of the form; the financial plan takes product lines, monthly volumes,
fixed costs, equipment, funding and loans, and recomputes the SIYB tables on every change.
Every number is one ``TypedInput``: money boxes accept "1.500.000" or "1,5 triệu", percent boxes
"50%", and each shows what was read; bad input gets a message under the box and stays as typed.
A removed product line, cost, asset or loan can be put back ("Hoàn tác"). The status bar shows
the cash low point and how many required fields are filled. Charts are drawn only when their
tab is opened (matplotlib is imported then), with a note until they are. Drafts autosave by
trainee code.

Usage in a notebook::

    from ocop_kit.views.business_plan import BusinessPlanView
    BusinessPlanView().root
"""
from __future__ import annotations

import io
import re
from functools import partial

import ipywidgets as w

from ..apps.business_plan import (
    APP_ID,
    EXTRA_CHOICES,
    NAME_LIMIT,
    Evaluation,
    PlanState,
    cash_low,
    clean_text,
    format_field,
    read_field,
    required_filled,
)
from ..finance.model import FIXED_COST_CATEGORIES, MONTHS
from ..forms_check import load_form
from ..i18n import t
from ..money import format_vnd
from ..services import assessment_answers, latest_idea
from ..text import escape, slugify
from .common import ChartImage, busy, current_lang, message_html
from .downloads import download_link
from .plan_widgets import (
    TABLE_CSS,
    DraftController,
    FormPanel,
    UndoNotice,
    close_tree,
    hbox,
    html,
    layout,
    messages_html,
    text_input,
    vbox,
)
from .typed_input import TypedInput

__all__ = ["BusinessPlanView", "build_app", "TABS", "field_class"]

TABS = ("intro", "swot", "operations", "marketing", "investment", "finance", "results",
        "charts", "export")
# form section → tab; a new section in the JSON goes to the tab of its part
SECTION_TAB = {"intro_overview": "intro", "intro_organisation": "intro", "intro_plan": "intro",
               "intro_product": "intro", "market": "intro", "swot": "swot",
               "competition": "swot", "strategy": "swot", "operations": "operations",
               "marketing": "marketing", "investment": "investment", "funds": "finance",
               "results": "finance", "other_finance": "finance"}
PART_TAB = {"I": "intro", "II": "intro", "III": "swot", "IV": "finance"}
# the app's own choice fields (read by the consistency hints), shown after these sections
EXTRA_AFTER_SECTION = {"market_area": "operations", "raw_material_origin": "operations",
                       "accountant": "investment"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def field_class(path: str) -> str:
    """CSS class naming a finance box ("products[0].unit_price" → "ocop-f-products-0-unit_price"),
    so that browser tests and trainers' guides can point at it."""
    return "ocop-f-" + re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


def _section_tab(section) -> str:
    if section["id"] in SECTION_TAB:
        return SECTION_TAB[section["id"]]
    part = (section.get("part") or {}).get("vi", "").split(".")[0].strip()
    return PART_TAB.get(part, "intro")


class BusinessPlanView(DraftController):
    app_id = APP_ID
    title_key = "plan_app.plan_title"

    def __init__(self, lang: str | None = None, store=None, scheduler=None, debounce_s: float | None = None):
        self.form_def = load_form("business_plan")
        lang = lang or current_lang()
        self.assessment = None  # (answers, criteria set) of the user's self-assessment
        self.evaluation: Evaluation | None = None
        self.num_fields: dict[str, TypedInput] = {}  # path → its typed input
        self.text_fields: dict[str, tuple[w.Text, w.HTML]] = {}  # names of rows: box, message
        self.grid_fields: dict[str, tuple[list[TypedInput], w.HTML]] = {}  # month grids
        self.extra_inputs: dict[str, w.Dropdown] = {}
        self.extra_msgs: dict[str, w.HTML] = {}
        self.undo: UndoNotice  # made by render(), which the app shell's callbacks need first
        self.panels: dict = {}
        self.charts_stale = True
        self.tabs: w.Tab | None = None
        self.whatif_rows: dict[str, object] = {}
        super().__init__(lang, store, scheduler, debounce_s)
        self.render()

    # --- building -------------------------------------------------------------------

    def render(self) -> None:
        lang = self.lang
        self.num_fields, self.text_fields, self.grid_fields, self.panels = {}, {}, {}, {}
        self.undo = UndoNotice(lang, self._undo, self.shell._safe)
        self.extra_inputs, self.extra_msgs = {}, {}
        tools = self.sample_tools()
        self.banner = html()
        self.title_input = text_input(self.state.plan.title)
        self.title_input.observe(lambda ch: self.shell._safe(self._on_title, ch["new"]), names="value")

        pages: dict[str, list[w.Widget]] = {name: [] for name in TABS}
        pages["intro"].append(vbox([html(f"<b>{escape(t('finance.label.plan_title', lang))}</b>"),
                                      self.title_input]))
        carry = w.Button(description=t("plan_app.carry_over", lang), layout=layout(width="auto"))
        carry.on_click(lambda _b: self.shell._safe(self.carry_over))
        pages["intro"].append(carry)
        values = self.state.plan_values()
        for section in self.form_def["sections"]:
            tab = _section_tab(section)
            panel = FormPanel(self.form_def, [section["id"]], values, self._on_text, lang)
            self.panels[section["id"]] = panel
            if tab == "finance":
                continue  # added after the numbers
            pages[tab].append(panel.root)
            for name, after in EXTRA_AFTER_SECTION.items():
                if after == section["id"]:
                    pages[tab].append(self._extra(name))
        self.finance_box = vbox([])
        self.finance_msgs = html()
        pages["finance"] = [html(f'<p class="ocop-help">{escape(t("plan_app.finance_intro", lang))}</p>'),
                            self.finance_msgs, self.finance_box]
        pages["finance"] += [p.root for sid, p in self.panels.items()
                             if _section_tab(self._section(sid)) == "finance"]
        self.results_html = html()
        pages["results"] = [self.results_html]
        self.chart_note = html()
        self.chart_images = [ChartImage(format="png", layout=w.Layout(max_width="100%", width="720px",
                                                                    display="none"))
                             for _ in range(3)]
        pages["charts"] = [self.chart_note, *self.chart_images, self._whatif_panel()]
        self.xlsx_button = w.Button(description=t("plan_app.make_xlsx", lang), icon="table",
                                    layout=layout(width="auto"))
        self.xlsx_button.on_click(lambda _b: self.shell._safe(self.make_xlsx))
        self.print_button = w.Button(description=t("plan_app.make_print", lang), icon="print",
                                     layout=layout(width="auto"))
        self.print_button.on_click(lambda _b: self.shell._safe(self.make_print))
        self.export_links = html()
        pages["export"] = [html(f'<p class="ocop-help">{escape(t("plan_app.export_intro", lang))}</p>'),
                           hbox([self.xlsx_button, self.print_button]), self.export_links]
        selected = (self.tabs.selected_index or 0) if self.tabs is not None else 0
        self.tabs = w.Tab(children=[vbox(pages[name]) for name in TABS])
        for i, name in enumerate(TABS):
            self.tabs.set_title(i, t(f"plan_app.tab.{name}", lang))
        self.tabs.selected_index = selected
        self.tabs.observe(self._on_tab, names="selected_index")
        self.build_finance()
        old = self.shell.body.children
        self.shell.set_body(vbox([html(TABLE_CSS), tools, self.drafts.root, self.banner, self.tabs]))
        for widget in old:
            close_tree(widget, keep=(self.drafts.root,))
        self.charts_stale = True
        self.recompute(save=False)

    def _section(self, sid):
        return next(s for s in self.form_def["sections"] if s["id"] == sid)

    def _extra(self, name) -> w.Widget:
        lang = self.lang
        options = [(t("plan_app.choose", lang), "")] + [
            (t(f"plan_app.{name}.{v}", lang), v) for v in EXTRA_CHOICES[name]]
        current = self.state.plan.business_plan.get(name, "")
        drop = w.Dropdown(options=options, value=current if current in EXTRA_CHOICES[name] else "")
        drop.observe(lambda ch, n=name: self.shell._safe(self._on_extra, n, ch["new"]), names="value")
        msg = html()
        self.extra_inputs[name], self.extra_msgs[name] = drop, msg
        return vbox([html(f"<b>{escape(t('plan_app.field.' + name, lang))}</b>"), drop,
                       html(f'<span class="ocop-help">{escape(t("plan_app.help." + name, lang))}</span>'),
                       msg])

    # --- the financial inputs -------------------------------------------------------

    def _typed(self, path: str, width: str, compact: bool = False) -> TypedInput:
        lang = self.lang
        field = TypedInput(partial(read_field, path), partial(format_field, path),
                           lang, self.state.field_text(path, lang), width=width,
                           css_class=field_class(path), compact=compact,
                           on_change=partial(self.shell._safe, self._on_num, path))
        self.num_fields[path] = field
        return field

    def _num(self, path: str, label: str, width: str = "11em", help_text: str = "") -> w.Widget:
        field = self._typed(path, width)
        head = f"<b>{escape(label)}</b>"
        if help_text:
            head += f'<br><span class="ocop-help">{escape(help_text)}</span>'
        return vbox([html(head), field.root], margin="0 12px 4px 0")

    def _months(self, path: str) -> w.Widget:
        """Twelve small boxes with one message line for the whole row (fewer widgets)."""
        from ..finance.compute import calendar_month

        cells, fields = [], []
        for m in range(MONTHS):
            cy, cm = calendar_month(self.state.plan.finance, m + 1) if self._start_ok() else (0, m + 1)
            label = t("finance.label.month_short", self.lang, month=m + 1,
                      cal=f"{cm:02d}/{cy}" if cy else "…")
            field = self._typed(f"{path}[{m}]", "6.5em", compact=True)
            fields.append(field)
            cells.append(vbox([html(f'<span class="ocop-help">{escape(label)}</span>'), field.root],
                              margin="0 4px 2px 0"))
        msg = html()
        self.grid_fields[path] = (fields, msg)
        return vbox([hbox(cells), msg])

    def _start_ok(self) -> bool:
        f = self.state.plan.finance
        return 1 <= (f.start_month or 0) <= 12 and 1900 < (f.start_year or 0) < 2200

    def _remove_button(self, action) -> w.Button:
        b = w.Button(description=t("plan_app.remove", self.lang), icon="trash",
                     layout=layout(width="auto"))
        b.on_click(lambda _b: self.shell._safe(self.remove_row, action))
        return b

    def _add_button(self, key, action) -> w.Button:
        b = w.Button(description=t(key, self.lang), icon="plus", layout=layout(width="auto"))
        b.on_click(lambda _b: self.shell._safe(self._structure, action))
        return b

    def build_finance(self) -> None:
        """(Re)build the finance inputs from the state; typed text comes back from ``raw``."""
        lang, f, s = self.lang, self.state.plan.finance, self.state
        self.num_fields, self.text_fields, self.grid_fields = {}, {}, {}
        general = hbox([
            self._num("start_year", t("finance.field.start_year", lang), "7em"),
            self._num("start_month", t("finance.field.start_month", lang), "5em"),
            self._num("opening_cash", t("finance.field.opening_cash", lang)),
            self._num("tax_rate_pct", t("finance.label.tax_rate", lang), "6em",
                      t("finance.label.tax_rate_help", lang))])
        timing = hbox([
            self._num("supplier_credit_days", t("finance.field.supplier_credit_days", lang), "6em"),
            self._num("price_growth_pct", t("finance.field.price_growth_pct", lang), "6em"),
            self._num("cost_growth_pct", t("finance.field.cost_growth_pct", lang), "6em"),
            self._num("owner_drawings_monthly", t("finance.field.owner_drawings_monthly", lang)),
            self._num("coop_funds_pct", t("finance.field.coop_funds_pct", lang), "6em"),
            self._num("coop_distribution_pct", t("finance.field.coop_distribution_pct", lang), "6em")])
        blocks = [html(f"<h4>{escape(t('plan_app.general', lang))}</h4>"), general, self._tax_inputs(),
                  timing, html(f"<h4>{escape(t('finance.sheet.sales_forecast', lang))}</h4>")]
        for i, _p in enumerate(f.products):
            base = f"products[{i}]"
            head = hbox([self._text(f"{base}.name", t("finance.field.product_name", lang), "18em"),
                           self._text(f"{base}.unit", t("finance.field.unit", lang), "12em")])
            prices = hbox([self._num(f"{base}.{k}", t(f"finance.label.{k}", lang))
                             for k in ("unit_price", "raw_material", "packaging", "labour")])
            later = hbox([self._num(f"{base}.volume_y2", t("finance.field.volume_y2", lang)),
                            self._num(f"{base}.volume_y3", t("finance.field.volume_y3", lang)),
                            self._num(f"{base}.capacity_per_year", t("finance.field.capacity_per_year", lang)),
                            self._num(f"{base}.credit_share_pct", t("finance.field.credit_share_pct", lang), "6em"),
                            self._num(f"{base}.credit_days", t("finance.field.credit_days", lang), "6em")])
            made = w.Accordion(children=[vbox([])])
            made.set_title(0, t("finance.field.monthly_production_y1", lang))
            made.selected_index = None
            made.observe(lambda ch, a=made, b=base: self._open_grid(a, b, "monthly_production_y1", ch["new"]),
                         names="selected_index")
            if _p.monthly_production_y1 is not None:
                self._open_grid(made, base, "monthly_production_y1", 0)
            share = w.Accordion(children=[vbox([])])
            share.set_title(0, t("finance.field.material_purchase_share", lang))
            share.selected_index = None
            share.observe(lambda ch, a=share, b=base: self._open_share(a, b, ch["new"]),
                          names="selected_index")
            if _p.material_purchase_share is not None:
                self._open_share(share, base, 0)
            card = vbox([html(f"<b>{escape(t('plan_app.product_no', lang, number=i + 1))}</b>"),
                           head, prices,
                           html(f"<b>{escape(t('finance.field.monthly_volume_y1', lang))}</b>"),
                           self._months(f"{base}.monthly_volume_y1"), later, made, share,
                           self._remove_button(lambda i=i: s.remove_product(i))],
                          border="1px solid #ddd", padding="6px", margin="4px 0")
            blocks.append(card)
        blocks += self._undo_here("products")
        blocks.append(self._add_button("plan_app.add_product", s.add_product))

        blocks.append(html(f"<h4>{escape(t('finance.label.fixed_costs', lang))}</h4>"))
        cat_options = [(t(f"finance.category.{c}", lang), c) for c in FIXED_COST_CATEGORIES]
        for i, cost in enumerate(f.fixed_costs):
            base = f"fixed_costs[{i}]"
            cat = w.Dropdown(options=cat_options,
                             value=cost.category if cost.category in FIXED_COST_CATEGORIES else "other",
                             layout=layout(width="14em"))
            cat.observe(lambda ch, p=f"{base}.category": self.shell._safe(self._on_name, p, ch["new"]),
                        names="value")
            blocks.append(hbox([self._text(f"{base}.name", t("finance.field.cost_name", lang), "18em"),
                                  vbox([html(f"<b>{escape(t('finance.field.category', lang))}</b>"), cat]),
                                  self._num(f"{base}.yearly_amount", t("finance.field.yearly_amount", lang)),
                                  self._remove_button(lambda i=i: s.remove_fixed_cost(i))],
                                 align_items="flex-end"))
        blocks += self._undo_here("fixed_costs")
        blocks.append(self._add_button("plan_app.add_fixed_cost", s.add_fixed_cost))

        blocks.append(html(f"<h4>{escape(t('finance.sheet.startup_capital', lang))}</h4>"))
        for group in ("equipment", "premises"):
            blocks.append(html(f"<b>{escape(t('finance.field.' + group, lang))}</b>"))
            for i, _a in enumerate(getattr(f.investment, group)):
                base = f"investment.{group}[{i}]"
                blocks.append(hbox([
                    self._text(f"{base}.name", t("finance.field.asset_name", lang), "18em"),
                    self._num(f"{base}.cost", t("finance.field.cost", lang)),
                    self._num(f"{base}.useful_life_years", t("finance.label.useful_life", lang), "5em"),
                    self._remove_button(lambda g=group, i=i: s.remove_asset(g, i))],
                    align_items="flex-end"))
            blocks += self._undo_here(f"investment.{group}")
            blocks.append(self._add_button(f"plan_app.add_{group}", lambda g=group: s.add_asset(g)))
        blocks.append(self._num("investment.working_capital", t("finance.label.working_capital", lang)))

        blocks.append(html(f"<h4>{escape(t('finance.label.funding', lang))}</h4>"))
        blocks.append(hbox([self._num(f"funding.{k}", t(f"finance.label.{k}", lang))
                              for k in ("own_capital", "members_contributions", "grants")]
                             + [self._num("funding.declared_total", t("finance.field.declared_total", lang),
                                          help_text=t("plan_app.help.declared_total", lang))]))
        blocks.append(hbox([self._num(f"funding.{k}", t(f"finance.field.{k}", lang), "6em")
                            for k in ("own_capital_month", "members_month", "grants_month")]))
        for i, _loan in enumerate(f.funding.loans):
            base = f"funding.loans[{i}]"
            blocks.append(vbox([
                html(f"<b>{escape(t('plan_app.loan_no', lang, number=i + 1))}</b>"),
                hbox([self._text(f"{base}.lender", t("finance.field.lender", lang), "18em"),
                        self._num(f"{base}.amount", t("finance.field.loan_amount", lang)),
                        self._num(f"{base}.annual_rate_pct", t("finance.field.annual_rate_pct", lang), "6em"),
                        self._num(f"{base}.term_months", t("finance.field.term_months", lang), "6em"),
                        self._num(f"{base}.grace_months", t("finance.field.grace_months", lang), "6em"),
                        self._num(f"{base}.start_month", t("finance.field.start_month_loan", lang), "6em"),
                        self._remove_button(lambda i=i: s.remove_loan(i))],
                       align_items="flex-end")],
                border="1px solid #ddd", padding="6px", margin="4px 0"))
        blocks += self._undo_here("funding.loans")
        blocks.append(self._add_button("plan_app.add_loan", s.add_loan))
        old = self.finance_box.children
        self.finance_box.children = blocks
        for widget in old:
            close_tree(widget, keep=(self.undo.root,))

    def _undo_here(self, prefix: str) -> list:
        """The "Đã xoá … — Hoàn tác" notice goes where the removed row was listed."""
        return [self.undo.root] if self.undo.prefix == prefix else []

    def _open_share(self, accordion, base, index) -> None:
        """The purchase-month grid is built when first opened (most products never need it)."""
        if index is None or accordion.children[0].children:
            return
        accordion.children[0].children = (
            html(f'<span class="ocop-help">{escape(t("plan_app.help.purchase_share", self.lang))}</span>'),
            self._months(f"{base}.material_purchase_share"))
        self._show_messages()

    def _open_grid(self, accordion, base, name, index) -> None:
        if index is None or accordion.children[0].children:
            return
        accordion.children[0].children = (
            html(f'<span class="ocop-help">{escape(t("plan_app.help." + name, self.lang))}</span>'),
            self._months(f"{base}.{name}"))
        self._show_messages()

    def _tax_inputs(self) -> w.Widget:
        """The tax regime (data: finance/tax_regimes.json), its activity, and VAT."""
        from ..finance.model import TAX_REGIMES
        from ..finance.taxes import regime
        from ..i18n import pick

        lang, f = self.lang, self.state.plan.finance
        regimes = w.Dropdown(options=[(pick(regime(r)["name"], lang), r) for r in TAX_REGIMES],
                             value=f.tax_regime if f.tax_regime in TAX_REGIMES else "profit_tax",
                             layout=layout(width="28em"))
        regimes.observe(lambda ch: self.shell._safe(self._on_choice, "tax_regime", ch["new"]), names="value")
        acts = regime("household")["activities"]
        activity = w.Dropdown(options=[(pick(a["name"], lang), k) for k, a in acts.items()],
                              value=f.household_activity if f.household_activity in acts else "production",
                              layout=layout(width="24em"))
        activity.observe(lambda ch: self.shell._safe(self._on_choice, "household_activity", ch["new"]),
                         names="value")
        with_vat = w.Checkbox(value=bool(f.prices_include_vat), indent=False,
                              description=t("plan_app.prices_include_vat", lang))
        with_vat.observe(lambda ch: self.shell._safe(self._on_choice, "prices_include_vat", ch["new"]),
                         names="value")
        self.tax_inputs = (regimes, activity, with_vat)
        return hbox([vbox([html(f"<b>{escape(t('finance.label.tax_regime', lang))}</b>"), regimes]),
                     vbox([html(f"<b>{escape(t('plan_app.household_activity', lang))}</b>"), activity]),
                     self._num("vat_rate_pct", t("finance.field.vat_rate_pct", lang), "6em"),
                     with_vat], align_items="flex-end")

    def _on_choice(self, name, value) -> None:
        setattr(self.state.plan.finance, name, value)
        self.recompute()

    # --- what if ----------------------------------------------------------------------

    def _whatif_panel(self) -> w.Widget:
        from ..finance.whatif import SCENARIOS

        lang = self.lang
        self.whatif_rows = {}
        self.whatif_buttons = {}
        for name in SCENARIOS:
            b = w.Button(description=t(f"finance.whatif.{name}", lang), layout=layout(width="auto"))
            b.add_class(f"ocop-whatif-{name}")
            b.on_click(lambda _b, n=name: self.shell._safe(self.run_whatif, n))
            self.whatif_buttons[name] = b
        self.whatif_html = html()
        self.whatif_image = ChartImage(format="png", layout=w.Layout(max_width="100%", width="720px",
                                                                   display="none"))
        return vbox([html(f"<h4>{escape(t('finance.whatif.title', lang))}</h4>"),
                     hbox(list(self.whatif_buttons.values())), self.whatif_html, self.whatif_image])

    def run_whatif(self, name: str) -> None:
        """One click: the plan under one change, against the base plan; table and chart."""
        from ..finance.whatif import SCENARIOS, run

        lang, result = self.lang, self.evaluation.result if self.evaluation else None
        if result is None:
            self.whatif_html.value = message_html(t("plan_app.charts_need_valid", lang), "warning")
            return
        self.whatif_rows[name] = run(self.state.plan.finance, name, result)
        self._show_whatif(result, [self.whatif_rows[n] for n in SCENARIOS if n in self.whatif_rows])

    def _show_whatif(self, result, rows) -> None:
        from ..finance.charts import whatif_figure
        from ..finance.whatif import compare

        lang = self.lang
        base = compare(self.state.plan.finance, (), result)[0]
        beyond = t("finance.whatif.beyond", lang)

        def months(x):
            return beyond if x is None else str(x)

        def change(x, money=True):
            if x is None:
                return "–"
            text = format_vnd(x, lang) if money else str(x)
            return ("+" + text) if x > 0 else text

        head = (f"<tr><th></th><th>{escape(t('finance.whatif.low_point', lang))}</th>"
                f"<th>{escape(t('finance.whatif.net_profit', lang))}</th>"
                f"<th>{escape(t('finance.whatif.payback', lang))}</th></tr>")
        body = [f"<tr><td>{escape(t(base.key, lang))}</td>"
                f"<td class='num'>{escape(format_vnd(base.cash_low_point, lang))}</td>"
                f"<td class='num'>{escape(format_vnd(base.net_profit, lang))}</td>"
                f"<td class='num'>{escape(months(base.payback_months))}</td></tr>"]
        for r in rows:
            body.append(
                f"<tr class='ocop-whatif-row'><td>{escape(t(r.key, lang))}</td>"
                f"<td class='num'>{escape(format_vnd(r.cash_low_point, lang))} "
                f"({escape(change(r.low_point_change))})</td>"
                f"<td class='num'>{escape(format_vnd(r.net_profit, lang))} "
                f"({escape(change(r.net_profit_change))})</td>"
                f"<td class='num'>{escape(months(r.payback_months))} "
                f"({escape(change(r.payback_change, False))})</td></tr>")
        self.whatif_html.value = (f"<div class='ocop-tables ocop-whatif'><table>{head}{''.join(body)}</table>"
                                  f"<p class='ocop-help'>{escape(t('finance.whatif.change', lang))}: ( … )</p></div>")
        fig = whatif_figure([base, *rows], lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80)
        self.whatif_image.value = buffer.getvalue()
        self.whatif_image.tooltip = _chart_title(fig)
        self.whatif_image.layout.display = ""

    def _text(self, path: str, label: str, width: str) -> w.Widget:
        box = text_input(str(self.state.field_text(path, self.lang) or ""), width, continuous=False)
        box.add_class(field_class(path))
        msg = html()
        box.observe(lambda ch, p=path: self.shell._safe(self._on_name, p, ch["new"]), names="value")
        self.text_fields[path] = (box, msg)
        return vbox([html(f"<b>{escape(label)}</b>"), box, msg], margin="0 12px 4px 0")

    # --- events ---------------------------------------------------------------------

    def _on_title(self, value) -> None:
        self.state.plan.title = clean_text(value, NAME_LIMIT)[0]
        self.recompute()

    def _on_text(self, fid, value) -> None:
        if self.state.set_form_value("business_plan", fid, value):
            self.shell.notify(t("views.text_cut", self.lang, limit=len(self.state.plan.business_plan[fid])),
                              "warning")
        self.recompute()

    def _on_extra(self, name, value) -> None:
        self.state.plan.business_plan[name] = value or ""
        self.recompute()

    def _on_num(self, path: str, field: TypedInput) -> None:
        self.state.accept(path, field.raw, field.value, field.error)
        if path in ("start_year", "start_month") and field.valid:
            self._rebuild_finance()
        self.recompute()

    def _on_name(self, path, value) -> None:
        self.state.set_field(path, value)
        self.recompute()

    def _structure(self, action) -> None:
        if action() == -1:  # a list already at its limit (forms/finance_fields.json)
            self.shell.notify(t("limits.rows_full", self.lang), "warning")
            return
        self.undo.clear()  # the list changed: the removed row's place is no longer known
        self._rebuild_finance()
        self.recompute()

    def remove_row(self, action) -> None:
        """Remove a product line, cost, asset or loan; it can be put back until the next
        change of rows ("Đã xoá … — Hoàn tác")."""
        removed = action()
        self.undo.offer(removed)
        self._rebuild_finance()
        self.recompute()

    def _undo(self, removed) -> None:
        if not self.state.restore(removed):
            self.shell.notify(t("limits.rows_full", self.lang), "warning")
            return
        self._rebuild_finance()
        self.recompute()
        self.shell.notify(t("plan_app.restored", self.lang), "success")

    def _rebuild_finance(self) -> None:
        self.build_finance()

    def _on_tab(self, change) -> None:
        if TABS[change["new"]] == "charts" and self.charts_stale:
            self.shell._safe(self.draw_charts)

    def carry_over(self) -> None:
        filled = self.state.carry_over_idea()
        self.render()
        self.shell.notify(t("plan_app.carried_count", self.lang, count=len(filled)), "info")
        self.changed()

    def load_sample(self, name: str) -> None:
        self.start_new(PlanState.from_sample(name))

    def _on_switch(self) -> None:
        self.assessment = None  # the previous person's self-assessment
        super()._on_switch()

    def _on_login(self, user_code: str, name: str) -> None:
        self.assessment = assessment_answers(self.shell.store, user_code)
        super()._on_login(user_code, name)
        if not any(str(v).strip() for v in self.state.plan.product_idea.values()):
            idea = latest_idea(self.shell.store, user_code)
            if idea:
                self.state.plan.product_idea = idea
                self.state.carry_over_idea()
                self.render()
                self.changed()
                self.shell.notify(t("plan_app.idea_loaded", self.lang), "info")

    # --- results --------------------------------------------------------------------

    def recompute(self, save: bool = True) -> None:
        lang = self.lang
        ev = self.evaluation = self.state.evaluate(lang, self.assessment)
        self._show_messages()
        general = [m for key in ("", "products", "funding", "investment", "fixed_costs")
                   for m in ev.by_field.get(key, [])]
        self.finance_msgs.value = messages_html(general, "warning")
        for name, msg in self.extra_msgs.items():
            msg.value = messages_html([h.message(lang) for h in ev.hints if h.field == name], "info")
        plan = self.state.plan
        self.banner.value = (message_html(t("plan_app.report.illustrative", lang) + " " + plan.note, "warning")
                             if plan.illustrative else "")
        from ..reports.plan_html import computed_values

        computed = computed_values(self.form_def, ev.result)
        for panel in self.panels.values():
            panel.set_computed(computed)
        self.results_html.value = self.results_markup(ev)
        if getattr(self, "whatif_rows", None):
            self.whatif_rows = {}
            self.whatif_html.value = ""
            self.whatif_image.layout.display = "none"
            self.whatif_image.value = b""
        self.export_links.value = ""
        self.show_status()
        self.charts_stale = True
        if self.tabs is not None and TABS[self.tabs.selected_index or 0] == "charts":
            self.shell._safe(self.draw_charts)
        if save:
            self.changed(ev.result)

    def _show_messages(self) -> None:
        """The plan's messages under every finance box (the typed inputs show their own parse
        errors and what they read)."""
        lang, ev = self.lang, self.evaluation
        if ev is None:
            return
        severe = {i.field for i in ev.issues if i.severity == "error"}
        for path, field in self.num_fields.items():
            field.set_notes(ev.by_field.get(path), "error" if path in severe else "warning")
        for path, (_box, msg) in self.text_fields.items():
            msg.value = messages_html(ev.by_field.get(path), "warning")
        for prefix, (fields, msg) in self.grid_fields.items():
            found = list(ev.by_field.get(prefix, []))
            read = []
            for m, field in enumerate(fields):
                found += [t("plan_app.month_message", lang, month=m + 1, message=text)
                          for text in ev.by_field.get(f"{prefix}[{m}]", [])]
                # echo what was read where it differs from what was typed ("1.200,0" → 1.200)
                if field.echo():
                    read.append(t("plan_app.grid_read", lang, month=m + 1, text=field.raw.strip(),
                                  value=field.echo()))
            bad = any(not field.valid for field in fields)
            msg.value = messages_html(found, "error" if bad else "warning") + (
                f"<span class='ocop-parsed'>{escape('; '.join(read))}</span>" if read else "")

    def show_status(self) -> None:
        """The app's part of the sticky status bar: cash low point and required fields."""
        lang, ev = self.lang, self.evaluation
        filled, total = required_filled("business_plan", self.state.plan.business_plan)
        parts = []
        if ev is not None and ev.result is not None:
            low = cash_low(ev.result)
            text = t("plan_app.status.cash_low", lang, amount=format_vnd(low.amount, lang),
                     month=low.plan_month, cal=f"{low.calendar_month:02d}/{low.calendar_year}")
            css = "ocop-status-cash ocop-negative" if low.amount < 0 else "ocop-status-cash"
            style = " style='color:#b00020;font-weight:600'" if low.amount < 0 else ""
            parts.append(f"<span class='{css}'{style}>{escape(text)}</span>")
        else:
            parts.append(f"<span class='ocop-status-cash'>{escape(t('plan_app.status.no_cash', lang))}</span>")
        parts.append(f"<span class='ocop-status-filled'>"
                     f"{escape(t('plan_app.status.filled', lang, filled=filled, total=total))}</span>")
        self.shell.set_summary(" · ".join(parts))

    def results_markup(self, ev) -> str:
        from ..reports.plan_html import financial_tables

        lang = self.lang
        if ev.result is None:
            count = len({i.field for i in ev.issues if i.severity == "error"} | set(self.state.errors))
            return message_html(t("finance.input_invalid", lang, count=max(count, 1)), "error")
        r = ev.result
        none = t("plan_app.report.not_reached", lang)
        low_cy, low_cm = r.months[r.cash_low_month - 1].calendar_year, r.months[r.cash_low_month - 1].calendar_month
        facts = [
            (t("finance.label.cash_low_point", lang),
             f"{format_vnd(r.cash_low_point, lang)} ({r.cash_low_month}: {low_cm:02d}/{low_cy})"),
            (t("finance.label.working_capital", lang), format_vnd(r.working_capital_typed, lang)),
            (t("finance.label.working_capital_computed", lang), format_vnd(r.working_capital_computed, lang)),
            (t("finance.label.total_investment", lang), format_vnd(r.total_investment, lang)),
            (t("finance.label.breakeven_month", lang), str(r.breakeven_month_y1 or none)),
            (t("finance.label.profit_month", lang), str(r.profit_month_y1 or none)),
            (t("finance.label.payback_months", lang), none if r.payback_months is None else str(r.payback_months)),
        ] + [(t("finance.label.net_profit", lang) + " – " + t("finance.label.year", lang, year=y.year),
              format_vnd(y.net_profit, lang)) for y in r.years]
        rows = "".join(f"<tr><td>{escape(a)}</td><td class='num'>{escape(b)}</td></tr>" for a, b in facts)
        warnings = "".join(message_html(i.message(lang), "warning" if i.severity != "info" else "info")
                           for i in ev.issues)
        hints = "".join(message_html(h.message(lang), "info") for h in ev.hints)
        hint_head = (f"<h4>{escape(t('plan_app.report.hint', lang))}</h4>{hints}" if hints else "")
        return (f'<div class="ocop-tables"><h4>{escape(t("plan_app.key_figures", lang))}</h4>'
                f"<table>{rows}</table>{warnings}{hint_head}"
                f"{financial_tables(self.state.plan.finance, r, lang)}</div>")

    def draw_charts(self) -> None:
        """Render the three charts to PNG (matplotlib is imported here, on first use); an image
        is shown only once it holds a picture, with a note while they are drawn."""
        lang, result = self.lang, self.evaluation.result if self.evaluation else None
        if result is None:
            self.chart_note.value = message_html(t("plan_app.charts_need_valid", lang), "warning")
            for img in self.chart_images:
                img.layout.display = "none"
                img.value = b""
            return
        if not self.chart_images[0].value:
            self.chart_note.value = (f"<div class='ocop-help' role='status'>"
                                     f"{escape(t('plan_app.charts_drawing', lang))}</div>")
        from ..finance.charts import breakeven_figure, cash_balance_figure, revenue_costs_figure

        figures = (cash_balance_figure(result, lang), revenue_costs_figure(result, lang),
                   breakeven_figure(result, 1, lang))
        for img, fig in zip(self.chart_images, figures, strict=True):
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=80)
            img.value = buffer.getvalue()
            img.tooltip = _chart_title(fig)  # the image's text alternative (title attribute)
            img.layout.display = ""
        self.chart_note.value = f'<p class="ocop-help">{escape(t("plan_app.charts_intro", lang))}</p>'
        self.charts_stale = False

    # --- export ---------------------------------------------------------------------

    def _file_stem(self) -> str:
        return slugify(self.state.title(self.lang)) or "phuong-an-kinh-doanh"

    def make_xlsx(self) -> None:
        from ..finance.export_xlsx import export_xlsx

        result = self.evaluation.result if self.evaluation else None
        if result is None:
            self.export_links.value = message_html(t("plan_app.export_need_valid", self.lang), "error")
            return
        self.export_links.value = ""
        with busy(self.xlsx_button, self.lang):
            data = export_xlsx(self.state.plan, self.lang, result)
        self.export_links.value = download_link(data, f"{self._file_stem()}.xlsx", XLSX_MIME,
                                                t("plan_app.download_xlsx", self.lang))

    def make_print(self) -> None:
        from ..reports.plan_html import plan_html

        result = self.evaluation.result if self.evaluation else None
        self.export_links.value = ""
        with busy(self.print_button, self.lang):
            html = plan_html(self.state.plan, self.lang, result,
                             hints=self.evaluation.hints if self.evaluation else None)
        self.export_links.value = download_link(html.encode("utf-8"), f"bieu-03-{self._file_stem()}.html",
                                                "text/html;charset=utf-8",
                                                t("plan_app.download_print", self.lang))



def _chart_title(fig) -> str:
    return " · ".join(ax.get_title() for ax in fig.axes if ax.get_title())


def build_app(lang: str | None = None, store=None) -> BusinessPlanView:
    """The business-plan app, as its notebook shows it."""
    return BusinessPlanView(lang=lang, store=store)

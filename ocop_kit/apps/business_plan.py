"""A trainee's product idea (Biểu số 01) and business plan (Biểu số 03) as a plain object.

Wraps :class:`ocop_kit.finance.BusinessPlan`. Every number field is set from the text the
user typed (``set_field(path, text)``, or ``accept`` with what a typed input already read):
the text is kept in ``raw`` so nothing typed is lost, the parsed value goes into the model, and
text that cannot be read ("abc", "-5") or is out of its range (a 29-digit price, a
100,000-month loan: ``forms/finance_fields.json``) leaves ``None`` in the model, so the finance
checks and :func:`compute` refuse it, and ``errors`` holds the message for the field. The
model never holds typed text in a number field. Paths are those of :mod:`ocop_kit.finance.checks`
(``products[0].unit_price``, ``funding.loans[1].term_months``…). No widgets here.

Nothing a user types, and nothing a stored draft holds, makes these methods raise: a draft
that cannot be read at all opens empty with ``load_error`` set (the view says so and starts
a new draft, leaving the stored one as it was).
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..finance import (
    BusinessPlan,
    Equipment,
    FixedCost,
    Loan,
    PlanInputError,
    ProductLine,
    bounds,
    check_plan,
    compute,
    issues_by_field,
)
from ..finance.compute import PlanResult
from ..finance.consistency import EXTRA_FIELDS_VALUES, consistency_hints
from ..finance.model import MONTHS
from ..finance.serialize import PlanFormatError, plan_from_dict, plan_to_dict, safe_text, shown_text
from ..forms_check import check_form, load_form, prefill
from ..i18n import t
from ..money import MoneyInputError, ambiguous_reading, format_number, format_vnd
from ..paths import samples_dir
from ..text import nfc

__all__ = ["APP_ID", "IDEA_APP_ID", "SAMPLES", "PlanState", "Evaluation",
           "Removed", "CashLow", "read_field", "format_field", "required_filled", "cash_low",
           "field_kind", "get_path", "set_path", "sample_path", "EXTRA_CHOICES"]

APP_ID = "phuong-an-kinh-doanh"
IDEA_APP_ID = "y-tuong-san-pham"
PAYLOAD_SCHEMA = 1
TEXT_LIMIT = 10_000  # a form text longer than this is cut (the form's max_length is checked too)
NAME_LIMIT = 200  # product, cost, asset and lender names
SAMPLES = ("huong-ngan-tinh-dau-sa", "mien-dong-tai-hoan")
SAMPLE_DIR = samples_dir("plans")
FORMS = ("product_idea", "business_plan")
# choice fields the app adds to Biểu số 03 (what the consistency hints read)
EXTRA_CHOICES = EXTRA_FIELDS_VALUES

RAW_MAX = 200  # what a number box keeps of the typed text (no amount is longer than 60)
_TOKEN = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def field_kind(path: str) -> str:
    """money | number | integer | percent | text (``forms/finance_fields.json``)."""
    return bounds.field_kind(path)


def clean_text(text, limit: int) -> tuple[str, bool]:
    """Typed text as stored: NFC, lone surrogates replaced, cut to ``limit`` (flag: was cut)."""
    text = nfc(safe_text(text, limit + 1))
    return text[:limit], len(text) > limit


def _steps(path: str):
    for token in path.split("."):
        match = _TOKEN.match(token)
        if not match:
            raise KeyError(path)
        yield match.group(1), (int(match.group(2)) if match.group(2) is not None else None)


def get_path(obj, path: str):
    for name, index in _steps(path):
        obj = getattr(obj, name)
        if index is not None:
            obj = obj[index]
    return obj


def set_path(obj, path: str, value) -> None:
    steps = list(_steps(path))
    for name, index in steps[:-1]:
        obj = getattr(obj, name)
        if index is not None:
            obj = obj[index]
    name, index = steps[-1]
    if index is None:
        setattr(obj, name, value)
    else:
        getattr(obj, name)[index] = value


def number_paths(finance) -> list[str]:
    """Every number field the plan has now, rows and months spelled out."""
    def expand(pattern):
        head, sep, tail = pattern.partition("[]")
        if not sep:
            yield pattern
            return
        try:
            items = get_path(finance, head)
        except (AttributeError, IndexError, KeyError, TypeError):
            return
        for i in range(len(items) if isinstance(items, list) else 0):
            yield from expand(f"{head}[{i}]{tail}")
    return [path for pattern in bounds.number_specs() for path in expand(pattern)]


def _format(kind: str, value, lang: str) -> str:
    if value is None or isinstance(value, str):
        return "" if value is None else value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return safe_text(value, RAW_MAX)
    if kind == "percent" or kind == "number":
        whole = float(value).is_integer()
        return format_number(value, 0 if whole else 2, lang)
    if kind == "integer" and str(value).isdigit() and len(str(value)) == 4:
        return str(value)  # a year is written without a separator
    return format_number(value, 0, lang)


def read_field(path: str, text):
    """Typed text → the value a number field stores; :class:`MoneyInputError` when it cannot
    be read or is out of range (pure: the parse a typed input runs)."""
    return bounds.parse_field(path, clean_text("" if text is None else text, RAW_MAX)[0])


def format_field(path: str, value, lang: str = "vi", text: str = "") -> str:
    """A number as read, for the echo beside its box: "1.500.000 đ", "12,5 %", "2026"; money
    that reads two ways ("1,500 triệu") says so, given the ``text`` typed."""
    kind = field_kind(path)
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    if kind == "money":
        shown = format_vnd(value, lang)
        twice = ambiguous_reading(text)
        if twice is not None:  # "1,500 triệu": 1,5 triệu or 1.500 triệu?
            shown += " — " + t("finance.money.ambiguous", lang, read=format_vnd(twice[0], lang),
                               other=format_vnd(twice[1], lang))
        return shown
    if kind == "percent":
        return format_number(value, 0 if float(value).is_integer() else 2, lang) + " %"
    return _format(kind, value, lang)


def required_filled(form: str, values: dict) -> tuple[int, int]:
    """(filled, total) of a form's required fields that the user types (computed ones left
    out), for the status bar."""
    wanted = [f["id"] for section in load_form(form)["sections"] for f in section["fields"]
              if f.get("required") and not f.get("computed_from")]
    return sum(1 for fid in wanted if str(values.get(fid) or "").strip()), len(wanted)


@dataclass(frozen=True)
class CashLow:
    amount: int
    plan_month: int
    calendar_month: int
    calendar_year: int


def cash_low(result) -> CashLow:
    """The plan's lowest cash balance and when it happens."""
    month = result.months[result.cash_low_month - 1]
    return CashLow(result.cash_low_point, result.cash_low_month, month.calendar_month,
                   month.calendar_year)


@dataclass
class Removed:
    """A row taken out of the plan, with what was typed in it: enough to put it back."""

    prefix: str  # "products", "investment.equipment", "funding.loans", …
    index: int
    item: object
    raw: dict
    errors: dict

    @property
    def name(self) -> str:
        return str(getattr(self.item, "name", "") or getattr(self.item, "lender", "") or "").strip()


@dataclass
class Evaluation:
    """What the view shows after every change."""

    result: PlanResult | None  # None while inputs are invalid
    issues: list  # finance Issues (errors block the result)
    by_field: dict  # path → [message, …] in the user's language (parse errors first)
    hints: list = field(default_factory=list)  # consistency Hints


def _new_product() -> ProductLine:
    return ProductLine(monthly_volume_y1=[0] * MONTHS)


class PlanState:
    """The draft being edited: plan, typed text per number field, and parse errors."""

    def __init__(self, plan: BusinessPlan | None = None, raw: dict | None = None):
        if plan is None:
            plan = BusinessPlan()
            plan.finance.start_year = date.today().year
            plan.finance.products.append(_new_product())
        self.plan = plan
        self.raw: dict[str, str] = {}
        self.errors: dict[str, InputError] = {}
        self.load_error: InputError | None = None  # set when a stored draft could not be read
        for path, text in (raw.items() if isinstance(raw, dict) else ()):
            try:
                self.set_field(str(path), text if isinstance(text, str) else shown_text(text))
            except (KeyError, IndexError, AttributeError, TypeError):
                continue  # a path that no longer exists (a row was removed)
        # text stored in a number field without its typed form (a file, an older kit) is read
        # as if typed now, so that it gets its own message or becomes the number it says
        for path in number_paths(self.plan.finance):
            if path not in self.raw and isinstance(get_path(self.plan.finance, path), str):
                self.set_field(path, get_path(self.plan.finance, path))

    def is_blank(self) -> bool:
        """Nothing typed yet (a new, untouched draft)."""
        texts = list(self.plan.product_idea.values()) + list(self.plan.business_plan.values())
        return not self.raw and not self.plan.title and not any(
            str(v).strip() for v in texts) and not any(p.name for p in self.plan.finance.products)

    # --- forms (Biểu 01, Biểu 03 texts) ----------------------------------------------

    def form_values(self, form: str) -> dict:
        if form not in FORMS:
            raise KeyError(form)
        return self.plan.product_idea if form == "product_idea" else self.plan.business_plan

    def set_form_value(self, form: str, field_id: str, text) -> bool:
        """Store a form text (NFC); True when it was longer than ``TEXT_LIMIT`` and was cut."""
        value, cut = clean_text(text, TEXT_LIMIT)
        self.form_values(form)[field_id] = value
        return cut

    def plan_values(self) -> dict:
        """Biểu 03 values with the product idea carried over into empty fields."""
        return prefill(load_form("business_plan"), self.plan.business_plan,
                       {"product_idea": self.plan.product_idea})

    def carry_over_idea(self) -> list[str]:
        """Copy the product idea into empty Biểu 03 fields; returns the ids filled."""
        before = dict(self.plan.business_plan)
        after = self.plan_values()
        filled = [k for k, v in after.items() if before.get(k) != v]
        self.plan.business_plan.update(after)
        return filled

    def form_problems(self, form: str, lang: str = "vi") -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for fid, message in check_form(load_form(form), self.form_values(form), lang):
            out.setdefault(fid, []).append(message)
        return out

    # --- numbers of the financial plan ----------------------------------------------

    def set_field(self, path: str, text) -> InputError | None:
        """Set a finance field from typed text; returns the parse error (also kept in
        ``errors``) or None."""
        spec = bounds.field_spec(path)
        if spec["kind"] == "text":
            set_path(self.plan.finance, path, clean_text(text, spec["max_length"])[0])
            return None
        text = clean_text("" if text is None else text, RAW_MAX)[0]
        try:
            value, error = read_field(path, text), None
        except MoneyInputError as exc:
            value, error = None, exc
        return self.accept(path, text, value, error)

    def accept(self, path: str, text: str, value, error: InputError | None = None
               ) -> InputError | None:
        """Store what a typed input read: its text, and its value (``None`` with ``error``)."""
        if "material_purchase_share[" in path or "monthly_production_y1[" in path:
            self._ensure_share(path)
        get_path(self.plan.finance, path)  # IndexError for a row that is not there
        self.raw[path] = clean_text(text, RAW_MAX)[0]
        set_path(self.plan.finance, path, None if error is not None else value)
        if error is not None:
            self.errors[path] = error
        else:
            self.errors.pop(path, None)
        return error

    def _ensure_share(self, path: str) -> None:
        product = get_path(self.plan.finance, path.split(".")[0])
        if "material_purchase_share[" in path and product.material_purchase_share is None:
            product.material_purchase_share = [0] * MONTHS
        if "monthly_production_y1[" in path and product.monthly_production_y1 is None:
            # production starts as "made when sold"; the user moves it to the making season
            product.monthly_production_y1 = [v or 0 for v in product.monthly_volume_y1]

    def field_text(self, path: str, lang: str = "vi") -> str:
        """What the input box shows: the typed text, else the value formatted."""
        if path in self.raw:
            return self.raw[path]
        kind = field_kind(path)
        try:
            value = get_path(self.plan.finance, path)
        except (IndexError, TypeError):
            return ""  # e.g. a purchase share while the list is None
        return value if kind == "text" else _format(kind, value, lang)

    def parsed_text(self, path: str, lang: str = "vi") -> str:
        """The value as read, for "= 1.500.000 đ" beside a money box; "" when invalid."""
        if path in self.errors:
            return ""
        try:
            value = get_path(self.plan.finance, path)
        except (IndexError, TypeError):
            return ""
        return format_field(path, value, lang, self.raw.get(path, ""))

    def error_text(self, path: str, lang: str = "vi") -> str:
        exc = self.errors.get(path)
        return exc.message(lang) if exc else ""

    # --- rows -----------------------------------------------------------------------

    def can_add(self, prefix: str) -> bool:
        """False once ``prefix`` (``products``, ``funding.loans``…) has its most rows."""
        return len(get_path(self.plan.finance, prefix)) < bounds.row_limit(prefix)

    def _insert(self, prefix: str, item) -> int:
        """Append a row; -1 (nothing added) when the list already has its most rows."""
        if not self.can_add(prefix):
            return -1
        items = get_path(self.plan.finance, prefix)
        items.append(item)
        return len(items) - 1

    def _shift(self, prefix: str, index: int, by: int) -> tuple[dict, dict]:
        """Move typed text and errors of rows after ``index`` by ``by`` (−1 after a removal,
        +1 before a row is put back); returns what row ``index`` had (on a removal)."""
        pattern = re.compile(re.escape(prefix) + r"\[(\d+)\](.*)$")
        taken: list[dict] = []
        stores: list[dict] = [self.raw, self.errors]
        for store in stores:
            moved, own = {}, {}
            for path in list(store):
                match = pattern.match(path)
                if not match:
                    continue
                value = store.pop(path)
                i = int(match.group(1))
                if i == index and by < 0:
                    own[match.group(2)] = value
                elif i > index or (i == index and by > 0):
                    moved[f"{prefix}[{i + by}]{match.group(2)}"] = value
                else:
                    moved[path] = value
            store.update(moved)
            taken.append(own)
        return taken[0], taken[1]

    def _remove(self, prefix: str, index: int) -> Removed:
        items = get_path(self.plan.finance, prefix)
        item = items.pop(index)
        raw, errors = self._shift(prefix, index, -1)
        return Removed(prefix, index, item, raw, errors)

    def restore(self, removed: Removed) -> bool:
        """Put a removed row back where it was, with its typed text; False when the list is
        full again (rows were added since)."""
        if not self.can_add(removed.prefix):
            return False
        items = get_path(self.plan.finance, removed.prefix)
        index = min(removed.index, len(items))
        self._shift(removed.prefix, index, +1)
        items.insert(index, removed.item)
        for rest, value in removed.raw.items():
            self.raw[f"{removed.prefix}[{index}]{rest}"] = value
        for rest, value in removed.errors.items():
            self.errors[f"{removed.prefix}[{index}]{rest}"] = value
        return True

    def add_product(self) -> int:
        return self._insert("products", _new_product())

    def remove_product(self, index: int) -> Removed:
        return self._remove("products", index)

    def add_fixed_cost(self, category: str = "other") -> int:
        return self._insert("fixed_costs", FixedCost(category=category))

    def remove_fixed_cost(self, index: int) -> Removed:
        return self._remove("fixed_costs", index)

    def add_asset(self, group: str = "equipment") -> int:
        if group not in ("equipment", "premises"):
            raise KeyError(group)
        return self._insert(f"investment.{group}", Equipment())

    def remove_asset(self, group: str, index: int) -> Removed:
        return self._remove(f"investment.{group}", index)

    def add_loan(self) -> int:
        return self._insert("funding.loans", Loan(annual_rate_pct=0.0, term_months=36))

    def remove_loan(self, index: int) -> Removed:
        return self._remove("funding.loans", index)

    # --- results --------------------------------------------------------------------

    def evaluate(self, lang: str = "vi", assessment=None) -> Evaluation:
        """Compute the plan and its warnings; ``assessment`` = (answers, criteria set)."""
        model = self.plan.finance
        try:
            result = compute(model)
        except PlanInputError as exc:
            result, issues = None, list(exc.issues)
        else:
            issues = check_plan(model, result)
        if self.errors:  # e.g. a stated total that cannot be read: "not stated" is not what was typed
            result = None
        by_field: dict[str, list[str]] = {}
        for path, error in self.errors.items():
            by_field.setdefault(path, []).append(error.message(lang))
        for path, found in issues_by_field(issues).items():
            if path in self.errors:
                continue  # the parse message already says it, better
            by_field.setdefault(path, []).extend(i.message(lang) for i in found)
        hints = []
        if assessment is not None:
            answers, cset = assessment
            hints = consistency_hints(self.plan, answers, cset)
        return Evaluation(result, issues, by_field, hints)

    # --- drafts ---------------------------------------------------------------------

    def title(self, lang: str = "vi") -> str:
        return str(self.plan.title or self.plan.product_idea.get("product_name")
                   or self.plan.business_plan.get("product_name") or "").strip()

    def summary(self, lang: str = "vi", result=None) -> str:
        if self.errors:
            return t("plan_app.summary_invalid", lang)
        if result is None:
            try:
                result = compute(self.plan.finance)
            except PlanInputError:
                return t("plan_app.summary_invalid", lang)
        return t("plan_app.summary", lang, revenue=format_vnd(result.years[0].revenue, lang),
                 profit=format_vnd(result.years[0].net_profit, lang))

    def to_payload(self) -> dict:
        return {"schema": PAYLOAD_SCHEMA, "plan": plan_to_dict(self.plan),
                "raw": dict(self.raw)}

    @classmethod
    def from_payload(cls, payload) -> PlanState:
        """A stored draft, whatever it holds: values of the wrong shape come back as text with
        their message; a payload that is not a plan at all gives an empty state with
        ``load_error`` set."""
        payload = payload if isinstance(payload, dict) else {}
        try:
            plan = plan_from_dict(copy.deepcopy(payload.get("plan") or {}))
        except PlanFormatError as exc:
            state = cls()
            state.load_error = exc
            return state
        except RecursionError:
            state = cls()
            state.load_error = PlanFormatError("finance.file_invalid", detail="…")
            return state
        return cls(plan, raw=payload.get("raw"))

    @classmethod
    def from_sample(cls, name: str) -> PlanState:
        from ..finance import load_plan

        return cls(load_plan(sample_path(name)))


def sample_path(name: str) -> Path:
    if name not in SAMPLES:
        raise KeyError(name)
    return SAMPLE_DIR / f"{name}.json"

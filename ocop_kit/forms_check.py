"""Forms as data (``ocop_kit/forms/*.json``) and the checks a district officer would make.

A form definition lists sections and fields (id, vi/en label, type, required, max length…);
``schema.json`` in the same folder describes the format. :func:`check_form` returns the
messages to show next to each field, in the user's language.
"""
from __future__ import annotations

import json
import re
from importlib import resources

from .i18n import pick, t
from .money import MoneyInputError, format_number, format_vnd, parse_number, parse_vnd

__all__ = ["FORM_NAMES", "load_form", "load_form_schema", "validate_form_def", "form_fields",
           "check_form", "prefill", "is_empty"]

FORM_NAMES = ("product_idea", "business_plan")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?$", re.I)


def _read(name: str) -> dict:
    path = resources.files("ocop_kit") / "forms" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def load_form(name: str) -> dict:
    """The packaged form definition ``product_idea`` (Biểu số 01) or ``business_plan`` (Biểu số 03)."""
    if name not in FORM_NAMES:
        raise KeyError(name)
    return _read(name)


def load_form_schema() -> dict:
    return _read("schema")


def validate_form_def(form_def: dict) -> None:
    """Raise ``jsonschema.ValidationError`` if the definition does not follow schema.json."""
    import jsonschema

    jsonschema.validate(form_def, load_form_schema())


def form_fields(form_def: dict, include_official: bool = False) -> list[dict]:
    """All fields in form order; each gets ``section`` (its section id) added."""
    out = []
    for section in form_def["sections"]:
        if section.get("official_use") and not include_official:
            continue
        for f in section["fields"]:
            out.append({**f, "section": section["id"]})
    return out


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def prefill(form_def: dict, values: dict, sources: dict) -> dict:
    """Carry values over from other forms: ``sources`` maps form id → its values. Only empty
    fields are filled, so nothing the user already typed is overwritten."""
    out = dict(values)
    for f in form_fields(form_def, include_official=True):
        ref = f.get("prefill_from")
        if not ref or not is_empty(out.get(f["id"])):
            continue
        form_id, field_id = ref.split(".", 1)
        value = (sources.get(form_id) or {}).get(field_id)
        if not is_empty(value):
            out[f["id"]] = value
    return out


def check_form(form_def: dict, values: dict, lang: str = "vi") -> list[tuple[str, str]]:
    """(field id, message) for every problem, in form order.

    Checks: required fields left empty (a specific message for the product story), text
    longer than its maximum or shorter than its minimum, money and whole numbers that cannot
    be read, are negative or fall outside the field's ``min``–``max`` (a message naming the
    field), a price or quantity given without its unit, choices outside the list, malformed
    email/phone/website. Official-use sections and fields computed from the financial model
    are never required of the producer. Never raises, whatever the values hold.
    """
    values = values if isinstance(values, dict) else {}
    problems: list[tuple[str, str, str]] = []
    for f in form_fields(form_def):
        fid, value = f["id"], values.get(f["id"])
        label = pick(f["label"], lang)
        if is_empty(value):
            if f.get("required") and not f.get("computed_from"):
                key = f.get("required_message", "forms.required")
                problems.append((fid, t(key, lang, label=label), key))
            continue
        kind = f["type"]
        if kind in ("text", "long_text"):
            text = str(value).strip()
            if f.get("max_length") and len(text) > f["max_length"]:
                problems.append((fid, t("forms.too_long", lang, max=f["max_length"],
                                        length=len(text)), "forms.too_long"))
                continue  # a format check on overlong text says nothing more, and costs
            elif f.get("min_length") and len(text) < f["min_length"]:
                problems.append((fid, t("forms.too_short", lang, min=f["min_length"]), "forms.too_short"))
            fmt = f.get("format")
            if fmt == "email" and not _EMAIL.match(text):
                problems.append((fid, t("forms.email_invalid", lang), "forms.email_invalid"))
            elif fmt == "phone" and not re.fullmatch(r"\+?\d{9,12}", re.sub(r"[\s.()-]", "", text)):
                problems.append((fid, t("forms.phone_invalid", lang), "forms.phone_invalid"))
            elif fmt == "url" and not _URL.match(text):
                problems.append((fid, t("forms.url_invalid", lang), "forms.url_invalid"))
        elif kind in ("money", "integer"):
            try:
                number = parse_vnd(value) if kind == "money" else parse_number(value, allow_decimals=False)
            except MoneyInputError as exc:
                if exc.key == "finance.money.too_large":
                    number = f["max"] + 1  # said below, with the field's name and its limit
                else:
                    problems.append((fid, exc.message(lang), exc.key))
                    continue
            low, high = f.get("min", 0), f["max"]
            if not low <= number <= high:
                key = "forms.too_large" if number > high and not low else "forms.out_of_range"
                problems.append((fid, t(key, lang, label=label, min=_limit(kind, low, lang),
                                        max=_limit(kind, high, lang)), key))
                continue
            if kind == "money" and number == 0 and f.get("required"):
                problems.append((fid, t("forms.amount_zero", lang, label=label), "forms.amount_zero"))
            unit_id = f.get("unit_field")
            if unit_id and is_empty(values.get(unit_id)):
                key = "forms.price_without_unit" if kind == "money" else "forms.quantity_without_unit"
                problems.append((unit_id, t(key, lang, label=label), key))
        elif kind == "choice":
            allowed = {o["value"] for o in f.get("options", [])}
            if value not in allowed:
                problems.append((fid, t("forms.choice_invalid", lang, label=label), "forms.choice_invalid"))
    # a unit left empty is reported once, with the more helpful "price without a unit"
    unit_flagged = {fid for fid, msg, key in problems if key.endswith("_without_unit")}
    kept = [(fid, msg) for fid, msg, key in problems
            if not (fid in unit_flagged and not key.endswith("_without_unit"))]
    return _in_form_order(form_def, kept)


def _limit(kind: str, value, lang: str) -> str:
    return format_vnd(value, lang) if kind == "money" else format_number(value, 0, lang)


def _in_form_order(form_def, problems):
    order = {f["id"]: i for i, f in enumerate(form_fields(form_def))}
    return sorted(problems, key=lambda p: order.get(p[0], len(order)))

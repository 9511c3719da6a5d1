"""The fields of the producer's dossier (Mẫu 01 and Mẫu 02 of QĐ 26/2026) as data.

``ocop_kit/forms/dossier.json`` (format: ``dossier.schema.json`` beside it) says what each field
is, where its value comes from (the answers file, its ``dossier`` object, its facts, a business
plan, the criteria set) and where it stands on each printed form. :func:`clean` bounds what an
answers file holds in its ``dossier`` object.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import InputError
from ..i18n import LANGUAGES, pick, t
from ..text import nfc

TEXT_KINDS = ("text", "long_text", "choice", "checkbox_text", "date", "year")
ATTACHMENTS = "attachments"  # dossier.attachments: evidence topic id → what the producer attaches


@dataclass(frozen=True)
class DossierField:
    id: str
    label: dict
    kind: str
    required: bool
    sources: tuple  # each a source name, or a tuple of names whose texts are joined
    max_length: int | None = None
    options: tuple = ()  # (value, {"vi", "en"})
    format: str = ""
    pattern: str = ""
    implied_by: tuple = ()
    help: dict | None = None

    def label_for(self, lang: str | None = None) -> str:
        return pick(self.label, lang)

    def option_label(self, value: str, lang: str | None = None) -> str | None:
        return next((pick(label, lang) for v, label in self.options if v == value), None)

    @property
    def answer_key(self) -> str | None:
        """The key of this field in an answers file's ``dossier`` object, if it has one."""
        return self.id if f"dossier.{self.id}" in _flat(self.sources) else None


def _flat(sources) -> list[str]:
    out: list[str] = []
    for source in sources:
        out.extend(source if isinstance(source, tuple) else (source,))
    return out


def _read(name: str) -> dict:
    return json.loads((resources.files("ocop_kit") / "forms" / name).read_text(encoding="utf-8"))


@cache
def definition() -> dict:
    return _read("dossier.json")


def schema() -> dict:
    return _read("dossier.schema.json")


def problems(doc: dict | None = None) -> list[str]:
    """What is wrong with a dossier definition: its schema, then the links between its parts."""
    import jsonschema

    doc = definition() if doc is None else doc
    validator = jsonschema.Draft202012Validator(schema())
    found = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(doc)]
    if found:
        return found
    ids = [f["id"] for f in doc["fields"]]
    found += [f"field {i} defined twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    placed = set()
    for form in doc["forms"]:
        for key in ("place", "date", "name"):
            for sign in (form["signature"], form.get("official_signature") or {}):
                if key in sign:
                    placed.add(sign[key])
                    if sign[key] not in ids:
                        found.append(f"{form['id']}/signature: unknown field {sign[key]}")
        for part in form["parts"]:
            lines = part["lines"]
            for i, line in enumerate(lines):
                if "field" not in line:
                    continue
                placed.add(line["field"])
                if line["field"] not in ids:
                    found.append(f"{form['id']}/{part['id']}: unknown field {line['field']}")
                nxt = line.get("inline_with")
                if nxt and (i + 1 >= len(lines) or lines[i + 1].get("field") != nxt):
                    found.append(f"{form['id']}/{part['id']}: {line['field']} is inline with {nxt}, "
                                 "which does not follow it")
    found += [f"field {i} stands on no form" for i in ids if i not in placed]
    for f in doc["fields"]:
        for other in f.get("implied_by", []):
            if other not in ids:
                found.append(f"{f['id']}: implied by unknown field {other}")
        for source in _flat(tuple(tuple(s) if isinstance(s, list) else s for s in f["from"])):
            if source.startswith("dossier.") and source != f"dossier.{f['id']}":
                found.append(f"{f['id']}: reads {source}; a field reads only its own key of the dossier object")
        if f.get("pattern"):
            re.compile(f["pattern"])
    topics = [t["id"] for t in doc["evidence_topics"]]
    found += [f"evidence topic {i} defined twice" for i in sorted({i for i in topics if topics.count(i) > 1})]
    return found


@cache
def fields() -> dict[str, DossierField]:
    out = {}
    for f in definition()["fields"]:
        out[f["id"]] = DossierField(
            id=f["id"], label=f["label"], kind=f["kind"], required=f["required"],
            sources=tuple(tuple(s) if isinstance(s, list) else s for s in f["from"]),
            max_length=f.get("max_length"),
            options=tuple((o["value"], o["label"]) for o in f.get("options", [])),
            format=f.get("format", ""), pattern=f.get("pattern", ""),
            implied_by=tuple(f.get("implied_by", [])), help=f.get("help"))
    return out


def answer_keys() -> tuple[str, ...]:
    """Keys an answers file's ``dossier`` object may hold, in form order (plus ``attachments``)."""
    return (*(f.id for f in fields().values() if f.answer_key), ATTACHMENTS)


def forms() -> list[dict]:
    return definition()["forms"]


def entry_groups() -> list[tuple[dict, tuple[str, ...]]]:
    """The fields a producer types (those with a key in the ``dossier`` object), grouped as the
    forms group them: ``({"vi": heading, "en": heading}, field ids)`` in form order, each field
    once, where it first stands. ``attachments`` stands for Part III's evidence table; a field
    found only in a signature block joins its form's first group."""
    typed = {f.id for f in fields().values() if f.answer_key}
    groups: dict[str, tuple[dict, list[str]]] = {}
    seen: set[str] = set()

    def heading(form: dict, part: dict | None) -> dict:
        out = {}
        for lang in LANGUAGES:
            name = pick(form["title"], lang)
            if part is not None and part.get("title"):
                name = pick(part["title"], lang)
                if part.get("heading"):  # "Phần I. THÔNG TIN CHUNG"
                    name = f"{pick(part['heading'], lang)}. {name}"
            out[lang] = f"{pick(form['number'], lang)} · {name.rstrip(':').strip()}"
        return out

    def add(head: dict, ids) -> None:
        group = groups.setdefault(head["vi"], (head, []))[1]
        for i in ids:
            if i not in seen:
                seen.add(i)
                group.append(i)

    for form in forms():
        first = None
        for part in form["parts"]:
            ids = [line["field"] for line in part["lines"] if line.get("field") in typed]
            if part.get("evidence_table"):
                ids.append(ATTACHMENTS)
            if ids:
                head = heading(form, part)
                first = first or head
                add(head, ids)
        signed = [form["signature"].get(k) for k in ("place", "date", "name")]
        add(first or heading(form, None), [i for i in signed if i in typed])
    return [(head, tuple(ids)) for head, ids in groups.values() if ids]


def evidence_topics() -> list[dict]:
    return definition()["evidence_topics"]


def _wrong(where: str, path: str, expected: str) -> InputError:
    return InputError("input.schema", where, path=path,
                      error={lang: t(f"dossier.expected.{expected}", lang) for lang in LANGUAGES})


def _text(value) -> str:
    """NFC, with lone surrogates (which no document can hold) replaced."""
    return nfc(str(value)).encode("utf-8", "replace").decode("utf-8").strip()


def clean(data, where: str = "") -> dict:
    """The ``dossier`` object of an answers file, checked and bounded.

    Texts are composed (NFC) and cut to their field's maximum; a choice outside its list is kept
    as typed (the forms show it as it is, ``missing_for`` reports it); keys the kit does not know
    are dropped. A value of the wrong type (a list where a text belongs, a text for a checkbox)
    is an InputError naming the key.
    """
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _wrong(where, "dossier", "object")
    defs = fields()
    out: dict = {}
    for key, value in data.items():
        if value is None:
            continue
        if key == ATTACHMENTS:
            out[key] = _clean_attachments(value, where)
            continue
        f = defs.get(key)
        if f is None or not f.answer_key:
            continue
        if f.kind == "checkbox":
            if not isinstance(value, bool):
                raise _wrong(where, f"dossier/{key}", "bool")
            out[key] = value
        else:
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise _wrong(where, f"dossier/{key}", "text")
            text = _text(value)
            if text:
                out[key] = text[: f.max_length] if f.max_length else text
    return out


def _clean_attachments(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _wrong(where, f"dossier/{ATTACHMENTS}", "texts")
    limit = definition()["attachments_max_length"]
    known = {t["id"] for t in evidence_topics()}
    out = {}
    for topic, text in value.items():
        if text is None or topic not in known:
            continue
        if not isinstance(text, str):
            raise _wrong(where, f"dossier/{ATTACHMENTS}/{topic}", "text")
        text = _text(text)[:limit]
        if text:
            out[topic] = text
    return out

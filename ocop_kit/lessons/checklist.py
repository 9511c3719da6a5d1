"""The dossier checklist of lesson 4: what a producer files under QĐ 26/2026, ticked and printed.

Items are data: the two forms and the evidence topics of Mẫu 02 Part III come from
``ocop_kit/forms/dossier.json`` (the dossier package), the extra papers of an upgrade or a
re-rating and the samples and copies from ``data/procedure.json`` (each with its article).
The printout is a standalone A4 HTML page; everything the producer typed is escaped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..dossier.fields import definition, evidence_topics, forms
from ..dossier.fields import fields as dossier_fields
from ..i18n import pick, t
from ..text import escape
from .content import data

GROUPS = ("forms", "kind", "evidence", "submit")
KINDS = ("first", "upgrade", "rerating")
NAME_MAX = 200


def sentence(text: str) -> str:
    """A title the form prints in capitals, as a sentence ("PHIẾU ĐĂNG KÝ" → "Phiếu đăng ký")."""
    if not text.isupper():
        return text
    return (text[:1] + text[1:].lower()).replace("ocop", "OCOP")


@dataclass(frozen=True)
class Item:
    id: str
    group: str
    text: dict  # {"vi", "en"}
    detail: dict | None = None
    source: str = ""

    def label(self, lang: str) -> str:
        return pick(self.text, lang)


def _numbers() -> dict:
    return data("procedure")["numbers"]


def _form_items() -> list[Item]:
    out = []
    for form in forms():
        text = {lang: f"{pick(form['number'], lang)}: {sentence(pick(form['title'], lang))}"
                + (f" ({pick(form['subtitle'], lang).strip('()')})" if form.get("subtitle") else "")
                for lang in ("vi", "en")}
        out.append(Item(f"form.{form['id']}", "forms", text, source=definition()["source"]))
    return out


def _submit_items() -> list[Item]:
    n = _numbers()
    samples, paper, digital = n["product_samples"], n["paper_copies"], n["electronic_copies"]
    return [
        Item("submit.samples", "submit",
             {lang: t("lessons.checklist.samples", lang, count=samples["value"]) for lang in ("vi", "en")},
             source=samples["article"]),
        Item("submit.copies", "submit",
             {lang: t("lessons.checklist.copies", lang, paper=paper["value"], electronic=digital["value"])
              for lang in ("vi", "en")}, source=paper["article"]),
    ]


def items(kind: str = "first") -> list[Item]:
    """Every item for a first rating, an upgrade or a re-rating, in print order."""
    out = _form_items()
    extra = data("procedure")["dossier_kinds"].get(kind, {})
    if extra.get("extra"):
        out.append(Item(f"kind.{kind}", "kind", extra["extra"], source=extra["article"]))
    out += [Item(f"evidence.{topic['id']}", "evidence", topic["topic"], topic["requirement"],
                 source="Mẫu 02, Phần III") for topic in evidence_topics()]
    return out + _submit_items()


def kind_label(kind: str, lang: str) -> str:
    """The registration kind in the dossier form's own words (forms/dossier.json)."""
    return dossier_fields()["registration_kind"].option_label(kind, lang) or kind


@dataclass
class Checklist:
    kind: str = "first"
    product: str = ""
    producer: str = ""
    ticked: set[str] = field(default_factory=set)

    def __post_init__(self):
        if self.kind not in KINDS:
            self.kind = "first"

    @property
    def items(self) -> list[Item]:
        return items(self.kind)

    def tick(self, item_id: str, done: bool = True) -> None:
        if item_id not in {i.id for i in self.items}:
            raise KeyError(item_id)
        (self.ticked.add if done else self.ticked.discard)(item_id)

    def set_kind(self, kind: str) -> None:
        self.kind = kind if kind in KINDS else "first"

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.id in self.ticked)

    @property
    def total(self) -> int:
        return len(self.items)

    def missing(self) -> list[Item]:
        return [i for i in self.items if i.id not in self.ticked]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "product": self.product, "producer": self.producer,
                "ticked": sorted(self.ticked)}

    @classmethod
    def from_dict(cls, doc: dict) -> Checklist:
        doc = doc if isinstance(doc, dict) else {}
        known = {i.id for kind in KINDS for i in items(kind)}
        return cls(kind=str(doc.get("kind", "first")), product=str(doc.get("product", ""))[:NAME_MAX],
                   producer=str(doc.get("producer", ""))[:NAME_MAX],
                   ticked={i for i in doc.get("ticked", []) if isinstance(i, str) and i in known})

    def html(self, lang: str = "vi", today: date | None = None) -> str:
        """A standalone A4 page to print: the product, then every item with a box."""
        today = today or date.today()
        rows = []
        for group in GROUPS:
            group_items = [i for i in self.items if i.group == group]
            if not group_items:
                continue
            rows.append(f"<tr><th colspan='3'>{escape(t(f'lessons.checklist.group.{group}', lang))}</th></tr>")
            for item in group_items:
                box = "☑" if item.id in self.ticked else "☐"
                detail = f"<div class='detail'>{escape(pick(item.detail, lang))}</div>" if item.detail else ""
                rows.append(f"<tr><td class='box'>{box}</td><td>{escape(item.label(lang))}{detail}</td>"
                            f"<td class='src'>{escape(item.source)}</td></tr>")
        who = [(t("lessons.checklist.product", lang), self.product),
               (t("lessons.checklist.producer", lang), self.producer),
               (t("lessons.checklist.kind", lang), kind_label(self.kind, lang)),
               (t("lessons.checklist.date", lang), today.strftime("%d/%m/%Y"))]
        head = "".join(f"<p><b>{escape(k)}:</b> {escape(v) or '…' * 12}</p>" for k, v in who)
        return (
            f"<!DOCTYPE html><html lang='{escape(lang)}'><head><meta charset='utf-8'>"
            f"<title>{escape(t('lessons.checklist.print_title', lang))}</title><style>"
            "@page { size: A4; margin: 18mm 16mm; }"
            "body { font-family: 'DejaVu Serif', 'Times New Roman', serif; font-size: 12pt; color: #000; }"
            "h1 { font-size: 15pt; text-align: center; margin: 0 0 8pt; } p { margin: 2pt 0; }"
            "table { width: 100%; border-collapse: collapse; margin-top: 8pt; }"
            "th { text-align: left; background: #eee; padding: 4pt; border: 1px solid #999; }"
            "td { border: 1px solid #999; padding: 4pt; vertical-align: top; }"
            "td.box { width: 1.6em; font-size: 14pt; text-align: center; }"
            " td.src { width: 7em; font-size: 9pt; color: #444; }"
            ".detail { font-size: 10pt; color: #333; margin-top: 2pt; }"
            " .note { font-size: 9pt; color: #444; margin-top: 10pt; }"
            "tr { page-break-inside: avoid; }"
            "</style></head><body>"
            f"<h1>{escape(t('lessons.checklist.print_title', lang))}</h1>{head}"
            f"<p>{escape(t('lessons.checklist.progress', lang, done=self.done, total=self.total))}</p>"
            f"<table>{''.join(rows)}</table>"
            f"<p class='note'>{escape(t('lessons.checklist.print_note', lang))}</p>"
            "</body></html>")

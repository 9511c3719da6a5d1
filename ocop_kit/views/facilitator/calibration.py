"""Each council member against a reference sheet (a sample answers file of the council's set,
or an uploaded one): total and criteria that differ."""
from __future__ import annotations

import json

import ipywidgets as w

from ... import answers as answers_io
from ...calibration import Calibration, against_reference
from ...council import CouncilResult
from ...errors import InputError
from ...i18n import t
from ...paths import samples_dir
from ...scoring import format_points
from ...text import escape, star_string
from .council import read_upload, upload_box

SAMPLE_ANSWERS = samples_dir("answers")


class CalibrationPanel:
    def __init__(self, shell):
        self._shell = shell
        self.council: CouncilResult | None = None
        self.reference: tuple[str, dict] | None = None  # (file name, answers document)
        self.calibration: Calibration | None = None
        self._rendering = False
        self._label = w.HTML()
        self._pick = w.Dropdown(layout=w.Layout(width="auto"))
        self._pick.observe(self._on_pick, names="value")
        self._upload = upload_box(self.add_reference, shell, multiple=False)
        self._html = w.HTML()
        self.widget = w.VBox([self._label, w.HBox([self._pick, self._upload]), self._html])

    @property
    def text(self) -> str:
        return self._html.value

    @property
    def _lang(self) -> str:
        return self._shell.lang

    def refresh(self, council: CouncilResult | None) -> None:
        """Compare the members of this council (None: no council, the panel hides)."""
        self.council = council
        self._calibrate()
        self._render()

    def options(self) -> list[tuple[str, str]]:
        """(label, file name) of the sample answers files that score the council's set."""
        r = self.council
        if r is None or not SAMPLE_ANSWERS.is_dir():
            return []
        out = []
        for path in sorted(SAMPLE_ANSWERS.glob("*.json")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if doc.get("rubric") == r.version.id and doc.get("set") == r.cset.name:
                out.append((f"{doc.get('product') or path.stem} ({path.name})", path.name))
        return out

    def pick_reference(self, file_name: str | None) -> None:
        """A sample answers file (by name, from SAMPLE_ANSWERS only) as the reference."""
        if self.reference is not None and file_name == self.reference[0]:
            return  # the uploaded reference, chosen again
        if file_name not in [v for _label, v in self.options()]:
            self.reference = None
        else:
            path = SAMPLE_ANSWERS / file_name
            self.reference = (path.name, json.loads(path.read_text(encoding="utf-8")))
        self._calibrate()
        self._render()

    def add_reference(self, name: str, content: bytes) -> None:
        """An uploaded answers file as the reference (content, never a path)."""
        upload = read_upload(self._shell, name, content)
        if upload is not None:
            self.reference = upload
            self._calibrate()
            self._render()

    def _on_pick(self, change) -> None:
        if not self._rendering:
            self._shell._safe(self.pick_reference, change["new"])

    def _calibrate(self) -> None:
        self.calibration = None
        r = self.council
        if r is None or self.reference is None:
            return
        name, data = self.reference
        try:
            doc = answers_io.parse(data, name)
            version, cset = answers_io.resolve(doc, name)
        except InputError as exc:
            self._shell.notify(exc.message(self._lang), "error")
            return
        if (version.id, cset.name) != (r.version.id, r.cset.name):
            self.reference = None  # said once; the next council starts without it
            self._shell.notify(t("facilitator.reference_mismatch", self._lang, name=name, first=r.cset.name,
                                 other=cset.name), "error")
            return
        self.calibration = against_reference(r, name, doc.answers, doc.facts)

    def _render(self) -> None:
        self._rendering = True
        try:
            lang = self._lang
            options = [(t("facilitator.reference_none", lang), None), *self.options()]
            chosen = self.reference[0] if self.reference else None
            if chosen is not None and chosen not in [v for _l, v in options]:
                options.append((chosen, chosen))  # an uploaded reference
            self._pick.options = options
            self._pick.value = chosen
            self._html.value = self._table()
            self.widget.layout.display = None if self.council else "none"
        finally:
            self._rendering = False

    def _table(self) -> str:
        c, lang = self.calibration, self._lang
        if c is None:
            return ""

        def signed(x: float) -> str:
            return ("+" if x > 0 else "") + format_points(x, lang)

        rows = "".join(
            f"<tr><td>{escape(rc.name)}</td><td style='text-align:right'>{format_points(rc.total, lang)}</td>"
            f"<td style='text-align:right'>{signed(rc.total_diff)}</td><td>"
            + (escape("; ".join(f"{d.code}: {signed(d.diff)}" for d in rc.criteria)) if rc.criteria
               else escape(t("facilitator.reference_same", lang)))
            + "</td></tr>" for rc in c.raters)
        total = t("facilitator.reference_total", lang, name=c.reference_name,
                  total=format_points(c.reference.total, lang), stars=star_string(c.reference.stars))
        return (f"<p>{escape(total)}</p>"
                f"<table class='ocop-table ocop-calibration'><tr><th>{escape(t('facilitator.rater', lang))}</th>"
                f"<th>{escape(t('facilitator.total', lang))}</th>"
                f"<th>{escape(t('facilitator.reference_col_diff', lang))}</th>"
                f"<th>{escape(t('facilitator.reference_col_criteria', lang))}</th></tr>{rows}</table>")

    def relabel(self, lang: str) -> None:
        self._label.value = f"<h4>{escape(t('facilitator.reference_title', lang))}</h4>"
        self._pick.description = t("facilitator.reference_pick", lang)
        self._upload.description = t("facilitator.reference_upload", lang)
        self._render()

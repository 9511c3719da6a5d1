"""What each lesson shows, section by section: text from the catalogs, figures from the data.

A section is two functions of the language: its HTML (for the page) and its plain text (the
notebook output's text twin, which nbval compares where it is marked). Sections that take
input (what-if, story check, checklist, quiz) are in ``lesson_tools`` and ``lessons``.
Nothing here imports widgets.
"""
from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..dossier.fields import evidence_topics, forms
from ..forms_check import form_fields, load_form
from ..i18n import pick, t
from ..lessons import charts, examples, facts, markup, story
from ..lessons.checklist import sentence
from ..lessons.content import data, notebook
from ..scoring import format_points
from ..text import escape
from .official_text import citation


@dataclass(frozen=True)
class Section:
    html: Callable[[str], str]
    plain: Callable[[str], str]


_MINISTRY = re.compile(r"[;,]\s*(?=Bộ |Ministry )")  # "Bộ A, Bộ B; Bộ C" → each ministry


def _date(iso: str) -> str:
    y, m, d = iso[:10].split("-")
    return f"{d}/{m}/{y}"


def text_section(key: str, params: Callable[[str], dict] | None = None) -> Section:
    """A catalog text (``lessons.<key>``) with placeholders filled per language."""
    def fill(lang):
        return t(f"lessons.{key}", lang, **(params(lang) if params else {}))

    return Section(lambda lang: markup.to_html(fill(lang), lang), lambda lang: markup.to_plain(fill(lang)))


def figure_html(png: bytes, alt: str, caption: str = "") -> str:
    b64 = base64.b64encode(png).decode("ascii")
    cap = f"<figcaption class='ocop-help'>{escape(caption)}</figcaption>" if caption else ""
    return (f"<figure class='ocop-figure'><img src='data:image/png;base64,{b64}' alt='{escape(alt)}' "
            f"style='max-width:100%;height:auto'>{cap}</figure>")


def chart_section(draw: Callable[[str], bytes], alt_key: str, caption: Callable[[str], str] | None = None,
                  **alt_params) -> Section:
    """A picture; its alt text (also the plain twin) says what it shows."""
    def alt(lang):
        return t(f"lessons.{alt_key}", lang, **alt_params)

    return Section(lambda lang: figure_html(draw(lang), alt(lang), caption(lang) if caption else ""), alt)


def table_html(head: list[str], rows: list[list[str]], cls: str = "ocop-table") -> str:
    """Cells are already HTML (escape what they hold before)."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<div class='ocop-scroll'><table class='{cls}'><tr>{th}</tr>{body}</table></div>"


def table_plain(head: list[str], rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(r) for r in [head, *rows])


def source_line(text: str, lang: str) -> str:
    return f"<p class='ocop-help'>{escape(t('lessons.source', lang, source=text))}</p>"


def join(*sections: Section) -> Section:
    return Section(lambda lang: "".join(s.html(lang) for s in sections),
                   lambda lang: "\n\n".join(s.plain(lang) for s in sections))


# --- lesson 1: the programme ----------------------------------------------------------------

def _intro_params(lang):
    v = facts.version()
    return {"decision": pick(v.title, lang), "since": _date(v.in_force.get("from", ""))}


def _cycle_params(lang):
    return {"steps": len(data("procedure")["cycle"]["steps"])}


def _sector_rows(lang):
    v = facts.version()
    rows = []
    for groups in facts.sectors(v).values():
        sets = [s for g in groups for s in g["sets"]]
        by_name = {s.name: s for s in v.sets.values()}
        names = "; ".join(by_name[s].label(lang) if s in by_name else s for s in sets)
        ministries = ", ".join(dict.fromkeys(m.strip() for g in groups
                                             for m in _MINISTRY.split(pick(g["ministry"], lang))))
        rows.append([pick(groups[0]["sector"], lang), str(len(sets)), names, ministries])
    return rows


def sectors_section() -> Section:
    head_keys = ("lessons.col.sector", "lessons.col.sets", "lessons.col.set_names", "lessons.col.ministry")

    def params(lang):
        v = facts.version()
        return {"sectors": facts.fact("sectors"), "sets": facts.fact("sets"), "groups": len(v.groups)}

    def html(lang):
        head = [escape(t(k, lang)) for k in head_keys]
        rows = [[escape(c) for c in r] for r in _sector_rows(lang)]
        return text_section("1.sectors", params).html(lang) + table_html(head, rows)

    def plain(lang):
        return text_section("1.sectors", params).plain(lang) + "\n" + "\n".join(
            f"{r[0]}: {r[1]}" for r in _sector_rows(lang))

    return Section(html, plain)


def stars_section() -> Section:
    def params(lang):
        return {"certified_from": facts.fact("certified_from_stars")}

    def rows(lang):
        return [[f"{'★' * s}", f"{format_points(low, lang)}–{format_points(high, lang)}", meaning,
                 t("lessons.yes" if certified else "lessons.no", lang), who]
                for s, low, high, meaning, certified, who in facts.star_rows(facts.version(), lang)]

    head_keys = ("lessons.col.stars", "lessons.col.points", "lessons.col.meaning", "lessons.col.certificate",
                 "lessons.col.who")

    def html(lang):
        v = facts.version()
        return (text_section("1.stars", params).html(lang)
                + figure_html(charts.stars(v, lang), t("lessons.alt.stars", lang))
                + table_html([escape(t(k, lang)) for k in head_keys], [[escape(c) for c in r] for r in rows(lang)])
                + source_line(pick(v.legal_basis, lang), lang))

    def plain(lang):
        return text_section("1.stars", params).plain(lang) + "\n" + "\n".join(
            f"{r[0]} {r[1]}: {r[3]}" for r in rows(lang))

    return Section(html, plain)


def _certificate_params(lang):
    numbers = data("procedure")["numbers"]
    signed = date.fromisoformat(data("lessons")["certificate_example_signed"])
    months = facts.fact("certificate_months")
    year, month = divmod(signed.month - 1 + months, 12)
    expiry = signed.replace(year=signed.year + year, month=month + 1)
    early, late = numbers["rerating_earliest_days"], numbers["rerating_latest_days"]
    return {"months": months, "months_article": citation(numbers["certificate_months"]["article"], lang),
            "early": early["value"], "late": late["value"], "window_article": citation(early["article"], lang),
            "max_days": numbers["rerating_max_days"]["value"],
            "signed": signed.strftime("%d/%m/%Y"), "expiry": expiry.strftime("%d/%m/%Y"),
            "open": (expiry - timedelta(days=early["value"])).strftime("%d/%m/%Y"),
            "close": (expiry - timedelta(days=late["value"])).strftime("%d/%m/%Y")}


def certificate_section() -> Section:
    return text_section("1.certificate", _certificate_params)


def _rounds_params(lang):
    rounds = data("procedure")["rounds"]
    numbers = data("procedure")["numbers"]
    p, c = rounds["province"], rounds["central"]
    return {"rounds": numbers["province_rounds"]["value"],
            "article": citation(numbers["province_rounds"]["article"], lang),
            "p1_by": p[0]["by"], "p1_filed": p[0]["filed_by"], "p2_by": p[1]["by"], "p2_filed": p[1]["filed_by"],
            "c_rounds": numbers["central_rounds"]["value"], "c1_by": c[0]["by"], "c2_by": c[1]["by"]}


def _bac_kan_params(lang):
    f = facts.bac_kan
    return {"rated": f("rated_2019"), "total": f("total_3plus_2019"), "three": f("total_3_2019"),
            "four": f("total_4_2019"), "ideas": f("ideas_2019"), "trained": f("trained_2019"),
            "members": f("coop_members_2019"), "new": f("target_new_2020"), "up34": f("target_3_to_4_2020"),
            "up45": f("target_4_to_5_2020")}


def bac_kan_section() -> Section:
    text = text_section("1.bac_kan", _bac_kan_params)

    def html(lang):
        d = data("bac_kan_2019")
        notes = "".join(f"<p class='ocop-help'>{escape(pick(c['note'], lang))}</p>" for c in d["sums"] if c.get("note"))
        return (text.html(lang)
                + figure_html(charts.bac_kan(lang), t("lessons.alt.bac_kan", lang, **_bac_kan_params(lang)))
                + notes + f"<p class='ocop-help'>{escape(pick(d['note'], lang))}</p>"
                + source_line(pick(d["source"], lang), lang))

    return Section(html, text.plain)


def programme_facts() -> Section:
    """The lesson's facts in one line each: what nbval compares with the data."""
    def lines(lang):
        v = facts.version()
        n = data("procedure")["numbers"]
        return [
            t("lessons.facts.version", lang, title=pick(v.title, lang)),
            t("lessons.facts.sectors", lang, sectors=facts.fact("sectors"), sets=facts.fact("sets")),
            t("lessons.facts.parts", lang,
              parts=" · ".join(f"{p.code} {format_points(p.max, lang)}" for p in v.parts.values())),
            t("lessons.facts.certificate", lang, months=facts.fact("certificate_months"),
              certified_from=facts.fact("certified_from_stars")),
            t("lessons.facts.rerating", lang, early=n["rerating_earliest_days"]["value"],
              late=n["rerating_latest_days"]["value"]),
            t("lessons.facts.rounds", lang, rounds=n["province_rounds"]["value"]),
        ]

    def html(lang):
        items = "".join(f"<li>{escape(line)}</li>" for line in lines(lang))
        return f"<div class='ocop-keyfacts'><b>{escape(t('lessons.facts.title', lang))}</b><ul>{items}</ul></div>"

    return Section(html, lambda lang: "\n".join(lines(lang)))


# --- lesson 2: the criteria ---------------------------------------------------------------

def _parts_params(lang):
    v = facts.version()
    return {code: format_points(p.max, lang) for code, p in ((c.lower(), p) for c, p in v.parts.items())}


def parts_section() -> Section:
    def rows(lang):
        v = facts.version()
        return [[p.code, pick(p.name, lang), format_points(p.max, lang), t(f"lessons.2.why_{p.code.lower()}", lang)]
                for p in v.parts.values()]

    head_keys = ("lessons.col.part", "lessons.col.part_name", "lessons.col.max", "lessons.col.why")

    def html(lang):
        return (text_section("2.parts", _parts_params).html(lang)
                + table_html([escape(t(k, lang)) for k in head_keys], [[escape(c) for c in r] for r in rows(lang)]))

    def plain(lang):
        return text_section("2.parts", _parts_params).plain(lang) + "\n" + "\n".join(
            f"{r[0]} {r[2]}" for r in rows(lang))

    return Section(html, plain)


def _level_text(criterion, points, lang) -> str:
    level = criterion.level_for(points) if points is not None else None
    return level.text_for(lang) if level else "—"


def _minimum_text(criterion, lang) -> str:
    return ", ".join(f"{star}★ ≥ {format_points(need, lang)}" for star, need in criterion.minimums)


def _held_back_params(result, lang):
    unmet = result.minimums_unmet[0] if result.minimums_unmet else None
    names = result.cset.by_code()
    return {"product": "", "total": format_points(result.total, lang), "band": result.band_stars,
            "stars": result.stars, "code": unmet.code if unmet else "",
            "name": names[unmet.code].label(lang) if unmet else "",
            "has": format_points(unmet.has, lang) if unmet else "",
            "needs": format_points(unmet.needs, lang) if unmet else "",
            "star": unmet.star if unmet else ""}


def worked_example() -> Section:
    def params(lang):
        s = examples.example()
        result = s.score()
        out = _held_back_params(result, lang)
        out.update(product=s.doc.info.get("product", ""), set=s.cset.label(lang),
                   parts=" · ".join(f"{p} {format_points(result.parts[p], lang)}"
                                    f"/{format_points(result.part_max[p], lang)}"
                                    for p in result.parts))
        return out

    def rows(lang):
        s = examples.example()
        result = s.score()
        unmet = {m.code for m in result.minimums_unmet}
        out = []
        for c in s.cset.criteria:
            row = result.row(c.code)
            mark = " ⚠" if c.code in unmet else ""
            points = f"{format_points(row.counted, lang)}/{format_points(c.max_points, lang)}"
            out.append([c.code + mark, c.label(lang), _level_text(c, row.answered, lang), points,
                        _minimum_text(c, lang)])
        return out

    head_keys = ("lessons.col.code", "lessons.col.criterion", "lessons.col.level", "lessons.col.points",
                 "lessons.col.minimum")

    def html(lang):
        s = examples.example()
        result = s.score()
        key = "2.example_held_back" if result.held_back else "2.example"
        return (text_section(key, params).html(lang)
                + figure_html(charts.result_parts(result, lang), t("lessons.alt.result", lang, **params(lang)))
                + "<details><summary>" + escape(t("lessons.2.example_table", lang)) + "</summary>"
                + table_html([escape(t(k, lang)) for k in head_keys], [[escape(c) for c in r] for r in rows(lang)])
                + "</details>" + f"<p class='ocop-help ocop-user'>{escape(s.doc.info.get('note', ''))}</p>")

    def plain(lang):
        result = examples.example().score()
        key = "2.example_held_back" if result.held_back else "2.example"
        return text_section(key, params).plain(lang)

    return Section(html, plain)


def history_section() -> Section:
    def params(lang):
        rows = facts.parts_history()
        return {"history": "; ".join(f"{h.year}: " + " / ".join(f"{c} {format_points(m, lang)}" for c, m in h.parts)
                                     for h in rows)}

    text = text_section("2.history", params)

    def html(lang):
        return text.html(lang) + figure_html(charts.parts_history(lang), t("lessons.alt.history", lang, **params(lang)))

    return Section(html, text.plain)


def why_75_section() -> Section:
    """A held-back sample raised elsewhere to the target total: the star does not move."""
    def params(lang):
        s = examples.example()
        result = s.score()
        if not result.minimums_unmet:
            return {}
        unmet = result.minimums_unmet[0]
        target = data("lessons")["raise_to"]
        raised = s.score(examples.raise_elsewhere(s, unmet.code, target))
        fixed = s.score({**examples.raise_elsewhere(s, unmet.code, target), unmet.code: unmet.needs})
        return {**_held_back_params(result, lang), "product": s.doc.info.get("product", ""),
                "raised": format_points(raised.total, lang), "raised_stars": raised.stars,
                "fixed": format_points(fixed.total, lang), "fixed_stars": fixed.stars}

    return text_section("2.why_75", params)


def minimums_section() -> Section:
    def params(lang):
        s = examples.example()
        marked = [c for c in s.cset.criteria if c.minimums]
        return {"count": len(marked), "criteria": len(s.cset.criteria), "set": s.cset.label(lang)}

    return text_section("2.minimums", params)


# --- lesson 3: story and packaging ----------------------------------------------------------

def _criteria_rows(codes, lang):
    s = examples.example()
    rows = []
    for c in examples.criteria_of(s.cset, codes):
        levels = "<br>".join(f"{format_points(lv.points, lang)}: {escape(lv.text_for(lang))}"
                             + (f" ({'★' * lv.min_stars})" if lv.min_stars else "") for lv in c.levels)
        note = f"<br><span class='ocop-help'>{escape(c.note_for(lang))}</span>" if c.note else ""
        rows.append([escape(c.code), escape(c.label(lang)) + note, format_points(c.max_points, lang), levels])
    return rows


def criteria_table(codes_key: str, intro_key: str) -> Section:
    head_keys = ("lessons.col.code", "lessons.col.criterion", "lessons.col.max", "lessons.col.levels")

    def params(lang):
        return {"set": examples.example().cset.label(lang)}

    text = text_section(intro_key, params)

    def html(lang):
        rows = _criteria_rows(data("lessons")[codes_key], lang)
        return text.html(lang) + table_html([escape(t(k, lang)) for k in head_keys], rows)

    def plain(lang):
        s = examples.example()
        return text.plain(lang) + "\n" + "\n".join(
            f"{c.code} {c.label(lang)} ({format_points(c.max_points, lang)})"
            for c in examples.criteria_of(s.cset, data("lessons")[codes_key]))

    return Section(html, plain)


def story_elements_section() -> Section:
    def params(lang):
        return {"count": len(story.elements())}

    text = text_section("3.elements", params)

    def html(lang):
        items = "".join(f"<li><b>{escape(pick(e.name, lang))}</b> — {escape(pick(e.hint, lang))}</li>"
                        for e in story.elements())
        return (text.html(lang) + f"<ol>{items}</ol>"
                + source_line(pick(data("story")["source"], lang), lang))

    def plain(lang):
        return text.plain(lang) + "\n" + "\n".join(f"{i}. {pick(e.name, lang)}"
                                                   for i, e in enumerate(story.elements(), 1))

    return Section(html, plain)


def story_examples_section() -> Section:
    def verdicts(lang):
        out = []
        for ex in story.examples():
            result = story.check(pick(ex["text"], lang), pick(ex["product"], lang))
            out.append((ex, result))
        return out

    def html(lang):
        parts = [markup.to_html(t("lessons.3.examples", lang), lang)]
        for ex, result in verdicts(lang):
            covered = ", ".join(pick(e.name, lang) for e, _ in result.covered) or "—"
            missing = ", ".join(pick(e.name, lang) for e in result.missing) or "—"
            body = "".join(f"<p>{escape(line)}</p>" for line in pick(ex["text"], lang).splitlines())
            found = t("lessons.story.covered", lang, count=result.count, total=result.total, names=covered)
            parts.append(
                f"<div class='ocop-story ocop-story-{escape(ex['quality'])}'>"
                f"<b>{escape(t('lessons.3.example_' + ex['quality'], lang))}: {escape(pick(ex['product'], lang))}</b>"
                f"<blockquote>{body}</blockquote>"
                f"<p>{escape(found)}</p>"
                f"<p class='ocop-help'>{escape(t('lessons.story.missing', lang, names=missing))}</p>"
                f"<p class='ocop-help'>{escape(pick(ex['note'], lang))}</p></div>")
        return "".join(parts)

    def plain(lang):
        return "\n".join(f"{ex['id']}: {r.count}/{r.total}" for ex, r in verdicts(lang))

    return Section(html, plain)


# --- lesson 4: the dossier ------------------------------------------------------------------

def forms_section() -> Section:
    def contents(form, lang):
        """Each part by its heading and title, or by its numbered lines where it has no title."""
        out = []
        for part in form["parts"]:
            if part.get("title"):
                head = f"{pick(part['heading'], lang)}. " if part.get("heading") else ""
                out.append(head + sentence(pick(part["title"], lang).rstrip(":")))
            else:
                out += [f"{line['number']} {pick(line['label'], lang)}" for line in part.get("lines", [])
                        if line.get("label") and (line.get("number") or "").rstrip(".").isdigit()]
        return out

    def rows(lang):
        out = []
        for form in forms():
            subtitle = pick(form.get("subtitle"), lang).strip("()") if form.get("subtitle") else ""
            title = sentence(pick(form["title"], lang)) + (f" ({subtitle})" if subtitle else "")
            out.append([pick(form["number"], lang), title, "; ".join(contents(form, lang))])
        return out

    head_keys = ("lessons.col.form", "lessons.col.title", "lessons.col.contents")
    text = text_section("4.forms")

    def html(lang):
        return (text.html(lang) + table_html([escape(t(k, lang)) for k in head_keys],
                                             [[escape(c) for c in r] for r in rows(lang)]))

    def plain(lang):
        return text.plain(lang) + "\n" + "\n".join(f"{r[0]}: {r[1]}" for r in rows(lang))

    return Section(html, plain)


def evidence_section() -> Section:
    head_keys = ("lessons.col.number", "lessons.col.topic", "lessons.col.requirement")
    text = text_section("4.evidence", lambda lang: {"count": len(evidence_topics())})

    def rows(lang):
        return [[str(i), pick(e["topic"], lang), pick(e["requirement"], lang)]
                for i, e in enumerate(evidence_topics(), 1)]

    def html(lang):
        return text.html(lang) + table_html([escape(t(k, lang)) for k in head_keys],
                                            [[escape(c) for c in r] for r in rows(lang)])

    return Section(html, text.plain)


def commune_section() -> Section:
    check = data("procedure")["commune_check"]
    text = text_section("4.commune", lambda lang: {"days": facts.procedure("commune_working_days"),
                                                   "count": len(check["topics"])})

    def html(lang):
        items = "".join(f"<li><b>{escape(pick(x['topic'], lang))}</b> — {escape(pick(x['what'], lang))}</li>"
                        for x in check["topics"])
        source = source_line(citation(f"QĐ 26/2026, {check['article']}", lang), lang)
        return text.html(lang) + f"<ol>{items}</ol>" + source

    def plain(lang):
        return text.plain(lang) + "\n" + "\n".join(f"- {pick(x['topic'], lang)}" for x in check["topics"])

    return Section(html, plain)


def _app_params(lang):
    return {"assessment": notebook("assessment"), "idea": notebook("idea"), "plan": notebook("plan"),
            "tab_work": t("assessment.tab_work", lang), "tab_export": t("assessment.tab_export", lang)}


# --- lesson 5: from idea to plan -----------------------------------------------------------

def _field_labels(form_id: str) -> dict[str, dict]:
    return {f["id"]: f["label"] for f in form_fields(load_form(form_id), include_official=True)}


def connections_section() -> Section:
    head_keys = ("lessons.col.form_field", "lessons.col.criteria", "lessons.col.why")
    text = text_section("5.connections", lambda lang: {"set": examples.example().cset.label(lang)})

    def rows(lang):
        cset = examples.example().cset.by_code()
        out = []
        for link in data("lessons")["connections"]:
            label = pick(_field_labels(link["form"]).get(link["field"], {}), lang) or link["field"]
            form = t(f"lessons.5.form_{link['form']}", lang)
            crit = "; ".join(f"{code} {cset[code].label(lang)}" if code in cset else code for code in link["criteria"])
            out.append([f"{form} · {label}", crit, pick(link["why"], lang)])
        return out

    def html(lang):
        return text.html(lang) + table_html([escape(t(k, lang)) for k in head_keys],
                                            [[escape(c) for c in r] for r in rows(lang)])

    def plain(lang):
        return text.plain(lang) + "\n" + "\n".join(f"{r[0]} → {r[1]}" for r in rows(lang))

    return Section(html, plain)


# --- the registry ---------------------------------------------------------------------------

def _t_section(key, params=None):
    return lambda: text_section(key, params)


SECTIONS: dict[int, dict[str, Callable[[], Section]]] = {
    1: {
        "intro": _t_section("1.intro", _intro_params),
        "cycle": lambda: join(text_section("1.cycle", _cycle_params),
                              chart_section(charts.cycle, "alt.cycle",
                                            lambda lang: pick(data("procedure")["cycle"]["source"], lang))),
        "sectors": sectors_section,
        "stars": stars_section,
        "certificate": certificate_section,
        "rounds": _t_section("1.rounds", _rounds_params),
        "bac_kan": bac_kan_section,
        "facts": programme_facts,
    },
    2: {
        "intro": _t_section("2.intro"),
        "parts": parts_section,
        "minimums": minimums_section,
        "example": worked_example,
        "whatif_intro": _t_section("2.whatif"),
        "why_75": why_75_section,
        "history": history_section,
    },
    3: {
        "intro": _t_section("3.intro"),
        "story_criteria": lambda: criteria_table("story_criteria", "3.story_criteria"),
        "elements": story_elements_section,
        "examples": story_examples_section,
        "checker_intro": _t_section("3.checker"),
        "packaging": lambda: criteria_table("packaging_criteria", "3.packaging"),
    },
    4: {
        "intro": _t_section("4.intro", lambda lang: {"paper": facts.procedure("paper_copies"),
                                                     "electronic": facts.procedure("electronic_copies"),
                                                     "samples": facts.procedure("product_samples")}),
        "flow": lambda: chart_section(charts.dossier_flow, "alt.flow"),
        "forms": forms_section,
        "evidence": evidence_section,
        "commune": commune_section,
        "checklist_intro": _t_section("4.checklist"),
        "export": _t_section("4.export", _app_params),
    },
    5: {
        "intro": _t_section("5.intro"),
        "path": lambda: chart_section(charts.idea_to_plan, "alt.path"),
        "idea": _t_section("5.idea", _app_params),
        "plan": _t_section("5.plan", _app_params),
        "connections": connections_section,
        "next": _t_section("5.next", lambda lang: {**_app_params(lang), "test": notebook("test")}),
    },
}

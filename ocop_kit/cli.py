"""``ocop-kit``: the criteria, the scoring engine and the planner from a terminal.

Bad input never shows a traceback: one line saying what and where, in the chosen
language, and exit status 2.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import answers as answers_io
from . import config
from .errors import InputError
from .i18n import normalize_lang, pick, t
from .planner import BY, plan
from .rubric.registry import default_version_id, load_version, load_with_sheet, version_ids, version_in_force
from .scoring import format_points, score

EXIT_INPUT = 2


class _Parser(argparse.ArgumentParser):
    lang = "vi"

    def error(self, message):  # argparse's own words, framed in the user's language
        sys.stderr.write(t("cli.usage_error", self.lang, detail=message, prog=self.prog) + "\n")
        raise SystemExit(EXIT_INPUT)


def build_parser(lang: str) -> argparse.ArgumentParser:
    _Parser.lang = lang
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", help=t("cli.help.json", lang))
    common.add_argument("--lang", choices=("vi", "en"), default=lang, help=t("cli.help.lang", lang))
    parser = _Parser(prog="ocop-kit", description=t("cli.description", lang), parents=[common])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("rubrics", parents=[common], help=t("cli.help.rubrics", lang))
    show = sub.add_parser("show", parents=[common], help=t("cli.help.show", lang))
    show.add_argument("version")
    show.add_argument("set")
    show.add_argument("--sheet", help=t("cli.help.sheet", lang))
    sc = sub.add_parser("score", parents=[common], help=t("cli.help.score", lang))
    sc.add_argument("file")
    sc.add_argument("--sheet", help=t("cli.help.sheet", lang))
    pl = sub.add_parser("plan", parents=[common], help=t("cli.help.plan", lang))
    pl.add_argument("file")
    pl.add_argument("--target", type=int, choices=range(1, 6), metavar="N", help=t("cli.help.target", lang))
    pl.add_argument("--sheet", help=t("cli.help.sheet", lang))
    pl.add_argument("--by", choices=BY, default="effort", help=t("cli.help.by", lang))
    co = sub.add_parser("council", parents=[common], help=t("cli.help.council", lang))
    co.add_argument("files", nargs="+")
    co.add_argument("--sheet", help=t("cli.help.sheet", lang))
    ds = sub.add_parser("dossier", parents=[common], help=t("dossier.cli.help", lang))
    ds.add_argument("file")
    ds.add_argument("--plan", metavar="PLAN.json", help=t("dossier.cli.help_plan", lang))
    ds.add_argument("--docx", metavar="OUT.docx", help=t("dossier.cli.help_docx", lang))
    ds.add_argument("--html", metavar="OUT.html", help=t("dossier.cli.help_html", lang))
    ds.add_argument("--pdf", metavar="OUT.pdf", help=t("dossier.cli.help_pdf", lang))
    ds.add_argument("--sheet", help=t("cli.help.sheet", lang))
    ds.add_argument("--target", type=int, choices=range(1, 6), metavar="N", help=t("dossier.cli.help_target", lang))
    bp = sub.add_parser("business-plan", parents=[common], help=t("finance.cli.help", lang))
    bp.add_argument("file", metavar="PLAN.json")
    bp.add_argument("--xlsx", metavar="OUT.xlsx", help=t("finance.cli.help_xlsx", lang))
    rb = sub.add_parser("rubric", parents=[common], help=t("cli.help.rubric", lang))
    rb_sub = rb.add_subparsers(dest="rubric_command", required=True, parser_class=_Parser)
    check = rb_sub.add_parser("check", parents=[common], help=t("cli.help.check", lang))
    check.add_argument("sheet")
    check.add_argument("--version", default=None, help=t("cli.help.version", lang))
    hb = sub.add_parser("hub", parents=[common], help=t("hub.cli_help", lang))
    hb.add_argument("--host", default="127.0.0.1")
    hb.add_argument("--port", type=int, default=8000)
    sv = sub.add_parser("serve", parents=[common], help=t("cli.help.serve", lang))
    sv.add_argument("--host", default=None)  # unset flags: the settings (ocop_kit/config.py)
    sv.add_argument("--port", type=int, default=None)
    sv.add_argument("--notebooks", default=None, help=t("cli.help.notebooks", lang))
    sv.add_argument("--no-preheat", action="store_true", help=t("cli.help.no_preheat", lang))
    sv.add_argument("--class-size", type=int, default=None, metavar="N", help=t("serve.help.class_size", lang))
    sv.add_argument("--app", action="append", default=None, metavar="NAME", help=t("serve.help.app", lang))
    sv.add_argument("--write-config", metavar="FILE", help=t("serve.help.write_config", lang))
    return parser


def _lang_from_argv(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return normalize_lang(argv[i + 1])
        if arg.startswith("--lang="):
            return normalize_lang(arg.split("=", 1)[1])
    return "vi"


def main(argv: list[str] | None = None) -> int:
    settings, argv = config.split_argv(sys.argv[1:] if argv is None else argv)  # --OcopKit.name=value
    lang = _lang_from_argv(argv)
    args = build_parser(lang).parse_args(argv)
    lang = args.lang
    try:
        config.configure(settings)
        return COMMANDS[args.command](args, lang)
    except InputError as exc:
        _say_error(t("cli.error", lang, message=exc.message(lang)))
        return EXIT_INPUT
    except BrokenPipeError:  # output piped into `head`: not an error worth a traceback
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one line, never a traceback (OCOP_KIT_DEBUG=1 shows it)
        if os.environ.get("OCOP_KIT_DEBUG"):
            raise
        detail = f"{type(exc).__name__}: {exc}"[:300]
        _say_error(t("cli.error", lang, message=t("cli.unexpected", lang, detail=detail)))
        return EXIT_INPUT


def _say_error(line: str) -> None:
    """Write one line to stderr; text that the terminal cannot encode is replaced, not raised."""
    sys.stderr.write(line.encode("utf-8", "replace").decode("utf-8").replace("\n", " ") + "\n")


def _emit(args, data: dict, text: str) -> None:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text.rstrip() + "\n")


def _version(version_id: str, sheet: str | None):
    if sheet:
        version, result = load_with_sheet(version_id, sheet)
        if result.problems:
            raise InputError("cli.sheet_has_problems", sheet, count=len(result.problems))
        return version
    return load_version(version_id)


def cmd_rubrics(args, lang):
    data, lines = [], []
    for vid in version_ids():
        v = load_version(vid)
        entry: dict[str, Any] = {"id": v.id, "title": v.title_label(lang),
                                 "parts": {p.code: p.max for p in v.parts.values()},
                                 "in_force": v.in_force, "current": v.current,
                                 "default": v.id == default_version_id(),
                                 "sets": [], "unavailable": [m["set"] for m in v.unavailable]}
        status = t("cli.in_force", lang) if v.current else pick(v.status_note, lang)
        lines.append(f"{v.id} — {v.title_label(lang)}" + (f" ({status})" if status else ""))
        parts = " / ".join(f"{p.code} {format_points(p.max, lang)}" for p in v.parts.values())
        lines.append("  " + t("cli.parts_line", lang, parts=parts))
        if not v.sets:
            lines.append("  " + t("input.no_criteria", lang, version=v.id))
        for cset in v.sets.values():
            sums = {p: cset.part_sum(p) for p in v.parts}
            entry["sets"].append({"name": cset.name, "slug": cset.slug, "sums": sums, "complete": cset.complete,
                                  "group": pick(cset.group, lang)})
            flag = "" if cset.complete else "  ⚠ " + t("cli.incomplete", lang)
            lines.append(f"  - {cset.label(lang)} [{cset.slug}] " + " / ".join(
                format_points(s, lang) for s in sums.values()) + f" = {format_points(sum(sums.values()), lang)}{flag}")
        for missing in v.unavailable:
            lines.append(f"  - {missing['set']}  ✗ {pick(missing['note'], lang)}")
        data.append(entry)
        lines.append("")
    _emit(args, {"versions": data}, "\n".join(lines))
    return 0


def _find_set(version, name):
    cset = version.find_set(name)
    if cset is None:
        raise InputError("input.unknown_set", set=name, version=version.id)
    return cset


def cmd_show(args, lang):
    version = _version(args.version, args.sheet)
    cset = _find_set(version, args.set)
    lines = [f"{cset.label(lang)} — {version.title_label(lang)}"]
    for gap in cset.gaps:
        lines.append("⚠ " + t("score.incomplete_part", lang, part=gap["part"], sum=format_points(gap["sum"], lang),
                                max=format_points(gap["max"], lang)))
    section = None
    for c in cset.criteria:
        if c.section != section:
            section = c.section
            lines.append(f"\n{c.part}. {c.section_label(lang)}")
        lines.append(f"  {c.code} {c.label(lang)} ({t('cli.max', lang)} {format_points(c.max_points, lang)})")
        for level in c.levels:
            case = f"[{t('cli.case', lang)} {level.case}] " if len(c.cases) > 1 else ""
            mark = f"  [{t('cli.minimum_mark', lang, stars=level.min_stars)}]" if level.min_stars else ""
            lines.append(f"      {format_points(level.points, lang):>3} — {case}{level.text}{mark}")
    data = {"version": version.id, "set": cset.name, "slug": cset.slug, "complete": cset.complete, "criteria": [
        {"code": c.code, "part": c.part, "section": c.section, "name": c.name, "name_en": c.name_en,
         "max": c.max_points, "rules": [f"{r.kind}:{r.arg}" if r.arg else r.kind for r in c.rules],
         "levels": [{"points": lv.points, "text": lv.text, "case": lv.case, "min_stars": lv.min_stars}
                    for lv in c.levels],
         "minimums": {str(star): c.minimum(star) for star, _ in c.minimums}}
        for c in cset.criteria],
        "set_rules": [f"{r.kind}:{r.arg}" for r in cset.set_rules]}
    _emit(args, data, "\n".join(lines))
    return 0


def _load(path, sheet=None):
    doc = answers_io.load(path)
    version, cset = answers_io.resolve(doc, str(path), sheet)
    return doc, version, cset


def _score_text(result, doc, lang) -> list[str]:
    v = result.version
    lines = [f"{doc.info.get('product', '')} — {doc.info.get('producer', '')}".strip(" —"),
             f"{result.cset.label(lang)} ({v.title_label(lang)})"]
    for code in v.parts:
        lines.append(f"  {t('cli.part', lang)} {code}: {format_points(result.parts[code], lang)} / "
                     f"{format_points(result.part_max[code], lang)}")
    lines.append(f"  {t('cli.total', lang)}: {format_points(result.total, lang)} / "
                 f"{format_points(sum(result.part_max.values()), lang)}")
    if result.excluded:
        lines.append("  " + t("cli.excluded", lang))
    else:
        lines.append(f"  {t('cli.stars', lang, stars=result.stars)} — {pick(result.band.meaning, lang)}")
        lines.append(f"  {pick(result.band.certified_by, lang)}")
        if result.central_candidate:
            lines.append("  " + t("score.central_candidate", lang))
    if not v.current:
        current = load_version(version_in_force())
        lines.append("  ⚠ " + t("score.not_in_force", lang, version=v.title_label(lang),
                                  current=current.title_label(lang), note=pick(v.status_note, lang)))
    if result.unanswered:
        lines.append("  " + t("cli.unanswered", lang, count=len(result.unanswered), codes=", ".join(result.unanswered)))
    for m in result.rules:
        lines.append("  • " + m.text(lang))
    for m in result.warnings:
        lines.append("  ⚠ " + m.text(lang))
    return lines


def cmd_score(args, lang):
    doc, version, cset = _load(args.file, args.sheet)
    result = score(version, cset, doc.answers, doc.facts)
    data = result.as_dict(lang)
    data.update({"product": doc.info.get("product", ""), "producer": doc.info.get("producer", "")})
    _emit(args, data, "\n".join(_score_text(result, doc, lang)))
    return 0


def cmd_plan(args, lang):
    doc, version, cset = _load(args.file, args.sheet)
    result = plan(version, cset, doc.answers, doc.facts, args.target, by=args.by)
    lines = [t("cli.plan_head", lang, stars=result.current_stars, total=format_points(result.current_total, lang),
               target=result.target, threshold=format_points(result.threshold, lang))]
    for i, step in enumerate(result.steps, 1):
        before = "—" if step.from_points is None else format_points(step.from_points, lang)
        lines.append(f"  {i}. {step.code} {step.name_en if lang == 'en' and step.name_en else step.name}: "
                     f"{before} → {format_points(step.to_points, lang)} (+{format_points(step.gain, lang)})")
        lines.append(f"     {step.to_text}")
        evidence = step.evidence_en if lang == "en" and step.evidence_en else step.evidence
        if evidence:
            lines.append(f"     {t('cli.evidence', lang)}: {evidence}")
    if result.reachable and result.steps:
        lines.append(t("cli.plan_after", lang, total=format_points(result.total_after, lang), stars=result.stars_after))
    for m in result.messages:
        lines.append("  " + m.text(lang))
    _emit(args, result.as_dict(lang), "\n".join(lines))
    return 0


def cmd_council(args, lang):
    from .services import council_from_documents

    docs = [(str(path), answers_io.load(path)) for path in args.files]
    result = council_from_documents(docs, args.sheet)
    lines = [f"{docs[0][1].info.get('product', '')} — {result.cset.label(lang)}"]
    for name, r in zip(result.names, result.raters, strict=True):
        held = "".join(f"; {m.code} {format_points(m.has, lang)} < {format_points(m.needs, lang)} ({m.star}★)"
                       for m in r.minimums_unmet)
        lines.append(f"  {name}: {format_points(r.total, lang)} → {t('cli.stars', lang, stars=r.stars)}{held}")
    lines.append(f"  {t('cli.average', lang)}: {format_points(result.average, lang)} → "
                 + (t("cli.excluded", lang) if result.excluded else t("cli.stars", lang, stars=result.stars)))
    for m in result.minimums_unmet:
        lines.append("  • " + t("cli.council_minimum", lang, code=m.code, has=format_points(m.has, lang),
                                  needs=format_points(m.needs, lang), star=m.star))
    if result.spread_exceeded:
        lines.append("  ⚠ " + t("cli.spread", lang, spread=format_points(result.spread, lang),
                                  limit=format_points(result.version.spread_limit, lang)))
        if result.version.spread_source:
            lines.append("    " + pick(result.version.spread_source, lang))
    if result.central_candidate:
        lines.append("  " + t("cli.central_candidate", lang))
    if result.widest:
        lines.append("  " + t("cli.widest", lang) + ": " + ", ".join(
            f"{d.code} ({format_points(d.low, lang)}–{format_points(d.high, lang)})" for d in result.widest))
    _emit(args, result.as_dict(lang), "\n".join(lines))
    return 0


def cmd_dossier(args, lang):
    from .dossier import build, missing_for
    from .dossier.plan_file import load_plan_file

    outputs = {k: getattr(args, k) for k in ("docx", "html", "pdf") if getattr(args, k)}
    if not outputs:
        raise InputError("dossier.cli.no_output")
    doc, version, cset = _load(args.file, args.sheet)
    business_plan = load_plan_file(args.plan) if args.plan else None
    result = score(version, cset, doc.answers, doc.facts)
    dossier = build(doc, version, cset, result, business_plan, lang)
    written = []
    render: Callable[[Any], str | bytes]
    for kind, path in outputs.items():  # rendered first, then written: a failed render leaves no file
        if kind == "docx":
            from .reports.dossier_docx import render_docx as render
        elif kind == "html":
            from .reports.dossier_html import render_html as render
        else:
            from .reports.dossier_pdf import render_pdf as render
        data = render(dossier)
        try:
            Path(path).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        except OSError as exc:
            raise InputError("dossier.cli.cannot_write", path, error=exc.strerror or str(exc)) from None
        written.append(path)
    missing = missing_for(doc, version, cset, business_plan, lang, target=args.target, result=result)
    lines = [t("dossier.cli.written", lang, path=path) for path in written]
    lines.append(t("dossier.cli.missing", lang, count=len(missing)) if missing else t("dossier.cli.complete", lang))
    lines += [f"  - {m.message}" for m in missing]
    _emit(args, {"written": written, "missing": [m.as_dict() for m in missing]}, "\n".join(lines))
    return 0


def cmd_business_plan(args, lang):
    """The plan's key figures (and its workbook), so a trainer can check a plan without the app."""
    from .dossier.plan_file import load_plan_file
    from .finance import PlanInputError, calendar_month, check_plan, compute
    from .finance.taxes import regime_summary
    from .money import format_vnd

    plan = load_plan_file(args.file)
    model = plan.finance
    try:
        result = compute(model)
    except PlanInputError as exc:
        first = exc.issues[0]
        raise InputError("finance.cli.plan_invalid", args.file, field=first.field,
                         message=first.message(lang), count=len(exc.issues)) from None
    issues = [i for i in check_plan(model, result) if i.severity != "info"]
    if args.xlsx:
        from .finance.export_xlsx import export_xlsx

        try:
            Path(args.xlsx).write_bytes(export_xlsx(plan, lang, result))
        except OSError as exc:
            raise InputError("dossier.cli.cannot_write", args.xlsx,
                             error=exc.strerror or str(exc)) from None

    def when(month):
        cy, cm = calendar_month(model, month)
        return f"{cm:02d}/{cy}"

    r = result
    data = {
        "title": plan.title, "tax_regime": model.tax_regime,
        "years": [{"year": y.year, "revenue": y.revenue, "net_profit": y.net_profit,
                   "breakeven_revenue": y.breakeven_revenue,
                   "breakeven_volume_by_product": [p.breakeven_volume for p in y.by_product]}
                  for y in r.years],
        "cash_low_point": r.cash_low_point, "cash_low_month": r.cash_low_month,
        "cash_low_when": when(r.cash_low_month),
        "startup_capital_needed": r.startup_capital_needed,
        "working_capital_typed": r.working_capital_typed,
        "working_capital_computed": r.working_capital_computed,
        "total_capital_need": r.total_investment,
        "funding_coverage_pct": r.funding_coverage_pct,
        "breakeven_month_y1": r.breakeven_month_y1, "profit_month_y1": r.profit_month_y1,
        "payback_months": r.payback_months,
        "repayment": {"low_point": r.repayment_low_point, "low_month": r.repayment_low_month,
                      "fail_month": r.repayment_fail_month, "dscr": r.dscr},
        "warnings": [{"field": i.field, "key": i.key, "message": i.message(lang)} for i in issues],
        "xlsx": args.xlsx,
    }
    none = t("plan_app.report.not_reached", lang)
    lines = [plan.title or args.file, t("finance.label.tax_regime", lang) + ": " + regime_summary(model, lang)]
    for y in r.years:
        lines.append(t("finance.cli.year_line", lang, year=y.year, revenue=format_vnd(y.revenue, lang),
                       profit=format_vnd(y.net_profit, lang)))
    lines += [
        t("finance.cli.low_point", lang, amount=format_vnd(r.cash_low_point, lang),
          month=r.cash_low_month, when=when(r.cash_low_month)),
        t("finance.label.startup_capital_needed", lang) + ": " + format_vnd(r.startup_capital_needed, lang),
        t("finance.label.total_investment", lang) + ": " + format_vnd(r.total_investment, lang),
        t("finance.label.breakeven_month", lang) + ": " + str(r.breakeven_month_y1 or none),
        t("finance.label.payback_months", lang) + ": " + str(r.payback_months or none),
    ]
    if r.repayment_low_point is not None:
        lines.append(t("finance.label.repayment_low_point", lang) + ": "
                     + format_vnd(r.repayment_low_point, lang) + f" ({r.repayment_low_month})")
    lines += ["- " + i.message(lang) for i in issues]
    if args.xlsx:
        lines.append(t("dossier.cli.written", lang, path=args.xlsx))
    _emit(args, data, "\n".join(lines))
    return 0


def cmd_rubric(args, lang):
    version, result = load_with_sheet(args.version or default_version_id(), args.sheet)
    problems = [p.message(lang) for p in result.problems]
    data = {"file": args.sheet, "version": version.id, "ok": not problems, "problems": problems,
            "sets": [{"name": s.name, "criteria": len(s.criteria),
                      "sums": {p: s.part_sum(p) for p in version.parts}} for s in result.sets.values()]}
    lines = [f"{args.sheet}: " + (t("cli.sheet_ok", lang, sets=len(result.sets)) if not problems
                                  else t("cli.sheet_problems", lang, count=len(problems)))]
    lines += [f"  - {p}" for p in problems]
    _emit(args, data, "\n".join(lines))
    return 0 if not problems else EXIT_INPUT


def cmd_serve(args, lang):
    from .serving import serve, templates_root

    notebooks = args.notebooks or str(Path.cwd() / "notebooks")
    if args.no_preheat and (args.class_size not in (None, 1) or args.app):
        raise InputError("serve.class_size_needs_preheat")
    status = serve(host=args.host, port=args.port, notebooks_dir=notebooks, preheat=False if args.no_preheat else None,
                   class_size=args.class_size, apps=args.app, write_config=args.write_config, lang=lang) or 0
    if args.write_config:
        sys.stdout.write(t("serve.config_written", lang, path=args.write_config,
                           jupyter_path=templates_root(), notebooks=notebooks) + "\n")
    return status


def cmd_hub(args, lang):
    from .hub import run_hub

    return run_hub(args.host, args.port, lang)


COMMANDS = {
    "rubrics": cmd_rubrics, "show": cmd_show, "score": cmd_score, "plan": cmd_plan,
    "council": cmd_council, "rubric": cmd_rubric, "serve": cmd_serve, "hub": cmd_hub, "dossier": cmd_dossier,
    "business-plan": cmd_business_plan,
}

if __name__ == "__main__":
    raise SystemExit(main())

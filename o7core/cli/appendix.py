"""Command line for the appendix: ``anlage`` (export XLSX/PDF) and ``check`` (Anlage prüfen).

``python -m o7core anlage DATA [--scenario S] --out FILE.xlsx|FILE.pdf`` plans like ``plan`` and
writes the appendix; ``python -m o7core check FILE.xlsx|FILE.pdf|FILE.txt [--format json|table]
[--prices P.json]`` names the root causes of every inconsistency (``findings``; what only follows
from them under ``consequences``) and exits 0 when nothing deviates, 1 when something does, 2 on
bad input (German message on stderr, nothing on stdout). ``-`` reads the text from stdin.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import O7InputError, Problem
from .common import EXIT_FINDINGS, Command, load_scenario_for, read_bytes, write_file, write_json, write_text


def _anlage_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", metavar="DATA", help="Datenvorlage (CSV/XLSX), Planungshilfe oder Szenariodatei (JSON)")
    p.add_argument("--scenario", metavar="SZENARIO.json", help="Szenario: alles außer den Monatswerten")
    p.add_argument(
        "--out", required=True, metavar="DATEI.xlsx|DATEI.pdf", help="Zieldatei; die Endung wählt das Format"
    )


def _cmd_anlage(args: argparse.Namespace) -> int:
    from ..appendix import build_appendix
    from ..scenario import plan_scenario

    out = Path(args.out)
    kind = out.suffix.lower()
    if kind not in (".xlsx", ".pdf"):
        raise O7InputError(
            Problem(
                "Unbekanntes Ausgabeformat.",
                file=out.name,
                value=out.suffix or "(keine Endung)",
                expected="eine Datei mit der Endung .xlsx oder .pdf",
            )
        )
    scenario = load_scenario_for(args.data, args.scenario, warn=sys.stderr)
    plan = plan_scenario(scenario)
    for warning in plan.warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    appendix = build_appendix(scenario, plan)
    if appendix.is_draft:
        print(f"Warnung: {appendix.draft_text} Die Datei ist als Entwurf gekennzeichnet.", file=sys.stderr)
    if kind == ".xlsx":
        from ..export_xlsx import to_xlsx

        content = to_xlsx(appendix)
    else:
        from ..export_pdf import to_pdf

        content = to_pdf(appendix)
    write_file(out, content)
    print(f"{appendix.title} für {appendix.jobcenter or 'das Jobcenter'} geschrieben: {out}", file=sys.stderr)
    return 0


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        metavar="ANLAGE",
        help="ausgefüllte Anlage: Excel-Datei (.xlsx), PDF oder Text; „-“ liest den Text von der Standardeingabe",
    )
    p.add_argument("--format", choices=("json", "table"), default="table", help="Ausgabeformat (Standard: table)")
    p.add_argument("--prices", metavar="PREISBLATT.json", help="Preisblatt statt des Preisblatts der Anlage")


def _cmd_check(args: argparse.Namespace) -> int:
    from ..check import check_bytes, check_text, result_table, result_to_dict

    prices = None
    if args.prices:
        from ..costs import price_sheet_from_dict
        from ..formats.source import load_json

        raw_prices = read_bytes(args.prices)
        try:
            prices = price_sheet_from_dict(
                load_json(
                    raw_prices,
                    expected='{"contract_year": 2023, "terms": {"1": {"base_per_bg": "30.96", "per_hour": "49.20"}, …}}',
                )
            )
        except O7InputError as exc:
            raise exc.located(file=Path(args.prices).name) from None
    if args.file == "-":
        from ..formats.source import MAX_PDF_TEXT_CHARS

        result = check_text(sys.stdin.read(MAX_PDF_TEXT_CHARS + 1), "Standardeingabe", prices=prices)
    else:
        raw = read_bytes(args.file)
        result = check_bytes(raw, Path(args.file).name, prices=prices)
    if args.format == "json":
        write_json(result_to_dict(result))
    else:
        write_text(result_table(result))
    return 0 if result.ok else EXIT_FINDINGS


COMMANDS = (
    Command("anlage", "Anlage zum Dienstleistungseinkauf als XLSX oder PDF erzeugen", _anlage_arguments, _cmd_anlage),
    Command(
        "check",
        "Ausgefüllte Anlage (XLSX, PDF oder Text) prüfen: die Ursache jeder Abweichung nennen",
        _check_arguments,
        _cmd_check,
    ),
)

"""``python -m o7core vorlage DATA [--scenario S] [--bericht REPORT] [--vergleich F …] --out vorlage.pdf``.

The council briefing (:mod:`o7core.vorlage`) on the command line. ``--bericht`` adds the Kennzahlen of
the running year from the Service Center's monthly report; ``--vergleich`` adds saved scenarios
(a scenario file or a collection saved on the Kosten page, ``o7-scenario-collection``; may be repeated).
Bad input ends with German messages on stderr and exit status 2 (see :mod:`o7core.cli`).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import O7InputError, Problem
from .common import Command, load_scenario_for, read_bytes, write_file

COLLECTION_FORMAT = "o7-scenario-collection"


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", metavar="DATA", help="Datenvorlage (CSV/XLSX), Planungshilfe oder Szenariodatei (JSON)")
    p.add_argument("--scenario", metavar="SZENARIO.json", help="Szenario: alles außer den Monatswerten")
    p.add_argument("--bericht", metavar="BERICHT", help="Monatsbericht des Service Centers (CSV/XLSX): Kennzahlen")
    p.add_argument(
        "--vergleich",
        metavar="SZENARIEN.json",
        action="append",
        default=[],
        help="gespeicherte Szenarien zum Vergleich (Szenariodatei oder Sammlung; mehrfach möglich)",
    )
    p.add_argument("--name", default="", help="Name des vorgeschlagenen Szenarios in der Vergleichstabelle")
    p.add_argument("--datum", metavar="TT.MM.JJJJ", help="Datum der Vorlage (Standard: heute)")
    p.add_argument("--out", required=True, metavar="vorlage.pdf", help="Ausgabedatei (PDF)")


def read_compared(raw: bytes, filename: str) -> list[tuple[str, object]]:
    """Scenarios of a scenario file or a collection file: ``[(name, scenario), …]``; German problems."""
    from ..scenario import scenario_from_dict

    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise O7InputError(
            Problem("Die Datei ist keine gültige JSON-Datei.", file=filename, expected="Szenariodatei oder -sammlung")
        ) from None
    entries: list[Any]
    if isinstance(data, dict) and data.get("format") == COLLECTION_FORMAT:
        listed = data.get("scenarios")
        entries = listed if isinstance(listed, list) else []
    elif isinstance(data, dict) and data.get("format") == "o7-scenario":
        entries = [data]
    else:
        raise O7InputError(
            Problem(
                "Das ist keine Szenariodatei des O.7 Planers.",
                file=filename,
                column="format",
                expected=f"„o7-scenario“ oder „{COLLECTION_FORMAT}“",
            )
        )
    out: list[tuple[str, object]] = []
    problems: list[Problem] = []
    for index, entry in enumerate(entries):
        try:
            scenario = scenario_from_dict(entry, require_months=True)
        except O7InputError as exc:
            problems.extend(p.located(file=filename) for p in exc.problems)
            continue
        name = entry.get("name") if isinstance(entry, dict) else None
        label = " ".join(str(name).split())[:60] if isinstance(name, str) and name.strip() else ""
        out.append((label or (Path(filename).stem if len(entries) == 1 else f"Szenario {index + 1}"), scenario))
    if problems:
        raise O7InputError(problems)
    if not out:
        raise O7InputError(Problem("Die Datei enthält kein Szenario.", file=filename, column="scenarios"))
    return out


def _run(args: argparse.Namespace) -> int:
    from ..vorlage import vorlage_pdf

    today = None
    if args.datum:
        try:
            day, month, year = (int(x) for x in args.datum.split("."))
            today = date(year, month, day)
        except ValueError:
            raise O7InputError(
                Problem(
                    "Ungültiges Datum.", column="--datum", value=args.datum, expected="TT.MM.JJJJ, z. B. 07.11.2022"
                )
            ) from None
    scenario = load_scenario_for(args.data, args.scenario, warn=sys.stderr)
    if not scenario.months:
        raise O7InputError(Problem("Die Datei enthält keine Monatswerte.", file=Path(args.data).name))
    from ..scenario import plan_scenario

    plan = plan_scenario(scenario)
    report = None
    sources = [Path(args.data).name] + ([Path(args.scenario).name] if args.scenario else [])
    if args.bericht:
        from ..kpi import compute_kpis
        from ..sc_report import read_sc_report

        result = read_sc_report(read_bytes(args.bericht), Path(args.bericht).name)
        if not result.ok:
            raise O7InputError(result.problems)
        for problem in result.warnings:
            print(problem, file=sys.stderr)
        years = sorted({m.month.year for m in result.months})
        year = scenario.contract_year if scenario.contract_year in years else years[-1]
        report = compute_kpis(result.months, plan=plan, state=scenario.jobcenter.state, year=year)
        sources.append(Path(args.bericht).name)
    compared = []
    for path in args.vergleich:
        compared.extend(read_compared(read_bytes(path), Path(path).name))
    pdf = vorlage_pdf(
        scenario,
        plan=plan,
        report=report,
        compared=compared,  # type: ignore[arg-type]
        scenario_name=args.name,
        today=today,
        sources=sources,
    )
    out = Path(args.out)
    write_file(out, pdf, what="Die Ausgabedatei")
    print(f"Sitzungsvorlage geschrieben: {out}", file=sys.stderr)
    return 0


COMMANDS = (
    Command(
        "vorlage",
        "Sitzungsvorlage für Kreistag/Trägerversammlung als PDF (2–4 Seiten, mit Diagrammen)",
        _arguments,
        _run,
    ),
)

"""``python -m o7core machbarkeit DATA [--scenario S] [--profil P.csv] [--geduld S] [--pool N] [--regel R]``.

The Machbarkeit of a plan (:mod:`o7core.feasibility`): linear vs. realistic reachability (Erlang A per
half-hour) per month and for the year, and the Warteschlangen-Zuschlag, as JSON or a German table.
Bad input ends with German messages on stderr and exit status 2 (see :mod:`o7core.cli`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import Command, load_scenario_for, read_bytes, text_table, write_json, write_text


def _positive_seconds(text: str) -> float:
    from ..parsing import parse_duration_seconds

    try:
        value = parse_duration_seconds(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Dauer (Sekunden wie 120 oder mm:ss wie 2:00)") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"die Geduld „{text}“ muss größer als 0 Sekunden sein")
    return value


def _pool(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine ganze Zahl von Jobcentern") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"die Poolgröße „{text}“ muss zwischen 1 und 1000 liegen")
    return value


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", metavar="DATA", help="Datenvorlage (CSV/XLSX), Planungshilfe oder Szenariodatei (JSON)")
    p.add_argument("--scenario", metavar="SZENARIO.json", help="Szenario: alles außer den Monatswerten")
    p.add_argument(
        "--profil",
        metavar="PROFIL.csv",
        help="Intervallbericht des Service Centers (CSV/XLSX: Wochentag oder Datum, Intervall, Anrufe, "
        "optional Abbrüche, Wartezeit); Standard: das mitgelieferte Tagesprofil (Annahme)",
    )
    p.add_argument(
        "--geduld",
        type=_positive_seconds,
        metavar="SEKUNDEN",
        help="mittlere Geduld der Anrufer (Standard: aus dem Intervallbericht, sonst 120 s)",
    )
    p.add_argument("--pool", type=_pool, default=1, help="Jobcenter, die das Service Center gemeinsam bedient (1)")
    p.add_argument(
        "--regel",
        choices=("proportional", "gleichmaessig"),
        default="proportional",
        help="Personaleinsatz über den Tag: proportional zur Last oder gleichmäßig (Standard: proportional)",
    )
    p.add_argument("--format", choices=("json", "table"), default="table", help="Ausgabeformat (Standard: table)")


def _run(args: argparse.Namespace) -> int:
    from .. import fmt
    from ..feasibility import RULES, assess, to_dict
    from ..intraday import read_profile

    scenario = load_scenario_for(args.data, args.scenario, warn=sys.stderr)
    profile = None
    if args.profil:
        profile = read_profile(read_bytes(args.profil), Path(args.profil).name)
        for problem in profile.warnings:
            print(problem, file=sys.stderr)
    result = assess(scenario, profile=profile, patience_seconds=args.geduld, rule=args.regel, pool=args.pool)
    for warning in result.warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    if args.format == "json":
        write_json(to_dict(result))
        return 0
    header = ("Monat", "Anrufe", "Stunden", "linear", "realistisch")
    rows = [
        (
            fmt.month_label(m.month),
            fmt.count(m.planned_calls),
            fmt.hours(m.capacity_hours),
            fmt.percent(m.linear_reachability),
            fmt.percent(m.realistic_reachability),
        )
        for m in result.months
    ]
    rows.append(
        (
            "Jahr",
            fmt.count(sum(m.planned_calls for m in result.months)),
            fmt.hours(sum(m.capacity_hours for m in result.months)),
            fmt.percent(result.linear_reachability),
            fmt.percent(result.realistic_reachability),
        )
    )
    lines = text_table(header, rows)
    s = result.surcharge
    lines.append("")
    lines.append(result.sentence())
    cost = f", {fmt.money(s.cost_per_year)} im ersten Jahr ({s.term_years} J. Laufzeit)" if s.cost_per_year else ""
    lines.append(
        f"Warteschlangen-Zuschlag: {fmt.number(s.hours_per_year, 1)} Stunden im Jahr, {fmt.fte(s.fte)} VZA{cost}."
    )
    lines.append(
        f"Annahmen: Geduld {fmt.number(result.patience_seconds, 0)} s ({result.patience_source}), "
        f"Personaleinsatz {RULES[result.rule]}, Pool {result.pool} Jobcenter, Profil „{result.profile_name}“, "
        f"{fmt.number(result.aht_seconds, 1)} s je Gespräch."
    )
    write_text("\n".join(lines))
    return 0


COMMANDS = (
    Command(
        "machbarkeit",
        "Machbarkeit: linear und realistisch (Erlang A) erreichbar, Warteschlangen-Zuschlag",
        _arguments,
        _run,
    ),
)

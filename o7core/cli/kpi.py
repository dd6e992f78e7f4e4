"""``python -m o7core kennzahlen BERICHT [--scenario S.json] …``: the Kennzahlen on the command line.

Prints the KPIs of a monthly SC report as JSON (``kpi_to_dict``) or as a German text table. With
``--scenario``, the scenario's plan supplies the contracted hours, the plan per month and the
forecast, and its Bundesland and contract year are used. Bad input ends with German messages on
stderr and exit status 2 (see :mod:`o7core.cli`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import O7InputError, Problem
from .common import Command, read_bytes, target, text_table, write_json, write_text


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("report", metavar="BERICHT", help="Monatsbericht des Service Centers (CSV oder XLSX)")
    p.add_argument(
        "--scenario", metavar="SZENARIO.json", help="Szenario mit Monatswerten: Plan, Bundesland, Vertragsjahr"
    )
    p.add_argument("--year", type=int, help="Vertragsjahr (Standard: aus dem Szenario, sonst der letzte Berichtsmonat)")
    p.add_argument("--as-of", dest="as_of", metavar="JJJJ-MM", help="Stand: spätere Berichtsmonate nicht zählen")
    p.add_argument("--state", help="Bundesland (Kürzel wie BW), wenn kein Szenario angegeben ist")
    # the same parser as ``plan --target``: 0.75, 0,75 or 75 %
    p.add_argument("--target", type=target, help="Vertragsziel Erreichbarkeit als Anteil (Standard 0.75)")
    p.add_argument("--closure-target", type=target, help="Vertragsziel Fallabschlussquote als Anteil (Standard 0.70)")
    p.add_argument("--format", choices=("json", "table"), default="table", help="Ausgabeformat (Standard: table)")


def _run(args: argparse.Namespace) -> int:
    from .. import fmt
    from ..kpi import DEFAULT_CLOSURE_TARGET, DEFAULT_REACHABILITY_TARGET, ContractTargets, compute_kpis, kpi_to_dict
    from ..month import Month
    from ..sc_report import read_sc_report

    result = read_sc_report(read_bytes(args.report), Path(args.report).name)
    if not result.ok:
        raise O7InputError(result.problems)
    for problem in result.warnings:
        print(problem, file=sys.stderr)

    plan = None
    state = "BW"
    year = args.year
    if args.scenario:
        from ..scenario import load_scenario, plan_scenario

        scenario = load_scenario(args.scenario, require_months=True)
        plan = plan_scenario(scenario)
        state = scenario.jobcenter.state
        year = year or scenario.contract_year
    if args.state:
        from ..workdays import normalize_state

        state = normalize_state(args.state, field="--state")
    as_of = None
    if args.as_of:
        try:
            as_of = Month.parse(args.as_of)
        except ValueError:
            raise O7InputError(
                Problem("Ungültiger Stand.", column="--as-of", value=args.as_of, expected="JJJJ-MM, z. B. 2023-09")
            ) from None
    targets = ContractTargets(
        reachability=args.target if args.target is not None else DEFAULT_REACHABILITY_TARGET,
        closure_rate=args.closure_target if args.closure_target is not None else DEFAULT_CLOSURE_TARGET,
    )
    report = compute_kpis(result.months, plan=plan, state=state, year=year, targets=targets, as_of=as_of)
    for problem in report.warnings:
        print(problem, file=sys.stderr)

    if args.format == "json":
        write_json(kpi_to_dict(report))
        return 0
    header = (
        "Monat",
        "Anrufe",
        "Gespräche",
        "Erreichb.",
        "kumuliert",
        "Fallabschl.",
        "Weiterl.",
        "Std. verbr.",
        "Std. vereinb.",
    )
    rows = [
        (
            fmt.month_label(m.month),
            fmt.count(m.calls),
            fmt.count(m.conversations),
            fmt.percent(m.reachability),
            fmt.percent(m.cum_reachability),
            fmt.percent(m.closure_rate),
            fmt.count(m.tickets),
            fmt.hours(m.hours_used),
            fmt.hours(m.contracted_hours),
        )
        for m in report.months
    ]
    lines = text_table(header, rows)
    lines.append("")
    lines.extend(f"{s.symbol} {s.text}" for s in report.signals)
    write_text("\n".join(lines))
    return 0


COMMANDS = (
    Command(
        "kennzahlen", "Kennzahlen eines Monatsberichts des Service Centers gegen Vertrag und Plan", _arguments, _run
    ),
)

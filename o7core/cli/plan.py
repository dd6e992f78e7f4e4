"""``python -m o7core plan DATA [--scenario S] [--target T] [--state BL] [--methode …] --format json|table``."""

from __future__ import annotations

import argparse
import sys

from .common import Command, load_scenario_for, target, write_json, write_text
from .forecast import add_method_arguments, contract_year


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", metavar="DATA", help="Datenvorlage (CSV/XLSX), Planungshilfe oder Szenariodatei (JSON)")
    p.add_argument("--scenario", metavar="SZENARIO.json", help="Szenario: alles außer den Monatswerten")
    p.add_argument("--target", type=target, help="Ziel-Erreichbarkeit, z. B. 0.55")
    p.add_argument("--state", help="Bundesland (Kürzel wie BW)")
    add_method_arguments(p)
    p.add_argument("--format", choices=("json", "table"), default="table", help="Ausgabeformat (Standard: table)")


def _run(args: argparse.Namespace) -> int:
    from ..plan_json import plan_to_dict
    from ..scenario import plan_scenario

    scenario = load_scenario_for(args.data, args.scenario, target=args.target, state=args.state, warn=sys.stderr)
    if args.methode is None and args.vertragsjahr is None:
        plan = plan_scenario(scenario)
    else:  # --methode: plan on the forecast months (o7core.forecast)
        plan = plan_scenario(scenario, method=args.methode, contract_year=contract_year(args, scenario))
    for warning in plan.warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    if args.format == "json":
        write_json(plan_to_dict(plan))
    else:
        from ..table import plan_table

        write_text(plan_table(scenario, plan))
    return 0


COMMANDS = (Command("plan", "Plan berechnen (Gespräche, Stunden, VZA, Bausteine, Kosten)", _arguments, _run),)

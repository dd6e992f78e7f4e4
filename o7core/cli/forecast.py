"""``python -m o7core prognose DATA [--scenario S] [--methode …] [--vertragsjahr Y] --format json|table``.

The contract year's months by one of the methods of :mod:`o7core.forecast` (``docs/prognose.md``),
as JSON (``forecast_to_dict``) or as a German text table. ``plan … --methode …`` plans on the same
months (:func:`add_method_arguments` and :func:`contract_year` are used by :mod:`o7core.cli.plan`). Bad input ends
with German messages on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..forecast import METHOD_LABELS, METHODS, Forecast
from .common import Command, load_scenario_for, read_bytes, write_json, write_text

if TYPE_CHECKING:
    from ..scenario import Scenario

METHOD_HELP = "Grundlage: vorjahr (wie BA-Planungshilfe, Standard), bg (nach BG und Arbeitstagen), statistisch"


def add_method_arguments(p: argparse.ArgumentParser) -> None:
    """``--methode`` and ``--vertragsjahr`` (shared by ``prognose`` and ``plan``)."""
    p.add_argument("--methode", choices=METHODS, help=METHOD_HELP)
    p.add_argument(
        "--vertragsjahr",
        type=int,
        metavar="JAHR",
        help="Vertragsjahr (Standard: aus dem Szenario, ohne Szenario das Jahr nach dem letzten Monat)",
    )


def contract_year(args: argparse.Namespace, scenario: Scenario) -> int:
    """``--vertragsjahr``; else the scenario's (``--scenario`` or DATA as a scenario file); else the
    year after the Bezugszeitraum (a data template or planning aid carries no contract year)."""
    if args.vertragsjahr is not None:
        return int(args.vertragsjahr)
    if args.scenario or _is_scenario_file(args.data) or not scenario.months:
        return int(scenario.contract_year)
    return scenario.months[-1].month.year + 1


def _is_scenario_file(path: str) -> bool:
    from ..scenario import is_scenario_dict

    try:
        return is_scenario_dict(json.loads(read_bytes(path).decode("utf-8-sig")))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False


def forecast_to_dict(f: Forecast) -> dict[str, Any]:
    """``method``, ``contract_year``, ``months`` (``month`` ``YYYY-MM``, ``working_days``, ``calls``,
    ``repeat_calls``, ``forwarded_calls``, ``source_month``, ``bg``, ``calls_per_bg_and_working_day``;
    ``lower``/``upper`` for ``statistisch``), ``totals`` and ``backtest`` (``null`` without one)."""
    statistical = f.method == "statistisch"
    months = []
    for m in f.months:
        row: dict[str, Any] = {
            "month": str(m.month),
            "source_month": str(m.source_month),
            "working_days": m.working_days,
            "bg": m.bg,
            "calls_per_bg_and_working_day": m.rate,
            "calls": m.calls,
            "repeat_calls": m.repeat_calls,
            "forwarded_calls": m.forwarded_calls,
        }
        if statistical:
            row["lower"] = m.lower
            row["upper"] = m.upper
        months.append(row)
    totals: dict[str, Any] = {
        "working_days": sum(m.working_days for m in f.months),
        "calls": f.calls,
        "repeat_calls": sum(m.repeat_calls for m in f.months),
        "forwarded_calls": sum(m.forwarded_calls for m in f.months),
    }
    if statistical:
        totals["lower"] = sum(m.lower or 0.0 for m in f.months)
        totals["upper"] = sum(m.upper or 0.0 for m in f.months)
    bt = f.backtest
    return {
        "method": f.method,
        "method_label": METHOD_LABELS[f.method],
        "contract_year": f.contract_year,
        "state": f.state,
        "components": list(f.components),
        "months": months,
        "totals": totals,
        "backtest": None
        if bt is None
        else {
            "smape": bt.smape,
            "trained_on_months": bt.trained_on,
            "months": [
                {"month": str(month), "actual": a, "forecast": p}
                for month, a, p in zip(bt.months, bt.actual, bt.predicted, strict=True)
            ],
        },
        "band": f.band_text,
    }


def forecast_table(f: Forecast) -> str:
    from .. import fmt

    statistical = f.method == "statistisch"
    header = ["Monat", "aus", "Arbeitstage", "BG", "Anrufe", "Anrufwiederh.", "Weiterl."]
    if statistical:
        header += ["80 % von", "bis"]
    rows = []
    for m in f.months:
        row = [
            fmt.month_label(m.month),
            fmt.month_label(m.source_month),
            fmt.count(m.working_days),
            fmt.count(m.bg),
            fmt.count(m.calls),
            fmt.count(m.repeat_calls),
            fmt.count(m.forwarded_calls),
        ]
        if statistical:
            row += [fmt.count(m.lower), fmt.count(m.upper)]
        rows.append(row)
    total = [
        "Gesamt",
        "",
        fmt.count(sum(m.working_days for m in f.months)),
        "",
        fmt.count(f.calls),
        fmt.count(sum(m.repeat_calls for m in f.months)),
        fmt.count(sum(m.forwarded_calls for m in f.months)),
    ]
    if statistical:
        total += [fmt.count(sum(m.lower or 0.0 for m in f.months)), fmt.count(sum(m.upper or 0.0 for m in f.months))]
    rows.append(total)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"Grundlage: {METHOD_LABELS[f.method]} · Vertragsjahr {f.contract_year} · {f.state}", ""]
    for r in [header, *rows]:
        lines.append(
            "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        )
    if f.backtest is not None:
        lines += [
            "",
            f"Rückblick: {len(f.backtest.months)} Monate aus den {f.backtest.trained_on} davor vorhergesagt, "
            f"sMAPE {fmt.number(f.backtest.smape, 1)} %",
        ]
    if f.band_text:
        lines += ["", f.band_text]
    return "\n".join(lines)


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", metavar="DATA", help="Datenvorlage (CSV/XLSX), Planungshilfe oder Szenariodatei (JSON)")
    p.add_argument("--scenario", metavar="SZENARIO.json", help="Szenario: Bundesland, BG, Vertragsjahr, Grundlage")
    p.add_argument("--state", help="Bundesland (Kürzel wie BW)")
    add_method_arguments(p)
    p.add_argument("--format", choices=("json", "table"), default="table", help="Ausgabeformat (Standard: table)")


def _run(args: argparse.Namespace) -> int:
    from ..forecast import forecast_scenario

    scenario = load_scenario_for(args.data, args.scenario, state=args.state, warn=sys.stderr)
    result = forecast_scenario(scenario, args.methode, contract_year=contract_year(args, scenario))
    if args.format == "json":
        write_json(forecast_to_dict(result))
    else:
        write_text(forecast_table(result))
    return 0


COMMANDS = (
    Command(
        "prognose",
        "Anrufe des Vertragsjahres vorhersagen (Vorjahr, nach BG und Arbeitstagen, statistisch)",
        _arguments,
        _run,
    ),
)

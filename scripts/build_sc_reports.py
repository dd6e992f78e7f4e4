"""Build ``sample_data/sc_berichte_2023.csv``: twelve *invented* monthly SC reports for JC Göppingen.

Run from the repository root: ``python scripts/build_sc_reports.py``. Deterministic (no randomness):
the calls follow the sample plan's planned calls for the same month-of-year (about 12 % fewer,
because a higher reachability means fewer callers who try again), the reachability lies near and
sometimes below the contract's 75 %, the closure rate between 65 and 78 %, talk time 8–9 minutes and
after-call work about one minute per conversation. The figures are sample figures, not real reports;
the file says so in its first line and the page shows "Beispieldaten".
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from o7core import fmt  # noqa: E402
from o7core.kpi import plan_by_month_of_year  # noqa: E402
from o7core.scenario import load_scenario, plan_scenario  # noqa: E402

OUT = ROOT / "sample_data" / "sc_berichte_2023.csv"
YEAR = 2023

# per month Jan–Dec: calls relative to the plan, reachability, closure rate, talk and ACW seconds
CALL_FACTOR = (0.90, 0.88, 0.87, 0.89, 0.86, 0.84, 0.85, 0.88, 0.90, 0.91, 0.89, 0.87)
REACHABILITY = (0.771, 0.752, 0.764, 0.781, 0.746, 0.703, 0.727, 0.758, 0.783, 0.794, 0.787, 0.779)
CLOSURE = (0.712, 0.704, 0.726, 0.733, 0.694, 0.662, 0.681, 0.709, 0.736, 0.752, 0.744, 0.724)
TALK = (503, 497, 491, 486, 500, 522, 515, 496, 484, 479, 486, 492)
ACW = (62, 61, 59, 58, 61, 66, 64, 60, 57, 55, 57, 58)
TICKET_SHARE = 0.93  # of the conversations not closed, this share becomes a ticket to the JC


def mmss(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def main() -> None:
    plan = plan_scenario(load_scenario(ROOT / "sample_data" / "goeppingen_scenario.json"))
    planned = plan_by_month_of_year(plan)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# Beispieldaten (erfunden, keine echten Berichte): Monatsberichte des Service Center Freiburg "
            f"für das JC Göppingen, Vertragsjahr {YEAR}.\n"
        )
        w = csv.writer(fh, delimiter=";")
        w.writerow(
            [
                "Monat",
                "Anrufe",
                "Gespräche",
                "Gesprächsdauer",
                "Nachbearbeitung",
                "abschließend geklärt",
                "Weiterleitungen",
            ]
        )
        for i in range(12):
            calls = round(planned[i + 1].calls * CALL_FACTOR[i])
            conversations = round(calls * REACHABILITY[i])
            closed = round(conversations * CLOSURE[i])
            tickets = round((conversations - closed) * TICKET_SHARE)
            w.writerow(
                [
                    f"{i + 1:02d}/{YEAR}",
                    fmt.count(calls),
                    fmt.count(conversations),
                    mmss(TALK[i]),
                    mmss(ACW[i]),
                    fmt.count(closed),
                    fmt.count(tickets),
                ]
            )
    print(f"geschrieben: {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

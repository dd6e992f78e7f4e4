"""Build ``sample_data/`` from the golden cases in ``../shared/golden/``.

Run from the repository root: ``python scripts/build_sample_data.py [GOLDEN_DIR]``. The files are
committed so that the app and the tests work without ``shared/``; ``tests/core/test_sample_data.py``
checks that they still agree with the golden case.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "golden"
OUT = ROOT / "sample_data"


def main() -> None:
    g = json.loads((GOLDEN / "goeppingen_2021_2022.json").read_text(encoding="utf-8"))
    anlage = json.loads((GOLDEN / "anlage_2023.json").read_text(encoding="utf-8"))
    OUT.mkdir(exist_ok=True)

    with (OUT / "goeppingen_2021_2022.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Monat", "Anrufe", "Anrufwiederholungen", "Weiterleitungen", "Gespräche"])
        for m in g["months_input"]:
            w.writerow([m["month"], m["calls"], m["repeat_calls"], m["forwarded_calls"], m["conversations"]])

    jc = g["jobcenter"]
    p = g["parameters"]
    scenario = {
        "format": "o7-scenario",
        "version": 1,
        "name": "Beispiel JC Göppingen (Planungshilfe 09/2021–08/2022)",
        "jobcenter": {k: jc[k] for k in ("name", "jcnr", "region", "regional_directorate", "state", "bg_count", "fte_jobcenter", "fte_additional")},
        "service_center": anlage["service_center"],
        "contract_year": anlage["contract_year"],
        "term_years": anlage["term_years"],
        "bg_count_contract_year": anlage["bg_count"],
        "parameters": {
            "target_reachability": p["target_reachability"],
            "share_calls": p["share_calls"],
            "share_forwarded": p["share_forwarded"],
            "share_repeat_deduction": p["share_repeat_deduction"],
            "aht_seconds": p["aht_seconds"],
            "callback_seconds_per_conversation": p["callback_seconds_per_conversation"],
            "mail_seconds_per_conversation": p["mail_seconds_per_conversation"],
            "productive_hours_per_fte": p["productive_hours_per_fte"],
            "capacity_fte": None,
        },
        "baustein2": {"chosen": True, "mode": "Voiceboxen", "joint_target_reachability": p["joint_target_reachability"], "jc_capacity_per_day": None},
        "bausteine": {str(n): {"chosen": False, "volume_per_year": None, "minutes_per_item": 0.0, "share": 1.0} for n in (3, 5, 6, 7)},
        "prices": {"contract_year": anlage["contract_year"], "terms": anlage["prices_2023"]},
        "agreement": {
            "other_agreements": "",
            "baustein2_text": None,
            "place_service_center": "Freiburg",
            "date_service_center": "07.11.2022",
            "place_jobcenter": "Göppingen",
            "date_jobcenter": "07.11.2022",
        },
        "months": [
            {"month": m["month"], "calls": m["calls"], "repeat_calls": m["repeat_calls"], "forwarded_calls": m["forwarded_calls"],
             "conversations": m["conversations"], "voicebox_messages": None, "outbound_calls": None, "emails": None, "overlap_notices": None}
            for m in g["months_input"]
        ],
    }  # fmt: skip
    (OUT / "goeppingen_scenario.json").write_text(
        json.dumps(scenario, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )

    prices = json.loads((ROOT / "o7core" / "data" / "prices_2023.json").read_text(encoding="utf-8"))
    with (OUT / "preise_2023.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Vertragsjahr", "Laufzeit", "Euro je BG", "Euro je Stunde"])
        for term, t in prices["terms"].items():
            w.writerow(
                [prices["contract_year"], term, t["base_per_bg"].replace(".", ","), t["per_hour"].replace(".", ",")]
            )


if __name__ == "__main__":
    main()

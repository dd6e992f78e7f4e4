"""Build the import samples in ``sample_data/`` from the embedded scenario.

Run from the repository root: ``python scripts/build_import_samples.py``.

- ``goeppingen_2021_2022.xlsx``: the data template (Monatswerte, Stammdaten, Hinweise) with the
  Göppingen months and master data;
- ``planungshilfe_goeppingen.xlsx``: the same data in the layout of the BA planning aid.

``tests/formats/test_samples.py`` checks that both give the same plan as the scenario.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from o7core.scenario import load_scenario  # noqa: E402
from o7core.template import months_to_xlsx  # noqa: E402
from scripts.planning_aid_export import planning_aid_xlsx  # noqa: E402


def main() -> None:
    scenario = load_scenario(ROOT / "sample_data" / "goeppingen_scenario.json", require_months=True)
    (ROOT / "sample_data" / "goeppingen_2021_2022.xlsx").write_bytes(months_to_xlsx(scenario))
    (ROOT / "sample_data" / "planungshilfe_goeppingen.xlsx").write_bytes(planning_aid_xlsx(scenario))


if __name__ == "__main__":
    main()

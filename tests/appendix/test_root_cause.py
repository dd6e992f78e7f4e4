"""Root cause, systematically: exports of random valid scenarios, one printed figure changed at a time.

For each scenario (other Jobcenter and Bundesland, other Bausteine, term, BG, productive hours,
short and full Bezugszeitraum) the untouched export must check clean, and every numeric cell of
the sheet "Anlage", changed by a plausible slip (+100, two digits swapped, ×10), must give exactly
one finding naming that cell – with our hidden sheet "Daten" and without it (re-typed).

Bounded for the fast suite: 4 scenarios, one slip per cell (drawn per cell). ``O7_MUTATION_FULL=1``
runs 16 scenarios with every slip of every cell.
"""

from __future__ import annotations

import io
import os
import random
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from o7core.appendix import build_appendix
from o7core.check import Printed, PrintedAppendix, check_appendix, check_xlsx, read_appendix_xlsx
from o7core.export_xlsx import to_xlsx
from o7core.model import BausteinSetting
from o7core.scenario import Scenario, load_scenario, plan_scenario
from tests.conftest import SAMPLE_DIR

FULL = os.environ.get("O7_MUTATION_FULL") == "1"
SEEDS = range(16) if FULL else range(4)


def random_scenario(seed: int) -> Scenario:
    rng = random.Random(seed)
    base = load_scenario(SAMPLE_DIR / "goeppingen_scenario.json")
    months = rng.choice([12, 12, 11, 9, 7, 6])
    bausteine = dict(base.bausteine)
    for number in (3, 5, 6, 7):
        if rng.random() < 0.5:
            bausteine[number] = BausteinSetting(
                chosen=True,
                volume_per_year=rng.randint(100, 40000),
                minutes_per_item=rng.choice([2, 4.5, 6.5, 10]),
                share=rng.choice([0.5, 0.8, 1.0]),
            )
        else:
            bausteine[number] = BausteinSetting(chosen=False)
    jobcenter = replace(
        base.jobcenter,
        name=rng.choice(["JC Ulm", "Jobcenter Köln", "Jobcenter Leipzig", "JC Mitte"]),
        jcnr=f"JC{rng.randint(10000, 99999)}",
        state=rng.choice(["BW", "BY", "NW", "SN", "BE", "HH"]),
    )
    s = replace(
        base,
        months=base.months[:months],
        bausteine=bausteine,
        jobcenter=jobcenter,
        term_years=rng.choice([1, 2, 3]),
        bg_count_contract_year=rng.randint(800, 40000),
        baustein2=replace(base.baustein2, chosen=rng.random() < 0.5),
    )
    return s.with_parameters(
        target_reachability=rng.choice([0.4, 0.55, 0.62, 0.7, 0.8]),
        productive_hours_per_fte=rng.choice([1200.0, 1200.0, 1180.0, 1250.5]),
    )


def swap_digits(value: float | int, rng: random.Random) -> float | int | None:
    """Two adjacent different digits swapped, as a typing slip would (589.1 → 598.1)."""
    text = repr(value)
    pairs = [i for i in range(len(text) - 1) if text[i].isdigit() and text[i + 1].isdigit() and text[i] != text[i + 1]]
    if not pairs:
        return None
    i = rng.choice(pairs)
    swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return float(swapped) if isinstance(value, float) else int(swapped)


def slips(value: float | int, rng: random.Random) -> list[tuple[str, float | int]]:
    out: list[tuple[str, float | int | None]] = [
        ("+100", value + 100),
        ("×10", value * 10),
        ("Zahlendreher", swap_digits(value, rng)),
    ]
    real = [(name, v) for name, v in out if v is not None and v != value]
    return real if FULL else real[rng.randrange(len(real)) :][:1] if real else []


def without_data_sheet(raw: bytes) -> bytes:
    wb = load_workbook(io.BytesIO(raw))
    del wb["Daten"]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def numeric_cells(raw: bytes) -> list[tuple[str, float | int]]:
    ws = load_workbook(io.BytesIO(raw))["Anlage"]
    return [
        (c.coordinate, c.value)
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
    ]


def with_printed(p: PrintedAppendix, cell: str, value: float | int) -> PrintedAppendix:
    """The read appendix with the figure printed in ``cell`` replaced, as if the cell said ``value``."""
    new = Decimal(repr(float(value)))

    def swap(printed: Printed) -> Printed:
        return replace(printed, value=new, text=str(value)) if printed.cell == cell else printed

    rows = tuple(
        replace(
            r,
            hours=swap(r.hours),
            hours_annualized=swap(r.hours_annualized),
            fte=swap(r.fte),
            fulfilment=swap(r.fulfilment),
        )
        for r in p.rows
    )
    costs = tuple(
        replace(c, base_price=swap(c.base_price), volume_price=swap(c.volume_price), total=swap(c.total))
        for c in p.costs
    )
    out = replace(
        p,
        bg_count=swap(p.bg_count),
        term_years=swap(p.term_years),
        hours_per_fte=swap(p.hours_per_fte),
        rows=rows,
        total_hours=swap(p.total_hours),
        total_hours_annualized=swap(p.total_hours_annualized),
        total_fte=swap(p.total_fte),
        costs=costs,
    )
    assert out != p, cell
    return out


def assert_one_finding(result, coordinate, value, changed, own, where):
    assert [f.cell for f in result.findings] == [coordinate], (
        where,
        [(f.field, f.cell, f.printed_text, f.correct_text) for f in result.findings],
    )
    assert not result.consequences and not result.alternatives, where
    (finding,) = result.findings
    if finding.kind not in ("count", "percent"):
        assert finding.printed == Decimal(repr(float(changed))), where
    if finding.correct is None or finding.kind == "percent":
        return
    tolerance = {"count": Decimal("0.51"), "hours": Decimal("0.001") if own else Decimal("0.301")}
    assert abs(finding.correct - Decimal(repr(float(value)))) <= tolerance.get(finding.kind, Decimal("0.001")), (
        where,
        finding.correct,
    )


@pytest.mark.parametrize("own", [True, False], ids=["export", "abgetippt"])
@pytest.mark.parametrize("seed", SEEDS)
def test_one_slip_one_finding(seed, own):
    s = random_scenario(seed)
    raw = to_xlsx(build_appendix(s, plan_scenario(s)))
    if not own:
        raw = without_data_sheet(raw)
    clean = check_xlsx(raw, "Anlage.xlsx")
    assert clean.ok, [(f.field, f.printed_text, f.correct_text) for f in clean.findings]
    assert not clean.consequences

    rng = random.Random(1000 + seed)
    printed = read_appendix_xlsx(raw, "Anlage.xlsx")
    cells = numeric_cells(raw)
    assert len(cells) >= 30
    tried = 0
    for coordinate, value in cells:
        for name, changed in slips(value, rng):
            result = check_appendix(with_printed(printed, coordinate, changed))
            tried += 1
            assert_one_finding(result, coordinate, value, changed, own, (seed, coordinate, value, name, changed))
    assert tried >= 30


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_one_slip_through_the_workbook(seed):
    """The same through the XLSX itself (cell edited and saved), for a handful of cells per scenario."""
    s = random_scenario(seed)
    raw = to_xlsx(build_appendix(s, plan_scenario(s)))
    rng = random.Random(2000 + seed)
    wb = load_workbook(io.BytesIO(raw))
    ws = wb["Anlage"]
    cells = numeric_cells(raw)
    for coordinate, value in rng.sample(cells, 6):
        for name, changed in slips(value, rng)[:1]:
            ws[coordinate].value = changed
            out = io.BytesIO()
            wb.save(out)
            ws[coordinate].value = value
            result = check_xlsx(out.getvalue(), "geändert.xlsx")
            assert_one_finding(result, coordinate, value, changed, True, (seed, coordinate, value, name, changed))

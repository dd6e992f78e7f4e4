"""Fixtures for the appendix tests: the sample scenario, its plan, appendix and exports, and
helpers that find cells of our XLSX by their labels (never by fixed addresses)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from o7core.appendix import Appendix, build_appendix
from o7core.export_pdf import to_pdf
from o7core.export_xlsx import to_xlsx
from o7core.model import Plan
from o7core.scenario import Scenario, load_scenario, plan_scenario
from tests.conftest import SAMPLE_DIR


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return load_scenario(SAMPLE_DIR / "goeppingen_scenario.json")


@pytest.fixture(scope="session")
def plan(scenario: Scenario) -> Plan:
    return plan_scenario(scenario)


@pytest.fixture(scope="session")
def appendix(scenario: Scenario, plan: Plan) -> Appendix:
    return build_appendix(scenario, plan)


@pytest.fixture(scope="session")
def xlsx(appendix: Appendix) -> bytes:
    return to_xlsx(appendix)


@pytest.fixture(scope="session")
def pdf(appendix: Appendix) -> bytes:
    return to_pdf(appendix)


def short_period(scenario: Scenario, months: int = 9) -> Scenario:
    """The sample with only its first ``months`` months (annualised figures differ)."""
    return replace(scenario, months=scenario.months[:months])


def find_row(ws, label: str) -> int:
    """Row whose column A holds ``label``."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"no row labelled {label!r}")


def find_col(ws, header: str) -> int:
    """Column of ``header`` in the Baustein table's header row."""
    head = find_row(ws, "Baustein")
    for cell in ws[head]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"no column {header!r}")


def cost_col(ws, header: str) -> int:
    head = next(r[0].row for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == "Laufzeit")
    for cell in ws[head]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"no cost column {header!r}")


def edit(raw: bytes, change) -> bytes:
    """A copy of a workbook with ``change(ws)`` applied to sheet "Anlage"."""
    wb = load_workbook(io.BytesIO(raw))
    change(wb["Anlage"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

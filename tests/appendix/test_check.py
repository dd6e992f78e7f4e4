"""Anlage prüfen: our export passes, every kind of slip is found, the seed's slips exactly."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from o7core.appendix import build_appendix
from o7core.check import check_xlsx
from o7core.errors import O7InputError
from o7core.export_xlsx import to_xlsx
from o7core.model import BausteinSetting
from o7core.scenario import plan_scenario
from tests.appendix.conftest import cost_col, edit, find_col, find_row, short_period


def export(scenario) -> bytes:
    return to_xlsx(build_appendix(scenario, plan_scenario(scenario)))


def without_data_sheet(raw: bytes) -> bytes:
    """The same visible appendix without our hidden sheet: as if re-typed by hand."""
    wb = load_workbook(io.BytesIO(raw))
    del wb["Daten"]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fields(result) -> list[str]:
    return [f.field for f in result.findings]


# --------------------------------------------------------------------------- clean exports


def test_export_then_check_finds_nothing(xlsx):
    result = check_xlsx(xlsx, "Anlage.xlsx")
    assert result.ok, fields(result)
    assert result.own_export and result.checked >= 30
    assert (result.contract_year, result.jcnr) == (2023, "JC62106")


def test_visible_sheet_alone_also_passes(xlsx):
    result = check_xlsx(without_data_sheet(xlsx), "abgetippt.xlsx")
    assert result.ok, fields(result)
    assert not result.own_export
    assert result.prices_source.startswith("Preisblatt 2023")


@pytest.mark.parametrize(
    "variant",
    ["short_period", "low_target", "volume_bausteine", "no_baustein2"],
)
def test_other_scenarios_pass(scenario, variant):
    if variant == "short_period":
        s = short_period(scenario, 7)
    elif variant == "low_target":  # fewer conversations than last year: Baustein 4 not chosen
        s = scenario.with_parameters(target_reachability=0.4)
    elif variant == "volume_bausteine":
        b = dict(scenario.bausteine)
        b[5] = BausteinSetting(chosen=True, volume_per_year=1234, minutes_per_item=6.5, share=0.8)
        b[6] = BausteinSetting(chosen=True, volume_per_year=5000, minutes_per_item=4, share=1.0)
        s = replace(scenario, bausteine=b)
    else:
        s = replace(scenario, baustein2=replace(scenario.baustein2, chosen=False))
    result = check_xlsx(export(s), f"{variant}.xlsx")
    assert result.ok, [(f.field, f.printed_text, f.correct_text) for f in result.findings]


def test_short_period_without_state_is_noted(scenario):
    result = check_xlsx(without_data_sheet(export(short_period(scenario, 7))), "kurz.xlsx")
    assert any("Stunden *" in n for n in result.notes)


# --------------------------------------------------------------------------- injected slips


def _cell_setter(row_label, column, value, *, cost=False):
    def change(ws):
        r = find_row(ws, row_label)
        c = cost_col(ws, column) if cost else find_col(ws, column)
        old = ws.cell(r, c).value
        ws.cell(r, c).value = value(old) if callable(value) else value

    return change


def _bg(ws):
    ws.cell(find_row(ws, "BG-Zahl 2023"), 3).value = 5643


SLIPS = {
    "hours": (_cell_setter("Baustein 1", "Stunden", lambda v: v + 100), "Baustein 1 – Stunden"),
    "hours_annualized": (_cell_setter("Baustein 4", "Stunden *", lambda v: v + 100), "Baustein 4 – Stunden *"),
    "hours_total": (_cell_setter("Gesamt", "Stunden *", lambda v: v + 1), "Gesamt – Stunden *"),
    "fte": (_cell_setter("Baustein 4", "VZA", lambda v: round(v + 0.01, 2)), "Baustein 4 – VZA"),
    "fte_total": (_cell_setter("Gesamt", "VZA", 8.34), "Gesamt – VZA"),
    "fulfilment": (_cell_setter("Baustein 4", "Erfüllungsgrad", lambda v: v + 0.001), "Baustein 4 – Erfüllungsgrad"),
    "chosen": (_cell_setter("Baustein 4", "gewählt", "nein"), "Baustein 4 – gewählt"),
    "bg": (_bg, "BG-Zahl"),
    "base_price": (
        _cell_setter("Laufzeit 2 Jahre", "BG-Grundpreis", lambda v: v + 1, cost=True),
        "Kosten 2 Jahre – BG-Grundpreis",
    ),
    "volume_price": (
        _cell_setter("Laufzeit 1 Jahr", "Volumenpreis", lambda v: round(v + 0.01, 2), cost=True),
        "Kosten 1 Jahr – Volumenpreis",
    ),
    "total": (
        _cell_setter("Laufzeit 3 Jahre", "Gesamt", lambda v: round(v - 0.01, 2), cost=True),
        "Kosten 3 Jahre – Gesamt",
    ),
}


@pytest.mark.parametrize("own", [True, False], ids=["ours", "retyped"])
@pytest.mark.parametrize("slip", sorted(SLIPS))
def test_every_kind_of_slip_is_found(xlsx, slip, own):
    change, expected_field = SLIPS[slip]
    raw = edit(xlsx if own else without_data_sheet(xlsx), change)
    result = check_xlsx(raw, "geändert.xlsx")
    assert not result.ok
    assert fields(result) == [expected_field], [(f.field, f.printed_text, f.correct_text) for f in result.findings]
    assert not result.consequences and not result.alternatives


def test_a_derived_slip_is_reported_once_with_its_values(xlsx):
    raw = edit(xlsx, _cell_setter("Laufzeit 3 Jahre", "Volumenpreis", lambda v: round(v + 0.6, 2), cost=True))
    (finding,) = check_xlsx(raw, "x.xlsx").findings
    assert finding.field == "Kosten 3 Jahre – Volumenpreis"
    assert finding.correct == Decimal("360367.98")
    assert finding.printed == Decimal("360368.58")
    assert finding.difference == Decimal("0.60")
    assert finding.difference_text == "+0,60\u00a0€"
    assert finding.cell is not None and finding.cell.startswith("E")


def test_tiny_input_change_is_found_in_our_export(xlsx):
    # 0,1 h more on Baustein 1: within every rounding tolerance, but not what was exported
    raw = edit(xlsx, _cell_setter("Baustein 1", "Stunden", lambda v: round(v + 0.1, 1)))
    assert "Baustein 1 – Stunden" in fields(check_xlsx(raw, "x.xlsx"))


# --------------------------------------------------------------------------- the seed's printed appendix


def seed_workbook(golden: dict, printed: dict[str, object]) -> bytes:
    """The appendix 2023 of the seed, re-typed by hand: the seed's layout, some numbers as German text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Vereinbarung"
    ws.append([f"Anlage zum Dienstleistungseinkauf O.7 {golden['contract_year']}"])
    ws.append(["Zeitraum der Planungsdaten: 01.10.2021 bis 30.09.2022"])
    ws.append([golden["service_center"]])
    ws.append(["Jobcenter", f"{golden['jcnr']} | {golden['jobcenter']}"])
    ws.append(["BG-Zahlen 2023", "5.642", "Laufzeit in Jahren", golden["term_years"]])
    ws.append([])
    ws.append(["Baustein", "Bezeichnung", "Stunden", "Stunden *", "VZA", "Erfüllungsgrad", "Baustein gewählt"])
    fte = golden["expected"]["fte"]
    for b in golden["bausteine"]:
        n, hours = b["number"], b["hours"]
        if n == 2:
            ws.append(["Baustein 2", b["name"] + " **", "-", "-", "-", "-", "ja"])
            continue
        fulfil = {1: "100,00%", 4: printed["b4_fulfilment"]}.get(n, "-")
        vza = fte.get(str(n), 0.0)
        ws.append([f"Baustein {n}", b["name"], hours, hours, vza, fulfil, "ja" if b["chosen"] else "nein"])
    total = golden["total_hours_printed"]
    ws.append(["Gesamt", None, total, total, printed["total_fte"]])
    ws.append(["* Bei ausgewähltem Zeitraum < 12 Monate auf 12 Monate hochgerechnet"])
    ws.append([])
    ws.append(["nachrichtlich: voraussichtliche Kosten im ersten Laufzeitjahr"])
    ws.append([None, "Gesamt", "BG-Grundpreis", "Volumenpreis"])
    costs = golden["expected"]["costs"]
    for term in ("1", "2", "3"):
        c = {**costs[term], **printed.get(f"cost{term}", {})}
        label = f"Kosten bei Laufzeitvariante {term} Jahr" + ("" if term == "1" else "e")
        total_cell = c["total"] if term != "1" else "550.731,60 €"  # one typed as German text
        ws.append([label, total_cell, float(c["base_price"]), float(c["volume_price"])])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


SEED_PRINTED = {
    "total_fte": 8.37,
    "b4_fulfilment": "8,62%",
    "cost2": {"total": 535143.20},
    "cost3": {"volume_price": "362297.76", "total": 528849.60},
}
SEED_CORRECT = {"total_fte": 6.37, "b4_fulfilment": "8,52%"}


def test_seed_appendix_slips_are_found_exactly(golden_anlage):
    result = check_xlsx(seed_workbook(golden_anlage, SEED_PRINTED), "Anlage_2023_Goeppingen.xlsx")
    found = {f.field: (f.printed_text, f.correct_text) for f in result.findings}
    nb = "\u00a0"
    assert found == {
        "Gesamt – VZA": ("8,37", "6,37"),
        "Baustein 4 – Erfüllungsgrad": (f"8,62{nb}%", f"8,52{nb}%"),
        "Kosten 2 Jahre – Gesamt": (f"535.143,20{nb}€", f"536.143,20{nb}€"),
        "Kosten 3 Jahre – Volumenpreis": (f"362.297,76{nb}€", f"362.297,16{nb}€"),
    }
    # the 3-year total is 166.551,84 € + the mistyped Volumenpreis: a consequence, not a finding
    (consequence,) = result.consequences
    assert (consequence.field, consequence.printed_text, consequence.correct_text) == (
        "Kosten 3 Jahre – Gesamt",
        f"528.849,60{nb}€",
        f"528.849,00{nb}€",
    )
    assert consequence.causes == ("Kosten 3 Jahre – Volumenpreis",)
    assert not result.alternatives
    differences = {f.field: f.difference for f in result.findings}
    assert differences == {
        "Gesamt – VZA": Decimal("2.00"),
        "Baustein 4 – Erfüllungsgrad": Decimal("0.0010"),
        "Kosten 2 Jahre – Gesamt": Decimal("-1000.00"),
        "Kosten 3 Jahre – Volumenpreis": Decimal("0.60"),
    }
    assert result.contract_year == 2023 and result.jcnr == "JC62106"
    # 7.043,1 + 600,2 printed as 7.643,4 is rounding of the parts, not a slip
    assert not any(f.field.startswith("Gesamt – Stunden") for f in result.findings)


def test_seed_appendix_corrected_passes(golden_anlage):
    result = check_xlsx(seed_workbook(golden_anlage, SEED_CORRECT), "korrigiert.xlsx")
    assert result.ok, [(f.field, f.printed_text, f.correct_text) for f in result.findings]
    assert any("1.200" in n for n in result.notes)  # productive hours not stated: default used


# --------------------------------------------------------------------------- bad input


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "leer"),
        (b"%PDF-1.7\n...", "PDF-Datei"),
        (b"Monat;Anrufe\n2021-09;7672\n", "keine Excel-Datei"),
        (b"PK\x03\x04 broken", "beschädigt"),
        (_zip({"hello.txt": b"hi"}), "keine Excel-Arbeitsmappe"),
        (_zip({"xl/workbook.xml": b"<x/>", "xl/big.xml": b"\0" * (8 * 1024 * 1024)}), "ZIP-Bombe"),
    ],
    ids=["empty", "pdf", "csv", "broken_zip", "zip_without_workbook", "zip_bomb"],
)
def test_bad_files_are_refused_in_german(raw, message):
    with pytest.raises(O7InputError, match=message) as info:
        check_xlsx(raw, "anlage.xlsx")
    assert info.value.problems[0].file == "anlage.xlsx"


def test_workbook_without_baustein_table():
    wb = Workbook()
    wb.active.append(["Monat", "Anrufe"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(O7InputError, match="keine Bausteintabelle"):
        check_xlsx(out.getvalue(), "daten.xlsx")


def test_text_in_a_number_cell_names_the_cell(xlsx):
    raw = edit(xlsx, _cell_setter("Baustein 1", "VZA", "ca. sechs"))
    with pytest.raises(O7InputError, match="keine Zahl") as info:
        check_xlsx(raw, "x.xlsx")
    assert info.value.problems[0].column.startswith("E")

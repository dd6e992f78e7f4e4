"""Every good file a Jobcenter has: the data template in its forms, the BA planning aid, price sheets."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from o7core.errors import O7InputError
from o7core.importing import apply_import, read_price_file
from o7core.model import MonthData
from o7core.month import Month
from o7core.scenario import Jobcenter, Scenario
from scripts.planning_aid_export import planning_aid_text, planning_aid_xlsx
from tests.conftest import GOLDEN_DIR, ROOT, SAMPLE_DIR

from .helpers import HEADER, csv_bytes, find, read, sample_scenario, seed_layout, template_rows, xlsx_bytes

SEED = GOLDEN_DIR.parent / "seeds" / "002_fdae55b52cd60ffa.txt"


def _calls(result):
    return [m.calls for m in result.months]


@pytest.mark.parametrize(
    ("sep", "encoding", "label"),
    [(";", "utf-8", ";"), (",", "utf-8", ","), ("\t", "utf-8", "Tab"), ("\t", "utf-16", "Tab")],
)
def test_template_text_with_any_separator_and_encoding(sep, encoding, label):
    rows = template_rows(3)
    result = read(csv_bytes(rows, sep=sep, encoding=encoding), "export.txt")
    assert result.ok, [str(p) for p in result.problems]
    assert _calls(result) == [7000, 7010, 7020]
    assert f"Trennzeichen {label}" in result.kind_label


def test_format_is_detected_from_content_not_from_the_name():
    result = read(csv_bytes(template_rows(2)), "eigentlich.xlsx")
    assert result.ok and result.kind == "template"


def test_title_lines_above_the_header_and_synonyms():
    rows = [["Anrufstatistik Jobcenter Musterstadt"], [], ["MONAT", "Anrufe SC", "Wiederholungsanrufe", "Gespraeche"],
            ["Sept. 2021", "7.672", "997", "3.387"]]  # fmt: skip
    result = read(csv_bytes(rows))
    assert result.ok
    m = result.months[0]
    assert (m.month, m.calls, m.repeat_calls, m.conversations) == (Month(2021, 9), 7672, 997, 3387)


def test_sum_row_is_checked_not_read():
    rows = [*template_rows(2), ["Summe", 14010, 1800, 0, 6000]]
    result = read(csv_bytes(rows))
    assert result.ok and len(result.months) == 2 and not result.warnings
    rows[-1][1] = 14000
    p = find(read(csv_bytes(rows)), "Summenzeile", severity="warning")
    assert (p.row, p.column) == (4, "Anrufe (Spalte B)")


def test_xlsx_template_with_master_data():
    raw = xlsx_bytes(
        {
            "Monatswerte": template_rows(12),
            "Stammdaten": [["Feld", "Wert"], ["Jobcenter", "JC Musterstadt"], ["JCNR", "JC99999"],
                           ["Bundesland", "Nordrhein-Westfalen"], ["BG", "12.345"], ["VZA", "3,5"]],
        }
    )  # fmt: skip
    result = read(raw, "vorlage.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert len(result.months) == 12
    assert result.master == {"name": "JC Musterstadt", "jcnr": "JC99999", "state": "NW", "bg_count": 12345,
                             "fte_jobcenter": 3.5}  # fmt: skip
    scenario = apply_import(Scenario(), result)
    assert scenario.jobcenter.state == "NW" and scenario.jobcenter.bg_count == 12345


def test_xlsx_with_one_unnamed_sheet_is_read_with_a_note():
    result = read(xlsx_bytes({"Tabelle1": template_rows(2)}), "eigen.xlsx")
    assert result.ok and len(result.months) == 2
    find(result, "Tabelle1", severity="warning")


def test_the_sample_files_give_the_sample_months():
    scenario = sample_scenario()
    for name in ("goeppingen_2021_2022.csv", "goeppingen_2021_2022.xlsx", "planungshilfe_goeppingen.xlsx"):
        result = read((SAMPLE_DIR / name).read_bytes(), name)
        assert result.ok, (name, [str(p) for p in result.problems])
        assert [(m.month, m.calls, m.repeat_calls, m.forwarded_calls, m.conversations) for m in result.months] == [
            (m.month, m.calls, m.repeat_calls, m.forwarded_calls, m.conversations) for m in scenario.months
        ], name


# --------------------------------------------------------------------------- the BA planning aid


def test_planning_aid_xlsx_gives_master_data_and_the_files_percentages():
    result = read((SAMPLE_DIR / "planungshilfe_goeppingen.xlsx").read_bytes(), "planungshilfe.xlsx")
    assert result.kind == "planning_aid" and result.ok
    assert result.master["jcnr"] == "JC62106" and result.master["bg_count"] == 6032
    assert result.master["state"] == "BW"  # from the Regionaldirektion
    assert result.parameter_defaults == {"share_calls": 1.0, "share_forwarded": 0.0, "share_repeat_deduction": 1.0,
                                         "target_reachability": 0.55}  # fmt: skip


def _other_jobcenter() -> Scenario:
    """Another Jobcenter: Bavaria, nine months from 03/2022, calls forwarded to the JC counted at 50 %."""
    months = tuple(
        MonthData(Month(2022, 3).shift(i), calls=4000.0 + 37 * i, repeat_calls=300.0 + i, forwarded_calls=120.0,
                  conversations=2100.0 + 11 * i, emails=40.0 + i)
        for i in range(9)
    )  # fmt: skip
    base = Scenario(
        jobcenter=Jobcenter(name="JC Musterland", jcnr="JC91234", region="Süd", regional_directorate="Bayern",
                            state="BY", bg_count=4321, fte_jobcenter=3.2, fte_additional=0.5),
        months=months,
    )  # fmt: skip
    return base.with_parameters(share_forwarded=0.5, share_repeat_deduction=0.8, target_reachability=0.62)


@pytest.mark.parametrize("writer", [planning_aid_xlsx, planning_aid_text], ids=["xlsx", "text"])
def test_planning_aid_of_another_jobcenter(writer):
    other = _other_jobcenter()
    result = read(writer(other), "ph")
    assert result.ok, [str(p) for p in result.problems]
    assert result.months == other.months
    assert result.master["state"] == "BY" and result.master["bg_count"] == 4321
    assert result.parameter_defaults == pytest.approx(
        {"share_calls": 1.0, "share_forwarded": 0.5, "share_repeat_deduction": 0.8, "target_reachability": 0.62}
    )
    planned = apply_import(Scenario(), result)
    assert planned.parameters.share_forwarded == 0.5 and planned.jobcenter.jcnr == "JC91234"


def test_planning_aid_in_the_seeds_shifted_layout():
    scenario = sample_scenario()
    result = read(seed_layout(scenario), "planungshilfe.txt")
    assert result.ok, [str(p) for p in result.problems]
    assert result.months == scenario.months
    assert not result.warnings


def test_planning_aid_gesamt_mismatch_is_a_warning_naming_the_row():
    scenario = sample_scenario()
    result = read(seed_layout(scenario, calls_total=96_811), "planungshilfe.txt")
    assert result.ok
    p = find(result, "Gesamt 96.811 weicht von der Summe der Monate 96.814 ab", severity="warning")
    assert p.row == 7 and p.column == "Gesamt (Spalte C)"


@pytest.mark.skipif(not SEED.exists(), reason="seed 002 not beside the repository")
def test_the_seed_itself_reads_with_its_misprints_named():
    result = read(SEED.read_bytes(), SEED.name)
    assert result.ok and result.kind == "planning_aid"
    assert _calls(result)[:3] == [7672, 6335, 5551]  # as printed (errata: 5 554 in the golden case)
    rows = sorted(p.row for p in result.warnings if "weicht von der Summe" in p.message)
    assert rows == [62, 66]  # Anrufe SC and Anruferweiterungen do not add up in the print
    assert result.master["name"] == "JC Göppingen"


def test_planning_aid_with_a_bad_cell_names_row_and_month():
    text = seed_layout(sample_scenario()).decode().replace("\t6.335\t", "\tca. 6.300\t", 1)
    p = find(read(text.encode(), "ph.txt"), "keine gültige Anzahl")
    assert p.row == 7 and p.column.startswith("OkT 21") and p.value == "ca. 6.300"


def test_planning_aid_with_a_missing_month_value():
    text = seed_layout(sample_scenario()).decode().replace("\t6.335\t", "\t\t", 1)
    p = find(read(text.encode(), "ph.txt"), "fehlen Monatswerte")
    assert p.row == 7


def test_planning_aid_with_a_bad_month_header():
    text = seed_layout(sample_scenario()).decode().replace("\tMrz 22", "\tMärzz 22", 1)
    p = find(read(text.encode(), "ph.txt"), "kein Monat")
    assert p.row == 5 and p.value == "Märzz 22"


def test_planning_aid_period_that_does_not_match_the_months_is_a_warning():
    text = seed_layout(sample_scenario()).decode().replace("01.09.2021 bis 31.08.2022", "01.10.2021 bis 30.09.2022")
    result = read(text.encode(), "ph.txt")
    assert result.ok
    find(result, "Zeitraum im Kopf", severity="warning")


# --------------------------------------------------------------------------- price sheets


def test_price_sheet_csv_json_and_xlsx_agree():
    from_csv = read_price_file((SAMPLE_DIR / "preise_2023.csv").read_bytes(), "preise_2023.csv")
    from_json = read_price_file((ROOT / "o7core" / "data" / "prices_2023.json").read_bytes(), "prices.json")
    rows = [["Vertragsjahr", "Laufzeit", "Euro je BG", "Euro je Stunde"], [2023, 1, "30,96 €", "49,20 €"],
            [2023, 2, 30.0, 48.0], [2023, 3, "29,52", "47,40"]]  # fmt: skip
    from_xlsx = read_price_file(xlsx_bytes({"Preise": rows}), "preise.xlsx")
    for sheet in (from_csv, from_json, from_xlsx):
        assert sheet.contract_year == 2023
        assert sheet.terms[1].base_per_bg == Decimal("30.96") and sheet.terms[3].per_hour == Decimal("47.40")
    assert from_xlsx.terms[2].per_hour == Decimal("48")


def test_bad_price_sheet_names_row_and_column():
    raw = csv_bytes([["Vertragsjahr", "Laufzeit", "Euro je BG", "Euro je Stunde"], [2023, 1, "dreißig", "49,20"],
                     [2023, 5, "30,00", "48,00"]])  # fmt: skip
    with pytest.raises(O7InputError) as info:
        read_price_file(raw, "preise.csv")
    problems = info.value.problems
    assert [(p.row, p.column) for p in problems] == [(2, "Euro je BG (Spalte C)"), (3, "Laufzeit (Spalte B)")]
    assert all(p.file == "preise.csv" for p in problems)


def test_apply_import_refuses_a_result_with_errors():
    result = read(csv_bytes([HEADER, ["2021-09", "n/a", 0, 0, 0]]))
    with pytest.raises(O7InputError, match="keine gültige Anzahl"):
        apply_import(Scenario(), result)


def test_apply_import_keeps_what_the_file_does_not_say():
    base = replace(sample_scenario(), months=())
    result = read(csv_bytes(template_rows(2)))
    merged = apply_import(base, result)
    assert merged.jobcenter == base.jobcenter and merged.parameters == base.parameters
    assert len(merged.months) == 2


def test_a_sc_monthly_report_gives_calls_and_conversations_but_not_its_tickets():
    rows = [["Monat", "Anrufe", "Gespräche", "Gesprächsdauer", "Nachbearbeitung", "abschließend geklärt",
             "Weiterleitungen"], ["01/2023", "6.457", "4.978", "8:23", "1:02", "3.544", "1.334"]]  # fmt: skip
    result = read(csv_bytes(rows), "sc_bericht.csv")
    assert result.ok
    m = result.months[0]
    assert (m.calls, m.conversations, m.forwarded_calls) == (6457, 4978, 0)
    p = find(result, "Tickets", severity="warning")
    assert p.column == "Weiterleitungen (Spalte G)"


def test_newest_first_months_are_put_in_order():
    rows = template_rows(4)
    result = read(csv_bytes([rows[0], *reversed(rows[1:])]))
    assert result.ok
    assert [str(m.month) for m in result.months] == ["2021-09", "2021-10", "2021-11", "2021-12"]
    assert _calls(result) == [7000, 7010, 7020, 7030]

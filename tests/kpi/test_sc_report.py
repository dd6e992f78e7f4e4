"""The reader of the Service Center's monthly report (``o7core.sc_report``)."""

from __future__ import annotations

import io
import zipfile
from datetime import time

import pytest
from openpyxl import Workbook

from o7core import Month
from o7core.kpi import compute_kpis, plan_by_month_of_year
from o7core.sc_report import read_sc_report
from o7core.scenario import load_scenario, plan_scenario

HEADER = "Monat;Anrufe;Gespräche;Gesprächsdauer;Nachbearbeitung;abschließend geklärt;Weiterleitungen\n"


def read_text(text: str, name: str = "bericht.csv", encoding: str = "utf-8"):
    return read_sc_report(text.encode(encoding), name)


def problem_at(result, row: int, column: str):
    return next((p for p in result.problems if p.row == row and p.column == column), None)


def test_german_csv_with_mmss_and_thousands():
    result = read_text(HEADER + "01/2023;6.457;4.978;8:23;1:02;3.544;1.334\nFeb 23;6.590;4.956;497;61;3.489;1.364\n")
    assert result.ok, result.problems
    jan, feb = result.months
    assert jan.month == Month(2023, 1)
    assert (jan.calls, jan.conversations, jan.closed, jan.tickets) == (6457, 4978, 3544, 1334)
    assert jan.talk_seconds == 503  # 8:23
    assert jan.acw_seconds == 62  # 1:02
    assert feb.month == Month(2023, 2)
    assert (feb.talk_seconds, feb.acw_seconds) == (497, 61)  # plain seconds


def test_comma_csv_with_ascii_headers_and_quoted_german_decimals():
    text = (
        "monat,ANRUFE,Gespraeche,Gespraechsdauer,Nachbearbeitung,Abschliessend geklaert,Weiterleitungen/Tickets\n"
        '2023-03,"1.200",900,"512,5","58,0",640,240\n'
    )
    result = read_text(text)
    assert result.ok, result.problems
    m = result.months[0]
    assert (m.calls, m.conversations, m.closed, m.tickets) == (1200, 900, 640, 240)
    assert m.talk_seconds == pytest.approx(512.5)


def test_windows_1252_and_bom():
    text = HEADER + "01.2023;100;80;8:00;1:00;60;15\n"
    for raw in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        result = read_sc_report(raw, "bericht.csv")
        assert result.ok, result.problems
        assert result.months[0].conversations == 80


def test_closure_given_as_percentage():
    text = "Monat;Anrufe;Gespräche;Fallabschlussquote\n01/2023;1.000;800;72,5 %\n02/2023;1.000;600;70\n"
    result = read_text(text)
    assert result.ok, result.problems
    assert result.months[0].closed == pytest.approx(580)  # 72,5 % of 800
    assert result.months[1].closed == pytest.approx(420)  # 70 means 70 %


def test_notes_above_the_header_and_total_row():
    text = (
        "# Beispieldaten, erfunden\nMonatsbericht SC Freiburg\n"
        + HEADER
        + ("01/2023;100;80;8:00;1:00;60;15\nSumme;100;80;;;60;15\n")
    )
    result = read_text(text)
    assert result.ok, result.problems
    assert result.is_sample
    assert result.notes[0] == "Beispieldaten, erfunden"
    assert len(result.months) == 1
    skipped = problem_at(result, 5, "Monat")
    assert skipped is not None and not skipped.is_error and "Summe" in skipped.message


def test_every_bad_value_is_reported_at_once_with_row_and_column():
    text = HEADER + (
        "01/2023;ca. 500;400;8:00;1:00;300;50\n"  # row 2: Anrufe
        "02/2023;1.000;400;8:75;1:00;300;50\n"  # row 3: Gesprächsdauer
        "13/2023;1.000;400;8:00;1:00;300;50\n"  # row 4: Monat
        "04/2023;1.000;1.200;8:00;1:00;300;50\n"  # row 5: more conversations than calls
        "05/2023;1.000;400;8:00;1:00;450;50\n"  # row 6: closed above conversations
        "06/2023;7,5;400;8:00;1:00;300;50\n"  # row 7: a count with decimals
    )
    result = read_text(text)
    assert not result.ok
    for row, column in (
        (2, "Anrufe"),
        (3, "Gesprächsdauer"),
        (4, "Monat"),
        (5, "Gespräche"),
        (6, "abschließend geklärt"),
        (7, "Anrufe"),
    ):
        problem = problem_at(result, row, column)
        assert problem is not None, (row, column, [str(p) for p in result.problems])
        assert problem.is_error
        assert problem.file == "bericht.csv"
        assert problem.expected
    assert "mm:ss" in problem_at(result, 3, "Gesprächsdauer").expected
    assert "Zeile 2" in str(problem_at(result, 2, "Anrufe"))


def test_duplicate_month_names_both_rows():
    result = read_text(HEADER + "01/2023;100;80;8:00;1:00;60;15\nJan 2023;100;80;8:00;1:00;60;15\n")
    problem = problem_at(result, 3, "Monat")
    assert problem is not None and problem.is_error
    assert "Zeile 2" in problem.message


def test_missing_required_column():
    result = read_text("Monat;Anrufe;Gesprächsdauer\n01/2023;100;8:00\n")
    assert not result.ok
    problem = result.errors[0]
    assert problem.row == 1 and problem.column == "Gespräche"
    assert "Pflichtspalte" in problem.message


def test_missing_optional_columns_and_unknown_ones_are_notes():
    result = read_text("Monat;Anrufe;Gespräche;Erreichbarkeit;Bemerkung\n01/2023;100;80;80 %;gut\n")
    assert result.ok
    columns = {p.column for p in result.warnings}
    assert {"Erreichbarkeit", "Bemerkung", "Gesprächsdauer", "abschließend geklärt"} <= columns
    assert result.months[0].talk_seconds is None


def test_minutes_written_as_seconds_get_a_warning():
    result = read_text(HEADER + "01/2023;100;80;8;1;60;15\n")
    assert result.ok
    assert problem_at(result, 2, "Gesprächsdauer").severity == "warning"


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        (b"", "leer"),
        (HEADER.encode(), "nur die Kopfzeile"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "keine Textdatei"),
        (b"Name;Wert\nfoo;1\n", "Keine Kopfzeile"),
        (b"PK\x03\x04not really a zip", "keine lesbare Excel-Datei"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "alten Format"),
    ],
)
def test_bad_files_give_a_german_problem(raw, match):
    result = read_sc_report(raw, "bericht.xlsx")
    assert not result.ok
    assert any(match in p.message for p in result.errors), [str(p) for p in result.problems]
    assert all(p.file == "bericht.xlsx" for p in result.problems)


def test_huge_file_is_refused_before_parsing():
    result = read_sc_report(b"x" * (20 * 1024 * 1024 + 1), "gross.csv")
    assert not result.ok
    assert "20 MB" in result.errors[0].message


def test_xlsx_zip_bomb_is_refused_before_openpyxl():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    result = read_sc_report(buf.getvalue(), "bombe.xlsx")
    assert not result.ok
    assert "ZIP-Bombe" in result.errors[0].message and "entpackte Größe" in result.errors[0].message


def xlsx_bytes(rows: list[list[object]], title: str = "Bericht") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_with_title_row_time_cells_and_sheet_rows_in_problems():
    raw = xlsx_bytes(
        [
            ["Monatsbericht Service Center"],
            [],
            [
                "Monat",
                "Anrufe",
                "Gespräche",
                "Gesprächsdauer",
                "Nachbearbeitung",
                "abschließend geklärt",
                "Weiterleitungen",
            ],
            ["01/2023", 1000, 800, time(0, 8, 30), time(0, 1, 0), 560, 200],
            ["02/2023", 1000, 1100, "8:30", "1:00", 560, 200],
        ]
    )
    result = read_sc_report(raw, "bericht.xlsx")
    assert result.notes == ("Monatsbericht Service Center",)
    assert result.months[0].talk_seconds == 510
    assert result.months[0].acw_seconds == 60
    problem = problem_at(result, 5, "Gespräche")
    assert problem is not None and problem.sheet == "Bericht"


def test_sample_reports_are_plausible_against_the_sample_plan(sample_dir):
    result = read_sc_report((sample_dir / "sc_berichte_2023.csv").read_bytes(), "sc_berichte_2023.csv")
    assert result.ok and not result.problems
    assert result.is_sample
    assert [m.month for m in result.months] == [Month(2023, m) for m in range(1, 13)]
    scenario = load_scenario(sample_dir / "goeppingen_scenario.json")
    plan = plan_scenario(scenario)
    planned = plan_by_month_of_year(plan)
    report = compute_kpis(result.months, plan=plan, state=scenario.jobcenter.state, year=scenario.contract_year)
    for m in report.months:
        assert 0.8 * planned[m.month.month].calls <= m.calls <= 1.1 * planned[m.month.month].calls
        assert 0.68 <= m.reachability <= 0.82
        assert 0.65 <= m.closure_rate <= 0.78
        assert 8 * 60 - 5 <= m.talk_seconds <= 9 * 60
        assert 50 <= m.acw_seconds <= 70
    # near the contract's 75 %: some months below, the year just above
    assert any(m.reachability < 0.75 for m in report.months)
    assert 0.74 <= report.year_totals.reachability <= 0.78

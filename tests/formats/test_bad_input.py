"""The bad-input catalogue of QUALITY.md: each case is a real file, refused (or accepted with a
warning) with a German message that names file, row and column and the expected form."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile

import pytest

from o7core import fmt
from o7core.formats.source import MAX_FILE_BYTES
from o7core.scenario import scenario_to_dict

from .helpers import (
    HEADER,
    csv_bytes,
    find,
    pdf_bytes,
    png_bytes,
    read,
    sample_scenario,
    template_rows,
    with_cached_values,
    xlsx_bytes,
)


def test_empty_file():
    result = read(b"", "leer.csv")
    p = find(result, "leer")
    assert p.file == "leer.csv"
    assert not result.months


def test_whitespace_only_file():
    find(read(b" \r\n\r\n ", "leer.csv"), "Leerzeichen oder Leerzeilen")


def test_header_only():
    result = read(csv_bytes([HEADER]))
    p = find(result, "nur die Kopfzeile")
    assert p.row == 2


@pytest.mark.parametrize("name", ["daten.xlsx", "daten.csv"])
def test_pdf_renamed(name):
    result = read(pdf_bytes(), name)
    p = find(result, "PDF-Dokument")
    assert p.file == name and "XLSX" in (p.expected or "")


@pytest.mark.parametrize("name", ["daten.xlsx", "daten.csv"])
def test_png_renamed(name):
    find(read(png_bytes(), name), "PNG-Bild")


def test_old_xls_is_named_as_such():
    find(read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "alt.xlsx"), r"\.xls")


def test_word_document_renamed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    find(read(buffer.getvalue(), "daten.xlsx"), "Word-Dokument")


def test_semicolon_csv_with_german_numbers():
    raw = csv_bytes([HEADER, ["Sep 21", "7.672", "997", "0", "3.387"], ["Okt 21", "6.335", "824", "0", "2.796"]])
    result = read(raw)
    assert result.ok, [str(p) for p in result.problems]
    assert [m.calls for m in result.months] == [7672, 6335]
    assert [m.conversations for m in result.months] == [3387, 2796]


def test_windows_1252_with_umlauts():
    rows = [["Monat", "Anrufe", "Gespräche", "Überschneidungsmitteilungen"], ["März 2022", "8.709", "3.844", "12"]]
    raw = csv_bytes(rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    result = read(raw)
    assert result.ok, [str(p) for p in result.problems]
    m = result.months[0]
    assert (str(m.month), m.calls, m.conversations, m.overlap_notices) == ("2022-03", 8709, 3844, 12)
    assert "Windows-1252" in result.kind_label


def test_utf8_with_bom():
    raw = b"\xef\xbb\xbf" + csv_bytes(template_rows(3))
    result = read(raw)
    assert result.ok
    assert len(result.months) == 3


def test_missing_calls_column():
    rows = [["Monat", "Gespräche"], ["2021-09", "3000"]]
    p = find(read(csv_bytes(rows)), "Pflichtspalte „Anrufe“ fehlt")
    assert p.row == 1 and p.column == "Anrufe"
    assert "Monat" in (p.value or "")


def test_unknown_columns_are_ignored_with_a_note():
    rows = [[*HEADER, "Bemerkung", "Team"]] + [[*r, "x", "Nord"] for r in template_rows(2)[1:]]
    result = read(csv_bytes(rows))
    assert result.ok
    p = find(result, "Unbekannte Spalten", severity="warning")
    assert "Bemerkung (Spalte F)" in p.message and "Team (Spalte G)" in p.message
    assert len(result.months) == 2


def test_bad_counts_are_all_reported_at_once_with_row_and_column():
    rows = template_rows(5)
    rows[1][1], rows[2][1], rows[3][1], rows[4][1] = "ca. 500", "n/a", "-12", "7,5"
    result = read(csv_bytes(rows), "anrufe.csv")
    errors = result.errors
    assert [(p.row, p.column) for p in errors] == [(r, "Anrufe (Spalte B)") for r in (2, 3, 4, 5)]
    assert [p.value for p in errors] == ["ca. 500", "n/a", "-12", "7,5"]
    assert all(p.file == "anrufe.csv" and "ganze Zahl" in (p.expected or "") for p in errors)
    assert "negativ" in errors[2].message and "ganzzahlig" in errors[3].message
    assert "Zeile 2" in str(errors[0]) and "Spalte B" in str(errors[0])


def test_dotted_count_is_thousands():
    rows = template_rows(1)
    rows[1][1] = "7.672"
    assert read(csv_bytes(rows)).months[0].calls == 7672


def test_duplicate_month():
    rows = template_rows(3)
    rows[3][0] = "Okt 21"  # 2021-10 again
    p = find(read(csv_bytes(rows)), "doppelt")
    assert p.row == 4 and p.column == "Monat (Spalte A)" and "Zeile 3" in p.message


def test_gap_in_months():
    rows = template_rows(4)
    del rows[2]  # 2021-10 missing
    p = find(read(csv_bytes(rows)), "Lücke")
    assert "10/2021" in p.message and p.row == 3


def test_unparseable_month():
    rows = template_rows(3)
    rows[2][0] = "Oktoberfest"
    p = find(read(csv_bytes(rows)), "kein Monat")
    assert (p.row, p.column, p.value) == (3, "Monat (Spalte A)", "Oktoberfest")
    assert "Sep 21" in (p.expected or "")


def test_more_than_24_months():
    p = find(read(csv_bytes(template_rows(25))), "25 Monate")
    assert p.row == 26


@pytest.mark.parametrize(
    ("column", "value", "pattern"),
    [(4, 8000, "mehr Gespräche"), (2, 8000, "mehr Anrufwiederholungen")],
)
def test_more_conversations_or_repeat_calls_than_calls_is_an_error(column, value, pattern):
    rows = template_rows(3)
    rows[2][column] = value
    p = find(read(csv_bytes(rows)), pattern)
    assert p.row == 3 and p.column == f"{HEADER[column]} (Spalte {'ABCDE'[column]})"


def test_forwarded_above_calls_is_a_warning():
    rows = template_rows(2)
    rows[1][3] = 9000
    result = read(csv_bytes(rows))
    assert result.ok
    find(result, "Weiterleitungen an das Jobcenter", severity="warning")


def test_file_above_the_size_limit_is_refused_before_decoding():
    raw = b"Monat;Anrufe\r\n" + b"2021-09;1\r\n" * (MAX_FILE_BYTES // 11 + 10)
    fmt.count(1)  # the German number formats (Babel's locale data) load once per process, not per file
    tracemalloc.start()
    try:
        result = read(raw, "riesig.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    p = find(result, r"Grenze „Dateigröße“: mehr als 20 MB, erlaubt sind höchstens 20 MB")
    assert p.file == "riesig.csv"
    assert peak < 1_000_000  # not one copy of the 20 MB


def _bomb(size: int) -> bytes:
    """A zip with a valid workbook part and one sheet of ``size`` bytes of zeros (compresses ~1000×)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b"0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("size_mb", "pattern"), [(80, "entpackte Größe der Excel-Datei“: 80 MB"), (8, r"Packungsdichte .*-fach")]
)
def test_xlsx_zip_bomb_is_refused_by_its_declared_sizes(size_mb, pattern):
    raw = _bomb(size_mb * 1024 * 1024)
    assert len(raw) < 1_000_000
    tracemalloc.start()
    try:
        result = read(raw, "bombe.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    p = find(result, pattern)
    assert "ZIP-Bombe" in p.message and p.file == "bombe.xlsx"
    assert peak < 5_000_000


def test_broken_zip_is_named():
    find(read(b"PK\x03\x04" + b"\x00" * 100, "kaputt.xlsx"), "beschädigt")


def test_xlsx_formulas_are_read_as_cached_values():
    rows = template_rows(2)
    rows[1][1] = "=7000+672"
    rows[2][1] = "=6000+335"
    raw = with_cached_values(xlsx_bytes({"Monatswerte": rows}), {"B2": 7672, "B3": 6335})
    result = read(raw, "formeln.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert [m.calls for m in result.months] == [7672, 6335]


def test_xlsx_formulas_without_cached_values_are_reported():
    rows = template_rows(2)
    rows[2][1] = "=6000+335"
    result = read(xlsx_bytes({"Monatswerte": rows}), "formeln.xlsx")
    p = find(result, "Formel ohne gespeicherten Wert")
    assert (p.sheet, p.row, p.column) == ("Monatswerte", 3, "Anrufe (Spalte B)")


def test_xlsx_without_a_data_sheet():
    p = find(read(xlsx_bytes({"Tabelle1": [["Hallo"]]}), "leer.xlsx"), "weder ein Blatt „Monatswerte“")
    assert "Tabelle1" in p.message


# --------------------------------------------------------------------------- scenario files


def _scenario_json(**changes) -> bytes:
    data = scenario_to_dict(sample_scenario())
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return json.dumps(data).encode()


def test_scenario_that_is_not_json():
    p = find(read(b'{"format": "o7-scenario", "version": 1,,}', "szenario.json"), "kein gültiges JSON")
    assert p.row == 1


def test_scenario_of_another_version():
    p = find(read(_scenario_json(version=2), "szenario.json"), "Version")
    assert p.column == "version" and p.value == "2"


def test_json_that_is_no_scenario():
    find(read(b'{"hello": 1}', "x.json"), "keine O.7-Szenariodatei")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"parameters__target_reachability": 1.5}, "parameters.target_reachability"),
        ({"parameters__target_reachability": 0}, "parameters.target_reachability"),
        ({"parameters__share_calls": 2}, "parameters.share_calls"),
        ({"parameters__capacity_fte": 0}, "parameters.capacity_fte"),
        ({"parameters__aht_seconds": "viel"}, "parameters.aht_seconds"),
        ({"bg_count_contract_year": 0}, "bg_count_contract_year"),
        ({"jobcenter__bg_count": 0}, "jobcenter.bg_count"),
        ({"jobcenter__state": "Atlantis"}, "jobcenter.state"),
        ({"term_years": 4}, "term_years"),
    ],
)
def test_scenario_values_out_of_range(change, field):
    result = read(_scenario_json(**change), "szenario.json")
    assert not result.ok
    assert field in [p.column for p in result.errors], [str(p) for p in result.errors]
    assert all(p.file == "szenario.json" for p in result.errors)


def test_scenario_target_100_percent_is_accepted_with_a_warning():
    result = read(_scenario_json(parameters__target_reachability=1.0), "szenario.json")
    assert result.ok
    p = find(result, "100 %", severity="warning")
    assert p.column == "parameters.target_reachability"


def test_scenario_months_with_more_conversations_than_calls():
    data = json.loads(_scenario_json())
    data["months"][3]["conversations"] = data["months"][3]["calls"] + 1
    p = find(read(json.dumps(data).encode(), "s.json"), "mehr Gespräche")
    assert p.column == "months[4].conversations"


# --------------------------------------------------------------------------- master data (Stammdaten)


def _with_master(rows) -> bytes:
    return xlsx_bytes({"Monatswerte": template_rows(2), "Stammdaten": [["Feld", "Wert"], *rows]})


def test_unknown_state_in_master_data():
    p = find(read(_with_master([["Bundesland", "Atlantis"]]), "d.xlsx"), "Bundesland")
    assert (p.sheet, p.row, p.value) == ("Stammdaten", 2, "Atlantis")
    assert "BW" in (p.expected or "")


def test_bg_zero_in_master_data():
    p = find(read(_with_master([["BG", 0]]), "d.xlsx"), "größer als 0")
    assert (p.sheet, p.row) == ("Stammdaten", 2)


def test_unknown_master_field_is_a_note():
    result = read(_with_master([["Lieblingsfarbe", "blau"], ["BG", "6.032"], ["Bundesland", "Bayern"]]), "d.xlsx")
    assert result.ok
    find(result, "Lieblingsfarbe", severity="warning")
    assert result.master == {"bg_count": 6032, "state": "BY"}


def test_a_bad_count_causes_no_false_gap_and_other_problems_are_still_reported():
    rows = template_rows(4)
    rows[2][1] = "n/a"  # 2021-10: calls unusable, the month itself is fine
    rows[4][0] = "2021-09"  # and a real duplicate further down
    result = read(csv_bytes(rows))
    messages = [p.message for p in result.errors]
    assert not any("Lücke" in m for m in messages), messages
    assert any("keine gültige Anzahl" in m for m in messages) and any("doppelt" in m for m in messages)

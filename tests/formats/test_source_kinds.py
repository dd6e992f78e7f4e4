"""Every reader takes bytes → tables from ``o7core.formats.source``, in its own words (``FileKind``)."""

from __future__ import annotations

import io
import zipfile

import pytest

from o7core.check import guard_xlsx
from o7core.errors import O7InputError
from o7core.formats.source import FileKind, read_tables
from o7core.sc_report import read_sc_report

REPORT = "Monat;Anrufe;Gespräche\n01/2023;1.000;800\n02/2023;1.100;850\n"


def test_the_sc_report_is_decoded_by_the_one_decoder_utf16_and_windows_1252_included():
    for raw in (REPORT.encode("utf-16"), REPORT.encode("cp1252"), b"\xef\xbb\xbf" + REPORT.encode()):
        result = read_sc_report(raw, "bericht.csv")
        assert result.ok, [str(p) for p in result.problems]
        assert [m.calls for m in result.months] == [1000, 1100]


def test_a_binary_file_is_refused_in_the_words_of_the_sc_report():
    result = read_sc_report(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bericht.csv")
    (problem,) = result.errors
    assert problem.message == "Die Datei ist keine Textdatei (sie enthält Binärdaten)."
    assert problem.expected == "CSV-Datei (UTF-8 oder Windows-1252) oder XLSX"
    assert problem.file == "bericht.csv"


def test_read_tables_names_the_readers_kind_of_file():
    kind = FileKind("keine Regionsdatei", "CSV oder XLSX mit Spalte JCNR")
    with pytest.raises(O7InputError) as info:
        read_tables(b"%PDF-1.7\n...", kind=kind)
    (problem,) = info.value.problems
    assert problem.message == "Die Datei ist ein PDF-Dokument, keine Regionsdatei."
    assert problem.expected == "CSV oder XLSX mit Spalte JCNR"
    (table,) = read_tables(b"JCNR;Name\nJC1;A\n", kind=kind)
    assert table.rows == (("JCNR", "Name"), ("JC1", "A"))


def test_a_word_document_is_no_appendix_and_a_size_refusal_keeps_the_appendix_form():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(O7InputError) as info:
        guard_xlsx(buf.getvalue(), "Anlage.xlsx")
    (problem,) = info.value.problems
    assert problem.message == "Die Datei ist ein Word-Dokument, keine Anlage."
    assert problem.expected == "die Anlage als Excel-Datei (.xlsx), wie O.7 Planer sie erzeugt"
    with pytest.raises(O7InputError) as info:
        guard_xlsx(b"PK\x03\x04" + b"0" * (20 * 1024 * 1024), "Anlage.xlsx")
    (problem,) = info.value.problems
    assert "erlaubt sind höchstens 20 MB" in problem.message
    assert problem.expected == "die Anlage als Excel-Datei (.xlsx), wie O.7 Planer sie erzeugt"

"""Absurd values typed or uploaded through app.py: a German message, the loaded data stay, every page renders.

Issue 21: a typed budget of 1e30 on Kosten, a BG of 1e30, „gültig bis 31.12.9999“ in a planning aid and a
price sheet, dates in 2200. Before, each ended in an English error box or broke every page of the session.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import openpyxl
from streamlit.testing.v1 import AppTest

from o7core import fmt
from tests.app.conftest import assert_clean, open_app, show
from tests.conftest import SAMPLE_DIR

PAGES = ("daten", "planung", "kennzahlen", "kosten", "machbarkeit", "anlage", "karte")
BIG = "1.000.000.000.000.000.000.000.000.000.000"  # 10^30, the German way (1e30 is refused as unreadable)


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def every_page_renders(at: AppTest) -> None:
    for page in PAGES:
        show(at, page)
        assert_clean(at)
        assert not any("unerwarteter Fehler" in e for e in errors(at)), (page, errors(at))


def test_fmt_shows_1e30_instead_of_failing_on_the_decimal_precision() -> None:
    assert fmt.number(1e30) == BIG
    assert fmt.money(Decimal("1e30")) == BIG + ",00\u00a0€"
    assert fmt.number(-5e-324, 2) == "0,00"


def test_a_budget_of_1e30_on_kosten_is_refused_and_the_page_goes_on() -> None:
    at = open_app("kosten", opened=True)
    reachable = metric(at, "Erreichbare Ziel-Erreichbarkeit")
    budget = at.text_input(key="w_kosten_budget").value
    at.text_input(key="w_kosten_budget").input("1e30").run()
    assert_clean(at)
    assert any(e.startswith("„1e30“ ist nicht lesbar: keine Zahl. Es gilt weiter:") for e in errors(at)), errors(at)
    at.text_input(key="w_kosten_budget").input(BIG + " €").run()
    assert_clean(at)
    (message,) = [e for e in errors(at) if "außerhalb des erlaubten Bereichs" in e]
    assert message.startswith(BIG + ",00\u00a0€ liegt außerhalb des erlaubten Bereichs")
    assert f"Es gilt weiter: {budget}\u00a0€" in message
    assert not any(b.key == "w_kosten_budget__ja" for b in at.button)  # nothing to confirm
    assert metric(at, "Erreichbare Ziel-Erreichbarkeit") == reachable
    # the BG forecast of the 2nd contract year has the same bound
    at.text_input(key="w_kosten_bg2").input(BIG).run()
    assert any(e.startswith(BIG + " liegt außerhalb des erlaubten Bereichs") for e in errors(at)), errors(at)
    every_page_renders(at)


def test_a_bg_of_1e30_typed_is_refused_and_every_page_keeps_working() -> None:
    at = open_app(opened=True)
    need = metric(at, "Bedarf in VZA")
    at.text_input(key="w_md_bg").input(BIG).run()
    assert_clean(at)
    (message,) = [e for e in errors(at) if "außerhalb" in e]
    assert message == f"{BIG} liegt außerhalb des erlaubten Bereichs: 1 bis 1.000.000. Es gilt weiter: 6.032."
    at.text_input(key="w_md_bg_contract").input(BIG).run()
    assert any("1 bis 1.000.000" in e for e in errors(at))
    every_page_renders(at)
    show(at, "daten")
    assert metric(at, "Bedarf in VZA") == need


def _planning_aid(edit) -> bytes:
    wb = openpyxl.load_workbook(SAMPLE_DIR / "planungshilfe_goeppingen.xlsx")
    edit(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(at: AppTest, key: str, name: str, raw: bytes) -> AppTest:
    at.file_uploader(key=key).set_value((name, raw, "application/octet-stream")).run()
    assert_clean(at)
    assert not any("unerwarteter Fehler" in e for e in errors(at)), errors(at)
    return at


def test_gueltig_bis_31_12_9999_in_a_planning_aid_is_read_around() -> None:
    def edit(ws) -> None:
        ws["A2"] = "gültig bis 31.12.9999"
        ws["H4"] = "01.09.2021 bis 31.12.9999"
        ws["I4"] = datetime(9999, 12, 31)  # a date cell: the last date Excel knows

    at = _upload(open_app(opened=True), "upload_data", "planungshilfe_9999.xlsx", _planning_aid(edit))
    (loaded,) = [s.value for s in at.success if "geladen" in s.value]
    assert "12 Monate, Sep 2021 bis Aug 2022" in loaded
    assert metric(at, "Bedarf in VZA") == "6,34"
    # the same date in the row of the month columns: a German refusal naming row and column, data stay
    raw = _planning_aid(lambda ws: ws.__setitem__("P6", datetime(9999, 12, 31)))
    _upload(at, "upload_data", "planungshilfe_kopf_9999.xlsx", raw)
    (message,) = [e for e in errors(at) if "planungshilfe\\_kopf\\_9999.xlsx" in e]
    assert "Zeile 6, Spalte/Feld „Spalte P“" in message and "ist kein Monat" in message
    assert metric(at, "Bedarf in VZA") == "6,34"
    every_page_renders(at)


def test_gueltig_bis_31_12_9999_in_a_price_sheet() -> None:
    at = open_app(opened=True)
    column = (
        "Vertragsjahr;Laufzeit;Euro je BG;Euro je Stunde;gültig bis\n"
        "2023;1;30,96;49,20;31.12.9999\n2023;2;30,00;48,00;31.12.9999\n2023;3;29,52;47,40;31.12.9999\n"
    )
    _upload(at, "w_price_upload_daten", "preise_gueltig.csv", column.encode("utf-8"))
    assert any(s.value == "Preisblatt 2023 aus „preise\\_gueltig.csv“ geladen." for s in at.success)
    year = "Vertragsjahr;Laufzeit;Euro je BG;Euro je Stunde\n31.12.9999;1;99,00;99,00\n"
    _upload(at, "w_price_upload_daten", "preise_9999.csv", year.encode("utf-8"))
    (message,) = [e for e in errors(at) if "Preisblatt" in e]
    assert message.startswith("Das Preisblatt kann nicht verwendet werden. Die bisherigen Preise bleiben.")
    assert "Ungültiges Vertragsjahr \\(kein Jahr zwischen 2000 und 2100\\)" in message
    assert "31.12.9999" in message
    assert any("Verwendet: 2023." in c.value for c in at.caption)
    every_page_renders(at)


def test_dates_in_2200_are_refused_with_the_row_and_the_data_stay() -> None:
    at = open_app(opened=True)
    need = metric(at, "Bedarf in VZA")
    csv = "Monat;Anrufe;Anrufwiederholungen;Gespräche\n" + "\n".join(
        f"{m:02d}/2200;5000;500;2500" for m in range(1, 13)
    )
    _upload(at, "upload_data", "monate_2200.csv", csv.encode("utf-8"))
    (message,) = [e for e in errors(at) if "monate\\_2200.csv" in e]
    assert message.startswith("Die Datei kann nicht verwendet werden. Die bisherigen Daten bleiben geladen.")
    assert "Zeile 2, Spalte/Feld „Monat \\(Spalte A\\)“\\: „01/2200“ ist kein Monat" in message
    assert "Jahr 2200 liegt außerhalb von 1990–2100" in message
    assert metric(at, "Bedarf in VZA") == need
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Monatswerte"
    ws.append(["Monat", "Anrufe", "Anrufwiederholungen", "Gespräche"])
    for m in range(1, 13):
        ws.append([datetime(2200, m, 1), 5000, 500, 2500])
    out = io.BytesIO()
    wb.save(out)
    _upload(at, "upload_data", "monate_2200.xlsx", out.getvalue())
    assert any("2200" in e and "monate\\_2200.xlsx" in e for e in errors(at)), errors(at)
    assert metric(at, "Bedarf in VZA") == need
    every_page_renders(at)

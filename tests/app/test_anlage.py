"""AppTest of the Anlage page through app.py: preview, downloads, editors, Anlage prüfen."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.app.conftest import assert_clean, open_app
from tests.app.text import table_with, tables


def _texts(at) -> str:
    return "\n".join(str(e.value) for e in [*at.text, *at.markdown, *at.caption, *at.subheader])


def test_page_renders_with_downloads_and_checks_an_upload():
    at = open_app("anlage", opened=True)
    assert "Anlage zum Dienstleistungseinkauf O.7 2023" in _texts(at)
    buttons = at.main.get("download_button")  # the sidebar holds the Sitzungsvorlage
    assert len(buttons) == 2
    assert [b.proto.label for b in buttons] == ["Anlage als Excel (XLSX)", "Anlage als PDF"]
    assert len(tables(at)) == 3  # header, Baustein table, costs
    head, bausteine, costs = tables(at)
    assert list(head.columns) == [0, 1] and "JC Göppingen" in list(head[1])
    assert bausteine.iloc[-1, 0] == "Gesamt" and len(costs) == 3

    # an edited text goes into the scenario and the preview
    at.text_area(key="w_anlage_other").set_value("Monatlicher Bericht bis zum 10. des Folgemonats.").run()
    assert_clean(at)
    assert "Monatlicher Bericht bis zum 10. des Folgemonats." in _texts(at)

    # Anlage prüfen: our own export, then a copy with a slip
    from o7core.appendix import appendix_for
    from o7core.export_xlsx import to_xlsx
    from o7core.scenario import load_scenario
    from tests.conftest import SAMPLE_DIR

    raw = to_xlsx(appendix_for(load_scenario(SAMPLE_DIR / "goeppingen_scenario.json")))
    at.file_uploader(key="w_anlage_check_upload").set_value(("Anlage.xlsx", raw, "application/octet-stream")).run()
    assert_clean(at)
    assert any("Keine Abweichungen" in s.value for s in at.success)

    wb = load_workbook(io.BytesIO(raw))
    ws = wb["Anlage"]
    total = next(r[0].row for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == "Gesamt")
    ws.cell(total, 5).value = 8.37
    out = io.BytesIO()
    wb.save(out)
    at.file_uploader(key="w_anlage_check_upload").set_value(("Anlage.xlsx", out.getvalue(), "x")).run()
    assert_clean(at)
    assert any("1 Fehler" in e.value for e in at.error)
    assert table_with(at, "Regel")["Feld"].tolist() == ["Gesamt – VZA"]
    (sentence,) = [c.value for c in at.code]
    assert sentence.startswith("In Zeile „Gesamt“, Spalte „VZA“ (Zelle E")
    assert sentence.endswith(
        "steht 8,37; richtig ist 6,34 (Differenz +2,03), weil VZA gesamt = Stunden * gesamt / 1.200 "
        "Produktivstunden je VZA."
    )


def test_check_takes_pasted_text_and_lists_consequences_apart():
    from tests.appendix.test_sources import SEED_APPENDIX_TEXT

    at = open_app("anlage", opened=True)
    at.text_area(key="w_anlage_check_text").set_value(SEED_APPENDIX_TEXT).run()
    assert_clean(at)
    assert any("4 Fehler" in e.value for e in at.error)
    assert table_with(at, "Regel")["Feld"].tolist() == [
        "Baustein 4 – Erfüllungsgrad",
        "Gesamt – VZA",
        "Kosten 2 Jahre – Gesamt",
        "Kosten 3 Jahre – Volumenpreis",
    ]
    assert len(at.code) == 4 and all(c.value.startswith("In Zeile „") for c in at.code)
    assert table_with(at, "Folge von")["Feld"].tolist() == ["Kosten 3 Jahre – Gesamt"]
    assert table_with(at, "Folge von")["Folge von"].tolist() == ["Kosten 3 Jahre – Volumenpreis"]


def test_check_takes_our_pdf_and_refuses_an_image_in_german():
    from o7core.appendix import appendix_for
    from o7core.export_pdf import to_pdf
    from o7core.scenario import load_scenario
    from tests.conftest import SAMPLE_DIR

    at = open_app("anlage", opened=True)
    pdf = to_pdf(appendix_for(load_scenario(SAMPLE_DIR / "goeppingen_scenario.json")))
    at.file_uploader(key="w_anlage_check_upload").set_value(("Anlage.pdf", pdf, "application/pdf")).run()
    assert_clean(at)
    assert any("Keine Abweichungen" in s.value for s in at.success)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    at.file_uploader(key="w_anlage_check_upload").set_value(("Anlage.pdf", png, "application/pdf")).run()
    assert "PNG-Bild, keine Anlage" in _texts(at) + "\n".join(str(e.value) for e in at.error)


def test_presentation_mode_hides_the_editors():
    at = open_app("anlage", opened=True)
    assert len(at.text_area) == 3  # two texts of the appendix, the pasted appendix to check
    at.session_state["o7_presentation"] = True  # the sidebar switch of app.py
    at.run()
    assert_clean(at)
    assert len(at.text_area) == 0 and len(at.get("file_uploader")) == 0
    assert len(at.main.get("download_button")) == 2

"""Issue 12: an appendix without Service Center, contract year, BG of the contract year or places and
dates says „ENTWURF“ plainly (XLSX, PDF, the CLI's stderr) and names what is missing."""

from __future__ import annotations

import io
from dataclasses import replace

from openpyxl import load_workbook
from pypdf import PdfReader

from o7core.appendix import appendix_for, missing_for_signature
from o7core.cli import main
from o7core.export_pdf import to_pdf
from o7core.export_xlsx import to_xlsx
from o7core.scenario import AgreementTexts, load_scenario
from tests.conftest import SAMPLE_DIR
from tests.other_jobcenter import FILES

SAMPLE = SAMPLE_DIR / "goeppingen_scenario.json"


def _text_xlsx(raw: bytes) -> str:
    wb = load_workbook(io.BytesIO(raw))
    return " ".join(" ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value).split())


def _text_pdf(raw: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages).split())


def test_the_sample_is_complete_and_not_a_draft():
    s = load_scenario(SAMPLE, require_months=True)
    assert missing_for_signature(s) == ()
    ap = appendix_for(s)
    assert "ENTWURF" not in _text_xlsx(to_xlsx(ap)) and "ENTWURF" not in _text_pdf(to_pdf(ap))


def test_each_missing_field_is_named():
    s = load_scenario(SAMPLE, require_months=True)
    assert missing_for_signature(replace(s, service_center=" ")) == ("Service Center",)
    assert missing_for_signature(replace(s, bg_count_contract_year=None)) == ("BG-Zahl des Vertragsjahres 2023",)
    assert missing_for_signature(replace(s, contract_year=2022)) == (
        "Vertragsjahr (2022 liegt nicht nach dem Bezugszeitraum bis 08/2022)",
    )
    no_place = replace(s, agreement=replace(s.agreement, place_jobcenter="", date_service_center=""))
    assert missing_for_signature(no_place) == (
        "Datum der Unterschrift Service Center",
        "Ort der Unterschrift Jobcenter",
    )
    everything = replace(s, service_center="", bg_count_contract_year=None, agreement=AgreementTexts())
    ap = appendix_for(everything)
    assert ap.is_draft and len(ap.missing) == 4
    for text in (_text_xlsx(to_xlsx(ap)), _text_pdf(to_pdf(ap))):
        assert "ENTWURF – nicht unterschriftsreif. Es fehlt: Service Center; BG-Zahl des Vertragsjahres 2023" in text


def test_cli_anlage_warns_on_stderr_and_marks_the_file(tmp_path, capsys):
    name, build = FILES["planungshilfe_xlsx"]
    data = tmp_path / name
    data.write_bytes(build())
    out = tmp_path / "anlage.xlsx"
    assert main(["anlage", str(data), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Warnung: ENTWURF – nicht unterschriftsreif" in err and "Service Center" in err
    assert "ENTWURF" in _text_xlsx(out.read_bytes())
    assert main(["anlage", str(SAMPLE), "--out", str(tmp_path / "g.pdf")]) == 0
    assert "ENTWURF" not in capsys.readouterr().err

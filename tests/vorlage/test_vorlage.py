"""The Sitzungsvorlage (council briefing): produced through the CLI and read back with pypdf.

Every key figure of the plan (required conversations, VZA, first-year cost of each term) must be in
the text exactly as :mod:`o7core.fmt` prints it; the two charts are real images; 24 months and three
saved scenarios still fit on four A4 pages. The figures are computed here from the same scenario by
``plan_scenario``, never typed in.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from o7core import fmt, plan_scenario
from o7core.costs.terms import annual_conversations, scenario_term_costs
from o7core.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
SCENARIO = SAMPLE / "goeppingen_scenario.json"
REPORT = SAMPLE / "sc_berichte_2023.csv"


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o7core", "vorlage", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
    )


def read_pdf(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def image_count(reader: PdfReader) -> int:
    """Image XObjects on the pages (soft masks are not counted)."""
    count = 0
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        count += sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
    return count


def flat(text: str) -> str:
    """Whitespace as one plain space (pypdf gives a non-breaking space back as written, or a space
    where fpdf2 wrapped a paragraph)."""
    return " ".join(text.replace("\u00a0", " ").split())


def key_figures(scenario_path: Path) -> list[str]:
    scenario = load_scenario(scenario_path, require_months=True)
    plan = plan_scenario(scenario)
    figures = [fmt.count(plan.totals.required_conversations), fmt.fte(plan.totals.fte_required)]
    figures += [fmt.money(line.total) for line in plan.costs]
    figures.append(fmt.hours(plan.hours_total_rounded))
    return figures


def variant(tmp_path: Path, name: str, *, months: int = 12, **changes: object) -> Path:
    """The sample scenario with other figures: another Jobcenter, 12 or 24 months, other settings."""
    data = json.loads(SCENARIO.read_text(encoding="utf-8"))
    base = data["months"]
    if months == 24:
        extra = []
        for i, m in enumerate(base):
            year, month = (int(x) for x in m["month"].split("-"))
            extra.append(
                {
                    **m,
                    "month": f"{year + 1}-{month:02d}",
                    "calls": round(m["calls"] * 1.07) + i,
                    "repeat_calls": round(m["repeat_calls"] * 1.1),
                    "conversations": round(m["conversations"] * 1.04),
                }
            )
        data["months"] = base + extra
    data["jobcenter"] = {**data["jobcenter"], "name": "JC Musterstadt", "jcnr": "JC99999", "bg_count": 4321}
    data["bg_count_contract_year"] = changes.pop("bg", 4100)
    for key, value in changes.items():
        if key in data["parameters"]:
            data["parameters"][key] = value
        else:
            data[key] = value
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vorlage") / "vorlage.pdf"
    result = run_cli(SCENARIO, "--bericht", REPORT, "--datum", "07.11.2022", "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    return out


def test_sample_briefing_holds_every_key_figure(sample_pdf: Path) -> None:
    reader, text = read_pdf(sample_pdf)
    assert 2 <= len(reader.pages) <= 4
    assert image_count(reader) >= 2
    body = flat(text)
    for figure in key_figures(SCENARIO):
        assert flat(figure) in body, figure
    # the money in the table keeps its non-breaking space, as fmt prints it
    for figure in key_figures(SCENARIO)[2:5]:
        assert figure in text, repr(figure)
    assert "46.723" in body and "6,34" in body and "526.919,82 €" in body  # the golden Göppingen case


def test_sample_briefing_content(sample_pdf: Path) -> None:
    _, text = read_pdf(sample_pdf)
    body = flat(text)
    for words in (
        "Beschlussvorschlag",
        "Ziel-Erreichbarkeit 55,0 %",
        "Laufzeit von 3 Jahren",
        "Planungsziel 55,0 % und Vertragsziel 75,0 %",
        "Der nächste Punkt Erreichbarkeit: ein Punkt mehr (56,0 %)",
        "Laufendes Jahr 2023",
        "Erreichbarkeit Jahr 75,9 %",
        "Quellen und Stand",
        "Erstellt am 07.11.2022",
        "1.580.759,46 €",  # whole term of 3 years
        "93,39 €",  # € per BG
    ):
        assert words in body, words
    scenario = load_scenario(SCENARIO, require_months=True)
    plan = plan_scenario(scenario)
    ahead = plan_scenario(scenario.with_parameters(target_reachability=0.56))
    assert flat(fmt.signed(fmt.money(ahead.cost_for(3).total - plan.cost_for(3).total), 1)) in body
    assert "Traceback" not in text and "None" not in text


def test_unseen_24_months_three_scenarios_within_four_pages(tmp_path: Path) -> None:
    main = variant(tmp_path, "vorschlag", months=24, target_reachability=0.62, term_years=2)
    others = [
        variant(tmp_path, "a", months=24, target_reachability=0.55, term_years=1),
        variant(tmp_path, "b", months=24, target_reachability=0.70, term_years=3),
        variant(tmp_path, "c", months=12, target_reachability=0.75, term_years=2),
    ]
    collection = {
        "format": "o7-scenario-collection",
        "version": 1,
        "scenarios": [
            {**json.loads(p.read_text(encoding="utf-8")), "name": f"Szenario {n}"}
            for n, p in zip("ABC", others, strict=True)
        ],
    }
    board = tmp_path / "szenarien.json"
    board.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "vorlage.pdf"
    result = run_cli(main, "--bericht", REPORT, "--vergleich", board, "--name", "Vorschlag 62 %", "--out", out)
    assert result.returncode == 0, result.stderr
    reader, text = read_pdf(out)
    assert 2 <= len(reader.pages) <= 4
    assert image_count(reader) >= 2
    body = flat(text)
    for figure in key_figures(main):
        assert flat(figure) in body, figure
    scenario = load_scenario(main, require_months=True)
    plan = plan_scenario(scenario)
    assert flat(fmt.count(annual_conversations(plan))) in body  # 24 months: the annualised figure too
    whole = {t.term_years: t.whole_term for t in scenario_term_costs(scenario, plan)}
    assert flat(fmt.money(whole[2])) in body
    for n, path in zip("ABC", others, strict=True):
        assert f"Szenario {n}" in body
        other = plan_scenario(load_scenario(path, require_months=True))
        assert flat(fmt.money(other.cost_for(1).total)) in body
    assert "Vorschlag 62 %" in body
    assert "JC Musterstadt" in body and "62,0 %" in body


def test_briefing_without_report_or_scenarios(tmp_path: Path) -> None:
    path = variant(tmp_path, "einfach", target_reachability=0.48, term_years=1)
    out = tmp_path / "v.pdf"
    result = run_cli(path, "--out", out)
    assert result.returncode == 0, result.stderr
    reader, text = read_pdf(out)
    assert 2 <= len(reader.pages) <= 4 and image_count(reader) >= 2
    body = flat(text)
    for figure in key_figures(path):
        assert flat(figure) in body, figure
    assert "Laufendes Jahr" not in body and "Szenarien im Vergleich" not in body
    assert "Laufzeit von 1 Jahr kostet" in body


def test_data_file_with_scenario_option(tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    result = run_cli(SAMPLE / "goeppingen_2021_2022.csv", "--scenario", SCENARIO, "--out", out)
    assert result.returncode == 0, result.stderr
    _, text = read_pdf(out)
    body = flat(text)
    for figure in key_figures(SCENARIO):
        assert flat(figure) in body, figure


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("fehlt.csv", "--out", "x.pdf"), "Die Datei gibt es nicht"),
        ((str(SCENARIO), "--bericht", "fehlt.csv", "--out", "x.pdf"), "Die Datei gibt es nicht"),
        ((str(SCENARIO), "--vergleich", str(REPORT), "--out", "x.pdf"), "keine gültige JSON-Datei"),
        ((str(SCENARIO), "--datum", "2022-11-07", "--out", "x.pdf"), "Ungültiges Datum"),
        ((str(SCENARIO),), "es fehlt: --out"),
    ],
)
def test_bad_input_german_exit_2(tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "o7core", "vorlage", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env=env,
    )
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "x.pdf").exists()

"""Plausible ranges before any plan, and text is text: absurd values are refused in German (field, row, range),
whatever passes plans and exports, control characters never reach an export, Markdown never renders."""

from __future__ import annotations

import ast
import contextlib
import copy
import io
import json
import re

import pytest

from o7app.text import md
from o7core import cli
from o7core.appendix import appendix_for
from o7core.errors import O7InputError
from o7core.export_pdf import to_pdf
from o7core.export_xlsx import to_xlsx
from o7core.importing import read_data_file, read_price_file
from o7core.ranges import RANGES, TEXT_LENGTHS
from o7core.scenario import plan_scenario, scenario_from_bytes
from o7core.text import clean
from tests.conftest import ROOT, SAMPLE_DIR

SAMPLE = json.loads((SAMPLE_DIR / "goeppingen_scenario.json").read_text(encoding="utf-8"))


def _scenario(change) -> bytes:
    data = copy.deepcopy(SAMPLE)
    change(data)
    return json.dumps(data).encode()


def _errors(call) -> str:
    try:
        result = call()
    except O7InputError as exc:
        return "\n".join(map(str, exc.problems))
    if hasattr(result, "errors"):
        return "\n".join(map(str, result.errors))
    plan_scenario(result) if hasattr(result, "months") and hasattr(result, "parameters") else None
    return ""


def _plan_errors(raw: bytes) -> str:
    try:
        plan_scenario(scenario_from_bytes(raw, "s.json", require_months=True))
    except O7InputError as exc:
        return "\n".join(map(str, exc.problems))
    return ""


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d["months"][0].update(calls=1e30), "Anrufe"),
        (lambda d: d["months"][0].update(calls=10**400), "months[1].calls"),
        (lambda d: d["parameters"].update(productive_hours_per_fte=5e-324), "Produktivstunden"),
        (lambda d: d.update(bg_count_contract_year=10**30), "Bedarfsgemeinschaften"),
        (lambda d: d["jobcenter"].update(jcnr="JC" + "1" * 19), "höchstens 20 Zeichen"),
        (lambda d: d["jobcenter"].update(name="x" * 201), "höchstens 200 Zeichen"),
        (lambda d: d["agreement"].update(other_agreements="x" * 2001), "höchstens 2.000 Zeichen"),
        (lambda d: d["prices"]["terms"]["1"].update(base_per_bg="1e999999999"), "Preis"),
        (lambda d: d["parameters"].update(capacity_fte=1e30), "Kapazität"),
    ],
    ids=[
        "calls-1e30",
        "calls-401-digits",
        "hours-5e-324",
        "bg-1e30",
        "jcnr-21",
        "name-201",
        "text-2001",
        "price",
        "cap",
    ],
)
def test_absurd_scenario_values_are_refused_in_german_before_planning(change, needle) -> None:
    text = _plan_errors(_scenario(change))
    assert needle in text, text
    assert "Error" not in text and "Exception" not in text


def test_values_at_the_edge_of_every_range_plan_and_export() -> None:
    def edge(d):
        for m in d["months"]:
            m.update(calls=RANGES["count"].high, conversations=RANGES["count"].high, repeat_calls=0)
        d["bg_count_contract_year"] = RANGES["bg"].high
        d["parameters"].update(productive_hours_per_fte=RANGES["productive_hours"].low, aht_seconds=36_000)
        d["jobcenter"].update(jcnr="J" * TEXT_LENGTHS["jcnr"], name="N" * 200)
        d["agreement"].update(other_agreements="Zeile\n" * 333)
        d["prices"]["terms"]["1"].update(base_per_bg=str(RANGES["price"].high), per_hour=str(RANGES["price"].high))

    scenario = scenario_from_bytes(_scenario(edge), "rand.json", require_months=True)
    appendix = appendix_for(scenario)
    assert to_xlsx(appendix)[:2] == b"PK" and to_pdf(appendix)[:4] == b"%PDF"


def test_a_saved_scenario_with_the_longest_texts_loads_back_unchanged() -> None:
    from o7core.scenario import scenario_to_dict

    raw = _scenario(lambda d: d["jobcenter"].update(jcnr="J" * 20, name="N" * 200))
    scenario = scenario_from_bytes(raw, "s.json")
    again = scenario_from_bytes(json.dumps(scenario_to_dict(scenario)).encode(), "s.json")
    assert again == scenario and again.jobcenter.jcnr == "J" * 20


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ("2021-09;" + "9" * 401 + ";0;0;10", "Anrufe"),
        ("2021-09;1e30;0;0;10", "Anrufe"),
        ("2200-01;100;0;0;10", "2200"),
    ],
)
def test_absurd_values_in_a_data_file_are_refused_with_row_and_range(row: str, needle: str) -> None:
    raw = ("Monat;Anrufe;Anrufwiederholungen;Weiterleitungen;Gespräche\n" + row + "\n").encode()
    result = read_data_file(raw, "daten.csv")
    text = "\n".join(map(str, result.errors))
    assert result.errors and needle in text and "Zeile 2" in text, text
    assert "Error" not in text


def test_a_date_cell_in_2200_is_refused() -> None:
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Monatswerte"
    ws.append(["Monat", "Anrufe", "Anrufwiederholungen", "Weiterleitungen", "Gespräche"])
    ws.append([datetime(2200, 1, 1), 100, 0, 0, 10])
    buf = io.BytesIO()
    wb.save(buf)
    result = read_data_file(buf.getvalue(), "daten.xlsx")
    assert result.errors and "1990–2100" in str(result.errors[0]), result.problems


def test_an_absurd_price_in_a_price_sheet_is_refused() -> None:
    raw = b"Vertragsjahr;Laufzeit;Euro je BG;Euro je Stunde\n2023;1;1e999999999;49,20\n"
    with pytest.raises(O7InputError) as info:
        read_price_file(raw, "preise.csv")
    assert "Error" not in str(info.value)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_kennzahlen_target_is_read_like_plan_target() -> None:
    report = str(SAMPLE_DIR / "sc_berichte_2023.csv")
    code_comma, out_comma, _ = _cli("kennzahlen", report, "--target", "0,75", "--format", "json")
    code_dot, out_dot, _ = _cli("kennzahlen", report, "--target", "0.75", "--format", "json")
    code_pct, out_pct, _ = _cli("kennzahlen", report, "--target", "75 %", "--format", "json")
    assert code_comma == code_dot == code_pct == 0 and out_comma == out_dot == out_pct
    code, out, err = _cli("kennzahlen", report, "--target", "1,5")
    assert code == 2 and out == "" and "höchstens 1" in err


@pytest.mark.parametrize("payload", ["Ort\x0bJobcenter", "a\x00b", "x\u202eyz", "Zeile\r\nzwei", "\x1b[31mrot"])
def test_control_characters_never_reach_the_exports(payload: str) -> None:
    raw = _scenario(
        lambda d: (
            d["agreement"].update(place_jobcenter=payload, other_agreements=payload),
            d["jobcenter"].update(name=payload),
        )
    )
    appendix = appendix_for(scenario_from_bytes(raw, "s.json"))
    assert appendix.jobcenter == clean(payload) and appendix.signatures[1].place == clean(payload)
    assert all(ch.isprintable() or ch == "\n" for ch in appendix.other_agreements)
    assert to_xlsx(appendix)[:2] == b"PK" and to_pdf(appendix)[:4] == b"%PDF"


def test_clean_keeps_line_breaks_only_where_asked() -> None:
    assert clean("a\x0bb") == "a b" and clean("a\x0bb", multiline=True) == "a\nb"
    assert clean("Göppingen") == "Göppingen" and clean("a\tb") == "a b"


@pytest.mark.parametrize(
    "payload",
    [
        "[Bitte neu anmelden](http://x)",
        "http://böse.example/login",
        "www.example.com",
        "**fett**",
        "<img src=x>",
        "a@b.de",
    ],
)
def test_md_escapes_every_link_and_markup(payload: str) -> None:
    escaped = md(payload)
    for token in ("](", "http:", "www.", "**"):
        assert token not in escaped
    assert re.search(r"(?<!\\)[<>\[\]*@:]", escaped) is None, escaped
    # Streamlit links bare URLs and addresses in the parsed text (escapes do not help): a word joiner breaks them
    assert re.search(r"(?i)(https?|www)[:.]|\w@", escaped.replace("\\", "")) is None, escaped


def test_every_page_run_is_guarded_so_no_english_error_box_appears() -> None:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    guarded = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Try)
        and any("run" in ast.unparse(stmt) for stmt in node.body)
        and any(h.type is not None and ast.unparse(h.type) == "Exception" for h in node.handlers)
    ]
    assert guarded, "navigation.run() must sit in a try/except Exception with a German message"
    assert "unerwarteter Fehler" in ast.unparse(guarded[0])


def test_no_refusal_names_a_python_exception_class() -> None:
    """The messages written in the core never interpolate an exception's class name."""
    for path in sorted((ROOT / "o7core").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "type(exc).__name__" not in text or path == ROOT / "o7core" / "cli" / "__init__.py", path


def test_thousands_of_identical_errors_become_a_handful_of_lines() -> None:
    from o7core.errors import Problem, condense

    problems = [Problem(f"„ca. {i}“ ist keine gültige Anzahl.", file="f.csv", row=i + 2) for i in range(5000)]
    problems.append(Problem("Die Spalte „Gespräche“ fehlt.", file="f.csv"))
    short = condense(problems)
    assert len(short) == 5
    assert "… und 4.997 weitere gleichartige Fehler" in short[3].message
    assert short[4].message == "Die Spalte „Gespräche“ fehlt."
    assert condense(problems[:12]) == problems[:12]

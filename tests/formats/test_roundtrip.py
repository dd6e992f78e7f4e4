"""Property: export → import gives back the same data (template XLSX/CSV and the planning aid)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from o7core.importing import read_data_file
from o7core.model import MonthData
from o7core.month import Month
from o7core.ranges import TEXT_LENGTHS
from o7core.scenario import Jobcenter, Scenario
from o7core.template import months_to_csv, months_to_xlsx, template_csv, template_xlsx
from o7core.text import BIDI
from o7core.workdays import STATES
from scripts.planning_aid_export import planning_aid_text, planning_aid_xlsx

optional = st.one_of(st.none(), st.integers(0, 99_999).map(float))


@st.composite
def histories(draw) -> tuple[MonthData, ...]:
    n = draw(st.integers(1, 24))
    start = Month(draw(st.integers(2015, 2030)), draw(st.integers(1, 12)))
    with_conv = draw(st.booleans())
    months = []
    for i in range(n):
        calls = float(draw(st.integers(1, 500_000)))
        months.append(
            MonthData(
                start.shift(i),
                calls=calls,
                repeat_calls=float(draw(st.integers(0, int(calls)))),
                forwarded_calls=float(draw(st.integers(0, int(calls)))),
                conversations=float(draw(st.integers(0, int(calls)))) if with_conv else None,
                voicebox_messages=draw(optional),
                outbound_calls=draw(optional),
                emails=draw(optional),
                overlap_notices=draw(optional),
            )
        )
    return tuple(months)


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="".join(BIDI)),
    max_size=30,
).map(str.strip)
jobcenters = st.builds(
    Jobcenter,
    name=texts,
    jcnr=texts.map(lambda t: t[: TEXT_LENGTHS["jcnr"]].strip()),  # o7core.ranges: a JCNR has at most 20 characters
    region=texts,
    regional_directorate=texts,
    state=st.sampled_from(sorted(STATES)),
    bg_count=st.one_of(st.none(), st.integers(1, 1_000_000)),  # o7core.ranges: BG 1 to 1.000.000
    fte_jobcenter=st.one_of(st.none(), st.floats(0, 500, allow_nan=False).map(lambda x: round(x, 2))),
    fte_additional=st.one_of(st.none(), st.floats(0, 50, allow_nan=False).map(lambda x: round(x, 2))),
)

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(histories(), jobcenters)
def test_template_xlsx_roundtrip(months, jobcenter):
    scenario = Scenario(jobcenter=jobcenter, months=months)
    result = read_data_file(months_to_xlsx(scenario), "export.xlsx")
    assert not result.errors, [str(p) for p in result.errors]
    assert result.months == months
    expected = {k: getattr(jobcenter, k) for k in result.master}
    assert result.master == expected
    assert {k for k in ("name", "jcnr", "region", "regional_directorate") if getattr(jobcenter, k)} <= set(
        result.master
    )


@SETTINGS
@given(histories())
def test_template_csv_roundtrip(months):
    result = read_data_file(months_to_csv(Scenario(months=months)), "export.csv")
    assert not result.errors, [str(p) for p in result.errors]
    assert result.months == months


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.sampled_from([planning_aid_xlsx, planning_aid_text]))
def test_planning_aid_roundtrip(months, writer):
    scenario = Scenario(jobcenter=Jobcenter(name="JC Test", jcnr="JC1", regional_directorate="Bayern"), months=months)
    result = read_data_file(writer(scenario), "planungshilfe")
    assert not result.errors, [str(p) for p in result.errors]
    assert result.months == months


def test_the_empty_templates_name_every_column_and_explain_themselves():
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template_xlsx()))
    assert wb.sheetnames == ["Monatswerte", "Stammdaten", "Hinweise"]
    header = [c.value for c in wb["Monatswerte"][1]]
    assert header[:5] == ["Monat", "Anrufe", "Anrufwiederholungen", "Weiterleitungen", "Gespräche"]
    fields = [r[0].value for r in wb["Stammdaten"].iter_rows(min_row=2)]
    assert fields == ["Jobcenter", "JCNR", "Region", "Regionaldirektion", "Bundesland", "BG", "VZA", "ZUSVZA"]
    assert any("24" in str(r[0].value) for r in wb["Hinweise"].iter_rows())
    csv_text = template_csv().decode("utf-8-sig")
    assert csv_text.splitlines()[0].split(";") == header


def test_text_that_looks_like_a_formula_is_written_as_text():
    import io

    from openpyxl import load_workbook

    scenario = Scenario(jobcenter=Jobcenter(name="=HYPERLINK(\"http://x\")", jcnr="+49"),
                        months=(MonthData(Month(2022, 1), calls=10.0),))  # fmt: skip
    wb = load_workbook(io.BytesIO(months_to_xlsx(scenario)))
    cell = wb["Stammdaten"]["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    assert read_data_file(months_to_xlsx(scenario), "x.xlsx").master["name"] == '=HYPERLINK("http://x")'

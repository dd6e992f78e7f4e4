"""Machbarkeit (o7core.feasibility, o7core.intraday): linear vs. Erlang A per half-hour, surcharge, profile reader."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from decimal import Decimal

import pytest

from o7core.costs import round_hours
from o7core.errors import O7InputError
from o7core.feasibility import assess, sensitivity, to_dict, with_surcharge, working_dates
from o7core.intraday import SLOTS, default_profile, read_profile
from o7core.model import MonthData, PlanningParameters
from o7core.month import Month
from o7core.queueing import abandon_probability
from o7core.scenario import Scenario, load_scenario, plan_scenario
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data" / "goeppingen_scenario.json"


def illustrative(target: float = 0.75) -> Scenario:
    """The issue's month: 20.000 calls, 562 s, no callback/mail seconds, March 2023 (BW: 23 working days)."""
    return Scenario(
        months=(MonthData(Month.parse("2023-03"), 20000.0),),
        parameters=PlanningParameters(
            target_reachability=target,
            aht_seconds=562.0,
            callback_seconds_per_conversation=0.0,
            mail_seconds_per_conversation=0.0,
        ),
    )


@pytest.fixture(scope="module")
def sample() -> Scenario:
    return load_scenario(SAMPLE)


def test_illustrative_month_with_the_default_profile():
    # pinned figures of the default profile (documented in docs/machbarkeit.md)
    prop = assess(illustrative(), rule="proportional")
    flat = assess(illustrative(), rule="gleichmaessig")
    pooled = assess(illustrative(), rule="proportional", pool=10)
    assert prop.linear_reachability == pytest.approx(0.75)
    assert prop.realistic_reachability == pytest.approx(0.69327, abs=5e-5)
    assert flat.realistic_reachability == pytest.approx(0.64598, abs=5e-5)
    assert prop.surcharge.factor == pytest.approx(1.10282, abs=5e-5)
    assert flat.surcharge.factor == pytest.approx(1.23857, abs=5e-5)
    assert pooled.surcharge.factor == pytest.approx(1.00332, abs=5e-5)
    assert prop.patience_seconds == 120 and prop.patience_source == "Annahme"
    assert prop.intervals == 23 * SLOTS
    assert not prop.target_holds
    assert "hält nicht" in prop.sentence()


def test_a_flat_load_with_flat_staffing_is_one_erlang_a_queue():
    # every half-hour alike: the realistic reachability is exactly one Erlang A figure, interpolated
    flat_profile = type(default_profile())("flach", tuple(tuple(1.0 for _ in range(SLOTS)) for _ in range(5)))
    sc = illustrative()
    f = assess(sc, profile=flat_profile, rule="gleichmaessig", patience_seconds=90)
    days = len(working_dates(Month.parse("2023-03"), "BW"))
    calls_per_hour = 20000 / (days * 10)
    hours = 0.75 * 20000 * 562 / 3600
    agents = hours / (days * 10)
    n = math.floor(agents)
    frac = agents - n
    p = (1 - frac) * abandon_probability(calls_per_hour, 562, n, 90) + frac * abandon_probability(
        calls_per_hour, 562, n + 1, 90
    )
    assert f.realistic_reachability == pytest.approx(1 - p, rel=1e-12)
    # with a flat profile both rules coincide
    g = assess(sc, profile=flat_profile, rule="proportional", patience_seconds=90)
    assert g.realistic_reachability == pytest.approx(f.realistic_reachability, rel=1e-12)


def test_the_surcharge_reaches_the_target_and_costs_by_the_price_sheet(sample):
    f = assess(sample)
    s = f.surcharge
    assert s.reachable and s.factor > 1
    again = assess(with_surcharge(sample, f))
    assert again.realistic_reachability == pytest.approx(f.target_reachability, abs=1e-6)
    assert again.surcharge.factor == pytest.approx(1.0, abs=1e-6)
    plan = plan_scenario(sample)
    assert s.fte == pytest.approx((s.factor - 1) * plan.totals.capacity_fte)
    assert s.hours_per_year == pytest.approx(s.fte * sample.parameters.productive_hours_per_fte)
    price = sample.prices.terms[sample.term_years].per_hour
    assert s.cost_per_year is not None
    assert abs(s.cost_per_year - round_hours(s.hours_per_year) * price) <= Decimal("0.01")


def test_sample_figures(sample):
    f = assess(sample)
    assert f.linear_reachability == pytest.approx(0.55)
    assert f.realistic_reachability == pytest.approx(0.48042, abs=5e-5)
    assert f.surcharge.factor == pytest.approx(1.17003, abs=5e-5)
    assert len(f.months) == 12
    assert f.intervals == 252 * SLOTS


def test_realistic_never_above_linear_and_pooling_helps(sample):
    for rule in ("proportional", "gleichmaessig"):
        single = assess(sample, rule=rule, solve_surcharge=False)
        pooled = assess(sample, rule=rule, pool=5, solve_surcharge=False)
        for a, b in zip(single.months, pooled.months, strict=True):
            assert a.realistic_conversations <= a.linear_conversations + 1e-9
            assert b.realistic_conversations <= b.linear_conversations + 1e-9
            assert b.realistic_conversations >= a.realistic_conversations - 1e-9
    assert (
        assess(sample, rule="gleichmaessig", solve_surcharge=False).realistic_reachability
        < assess(sample, solve_surcharge=False).realistic_reachability
    )


def test_more_patience_more_reach(sample):
    rows = sensitivity(sample, patiences=(60, 240), rules=("proportional",), pools=(1,))
    assert rows[0].realistic_reachability < rows[1].realistic_reachability


def test_target_holds_with_ample_capacity():
    sc = illustrative(0.5).with_parameters(capacity_fte=60.0)
    f = assess(sc)
    assert f.target_holds and f.surcharge.factor == 1.0 and f.surcharge.fte == 0.0
    assert "hält:" in f.sentence()


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [({"patience_seconds": 0}, "geduld"), ({"rule": "schicht"}, "regel"), ({"pool": 0}, "pool")],
)
def test_bad_options_are_german_problems(kwargs, column):
    with pytest.raises(O7InputError) as info:
        assess(illustrative(), **kwargs)
    assert info.value.problems[0].column == column


def test_json_form_has_the_issue_keys(sample):
    data = to_dict(assess(sample))
    for key in (
        "realistic_reachability",
        "linear_reachability",
        "surcharge_hours",
        "surcharge_fte",
        "months",
        "assumptions",
    ):
        assert key in data
    assert {"linear_reachability", "realistic_reachability", "month"} <= set(data["months"][0])
    json.dumps(data)


# ---------------------------------------------------------------- the interval report


def test_default_profile_is_an_assumption_with_a_monday_and_a_morning_peak():
    p = default_profile()
    assert p.is_assumption
    assert p.day_weight(0) > max(p.day_weight(d) for d in range(1, 5))
    monday = p.weights[0]
    assert max(range(SLOTS), key=lambda s: monday[s]) in (2, 3, 4)  # 9:00–10:30
    assert sum(p.day_weight(d) for d in range(5)) == pytest.approx(100, abs=1e-3)


def test_interval_report_with_dates_quarter_hours_and_patience():
    text = (
        "Intervallbericht Service Center (Beispiel)\n"
        "Datum;Intervall;Anrufe;Abbrüche;Wartezeit\n"
        "06.03.2023;08:00-08:15;10;1;0:30\n"
        "06.03.2023;08:15-08:30;20;2;00:45\n"
        "13.03.2023;08:00;1.000;100;60\n"
        "07.03.2023;09:30;40;0;0\n"
        "07.03.2023;18:00;5;0;0\n"
        "Summe;;1.075;103;\n"
    )
    p = read_profile(text.encode("cp1252"), "bericht.csv")
    # Monday 8:00 over two Mondays: (10 + 20 + 1000) / 2
    assert p.weights[0][0] == pytest.approx(515.0)
    assert p.weights[1][3] == pytest.approx(40.0)
    assert p.calls == 1070
    # θ = Σ abandoned / Σ calls·wait = 103 / (300 + 900 + 60000)
    assert p.patience_seconds == pytest.approx((10 * 30 + 20 * 45 + 1000 * 60) / 103)
    assert any("außerhalb der Servicezeit" in w.message for w in p.warnings)
    f = assess(illustrative(), profile=p)
    assert f.patience_source == "Intervallbericht"
    assert f.patience_seconds == pytest.approx(p.patience_seconds)


def test_interval_report_with_weekdays_and_no_patience():
    rows = ["Wochentag;Intervall;Anrufe"]
    rows += [
        f"{d};{8 + s // 2:02d}:{30 * (s % 2):02d};{10 + s}" for d in ("Mo", "Di", "Mi", "Do", "Fr") for s in range(20)
    ]
    p = read_profile("\n".join(rows).encode(), "profil.csv")
    assert p.patience_seconds is None
    assert p.weights[4][19] == 29


def test_interval_report_errors_name_row_column_and_value():
    text = "Wochentag;Intervall;Anrufe\nMontag;08:00;viele\nSonntag;09:00;3\nDienstag;abends;4\n"
    with pytest.raises(O7InputError) as info:
        read_profile(text.encode(), "kaputt.csv")
    problems = info.value.problems
    assert [(p.row, p.column) for p in problems] == [(2, "Anrufe"), (3, "Wochentag"), (4, "Intervall")]
    assert all(p.file == "kaputt.csv" for p in problems)
    assert "viele" in str(problems[0])


def test_interval_report_without_header_is_refused():
    with pytest.raises(O7InputError, match="Kopfzeile"):
        read_profile(b"a;b;c\n1;2;3\n", "x.csv")
    with pytest.raises(O7InputError, match="PDF"):
        read_profile(b"%PDF-1.4 ...", "x.csv")


def test_interval_report_from_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Wochentag", "Intervall", "Anrufe"])
    ws.append(["Montag", "08:00", 12])
    ws.append(["Freitag", "17:30", 3])
    path = tmp_path / "profil.xlsx"
    wb.save(path)
    p = read_profile(path.read_bytes(), "profil.xlsx")
    assert p.weights[0][0] == 12 and p.weights[4][19] == 3


# ---------------------------------------------------------------- the command line


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "o7core", "machbarkeit", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_cli_json_on_the_sample():
    result = run_cli(str(SAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["linear_reachability"] == pytest.approx(0.55)
    assert data["realistic_reachability"] == pytest.approx(0.48042, abs=5e-5)
    assert data["surcharge_hours"] > 0 and data["surcharge_fte"] > 0
    assert len(data["months"]) == 12
    assert data["assumptions"]["patience_seconds"] == 120


def test_cli_options_and_table(tmp_path):
    profile = tmp_path / "p.csv"
    profile.write_text("Wochentag;Intervall;Anrufe\n" + "\n".join(f"Montag;{8 + h}:00;5" for h in range(10)))
    result = run_cli(
        str(SAMPLE), "--profil", str(profile), "--geduld", "3:00", "--pool", "3", "--regel", "gleichmaessig"
    )
    assert result.returncode == 0, result.stderr
    assert "realistisch" in result.stdout and "Warteschlangen-Zuschlag" in result.stdout
    assert "Geduld 180 s (Eingabe)" in result.stdout
    assert "Pool 3 Jobcenter" in result.stdout


@pytest.mark.parametrize("args", [("--regel", "schicht"), ("--geduld", "lang"), ("--pool", "0")])
def test_cli_bad_options_exit_2_in_german(args):
    result = run_cli(str(SAMPLE), *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Fehler" in result.stderr and "Traceback" not in result.stderr

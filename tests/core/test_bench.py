"""The benchmark's machinery (not its timings: those are figures, not tests)."""

from __future__ import annotations

import json

import pytest

from o7core import bench, compute_plan


def test_synthetic_region_is_deterministic_and_spans_the_states() -> None:
    a, b = bench.synthetic_jobcenters(40, 24), bench.synthetic_jobcenters(40, 24)
    assert a == b
    assert len({jc["state"] for jc in a}) == 16
    assert all(len(jc["months"]) == 24 for jc in a)  # type: ignore[arg-type]
    plan = compute_plan(**a[0])  # type: ignore[arg-type]
    assert len(plan.months) == 24 and plan.costs


def test_measure_takes_the_median_of_the_counted_runs() -> None:
    durations = iter([99.0, 0.3, 0.1, 0.2])  # the first is the warm-up and does not count
    m = bench.Measurement("x", "Test", 0.25, 3, lambda: lambda: next(durations), self_timed=True)
    result = bench.measure(m)
    assert result.median_seconds == pytest.approx(0.2)
    assert result.passed
    assert "PASS" in bench.format_line(result) and "200,0 ms" in bench.format_line(result)
    assert not bench.Result("x", "Test", 0.3, 0.25, 3).passed


def test_main_only_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--only", "plan_12", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["name"] == "plan_12" and row["runs"] == 300
    assert set(row) == {"name", "label", "median_seconds", "goal_seconds", "runs", "passed"}
    assert row["goal_seconds"] == 0.001


def test_every_goal_of_quality_md_is_measured() -> None:
    goals = {m.name: m.goal_seconds for m in bench.MEASUREMENTS}
    assert goals == {
        "plan_12": 0.001,
        "region_400x24": 0.5,
        "cost_curve": 0.05,
        "import": 0.15,
        "anlage_xlsx": 0.5,
        "anlage_pdf": 0.5,
        "machbarkeit_12": 0.2,
    }
    # the app figures (rerun ratio, Chromium, 10 sessions) come from scripts/bench_app.py
    assert bench.APP_BENCH.name == "bench_app.py" and bench.APP_BENCH.exists()
    assert bench.import_seconds("o7core.month") > 0

"""Fixtures of the cost tests: the embedded sample and variants that exercise every branch of the hours."""

from __future__ import annotations

from dataclasses import replace

import pytest

from o7core import BausteinSetting, Scenario, load_scenario
from tests.conftest import SAMPLE_DIR


@pytest.fixture(scope="session")
def sample() -> Scenario:
    return load_scenario(SAMPLE_DIR / "goeppingen_scenario.json", require_months=True)


@pytest.fixture(scope="session")
def variants(sample: Scenario) -> dict[str, Scenario]:
    """The sample; nine months (k ≠ 1) with volume Bausteine; no prior-year conversations; a fixed capacity."""
    nine = replace(
        sample,
        months=sample.months[:9],
        bausteine={
            **sample.bausteine,
            3: BausteinSetting(chosen=True, volume_per_year=1234, minutes_per_item=3.5, share=0.8),
            6: BausteinSetting(chosen=True, volume_per_year=777, minutes_per_item=7.25, share=1.0),
        },
    )
    no_prior = replace(sample, months=tuple(replace(m, conversations=None) for m in sample.months))
    capacity = sample.with_parameters(capacity_fte=5.0, aht_seconds=480.0, productive_hours_per_fte=1350.0)
    return {"sample": sample, "nine_months": nine, "no_prior": no_prior, "capacity": capacity}

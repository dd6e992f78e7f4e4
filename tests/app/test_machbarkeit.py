"""The Machbarkeit page through the real entry point: the sentence, linear vs. realistic, the opt-in surcharge."""

from __future__ import annotations

from o7core import fmt, load_scenario
from o7core.feasibility import assess
from tests.app.conftest import assert_clean, open_app, open_group, show
from tests.app.text import tables
from tests.conftest import SAMPLE_DIR


def sample():
    return load_scenario(SAMPLE_DIR / "goeppingen_scenario.json", require_months=True)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_page_shows_linear_and_realistic_side_by_side():
    at = open_app("machbarkeit", opened=True)
    f = assess(sample())
    assert metric(at, "Erreichbarkeit linear") == fmt.percent(f.linear_reachability)
    assert metric(at, "Erreichbarkeit realistisch") == fmt.percent(f.realistic_reachability)
    assert metric(at, "Zuschlag Stunden je Jahr") == f"{fmt.number(f.surcharge.hours_per_year, 0)} Std."
    assert any(f.sentence() == w.value for w in at.warning)
    table = tables(at)[0]
    assert list(table["realistisch"]) == [fmt.percent(m.realistic_reachability) for m in f.months]


def test_the_surcharge_is_off_by_default_and_can_be_carried_into_the_plan():
    at = open_app("machbarkeit", opened=True)
    toggle = at.toggle(key="w_machbarkeit_carry")
    assert toggle.value is False
    toggle.set_value(True).run()
    assert_clean(at)
    scenario = at.session_state["o7_scenario"]
    f = assess(sample())
    assert scenario.queue_surcharge_hours == f.surcharge.hours_per_year
    # the realistic figures on the page stay those of the BA-exact plan
    assert metric(at, "Erreichbarkeit realistisch") == fmt.percent(f.realistic_reachability)
    at.toggle(key="w_machbarkeit_carry").set_value(False).run()
    assert at.session_state["o7_scenario"].queue_surcharge_hours == 0.0


def test_page_names_its_assumptions():
    at = open_group(open_app("machbarkeit", opened=True), "w_group_machbarkeit_method")
    assert_clean(at)
    # the upload itself is covered by tests/feasibility; here: the page runs and names its assumptions
    text = "\n".join(str(m.value) for m in at.markdown)
    assert "Annahme" in text and "Wahlwiederholungen" in text


def test_the_queue_is_solved_once_per_set_of_assumptions(monkeypatch):
    from o7core import feasibility

    calls = []

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return assess(*args, **kwargs)

    monkeypatch.setattr(feasibility, "assess", counting)
    at = open_app("machbarkeit", opened=True)
    assert len(calls) == 1
    show(at, "planung")
    show(at, "machbarkeit")
    assert_clean(at)
    assert len(calls) == 1, "back on the page: the figures of the same assumptions are not solved again"
    realistic = metric(at, "Erreichbarkeit realistisch")
    at.text_input(key="w_machbarkeit_pool").input("5").run()
    assert_clean(at)
    assert len(calls) == 2 and calls[-1]["pool"] == 5
    assert metric(at, "Erreichbarkeit realistisch") == fmt.percent(assess(sample(), pool=5).realistic_reachability)
    assert metric(at, "Erreichbarkeit realistisch") != realistic


def _profile_csv(peak: int) -> bytes:
    rows = ["Wochentag;Intervall;Anrufe"]
    rows += [
        f"{d};{8 + s // 2:02d}:{30 * (s % 2):02d};{10 + (peak if s == 3 else s)}"
        for d in ("Mo", "Di", "Mi", "Do", "Fr")
        for s in range(20)
    ]
    return "\n".join(rows).encode()


def test_an_interval_report_stays_when_its_group_is_closed_and_goes_only_by_its_button() -> None:
    """The upload sits in a group that draws only while open (issue 19): closing it, or leaving the page, must not
    drop the loaded report (the uploader itself is gone then); its own button brings back the standard profile."""
    at = open_group(open_app("machbarkeit"), "w_group_machbarkeit_input")
    at.file_uploader(key="w_machbarkeit_upload").set_value(("profil.csv", _profile_csv(400), "text/csv")).run()
    assert_clean(at)
    with_report = metric(at, "Erreichbarkeit realistisch")
    assert "o7_machbarkeit_profile" in at.session_state
    at.session_state["w_group_machbarkeit_input"] = False
    at.run()
    assert metric(at, "Erreichbarkeit realistisch") == with_report
    show(at, "planung")
    show(at, "machbarkeit")
    assert metric(at, "Erreichbarkeit realistisch") == with_report
    assert any("profil.csv" in c.value for c in at.caption)
    at.button(key="w_machbarkeit_drop").click().run()
    assert_clean(at)
    assert "o7_machbarkeit_profile" not in at.session_state
    assert metric(at, "Erreichbarkeit realistisch") == fmt.percent(assess(sample()).realistic_reachability)

"""The charts of the pages are plain Vega-Lite dicts (``o7app.charts``), drawn with ``st.vega_lite_chart``.

Streamlit validates an Altair chart against the Vega-Lite schema on every run (``to_dict``: half a second
on the Kennzahlen page); a dict it passes on as it is. So the suite does that validation, once, against
the schema Altair ships (Altair stays a test-only dependency for this): every spec that
:func:`o7app.charts.draw` is given on the pages, and every chart the pages send (also the Planung ones).
"""

from __future__ import annotations

import ast
import json
from functools import lru_cache
from typing import Any

import pytest

from o7app import charts
from o7app.kennzahlen_view import CHART_TABS
from tests.app.conftest import assert_clean, each_tab, open_app
from tests.conftest import ROOT


@lru_cache(maxsize=1)
def validator() -> Any:
    import jsonschema
    from altair.vegalite.v6.schema import SCHEMA_VERSION, core

    assert charts.SCHEMA.endswith(f"/{SCHEMA_VERSION.split('.')[0]}.json"), (charts.SCHEMA, SCHEMA_VERSION)
    return jsonschema.Draft7Validator(core.load_schema())


def assert_valid(spec: dict, where: str) -> None:
    errors = sorted(validator().iter_errors(spec), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where}: {spec.get('description', '')[:60]!r} is no valid Vega-Lite:\n" + "\n".join(
        f"  {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5]
    )


def is_plain_json(value: Any) -> bool:
    """Only dicts with string keys, lists, strings, finite numbers, booleans and None (no tuples, no
    Decimal, no numpy, no Altair objects): what ``json.dumps`` writes and reads back unchanged."""
    return json.loads(json.dumps(value, allow_nan=False)) == value


def record_draws(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The specs handed to ``charts.draw`` (the builders' output) while the test runs."""
    drawn: list[dict] = []
    real = charts.with_config

    def recording(spec: dict, presentation: bool = False, **kwargs: Any) -> dict:
        drawn.append(spec)
        return real(spec, presentation, **kwargs)

    monkeypatch.setattr(charts, "with_config", recording)
    return drawn


def arrow_rows(buffer: bytes) -> list[dict]:
    import pyarrow as pa

    return pa.ipc.open_stream(buffer).read_all().to_pylist()


def sent_specs(at) -> list[dict]:
    """The spec of every chart on the page as the browser gets it, its data (sent apart, as Arrow) put back."""
    specs = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if chart.proto.data.data:
            spec["data"] = {"values": arrow_rows(chart.proto.data.data)}
        for dataset in chart.proto.datasets:
            spec.setdefault("datasets", {})[dataset.name] = arrow_rows(dataset.data.data)
        specs.append(spec)
    return specs


def save_a_scenario(at) -> None:
    at.button(key="w_board_save").click().run()  # the Kosten page then compares scenarios (a third chart)


def grundlage_bg(at) -> None:
    at.radio(key="w_method").set_value("bg").run()  # the Planung chart of the Grundlage


PAGES = {
    # page: (charts drawn through charts.draw, what to do on the page first)
    "kennzahlen": (6, None),  # in five tabs (each_tab)
    "kosten": (3, save_a_scenario),
    "machbarkeit": (1, None),
    "karte": (2, None),
    "planung": (0, grundlage_bg),
}
#: pages whose charts are in tabs drawn only while shown (o7app.widgets.tabs): the tabs' key
TABS = {"kennzahlen": CHART_TABS}


@pytest.mark.parametrize("presenting", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_chart_is_a_plain_and_valid_vega_lite_dict(monkeypatch, page: str, presenting: bool) -> None:
    drawn = record_draws(monkeypatch)
    at = open_app(page, opened=True)
    expected, action = PAGES[page]
    if action is not None:
        action(at)
    if presenting:
        at.session_state["o7_presentation"] = True
        at.run()
    assert_clean(at)
    # the charts of the last runs (one per tab shown): every run of the page draws them again
    sent = [spec for shown in each_tab(at, TABS.get(page)) for spec in sent_specs(shown)]
    last = drawn[-expected:] if expected else []
    assert len(last) == expected and len(drawn) >= expected, f"{page}: {len(drawn)} charts drawn"
    for spec in last:
        assert type(spec) is dict and is_plain_json(spec), f"{page}: not a plain dict: {spec!r:.200}"
        assert_valid(charts.with_config({"$schema": charts.SCHEMA, **spec}, presenting), f"{page} (built)")
    assert len(sent) >= max(expected, 1)
    for spec in sent:
        assert_valid(spec, f"{page} (sent)")


def test_a_broken_spec_is_caught() -> None:
    """The validation can fail: a misspelt channel, a mark without a type and a view without data are refused."""
    data = {"values": [{"x": "a"}]}
    assert validator().is_valid({"data": data, "mark": "bar", "encoding": {"color": {"field": "x", "type": "nominal"}}})
    assert not validator().is_valid({"data": data, "mark": "bar", "encoding": {"colour": {"field": "x"}}})
    assert not validator().is_valid({"data": data, "mark": {"color": "#000000"}})
    assert not validator().is_valid({"mark": "bar", "encoding": {"color": {"field": "x", "type": "nominal"}}})
    assert not is_plain_json({"values": (1, 2)})


def test_no_module_of_the_app_imports_altair() -> None:
    """Altair objects cost the run its schema validation; the app builds dicts (tests may import Altair)."""
    offenders = []
    for path in [
        ROOT / "app.py",
        *(ROOT / "o7app").glob("*.py"),
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "o7core").rglob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "altair" or n.startswith("altair.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []

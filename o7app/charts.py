"""Chart helpers of the pages: the shared Vega-Lite builders live in :mod:`o7core.charts` (also used by the
Sitzungsvorlage); this module re-exports them and adds the presentation-aware config for Altair charts."""

from __future__ import annotations

from typing import Any

from o7core.charts import (  # noqa: F401  (re-exported for the pages)
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    SKY,
    TEXT,
    VERMILLION,
    chart_config,
    forecast_description,
    german_number_expr,
    german_percent_expr,
    value_span,
    with_config,
)


def styled(chart: Any, presentation: bool) -> Any:
    """An Altair chart with the one chart text style (dark, ≥ 16 px in presentation mode)."""
    config = chart_config(presentation)
    return (
        chart.configure(font=config["font"])
        .configure_axis(**config["axis"])
        .configure_legend(**config["legend"])
        .configure_text(**config["text"])
    )

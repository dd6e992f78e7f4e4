"""``o7app.present.table_html``: the one HTML table of the pages (escaping: ``tests/test_security.py``)."""

from __future__ import annotations

import pandas as pd
import pytest

from o7app.present import table_html
from tests.app.text import _TableReader


def _cells(out: str) -> list[list[str]]:
    reader = _TableReader()
    reader.feed(out)
    head, rows = reader.tables[0]
    return ([head] if head is not None else []) + rows


def test_header_rows_and_row_headers() -> None:
    frame = pd.DataFrame({"Monat": ["Jan. 2025", "Feb. 2025"], "Anrufe": ["12.345", "9.876"]})
    out = table_html(frame)
    assert _cells(out) == [["Monat", "Anrufe"], ["Jan. 2025", "12.345"], ["Feb. 2025", "9.876"]]
    assert out.count('<th scope="col"') == 2 and out.count('<th scope="row">') == 2
    assert 'role="region" tabindex="0" aria-label="Tabelle: Monat, Anrufe"' in out


@pytest.mark.parametrize(
    ("cells", "figure"),
    [
        (["1.234", "5"], True),
        (["85,0 %", "–"], True),  # a dash says "no value" and does not decide
        (["12.345,67 €", "-3,5 Pkt."], True),
        (["03:25", "12:00"], True),
        (["2,0 VZA", "+1,25 h"], True),
        (["ja", "1.234"], False),
        (["Baustein 3", "2"], False),
        (["–", ""], False),  # no figure at all: text
    ],
)
def test_columns_of_figures_are_right_aligned(cells: list[str], figure: bool) -> None:
    out = table_html(pd.DataFrame({"Zeile": ["a", "b"], "Wert": cells}))
    assert (out.count('class="n"') == 3) is figure  # the header and both cells of the column
    assert '<th scope="row">a</th>' in out  # the first column is never aligned as a figure


def test_missing_values_are_empty_cells() -> None:
    out = table_html(pd.DataFrame({"A": ["x", None], "B": [float("nan"), "y"]}))
    assert _cells(out)[1:] == [["x", ""], ["", "y"]]


def test_many_columns_are_named_in_the_label() -> None:
    out = table_html(pd.DataFrame([{"A": "1", "B": "2", "C": "3", "D": "4"}]))
    assert 'aria-label="Tabelle: A, B, C …"' in out


def test_a_table_without_header_and_with_a_strong_row() -> None:
    frame = pd.DataFrame([("Jobcenter", "JC Göppingen"), ("BG", "6.032")], columns=["Feld", "Wert"])
    out = table_html(frame, header=False, strong=[1])
    assert "<thead>" not in out and _cells(out) == [["Jobcenter", "JC Göppingen"], ["BG", "6.032"]]
    assert 'aria-label="Tabelle: Jobcenter, BG"' in out
    assert '<th scope="row"><strong>BG</strong></th><td><strong>6.032</strong></td>' in out
    assert "<strong>Jobcenter</strong>" not in out

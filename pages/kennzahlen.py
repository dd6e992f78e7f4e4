"""Kennzahlen – the Service Center's monthly report against the contract and the plan.

Thin: :func:`o7app.kennzahlen_view.page` reads the widgets, calls ``o7core.kpi`` and draws.
"""

from __future__ import annotations

from o7app import kennzahlen_view, state

state.ensure_router()
kennzahlen_view.page()

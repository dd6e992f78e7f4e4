"""Seite Kosten: Laufzeiten, Szenarien im Vergleich, Kosten je Punkt Erreichbarkeit, Budget, Eigenbetrieb.

Thin: :func:`o7app.kosten_view.page` reads the widgets, calls ``o7core.analysis`` and ``o7app.board``
and draws each section; the charts come from :mod:`o7app.charts`.
"""

from __future__ import annotations

from o7app import kosten_view, state

state.ensure_router()
kosten_view.page()

"""From the printed figures of an appendix to its root causes: the rules of the appendix as a
:class:`~o7core.check.solver.Model`, the search, and the findings in German.

The rules (see docs/anlage.md, "Anlage prüfen"):

- Stunden * = Stunden × k (k = 1 for a 12-month Bezugszeitraum; else from Bundesland and period,
  or fitted to the printed figures when the Bundesland is unknown),
- VZA = Stunden * / Produktivstunden je VZA (1.200 unless printed),
- Erfüllungsgrad B4 = Stunden * B4 / Stunden * B1; B1 = 100 % when B4 is chosen,
- B4 gewählt exactly when it has hours; B1 always; a Baustein not chosen has no hours,
- Gesamt Stunden / Stunden * = Σ of the chosen Bausteine (unrounded parts), Gesamt VZA = Gesamt
  Stunden * (as printed) / Produktivstunden,
- BG-Grundpreis = BG × € je BG, Volumenpreis = Gesamt Stunden * × € je Stunde, Gesamt = beide.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .. import fmt
from ..errors import O7InputError
from ..model import PriceSheet, TermPrice
from ..month import Month
from .reading import PrintedAppendix
from .result import CheckResult, Finding, show
from .solver import (
    BIG,
    ONE,
    ZERO,
    Evaluation,
    Fig,
    Get,
    Iv,
    Latent,
    Model,
    Rule,
    Solver,
    frac,
    iv_div,
    iv_mul,
    iv_sub,
    meet,
    point,
    printed_iv,
    round_q,
    roundness,
    to_decimal,
    total_of,
)

DEFAULT_HOURS_PER_FTE = Decimal(1200)
HOUR_BAUSTEINE = (1, 3, 4, 5, 6, 7)
FREE_CHOICE = (2, 3, 5, 6, 7)  # gewählt is an input; B1 is always chosen, B4 follows its hours


def _exported_keys() -> dict[str, str]:
    """Figure key → field of the hidden sheet "Daten" (the value as exported)."""
    out = {"th": "total.hours", "ta": "total.hours_annualized", "tv": "total.fte"}
    for n in (1, 3, 4, 5, 6, 7):
        out |= {f"a{n}": f"b{n}.hours_annualized", f"v{n}": f"b{n}.fte", f"e{n}": f"b{n}.fulfilment"}
    for t in (1, 2, 3):
        out |= {f"base{t}": f"cost.{t}.base_price", f"vol{t}": f"cost.{t}.volume_price", f"tot{t}": f"cost.{t}.total"}
    return out


EXPORTED_KEYS = _exported_keys()


def _dec(text: str | None) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _prices_from_data(data: Mapping[str, str]) -> PriceSheet | None:
    terms: dict[int, TermPrice] = {}
    for t in (1, 2, 3):
        base, hour = _dec(data.get(f"price.{t}.base_per_bg")), _dec(data.get(f"price.{t}.per_hour"))
        if base is not None and hour is not None:
            terms[t] = TermPrice(base, hour)
    if not terms:
        return None
    year = int(data.get("price_year") or data.get("contract_year") or 0)
    return PriceSheet(year, terms, "Datenblatt der Anlage")


def _period(p: PrintedAppendix) -> tuple[Month, Month] | None:
    first, last = p.period or (None, None)
    data_first, data_last = p.data.get("period_first"), p.data.get("period_last")
    if data_first and data_last:
        with contextlib.suppress(ValueError):
            first, last = Month.parse(data_first), Month.parse(data_last)
    if first is None or last is None:
        return None
    return first, last


def _months(period: tuple[Month, Month] | None) -> int | None:
    if period is None:
        return None
    first, last = period
    n = (last.year - first.year) * 12 + last.month - first.month + 1
    return n if 1 <= n <= 36 else None


def _annualization(p: PrintedAppendix) -> float | None:
    """k = W12 / Σwd of the period; 1 for 12 months; None where the Bundesland is unknown."""
    period = _period(p)
    n = _months(period)
    if period is None or n is None:
        return None
    if n == 12:
        return 1.0
    state = p.data.get("state")
    if not state or n > 24:
        return None
    from ..workdays import working_days, working_days_12

    first = period[0]
    try:
        wd = sum(working_days(first.shift(i), state) for i in range(n))
        return working_days_12(first, state) / wd
    except Exception:
        return None


def _choose_prices(
    p: PrintedAppendix, prices: PriceSheet | None, fallback: PriceSheet | None
) -> tuple[PriceSheet | None, str]:
    if prices is not None:
        return prices, f"Preisblatt {prices.contract_year} (vorgegeben)"
    from_data = _prices_from_data(p.data)
    if from_data is not None:
        return from_data, f"Preisblatt {from_data.contract_year} (aus der Anlage)"
    year = p.contract_year
    if fallback is not None and (year is None or fallback.contract_year == year):
        return fallback, f"Preisblatt {fallback.contract_year} (aktives Szenario)"
    if year is not None:
        from ..costs import default_price_sheet

        try:
            return default_price_sheet(year), f"Preisblatt {year} (mitgeliefert)"
        except (FileNotFoundError, OSError, O7InputError):
            pass
    return None, "kein Preisblatt"


# --------------------------------------------------------------------------- the model of one appendix


class _Builder:
    def __init__(self, p: PrintedAppendix, sheet: PriceSheet | None) -> None:
        self.p = p
        self.sheet = sheet
        self.own = bool(p.data)
        self.figs: dict[str, Fig] = {}
        self.rules: list[Rule] = []
        self.notes: list[str] = []
        self.model = Model(self.figs, self.rules)

    def exported(self, key: str, kind: str) -> Fraction | None:
        if not self.own:
            return None
        text = self.p.data.get(key)
        if kind == "flag":
            return ONE if text == "ja" else ZERO if text == "nein" else None
        d = _dec(text)
        return None if d is None else Fraction(d)

    def fig(
        self,
        key: str,
        field: str,
        row: str,
        column: str | None,
        kind: str,
        printed: object,
        *,
        is_input: bool,
        exact: bool = False,
        exported: Fraction | None = None,
    ) -> None:
        value = getattr(printed, "value", None)
        found = getattr(printed, "found", False)
        if not found or value is None:
            return
        if exported is None and not is_input:
            exported = self.exported(EXPORTED_KEYS.get(key, ""), kind)
        self.figs[key] = Fig(
            key,
            field,
            row,
            column,
            kind,
            Fraction(value),
            getattr(printed, "cell", None),
            is_input,
            exact,
            exported,
            value,
        )

    def flag(self, key: str, field: str, row: str, value: bool | None, cell: str | None, *, is_input: bool) -> None:
        if value is None:
            return
        exported = self.exported(f"b{key[1:]}.chosen", "flag") if is_input else None
        self.figs[key] = Fig(key, field, row, "gewählt", "flag", frac(value), cell, is_input, True, exported, value)

    def rule(self, key: str, inputs: tuple[str, ...], fn: object, text: str) -> None:
        if key in self.figs:
            self.rules.append(Rule(key, inputs, fn, text))  # type: ignore[arg-type]

    def build(self) -> Model:
        m = self.model
        phpf_text = self._inputs()
        k = _annualization(self.p)
        k_text = self._annualization_factor(k)
        self._baustein_figures()
        self._total_figures()
        self._rules(k_text, phpf_text)
        self._domains()
        self._inverses()
        self._fit_k(k, _months(_period(self.p)))
        m.preference["phpf"] = roundness
        return m

    # ---- figures

    def _inputs(self) -> str:
        """BG-Zahl, Laufzeit and Produktivstunden je VZA; the last as text for the rules (1.200 unless printed)."""
        p, m = self.p, self.model
        year = p.contract_year
        self.fig(
            "bg",
            "BG-Zahl",
            f"BG-Zahl {year}" if year else "BG-Zahl",
            None,
            "count",
            p.bg_count,
            is_input=True,
            exact=True,
            exported=self.exported("bg_count", "count"),
        )
        self.fig(
            "term",
            "Laufzeit in Jahren",
            "Laufzeit in Jahren",
            None,
            "count",
            p.term_years,
            is_input=True,
            exact=True,
            exported=self.exported("term_years", "count"),
        )
        self.fig(
            "phpf",
            "Produktivstunden je VZA",
            "Produktivstunden je VZA und Jahr",
            None,
            "count",
            p.hours_per_fte,
            is_input=True,
            exact=p.hours_per_fte.numeric,
            exported=self.exported("productive_hours_per_fte", "count"),
        )
        if "phpf" in self.figs:
            return fmt.number(p.hours_per_fte.value, 0)
        data_phpf = _dec(p.data.get("productive_hours_per_fte"))
        default = Fraction(data_phpf) if data_phpf else Fraction(DEFAULT_HOURS_PER_FTE)
        m.latent["phpf"] = Latent("phpf", [point(default)])
        if data_phpf:
            return fmt.number(data_phpf, 0)
        self.notes.append("Produktivstunden je VZA nicht angegeben: gerechnet mit 1.200 Stunden je VZA und Jahr.")
        return "1.200"

    def _annualization_factor(self, k: float | None) -> str:
        """The factor k from Stunden to Stunden * as a latent figure (fitted later where unknown); its text."""
        m = self.model
        if k is not None:
            m.latent["k"] = Latent("k", [point(frac(k))])
            return "12 Monate: gleich" if k == 1.0 else f"Hochrechnungsfaktor {fmt.number(k, 4)}"
        m.latent["k"] = Latent("k", [])  # fitted by _fit_k
        self.notes.append(
            "Bezugszeitraum nicht 12 Monate und Bundesland unbekannt: der Hochrechnungsfaktor von „Stunden“ "
            "auf „Stunden *“ wurde aus den gedruckten Zahlen bestimmt."
        )
        return "Hochrechnungsfaktor aus den gedruckten Zahlen"

    def _baustein_figures(self) -> None:
        """Per Baustein: gewählt (an input for 2, 3, 5, 6, 7), Stunden, Stunden *, VZA, Erfüllungsgrad (B1, B4)."""
        for r in self.p.rows:
            n, name = r.number, f"Baustein {r.number}"
            self.flag(f"c{n}", f"{name} – gewählt", name, r.chosen, r.chosen_cell, is_input=n not in (1, 4))
            if n == 2:
                continue
            self.fig(
                f"h{n}",
                f"{name} – Stunden",
                name,
                "Stunden",
                "hours",
                r.hours,
                is_input=True,
                exported=self.exported(f"b{n}.hours", "hours"),
            )
            self.fig(f"a{n}", f"{name} – Stunden *", name, "Stunden *", "hours", r.hours_annualized, is_input=False)
            self.fig(f"v{n}", f"{name} – VZA", name, "VZA", "fte", r.fte, is_input=False)
            if n in (1, 4):
                self.fig(
                    f"e{n}", f"{name} – Erfüllungsgrad", name, "Erfüllungsgrad", "percent", r.fulfilment, is_input=False
                )

    def _total_figures(self) -> None:
        """The row Gesamt and the cost table (BG-Grundpreis, Volumenpreis, Gesamt per term)."""
        p = self.p
        self.fig("th", "Gesamt – Stunden", "Gesamt", "Stunden", "hours", p.total_hours, is_input=False)
        self.fig("ta", "Gesamt – Stunden *", "Gesamt", "Stunden *", "hours", p.total_hours_annualized, is_input=False)
        self.fig("tv", "Gesamt – VZA", "Gesamt", "VZA", "fte", p.total_fte, is_input=False)
        for c in p.costs:
            t = c.term_years
            label, row = f"Kosten {fmt.term(t)}", f"Laufzeit {fmt.term(t)}"
            self.fig(
                f"base{t}", f"{label} – BG-Grundpreis", row, "BG-Grundpreis", "money", c.base_price, is_input=False
            )
            self.fig(f"vol{t}", f"{label} – Volumenpreis", row, "Volumenpreis", "money", c.volume_price, is_input=False)
            self.fig(f"tot{t}", f"{label} – Gesamt", row, "Gesamt", "money", c.total, is_input=False)

    # ---- rules

    def _rules(self, k_text: str, phpf_text: str) -> None:
        self._choice_rules()
        self._hour_rules(k_text, phpf_text)
        self._total_rules(phpf_text)
        for c in self.p.costs:
            self._cost_rules(c.term_years)

    def _choice_rules(self) -> None:
        """B1 always chosen, B4 exactly when it has hours, B1 fulfilled to 100 % when B4 is chosen."""

        def c1(T: Get, R: Get) -> Iv:
            return point(ONE)

        def c4(T: Get, R: Get) -> Iv | None:
            h = T("h4")
            if h is None:
                return None
            if h[1] <= 0:
                return point(ZERO)
            if h[0] > 0:
                return point(ONE)
            return (ZERO, ONE)

        e1_exported = self.exported("b1.fulfilment", "percent")

        def e1(T: Get, R: Get) -> Iv | None:
            chosen = T("c4")
            if chosen == point(ONE):
                return point(ONE)
            if chosen == point(ZERO):
                if e1_exported is not None:
                    return printed_iv(e1_exported, Fraction(1, 10000), False)
                return (ZERO, ONE)
            return None

        self.rule("c1", (), c1, "Baustein 1 ist immer gewählt")
        self.rule("c4", ("h4",), c4, "Baustein 4 ist genau dann gewählt, wenn er Stunden hat")
        self.rule("e1", ("c4",), e1, "Erfüllungsgrad Baustein 1 = 100 %, wenn Baustein 4 gewählt ist")

    def _hour_rules(self, k_text: str, phpf_text: str) -> None:
        """Stunden * = Stunden × k, VZA = Stunden * / Produktivstunden, Erfüllungsgrad B4 = B4 / B1."""
        for n in HOUR_BAUSTEINE:

            def a(T: Get, R: Get, n: int = n) -> Iv | None:
                h, k = T(f"h{n}"), T("k")
                return None if h is None or k is None else iv_mul(h, k)

            def v(T: Get, R: Get, n: int = n) -> Iv | None:
                a_, ph = T(f"a{n}"), T("phpf")
                return None if a_ is None or ph is None else iv_div(a_, ph)

            self.rule(f"a{n}", (f"h{n}", "k"), a, f"Stunden * = Stunden × Hochrechnungsfaktor ({k_text})")
            self.rule(f"v{n}", (f"a{n}", "phpf"), v, f"VZA = Stunden * / {phpf_text} Produktivstunden je VZA")

        def e4(T: Get, R: Get) -> Iv | None:
            a4, a1 = T("a4"), T("a1")
            if T("c4") != point(ONE) or a4 is None or a1 is None:
                return None
            return iv_div(a4, a1)

        self.rule("e4", ("a4", "a1", "c4"), e4, "Erfüllungsgrad Baustein 4 = Stunden Baustein 4 / Stunden Baustein 1")

    def _total_rules(self, phpf_text: str) -> None:
        """Gesamt Stunden and Stunden * = Σ of the chosen Bausteine; Gesamt VZA from Gesamt Stunden *."""
        parts_h = [(f"h{n}", f"c{n}") for n in HOUR_BAUSTEINE]
        parts_a = [(f"a{n}", f"c{n}") for n in HOUR_BAUSTEINE]
        # B1 is always chosen: a missing or wrong flag must not drop it from the sums
        for parts in (parts_h, parts_a):
            parts[0] = (parts[0][0], "_one")

        def one_get(get: Get) -> Get:
            return lambda key: point(ONE) if key == "_one" else get(key)

        def th(T: Get, R: Get) -> Iv | None:
            return total_of(one_get(T), parts_h)

        def ta(T: Get, R: Get) -> Iv | None:
            return total_of(one_get(T), parts_a)

        def tv(T: Get, R: Get) -> Iv | None:
            t, ph = R("ta"), T("phpf")
            return None if t is None or ph is None else iv_div(t, ph)

        inputs_h = tuple(x for pair in parts_h for x in pair if x != "_one")
        inputs_a = tuple(x for pair in parts_a for x in pair if x != "_one")
        self.rule("th", inputs_h, th, "Gesamt = Summe der Stunden der gewählten Bausteine")
        self.rule("ta", inputs_a, ta, "Gesamt = Summe der Stunden * der gewählten Bausteine")
        self.rule("tv", ("ta", "phpf"), tv, f"VZA gesamt = Stunden * gesamt / {phpf_text} Produktivstunden je VZA")

    def _cost_rules(self, t: int) -> None:
        """One term: BG-Grundpreis = BG × € je BG, Volumenpreis = Stunden * × € je Stunde (where the price is
        known), Gesamt = both."""
        price = self.sheet.terms.get(t) if self.sheet is not None else None
        if price is not None:
            pb, ph_ = Fraction(price.base_per_bg), Fraction(price.per_hour)

            def base(T: Get, R: Get, pb: Fraction = pb) -> Iv | None:
                bg = T("bg")
                return None if bg is None else iv_mul(bg, point(pb))

            def vol(T: Get, R: Get, ph_: Fraction = ph_) -> Iv | None:
                hours = R("ta")
                return None if hours is None else iv_mul(hours, point(ph_))

            self.rule(f"base{t}", ("bg",), base, f"BG-Grundpreis = BG × {fmt.money(price.base_per_bg)} je BG")
            self.rule(
                f"vol{t}", ("ta",), vol, f"Volumenpreis = Stunden * gesamt × {fmt.money(price.per_hour)} je Stunde"
            )

        def tot(T: Get, R: Get, t: int = t) -> Iv | None:
            b, v_ = R(f"base{t}"), R(f"vol{t}")
            if b is None or v_ is None:
                return None
            return (b[0] + v_[0], b[1] + v_[1])

        self.rule(f"tot{t}", (f"base{t}", f"vol{t}"), tot, "Gesamt = BG-Grundpreis + Volumenpreis")

    # ---- input domains

    def _domains(self) -> None:
        m = self.model
        for n in HOUR_BAUSTEINE:
            key = f"h{n}"
            if key not in self.figs:
                continue

            def hours(T: Get, n: int = n) -> Iv | None:
                chosen = T(f"c{n}") if n in FREE_CHOICE else None
                if chosen == point(ZERO):
                    return point(ZERO)
                return (ZERO, BIG)

            m.domains[key] = (hours, "ein nicht gewählter Baustein keine Stunden hat")
        terms = sorted(self.sheet.terms) if self.sheet is not None else [c.term_years for c in self.p.costs]
        if "term" in self.figs and terms:
            lo, hi = Fraction(min(terms)), Fraction(max(terms))
            words = ", ".join(str(t) for t in terms[:-1]) + (f" oder {terms[-1]}" if len(terms) > 1 else str(terms[0]))
            self.term_hint = f"eine Laufzeit des Preisblatts ({words} Jahre)"
            m.domains["term"] = (lambda T: (lo, hi), f"das Preisblatt nur Laufzeiten von {words} Jahren kennt")

    # ---- candidate values of a root input, solved from its consumers

    def _inverses(self) -> None:
        m, figs = self.model, self.figs
        for n in HOUR_BAUSTEINE:
            if f"h{n}" in figs:
                m.inverses[f"h{n}"] = self._inverse_hours(n)
        for n in HOUR_BAUSTEINE:
            if f"a{n}" in figs:
                m.inverses[f"a{n}"] = self._inverse_annualized(n)
        m.inverses["bg"] = self._inverse_bg
        if "phpf" in figs:
            m.inverses["phpf"] = self._inverse_phpf
        for n in FREE_CHOICE:
            key = f"c{n}"
            if key in figs:
                flipped = point(ONE - (figs[key].printed or ZERO))

                def inv_flag(W: Get, WR: Get, flipped: Iv = flipped) -> list[Iv]:
                    return [flipped]

                m.inverses[key] = inv_flag

    def _printed_iv(self, key: str) -> Iv | None:
        f = self.figs.get(key)
        return None if f is None else f.p_iv

    def _rest_of_total(self, total: Iv, prefix: str, n: int, W: Get) -> Iv:
        """``total`` minus the other chosen Bausteine's ``prefix`` figures (h: Stunden, a: Stunden *)."""
        rest = total
        for m_ in HOUR_BAUSTEINE:
            if m_ == n:
                continue
            part, c = W(f"{prefix}{m_}"), point(ONE) if m_ == 1 else W(f"c{m_}")
            if part is not None:
                rest = iv_sub(rest, iv_mul(part, c if c is not None else point(ONE)))
        return rest

    def _inverse_hours(self, n: int) -> Callable[[Get, Get], list[Iv]]:
        """Stunden of Baustein ``n`` from its Stunden * / k, from 0 when not chosen, and from both totals."""
        P = self._printed_iv

        def inv_h(W: Get, WR: Get) -> list[Iv]:
            out: list[Iv] = []
            k = W("k")
            a = P(f"a{n}")
            if a is not None and k is not None:
                x = iv_div(a, k)
                if x is not None:
                    out.append(x)
            chosen = point(ONE) if n == 1 else W(f"c{n}")
            if chosen == point(ZERO):
                out.append(point(ZERO))
            elif chosen == point(ONE):
                for total, prefix in (("th", "h"), ("ta", "a")):
                    t = P(total)
                    if t is None:
                        continue
                    rest = self._rest_of_total(t, prefix, n, W)
                    if prefix == "a":
                        if k is None:
                            continue
                        y = iv_div(rest, k)
                        if y is None:
                            continue
                        rest = y
                    out.append(rest)
            return out

        return inv_h

    def _inverse_annualized(self, n: int) -> Callable[[Get, Get], list[Iv]]:
        """Stunden * of a Baustein from the total and from its VZA (to refine a correct value)."""
        P = self._printed_iv

        def inv_a(W: Get, WR: Get) -> list[Iv]:
            out: list[Iv] = []
            chosen = point(ONE) if n == 1 else W(f"c{n}")
            t = P("ta")
            if t is not None and chosen == point(ONE):
                out.append(self._rest_of_total(t, "a", n, W))
            v, ph = P(f"v{n}"), W("phpf")
            if v is not None and ph is not None:
                out.append(iv_mul(v, ph))
            return out

        return inv_a

    def _inverse_bg(self, W: Get, WR: Get) -> list[Iv]:
        """BG-Zahl: the whole numbers whose BG-Grundpreis is the printed one, for every term."""
        out: list[Iv] = []
        for c in self.p.costs:
            price = self.sheet.terms.get(c.term_years) if self.sheet is not None else None
            b = self._printed_iv(f"base{c.term_years}")
            if price is None or b is None or price.base_per_bg <= 0:
                continue
            x = iv_div(b, point(Fraction(price.base_per_bg)))
            if x is None:
                continue
            lo, hi = -((-x[0]) // 1), x[1] // 1
            for g in range(int(lo), int(hi) + 1):
                if point(Fraction(g)) not in out:
                    out.append(point(Fraction(g)))
        return out

    def _inverse_phpf(self, W: Get, WR: Get) -> list[Iv]:
        """Produktivstunden je VZA: Stunden * / VZA of every Baustein and of the total."""
        P = self._printed_iv
        out: list[Iv] = []
        for n in HOUR_BAUSTEINE:
            v, a = P(f"v{n}"), W(f"a{n}")
            if v is not None and a is not None and v[0] > 0:
                x = iv_div(a, v)
                if x is not None:
                    out.append(x)
        t, tv = WR("ta"), P("tv")
        if t is not None and tv is not None and tv[0] > 0:
            x = iv_div(t, tv)
            if x is not None:
                out.append(x)
        return out

    def _fit_k(self, k: float | None, n_months: int | None) -> None:
        """Candidates of an unknown annualisation factor: the ratios Stunden * / Stunden."""
        if k is not None:
            return
        figs = self.figs
        prior: Iv = (Fraction(45, 100), Fraction(13))
        if n_months is not None:
            base = Fraction(12, n_months)
            prior = (base * Fraction(85, 100), base * Fraction(118, 100))
        ratios: list[Iv] = []
        for n in HOUR_BAUSTEINE:
            h, a = figs.get(f"h{n}"), figs.get(f"a{n}")
            if h is None or a is None or h.p_iv is None or a.p_iv is None or h.p_iv[0] <= 0:
                continue
            r = iv_div(a.p_iv, h.p_iv)
            if r is not None and meet(r, prior) is not None:
                ratios.append(meet(r, prior))  # type: ignore[arg-type]
        both: Iv | None = None
        for r in ratios:
            both = r if both is None else meet(both, r)
        cands = ([both] if both is not None else []) + [r for r in ratios if r != both]
        if not cands:
            cands = [prior]
        self.model.latent["k"] = Latent("k", cands[:6])


# --------------------------------------------------------------------------- findings


def _value(f: Fig, x: Fraction | None) -> Decimal | bool | None:
    if x is None:
        return None
    if f.kind == "flag":
        return x >= Fraction(1, 2)
    if f.key == "phpf" and x.denominator != 1:
        return to_decimal(x, Fraction(1, 100))
    return to_decimal(x, f.q)


def _grid_value(f: Fig, iv: Iv | None) -> Fraction | None:
    if iv is None:
        return None
    center = (iv[0] + iv[1]) / 2
    return round_q(center, f.q)


def _findings(
    model: Model, solver: Solver, e: Evaluation, hint_term: str
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    refined, values = solver.refine(e)
    figs = model.figs
    roots = list(e.roots)
    rules = {r.key: r for r in model.rules}
    findings: list[Finding] = []
    forced = {
        f.key for f in solver.inputs if f.exported is not None and f.printed is not None and f.printed != f.exported
    }
    for key in sorted(roots, key=lambda k: list(figs).index(k)):
        f = figs[key]
        correct: Fraction | None = values.get(key)
        hint = ""
        if key in rules:
            rule = rules[key].text
        elif key in forced:
            correct = f.exported
            rule = f"beim Export aus O.7 Planer hier {show(f.kind, _value(f, f.exported))} stand"
            also = _confirmation(model, refined, key, _value(f, correct), confirmed_only=True)
            if also:
                rule += f" und {also}"
        elif key in model.domains and key not in e.assign:
            rule = model.domains[key][1]
            iv = e.T.get(key)
            if key == "term" and iv is not None and iv[0] != iv[1]:
                correct, hint = None, hint_term
        else:
            rule = _confirmation(model, refined, key, _value(f, correct))
        findings.append(
            Finding(
                field=f.field,
                cell=f.cell,
                kind=f.kind,
                printed=f.raw if f.kind != "flag" else bool(f.raw),
                correct=_value(f, correct),
                rule=rule,
                key=key,
                row=f.row,
                column=f.column,
                correct_hint=hint,
            )
        )
    by_key = {fd.key: fd.field for fd in findings}
    consequences: list[Finding] = []
    for key in sorted(refined.consequences, key=lambda k: list(figs).index(k)):
        f = figs[key]
        causes = _causes(model, refined, key)
        consequences.append(
            Finding(
                field=f.field,
                cell=f.cell,
                kind=f.kind,
                printed=f.raw if f.kind != "flag" else bool(f.raw),
                correct=_value(f, _grid_value(f, refined.T.get(key))),
                rule=rules[key].text if key in rules else "",
                key=key,
                row=f.row,
                column=f.column,
                causes=tuple(by_key[c] for c in causes if c in by_key),
            )
        )
    return tuple(findings), tuple(consequences)


def _causes(model: Model, e: Evaluation, key: str) -> list[str]:
    rules = {r.key: r for r in model.rules}
    out: list[str] = []
    stack = [key]
    seen: set[str] = set()
    while stack:
        k = stack.pop()
        rule = rules.get(k)
        if rule is None:
            continue
        for inp in rule.inputs:
            if inp in seen:
                continue
            seen.add(inp)
            if inp in e.roots and inp not in out:
                out.append(inp)
            elif inp in e.consequences:
                stack.append(inp)
    return out


def _confirmation(
    model: Model, e: Evaluation, key: str, correct: Decimal | bool | None, *, confirmed_only: bool = False
) -> str:
    """Why an input is wrong: the figures that consume it fit the correct value, not the printed one."""
    f = model.figs[key]
    confirm: list[str] = []
    texts: list[str] = []
    for rule in model.consumers(key):
        g = model.figs.get(rule.key)
        if g is None or g.p_iv is None or rule.key in e.roots or rule.key in e.consequences:
            continue
        confirm.append(f"{g.field} {show(g.kind, g.raw)}")
        texts.append(rule.text)
    if confirmed_only and not confirm:
        return ""
    text = f"die übrigen Zahlen nur zu {show(f.kind, correct)} passen"
    if confirm:
        text += ": " + ", ".join(confirm[:3])
        if len(set(texts[:3])) == 1:
            text += f" ({texts[0]})"
    return text


def check_appendix(
    p: PrintedAppendix,
    *,
    prices: PriceSheet | None = None,
    fallback_prices: PriceSheet | None = None,
    source: str = "xlsx",
) -> CheckResult:
    """Find the root causes of every inconsistency of a printed appendix.

    Prices: ``prices`` where given; else those of the hidden sheet "Daten"; else ``fallback_prices``
    when it is for the appendix's contract year; else the price sheet shipped for that year.
    """
    sheet, source_text = _choose_prices(p, prices, fallback_prices)
    builder = _Builder(p, sheet)
    builder.term_hint = "eine Laufzeit des Preisblatts"
    model = builder.build()
    notes = list(builder.notes)
    if p.costs and sheet is None:
        notes.append(
            f"Für das Vertragsjahr {p.contract_year or '?'} liegt kein Preisblatt vor: nur die Summen der Kosten "
            "wurden geprüft."
        )
    if not p.costs:
        notes.append("Die Anlage enthält keine Kostentabelle.")
    solver = Solver(model)
    best = solver.search()
    findings, consequences = _findings(model, solver, best[0], builder.term_hint)
    alternatives = tuple(_findings(model, solver, e, builder.term_hint)[0] for e in best[1:3])
    if alternatives:
        notes.append(
            f"Die gedruckten Zahlen lassen {len(alternatives) + 1} gleich einfache Erklärungen zu; "
            "welche zutrifft, muss das Service Center sagen."
        )
    latent_phpf = best[0].latent.get("phpf")
    if latent_phpf is not None and "phpf" not in model.figs and latent_phpf != point(Fraction(1200)):
        notes.append(
            f"Produktivstunden je VZA aus den gedruckten VZA bestimmt: {fmt.number(float(latent_phpf[0]), 0)}."
        )
    checked = sum(1 for f in model.figs.values() if f.printed is not None)
    return CheckResult(
        filename=p.filename,
        sheet=p.sheet,
        own_export=builder.own,
        contract_year=p.contract_year,
        jobcenter=p.jobcenter,
        jcnr=p.jcnr,
        prices_source=source_text,
        checked=checked,
        findings=findings,
        notes=tuple(notes),
        consequences=consequences,
        alternatives=alternatives,
        source=source,
    )

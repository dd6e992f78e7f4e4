"""The root cause of a slip: the smallest set of printed figures whose correction makes the
appendix consistent.

The appendix is a small constraint system (~60 figures). Each printed figure is an **input**
(BG, Laufzeit, Produktivstunden je VZA, Stunden per Baustein, gewählt) or **derived** by a rule
from others (Stunden * = Stunden × k, VZA, Erfüllungsgrad, the totals, the costs). Every printed
figure stands for an interval of true values (its print rounding: 589,1 h is [589,05; 589,15)),
and every rule is evaluated on intervals, so that rounding never counts as a slip.

A hypothesis fixes the true inputs (the printed ones, except a few *root* inputs whose true value
is solved from the figures that consume them) and propagates them through the rules in order. A
derived figure whose printed value does not fit its true inputs is then

- a **consequence** when it does fit the *printed* inputs (someone computed it from a slip: the
  3-year total 528.849,60 € of the seed is 166.551,84 € + the mistyped 362.297,76 €), or
- a **root** (a slip of its own) otherwise.

The hypothesis with the fewest roots wins; then the one with the fewest consequences (a lone slip
is more likely than one that others copied), then the one that keeps more inputs as printed.
Hypotheses tried: every input as printed, each input in turn as a root (its candidate values
solved from each of its consumers), and pairs of inputs where the best so far has three roots or
more. Where the hidden sheet "Daten" of our own export holds an input, its exported value is the
true one. Unknown parameters (the annualisation factor k without Bundesland, the productive
hours where the appendix does not print them) are *latent*: fitted, never a finding.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

Iv = tuple[Fraction, Fraction]
Get = Callable[[str], Iv | None]

ZERO = Fraction(0)
ONE = Fraction(1)
QUANTUM = {
    "hours": Fraction(1, 10),
    "fte": Fraction(1, 100),
    "percent": Fraction(1, 10000),
    "money": Fraction(1, 100),
    "count": ONE,
    "flag": ONE,
}
MAX_GRID = 41  # grid points tried when a correct value is refined
BIG = Fraction(10) ** 12


# --------------------------------------------------------------------------- intervals


def frac(value: Decimal | float | int | bool) -> Fraction:
    if isinstance(value, bool):
        return ONE if value else ZERO
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def point(x: Fraction) -> Iv:
    return (x, x)


def iv_add(a: Iv, b: Iv) -> Iv:
    return (a[0] + b[0], a[1] + b[1])


def iv_sub(a: Iv, b: Iv) -> Iv:
    return (a[0] - b[1], a[1] - b[0])


def iv_mul(a: Iv, b: Iv) -> Iv:
    products = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return (min(products), max(products))


def iv_div(a: Iv, b: Iv) -> Iv | None:
    if b[0] <= 0 <= b[1]:
        return None
    return iv_mul(a, (ONE / b[1], ONE / b[0]))


def meet(a: Iv, b: Iv) -> Iv | None:
    """The intersection; touching intervals do not meet unless one of them is a point."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo < hi or (lo == hi and (a[0] == a[1] or b[0] == b[1])):
        return (lo, hi)
    return None


def round_q(x: Fraction, q: Fraction) -> Fraction:
    """Half-up rounding to the grid of ``q``."""
    if q == 0:
        return x
    n = x / q + Fraction(1, 2)
    return (n.numerator // n.denominator) * q


def printed_iv(p: Fraction, q: Fraction, exact: bool) -> Iv:
    """The true values that print as ``p``: [p − q/2, p + q/2), a hair lower for half-up rounding."""
    if exact or q == 0:
        return (p, p)
    shift = q / 10**6
    return (p - q / 2 - shift, p + q / 2 - shift)


def to_decimal(x: Fraction, q: Fraction) -> Decimal:
    """A grid value as the Decimal the appendix prints."""
    if q == 0:
        return Decimal(x.numerator) / Decimal(x.denominator)
    places = {Fraction(1, 10): 1, Fraction(1, 100): 2, Fraction(1, 10000): 4, ONE: 0}.get(q, 6)
    value = Decimal(x.numerator) / Decimal(x.denominator)
    return value.quantize(Decimal(1).scaleb(-places))


# --------------------------------------------------------------------------- the model


@dataclass(slots=True)
class Fig:
    """One printed figure."""

    key: str
    field: str
    row: str
    column: str | None
    kind: str
    printed: Fraction | None
    cell: str | None
    is_input: bool
    exact: bool = False
    exported: Fraction | None = None
    raw: Decimal | bool | None = None
    q: Fraction = ZERO
    p_iv: Iv | None = None  # the true values that print as ``printed``

    def __post_init__(self) -> None:
        self.q = QUANTUM[self.kind]
        self.p_iv = None if self.printed is None else printed_iv(self.printed, self.q, self.exact)


@dataclass(slots=True)
class Rule:
    """``key`` = ``fn(T, R)``: the interval of its true value from the true (T) and rounded (R) inputs."""

    key: str
    inputs: tuple[str, ...]
    fn: Callable[[Get, Get], Iv | None]
    text: str


@dataclass(slots=True)
class Latent:
    """An unprinted parameter: its candidate values (first = preferred)."""

    key: str
    candidates: list[Iv]


@dataclass(slots=True)
class Model:
    figs: dict[str, Fig]
    rules: list[Rule]
    domains: dict[str, tuple[Callable[[Get], Iv | None], str]] = field(default_factory=dict)
    latent: dict[str, Latent] = field(default_factory=dict)
    #: key → function(W-getter) → candidate intervals for an input root
    inverses: dict[str, Callable[[Get, Get], list[Iv]]] = field(default_factory=dict)
    #: preference of a correct value (lower is better), by key
    preference: dict[str, Callable[[Fraction], Any]] = field(default_factory=dict)

    def consumers(self, key: str) -> list[Rule]:
        return [r for r in self.rules if key in r.inputs]


@dataclass(slots=True)
class Evaluation:
    roots: list[str]
    consequences: list[str]
    input_roots: int
    T: dict[str, Iv | None]
    assign: dict[str, Iv]
    latent: dict[str, Iv]

    @property
    def score(self) -> tuple[int, int, int]:
        return (len(self.roots), len(self.consequences), self.input_roots)


class Solver:
    def __init__(self, model: Model) -> None:
        self.m = model
        self.inputs = [f for f in model.figs.values() if f.is_input]
        self.evaluations = 0

    # ---- one pass

    def _world(self, latent: Mapping[str, Iv]) -> tuple[dict[str, Iv | None], dict[str, Iv | None], dict[str, bool]]:
        """The printed world W: every figure at its printed value; whether each rule holds locally."""
        W: dict[str, Iv | None] = dict(latent)
        WR: dict[str, Iv | None] = dict(latent)
        ok: dict[str, bool] = {}
        for f in self.inputs:
            W[f.key] = f.p_iv
            WR[f.key] = None if f.printed is None else point(f.printed)
        for rule in self.m.rules:
            f = self.m.figs[rule.key]
            D = rule.fn(W.get, WR.get)
            if f.printed is not None:
                W[f.key], WR[f.key] = f.p_iv, point(f.printed)
                ok[f.key] = D is None or meet(D, f.p_iv) is not None  # type: ignore[arg-type]
            else:
                W[f.key] = D
                WR[f.key] = None if D is None else (round_q(D[0], f.q), round_q(D[1], f.q))
        return W, WR, ok

    def evaluate(
        self,
        assign: Mapping[str, Iv],
        latent: Mapping[str, Iv],
        local_ok: Mapping[str, bool],
        pins: Mapping[str, Iv] | None = None,
    ) -> Evaluation:
        self.evaluations += 1
        pins = pins or {}
        T: dict[str, Iv | None] = dict(latent)
        R: dict[str, Iv | None] = dict(latent)
        roots: list[str] = []
        cons: list[str] = []
        n_inputs = 0
        for f in self.inputs:
            if f.key in assign:
                T[f.key] = pins.get(f.key, assign[f.key])
                roots.append(f.key)
                n_inputs += 1
            else:
                T[f.key] = f.p_iv
        for key, (domain, _text) in self.m.domains.items():
            f = self.m.figs[key]
            if key in assign or f.printed is None:
                continue
            D = domain(T.get)
            if D is not None and meet(D, f.p_iv) is None:  # type: ignore[arg-type]
                T[key] = pins.get(key, D)
                roots.append(key)
                n_inputs += 1
        for f in self.inputs:
            iv = T.get(f.key)
            if iv is None:
                R[f.key] = None
            elif f.key not in roots:
                R[f.key] = point(f.printed) if f.printed is not None else None
            else:
                R[f.key] = iv if f.exact else (round_q(iv[0], f.q), round_q(iv[1], f.q))
        for rule in self.m.rules:
            f = self.m.figs[rule.key]
            D = rule.fn(T.get, R.get)
            P = f.p_iv
            if D is None:
                T[f.key] = P
                R[f.key] = None if f.printed is None else point(f.printed)
                continue
            if P is None:
                T[f.key] = D
                R[f.key] = (round_q(D[0], f.q), round_q(D[1], f.q))
                continue
            X = meet(D, P)
            if X is not None:
                T[f.key] = X
                R[f.key] = point(f.printed)  # type: ignore[arg-type]
                continue
            if f.key in pins:
                D = meet(D, pins[f.key]) or pins[f.key]
            T[f.key] = D
            R[f.key] = (round_q(D[0], f.q), round_q(D[1], f.q))
            (cons if local_ok.get(f.key, False) else roots).append(f.key)
        return Evaluation(roots, cons, n_inputs, T, dict(assign), dict(latent))

    # ---- candidates

    def _latent_combos(self) -> list[dict[str, Iv]]:
        lists = [[(lat.key, c) for c in lat.candidates[:6]] for lat in self.m.latent.values() if lat.candidates]
        return [dict(combo) for combo in itertools.product(*lists)] if lists else [{}]

    def _candidates(self, key: str, W: Mapping[str, Iv | None], WR: Mapping[str, Iv | None]) -> list[Iv]:
        f = self.m.figs[key]
        inv = self.m.inverses.get(key)
        raw = inv(W.get, WR.get) if inv is not None else []
        out: list[Iv] = []
        both: Iv | None = None
        for c in raw:
            if c is None:
                continue
            both = c if both is None else meet(both, c)
        for c in ([both] if both is not None else []) + raw:
            if c is None or (f.p_iv is not None and meet(c, f.p_iv) is not None):
                continue
            if c not in out:
                out.append(c)
        return out[:6]

    # ---- the search

    def search(self) -> list[Evaluation]:
        """The best evaluations (equal score, distinct root sets), best first."""
        forced = {
            f.key: printed_iv(f.exported, f.q, f.exact)
            for f in self.inputs
            if f.exported is not None and f.printed is not None and f.printed != f.exported
        }
        found: list[Evaluation] = []
        for latent in self._latent_combos():
            W, WR, ok = self._world(latent)
            base = dict(forced)
            best = self.evaluate(base, latent, ok)
            found.append(best)
            suspects = self._suspects(ok, W)
            free = [f.key for f in self.inputs if f.key in suspects and f.key not in forced and f.printed is not None]
            cands = {key: self._candidates(key, W, WR) for key in free}
            for key in free:
                for c in cands[key]:
                    e = self.evaluate({**base, key: c}, latent, ok)
                    found.append(e)
                    best = min(best, e, key=lambda x: x.score)
            if best.score[0] >= 3:
                for a, b in itertools.combinations([k for k in free if cands[k]], 2):
                    for ca in cands[a][:3]:
                        for cb in cands[b][:3]:
                            found.append(self.evaluate({**base, a: ca, b: cb}, latent, ok))
        found.sort(key=lambda e: e.score)
        top = found[0].score
        out: list[Evaluation] = []
        seen: set[frozenset[str]] = set()
        for e in found:
            if e.score != top:
                break
            roots = frozenset(e.roots)
            if roots not in seen:
                seen.add(roots)
                out.append(e)
        return out

    def _suspects(self, ok: Mapping[str, bool], W: Mapping[str, Iv | None]) -> set[str]:
        """Inputs that can change anything that is wrong: ancestors of the rules that fail on the
        printed figures, and inputs outside their domain. No other input can lower the count."""
        rules = {r.key: r for r in self.m.rules}
        out: set[str] = set()
        stack = [key for key, good in ok.items() if not good]
        for key, (domain, _text) in self.m.domains.items():
            f = self.m.figs[key]
            D = domain(W.get)
            if f.p_iv is not None and D is not None and meet(D, f.p_iv) is None:
                out.add(key)
        seen: set[str] = set()
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            rule = rules.get(key)
            if rule is None:
                out.add(key)
                continue
            stack.extend(rule.inputs)
        return out

    # ---- correct values

    def refine(self, e: Evaluation) -> tuple[Evaluation, dict[str, Fraction]]:
        """Pick one printable correct value per root, keeping the explanation as good as it was."""
        W, WR, ok = self._world(e.latent)
        pins: dict[str, Iv] = {}
        values: dict[str, Fraction] = {}
        current = e
        for key in e.roots:
            f = self.m.figs[key]
            iv = current.T.get(key)
            if iv is None:
                continue
            inv = self.m.inverses.get(key)
            for c in inv(W.get, WR.get) if inv is not None and key not in e.assign else []:
                narrower = meet(iv, c)
                if narrower is not None:
                    iv = narrower
            grid = self._grid(f, iv)
            chosen = None
            for g in grid:
                trial = {**pins, key: printed_iv(g, f.q, f.exact)}
                t = self.evaluate(e.assign, e.latent, ok, pins=trial)
                if t.score <= e.score and set(t.roots) == set(e.roots):
                    chosen, current = g, t
                    pins = trial
                    break
            if chosen is None and grid:
                chosen = grid[0]
            if chosen is not None:
                values[key] = chosen
        return current, values

    def _grid(self, f: Fig, iv: Iv) -> list[Fraction]:
        q = f.q
        lo, hi = round_q(iv[0], q), round_q(iv[1], q)
        center = (iv[0] + iv[1]) / 2
        if f.exact and f.kind != "count" and iv[0] == iv[1]:
            return [iv[0]]
        if f.kind == "count" or f.kind == "flag":
            q = ONE
            lo, hi = Fraction(-((-iv[0]) // 1)), Fraction(iv[1] // 1)  # ceil, floor
        points: list[Fraction] = []
        if hi < lo:
            return [round_q(center, q)]
        n = int((hi - lo) / q) + 1
        if n > MAX_GRID:
            c = round_q(center, q)
            points = [c + i * q for i in range(-(MAX_GRID // 2), MAX_GRID // 2 + 1)]
        else:
            points = [lo + i * q for i in range(n)]
        prefer = self.m.preference.get(f.key)

        def order(g: Fraction) -> tuple[Any, ...]:
            exported = 0 if f.exported is not None and g == f.exported else 1
            return (exported, prefer(g) if prefer else 0, abs(g - center))

        return sorted(points, key=order)


# --------------------------------------------------------------------------- helpers for rules


def total_of(get: Get, keys: Sequence[tuple[str, str]]) -> Iv | None:
    """Σ chosen × value over (value key, chosen key) pairs; None when a part is unknown."""
    s: Iv = (ZERO, ZERO)
    for value_key, chosen_key in keys:
        v, c = get(value_key), get(chosen_key)
        if v is None:
            continue
        if c is None:
            c = point(ONE) if v[1] > 0 else point(ZERO)
        s = iv_add(s, iv_mul(v, c))
    return s


def roundness(x: Fraction) -> tuple[int, ...]:
    """Prefer 1.200 over 1.199: more trailing zeros first."""
    if x.denominator != 1:
        return (9,)
    n = abs(x.numerator)
    zeros = 0
    while n and n % 10 == 0 and zeros < 6:
        n //= 10
        zeros += 1
    return (-zeros,)

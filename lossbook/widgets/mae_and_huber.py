"""Robust regression, live: drag one outlier house and watch the MSE, MAE and Huber lines respond."""

from __future__ import annotations

import numpy as np

from ..datasets import OUTLIER_SIZE, house_prices
from ..fitting import fit_line, outlier_pull
from ..plots.mae_and_huber import FIT_NAMES, RobustFitPlot
from ._args import arguments, real, seed, whole
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["robust_fits"]

_R_MAX = 900.0  # $k: the residual range of the gradient panels
_DELTA_MAX = 200.0


@register
@arguments(outlier=real(0.0, 1000.0), delta=real(5.0, _DELTA_MAX), n=whole(3, 1000), seed=seed())
def robust_fits(outlier=600.0, delta=50.0, *, n=10, seed=0):
    """Ten houses and one outlier (a 70 m² flat) whose price is on a slider; three lines, each fitted by its own loss.

    The MSE line is least squares (closed form); the MAE line is exact (some best line passes through at least two
    of the houses, so every pair is tried); the Huber line is refitted by reweighted least squares, warm-started
    from its previous fit.
    """
    x, y = house_prices(n, seed=seed)
    plot = RobustFitPlot(x, y, outlier_x=OUTLIER_SIZE, x_range=(40.0, 210.0), y_range=(-30.0, 1030.0), r_max=_R_MAX,
                         delta_max=_DELTA_MAX, xlabel="floor area (m²)", ylabel="price ($k)",
                         r_label="residual r = prediction - price ($k)")
    controls = {
        "outlier": slider(outlier, 0.0, 1000.0, 5.0, description="outlier price", unit="$k", readout_format=".0f"),
        "delta": slider(delta, 5.0, _DELTA_MAX, 5.0, description="Huber delta", unit="$k", readout_format=".0f"),
    }
    r_grid = np.linspace(-_R_MAX, _R_MAX, 401)
    xs, fits = np.append(x, OUTLIER_SIZE), {}

    def frame(v, changed):
        ys = np.append(y, v["outlier"])
        if "outlier" in changed:
            fits["mse"] = fit_line(xs, ys, loss="mse")
            fits["mae"] = fit_line(xs, ys, loss="mae")
        if "delta" in changed:
            plot.set_huber_curve(r_grid, np.clip(r_grid, -v["delta"], v["delta"]))
        fits["huber"] = fit_line(xs, ys, loss="huber", delta=v["delta"], start=fits.get("huber"))
        residuals = {k: s * OUTLIER_SIZE + c - v["outlier"] for k, (s, c) in fits.items()}
        grads = {k: outlier_pull(residuals[k], v["delta"])[k] for k in FIT_NAMES}
        plot.set_fits(v["outlier"], fits, grads)
        parts = [f"{k.upper() if k != 'huber' else 'Huber'} line: slope {s:.2f} $k/m², price at 70 m² "
                 f"{s * OUTLIER_SIZE + c:.0f} $k, outlier's pull {grads[k]:.1f}" for k, (s, c) in fits.items()]
        return (f"outlier price {v['outlier']:.0f} $k, Huber delta {v['delta']:.0f} $k. " + "; ".join(parts))

    return Explorer(plot, controls, frame, title="One outlier, three losses",
                    alt="Left: house prices against floor area with an outlier and the MSE, MAE and Huber lines. "
                        "Right: the gradient of each loss against the residual, with the outlier marked")

"""Widget of the lesson "Mean squared error": fit a line to house prices by hand, with every squared miss drawn."""

from __future__ import annotations

import lossbook as lb

from ..datasets import house_prices
from ..fitting import least_squares_line
from ..plots.mean_squared_error import SquaredResidualPlot
from ._args import arguments, real, seed, whole
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["mse_fit"]


@register
@arguments(slope=real(0.0, 5.0), intercept=real(-100.0, 300.0), outlier=real(100.0, 700.0), n=whole(3, 1000), seed=seed())
def mse_fit(slope=2.0, intercept=40.0, outlier=220.0, *, n=10, seed=0):
    """Slide the slope and intercept of a line through ``n`` houses (plus one outlier) and watch the MSE.

    ``outlier`` is the price ($k) of an extra 70 m² flat; the least-squares line (lossbook.fitting) follows it.
    """
    size, price = house_prices(n=n, seed=seed, outlier=outlier)
    plot = SquaredResidualPlot(size, price, outlier_index=size.size - 1)
    controls = {
        "slope": slider(slope, 0.0, 5.0, 0.05, description="slope", unit="$k per m²"),
        "intercept": slider(intercept, -100.0, 300.0, 5.0, description="intercept", unit="$k", readout_format=".0f"),
        "outlier": slider(outlier, 100.0, 700.0, 10.0, description="flat's price", unit="$k", readout_format=".0f"),
    }
    best = {}

    def frame(v, changed):
        if "outlier" in changed:  # the data and the best line depend on the outlier only
            plot.set_outlier_price(v["outlier"])
            best["slope"], best["intercept"] = least_squares_line(plot.size, plot.price)
            best["mse"] = lb.mse(plot.price, best["slope"] * plot.size + best["intercept"])
            plot.set_best(best["slope"], best["intercept"])
        mse = lb.mse(plot.price, v["slope"] * plot.size + v["intercept"])
        plot.set_line(v["slope"], v["intercept"], f"MSE = {mse:,.0f} ($k)²\nRMSE = {mse ** 0.5:,.1f} $k")
        return (f"your line: price = {v['slope']:.2f} × size + {v['intercept']:.0f} ($k); "
                f"MSE = {mse:,.0f} ($k)², RMSE = {mse ** 0.5:.1f} $k\n"
                f"least-squares line: price = {best['slope']:.2f} × size + {best['intercept']:.0f} ($k); "
                f"MSE = {best['mse']:,.0f} ($k)²\n"
                f"the 70 m² flat you can move: {v['outlier']:.0f} $k")

    return Explorer(plot, controls, frame, title="Fit a line by hand: mean squared error",
                    alt="House prices against floor area with your line and the least-squares line; each house's "
                        "miss is drawn as a square whose area is its squared error")

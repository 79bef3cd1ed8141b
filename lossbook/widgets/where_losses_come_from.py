"""Widgets of the lesson "Where losses come from": a noise model and its width, the negative log-likelihood beside
MSE or MAE."""

from __future__ import annotations

import numbers

import numpy as np

import lossbook as lb

from ..plots.where_losses_come_from import LikelihoodPlot
from ._controls import slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["likelihood_explorer", "THERMOMETER", "NOISE_MODELS"]

#: Seven readings (°C) of one room's temperature by a cheap thermometer; the last was taken in a patch of sunlight.
THERMOMETER = (20.1, 19.6, 20.4, 20.0, 19.8, 20.3, 22.5)

#: noise model -> (its name, the familiar loss it gives, that loss, the NLL, the NLL's width keyword)
NOISE_MODELS = {
    "gaussian": ("Gaussian", "MSE", lb.mse, lb.gaussian_nll, "sigma"),
    "laplace": ("Laplace", "MAE", lb.mae, lb.laplace_nll, "scale"),
}
SIGMA_RANGE = (0.3, 2.0)


def _check_readings(readings):
    try:
        values = np.asarray(readings, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"readings must be a list of numbers, got {readings!r}") from None
    if values.ndim != 1 or values.size < 2 or not np.all(np.isfinite(values)):
        raise ValueError(f"readings must be a flat list of at least two finite numbers, got {readings!r}")
    if np.ptp(values) > 50:
        raise ValueError(f"readings span {np.ptp(values):g}; keep them within 50 of each other (the width slider "
                         f"runs from {SIGMA_RANGE[0]} to {SIGMA_RANGE[1]})")
    return values


def _per_prediction(f, readings, grid, **kw):
    """``f`` (a loss of lossbook) averaged over the readings, for each candidate prediction in ``grid``."""
    y = np.broadcast_to(readings, (grid.size, readings.size))
    return f(y, np.broadcast_to(grid[:, None], y.shape), reduction="none", **kw).mean(axis=1)


@register
def likelihood_explorer(noise="gaussian", sigma=1.0, readings=THERMOMETER):
    """Pick a noise model and its width: its negative log-likelihood beside MSE (Gaussian) or MAE (Laplace), both
    against the prediction, lowest at the same place (the mean or the median of the readings)."""
    if noise not in NOISE_MODELS:
        raise ValueError(f"noise must be one of {list(NOISE_MODELS)}, got {noise!r}")
    if isinstance(sigma, bool) or not isinstance(sigma, numbers.Real) or not SIGMA_RANGE[0] <= sigma <= SIGMA_RANGE[1]:
        raise ValueError(f"sigma must be a number from {SIGMA_RANGE[0]} to {SIGMA_RANGE[1]}, got {sigma!r}")
    readings = _check_readings(readings)
    pad = max(0.5, 0.3 * float(np.ptp(readings)))
    mean, median = float(np.mean(readings)), float(np.median(readings))
    # the candidate predictions, with the mean and the median among them (where MSE and MAE are lowest)
    grid = np.union1d(np.linspace(readings.min() - pad, readings.max() + pad, 801), [mean, median])
    familiar = {key: _per_prediction(m[2], readings, grid) for key, m in NOISE_MODELS.items()}
    # y-limits for every setting of the sliders: the tallest density (at the smallest width), the familiar losses,
    # and the lowest NLL at every width (the curves may leave the top far from the data, their minima never do)
    widths = np.linspace(*SIGMA_RANGE, 18)
    lowest = [_per_prediction(m[3], readings, grid, **{m[4]: w}).min() for m in NOISE_MODELS.values() for w in widths]
    loss_top = 1.15 * max(max(v.max() for v in familiar.values()), max(lowest))
    density_top = 1.1 * max(1 / (SIGMA_RANGE[0] * np.sqrt(2 * np.pi)), 1 / (2 * SIGMA_RANGE[0]))
    unit = "°C" if np.array_equal(readings, THERMOMETER) else ""  # other readings: units unknown, said generically
    plot = LikelihoodPlot(readings, grid, xlim=(grid[0], grid[-1]), density_top=density_top, loss_top=loss_top,
                          unit=unit)
    controls = {
        "noise": toggle([("Gaussian → MSE", "gaussian"), ("Laplace → MAE", "laplace")], noise,
                        description="noise model"),
        "sigma": slider(float(sigma), *SIGMA_RANGE, 0.05, description="noise width (σ or b)"),
    }
    def frame(v, changed):
        name, loss_name, loss_fn, nll_fn, key = NOISE_MODELS[v["noise"]]
        width = v["sigma"]
        nll = _per_prediction(nll_fn, readings, grid, **{key: width})
        loss = familiar[v["noise"]]
        i, j = int(np.argmin(nll)), int(np.argmin(loss))
        best = float(grid[i])
        # the density of a reading y given the prediction c is exp(-NLL): the NLL of one value, undone
        plot.set_density(grid, np.exp(-nll_fn(grid, np.full_like(grid, best), reduction="none", **{key: width})),
                         readings, np.exp(-nll_fn(readings, np.full_like(readings, best), reduction="none",
                                                  **{key: width})), best)
        plot.set_losses(grid, nll, loss, loss_name, best, (nll[i], loss[i]))
        if v["noise"] == "gaussian":  # NLL = MSE / (2 sigma^2) + 0.5 ln(2 pi sigma^2)
            symbol, scale, shift, where = "σ", 2 * width**2, 0.5 * np.log(2 * np.pi * width**2), "the mean"
        else:  # NLL = MAE / b + ln(2b)
            symbol, scale, shift, where = "b", width, np.log(2 * width), "the median"
        sign = "+" if shift >= 0 else "−"
        return (f"{name} noise, {symbol} = {width:.2f}: NLL = {loss_name} / {scale:.3f} {sign} {abs(shift):.3f}\n"
                f"NLL lowest at {best:.2f}, {loss_name} at {grid[j]:.2f} ({where}: "
                f"{mean if v['noise'] == 'gaussian' else median:.2f})\n"
                f"There: {loss_name} = {loss[i]:.3f}, NLL = {nll[i]:.3f} nats")

    return Explorer(plot, controls, frame, title="Where losses come from: likelihood beside MSE or MAE",
                    alt="Left: the noise model's density centred on the best prediction, over the readings, "
                        "with a stem at each reading as tall as its likelihood. Right: the average negative "
                        "log-likelihood and the familiar loss (MSE for Gaussian noise, MAE for Laplace noise) "
                        "against the prediction, with the prediction where both are lowest marked.")

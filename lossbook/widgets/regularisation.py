"""Widgets of the lesson "Regularisation": slide the strength of an L2 penalty on a degree-9 polynomial and watch the
weights shrink, the curve calm down, and the training and validation losses move."""

from __future__ import annotations

import numpy as np

from ..datasets import WAVY_NOISE, wavy_data
from ..fitting import fit_polynomial, predict_polynomial
from ..losses import l2_penalty, mse
from ..plots.regularisation import PenaltyPlot
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["penalty_strength", "STRENGTH_RANGE"]

#: The slider's range, as powers of ten: strengths from 0.00001 (practically no penalty) to 10.
STRENGTH_RANGE = (-5.0, 1.0)


def _losses(d, w):
    return mse(d.y_train, predict_polynomial(w, d.x_train)), mse(d.y_val, predict_polynomial(w, d.x_val))


@register
def penalty_strength(log_strength=-2.0, degree=9, *, seed=0):
    """A degree-``degree`` polynomial fitted with an L2 penalty: slide the strength (as a power of ten)."""
    lo, hi = STRENGTH_RANGE
    if isinstance(log_strength, bool) or not isinstance(log_strength, (int, float)) or not lo <= log_strength <= hi:
        raise ValueError(f"log_strength must be a number from {lo:g} to {hi:g} (the strength is 10**log_strength), "
                         f"got {log_strength!r}")
    if isinstance(degree, bool) or not isinstance(degree, int) or not 1 <= degree <= 10:
        raise ValueError(f"degree must be a whole number from 1 to 10, got {degree!r}")
    d = wavy_data(seed=seed)
    grid = np.linspace(-1.0, 1.0, 201)
    exponents = np.round(np.arange(lo, hi + 0.05, 0.1), 1)  # the slider's stops: one fit each, computed once
    fits = {e: fit_polynomial(d.x_train, d.y_train, degree, strength=10.0**e) for e in exponents}
    losses = np.array([_losses(d, fits[e]) for e in exponents])
    free = fit_polynomial(d.x_train, d.y_train, degree)
    plot = PenaltyPlot(d.x_train, d.y_train, d.x_val, d.y_val, strengths=10.0**exponents, train=losses[:, 0],
                       val=losses[:, 1], free_weights=free, free_curve=(grid, predict_polynomial(free, grid)),
                       noise_floor=WAVY_NOISE**2)
    controls = {"log_strength": slider(float(log_strength), lo, hi, 0.1, description="penalty strength, log10 λ",
                                       readout_format=".1f")}

    def frame(v, changed):
        e = round(float(v["log_strength"]), 1)
        w = fits[e] if e in fits else fit_polynomial(d.x_train, d.y_train, degree, strength=10.0**e)
        strength = 10.0**e
        train, val = _losses(d, w)
        penalty = l2_penalty(w, strength=strength)
        plot.set_state(grid, predict_polynomial(w, grid), w, strength, train, val)
        return (f"λ = {strength:.5g} (10 to the power {e:.1f}): training MSE {train:.4f}, validation MSE {val:.4f}.\n"
                f"Sum of squared weights {float(w @ w):.3f} (without a penalty {float(free @ free):.3f}); "
                f"penalty {penalty:.4f}; objective = training MSE + penalty = {train + penalty:.4f}.")

    return Explorer(plot, controls, frame, title="Regularisation: the L2 penalty",
                    alt="Left: the training and validation points, the polynomial without a penalty (dotted) and with "
                        "the chosen penalty. Middle: its weights as bars beside the unpenalised ones. Right: training "
                        "and validation MSE against the penalty strength, the current strength marked.")

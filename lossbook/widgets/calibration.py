"""Widgets of the lesson "Calibration": a temperature slider that makes a calibrated model over- or underconfident."""

from __future__ import annotations

import numbers

import numpy as np

import lossbook as lb

from ..plots.calibration import ReliabilityPlot
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["reliability_diagram"]


def forecasts(n=20_000, seed=0):
    """True probabilities ``q`` spread evenly over (0, 1) and outcomes ``y`` drawn from them (seeded)."""
    rng = np.random.default_rng(seed)
    q = rng.uniform(0.005, 0.995, n)
    return q, (rng.random(n) < q).astype(float)


@register
def reliability_diagram(temperature=1.0):
    """Slide the temperature: the model's logits are divided by it (below 1: too sure, above 1: too timid), and the
    reliability diagram, the cross-entropy, the Brier score and the ECE follow."""
    if isinstance(temperature, bool) or not isinstance(temperature, numbers.Real) or not 0.25 <= temperature <= 4.0:
        raise ValueError(f"temperature must be a number from 0.25 to 4, got {temperature!r}; "
                         "for example temperature=1.0")
    q, y = forecasts()
    z = np.log(q / (1 - q))  # the calibrated model's logits
    plot = ReliabilityPlot(10)
    controls = {"temperature": slider(float(temperature), 0.25, 4.0, 0.05, description="temperature T")}

    def frame(v, changed):
        t = v["temperature"]
        p = lb.sigmoid(z / t)
        pred, freq, count = lb.reliability_curve(y, p, bins=10)
        ece = lb.expected_calibration_error(y, p, bins=10)
        plot.set_curve(pred, freq, count, note=f"ECE {ece:.3f}")
        # a slider's 1 may arrive as 0.9999...
        kind = "calibrated" if abs(t - 1) < 1e-9 else ("overconfident" if t < 1 else "underconfident")
        return (f"temperature {t:.2f} ({kind}): cross-entropy {lb.binary_cross_entropy(y, p):.4f}, "
                f"Brier score {lb.brier_score(y, p):.4f}, ECE {ece:.3f}")

    return Explorer(plot, controls, frame, title="Reliability diagram",
                    alt="Left: observed frequency against mean predicted probability in ten bins, with the diagonal "
                        "of a calibrated model. Right: the share of predictions in each bin.")

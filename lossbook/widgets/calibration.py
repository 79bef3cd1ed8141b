"""Widgets of the lesson "Calibration": a temperature slider that makes a calibrated model over- or underconfident."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..datasets import forecasts
from ..plots.calibration import ReliabilityPlot
from ._args import arguments, real, whole
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["reliability_diagram"]


@register
@arguments(temperature=real(0.25, 4.0), bins=whole(2, 50))
def reliability_diagram(temperature=1.0, bins=10):
    """Slide the temperature: the model's logits are divided by it (below 1: too sure, above 1: too timid), and the
    reliability diagram, the cross-entropy, the Brier score and the ECE follow. ``bins`` (2 to 50) sets how many
    equal-width bins the diagram and the ECE use; the data are ``lb.datasets.forecasts()``."""
    q, y = forecasts()
    z = np.log(q / (1 - q))  # the calibrated model's logits
    # the histogram's axis fits the fullest bin over every temperature the slider offers, rounded up to 10%
    fullest = max(lb.reliability_curve(y, lb.sigmoid(z / t), bins=bins)[2].max() for t in np.arange(0.25, 4.001, 0.05))
    top = min(100.0, 10 * np.ceil(10 * fullest / len(q) + 0.5))  # at least 5 points of room above the fullest bin
    plot = ReliabilityPlot(bins, top_share=top)
    controls = {"temperature": slider(temperature, 0.25, 4.0, 0.05, description="temperature T")}

    def frame(v, changed):
        t = v["temperature"]
        p = lb.sigmoid(z / t)
        pred, freq, count = lb.reliability_curve(y, p, bins=bins)
        ece = lb.expected_calibration_error(y, p, bins=bins)
        plot.set_curve(pred, freq, count, note=f"ECE ({bins} bins) {ece:.3f}")
        # a slider's 1 may arrive as 0.9999...
        kind = "calibrated" if abs(t - 1) < 1e-9 else ("overconfident" if t < 1 else "underconfident")
        return (f"temperature {t:.2f} ({kind}): cross-entropy {lb.binary_cross_entropy(y, p):.4f}, "
                f"Brier score {lb.brier_score(y, p):.4f}, ECE ({bins} bins) {ece:.3f}")

    return Explorer(plot, controls, frame, title="Reliability diagram",
                    alt=f"Left: observed frequency against mean predicted probability in {bins} bins, with the "
                        "diagonal of a calibrated model. Right: the share of predictions in each bin.")

"""Widget of the lesson "What a loss is": move one prediction against a fixed answer and watch its score."""

from __future__ import annotations

import lossbook as lb

from ..plots.what_is_a_loss import ScorecardPlot
from ._args import arguments, real
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["scorecard"]


def _verdict(before: float | None, after: float) -> str:
    if before is None:
        return "Move the prediction: this line will say whether the score got better or worse."
    if after < before - 1e-12:
        return f"Better: the squared error fell from {before:.2f} to {after:.2f} (lower is better, as in golf)."
    if after > before + 1e-12:
        return f"Worse: the squared error rose from {before:.2f} to {after:.2f} (higher is worse)."
    return f"Same score as before ({after:.2f}): a miss above the answer costs what the same miss below does."


@register
@arguments(answer=real(-1e6, 1e6), prediction=real(-1e6, 1e6))
def scorecard(answer=20.0, prediction=24.0):
    """Tomorrow's temperature is ``answer`` °C; slide the prediction and read its squared and absolute error."""
    lo, hi = answer - 10.0, answer + 10.0
    if not lo <= prediction <= hi:
        raise ValueError(f"prediction must lie within 10 of the answer ({lo} to {hi}), got {prediction!r}")
    plot = ScorecardPlot(answer, lo, hi, unit="°C")
    controls = {
        "prediction": slider(prediction, lo, hi, 0.5, description="prediction", unit="°C", readout_format=".1f"),
    }
    last = {}  # the previous prediction and its scores: what "better" or "worse" compares with

    def frame(v, changed):
        p = v["prediction"]
        scores = (lb.mse(answer, p), lb.mae(answer, p))
        previous = last.get("p")
        plot.set_prediction(p, scores, previous, last.get("scores"))
        verdict = _verdict(last["scores"][0] if previous is not None else None, scores[0])
        last.update(p=p, scores=scores)
        return (f"answer = {answer:.1f} °C, prediction = {p:.1f} °C, miss = {p - answer:+.1f} °C\n"
                f"squared error = {scores[0]:.2f} °C², absolute error = {scores[1]:.2f} °C\n{verdict}")

    return Explorer(plot, controls, frame, title="Score one prediction",
                    alt="Squared error and absolute error of the prediction against the answer; the filled dot is "
                        "the current prediction, the hollow dot the previous one")

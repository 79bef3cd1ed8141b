"""How-to-choose lesson widget: describe your problem, get a loss and the reason, and see how that loss punishes."""

from __future__ import annotations

from .. import choosing
from ..plots.how_to_choose import ChooserPlot
from ._args import arguments, flag, real
from ._controls import checkbox, dropdown, slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["loss_chooser"]

_SHORT = {"imbalanced": "rare class", "outliers": "outliers", "integer_labels": "integer labels"}


@register
@arguments(imbalanced=flag(), outliers=flag(), integer_labels=flag(), wrongness=real(0.0, 1.0))
def loss_chooser(problem="regression", imbalanced=False, outliers=False, integer_labels=False, wrongness=0.5):
    """The week-2 decision list as a chooser: problem type and three yes/no conditions in, a loss and why out.

    The figure shows the recommended loss against the natural "how wrong" axis of its problem, with familiar losses
    faintly behind it; ``wrongness`` (0 = a perfect prediction, 1 = a very wrong one) moves the marker along it.
    The decision itself is :func:`lossbook.choosing.recommend`.
    """
    if problem not in choosing.PROBLEMS:
        raise ValueError(f"problem must be one of {list(choosing.PROBLEMS)}, got {problem!r}")
    plot = ChooserPlot()
    controls = {
        "problem": dropdown({f"{k}: {v}": k for k, v in choosing.PROBLEMS.items()}, problem,
                            description="my problem"),
        "imbalanced": checkbox(imbalanced, description=choosing.FLAGS["imbalanced"][0]),
        "outliers": checkbox(outliers, description=choosing.FLAGS["outliers"][0]),
        "integer_labels": checkbox(integer_labels, description=choosing.FLAGS["integer_labels"][0]),
        "wrongness": slider(wrongness, 0.0, 1.0, 0.05, description="how wrong the prediction is (0 to 1)"),
    }

    def frame(v, changed):
        rec = choosing.recommend(v["problem"], imbalanced=v["imbalanced"], outliers=v["outliers"],
                                 integer_labels=v["integer_labels"])
        flags = [_SHORT[k] for k in _SHORT if v[k]]
        situation = ", ".join([v["problem"], *flags])
        # the headline has one line: "Categorical cross-entropy, class-weighted" (the text below has the full name)
        name = f"{rec.loss.name.replace(' (with softmax)', '')}, {rec.variant}" if rec.variant else rec.loss.name
        plot.show(rec.loss.key, v["wrongness"], f"{situation}: {name}")
        spec = plot.specs[rec.loss.key]
        loss = spec.loss_at(v["wrongness"]) + 0.0  # + 0.0: never print -0.000
        return (f"{situation}\n{rec}\n"
                f"At wrongness {v['wrongness']:.2f} ({spec.xlabel} = {spec.x_at(v['wrongness']):.2f}): "
                f"loss = {loss:.3f}")

    return Explorer(plot, controls, frame, title="Which loss?",
                    alt="The recommended loss plotted against how wrong a prediction is, with familiar losses "
                        "drawn faintly for comparison and a marker at the chosen wrongness.")

"""Widgets of the lesson "InfoNCE": a batch of 2-D embedding pairs on the unit circle (``lb.datasets.circle_pairs``),
a temperature slider, a batch-size slider and a choice of anchor; the loss, the softmax over the candidates and the
push on each candidate move together."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..datasets import circle_pairs
from ..plots.info_nce import InfoNCEPlot
from ._args import arguments, real, seed, whole
from ._controls import int_slider, slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["info_nce_temperature", "anchor_push"]

_T_MIN, _T_MAX = 0.01, 1.0  # the temperature slider's range (and the loss panel's x-axis)
_N_MAX = 16  # the largest batch the batch-size slider reaches
_GRID = np.geomspace(_T_MIN, _T_MAX, 60)  # temperatures of the loss curve


def anchor_push(anchor, positive, i, temperature):
    """For anchor ``i`` of a batch of unit rows: the softmax over the candidates (the rows of ``positive``) and an
    arrow per candidate whose length is its weight in the anchor's loss, ``1 - P_ii`` for the positive (pointing along
    the circle towards the anchor) and ``P_ij`` for a negative (pointing away). Minus the gradient of the anchor's
    loss with respect to a candidate is that arrow times ``sin(angle to the anchor) / temperature``."""
    u = anchor[i]
    probs = lb.softmax(positive @ u / temperature)
    weight = np.eye(len(positive))[i] - probs  # +(1 - P_ii) for the positive, -P_ij for each negative
    along = u - (positive @ u)[:, None] * positive  # towards the anchor along the circle, length sin(angle)
    length = np.hypot(along[:, 0], along[:, 1])
    # unit directions; a candidate on the anchor's own line (sin = 0) cannot turn towards it: no arrow
    direction = along / np.where(length > 1e-12, length, np.inf)[:, None]
    return probs, weight[:, None] * direction


@register
@arguments(temperature=real(_T_MIN, _T_MAX), n=whole(2, _N_MAX), anchor=whole(0, _N_MAX - 1), seed=seed())
def info_nce_temperature(temperature=0.1, n=8, anchor=4, seed=0):
    """InfoNCE on a batch of 2-D embedding pairs: slide the temperature and the batch size, pick an anchor."""
    if anchor >= n:
        raise ValueError(f"anchor must be below the batch size n = {n} (anchors are numbered 0 to {n - 1}), "
                         f"got {anchor!r}")
    a_all, p_all = circle_pairs(_N_MAX, seed=seed)
    curves = {k: np.array([lb.info_nce(a_all[:k], p_all[:k], temperature=t) for t in _GRID])
              for k in range(2, _N_MAX + 1)}
    top = max(max(c.max() for c in curves.values()), np.log(_N_MAX))
    plot = InfoNCEPlot(_N_MAX, loss_max=1.1 * top, t_range=(_T_MIN, _T_MAX))
    controls = {
        "temperature": slider(temperature, _T_MIN, _T_MAX, 0.01, description="temperature τ"),
        "n": int_slider(n, 2, _N_MAX, description="batch size N"),
        "anchor": int_slider(anchor, 0, _N_MAX - 1, description="anchor i"),
    }

    def frame(v, changed):
        t, k = v["temperature"], v["n"]
        i = min(v["anchor"], k - 1)  # an anchor beyond the batch is read as the batch's last one
        a, p = a_all[:k], p_all[:k]
        probs, push = anchor_push(a, p, i, t)
        rows = lb.info_nce(a, p, temperature=t, reduction="none")
        plot.set_batch(a[i], p, i, push)
        plot.set_softmax(probs, i)
        if changed is None or "n" in changed:
            plot.set_curve(_GRID, curves[k], np.log(k))
        plot.set_current(t, float(np.mean(rows)))
        negatives = np.delete(probs, i)
        hardest = int(np.delete(np.arange(k), i)[np.argmax(negatives)])
        note = "" if v["anchor"] < k else f" (anchor {v['anchor']} is not in a batch of {k}: showing anchor {i})"
        return (f"batch of N = {k}, temperature τ = {t:.2f}: batch loss {np.mean(rows):.3f} nats; "
                f"ln N = {np.log(k):.3f} (every candidate alike)\n"
                f"anchor {i}{note}: its positive gets probability {probs[i]:.3g}, so its loss is "
                f"-ln {probs[i]:.3g} = {rows[i]:.3f}\n"
                + (f"pull on the positive {1 - probs[i]:.3f} = the push on its one negative, {hardest}" if k == 2 else
                   f"pull on the positive {1 - probs[i]:.3f} = the pushes on the {k - 1} negatives together; "
                   f"hardest negative {hardest} gets {negatives.max():.3f}, the easiest {negatives.min():.4f}"))

    return Explorer(plot, controls, frame, title="InfoNCE: one batch, one temperature",
                    alt="Left: the unit circle with one anchor (its direction dashed from the centre), its positive "
                        "and the other images' views, each with an arrow for the pull or push the anchor's loss gives "
                        "it; the positive and the hardest negative are numbered. Middle: the softmax probability of "
                        "each candidate, the positive's bar hatched, and the uniform guess 1/N. Right: the batch "
                        "loss against the temperature, with ln N dashed")

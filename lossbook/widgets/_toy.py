"""A tiny, seeded regression problem shared by the landscape and training widgets: y = 2x - 0.5 + noise."""

from __future__ import annotations

import functools

import numpy as np

import lossbook as lb

TRUE_W, TRUE_B = 2.0, -0.5


@functools.lru_cache(maxsize=1)
def data():
    """``(x, y)``: 24 points, the same on every machine (seeded)."""
    rng = np.random.default_rng(0)
    x = np.linspace(-1.0, 1.0, 24)
    y = TRUE_W * x + TRUE_B + 0.3 * rng.standard_normal(x.size)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def loss(params):
    """MSE of the line ``w*x + b`` with ``params = (w, b)``."""
    x, y = data()
    return lb.mse(y, params[0] * x + params[1])


def grad(params):
    """``(dL/dw, dL/db)``: the chain rule through ``lb.mse_grad`` (the gradient with respect to the predictions)."""
    x, y = data()
    g = lb.mse_grad(y, params[0] * x + params[1])
    return np.array([np.dot(g, x), np.sum(g)])


def loss_grid(w, b):
    """MSE over a grid: ``Z[i, j] = loss((w[j], b[i]))``, vectorised (one call for the whole grid)."""
    x, y = data()
    pred = w[None, :, None] * x + b[:, None, None]
    return lb.mse(np.broadcast_to(y, pred.shape), pred, reduction="none").mean(axis=-1)

"""Fits the lessons compare a learner's hand-made fit against: closed forms, and brute-force searches that are sure
to find the best candidate on a grid. Pure NumPy.

>>> from lossbook.fitting import least_squares_line
>>> least_squares_line([0, 1, 2], [1, 3, 5])
(2.0, 1.0)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ._validation import check_scalar
from .activations import sigmoid
from .datasets import KL_GRID, discrete_gaussian
from .losses.classification import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    categorical_cross_entropy,
)
from .losses.distributions import kl_divergence
from .losses.regression import huber, huber_grad, mae, mae_grad, mse, mse_grad
from .losses.regularisation import l2_penalty_grad
from .models import mse_on_probability_grad_logit

__all__ = ["least_squares_line", "fit_line", "line_loss", "FIT_LOSSES", "outlier_pull", "baselines",
           "smoothed_target", "best_gap", "logit_losses", "fit_gaussian", "line_mse", "line_mse_grad", "line_mse_grid",
           "run_training", "RULES", "DIVERGED", "gradient_descent_update", "momentum_update",
           "polynomial_features", "fit_polynomial", "predict_polynomial", "TrainingCurves", "train_polynomial",
           "early_stop"]


# -- straight lines under MSE, MAE and Huber ----------------------------------------------------------------------------
#: The losses ``fit_line`` can minimise.
FIT_LOSSES = ("mse", "mae", "huber")


def _xy(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or y.shape != x.shape or x.size < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length (at least 2), "
                         f"got shapes {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite (no nan or inf)")
    if np.ptp(x) == 0:
        raise ValueError("x must hold at least two different values: a vertical line has no slope")
    return x, y


def least_squares_line(x, y):
    """The straight line ``y ≈ slope * x + intercept`` with the smallest mean squared error: ``(slope, intercept)``.

    The textbook formulas: ``slope = cov(x, y) / var(x)`` and ``intercept = mean(y) - slope * mean(x)``
    (centred first, which keeps them accurate when x is far from 0). ``fit_line(x, y, loss="mse")`` is this line.

    Parameters
    ----------
    x, y : array_like, 1-D, same length (at least 2), with at least two different x values.

    Returns
    -------
    (slope, intercept) : tuple of float
    """
    x, y = _xy(x, y)
    dx = x - x.mean()
    sxx = float(dx @ dx)
    if sxx == 0.0:  # only if the differences of x underflow when squared
        raise ValueError("x must hold at least two different values: a vertical line has no slope")
    slope = float(dx @ (y - y.mean())) / sxx
    intercept = float(y.mean() - slope * x.mean())
    return slope, intercept


def _weighted_line(x, y, weights):
    """The line minimising ``sum(weights * (y - (a*x + c))**2)``, centred for accuracy: ``(slope, intercept)``."""
    sw = weights.sum()
    mx, my = (weights @ x) / sw, (weights @ y) / sw
    dx = x - mx
    sxx = weights @ (dx * dx)
    slope = (weights @ (dx * (y - my))) / sxx if sxx > 0 else 0.0
    return float(slope), float(my - slope * mx)


def _lad_line(x, y):
    """The least-absolute-deviations line, exactly: some best line passes through at least two of the points (a
    corner of the piecewise-linear MAE surface), so try every pair with different x and keep the smallest MAE (ties:
    the first)."""
    i, j = np.triu_indices(x.size, k=1)
    keep = x[i] != x[j]
    i, j = i[keep], j[keep]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    intercepts = y[i] - slopes * x[i]
    costs = np.abs(y[None, :] - (slopes[:, None] * x[None, :] + intercepts[:, None])).mean(axis=1)
    best = int(np.argmin(costs))
    return float(slopes[best]), float(intercepts[best])


def _huber_line(x, y, delta, start, *, max_iter=200, tol=1e-10):
    """Iteratively reweighted least squares for the Huber loss: weight 1 inside ``delta``, ``delta/|r|`` outside.

    Each round solves a weighted least-squares problem; the Huber loss never goes up from one round to the next,
    and the rounds stop when the line stops moving (a handful of rounds when warm-started from a nearby fit).
    """
    slope, intercept = start
    scale = max(np.ptp(y), 1.0)
    for _ in range(max_iter):
        r = np.abs(y - (slope * x + intercept))
        weights = np.where(r <= delta, 1.0, delta / np.maximum(r, delta))
        new = _weighted_line(x, y, weights)
        moved = abs(new[0] - slope) * np.ptp(x) + abs(new[1] - intercept)
        slope, intercept = new
        if moved <= tol * scale:
            break
    return slope, intercept


def fit_line(x, y, *, loss: str = "mse", delta: float = 1.0, start=None):
    """The straight line ``y ≈ slope * x + intercept`` with the smallest mean ``loss``: ``(slope, intercept)``.

    - ``"mse"``: least squares, closed form (``least_squares_line``, the textbook ``cov(x, y) / var(x)``).
    - ``"mae"``: least absolute deviations, exact (some best line passes through at least two of the points,
      so every pair is tried; fine for the few dozen points of a lesson).
    - ``"huber"``: iteratively reweighted least squares with threshold ``delta`` (in the units of ``y``),
      starting from ``start`` (a previous fit: a slider step then takes a few rounds) or from the MSE line.

    >>> x, y = [0, 1, 2, 3, 4], [0, 1, 2, 3, 30]     # the last point is an outlier; the others lie on y = x
    >>> [round(v, 3) for v in fit_line(x, y, loss="mse")]
    [6.2, -5.2]
    >>> [round(v, 3) for v in fit_line(x, y, loss="mae")]      # through the four good points
    [1.0, 0.0]
    >>> [round(v, 3) for v in fit_line(x, y, loss="huber", delta=1.0)]
    [1.5, -0.5]
    """
    if loss not in FIT_LOSSES:
        raise ValueError(f"loss must be one of {FIT_LOSSES}, got {loss!r}")
    x, y = _xy(x, y)
    if loss == "mse":
        return least_squares_line(x, y)
    if loss == "mae":
        return _lad_line(x, y)
    if not (delta > 0 and np.isfinite(delta)):
        raise ValueError(f"delta must be a positive number (in the units of y), got {delta!r}")
    if start is None:
        start = least_squares_line(x, y)
    return _huber_line(x, y, float(delta), (float(start[0]), float(start[1])))


def line_loss(x, y, slope, intercept, *, loss="mse", delta=1.0) -> float:
    """The mean ``loss`` of the line on the points (computed by lossbook's own losses).

    >>> line_loss([0, 1, 2], [0, 1, 4], 1.0, 0.0, loss="mae")   # errors 0, 0 and 2
    0.6666666666666666
    """
    pred = slope * np.asarray(x, dtype=float) + intercept
    if loss == "mse":
        return float(mse(y, pred))
    if loss == "mae":
        return float(mae(y, pred))
    return float(huber(y, pred, delta=delta))


def outlier_pull(residual, delta):
    """How hard one example pulls on each fit: ``{loss: gradient}`` of its loss with respect to its prediction, at
    ``residual`` (prediction - actual): ``2r``, ``sign(r)`` and ``r`` clipped to ``[-delta, delta]``, each computed
    by lossbook.

    >>> outlier_pull(-300.0, 50.0)
    {'mse': -600.0, 'mae': -1.0, 'huber': -50.0}
    """
    r = float(residual)
    return {"mse": float(mse_grad(0.0, r)), "mae": float(mae_grad(0.0, r)),
            "huber": float(huber_grad(0.0, r, delta=delta))}


# -- the guessing baselines: the best constant prediction of each task -------------------------------------------------
def baselines(k: int, variance: float) -> dict:
    """The loss of the do-nothing model for each task, computed by lossbook's own losses.

    - two balanced classes: predict p = 0.5 every time (binary cross-entropy, = ln 2);
    - ``k`` classes: give every class 1/k (categorical cross-entropy, = ln k);
    - regression: predict the mean of the targets every time (MSE, = their variance).

    >>> {task: round(float(v), 4) for task, v in baselines(10, 2.0).items()}
    {'binary': 0.6931, 'classes': 2.3026, 'regression': 2.0}
    """
    uniform = np.full((1, k), 1.0 / k)
    one_hot = np.eye(k)[:1]
    # Two targets at mean +- sqrt(variance) have exactly that variance; their mean is the best constant prediction.
    spread = np.sqrt(variance) * np.array([-1.0, 1.0])
    return {
        "binary": binary_cross_entropy([0.0, 1.0], [0.5, 0.5]),
        "classes": categorical_cross_entropy(one_hot, uniform),
        "regression": mse(spread, np.zeros(2)),
    }


# -- label smoothing: the target, and the confidence that minimises the smoothed loss ---------------------------------
def smoothed_target(true_class: int, n_classes: int, label_smoothing: float):
    """The smoothed target row: ``(1 - eps)`` on the true class plus ``eps / C`` on every class (Szegedy et al.).

    >>> smoothed_target(2, 4, 0.2).round(6).tolist()
    [0.05, 0.05, 0.85, 0.05]
    """
    target = np.full(n_classes, label_smoothing / n_classes)
    target[true_class] += 1.0 - label_smoothing
    return target


def best_gap(n_classes: int, label_smoothing: float) -> float:
    """The logit gap (true class minus every other class) where the smoothed loss is lowest; ``inf`` without smoothing.

    At the minimum the softmax equals the smoothed target, so ``exp(gap) = (1 - eps + eps/C) / (eps/C)``.

    >>> round(best_gap(10, 0.1), 4)
    4.5109
    """
    if label_smoothing <= 0.0:
        return math.inf
    return math.log1p(n_classes * (1.0 - label_smoothing) / label_smoothing)


# -- one example's losses as functions of its logit: MSE on the probability against cross-entropy ---------------------
def logit_losses(y, z):
    """``(mse, ce, mse_grad, ce_grad)`` of one example (or a grid) with label ``y`` and logit(s) ``z``.

    MSE is on the probability ``sigmoid(z)``; both slopes are with respect to the logit.

    >>> [round(float(v), 4) for v in logit_losses(1, -6.0)]   # a cat, confidently called a dog
    [0.9951, 6.0025, -0.0049, -0.9975]
    """
    z = np.asarray(z, dtype=float)
    t = np.full_like(z, float(y))
    p = sigmoid(z)
    return (mse(t, p, reduction="none"), binary_cross_entropy_with_logits(t, z, reduction="none"),
            mse_on_probability_grad_logit(t, z, reduction="none"),
            binary_cross_entropy_with_logits_grad(t, z, reduction="none"))


def fit_gaussian(p, direction, *, means=np.linspace(-4.0, 4.0, 161), widths=np.linspace(0.3, 4.0, 75), x=KL_GRID):
    """The Gaussian Q (``lossbook.datasets.discrete_gaussian`` on the grid ``x``) that minimises KL(P‖Q)
    (``direction="forward"``) or KL(Q‖P) (``"reverse"``), searched over every pair of ``means`` and ``widths``.
    Returns ``(mean, width, kl)``.

    A brute-force search (12,075 candidates by default), not gradient descent: slow for big problems, but it finds
    the best candidate on the grid for sure, so the mode-seeking answer is not an accident of the starting point.
    Ties (the two modes of a symmetric P) go to the first candidate, the one with the smaller mean.

    >>> from lossbook.datasets import bimodal
    >>> mean, width, kl = fit_gaussian(bimodal(), "forward")
    >>> abs(mean) < 0.1 and width > 1.5   # KL(P||Q) covers both bumps with one wide Gaussian
    True
    >>> mean, width, kl = fit_gaussian(bimodal(), "reverse")
    >>> round(mean, 2), round(width, 2)   # KL(Q||P) picks one bump (the left one: ties go to the smaller mean)
    (-2.0, 0.5)
    """
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' (KL(P||Q)) or 'reverse' (KL(Q||P)), got {direction!r}")
    p = np.asarray(p, dtype=float)
    m, w = np.meshgrid(np.asarray(means, dtype=float), np.asarray(widths, dtype=float), indexing="ij")
    q = discrete_gaussian(m.ravel(), w.ravel(), x)
    pp = np.broadcast_to(p, q.shape)
    kl = kl_divergence(pp, q, reduction="none") if direction == "forward" else kl_divergence(q, pp, reduction="none")
    best = int(np.argmin(kl))
    return float(m.ravel()[best]), float(w.ravel()[best]), float(kl[best])


# -- a line trained by gradient descent: the loss-landscape and training-curve widgets ----------------------------------
def line_mse(params, x, y):
    """MSE of the line ``w*x + b`` on the points ``(x, y)``, with ``params = (w, b)``.

    >>> line_mse((2.0, 1.0), [0.0, 1.0], [1.0, 4.0])   # predictions 1 and 3: errors 0 and 1
    0.5
    """
    x = np.asarray(x, dtype=float)
    return mse(y, params[0] * x + params[1])


def line_mse_grad(params, x, y):
    """``(dL/dw, dL/db)`` of ``line_mse``: the chain rule through ``mse_grad`` (the gradient with respect to the
    predictions), times ``x`` for the slope and 1 for the intercept.

    >>> line_mse_grad((2.0, 1.0), [0.0, 1.0], [1.0, 4.0]).tolist()   # dL/dŷ = (0, -1)
    [-1.0, -1.0]
    """
    x = np.asarray(x, dtype=float)
    g = mse_grad(y, params[0] * x + params[1])
    return np.array([np.dot(g, x), np.sum(g)])


def line_mse_grid(w, b, x, y):
    """``line_mse`` over a grid, vectorised (one call for the whole grid): ``Z[i, j] = line_mse((w[j], b[i]), x, y)``.

    >>> line_mse_grid(np.array([1.0, 2.0]), np.array([1.0]), [0.0, 1.0], [1.0, 3.0]).tolist()
    [[0.5, 0.0]]
    """
    x = np.asarray(x, dtype=float)
    pred = np.asarray(w)[None, :, None] * x + np.asarray(b)[:, None, None]
    return mse(np.broadcast_to(y, pred.shape), pred, reduction="none").mean(axis=-1)


#: The loss value beyond which a run counts as diverged (and stops, before anything overflows).
DIVERGED = 1e12


def gradient_descent_update(params, grad, lr, state):
    """One plain gradient-descent step: ``params - lr * grad`` (no state)."""
    return params - lr * grad, state


def momentum_update(params, grad, lr, state):
    """One heavy-ball momentum step (coefficient 0.9): the state is the velocity, ``0.9 * velocity + grad``."""
    velocity = 0.9 * (0.0 if state is None else state) + grad
    return params - lr * velocity, velocity


#: name -> update(params, grad, lr, state) -> (new params, new state); state starts as None.
RULES = {"gradient descent": gradient_descent_update, "momentum 0.9": momentum_update}


def run_training(loss_fn, grad_fn, params0, *, lr, steps, update=gradient_descent_update):
    """Run ``steps`` updates from ``params0``; return the losses at steps 0..steps (``inf`` after a divergence).

    ``update(params, grad, lr, state) -> (params, state)`` is the rule (see ``RULES``). A run whose loss exceeds
    ``DIVERGED`` or whose parameters stop being finite is stopped there; the remaining entries are ``inf``.

    >>> run_training(lambda p: float(p @ p), lambda p: 2 * p, [1.0], lr=0.25, steps=3).tolist()
    [1.0, 0.25, 0.0625, 0.015625]
    >>> run_training(lambda p: float(p @ p), lambda p: 2 * p, [1.0], lr=2.0, steps=2).tolist()   # |p| triples
    [1.0, 9.0, 81.0]
    """
    if not (isinstance(lr, (int, float)) and lr > 0 and np.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    params = np.array(params0, dtype=float)
    losses = np.full(steps + 1, np.inf)
    state = None
    for k in range(steps + 1):
        value = float(loss_fn(params))
        if not np.isfinite(value) or value > DIVERGED:
            break
        losses[k] = value
        if k == steps:
            break
        with np.errstate(over="ignore", invalid="ignore"):
            params, state = update(params, np.asarray(grad_fn(params), dtype=float), lr, state)
        if not np.all(np.isfinite(params)):
            break
    return losses


# -- a polynomial trained on a few points and checked on others: training against validation loss ---------------------
def _check_degree(degree):
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or not 0 <= degree <= 30:
        raise ValueError(f"degree must be a whole number from 0 to 30, got {degree!r}")
    return int(degree)


#: The two ways of writing a polynomial as a weighted sum of columns (``polynomial_features``'s ``basis``).
BASES = ("legendre", "power")


def polynomial_features(x, degree: int, *, basis: str = "legendre"):
    """The columns a polynomial of ``degree`` is made of, for ``x`` in [-1, 1]: shape ``(len(x), degree + 1)``.

    By default (``basis="legendre"``) not the plain powers ``1, x, x², ...``: those look alike on [-1, 1] (x⁸ and
    x¹⁰ are nearly the same curve), and gradient descent then crawls. These are the Legendre polynomials
    ``P_0, ..., P_degree``, each scaled by ``sqrt(2k + 1)`` so that every column has mean square 1 over [-1, 1]. Any
    polynomial of that degree is a weighted sum of them, so the model is the same; only the weights differ (which
    matters to a penalty on the weights: lesson 3.2). ``basis="power"`` gives the plain powers ``x**k``.

    >>> polynomial_features([0.0, 1.0], 2).round(4).tolist()   # P_0 = 1, P_1 = x, P_2 = (3x² - 1)/2, scaled
    [[1.0, 0.0, -1.118], [1.0, 1.7321, 2.2361]]
    >>> polynomial_features([0.5], 2, basis="power").tolist()
    [[1.0, 0.5, 0.25]]
    """
    degree = _check_degree(degree)
    if basis not in BASES:
        raise ValueError(f"basis must be one of {list(BASES)}, got {basis!r}")
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a 1-D array of finite numbers, got shape {x.shape}")
    if basis == "power":
        return np.vander(x, degree + 1, increasing=True)
    return np.polynomial.legendre.legvander(x, degree) * np.sqrt(2.0 * np.arange(degree + 1) + 1.0)


def predict_polynomial(weights, x, *, basis: str = "legendre"):
    """The polynomial's predictions at ``x``: ``polynomial_features(x, len(weights) - 1, basis=basis) @ weights``."""
    weights = np.asarray(weights, dtype=float)
    return polynomial_features(x, weights.shape[-1] - 1, basis=basis) @ weights.T


def fit_polynomial(x, y, degree: int, *, strength: float = 0.0, basis: str = "legendre"):
    """The weights of the polynomial of ``degree`` with the lowest training objective on ``(x, y)``: the MSE plus
    ``lb.l2_penalty(weights, strength=strength)`` (exact: the end point of training for ever). With ``strength=0``,
    least squares; where several fits are equally good (more weights than points), the smallest weights. ``basis``
    says which weights the penalty charges for (``polynomial_features``): with ``strength=0`` both bases give the
    same curve, with a penalty they do not.

    The minimum solves ``(AᵀA/n + strength·I) w = Aᵀy/n`` (ridge regression); it is computed as the least-squares
    solution of ``A`` stacked on ``sqrt(n·strength)·I``, which never forms ``AᵀA`` (better conditioned).

    >>> x = np.linspace(-1, 1, 5)
    >>> bool(np.allclose(predict_polynomial(fit_polynomial(x, x**2, 2), x), x**2))
    True
    >>> float(np.abs(fit_polynomial(x, x**2, 2, strength=1e6)).max()) < 1e-5   # a huge penalty: weights near 0
    True
    """
    features = polynomial_features(x, degree, basis=basis)
    y = np.asarray(y, dtype=float)
    if y.shape != (features.shape[0],):
        raise ValueError(f"y must hold one value per x, shape ({features.shape[0]},), got {y.shape}")
    strength = check_scalar(strength, "strength", low=0.0)
    if strength > 0:  # n * (mean squared error + strength * |w|²) = |A w - y|² + |sqrt(n strength) w - 0|²
        features = np.vstack([features, np.sqrt(features.shape[0] * strength) * np.eye(features.shape[1])])
        y = np.concatenate([y, np.zeros(features.shape[1])])
    return np.linalg.lstsq(features, y, rcond=None)[0]


class TrainingCurves(NamedTuple):
    """What ``train_polynomial`` records at steps 0, 1, ..., ``steps`` (index k: the model after k updates).

    ``train`` and ``val`` are the MSE on all training and all validation points; ``batch`` is the MSE on the
    mini-batch used at that step (what a training log prints: equal to ``train`` for full-batch training);
    ``weights`` has one row per step.
    """

    train: np.ndarray
    val: np.ndarray
    batch: np.ndarray
    weights: np.ndarray


def train_polynomial(data, degree: int = 9, *, lr: float = 0.05, steps: int = 3000, batch_size=None,
                     seed: int = 0, strength: float = 0.0) -> TrainingCurves:
    """Gradient descent on the MSE of a polynomial of ``degree`` from all-zero weights; both curves, every step.

    ``data`` is a ``lossbook.datasets.TrainVal`` (``x_train, y_train, x_val, y_val``). ``batch_size=None`` trains
    on every training point at each step (full batch); a number trains on mini-batches of that many points, taken
    in a shuffled order that is reshuffled after each pass through the data (an *epoch*; ``seed`` fixes the order).
    The validation points are never trained on: they are only scored. ``strength > 0`` adds the L2 penalty
    ``lb.l2_penalty(weights, strength=strength)`` to the objective, so its gradient joins the loss's in every update;
    ``train`` and ``val`` stay the plain MSE (the penalty is a training device, not part of the score).

    >>> from lossbook.datasets import wavy_data
    >>> c = train_polynomial(wavy_data(), 9, steps=200)
    >>> c.train.shape, c.weights.shape, bool(c.train[-1] < c.train[0])
    ((201,), (201, 10), True)
    """
    degree = _check_degree(degree)
    strength = check_scalar(strength, "strength", low=0.0)
    if not (isinstance(lr, (int, float, np.floating)) and not isinstance(lr, bool) and 0 < lr < np.inf):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 0 <= steps <= 1_000_000:
        raise ValueError(f"steps must be a whole number from 0 to 1,000,000, got {steps!r}")
    A = polynomial_features(data.x_train, degree)
    V = polynomial_features(data.x_val, degree)
    y, n = np.asarray(data.y_train, dtype=float), A.shape[0]
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
                                   or not 1 <= batch_size <= n):
        raise ValueError(f"batch_size must be None (full batch) or a whole number from 1 to {n}, got {batch_size!r}")
    size = n if batch_size is None else int(batch_size)
    rng = np.random.default_rng(seed)
    order = np.arange(n)
    weights = np.zeros((steps + 1, degree + 1))
    batch = np.empty(steps + 1)
    w = weights[0].copy()
    start = n  # position in the shuffled order; n means "shuffle first"
    for k in range(steps + 1):
        if start >= n:  # a new epoch: a new order (full-batch training takes every point, in any order)
            order, start = (rng.permutation(n) if size < n else order), 0
        rows = order[start:start + size]
        start += size
        r = A[rows] @ w - y[rows]
        weights[k], batch[k] = w, r @ r / rows.size
        # forward, loss, backward, update: A.T @ (2 r / m) is A.T @ lb.mse_grad(y, A @ w) (tested against it)
        grad = A[rows].T @ (2.0 * r / rows.size)
        if strength:  # the objective is the loss plus the penalty, so its gradient is their sum
            grad = grad + l2_penalty_grad(w, strength=strength)
        w = w - lr * grad
        if not np.abs(w).max() <= DIVERGED:  # also catches nan
            raise ValueError(f"training diverged at step {k + 1} with lr={lr}: use a smaller learning rate")
    with np.errstate(over="ignore"):
        train = mse(np.broadcast_to(y, (steps + 1, n)), weights @ A.T, reduction="none").mean(axis=1)
        val = mse(np.broadcast_to(data.y_val, (steps + 1, V.shape[0])), weights @ V.T, reduction="none").mean(axis=1)
    return TrainingCurves(train, val, batch, weights)


def early_stop(val, *, patience: int):
    """Early stopping on a validation curve: ``(stop, best)``.

    Training stops at the first step ``stop`` where the validation loss has not reached a new low for ``patience``
    steps, and keeps the weights of step ``best``, the lowest validation loss so far. A curve that never waits that
    long stops at its last step.

    >>> early_stop([0.9, 0.6, 0.5, 0.52, 0.48, 0.49, 0.51, 0.53, 0.55], patience=3)
    (7, 4)
    """
    val = np.asarray(val, dtype=float)
    if val.ndim != 1 or val.size == 0 or not np.all(np.isfinite(val)):
        raise ValueError("val must be a non-empty 1-D array of finite losses, one per step")
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
        raise ValueError(f"patience must be a whole number of steps, at least 1, got {patience!r}")
    best = 0
    for k in range(1, val.size):
        if val[k] < val[best]:
            best = k
        elif k - best >= patience:
            return k, best
    return val.size - 1, best

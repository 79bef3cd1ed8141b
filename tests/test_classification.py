"""Tests of the classification losses and their gradients.

Expected values come from hand calculation (shown next to each row), from mpmath at 50 significant digits, or from
scikit-learn and SciPy; never from the implementation's own output.
"""

import math
import warnings

import mpmath
import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook as lb
from gradcheck import numerical_gradient  # tests/ is on the import path, as for lab_browser

mpmath.mp.dps = 50

LN2 = 0.6931471805599453


def mp_float(x):
    return float(mpmath.mpf(x))


def mp_sigmoid(z):
    return 1 / (1 + mpmath.exp(-mpmath.mpf(z)))


def mp_softplus(z):
    z = mpmath.mpf(z)
    return z + mpmath.log1p(mpmath.exp(-z)) if z > 0 else mpmath.log1p(mpmath.exp(z))


def mp_focal_logits(y, z, alpha, gamma):
    """torchvision's sigmoid_focal_loss, element-wise, at 50 digits (mpmath)."""
    y = mpmath.mpf(y)
    p = mp_sigmoid(z)
    ce = y * mp_softplus(-z) + (1 - y) * mp_softplus(z)
    p_t = p * y + (1 - p) * (1 - y)
    a_t = 1 if alpha is None else alpha * y + (1 - alpha) * (1 - y)
    return a_t * ce * (1 - p_t) ** gamma


def quiet(f, *args, **kwargs):
    """Call f with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return f(*args, **kwargs)


# ------------------------------------------------------------------------------------------------------------------
# Specific values

VALUES = [
    # binary cross-entropy from probabilities: the newsletter numbers
    (lb.binary_cross_entropy, 1, 0.8, {}, 0.22314355131420976),  # a cat at 0.8: -ln 0.8
    (lb.binary_cross_entropy, 1, 0.2, {}, 1.6094379124341003),  # the cat at 0.2: -ln 0.2
    (lb.binary_cross_entropy, 1, 0.9, {}, 0.10536051565782628),  # -ln 0.9 = 0.10536
    (lb.binary_cross_entropy, 1, 0.7, {}, 0.35667494393873245),  # a dog at 70%
    (lb.binary_cross_entropy, 0, 0.6, {}, 0.916290731874155),  # -ln 0.4
    (lb.binary_cross_entropy, 0.5, 0.5, {}, LN2),
    (lb.binary_cross_entropy, 1, 0.0, {}, 100.0),  # log(0) clamped at -100
    (lb.binary_cross_entropy, 0, 1.0, {}, 100.0),
    (lb.binary_cross_entropy, 1, 1.0, {}, 0.0),
    (lb.binary_cross_entropy, 0, 0.0, {}, 0.0),
    (lb.binary_cross_entropy, 1, 1e-50, {}, 100.0),  # 50 ln 10 = 115.1, clamped
    (lb.binary_cross_entropy, 0, 1e-20, {}, 1e-20),  # -log1p(-1e-20): log(1 - p) would round this to 0
    (lb.binary_cross_entropy, [1, 0], [0.8, 0.6], {"reduction": "sum"}, 0.22314355131420976 + 0.916290731874155),
    # from logits
    (lb.binary_cross_entropy_with_logits, 1, math.log(4.0), {}, 0.22314355131420976),  # p = 0.8: ln 1.25
    (lb.binary_cross_entropy_with_logits, 1, 0.0, {}, LN2),
    (lb.binary_cross_entropy_with_logits, 0, 0.0, {}, LN2),
    (lb.binary_cross_entropy_with_logits, 1, 1e300, {}, 0.0),
    (lb.binary_cross_entropy_with_logits, 0, -1e300, {}, 0.0),
    (lb.binary_cross_entropy_with_logits, 1, -1e300, {}, 1e300),
    (lb.binary_cross_entropy_with_logits, 0, 1e300, {}, 1e300),
    (lb.binary_cross_entropy_with_logits, 0.5, 1e300, {}, 5e299),  # softplus(z) - z/2
    (lb.binary_cross_entropy_with_logits, 1, 40.0, {}, mp_float(mpmath.log1p(mpmath.exp(-40)))),  # 4.2e-18, kept
    (lb.binary_cross_entropy_with_logits, 0, -40.0, {}, mp_float(mpmath.log1p(mpmath.exp(-40)))),
    (lb.binary_cross_entropy_with_logits, 1, 0.0, {"pos_weight": 3.0}, 3 * LN2),
    (lb.binary_cross_entropy_with_logits, 0, 0.0, {"pos_weight": 3.0}, LN2),  # negatives are not weighted
    (lb.binary_cross_entropy_with_logits, 1, -1e300, {"pos_weight": 2.0}, 2e300),
    (lb.binary_cross_entropy_with_logits, 1, 40.0, {"pos_weight": 2.0}, 2 * mp_float(mpmath.log1p(mpmath.exp(-40)))),
    # categorical
    (lb.categorical_cross_entropy, [0, 1, 0], [0.1, 0.8, 0.1], {}, 0.22314355131420976),
    (lb.categorical_cross_entropy, [1, 0, 0], [0.4, 0.35, 0.25], {}, 0.916290731874155),  # -log(0.4) = 0.9163
    (lb.categorical_cross_entropy, [0.5, 0.5], [0.25, 0.75], {}, 0.5 * (1.3862943611198906 + 0.2876820724517809)),
    (lb.categorical_cross_entropy, [1, 0], [0.0, 1.0], {}, 100.0),  # clamped
    (lb.categorical_cross_entropy, [0, 1], [0.0, 1.0], {}, 0.0),  # 0 * log(0) counts as 0
    (lb.categorical_cross_entropy, [[0, 1], [1, 0]], [[0.3, 0.7], [0.7, 0.3]], {"reduction": "sum"}, 2 * 0.35667494393873245),
    (lb.categorical_cross_entropy_with_logits, [0, 1, 0], [math.log(0.1), math.log(0.8), math.log(0.1)], {}, 0.22314355131420976),
    (lb.categorical_cross_entropy_with_logits, [0, 1], [0.0, 1e300], {}, 0.0),
    (lb.categorical_cross_entropy_with_logits, [1, 0], [0.0, 1e300], {}, 1e300),
    (lb.categorical_cross_entropy_with_logits, [1, 0], [-1e300, 1e300], {}, 2e300),
    (lb.categorical_cross_entropy_with_logits, [1, 0], [0.0, 0.0], {"label_smoothing": 0.5}, LN2),
    # y_s = [0.9, 0.1]: -(0.9 ln 0.8 + 0.1 ln 0.2)
    (lb.categorical_cross_entropy_with_logits, [1, 0], [math.log(0.8), math.log(0.2)], {"label_smoothing": 0.2},
     0.9 * 0.22314355131420976 + 0.1 * 1.6094379124341003),
    # sparse
    (lb.sparse_categorical_cross_entropy, 0, [0.4, 0.35, 0.25], {}, 0.916290731874155),
    (lb.sparse_categorical_cross_entropy, [1, 0], [[0.3, 0.7], [0.7, 0.3]], {}, 0.35667494393873245),
    (lb.sparse_categorical_cross_entropy, [0], [[0.0, 1.0]], {}, 100.0),
    (lb.sparse_categorical_cross_entropy_with_logits, 1, [math.log(0.3), math.log(0.7)], {}, 0.35667494393873245),
    (lb.sparse_categorical_cross_entropy_with_logits, 0, [-1e300, 1e300], {}, 2e300),
    (lb.sparse_categorical_cross_entropy_with_logits, 1, [-1e300, 1e300], {}, 0.0),
    (lb.sparse_categorical_cross_entropy_with_logits, 1, [math.log(0.2), math.log(0.8)], {"label_smoothing": 0.2},
     0.9 * 0.22314355131420976 + 0.1 * 1.6094379124341003),
    (lb.sparse_categorical_cross_entropy_with_logits, 0, [0.0, 0.0, 0.0, 0.0], {"label_smoothing": 1.0}, math.log(4)),
    # hinge
    (lb.hinge, [1, 1, -1], [2.0, 0.5, 0.5], {"reduction": "sum"}, 2.0),  # 0 + 0.5 + 1.5
    (lb.hinge, 1, 1.0, {}, 0.0),  # exactly at the margin
    (lb.hinge, -1, 1e300, {}, 1e300),
    (lb.hinge, 1, 1e300, {}, 0.0),
    (lb.squared_hinge, [1, 1, -1], [2.0, 0.5, 0.5], {"reduction": "sum"}, 2.5),  # 0 + 0.25 + 2.25
    (lb.squared_hinge, 1, -1e150, {}, 1e300),
    (lb.squared_hinge, 1, -1e200, {}, math.inf),  # 1e400: inf is the correctly rounded value, without a warning
    (lb.multiclass_hinge, [0, 1], [[3.0, 1.0, 0.5], [1.0, 1.2, 0.0]], {"reduction": "sum"}, 0.8),  # 0 + (1 + 1 - 1.2)
    (lb.multiclass_hinge, [0], [[2.0, 1.0, 0.0]], {}, 0.0),  # exactly at the margin
    (lb.multiclass_hinge, [0], [[-1e300, 1e300]], {}, 2e300),
    (lb.multiclass_hinge, [1], [[-1e300, 1e300]], {}, 0.0),
    # focal, from probabilities
    (lb.focal, 1, 0.9, {"alpha": None, "gamma": 0.0}, 0.10536051565782628),
    (lb.focal, 1, 0.9, {"alpha": None, "gamma": 2.0}, 0.01 * 0.10536051565782628),
    (lb.focal, 1, 0.9, {}, 0.25 * 0.01 * 0.10536051565782628),
    (lb.focal, 0, 0.9, {}, 0.75 * 0.81 * 2.302585092994046),  # alpha_t = 0.75, 1 - p_t = 0.9, -ln 0.1
    (lb.focal, 1, 0.2, {"alpha": None, "gamma": 2.0}, 0.64 * 1.6094379124341003),
    (lb.focal, 1, 1.0, {"alpha": None, "gamma": 0.5}, 0.0),  # perfect: 0**0.5 * 0
    (lb.focal, 1, 0.0, {"alpha": None, "gamma": 0.5}, 100.0),  # certain and wrong: 1 * 100 (clamped)
    (lb.focal, 1, 0.0, {"alpha": None, "gamma": 0.0}, 100.0),
    # focal, from logits
    (lb.focal_with_logits, 1, math.log(9.0), {"alpha": None, "gamma": 0.0}, 0.10536051565782628),
    (lb.focal_with_logits, 1, math.log(9.0), {"alpha": None, "gamma": 2.0}, 0.01 * 0.10536051565782628),
    (lb.focal_with_logits, [1.0, 0.0], [1e300, -1e300], {}, 0.0),
    (lb.focal_with_logits, 1, -1e300, {"alpha": None}, 1e300),  # (1 - p_t)**2 = 1
    (lb.focal_with_logits, 0, 1e300, {}, 0.75e300),
    (lb.focal_with_logits, 1, 40.0, {"alpha": None, "gamma": 2.0}, mp_float(mp_focal_logits(1, 40, None, 2))),
    (lb.focal_with_logits, 0, -40.0, {"alpha": 0.25, "gamma": 0.5}, mp_float(mp_focal_logits(0, -40, 0.25, 0.5))),
    (lb.focal_with_logits, 1, 800.0, {"alpha": None, "gamma": 0.5}, 0.0),  # e^-800 underflows
    (lb.focal_with_logits, 0.3, 2.0, {"alpha": 0.25, "gamma": 1.5}, mp_float(mp_focal_logits(0.3, 2, 0.25, 1.5))),
]


@pytest.mark.parametrize("loss, y, pred, kwargs, expected", VALUES)
def test_specific_values(loss, y, pred, kwargs, expected):
    got = quiet(loss, y, pred, **kwargs)
    assert isinstance(got, float)
    if expected == 0.0 or math.isinf(expected):
        assert got == expected
    else:
        assert got == pytest.approx(expected, rel=1e-14, abs=0)


GRADIENTS = [
    (lb.binary_cross_entropy_grad, 1, 0.8, {}, -1.25),  # -1/0.8
    (lb.binary_cross_entropy_grad, 0, 0.8, {}, 5.0),  # 1/0.2
    (lb.binary_cross_entropy_grad, 1, 0.0, {}, -1e12),  # (0 - 1) / max(0, 1e-12)
    (lb.binary_cross_entropy_grad, 1, 1.0, {}, 0.0),
    (lb.binary_cross_entropy_grad, 0.3, 0.5, {}, 0.8),  # 0.2 / 0.25
    (lb.binary_cross_entropy_with_logits_grad, 1, 0.0, {}, -0.5),
    (lb.binary_cross_entropy_with_logits_grad, 0, 1e300, {}, 1.0),
    (lb.binary_cross_entropy_with_logits_grad, 1, -1e300, {}, -1.0),
    (lb.binary_cross_entropy_with_logits_grad, 1, 1e300, {}, 0.0),
    (lb.binary_cross_entropy_with_logits_grad, 0, -40.0, {}, mp_float(mp_sigmoid(-40))),  # 4.2e-18, not 0
    (lb.binary_cross_entropy_with_logits_grad, 1, 40.0, {}, -mp_float(mp_sigmoid(-40))),  # sigmoid(40) - 1, not 0
    (lb.binary_cross_entropy_with_logits_grad, 1, 40.0, {"pos_weight": 2.0}, -2 * mp_float(mp_sigmoid(-40))),
    (lb.binary_cross_entropy_with_logits_grad, 1, 0.0, {"pos_weight": 3.0}, -1.5),  # 3*0.5 - 3
    (lb.binary_cross_entropy_with_logits_grad, 0, 0.0, {"pos_weight": 3.0}, 0.5),
    (lb.categorical_cross_entropy_grad, [0, 1], [0.5, 0.5], {}, [0.0, -2.0]),
    (lb.categorical_cross_entropy_grad, [1, 0], [0.0, 1.0], {}, [-1e12, 0.0]),
    (lb.categorical_cross_entropy_with_logits_grad, [0, 1], [0.0, 0.0], {}, [0.5, -0.5]),
    (lb.categorical_cross_entropy_with_logits_grad, [1, 0], [-1e300, 1e300], {}, [-1.0, 1.0]),
    (lb.categorical_cross_entropy_with_logits_grad, [1, 0], [0.0, 0.0], {"label_smoothing": 0.2}, [-0.4, 0.4]),
    (lb.sparse_categorical_cross_entropy_grad, 1, [0.5, 0.5], {}, [0.0, -2.0]),
    (lb.sparse_categorical_cross_entropy_grad, [0, 1], [[0.5, 0.5], [0.2, 0.8]], {}, [[-1.0, 0.0], [0.0, -0.625]]),
    (lb.sparse_categorical_cross_entropy_with_logits_grad, 1, [0.0, 0.0], {}, [0.5, -0.5]),
    (lb.sparse_categorical_cross_entropy_with_logits_grad, 0, [0.0, 0.0], {"label_smoothing": 0.2}, [-0.4, 0.4]),
    (lb.sparse_categorical_cross_entropy_with_logits_grad, 0, [-1e300, 1e300], {}, [-1.0, 1.0]),
    (lb.hinge_grad, [1, 1, -1], [1.0, 0.5, 0.5], {"reduction": "sum"}, [0.0, -1.0, 1.0]),
    (lb.squared_hinge_grad, [1, -1], [0.5, 0.5], {"reduction": "sum"}, [-1.0, 3.0]),  # -2*y*slack
    (lb.squared_hinge_grad, [1], [1.0], {}, [0.0]),
    (lb.multiclass_hinge_grad, [1], [[1.0, 1.2, 0.0]], {}, [[1.0, -1.0, 0.0]]),
    (lb.multiclass_hinge_grad, [0], [[2.0, 1.0, 0.0]], {}, [[0.0, 0.0, 0.0]]),  # at the margin: inactive
    (lb.multiclass_hinge_grad, [0, 2], [[0.0, 1.0, 0.0], [3.0, 0.0, 0.0]], {}, [[-0.5, 0.5, 0.0], [0.5, 0.0, -0.5]]),
    (lb.focal_grad, 1, 0.5, {"alpha": None, "gamma": 0.0}, -2.0),
    (lb.focal_grad, 1, 1.0, {"alpha": None, "gamma": 0.5}, 0.0),  # perfect prediction, gamma < 1: finite (0)
    (lb.focal_with_logits_grad, 1, 0.0, {"alpha": None, "gamma": 0.0}, -0.5),
    (lb.focal_with_logits_grad, 1, 1e300, {"alpha": None, "gamma": 0.5}, 0.0),
    (lb.focal_with_logits_grad, 0, -1e300, {"alpha": 0.25, "gamma": 0.5}, 0.0),
    (lb.focal_with_logits_grad, 1, -1e300, {"alpha": None, "gamma": 2.0}, -1.0),  # (p - y) * 1, CE term * p(1-p) = 0
]


@pytest.mark.parametrize("grad, y, pred, kwargs, expected", GRADIENTS)
def test_specific_gradients(grad, y, pred, kwargs, expected):
    got = quiet(grad, y, pred, **kwargs)
    assert np.shape(got) == np.shape(pred)
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=0)


@pytest.mark.parametrize(
    "y, z, alpha, gamma",
    [(1, 40.0, None, 0.5), (1, 40.0, 0.25, 2.0), (0, -30.0, 0.25, 0.25), (1, -3.0, 0.25, 2.0), (0.3, 2.0, 0.25, 1.5),
     (0.7, -5.0, None, 0.1), (0, 0.5, 0.8, 3.0)],
)
def test_focal_with_logits_gradient_against_mpmath(y, z, alpha, gamma):
    # mpmath differentiates the 50-digit loss numerically: an independent check at saturated logits and gamma < 1,
    # where (1 - p_t)**(gamma - 1) would be infinite in float64.
    expected = mp_float(mpmath.diff(lambda v: mp_focal_logits(y, v, alpha, gamma), z))
    got = float(quiet(lb.focal_with_logits_grad, y, z, alpha=alpha, gamma=gamma))
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-300)


# ------------------------------------------------------------------------------------------------------------------
# Cross-checks against scikit-learn and SciPy


def random_rows(rng, n, c):
    z = rng.normal(scale=2.0, size=(n, c))
    return z, scipy.special.softmax(z, axis=-1)


def test_log_loss_matches_sklearn():
    from sklearn.metrics import log_loss

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 500)
    p = rng.uniform(0.01, 0.99, 500)
    assert lb.binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p), rel=1e-13)
    z, probs = random_rows(rng, 400, 5)
    labels = rng.integers(0, 5, 400)
    expected = log_loss(labels, probs, labels=range(5))
    assert lb.sparse_categorical_cross_entropy(labels, probs) == pytest.approx(expected, rel=1e-12)
    assert lb.categorical_cross_entropy(np.eye(5)[labels], probs) == pytest.approx(expected, rel=1e-12)
    assert lb.sparse_categorical_cross_entropy_with_logits(labels, z) == pytest.approx(expected, rel=1e-12)
    assert lb.categorical_cross_entropy_with_logits(np.eye(5)[labels], z) == pytest.approx(expected, rel=1e-12)


def test_hinge_matches_sklearn():
    from sklearn.metrics import hinge_loss

    rng = np.random.default_rng(1)
    y = rng.choice([-1, 1], 300)
    s = rng.normal(scale=2.0, size=300)
    # sklearn's argument order is the same (y_true, pred_decision); binary labels -1/+1 are used as they are.
    assert lb.hinge(y, s) == pytest.approx(hinge_loss(y, s), rel=1e-13)
    scores = rng.normal(scale=2.0, size=(300, 4))
    labels = rng.integers(0, 4, 300)
    # For more than two classes sklearn's hinge_loss is Crammer-Singer, like ours.
    assert lb.multiclass_hinge(labels, scores) == pytest.approx(hinge_loss(labels, scores, labels=range(4)), rel=1e-13)


@pytest.mark.parametrize("eps", [0.0, 0.1, 1.0])
def test_logits_cross_entropy_matches_scipy_log_softmax(eps):
    rng = np.random.default_rng(2)
    z = rng.normal(scale=5.0, size=(50, 7))
    y = rng.dirichlet(np.ones(7), 50)
    y_s = (1 - eps) * y + eps / 7
    expected = -(y_s * scipy.special.log_softmax(z, axis=-1)).sum(axis=-1)
    got = lb.categorical_cross_entropy_with_logits(y, z, label_smoothing=eps, reduction="none")
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    labels = rng.integers(0, 7, 50)
    y_s = (1 - eps) * np.eye(7)[labels] + eps / 7
    expected = -(y_s * scipy.special.log_softmax(z, axis=-1)).sum(axis=-1)
    got = lb.sparse_categorical_cross_entropy_with_logits(labels, z, label_smoothing=eps, reduction="none")
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_bce_with_logits_matches_expit_formula():
    rng = np.random.default_rng(3)
    z = rng.normal(scale=3.0, size=200)
    y = rng.uniform(size=200)
    w = 2.5
    p = scipy.special.expit(z)
    expected = -(w * y * np.log(p) + (1 - y) * np.log1p(-p))
    np.testing.assert_allclose(lb.binary_cross_entropy_with_logits(y, z, pos_weight=w, reduction="none"), expected, rtol=1e-12)
    np.testing.assert_allclose(lb.binary_cross_entropy_with_logits_grad(y, z, reduction="none"), p - y, rtol=1e-12, atol=1e-16)


def test_pos_weight_per_class():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(6, 3))
    y = rng.integers(0, 2, (6, 3)).astype(float)
    w = np.array([1.0, 2.0, 0.5])
    got = lb.binary_cross_entropy_with_logits(y, z, pos_weight=w, reduction="none")
    for c in range(3):
        col = lb.binary_cross_entropy_with_logits(y[:, c], z[:, c], pos_weight=w[c], reduction="none")
        np.testing.assert_allclose(got[:, c], col, rtol=1e-15)
    g = lb.binary_cross_entropy_with_logits_grad(y, z, pos_weight=w, reduction="none")
    p = scipy.special.expit(z)
    np.testing.assert_allclose(g, (1 + (w - 1) * y) * p - w * y, rtol=1e-12, atol=1e-16)


def test_sparse_equals_dense_one_hot():
    rng = np.random.default_rng(5)
    z, p = random_rows(rng, 20, 6)
    labels = rng.integers(0, 6, 20)
    one_hot = np.eye(6)[labels]
    for reduction in ("mean", "sum", "none"):
        np.testing.assert_allclose(
            lb.sparse_categorical_cross_entropy(labels, p, reduction=reduction),
            lb.categorical_cross_entropy(one_hot, p, reduction=reduction), rtol=1e-14)
        np.testing.assert_allclose(
            lb.sparse_categorical_cross_entropy_grad(labels, p, reduction=reduction),
            lb.categorical_cross_entropy_grad(one_hot, p, reduction=reduction), rtol=1e-14)
        np.testing.assert_allclose(
            lb.sparse_categorical_cross_entropy_with_logits_grad(labels, z, label_smoothing=0.1, reduction=reduction),
            lb.categorical_cross_entropy_with_logits_grad(one_hot, z, label_smoothing=0.1, reduction=reduction),
            rtol=1e-12, atol=1e-17)


def test_sparse_never_builds_a_one_hot_matrix():
    # Memory, not a list of forbidden helpers: a one-hot matrix built any way (np.eye, a comparison with arange,
    # put_along_axis into zeros) costs at least one byte per entry (bool), 20 MB here. The loss needs one value per
    # row, so its peak stays far below that; the gradient must return rows x classes float64 values itself (160 MB)
    # and may add little more, while a one-hot matrix beside it would add at least 12.5%.
    import tracemalloc

    rows, classes = 20000, 1000
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.ones(classes), rows)
    labels = rng.integers(0, classes, rows)
    smallest_one_hot = rows * classes  # bytes of a boolean one-hot matrix
    gradient_bytes = rows * classes * 8

    def peak(f):
        tracemalloc.start()
        try:
            f(labels, p)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak(lb.sparse_categorical_cross_entropy) < smallest_one_hot / 4
    assert peak(lb.sparse_categorical_cross_entropy_grad) < gradient_bytes + smallest_one_hot / 2


# ------------------------------------------------------------------------------------------------------------------
# Gradients against central finite differences, every reduction




def _cases():
    rng = np.random.default_rng(6)
    y01 = rng.uniform(size=(3, 4))
    hard = rng.integers(0, 2, (3, 4)).astype(float)
    p = rng.uniform(0.05, 0.95, (3, 4))
    z = rng.normal(scale=2.0, size=(3, 4))
    rows = scipy.special.softmax(rng.normal(size=(3, 4)), axis=-1)
    labels = rng.integers(0, 4, 3)
    soft_rows = rng.dirichlet(np.ones(4), 3)
    pm = rng.choice([-1.0, 1.0], (3, 4))
    scores = pm * (1 + rng.choice([-1, 1], (3, 4)) * rng.uniform(0.1, 0.9, (3, 4)))  # y*s away from 1
    mc = rng.normal(size=(3, 4))
    mc[np.arange(3), labels] += rng.choice([-1.5, 0.2, 3.0], 3)  # margins away from 0 (the last is inactive)
    return [
        ("binary_cross_entropy", y01, p, {}, 1e-6),
        ("binary_cross_entropy_with_logits", y01, z, {}, 1e-6),
        ("binary_cross_entropy_with_logits", hard, z, {"pos_weight": 2.5}, 1e-6),
        ("binary_cross_entropy_with_logits", hard, z, {"pos_weight": np.array([0.5, 1.0, 2.0, 4.0])}, 1e-6),
        ("categorical_cross_entropy", soft_rows, rows, {}, 1e-8),  # small steps keep rows summing to 1 within 1e-6
        ("categorical_cross_entropy_with_logits", soft_rows, z, {}, 1e-6),
        ("categorical_cross_entropy_with_logits", soft_rows, z, {"label_smoothing": 0.3}, 1e-6),
        ("sparse_categorical_cross_entropy", labels, rows, {}, 1e-8),
        ("sparse_categorical_cross_entropy_with_logits", labels, z, {}, 1e-6),
        ("sparse_categorical_cross_entropy_with_logits", labels, z, {"label_smoothing": 0.3}, 1e-6),
        ("hinge", pm, scores, {}, 1e-6),
        ("squared_hinge", pm, scores, {}, 1e-6),
        ("multiclass_hinge", labels, mc, {}, 1e-6),
        ("focal", y01, p, {}, 1e-6),
        ("focal", hard, p, {"alpha": None, "gamma": 0.5}, 1e-6),
        ("focal_with_logits", y01, z, {}, 1e-6),
        ("focal_with_logits", hard, z, {"alpha": 0.7, "gamma": 0.3}, 1e-6),
    ]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("case", _cases(), ids=lambda c: c[0] + ("+" + ",".join(c[3]) if c[3] else ""))
def test_gradient_matches_finite_differences(case, reduction):
    name, y, pred, kwargs, step = case
    loss, grad = getattr(lb, name), getattr(lb, name + "_grad")

    def total(x):
        return float(np.sum(loss(y, x, reduction=reduction, **kwargs)))  # "none": derivatives of the sum

    expected = numerical_gradient(total, pred, rel_step=step)
    tolerance = 1e-5 if step >= 1e-6 else 1e-4
    np.testing.assert_allclose(grad(y, pred, reduction=reduction, **kwargs), expected, rtol=tolerance, atol=1e-7)


# ------------------------------------------------------------------------------------------------------------------
# Properties

probability = st.floats(min_value=0.0, max_value=1.0)
logit = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False, allow_infinity=False)
shapes = hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=5)


def check_finite_non_negative(loss, grad, y, pred, **kwargs):
    y_copy, pred_copy = np.array(y, copy=True), np.array(pred, copy=True)
    for a in (y, pred):
        if isinstance(a, np.ndarray):
            a.setflags(write=False)  # any write to an input would raise
    for reduction in ("mean", "sum", "none"):
        value = np.asarray(quiet(loss, y, pred, reduction=reduction, **kwargs))
        g = quiet(grad, y, pred, reduction=reduction, **kwargs)
        assert np.all(np.isfinite(value)) and np.all(value >= 0)
        assert g.shape == np.shape(pred) and np.all(np.isfinite(g))
    np.testing.assert_array_equal(y, y_copy)
    np.testing.assert_array_equal(pred, pred_copy)


@given(shapes.flatmap(lambda s: st.tuples(hnp.arrays(np.float64, s, elements=probability), hnp.arrays(np.float64, s, elements=probability))),
       st.floats(0.0, 5.0), st.one_of(st.none(), st.floats(0.0, 1.0)))
def test_probability_losses_properties(pair, gamma, alpha):
    y, p = pair
    check_finite_non_negative(lb.binary_cross_entropy, lb.binary_cross_entropy_grad, y, p)
    check_finite_non_negative(lb.focal, lb.focal_grad, y, p, alpha=alpha, gamma=gamma)


@given(shapes.flatmap(lambda s: st.tuples(hnp.arrays(np.float64, s, elements=probability), hnp.arrays(np.float64, s, elements=logit))),
       st.floats(0.0, 5.0), st.one_of(st.none(), st.floats(0.0, 1.0)), st.one_of(st.none(), st.floats(0.0, 10.0)))
def test_logit_losses_properties(pair, gamma, alpha, pos_weight):
    y, z = pair
    check_finite_non_negative(lb.binary_cross_entropy_with_logits, lb.binary_cross_entropy_with_logits_grad, y, z, pos_weight=pos_weight)
    check_finite_non_negative(lb.focal_with_logits, lb.focal_with_logits_grad, y, z, alpha=alpha, gamma=gamma)


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 5)), elements=logit), st.data(), st.floats(0.0, 1.0))
def test_row_losses_properties(z, data, eps):
    n, c = z.shape
    labels = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
    soft = data.draw(hnp.arrays(np.float64, (n, c), elements=probability))
    check_finite_non_negative(lb.sparse_categorical_cross_entropy_with_logits, lb.sparse_categorical_cross_entropy_with_logits_grad,
                              labels, z, label_smoothing=eps)
    check_finite_non_negative(lb.categorical_cross_entropy_with_logits, lb.categorical_cross_entropy_with_logits_grad, soft, z,
                              label_smoothing=eps)
    check_finite_non_negative(lb.multiclass_hinge, lb.multiclass_hinge_grad, labels, z)
    p = lb.softmax(np.clip(z, -700, 700))
    check_finite_non_negative(lb.categorical_cross_entropy, lb.categorical_cross_entropy_grad, soft, p)
    check_finite_non_negative(lb.sparse_categorical_cross_entropy, lb.sparse_categorical_cross_entropy_grad, labels, p)


@given(shapes.flatmap(lambda s: st.tuples(hnp.arrays(np.float64, s, elements=st.sampled_from([-1.0, 1.0])),
                                           hnp.arrays(np.float64, s, elements=logit))))
def test_hinge_properties(pair):
    y, s = pair
    check_finite_non_negative(lb.hinge, lb.hinge_grad, y, s)
    check_finite_non_negative(lb.squared_hinge, lb.squared_hinge_grad, y, np.clip(s, -1e150, 1e150))


@given(shapes.flatmap(lambda s: st.tuples(hnp.arrays(np.float64, s, elements=probability), hnp.arrays(np.float64, s, elements=probability))))
def test_focal_gamma0_is_bce(pair):
    # The same number up to the order of rounding (not bit for bit: the two are written as different formulas).
    y, p = pair
    for reduction in ("mean", "sum", "none"):
        np.testing.assert_allclose(lb.focal(y, p, alpha=None, gamma=0.0, reduction=reduction),
                                   lb.binary_cross_entropy(y, p, reduction=reduction), rtol=1e-15, atol=0)
        np.testing.assert_allclose(lb.focal_grad(y, p, alpha=None, gamma=0.0, reduction=reduction),
                                   lb.binary_cross_entropy_grad(y, p, reduction=reduction), rtol=1e-15, atol=0)


@given(shapes.flatmap(lambda s: st.tuples(hnp.arrays(np.float64, s, elements=probability), hnp.arrays(np.float64, s, elements=logit))))
def test_focal_with_logits_gamma0_is_bce_with_logits(pair):
    y, z = pair
    np.testing.assert_allclose(lb.focal_with_logits(y, z, alpha=None, gamma=0.0, reduction="none"),
                               lb.binary_cross_entropy_with_logits(y, z, reduction="none"), rtol=1e-15, atol=0)
    np.testing.assert_allclose(lb.focal_with_logits_grad(y, z, alpha=None, gamma=0.0, reduction="none"),
                               lb.binary_cross_entropy_with_logits_grad(y, z, reduction="none"), rtol=1e-15, atol=0)


@given(shapes.flatmap(lambda s: st.tuples(hnp.arrays(np.float64, s, elements=probability),
                                           hnp.arrays(np.float64, s, elements=st.floats(-15.0, 15.0)))),
       st.floats(0.0, 4.0), st.one_of(st.none(), st.floats(0.0, 1.0)))
def test_focal_logits_agrees_with_focal_of_sigmoid(pair, gamma, alpha):
    y, z = pair
    p = scipy.special.expit(z)  # |z| <= 15 keeps 1 - p accurate to ~1e-9 in the probability form
    np.testing.assert_allclose(lb.focal_with_logits(y, z, alpha=alpha, gamma=gamma, reduction="none"),
                               lb.focal(y, p, alpha=alpha, gamma=gamma, reduction="none"), rtol=1e-7, atol=1e-12)


# ------------------------------------------------------------------------------------------------------------------
# Bad input

BINARY = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "focal", "focal_with_logits"]


def both(name):
    return [getattr(lb, name), getattr(lb, name + "_grad")]


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize(
    "y, pred, error, words",
    [
        (np.zeros((3, 1)), np.full(3, 0.5), ValueError, ["y_true", "(3, 1)", "(3,)"]),
        ([], [], ValueError, ["y_true", "empty"]),
        ([1.0, np.nan], [0.5, 0.5], ValueError, ["y_true", "NaN"]),
        (["cat", "dog"], [0.5, 0.5], TypeError, ["y_true", "numeric"]),
        ([1.2, 0.0], [0.5, 0.5], ValueError, ["y_true", "[0, 1]"]),
    ],
)
def test_bad_binary_input(name, y, pred, error, words):
    for f in both(name):
        with pytest.raises(error) as info:
            f(y, pred)
        for word in words:
            assert word in str(info.value)


@pytest.mark.parametrize("name", ["binary_cross_entropy", "focal"])
@pytest.mark.parametrize("p", [[1.5, 0.5], [-0.1, 0.5], [np.inf, 0.5]])
def test_probabilities_outside_unit_interval(name, p):
    for f in both(name):
        with pytest.raises(ValueError, match="p_pred"):
            f([1.0, 0.0], p)


@pytest.mark.parametrize("name", ["binary_cross_entropy", "focal"])
def test_prices_as_labels_point_to_regression(name):
    for f in both(name):
        with pytest.raises(ValueError, match="y_true must hold labels in .*mean_squared_error"):
            f([320000.0], [0.5] if "logits" not in f.__name__ else [0.0])


def test_logits_name_in_messages():
    with pytest.raises(ValueError, match="logits"):
        lb.binary_cross_entropy_with_logits([1.0], [np.nan])
    with pytest.raises(ValueError, match="logits"):
        lb.focal_with_logits_grad([1.0, 0.0], [[1.0, 2.0]])


@pytest.mark.parametrize("name", ["categorical_cross_entropy", "sparse_categorical_cross_entropy"])
def test_unnormalised_rows_mention_softmax(name):
    y = [0, 1] if name.startswith("sparse") else [[1, 0], [0, 1]]
    for f in both(name):
        with pytest.raises(ValueError, match="softmax"):
            f(y, [[2.0, -1.0], [0.3, 0.3]])  # raw scores: outside [0, 1]
        with pytest.raises(ValueError, match="softmax"):
            f(y, [[0.5, 0.4], [0.3, 0.7]])  # in [0, 1] but the first row sums to 0.9


@pytest.mark.parametrize("name", ["sparse_categorical_cross_entropy", "sparse_categorical_cross_entropy_with_logits", "multiclass_hinge"])
@pytest.mark.parametrize(
    "labels, error, words",
    [
        ([0, 3], ValueError, ["labels", "[0, 3)"]),
        ([-1, 0], ValueError, ["labels", "[0, 3)"]),
        ([0.5, 1.0], ValueError, ["labels", "whole-number"]),
        ([0, 1, 2], ValueError, ["labels", "(3,)", "(2,)"]),
        ([[1, 0, 0], [0, 1, 0]], ValueError, ["labels", "one-hot"]),
        (["a", "b"], TypeError, ["labels"]),
    ],
)
def test_bad_labels(name, labels, error, words):
    pred = [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]
    for f in both(name):
        with pytest.raises(error) as info:
            f(labels, pred)
        for word in words:
            assert word in str(info.value)


@pytest.mark.parametrize("name", ["hinge", "squared_hinge"])
def test_hinge_rejects_01_labels(name):
    for f in both(name):
        with pytest.raises(ValueError) as info:
            f([0, 1, 1], [0.2, -0.3, 1.5])
        assert "2*y - 1" in str(info.value) and "y_true" in str(info.value)
        with pytest.raises(ValueError, match="y_true"):
            f([0.5, 1.0], [0.2, -0.3])


def test_multiclass_hinge_needs_two_classes():
    with pytest.raises(ValueError, match="2 classes"):
        lb.multiclass_hinge([0], [[1.0]])


@pytest.mark.parametrize("name", ["categorical_cross_entropy_with_logits", "sparse_categorical_cross_entropy_with_logits"])
@pytest.mark.parametrize("eps", [-0.1, 1.5, np.nan])
def test_bad_label_smoothing(name, eps):
    y = [0] if name.startswith("sparse") else [[1.0, 0.0]]
    for f in both(name):
        with pytest.raises(ValueError, match="label_smoothing"):
            f(y, [[0.0, 1.0]], label_smoothing=eps)


@pytest.mark.parametrize("name", ["focal", "focal_with_logits"])
@pytest.mark.parametrize("kwargs, word", [({"gamma": -1.0}, "gamma"), ({"alpha": 1.5}, "alpha"), ({"alpha": -0.1}, "alpha"),
                                          ({"gamma": "2"}, "gamma")])
def test_bad_focal_parameters(name, kwargs, word):
    for f in both(name):
        with pytest.raises((ValueError, TypeError), match=word):
            f([1.0], [0.5], **kwargs)


@pytest.mark.parametrize("pos_weight, word", [(-1.0, "pos_weight"), (np.array([1.0, 2.0, 3.0]), "pos_weight"),
                                              (np.array([1.0, -2.0]), "pos_weight")])
def test_bad_pos_weight(pos_weight, word):
    for f in both("binary_cross_entropy_with_logits"):
        with pytest.raises(ValueError, match=word):
            f([[1.0, 0.0]], [[0.5, 0.5]], pos_weight=pos_weight)


ALL = [n for n in lb.losses.classification.__all__ if not n.endswith("_grad")]


@pytest.mark.parametrize("name", ALL)
def test_bad_reduction(name):
    y, pred = ([1.0], [0.5])
    if "sparse" in name or name == "multiclass_hinge":
        y, pred = [0], [[0.5, 0.5]]
    elif "categorical" in name:
        y, pred = [[1.0, 0.0]], [[0.5, 0.5]]
    for f in both(name):
        f(y, pred)  # the valid call works
        with pytest.raises(ValueError, match="reduction"):
            f(y, pred, reduction="avg")


def test_every_name_exported_with_its_gradient():
    for name in ALL:
        assert name in lb.__all__ and name + "_grad" in lb.__all__


def test_inactive_hinge_gradients_are_positive_zero():
    # The contract: at a kink or beyond the margin the subgradient is 0. Printed, -0.0 would confuse a learner.
    for grad in (
        lb.squared_hinge_grad([1.0, -1.0, 1.0], [1.0, -1.0, 3.0], reduction="none"),
        lb.hinge_grad([1.0, -1.0], [1.0, -2.0], reduction="none"),
        lb.multiclass_hinge_grad([0], [[2.0, 1.0, 0.0]], reduction="none"),
    ):
        assert np.all(grad == 0.0) and not np.any(np.signbit(grad))


def test_categorical_gradient_of_a_zero_target_class_is_positive_zero():
    g = lb.categorical_cross_entropy_grad([[0.0, 1.0, 0.0]], [[0.2, 0.5, 0.3]], reduction="none")
    assert g[0, 0] == 0.0 and g[0, 2] == 0.0 and not np.any(np.signbit(g[0, [0, 2]]))


# ------------------------------------------------------------------------------------------------------------------
# Finite inputs near the float64 limit (|z| up to 1.8e308): right values, no RuntimeWarning

BIG = 1.7e308


def test_categorical_with_logits_zero_target_beside_an_unrepresentable_gap():
    # log_softmax of the second class is -3.4e308, beyond the float range (-inf); its target is 0, so it adds 0.
    assert quiet(lb.categorical_cross_entropy_with_logits, [[1, 0]], [[BIG, -BIG]]) == 0.0
    assert quiet(lb.categorical_cross_entropy_with_logits, [[0, 1], [1, 0]], [[-BIG, BIG], [BIG, -BIG]], reduction="sum") == 0.0
    assert quiet(lb.sparse_categorical_cross_entropy_with_logits, [0], [[BIG, -BIG]], label_smoothing=1.0) == math.inf
    np.testing.assert_array_equal(quiet(lb.categorical_cross_entropy_with_logits_grad, [[1, 0]], [[BIG, -BIG]]), [[0.0, 0.0]])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_logit_losses_near_the_float_limit(reduction):
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.5])
    z = np.array([BIG, -BIG, -BIG, BIG, BIG])
    for gamma in (0.0, 0.5, 2.0, 5.0):
        # 0 where right; |z| where wrong (1 - p_t = 1); the soft label: |z|/2 times (1/2)**gamma
        soft = BIG / 2 * 0.5**gamma
        want = {"none": [0.0, 0.0, BIG, BIG, soft], "mean": 2 * (BIG / 5) + soft / 5, "sum": math.inf}[reduction]  # sum > 1.8e308
        got = quiet(lb.focal_with_logits, y, z, alpha=None, gamma=gamma, reduction=reduction)
        np.testing.assert_allclose(got, want, rtol=1e-15)
        if gamma == 0.0:
            np.testing.assert_allclose(quiet(lb.binary_cross_entropy_with_logits, y, z, reduction=reduction), want, rtol=1e-15)
        g = quiet(lb.focal_with_logits_grad, y, z, alpha=None, gamma=gamma, reduction="none")
        # p - y where the factor is 1 (wrong) and 0 (right); the soft label: (1/2)**gamma * ((p - y) + 0): p(1-p) = 0
        np.testing.assert_array_equal(g, [0.0, 0.0, -1.0, 1.0, 0.5 * 0.5**gamma])
    np.testing.assert_array_equal(quiet(lb.binary_cross_entropy_with_logits_grad, y, z, reduction="none"),
                                  [0.0, 0.0, -1.0, 1.0, 0.5])


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_row_losses_whose_total_overflows(reduction):
    # Each row is right at the float limit; the mean of the rows is too, while their sum is beyond it (inf).
    labels, scores = [0, 0], [[0.0, BIG], [0.0, BIG]]
    expected = BIG if reduction == "mean" else math.inf
    assert quiet(lb.sparse_categorical_cross_entropy_with_logits, labels, scores, reduction=reduction) == expected
    assert quiet(lb.categorical_cross_entropy_with_logits, [[1, 0], [1, 0]], scores, reduction=reduction) == expected
    assert quiet(lb.multiclass_hinge, labels, scores, reduction=reduction) == pytest.approx(expected, rel=1e-15)
    for grad in (lb.sparse_categorical_cross_entropy_with_logits_grad, lb.multiclass_hinge_grad):
        assert np.all(np.isfinite(quiet(grad, labels, scores, reduction=reduction)))


def test_focal_with_a_huge_gamma():
    # (1 - p_t)**1e308 is 0 for every imperfect-but-not-hopeless prediction: loss and gradient 0, no overflow, no NaN.
    y, p = [1.0, 1.0, 0.0, 1.0], [0.5, 0.1, 0.9, 1e-3]
    for alpha in (None, 0.25, 0.0, 1.0):
        assert quiet(lb.focal, 1, 0.5, alpha=alpha, gamma=1e308) == 0.0
        np.testing.assert_array_equal(quiet(lb.focal, y, p, alpha=alpha, gamma=1e308, reduction="none"), 0.0)
        np.testing.assert_array_equal(quiet(lb.focal_grad, y, p, alpha=alpha, gamma=1e308, reduction="none"), 0.0)
        np.testing.assert_array_equal(quiet(lb.focal_with_logits_grad, y, [0.0, -2.0, 2.0, -20.0], alpha=alpha,
                                            gamma=1e308, reduction="none"), 0.0)


def test_pos_weight_at_the_float_limit():
    y, z = [1.0, 0.0, 0.5, 1.0], [1e154, 1e154, 1e154, -1e154]
    # w*y*softplus(-z) + (1 - y)*softplus(z): 1e300 * 0 where right; 1e300 * 1e154 = 1e454 is beyond the range: inf
    got = quiet(lb.binary_cross_entropy_with_logits, y, z, pos_weight=1e300, reduction="none")
    np.testing.assert_array_equal(got, [0.0, 1e154, 5e153, math.inf])
    g = quiet(lb.binary_cross_entropy_with_logits_grad, y, z, pos_weight=1e300, reduction="none")
    np.testing.assert_array_equal(g, [0.0, 1.0, 0.5, -1e300])  # (1 + (w - 1)*y)*sigmoid(z) - w*y


@pytest.mark.parametrize("name, kwargs", [("focal", {"gamma": 10**400}), ("focal", {"alpha": 10**400}),
                                          ("binary_cross_entropy_with_logits", {"pos_weight": 10**400}),
                                          ("categorical_cross_entropy_with_logits", {"label_smoothing": 10**400}),
                                          ("sparse_categorical_cross_entropy_with_logits", {"label_smoothing": -10**400})])
def test_huge_integer_hyperparameters_name_the_argument(name, kwargs):
    y, pred = ([[1.0, 0.0]], [[0.5, 0.5]]) if "categorical" in name else ([1.0], [0.5])
    if name.startswith("sparse"):
        y = [0]
    for f in both(name):
        with pytest.raises(ValueError, match=f"^{next(iter(kwargs))} must be a finite float64 number"):
            f(y, pred, **kwargs)


def test_masked_arrays_are_refused_by_name():
    masked = np.ma.masked_array([0.2, 0.7], mask=[False, True])
    for f in both("binary_cross_entropy"):
        with pytest.raises(TypeError, match="^p_pred is a masked array"):
            f([1.0, 0.0], masked)
    with pytest.raises(TypeError, match="^labels is a masked array"):
        lb.sparse_categorical_cross_entropy(np.ma.masked_array([0, 1], mask=[False, True]), [[0.5, 0.5], [0.5, 0.5]])


@pytest.mark.parametrize("name", ALL)
def test_array_reduction_gets_lossbooks_message(name):
    y, pred = ([0], [[0.5, 0.5]]) if ("sparse" in name or name == "multiclass_hinge") else \
        ([[1.0, 0.0]], [[0.5, 0.5]]) if "categorical" in name else ([1.0], [0.5])
    for f in both(name):
        with pytest.raises(ValueError, match=r"^reduction must be one of \('mean', 'sum', 'none'\), got array"):
            f(y, pred, reduction=np.array(["mean", "sum"]))


def _float32_softmax(z):
    """A float32 softmax normalised by a running float32 sum, as a simple kernel accumulates it."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / np.cumsum(e, axis=-1, dtype=np.float32)[..., -1:]


def test_float32_distributions_get_a_tolerance_for_their_precision():
    rng = np.random.default_rng(8)
    p = _float32_softmax(rng.normal(size=(4, 10_000)).astype(np.float32))
    assert p.dtype == np.float32
    assert np.max(np.abs(p.astype(np.float64).sum(axis=-1) - 1.0)) > 1e-6  # refused by a float64 tolerance
    assert np.max(np.abs(p.astype(np.float64).sum(axis=-1) - 1.0)) < 1e4 * np.finfo(np.float32).eps  # float32 rounding
    labels = p.argmax(axis=-1)
    expected = -np.log(p[np.arange(4), labels].astype(np.float64)).mean()
    assert lb.sparse_categorical_cross_entropy(labels, p) == pytest.approx(expected, rel=1e-12)
    assert lb.categorical_cross_entropy(np.eye(10_000)[labels], p) == pytest.approx(expected, rel=1e-12)
    # float64 keeps the contract's 1e-6, and the message shows how far off the sum is
    with pytest.raises(ValueError, match=r"a row sums to 1\.0000015; did you forget a softmax\?"):
        lb.sparse_categorical_cross_entropy([0], [[0.5, 0.5000015]])
    # float32 far off is still refused, and the message suggests float64
    with pytest.raises(ValueError, match=r"a row sums to 0\.9 \(float32 input with 2 classes .* float64"):
        lb.categorical_cross_entropy([[1.0, 0.0]], np.float32([[0.5, 0.4]]))

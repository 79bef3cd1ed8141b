"""InfoNCE (lb.info_nce, lb.info_nce_grad): values worked by hand, a reference written with plain loops over Python
floats, the ln N value of a network that cannot tell the candidates apart, finite-difference gradients, extremes,
and bad-input messages."""

import math

import numpy as np
import pytest

import lossbook as lb
from gradcheck import numerical_gradient  # tests/ is on the import path


def _loops(anchor, positive, temperature, symmetric=False):
    """Per-row InfoNCE with lists and the math module only: normalise, cosine, then -log of a softmax entry."""
    def unit(row):
        length = math.sqrt(math.fsum(x * x for x in row))
        return [x / length for x in row]

    a = [unit(list(map(float, r))) for r in anchor]
    p = [unit(list(map(float, r))) for r in positive]
    n = len(a)
    s = [[math.fsum(x * y for x, y in zip(a[i], p[j])) for j in range(n)] for i in range(n)]

    def minus_log_softmax(row, i):
        return -(row[i] / temperature - math.log(math.fsum(math.exp(v / temperature) for v in row)))

    rows = [minus_log_softmax(s[i], i) for i in range(n)]
    if symmetric:
        cols = [minus_log_softmax([s[j][i] for j in range(n)], i) for i in range(n)]
        rows = [0.5 * (r + c) for r, c in zip(rows, cols)]
    return rows


# (anchor, positive, temperature, expected) -- each expected value is worked out by hand in its comment.
HAND = [
    # every similarity equal (all anchors alike, all positives alike): -log(1/N) = ln N
    ([[1.0, 0.0]] * 2, [[0.0, 1.0]] * 2, 0.1, math.log(2)),
    ([[3.0, 4.0]] * 5, [[-4.0, 3.0]] * 5, 0.07, math.log(5)),
    # matched orthonormal pairs: s = identity, each row -log(e^{1/t} / (e^{1/t} + (N-1))) = log(1 + (N-1) e^{-1/t})
    ([[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 0.5]], 1.0, math.log1p(math.exp(-1.0))),
    ([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], 0.5, math.log1p(math.exp(-2.0))),
    (np.eye(3).tolist(), np.eye(3).tolist(), 0.25, math.log1p(2 * math.exp(-4.0))),
    # swapped pairs: each anchor's positive is orthogonal, its negative identical: log(1 + e^{1/t})
    ([[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]], 1.0, math.log1p(math.e)),
    # opposite positives (s_ii = -1), orthogonal negatives: log(1 + e^{1/t}) per row with t = 1, N = 2
    ([[1.0, 0.0], [0.0, 1.0]], [[-1.0, 0.0], [0.0, -1.0]], 1.0, math.log1p(math.e)),
]


@pytest.mark.parametrize("anchor, positive, temperature, expected", HAND)
def test_values_worked_by_hand(anchor, positive, temperature, expected):
    got = lb.info_nce(anchor, positive, temperature=temperature)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-13)
    # symmetric: every example above is symmetric in rows and columns, so both directions agree
    assert lb.info_nce(anchor, positive, temperature=temperature, symmetric=True) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("symmetric", [False, True])
def test_matches_a_plain_loop_reference(seed, symmetric):
    rng = np.random.default_rng(seed)
    n, d = rng.integers(1, 7), rng.integers(1, 5)
    a, p = rng.normal(size=(n, d)) * 3, rng.normal(size=(n, d))
    t = float(rng.choice([0.05, 0.1, 0.5, 2.0]))
    expected = _loops(a.tolist(), p.tolist(), t, symmetric)
    got = lb.info_nce(a, p, temperature=t, symmetric=symmetric, reduction="none")
    assert got.shape == (n,)
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-14)
    assert lb.info_nce(a, p, temperature=t, symmetric=symmetric) == pytest.approx(math.fsum(expected) / n, rel=1e-12)
    assert lb.info_nce(a, p, temperature=t, symmetric=symmetric, reduction="sum") == pytest.approx(
        math.fsum(expected), rel=1e-12)


def test_symmetric_differs_when_the_batch_is_not_symmetric():
    a = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    p = [[1.0, 0.2], [0.3, 1.0], [-1.0, 1.0]]
    one_way, both = lb.info_nce(a, p, temperature=0.5), lb.info_nce(a, p, temperature=0.5, symmetric=True)
    other_way = lb.info_nce(p, a, temperature=0.5)  # positives picking anchors
    assert both == pytest.approx(0.5 * (one_way + other_way), rel=1e-14)
    assert abs(one_way - other_way) > 1e-3


def test_only_directions_matter():
    rng = np.random.default_rng(1)
    a, p = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    scales = np.array([[1e-150], [3.0], [1e150], [0.5]])
    assert lb.info_nce(a * scales, p / scales, temperature=0.2) == pytest.approx(
        lb.info_nce(a, p, temperature=0.2), rel=1e-13)


def test_one_pair_is_certain_and_bounds():
    assert lb.info_nce([[1.0, 2.0]], [[-3.0, 0.5]]) == 0.0  # N = 1: no negatives, nothing to get wrong
    rng = np.random.default_rng(2)
    a, p = rng.normal(size=(8, 4)), rng.normal(size=(8, 4))
    rows = lb.info_nce(a, p, temperature=0.3, reduction="none")
    # each row lies between log(1 + (N-1) e^{-2/t}) (positive at +1, negatives at -1) and the reverse
    n, t = 8, 0.3
    assert np.all(rows >= math.log1p((n - 1) * math.exp(-2 / t)) - 1e-12)
    assert np.all(rows <= 2 / t + math.log1p((n - 1) * math.exp(-2 / t)) + 1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("symmetric", [False, True])
@pytest.mark.parametrize("temperature", [0.07, 1.0])
def test_gradient_matches_finite_differences(reduction, symmetric, temperature):
    rng = np.random.default_rng(3)
    a, p = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    kw = dict(temperature=temperature, symmetric=symmetric)

    def total(x, y):  # "none": the gradient is that of the sum of the rows
        return float(np.sum(lb.info_nce(x, y, reduction=reduction, **kw)))

    g_a, g_p = lb.info_nce_grad(a, p, reduction=reduction, **kw)
    assert g_a.shape == a.shape and g_p.shape == p.shape
    assert np.allclose(g_a, numerical_gradient(lambda x: total(x, p), a), rtol=1e-5, atol=1e-7)
    assert np.allclose(g_p, numerical_gradient(lambda y: total(a, y), p), rtol=1e-5, atol=1e-7)


def test_gradient_by_hand_and_its_geometry():
    # N = 2, t = 1, anchors e1 and e2, positives e1 and e2: P_00 = e/(e + 1). Anchor 0's gradient (mean over 2 rows)
    # is (1/2)[(P_00 - 1) e1 + P_01 e2] projected off e1 = (1/2) P_01 e2 = (0, 1/(2(e + 1))).
    g_a, g_p = lb.info_nce_grad([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], temperature=1.0)
    assert g_a[0] == pytest.approx([0.0, 1 / (2 * (math.e + 1))], abs=1e-15)
    # no gradient along any embedding (a cosine ignores length)
    rng = np.random.default_rng(4)
    a, p = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    g_a, g_p = lb.info_nce_grad(a, p)
    assert np.allclose(np.sum(g_a * a, axis=1), 0.0, atol=1e-12)
    assert np.allclose(np.sum(g_p * p, axis=1), 0.0, atol=1e-12)
    # a row ten times longer gets a gradient ten times smaller (the same turn is a ten times longer path)
    g_long, _ = lb.info_nce_grad(a * np.array([[10.0], [1], [1], [1], [1]]), p)
    assert np.allclose(g_long[0], g_a[0] / 10, rtol=1e-12)


def test_temperature_extremes_without_warnings():
    a = np.eye(3)
    rows_hot = lb.info_nce(a, a, temperature=1e300, reduction="none")  # every logit ~ 0: ln N
    assert np.allclose(rows_hot, math.log(3), rtol=1e-15)
    assert lb.info_nce(a, a, temperature=1e-300) == 0.0  # right answers, infinitely sharp: certain
    for g in lb.info_nce_grad(a, a, temperature=1e-300):
        assert np.all(g == 0.0)
    swapped = a[[1, 2, 0]]
    # every positive orthogonal, one negative identical: the loss is (1 - 0)/t + log(1 + e^{-1/t} + ...) = 1/t
    assert lb.info_nce(a, swapped, temperature=1e-300) == pytest.approx(1e300, rel=1e-15)
    assert lb.info_nce(a, swapped, temperature=1e-310) == math.inf  # 1/t beyond the float range
    for g in lb.info_nce_grad(a, swapped, temperature=1e-310):
        assert not np.any(np.isnan(g))


def test_extreme_magnitudes_without_warnings():
    a = np.array([[1e-320, 0.0], [0.0, 1e300]])
    p = np.array([[1e308, 1e308], [-5e-324, 1e-310]])
    ref = lb.info_nce([[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [-5e-324 / 1e-310, 1.0]], temperature=0.5)
    assert lb.info_nce(a, p, temperature=0.5) == pytest.approx(ref, rel=1e-12)
    g_a, g_p = lb.info_nce_grad(a, p, temperature=0.5)
    assert not np.any(np.isnan(g_a)) and not np.any(np.isnan(g_p))
    # the gradient of a row of length 1e-320 is about 1e320 times larger than at length 1: beyond floats, inf
    assert np.isinf(g_a[0, 1]) and g_a[0, 0] == 0.0
    assert np.all(np.abs(g_p[0]) < 1e-300)  # a row of length 1.4e308 barely turns


def test_inputs_are_not_written():
    a, p = np.array([[3.0, 4.0], [1.0, 0.0]]), np.array([[0.0, 2.0], [5.0, 5.0]])
    a0, p0 = a.copy(), p.copy()
    lb.info_nce(a, p, symmetric=True)
    lb.info_nce_grad(a, p, symmetric=True)
    assert np.array_equal(a, a0) and np.array_equal(p, p0)


BAD = [
    (([[0.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]]), {}, ValueError, r"anchor row 0 is all zeros.*normalised"),
    (([[1.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 0.0]]), {}, ValueError, r"positive row 1 is all zeros"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"temperature": 0.0}, ValueError, r"temperature must be > 0"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"temperature": -0.1}, ValueError, r"temperature must be > 0"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"temperature": math.nan}, ValueError, r"temperature must be finite"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"temperature": "0.1"}, TypeError, r"temperature must be a real number"),
    (([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0]]), {}, ValueError, r"anchor has shape \(2, 2\) but positive has shape"),
    (([[1.0, 0.0, 0.0]], [[1.0, 0.0]]), {}, ValueError, r"must match exactly"),
    (([1.0, 0.0], [1.0, 0.0]), {}, ValueError, r"anchor has shape \(2,\).*2-D.*for one pair, write \[\[\.\.\.\]\]"),
    ((np.ones((2, 2, 2)), np.ones((2, 2, 2))), {}, ValueError, r"anchor has shape \(2, 2, 2\).*reshape"),
    (([[1.0, math.inf]], [[1.0, 0.0]]), {}, ValueError, r"anchor"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"symmetric": "yes"}, TypeError, r"symmetric must be True"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"reduction": "avg"}, ValueError, r"reduction must be one of"),
]


@pytest.mark.parametrize("args, kwargs, error, pattern", BAD)
@pytest.mark.parametrize("f", [lb.info_nce, lb.info_nce_grad])
def test_bad_input_messages(f, args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        f(*args, **kwargs)

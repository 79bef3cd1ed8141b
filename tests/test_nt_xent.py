"""NT-Xent (lb.nt_xent, lb.nt_xent_grad), SimCLR's 2N-view form of InfoNCE: values worked by hand, a reference
written with plain loops over Python floats, the ln(2N - 1) value of a network that cannot tell the views apart,
finite-difference gradients, extremes, and bad-input messages."""

import math

import numpy as np
import pytest

import lossbook as lb
from gradcheck import numerical_gradient  # tests/ is on the import path


def _loops(z1, z2, temperature):
    """Per-image NT-Xent with lists and the math module only: stack the 2N views, normalise, and for each view take
    -log of its other view's softmax probability among every view but itself; an image's loss is its two views'
    mean."""
    def unit(row):
        length = math.sqrt(math.fsum(x * x for x in row))
        return [x / length for x in row]

    n = len(z1)
    w = [unit(list(map(float, r))) for r in [*z1, *z2]]
    views = []
    for k in range(2 * n):
        positive = (k + n) % (2 * n)
        logits = {m: math.fsum(x * y for x, y in zip(w[k], w[m])) / temperature for m in range(2 * n) if m != k}
        views.append(-(logits[positive] - math.log(math.fsum(math.exp(v) for v in logits.values()))))
    return [0.5 * (views[i] + views[i + n]) for i in range(n)]


# (z1, z2, temperature, expected) -- each expected value is worked out by hand in its comment.
HAND = [
    # every similarity between different views equal: each view picks among 2N - 1 alike candidates, ln(2N - 1)
    ([[1.0, 0.0]] * 2, [[1.0, 0.0]] * 2, 0.1, math.log(3)),
    ([[3.0, 4.0]] * 5, [[0.6, 0.8]] * 5, 0.07, math.log(9)),
    # N = 1: the only candidate is the positive, certain whatever the two views look like
    ([[1.0, 2.0]], [[-3.0, 0.5]], 0.1, 0.0),
    # views e1, e2 on both sides (t = 1): view e1's candidates are e2 (s 0), e1 (s 1, positive), e2 (s 0):
    # -log(e / (e + 2)) = log(1 + 2/e), the same for every view
    ([[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 0.5]], 1.0, math.log1p(2 * math.exp(-1.0))),
    # three orthonormal images (t = 0.5): 5 candidates, the positive at s = 1, four negatives at 0: log(1 + 4 e^-2)
    (np.eye(3).tolist(), np.eye(3).tolist(), 0.5, math.log1p(4 * math.exp(-2.0))),
    # second views opposite the first (N = 2, t = 1): view e1's candidates are e2 (0), -e1 (-1, positive), -e2 (0):
    # -log(e^-1 / (e^-1 + 2)) = log(1 + 2e)
    ([[1.0, 0.0], [0.0, 1.0]], [[-1.0, 0.0], [0.0, -1.0]], 1.0, math.log1p(2 * math.e)),
]


@pytest.mark.parametrize("z1, z2, temperature, expected", HAND)
def test_values_worked_by_hand(z1, z2, temperature, expected):
    got = lb.nt_xent(z1, z2, temperature=temperature)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-13, abs=1e-15)


@pytest.mark.parametrize("seed", range(6))
def test_matches_a_plain_loop_reference(seed):
    rng = np.random.default_rng(seed)
    n, d = rng.integers(1, 7), rng.integers(1, 5)
    z1, z2 = rng.normal(size=(n, d)) * 3, rng.normal(size=(n, d))
    t = float(rng.choice([0.05, 0.1, 0.5, 2.0]))
    expected = _loops(z1.tolist(), z2.tolist(), t)
    got = lb.nt_xent(z1, z2, temperature=t, reduction="none")
    assert got.shape == (n,)
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-14)
    assert lb.nt_xent(z1, z2, temperature=t) == pytest.approx(math.fsum(expected) / n, rel=1e-12)
    assert lb.nt_xent(z1, z2, temperature=t, reduction="sum") == pytest.approx(math.fsum(expected), rel=1e-12)


def test_swapping_the_views_and_reordering_the_images_change_nothing():
    rng = np.random.default_rng(7)
    z1, z2 = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    rows = lb.nt_xent(z1, z2, temperature=0.2, reduction="none")
    assert np.allclose(lb.nt_xent(z2, z1, temperature=0.2, reduction="none"), rows, rtol=1e-13)
    order = np.array([3, 0, 4, 1, 2])
    assert np.allclose(lb.nt_xent(z1[order], z2[order], temperature=0.2, reduction="none"), rows[order], rtol=1e-13)


def test_differs_from_info_nce_by_the_same_side_negatives():
    # z1 rows far apart from each other and from the other images' second views, but every image's two views close:
    # the same-side negatives add a little to each denominator, so NT-Xent exceeds CLIP's symmetric InfoNCE
    angles = np.array([0.0, 2.0, 4.0])
    z1 = np.column_stack([np.cos(angles), np.sin(angles)])
    z2 = np.column_stack([np.cos(angles + 0.1), np.sin(angles + 0.1)])
    assert lb.nt_xent(z1, z2, temperature=0.5) > lb.info_nce(z1, z2, temperature=0.5, symmetric=True) + 1e-3


def test_only_directions_matter_and_bounds():
    rng = np.random.default_rng(1)
    z1, z2 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    scales = np.array([[1e-150], [3.0], [1e150], [0.5]])
    assert lb.nt_xent(z1 * scales, z2 / scales, temperature=0.2) == pytest.approx(
        lb.nt_xent(z1, z2, temperature=0.2), rel=1e-13)
    # each view's loss lies between log(1 + (2N-2) e^{-2/t}) (positive at +1, negatives at -1) and 2/t above it
    n, t = 4, 0.3
    rows = lb.nt_xent(z1, z2, temperature=t, reduction="none")
    low = math.log1p((2 * n - 2) * math.exp(-2 / t))
    assert np.all(rows >= low - 1e-12) and np.all(rows <= 2 / t + low + 1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("temperature", [0.07, 1.0])
def test_gradient_matches_finite_differences(reduction, temperature):
    rng = np.random.default_rng(3)
    z1, z2 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))

    def total(x, y):  # "none": the gradient is that of the sum of the per-image losses
        return float(np.sum(lb.nt_xent(x, y, temperature=temperature, reduction=reduction)))

    g1, g2 = lb.nt_xent_grad(z1, z2, temperature=temperature, reduction=reduction)
    assert g1.shape == z1.shape and g2.shape == z2.shape
    assert np.allclose(g1, numerical_gradient(lambda x: total(x, z2), z1), rtol=1e-5, atol=1e-7)
    assert np.allclose(g2, numerical_gradient(lambda y: total(z1, y), z2), rtol=1e-5, atol=1e-7)


def test_gradient_by_hand_and_its_geometry():
    # z1 = z2 = (e1, e2), t = 1, views w = (e1, e2, e1, e2). View 0's softmax over its candidates (w1, w2+, w3) is
    # (1, e, 1)/(e + 2); with G = (P - positive)/4 (mean over N = 2 images of two views' mean), tau dL/dw0 =
    # sum_m G_0m w_m + sum_k G_k0 w_k = (1/4)(2 e2 - 2 e1)/(e + 2) twice: e2 component 1/(e + 2), and the e1
    # component is dropped by the normalisation. Descending turns e1 away from the e2 views.
    g1, g2 = lb.nt_xent_grad([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], temperature=1.0)
    assert g1[0] == pytest.approx([0.0, 1 / (math.e + 2)], abs=1e-15)
    assert g2[1] == pytest.approx([1 / (math.e + 2), 0.0], abs=1e-15)
    rng = np.random.default_rng(4)
    z1, z2 = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    g1, g2 = lb.nt_xent_grad(z1, z2)
    assert np.allclose(np.sum(g1 * z1, axis=1), 0.0, atol=1e-12)  # no gradient along any view
    assert np.allclose(np.sum(g2 * z2, axis=1), 0.0, atol=1e-12)
    g_long, _ = lb.nt_xent_grad(z1 * np.array([[10.0], [1], [1], [1], [1]]), z2)
    assert np.allclose(g_long[0], g1[0] / 10, rtol=1e-12)  # ten times longer, ten times smaller gradient


def test_temperature_extremes_without_warnings():
    e = np.eye(3)
    hot = lb.nt_xent(e, e, temperature=1e300, reduction="none")  # every logit ~ 0: ln(2N - 1)
    assert np.allclose(hot, math.log(5), rtol=1e-15)
    assert lb.nt_xent(e, e, temperature=1e-300) == 0.0  # right answers, infinitely sharp: certain
    for g in lb.nt_xent_grad(e, e, temperature=1e-300):
        assert np.all(g == 0.0)
    swapped = e[[1, 2, 0]]
    # each view's positive is orthogonal to it and one negative is identical: every loss is (1 - 0)/t = 1/t
    assert lb.nt_xent(e, swapped, temperature=1e-300) == pytest.approx(1e300, rel=1e-15)
    assert lb.nt_xent(e, swapped, temperature=1e-310) == math.inf  # 1/t beyond the float range
    for g in lb.nt_xent_grad(e, swapped, temperature=1e-310):
        assert not np.any(np.isnan(g))


def test_extreme_magnitudes_without_warnings():
    z1 = np.array([[1e-320, 0.0], [0.0, 1e300]])
    z2 = np.array([[1e308, 1e308], [-5e-324, 1e-310]])
    ref = lb.nt_xent([[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [-5e-324 / 1e-310, 1.0]], temperature=0.5)
    assert lb.nt_xent(z1, z2, temperature=0.5) == pytest.approx(ref, rel=1e-12)
    g1, g2 = lb.nt_xent_grad(z1, z2, temperature=0.5)
    assert not np.any(np.isnan(g1)) and not np.any(np.isnan(g2))
    assert np.isinf(g1[0, 1]) and g1[0, 0] == 0.0  # a row of length 1e-320: a gradient beyond floats, inf
    assert np.all(np.abs(g2[0]) < 1e-300)  # a row of length 1.4e308 barely turns


def test_inputs_are_not_written():
    z1, z2 = np.array([[3.0, 4.0], [1.0, 0.0]]), np.array([[0.0, 2.0], [5.0, 5.0]])
    c1, c2 = z1.copy(), z2.copy()
    lb.nt_xent(z1, z2)
    lb.nt_xent_grad(z1, z2)
    assert np.array_equal(z1, c1) and np.array_equal(z2, c2)


BAD = [
    (([[0.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]]), {}, ValueError, r"z1 row 0 is all zeros.*normalised"),
    (([[1.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 0.0]]), {}, ValueError, r"z2 row 1 is all zeros"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"temperature": 0.0}, ValueError, r"temperature must be > 0"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"temperature": -0.1}, ValueError, r"temperature must be > 0"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"temperature": math.nan}, ValueError, r"temperature must be finite"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"temperature": "0.1"}, TypeError, r"temperature must be a real number"),
    (([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0]]), {}, ValueError, r"z1 has shape \(2, 2\) but z2 has shape"),
    (([1.0, 0.0], [1.0, 0.0]), {}, ValueError, r"z1 has shape \(2,\).*2-D.*for one image, write \[\[\.\.\.\]\]"),
    ((np.ones((2, 2, 2)), np.ones((2, 2, 2))), {}, ValueError, r"z1 has shape \(2, 2, 2\).*reshape"),
    (([[1.0, math.inf]], [[1.0, 0.0]]), {}, ValueError, r"z1"),
    (([[1.0, 0.0]], [[1.0, 0.0]]), {"reduction": "avg"}, ValueError, r"reduction must be one of"),
]


@pytest.mark.parametrize("args, kwargs, error, pattern", BAD)
@pytest.mark.parametrize("f", [lb.nt_xent, lb.nt_xent_grad])
def test_bad_input_messages(f, args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        f(*args, **kwargs)


@pytest.mark.parametrize("seed", range(5))
def test_always_above_symmetric_info_nce_image_by_image(seed):
    # each view's sum holds symmetric InfoNCE's terms plus its N - 1 same-side views: strictly larger for N >= 2
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 9))
    z1, z2 = rng.normal(size=(n, 3)), rng.normal(size=(n, 3))
    t = float(rng.choice([0.1, 0.5, 2.0]))
    nt = lb.nt_xent(z1, z2, temperature=t, reduction="none")
    clip = lb.info_nce(z1, z2, temperature=t, symmetric=True, reduction="none")
    assert np.all(nt > clip)

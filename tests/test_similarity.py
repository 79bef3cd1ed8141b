"""Contrastive and triplet losses: hand-worked values (3-4-5 triangles), kinks, extreme magnitudes, gradients,
properties, errors, and agreement with PyTorch's triplet_margin_loss when PyTorch is installed."""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook as lb
from gradcheck import numerical_gradient  # tests/ is on the import path, as for lab_browser

# (same, x1, x2, margin, expected) -- distances are 3-4-5 style so every value is exact by hand.
CONTRASTIVE = [
    (1, [0.0, 0.0], [3.0, 4.0], 1.0, 12.5),  # similar: D**2/2 = 25/2
    (0, [0.0, 0.0], [3.0, 4.0], 1.0, 0.0),  # dissimilar beyond the margin
    (0, [0.0, 0.0], [0.3, 0.4], 1.0, 0.125),  # (1 - 0.5)**2 / 2
    (0, [1.0, 1.0], [1.0, 1.0], 2.0, 2.0),  # D = 0: margin**2 / 2
    (1, [1.0, 1.0], [1.0, 1.0], 2.0, 0.0),
    (0, [0.0, 0.0], [3.0, 4.0], 5.0, 0.0),  # exactly at the margin
    (0, [0.0, 0.0, 0.0], [2.0, 3.0, 6.0], 10.0, 4.5),  # D = 7: (10 - 7)**2 / 2
    (1, [1e-200, 0.0], [0.0, 1e-200], 1.0, 0.0),  # D**2 = 2e-400 underflows to 0 (correctly rounded)
]


@pytest.mark.parametrize("same, x1, x2, margin, expected", CONTRASTIVE)
def test_contrastive_table(same, x1, x2, margin, expected):
    got = lb.contrastive(same, x1, x2, margin=margin)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-15, abs=1e-300)


# (anchor, positive, negative, margin, expected)
TRIPLET = [
    ([0.0, 0.0], [3.0, 4.0], [6.0, 8.0], 1.0, 0.0),  # 5 - 10 + 1 < 0
    ([0.0, 0.0], [3.0, 4.0], [0.0, 5.5], 1.0, 0.5),  # 5 - 5.5 + 1
    ([0.0, 0.0], [3.0, 4.0], [0.0, 6.0], 1.0, 0.0),  # 5 - 6 + 1 = 0 exactly: on the boundary
    ([1.0, 2.0], [1.0, 2.0], [1.0, 2.0], 0.2, 0.2),  # all distances 0: the margin
    ([0.0, 0.0, 0.0], [2.0, 3.0, 6.0], [1.0, 0.0, 0.0], 1.0, 7.0),  # 7 - 1 + 1
    ([1e200, 0.0], [1e200, 3e200], [-1e200, 0.0], 1.0, 1e200),  # 3e200 - 2e200 (+1, lost), squares would overflow
]


@pytest.mark.parametrize("a, p, n, margin, expected", TRIPLET)
def test_triplet_table(a, p, n, margin, expected):
    got = lb.triplet(a, p, n, margin=margin)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-15)


def test_gradient_hand_values():
    # dissimilar, D = 0.5 < margin 1: -(m - D) * (x1 - x2)/D = -0.5 * (-0.6, -0.8)
    g1, g2 = lb.contrastive_grad(0, [0.0, 0.0], [0.3, 0.4])
    np.testing.assert_allclose(g1, [0.3, 0.4], rtol=1e-15)
    np.testing.assert_allclose(g2, [-0.3, -0.4], rtol=1e-15)
    # similar: x1 - x2
    g1, g2 = lb.contrastive_grad(1, [0.0, 0.0], [3.0, 4.0])
    np.testing.assert_array_equal(g1, [-3.0, -4.0])
    np.testing.assert_array_equal(g2, [3.0, 4.0])
    # triplet, active: u_ap = (-0.6, -0.8), u_an = (0, -1)
    ga, gp, gn = lb.triplet_grad([0.0, 0.0], [3.0, 4.0], [0.0, 5.5])
    np.testing.assert_allclose(ga, [-0.6, 0.2], rtol=1e-15)
    np.testing.assert_allclose(gp, [0.6, 0.8], rtol=1e-15)
    np.testing.assert_allclose(gn, [0.0, -1.0], rtol=1e-15)


def test_kinks_have_zero_subgradient():
    # contrastive at the margin exactly: inactive
    for g in lb.contrastive_grad(0, [0.0, 0.0], [3.0, 4.0], margin=5.0):
        np.testing.assert_array_equal(g, [0.0, 0.0])
    # contrastive dissimilar at D = 0: the loss is m**2/2 but the gradient of the norm at 0 is 0
    for g in lb.contrastive_grad(0, [1.0, 1.0], [1.0, 1.0]):
        np.testing.assert_array_equal(g, [0.0, 0.0])
    # triplet on the boundary: inactive
    for g in lb.triplet_grad([0.0, 0.0], [3.0, 4.0], [0.0, 6.0]):
        np.testing.assert_array_equal(g, [0.0, 0.0])
    # triplet active with both distances 0: unit vectors of zero differences are 0
    for g in lb.triplet_grad([1.0, 2.0], [1.0, 2.0], [1.0, 2.0]):
        np.testing.assert_array_equal(g, [0.0, 0.0])


def test_tiny_differences_keep_their_direction():
    """Squares of 1e-200 underflow to 0; the scaled norm still finds D = sqrt(2)*1e-200 and its direction."""
    r = 1 / math.sqrt(2)
    g1, _ = lb.contrastive_grad(0, [1e-200, 0.0], [0.0, 1e-200])  # -(1 - D) * u, D negligible
    np.testing.assert_allclose(g1, [-r, r], rtol=1e-15)
    ga, gp, gn = lb.triplet_grad([0.0, 0.0], [1e-200, 1e-200], [3e-200, 4e-200])
    np.testing.assert_allclose(gp, [r, r], rtol=1e-15)
    np.testing.assert_allclose(gn, [-0.6, -0.8], rtol=1e-15)
    # subnormal coordinates
    g1, _ = lb.contrastive_grad(0, [3e-320, 0.0], [0.0, 4e-320])
    np.testing.assert_allclose(g1, [-0.6, 0.8], rtol=1e-2)  # subnormals hold only a few digits


def test_huge_embeddings():
    # 3-4-5 at 1e150: sum of squares would be 2.5e301 -> fine; at 1e200 it overflows naively
    assert lb.triplet([0.0, 0.0], [3e200, 4e200], [0.0, 0.0], margin=1.0) == pytest.approx(5e200, rel=1e-15)
    ga, gp, gn = lb.triplet_grad([0.0, 0.0], [3e200, 4e200], [0.0, 1e-300])
    np.testing.assert_allclose(gp, [0.6, 0.8], rtol=1e-15)
    # opposite signs near the top of the range: a - p overflows naively, here it is scaled first
    value = lb.triplet([1e308, 0.0], [-1e308, 0.0], [1e308, 1e308])  # 2e308 - 1e308: exactly representable
    assert value == pytest.approx(1e308, rel=1e-15)
    # contrastive, similar pair at distance 5e200: D**2 exceeds the float range, so inf, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.contrastive(1, [0.0, 0.0], [3e200, 4e200]) == math.inf
        assert lb.contrastive(0, [0.0, 0.0], [3e200, 4e200]) == 0.0
        g1, g2 = lb.contrastive_grad(1, [0.0, 0.0], [3e200, 4e200])
    np.testing.assert_allclose(g1, [-3e200, -4e200], rtol=1e-15)




SHAPES = [(3,), (5, 3), (2, 3, 4)]


def scalarise(loss, reduction, **kwargs):
    if reduction == "none":
        return lambda *xs: float(np.sum(loss(*xs, reduction="none", **kwargs)))
    return lambda *xs: loss(*xs, reduction=reduction, **kwargs)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_contrastive_gradient_matches_finite_differences(shape, reduction):
    rng = np.random.default_rng(3)
    x1 = rng.normal(size=shape)
    x2 = rng.normal(size=shape)
    same = (rng.random(shape[:-1]) > 0.5).astype(float)
    margin = 2.5  # distances of N(0, 2) differences in 3-4 dims straddle it: both hinge states occur
    f = scalarise(lb.contrastive, reduction, margin=margin)
    g1, g2 = lb.contrastive_grad(same, x1, x2, margin=margin, reduction=reduction)
    assert g1.shape == g2.shape == x1.shape
    np.testing.assert_allclose(g1, numerical_gradient(lambda x: f(same, x, x2), x1, 1e-6), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(g2, numerical_gradient(lambda x: f(same, x1, x), x2, 1e-6), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_triplet_gradient_matches_finite_differences(shape, reduction):
    rng = np.random.default_rng(4)
    a, p, n = (rng.normal(size=shape) for _ in range(3))
    f = scalarise(lb.triplet, reduction, margin=1.0)
    z = np.linalg.norm(a - p, axis=-1) - np.linalg.norm(a - n, axis=-1) + 1.0
    assert np.all(np.abs(z) > 1e-3)  # away from the kink, where finite differences are meaningless
    grads = lb.triplet_grad(a, p, n, reduction=reduction)
    assert len(grads) == 3 and all(g.shape == a.shape for g in grads)
    np.testing.assert_allclose(grads[0], numerical_gradient(lambda x: f(x, p, n), a, 1e-6), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grads[1], numerical_gradient(lambda x: f(a, x, n), p, 1e-6), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grads[2], numerical_gradient(lambda x: f(a, p, x), n, 1e-6), rtol=1e-6, atol=1e-9)


def test_reductions_and_row_shapes():
    rng = np.random.default_rng(5)
    a, p, n = (rng.normal(size=(4, 2, 3)) for _ in range(3))
    per = lb.triplet(a, p, n, reduction="none")
    assert per.shape == (4, 2)
    naive = np.maximum(np.linalg.norm(a - p, axis=-1) - np.linalg.norm(a - n, axis=-1) + 1.0, 0.0)
    np.testing.assert_allclose(per, naive, rtol=1e-14)
    assert lb.triplet(a, p, n) == pytest.approx(naive.mean(), rel=1e-14)
    assert lb.triplet(a, p, n, reduction="sum") == pytest.approx(naive.sum(), rel=1e-14)
    same = np.array([[1, 0], [0, 1], [1, 1], [0, 0]])
    per = lb.contrastive(same, a, p, margin=3.0, reduction="none")
    d = np.linalg.norm(a - p, axis=-1)
    naive = np.where(same == 1, 0.5 * d**2, 0.5 * np.maximum(3.0 - d, 0.0) ** 2)
    np.testing.assert_allclose(per, naive, rtol=1e-14)
    assert lb.contrastive(same, a, p, margin=3.0) == pytest.approx(naive.mean(), rel=1e-14)
    assert lb.contrastive(same, a, p, margin=3.0, reduction="sum") == pytest.approx(naive.sum(), rel=1e-14)
    # one 1-D row: every reduction gives the same Python float
    for reduction in ("mean", "sum", "none"):
        assert isinstance(lb.triplet(a[0, 0], p[0, 0], n[0, 0], reduction=reduction), float)
        assert isinstance(lb.contrastive(1, a[0, 0], p[0, 0], reduction=reduction), float)


finite_rows = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4),
    elements=st.floats(-1e100, 1e100, allow_subnormal=True),
)


@given(data=st.data(), margin=st.floats(1e-3, 1e3))
def test_contrastive_properties(data, margin):
    x1 = data.draw(finite_rows)
    x2 = data.draw(hnp.arrays(np.float64, x1.shape, elements=st.floats(-1e100, 1e100)))
    same = data.draw(hnp.arrays(np.float64, x1.shape[:-1], elements=st.sampled_from([0.0, 1.0])))
    for x in (x1, x2, same):
        x.setflags(write=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        per = lb.contrastive(same, x1, x2, margin=margin, reduction="none")
        g1, g2 = lb.contrastive_grad(same, x1, x2, margin=margin)
    per = np.asarray(per)
    assert np.all(per >= 0.0) and np.all(np.isfinite(per))  # |x| <= 1e100: D**2 <= ~1e201
    assert np.all(np.isfinite(g1)) and g1.shape == x1.shape
    np.testing.assert_array_equal(g2, -g1)
    # symmetric in its two embeddings
    np.testing.assert_array_equal(per, lb.contrastive(same, x2, x1, margin=margin, reduction="none"))


@given(data=st.data(), margin=st.floats(1e-3, 1e3))
def test_triplet_properties(data, margin):
    # the whole float range: distances are scaled, so even 1e308-sized embeddings give a finite loss
    a = data.draw(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=4),
                             elements=st.floats(-1e307, 1e307)))
    p = data.draw(hnp.arrays(np.float64, a.shape, elements=st.floats(-1e307, 1e307)))
    n = data.draw(hnp.arrays(np.float64, a.shape, elements=st.floats(-1e307, 1e307)))
    for x in (a, p, n):
        x.setflags(write=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        per = np.asarray(lb.triplet(a, p, n, margin=margin, reduction="none"))
        ga, gp, gn = lb.triplet_grad(a, p, n, margin=margin, reduction="none")
    assert np.all(per >= 0.0) and np.all(np.isfinite(per))
    for g in (ga, gp, gn):
        assert np.all(np.isfinite(g)) and np.all(np.abs(g) <= 2.0 + 1e-12)  # differences of unit vectors
    # translation invariance: the three gradients sum to zero
    np.testing.assert_allclose(ga + gp + gn, 0.0, atol=1e-15)


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: lb.contrastive([1, 0], [[0.0, 1.0]], [[0.0, 1.0]]), ValueError, r"same has shape \(2,\).*shape \(1,\)"),
        (lambda: lb.contrastive([0.5], [[0.0, 1.0]], [[0.0, 1.0]]), ValueError, "same must hold only 0 and 1"),
        (lambda: lb.contrastive([-1], [[0.0, 1.0]], [[0.0, 1.0]]), ValueError, "same must hold only 0 and 1"),
        (lambda: lb.contrastive(1, [0.0, 1.0], [0.0]), ValueError, "x1 has shape .* x2 has shape"),
        (lambda: lb.contrastive(1, 0.0, 1.0), ValueError, "x1 is a scalar"),
        (lambda: lb.contrastive(1, [0.0], [1.0], margin=0.0), ValueError, "margin must be > 0"),
        (lambda: lb.contrastive(1, [np.inf], [1.0]), ValueError, "x1 contains infinity"),
        (lambda: lb.contrastive(1, [0.0], [1.0], reduction="mean "), ValueError, "reduction must be one of"),
        (lambda: lb.triplet([0.0, 1.0], [0.0, 1.0], [0.0]), ValueError, "anchor has shape .* negative has shape"),
        (lambda: lb.triplet([0.0], [[0.0]], [0.0]), ValueError, "anchor has shape .* positive has shape"),
        (lambda: lb.triplet(1.0, 1.0, 1.0), ValueError, "anchor is a scalar"),
        (lambda: lb.triplet([0.0], [1.0], [2.0], margin=-1.0), ValueError, "margin must be > 0"),
        (lambda: lb.triplet([0.0], ["x"], [2.0]), TypeError, "positive must be numeric"),
        (lambda: lb.triplet([0.0], [1.0], [2.0], reduction=None), ValueError, "reduction must be one of"),
    ],
)
def test_bad_input_messages(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_bad_input_messages_for_gradients_too():
    with pytest.raises(ValueError, match="same must hold only 0 and 1"):
        lb.contrastive_grad([2], [[0.0]], [[1.0]])
    with pytest.raises(ValueError, match="margin must be > 0"):
        lb.triplet_grad([0.0], [1.0], [2.0], margin=0)


def test_distances_at_every_scale():
    """Many rows, some near the float maximum (scaled rows) and some with squares that underflow (recomputed rows),
    against math.hypot row by row."""
    rng = np.random.default_rng(7)
    rows, features = 20000, 10
    a, p, n = (rng.normal(size=(rows, features)) for _ in range(3))
    for x in (a, p, n):
        x[::7] *= 1e300  # squares (and sums of squares) far beyond the float range
        x[3::11] *= 1e-200  # squares below the smallest float
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = lb.triplet(a, p, n, reduction="none")
        similar = lb.contrastive(np.ones(rows), a, p, reduction="none")
    d_ap = np.array([math.hypot(*(ra - rp)) for ra, rp in zip(a, p)])
    d_an = np.array([math.hypot(*(ra - rn)) for ra, rn in zip(a, n)])
    # d_ap - d_an cancels: the error is relative to the distances, not to their difference
    want = np.maximum(d_ap - d_an + 1.0, 0.0)
    assert np.all(np.abs(got - want) <= 1e-14 * (d_ap + d_an + 1.0))
    normal = np.ones(rows, bool)
    normal[::7] = False
    normal[3::11] = False
    np.testing.assert_allclose(similar[normal], 0.5 * d_ap[normal] ** 2, rtol=1e-13)
    huge = np.zeros(rows, bool)
    huge[::7] = True
    huge[3::11] = False  # those rows were scaled by 1e300 and by 1e-200
    assert np.all(np.isinf(similar[huge]))  # D**2/2 beyond the float range: inf, as documented


# ------------------------------------------------------------------------------------------------------------------
# One order of checks for the loss, its gradient and every reduction


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(
    "name, args, kwargs, error, pattern",
    [
        ("contrastive", (1, [np.nan], [1.0, 2.0]), {}, ValueError, "x1 contains NaN"),  # values before shapes
        ("contrastive", ([2, 2], [0.0], [np.inf]), {}, ValueError, "x2 contains infinity"),  # x2 before same
        ("contrastive", (1, [0.0], [1.0]), {"margin": 0.0}, ValueError, "margin must be > 0"),
        ("contrastive", (1, np.nan, [1.0]), {}, ValueError, "x1 contains NaN"),  # finiteness before "a scalar"
        ("triplet", ([np.nan], [1.0], [2.0, 3.0]), {}, ValueError, "anchor contains NaN"),
        ("triplet", ([0.0], [np.inf], [np.nan]), {}, ValueError, "positive contains infinity"),
        ("triplet", ([np.nan], [1.0], [2.0]), {"margin": -1.0}, ValueError, "margin must be > 0"),  # margin first
    ],
)
def test_first_error_is_the_same_for_every_reduction_and_the_gradient(name, args, kwargs, error, pattern, reduction):
    for f in (getattr(lb, name), getattr(lb, name + "_grad")):
        with pytest.raises(error, match=pattern):
            f(*args, **kwargs, reduction=reduction)
        with pytest.raises(ValueError, match="reduction must be one of"):
            f(*args, **{"margin": 0.0, "reduction": "avg"})  # the reduction before everything


@pytest.mark.parametrize("f", [lb.contrastive, lb.contrastive_grad])
@pytest.mark.parametrize("margin", [10**400, -(10**400)], ids=["10**400", "-10**400"])
def test_huge_integer_margin_names_margin_contrastive(f, margin):
    with pytest.raises(ValueError, match="margin"):
        f(1, [0.0], [1.0], margin=margin)


@pytest.mark.parametrize("f", [lb.triplet, lb.triplet_grad])
@pytest.mark.parametrize("margin", [10**400, -(10**400)], ids=["10**400", "-10**400"])
def test_huge_integer_margin_names_margin_triplet(f, margin):
    with pytest.raises(ValueError, match="margin"):
        f([0.0], [1.0], [2.0], margin=margin)


# ------------------------------------------------------------------------------------------------------------------
# Embeddings near the float64 limit: no RuntimeWarning, the correctly rounded value (inf only beyond 1.8e308)


def test_triplet_mean_of_huge_losses():
    """Two triplets with loss 1.5e308 each (d_ap = 1.5e308, d_an = 0): their sum overflows, their mean does not."""
    a, p, n = [[1e308], [1e308]], [[-5e307], [-5e307]], [[1e308], [1e308]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.triplet(a, p, n) == pytest.approx(1.5e308, rel=1e-15)
        assert lb.triplet(a, p, n, reduction="sum") == math.inf
        np.testing.assert_allclose(lb.triplet(a, p, n, reduction="none"), [1.5e308, 1.5e308], rtol=1e-15)


def test_contrastive_half_square_below_the_limit():
    """D = 1.6e154: D**2 = 2.56e308 exceeds the float range, D**2/2 = 1.28e308 does not."""
    expected = float(Fraction(1.6e154) ** 2 / 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.contrastive(1, [0.0], [1.6e154]) == pytest.approx(expected, rel=1e-15)
        assert lb.contrastive([1, 1], [[0.0], [0.0]], [[1.6e154], [1.6e154]]) == pytest.approx(expected, rel=1e-15)
        assert lb.contrastive(1, [0.0], [2e154]) == math.inf  # 2e308 is beyond the range


def test_contrastive_gradient_beyond_the_limit_is_inf_not_nan():
    """A similar pair at distance 2e308: the gradient x1 - x2 = (2e308, 0) is (inf, 0), not (inf, nan)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g1, g2 = lb.contrastive_grad(1, [1e308, 0.0], [-1e308, 0.0], reduction="sum")
    np.testing.assert_array_equal(g1, [math.inf, 0.0])
    np.testing.assert_array_equal(g2, [-math.inf, 0.0])


def test_triplet_small_margin_with_huge_embeddings():
    """d_ap = d_an = 2*max exactly: the loss is the margin, however small against the embeddings' scale."""
    big = np.finfo(float).max
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.triplet([big], [-big], [-big], margin=1e-300) == 1e-300
        ga, gp, gn = lb.triplet_grad([big], [-big], [-big], margin=1e-300)
    np.testing.assert_array_equal(ga, [0.0])  # u_ap - u_an
    np.testing.assert_array_equal(gp, [-1.0])
    np.testing.assert_array_equal(gn, [1.0])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_no_warning_near_the_float_limit(reduction):
    rng = np.random.default_rng(11)
    big = np.finfo(float).max
    for margin in (1.0, 1e308, big):
        a, p, n = (rng.choice([-1.0, 1.0], size=(3, 2)) * rng.uniform(0.3, 1.0, size=(3, 2)) * big for _ in range(3))
        same = np.array([1.0, 0.0, 1.0])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            outputs = [lb.triplet(a, p, n, margin=margin, reduction=reduction),
                       *lb.triplet_grad(a, p, n, margin=margin, reduction=reduction),
                       lb.contrastive(same, a, p, margin=margin, reduction=reduction),
                       *lb.contrastive_grad(same, a, p, margin=margin, reduction=reduction)]
        for out in outputs:
            assert not np.any(np.isnan(out))

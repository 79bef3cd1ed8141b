"""Soft Dice and soft IoU: hand-worked values, extremes against mpmath, axes, reductions, gradients, properties, errors.

Expected values are worked out by hand with exact fractions or with mpmath at 50 digits from the textbook formulas
``1 - (2I + s)/(P + T + s)`` and ``1 - (I + s)/(P + T - I + s)``, never taken from lossbook.
"""

import warnings
from fractions import Fraction as F

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook as lb
from gradcheck import numerical_gradient  # tests/ is on the import path, as for lab_browser

LOSSES = {"dice": (lb.dice, lb.dice_grad), "iou": (lb.iou, lb.iou_grad)}


def exact(kind, t, p, s):
    """The textbook formula in exact rational arithmetic (inputs as Fractions or decimal strings)."""
    t = [F(v) for v in t]
    p = [F(v) for v in p]
    s = F(s)
    i, big_p, big_t = sum(a * b for a, b in zip(p, t)), sum(p), sum(t)
    if kind == "dice":
        return 1 - (2 * i + s) / (big_p + big_t + s)
    return 1 - (i + s) / (big_p + big_t - i + s)


# (kind, y_true, p_pred, smooth, expected) -- every expected value is an exact fraction worked out by hand.
TABLE = [
    ("dice", [1, 1, 0, 0], [1, 1, 0, 0], 1.0, F(0)),  # perfect mask
    ("iou", [1, 1, 0, 0], [1, 1, 0, 0], 0.0, F(0)),
    ("dice", [1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5], 0.0, F(1, 2)),  # 1 - 2*1/(2 + 2)
    ("iou", [1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5], 0.0, F(2, 3)),  # 1 - 1/(2 + 2 - 1)
    ("dice", [0, 0, 0], [0, 0, 0], 1.0, F(0)),  # two empty masks: (0 + 1)/(0 + 1) = 1
    ("iou", [0, 0, 0], [0, 0, 0], 1.0, F(0)),
    ("dice", [1, 0], [0, 1], 0.0, F(1)),  # disjoint
    ("iou", [1, 0], [0, 1], 0.0, F(1)),
    ("dice", [1, 0], [0, 1], 1.0, F(2, 3)),  # 1 - 1/(1 + 1 + 1)
    ("iou", [1, 0], [0, 1], 1.0, F(2, 3)),  # 1 - 1/(1 + 1 - 0 + 1)
    ("dice", [1, 0, 1], [0.9, 0.2, 0.6], 1.0, F(7, 47)),  # I = 1.5, P = 1.7, T = 2: 1 - 4/4.7
    ("iou", [1, 0, 1], [0.9, 0.2, 0.6], 1.0, F(7, 32)),  # 1 - 2.5/3.2
    ("dice", [0.5, 0.25], [0.5, 0.5], 0.0, F(1) - F(3, 4) / F(7, 4)),  # soft targets: I = 3/8, P + T = 7/4
    ("iou", [0.5, 0.25], [0.5, 0.5], 0.0, F(1) - F(3, 8) / F(11, 8)),
    ("dice", [0, 0], [1e-300, 0], 0.0, F(1)),  # a tiny false positive on an empty target is a total miss
    ("iou", [0, 0], [1e-300, 0], 0.0, F(1)),
    ("dice", [1, 1], [1, 1], 1e300, F(0)),  # a huge smooth
    ("dice", [1, 0], [0, 1], 1e300, F(2) / F(2 + 10**300)),  # 1 - s/(2 + s), exactly 2/(2 + s)
]


@pytest.mark.parametrize("kind, t, p, smooth, expected", TABLE)
def test_table(kind, t, p, smooth, expected):
    loss, _ = LOSSES[kind]
    got = loss(t, p, smooth=smooth)
    assert isinstance(got, float)
    assert got == pytest.approx(float(expected), rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("kind", LOSSES)
def test_table_is_the_textbook_formula(kind):
    """The table's fractions agree with the textbook formula evaluated in exact arithmetic (checks the table)."""
    for k, t, p, s, expected in TABLE:
        if k == kind:
            assert exact(kind, [F(str(v)) for v in t], [F(str(v)) for v in p], F(str(s)) if s < 1e300 else F(10**300)) == expected


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("gap", [1e-3, 1e-9, 1e-13])
def test_near_perfect_mask_keeps_its_digits(kind, gap):
    """p = 1 - gap on a full mask: the textbook form cancels catastrophically, lossbook keeps ~full precision."""
    mpmath.mp.dps = 50
    n = 1000
    t = np.ones(n)
    p = np.full(n, 1.0) - gap  # the float nearest to 1 - gap
    g = mpmath.mpf(1) - mpmath.mpf(float(p[0]))  # the gap actually stored
    s = mpmath.mpf(1)
    i = n * (1 - g)
    if kind == "dice":
        expected = 1 - (2 * i + s) / (n * (1 - g) + n + s)
    else:
        expected = 1 - (i + s) / (n * (1 - g) + n - i + s)
    got = LOSSES[kind][0](t, p)
    assert got == pytest.approx(float(expected), rel=1e-12)


def test_iou_from_dice_identity():
    """With smooth=0, IoU = 2 Dice / (1 + Dice) -- an independent identity, not a restatement of either formula."""
    rng = np.random.default_rng(0)
    t = rng.random((6, 7))
    p = rng.random((6, 7))
    d = lb.dice(t, p, smooth=0.0, axis=1, reduction="none")
    j = lb.iou(t, p, smooth=0.0, axis=1, reduction="none")
    np.testing.assert_allclose(j, 2 * d / (1 + d), rtol=1e-13)


@pytest.mark.parametrize("kind", LOSSES)
def test_axes(kind):
    loss, _ = LOSSES[kind]
    rng = np.random.default_rng(1)
    t = (rng.random((3, 4, 5)) > 0.5).astype(float)
    p = rng.random((3, 4, 5))
    # axis=(1, 2): one mask per batch entry, as a loop of whole-array calls
    per = loss(t, p, axis=(1, 2), reduction="none")
    assert per.shape == (3,)
    np.testing.assert_allclose(per, [loss(t[k], p[k]) for k in range(3)], rtol=1e-14)
    assert loss(t, p, axis=(1, 2)) == pytest.approx(np.mean(per), rel=1e-14)
    assert loss(t, p, axis=(1, 2), reduction="sum") == pytest.approx(np.sum(per), rel=1e-14)
    # axis=-1 is axis=2: one mask per (i, j)
    per = loss(t, p, axis=-1, reduction="none")
    assert per.shape == (3, 4)
    np.testing.assert_allclose(per, [[loss(t[i, j], p[i, j]) for j in range(4)] for i in range(3)], rtol=1e-14)
    np.testing.assert_array_equal(per, loss(t, p, axis=2, reduction="none"))
    # a tuple naming every axis is the same as None
    assert loss(t, p, axis=(0, 1, 2)) == loss(t, p)
    # axis=None: the whole array is one mask, and every reduction of one value is that value
    whole = float(exact(kind, [F(v) for v in t.ravel()], [F(v) for v in p.ravel()], 1))
    for reduction in ("mean", "sum", "none"):
        got = loss(t, p, reduction=reduction)
        assert isinstance(got, float)
        assert got == pytest.approx(whole, rel=1e-13)
    # axis=0 sums over the batch axis instead: (4, 5) values
    assert loss(t, p, axis=0, reduction="none").shape == (4, 5)




@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("axis", [None, 1, (1, 2), 0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smooth", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("binary", [True, False])
def test_gradient_matches_finite_differences(kind, axis, reduction, smooth, binary):
    loss, grad = LOSSES[kind]
    rng = np.random.default_rng(2)
    t = rng.random((2, 3, 4))
    if binary:
        t = (t > 0.5).astype(float)
    p = rng.uniform(0.05, 0.95, size=t.shape)  # interior: p +- h stays in [0, 1]
    g = grad(t, p, smooth=smooth, axis=axis, reduction=reduction)
    assert g.shape == p.shape
    if reduction == "none":
        # the derivative of each mask's own loss: the sum of the per-mask losses has the same element-wise gradient,
        # since every pixel belongs to exactly one mask
        def f(x):
            return np.sum(loss(t, x, smooth=smooth, axis=axis, reduction="none"))
    else:
        def f(x):
            return loss(t, x, smooth=smooth, axis=axis, reduction=reduction)
    np.testing.assert_allclose(g, numerical_gradient(f, p, 1e-6), rtol=1e-6, atol=1e-9)


def test_gradient_hand_values():
    # dice, t = [1, 0], p = [0.5, 0.5], s = 0: L = 1/2, D = 2 -> ((1 - 2t) - L)/D = [-3/4, 1/4]
    np.testing.assert_array_equal(lb.dice_grad([1.0, 0.0], [0.5, 0.5], smooth=0.0), [-0.75, 0.25])
    # iou, same: L = 2/3, V = P + T - I = 3/2 -> ((1 - 2t) - L(1 - t))/V = [-2/3, 2/9]
    np.testing.assert_allclose(lb.iou_grad([1.0, 0.0], [0.5, 0.5], smooth=0.0), [-2 / 3, 2 / 9], rtol=1e-15)
    # mean over two masks halves each mask's gradient
    g = lb.dice_grad([[1.0, 0.0], [1.0, 0.0]], [[0.5, 0.5], [0.5, 0.5]], smooth=0.0, axis=1)
    np.testing.assert_array_equal(g, [[-0.375, 0.125], [-0.375, 0.125]])


probabilities = hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(0.0, 1.0))


@given(data=st.data(), smooth=st.floats(0.0, 10.0), kind=st.sampled_from(sorted(LOSSES)))
def test_properties(data, smooth, kind):
    loss, grad = LOSSES[kind]
    p = data.draw(probabilities)
    t = data.draw(hnp.arrays(np.float64, p.shape, elements=st.floats(0.0, 1.0)))
    if smooth == 0.0 and not (p.any() or t.any()):
        smooth = 1.0  # the 0/0 case is tested separately
    t.setflags(write=False)  # any write to an input raises
    p.setflags(write=False)
    t_before, p_before = t.copy(), p.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = loss(t, p, smooth=smooth)
        g = grad(t, p, smooth=smooth)
        mask = np.round(t)
        perfect = loss(mask, mask, smooth=smooth if mask.any() else 1.0)
    assert 0.0 <= value <= 1.0
    assert np.all(np.isfinite(g)) and g.shape == p.shape
    assert perfect == 0.0
    np.testing.assert_array_equal(t, t_before)
    np.testing.assert_array_equal(p, p_before)


@pytest.mark.parametrize("kind", LOSSES)
def test_zero_smooth_empty_mask_raises(kind):
    loss, grad = LOSSES[kind]
    for f in (loss, grad):
        with pytest.raises(ValueError, match="0/0.*smooth > 0"):
            f([0, 0], [0, 0], smooth=0.0)
        # one empty mask among several is enough
        with pytest.raises(ValueError, match="0/0"):
            f([[1, 0], [0, 0]], [[1, 0], [0, 0]], smooth=0.0, axis=1)


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize(
    "kwargs, args, error, pattern",
    [
        ({}, ([1, 0], [1, 0, 0]), ValueError, "y_true has shape .* p_pred has shape"),
        ({}, ([[1], [0]], [1, 0]), ValueError, "no broadcasting"),
        ({}, ([1, 0], [1.5, 0]), ValueError, "p_pred must hold probabilities"),
        ({}, ([2, 0], [1, 0]), ValueError, "y_true must hold labels in"),
        ({}, ([], []), ValueError, "y_true is empty"),
        ({}, ([1, 0], [np.nan, 0]), ValueError, "p_pred contains NaN"),
        ({}, (["a"], [1]), TypeError, "y_true must be numeric"),
        ({"smooth": -1.0}, ([1, 0], [1, 0]), ValueError, "smooth must be >= 0"),
        ({"smooth": "1"}, ([1, 0], [1, 0]), TypeError, "smooth must be a real number"),
        ({"axis": 2}, ([1, 0], [1, 0]), ValueError, "axis=2 is out of range"),
        ({"axis": (0, 0)}, ([[1, 0]], [[1, 0]]), ValueError, "axis .* twice"),
        ({"axis": 0.5}, ([1, 0], [1, 0]), TypeError, "axis must be None, an int or a tuple"),
        ({"reduction": "avg"}, ([1, 0], [1, 0]), ValueError, "reduction must be one of"),
    ],
)
def test_bad_input_messages(kind, kwargs, args, error, pattern):
    for f in LOSSES[kind]:
        with pytest.raises(error, match=pattern):
            f(*args, **kwargs)


def reference(kind, t, p, s):
    """Per-mask losses of 2-D (masks, pixels) arrays: the cancellation-free sums, each added with math.fsum."""
    import math

    out = []
    for tr, pr in zip(t, p):
        e = math.fsum(pr * (1 - tr)) + math.fsum(tr * (1 - pr))
        i = math.fsum(pr * tr)
        out.append(e / (e + (2 if kind == "dice" else 1) * i + s))
    return np.array(out)


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("shape", [(300, 500), (3, 20000), (1, 8192), (2, 8193), (70000, 1)])
def test_large_sums_match_a_reference(kind, shape):
    """Many masks, long masks (more than 8192 pixels) and a mask per pixel, against math.fsum."""
    loss, grad = LOSSES[kind]
    rng = np.random.default_rng(3)
    t = rng.random(shape)
    t[0] = np.round(t[0])  # a binary mask next to soft ones
    p = rng.random(shape)
    want = reference(kind, t, p, 1.0)
    np.testing.assert_allclose(loss(t, p, axis=1, reduction="none"), want, rtol=1e-13)
    assert loss(t, p, axis=1) == pytest.approx(np.mean(want), rel=1e-13)
    # the gradient from its formula, with L and the denominator of the reference
    e = np.array([np.sum(pr * (1 - tr)) + np.sum(tr * (1 - pr)) for tr, pr in zip(t, p)])
    den = e / want
    lv = want[:, None]
    if kind == "dice":
        g = ((1 - 2 * t) - lv) / den[:, None]
    else:
        g = ((1 - 2 * t) - lv * (1 - t)) / den[:, None]
    np.testing.assert_allclose(grad(t, p, axis=1, reduction="sum"), g, rtol=1e-11, atol=1e-15 * np.max(np.abs(g)))
    # one whole-array mask (axis=None) of a long array, and a non-contiguous view (axis=0 moves the summed axis)
    flat_t, flat_p = t.reshape(1, -1), p.reshape(1, -1)
    assert loss(t, p) == pytest.approx(reference(kind, flat_t, flat_p, 1.0)[0], rel=1e-13)
    np.testing.assert_allclose(loss(t.T, p.T, axis=0, reduction="none"), want, rtol=1e-13)


@pytest.mark.parametrize("kind", LOSSES)
def test_bad_value_near_the_end_is_found(kind):
    loss, grad = LOSSES[kind]
    for shape in [(300, 500), (2, 20000)]:
        t = np.zeros(shape)
        p = np.full(shape, 0.5)
        for bad, pattern in [(np.nan, "p_pred contains NaN"), (np.inf, "p_pred contains infinity"),
                             (1.0 + 2**-52, "p_pred must hold probabilities"), (-0.0, None)]:
            q = p.copy()
            q[-1, -1] = bad
            for f in (loss, grad):
                if pattern is None:
                    f(t, q, axis=1)  # -0.0 is in [0, 1]
                else:
                    with pytest.raises(ValueError, match=pattern):
                        f(t, q, axis=1)
        u = t.copy()
        u[-1, -1] = -1e-300
        with pytest.raises(ValueError, match="y_true must hold labels in"):
            loss(u, p, axis=1)


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_errors_come_in_the_documented_order(kind, reduction):
    """With several problems the first one reported is the same for the loss, its gradient and every reduction:
    reduction, smooth, y_true's values, p_pred's values, the shapes, the ranges, the axis, then 0/0."""
    for f in LOSSES[kind]:
        def call(*args, **kwargs):
            return f(*args, **{"reduction": reduction, **kwargs})
        with pytest.raises(ValueError, match="y_true contains NaN"):
            call([np.nan, 0], [1, 0, 0])
        with pytest.raises(ValueError, match="y_true contains infinity"):
            call([np.inf, 0], ["a"])
        with pytest.raises(ValueError, match="p_pred contains NaN"):
            call([1, 0], [np.nan, 0, 0])
        with pytest.raises(ValueError, match="y_true must hold labels in"):
            call([2, 0], [1.5, 0], axis=3)
        with pytest.raises(ValueError, match="p_pred must hold probabilities"):
            call([1, 0], [1.5, 0], axis=3)
        with pytest.raises(ValueError, match="y_true has shape"):
            call([2, 0], [1, 0, 0])
        with pytest.raises(ValueError, match="y_true contains NaN"):
            call([np.nan, 0], [0, 0], smooth=0.0)  # the value check comes before the 0/0 check
        with pytest.raises(ValueError, match="smooth must be >= 0"):
            call([np.nan, 0], [0, 0], smooth=-1.0)  # smooth before the values
        with pytest.raises(ValueError, match="reduction must be one of"):
            f([np.nan, 0], [0, 0], smooth=-1.0, reduction="avg")  # the reduction first


@pytest.mark.parametrize("kind", LOSSES)
def test_huge_smooth_gradient_does_not_warn(kind):
    """smooth near the float maximum: den * masks overflows, yet the gradient is finite and nothing warns."""
    _, grad = LOSSES[kind]
    t = np.array([[1.0, 0.0], [0.0, 1.0]])
    p = np.full((2, 2), 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = grad(t, p, smooth=1e308, axis=1)
    # L is about 1e-308, so the gradient is (1 - 2t)/(2*den) with den = 1e308 + 2: +-5e-309 (subnormal)
    np.testing.assert_allclose(g, (1 - 2 * t) / 1e308 / 2, rtol=1e-6, atol=0)


@pytest.mark.parametrize("f", [lb.dice, lb.dice_grad, lb.iou, lb.iou_grad])
@pytest.mark.parametrize("smooth", [10**400, -(10**400)], ids=["10**400", "-10**400"])
def test_huge_integer_smooth_names_smooth(f, smooth):
    with pytest.raises(ValueError, match="smooth"):
        f([1.0, 0.0], [1.0, 0.0], smooth=smooth)


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_smooth_at_the_float_limit(kind, reduction):
    """smooth = 1.7e308: no warning, and the values of the exact formula (every loss tiny, here s/(s + 2) or 0)."""
    loss, grad = LOSSES[kind]
    t = np.array([[1.0, 0.0], [0.0, 0.0]])
    p = np.array([[0.0, 1.0], [0.0, 0.0]])
    s = 1.7e308
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = np.atleast_1d(loss(t, p, smooth=s, axis=1, reduction="none"))
        g = grad(t, p, smooth=s, axis=1, reduction=reduction)
    expected = [float(exact(kind, t[0], p[0], F(s))), 0.0]  # 2/(2 + s) for the disjoint mask, 0 for the empty one
    np.testing.assert_allclose(values, expected, rtol=1e-14, atol=0)
    assert np.all(np.isfinite(g)) and g.shape == p.shape

"""KL divergence, entropy and exact cross-entropy: hand values, extremes against mpmath, SciPy cross-checks,
gradients, properties and error messages."""

import math
import warnings

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook as lb
from gradcheck import numerical_gradient  # tests/ is on the import path, as for lab_browser

mpmath.mp.dps = 50
LN2 = math.log(2.0)


def mp_kl(p, q):
    """KL in 50-digit arithmetic from the decimal values of the floats, with 0*log(0/q) = 0."""
    total = mpmath.mpf(0)
    for a, b in zip(p, q):
        a, b = mpmath.mpf(float(a)), mpmath.mpf(float(b))
        if a > 0:
            total += a * mpmath.log(a / b)
    return total


# (p_true, q_pred, expected)
KL_TABLE = [
    ([0.5, 0.5], [0.5, 0.5], 0.0),
    ([1.0, 0.0], [0.5, 0.5], LN2),  # log(1/0.5)
    ([0.5, 0.5], [0.25, 0.75], 0.5 * LN2 + 0.5 * math.log(2.0 / 3.0)),  # 0.5 log 2 + 0.5 log(2/3)
    ([0.25, 0.75], [0.5, 0.5], 0.25 * math.log(0.5) + 0.75 * math.log(1.5)),  # not symmetric
    ([0.0, 1.0], [1e-300, 1.0 - 1e-300], 0.0),  # q(1) = 1 - 1e-300 rounds to 1
    ([1.0, 0.0], [1e-300, 1.0], 300 * math.log(10.0)),
    ([1.0, 0.0], [5e-324, 1.0], float(-mpmath.log(mpmath.mpf(5e-324)))),  # p/q would overflow; the logs do not
    ([0.5, 0.5], [1.0, 0.0], math.inf),  # q says impossible what p says happens
    ([0.0, 1.0], [1.0, 0.0], math.inf),
    ([0.0, 0.0, 1.0], [0.0, 0.5, 0.5], LN2),  # p = q = 0 contributes 0
]


@pytest.mark.parametrize("p, q, expected", KL_TABLE)
def test_kl_table(p, q, expected):
    got = lb.kl_divergence(p, q)
    assert isinstance(got, float)
    if math.isinf(expected):
        assert got == math.inf
    else:
        assert got == pytest.approx(expected, rel=1e-14, abs=1e-300)
        assert got == pytest.approx(float(mp_kl(p, q)), rel=1e-14, abs=1e-300)


def test_kl_extreme_precision_vs_mpmath():
    # two nearly equal distributions: each term is tiny and of either sign
    p = np.array([0.3, 0.3, 0.4])
    q = np.array([0.3 + 1e-9, 0.3 - 1e-9, 0.4])
    got = lb.kl_divergence(p, q)
    assert got == pytest.approx(float(mp_kl(p, q)), rel=1e-4)  # ~ 3e-18: only a few digits survive any float method
    # many classes, one very unlikely under q
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(1000))
    q = rng.dirichlet(np.ones(1000))
    q[0] = 1e-250
    q /= q.sum()
    assert lb.kl_divergence(p, q) == pytest.approx(float(mp_kl(p, q)), rel=1e-12)


def test_kl_matches_scipy():
    rng = np.random.default_rng(1)
    p = rng.dirichlet(np.full(7, 0.3), size=(4, 5))  # sparse-ish rows, (4, 5, 7)
    q = rng.dirichlet(np.full(7, 0.3), size=(4, 5))
    p[0, 0] = [0, 0, 0, 1, 0, 0, 0]  # exact zeros in p
    per = lb.kl_divergence(p, q, reduction="none")
    assert per.shape == (4, 5)
    np.testing.assert_allclose(per, scipy.special.rel_entr(p, q).sum(axis=-1), rtol=1e-12)
    np.testing.assert_allclose(per, scipy.stats.entropy(p, q, axis=-1), rtol=1e-10)
    assert lb.kl_divergence(p, q) == pytest.approx(per.mean(), rel=1e-14)
    assert lb.kl_divergence(p, q, reduction="sum") == pytest.approx(per.sum(), rel=1e-14)


def test_entropy_and_cross_entropy():
    assert lb.entropy([1.0, 0.0]) == 0.0
    assert lb.entropy([0.25] * 4) == pytest.approx(math.log(4.0), rel=1e-15)
    assert lb.entropy([0.5, 0.25, 0.25]) == pytest.approx(1.5 * LN2, rel=1e-15)  # 1.5 bits
    assert lb.cross_entropy([1.0, 0.0], [0.25, 0.75]) == pytest.approx(math.log(4.0), rel=1e-15)
    assert lb.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    rng = np.random.default_rng(2)
    p = rng.dirichlet(np.ones(6), size=10)
    q = rng.dirichlet(np.ones(6), size=10)
    np.testing.assert_allclose(lb.entropy(p, reduction="none"), scipy.stats.entropy(p, axis=-1), rtol=1e-12)
    ce = lb.cross_entropy(p, q, reduction="none")
    np.testing.assert_allclose(ce, -(p * np.log(q)).sum(axis=-1), rtol=1e-12)
    # the lesson's identity: H(p, q) = H(p) + KL(p || q)
    np.testing.assert_allclose(ce, lb.entropy(p, reduction="none") + lb.kl_divergence(p, q, reduction="none"), rtol=1e-12)
    np.testing.assert_array_equal(lb.cross_entropy_grad(p, q), lb.kl_divergence_grad(p, q))
    # without clamping it differs from the training loss only where the training loss clamps
    if hasattr(lb, "categorical_cross_entropy"):
        assert lb.cross_entropy(p, q) == pytest.approx(lb.categorical_cross_entropy(p, q), rel=1e-12)


def test_gradient_hand_values():
    np.testing.assert_array_equal(lb.kl_divergence_grad([1.0, 0.0], [0.5, 0.5]), [-2.0, 0.0])
    np.testing.assert_array_equal(lb.kl_divergence_grad([0.5, 0.5], [0.25, 0.75]), [-2.0, -2.0 / 3.0])
    # mean over 2 rows halves it; sum does not
    p = [[1.0, 0.0], [0.0, 1.0]]
    q = [[0.5, 0.5], [0.75, 0.25]]
    np.testing.assert_array_equal(lb.kl_divergence_grad(p, q), [[-1.0, 0.0], [0.0, -2.0]])
    np.testing.assert_array_equal(lb.kl_divergence_grad(p, q, reduction="sum"), [[-2.0, 0.0], [0.0, -4.0]])
    np.testing.assert_array_equal(lb.kl_divergence_grad(p, q, reduction="none"), [[-2.0, 0.0], [0.0, -4.0]])


def test_gradient_edge_policy():
    """Documented: 0 where p = 0 (also where q = 0 there), -inf where q = 0 < p; no warning either way."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = lb.kl_divergence_grad([0.5, 0.5, 0.0], [1.0, 0.0, 0.0])
        np.testing.assert_array_equal(g, [-0.5, -np.inf, 0.0])
        # a subnormal q under p = 1: -p/q is beyond the float range, -inf is the correctly rounded value
        g = lb.kl_divergence_grad([1.0, 0.0], [5e-324, 1.0])
        np.testing.assert_array_equal(g, [-np.inf, 0.0])
        assert np.isfinite(lb.kl_divergence([1.0, 0.0], [5e-324, 1.0]))




@pytest.mark.parametrize("loss, grad", [(lb.kl_divergence, lb.kl_divergence_grad),
                                        (lb.cross_entropy, lb.cross_entropy_grad)])
@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4)])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_gradient_matches_finite_differences(loss, grad, shape, reduction):
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    p[..., 0] = 0.0  # a class p rules out: its gradient is 0
    p /= p.sum(axis=-1, keepdims=True)
    q = rng.dirichlet(np.full(shape[-1], 5.0), size=shape[:-1])  # entries well away from 0
    g = grad(p, q, reduction=reduction)
    assert g.shape == q.shape
    if reduction == "none":
        def f(x):
            return float(np.sum(loss(p, x, reduction="none")))
    else:
        def f(x):
            return loss(p, x, reduction=reduction)
    # h = 1e-8 keeps every perturbed row within the 1e-6 sum tolerance (the gradient ignores the sum constraint)
    np.testing.assert_allclose(g, numerical_gradient(f, q, 1e-8), rtol=1e-5, atol=1e-7)
    assert np.all(g[..., 0] == 0.0)


@given(data=st.data())
def test_properties(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    p = lb.softmax(data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-800, 800))))
    q = lb.softmax(data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-800, 800))))
    for x in (p, q):
        x.setflags(write=False)
    p_before, q_before = p.copy(), q.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kl = np.asarray(lb.kl_divergence(p, q, reduction="none"))
        g = lb.kl_divergence_grad(p, q)
        self_kl = lb.kl_divergence(p, p, reduction="sum")
        h = np.asarray(lb.entropy(p, reduction="none"))
    assert self_kl == 0.0  # exactly: p*(log p - log p) is 0 term by term
    assert np.all(kl >= -1e-12)  # >= 0 up to rounding (softmax rows sum to 1 within a few ulps)
    ok = np.all((q > 0) | (p == 0), axis=-1)
    assert np.all(np.isfinite(kl[ok])) and np.all(kl[~ok] == np.inf)
    assert np.all(g <= 0.0) and g.shape == q.shape and not np.any(np.isnan(g))
    assert np.all(h >= 0.0) and np.all(h <= np.log(shape[-1]) + 1e-12)
    np.testing.assert_array_equal(p, p_before)
    np.testing.assert_array_equal(q, q_before)


@pytest.mark.parametrize("f", [lb.kl_divergence, lb.kl_divergence_grad, lb.cross_entropy, lb.cross_entropy_grad])
@pytest.mark.parametrize(
    "args, kwargs, error, pattern",
    [
        (([0.5, 0.6], [0.5, 0.5]), {}, ValueError, "each row of p_true must sum to 1.*did you forget a softmax"),
        (([0.5, 0.5], [2.0, 3.0]), {}, ValueError, "q_pred must hold probabilities"),
        (([0.5, 0.5], [0.3, 0.3]), {}, ValueError, "each row of q_pred must sum to 1.*did you forget a softmax"),
        (([0.5, 0.5], [-0.5, 1.5]), {}, ValueError, r"q_pred must hold probabilities.*lb.softmax\(q_pred\)"),
        (([0.5, 0.5], [[0.5, 0.5]]), {}, ValueError, "p_true has shape .* q_pred has shape"),
        ((1.0, 1.0), {}, ValueError, "p_true must have at least one axis"),
        (([], []), {}, ValueError, "p_true is empty"),
        (([0.5, np.nan], [0.5, 0.5]), {}, ValueError, "p_true contains NaN"),
        ((["a"], [1.0]), {}, TypeError, "p_true must be numeric"),
        (([0.5, 0.5], [0.5, 0.5]), {"reduction": "batchmean"}, ValueError, "reduction must be one of"),
    ],
)
def test_bad_input_messages(f, args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        f(*args, **kwargs)


def test_entropy_bad_input():
    with pytest.raises(ValueError, match="each row of p must sum to 1.*did you forget a softmax"):
        lb.entropy([0.3, 0.3])
    with pytest.raises(ValueError, match="p must hold probabilities"):
        lb.entropy([1.5, -0.5])
    with pytest.raises(ValueError, match="reduction"):
        lb.entropy([1.0], reduction="avg")


# --------------------------------------------------------------------------------------------------------------------
# Issue 10: what an adversarial run found (each test fails on the code before the fix)
# --------------------------------------------------------------------------------------------------------------------


def float32_softmax_with_sequential_sum(seed, rows, classes):
    """A softmax computed in float32 whose denominator was accumulated one term at a time (as a simple loop or a GPU
    kernel may do): each row sums to 1 up to float32 rounding, a few ulps times the number of classes."""
    z = np.random.default_rng(seed).normal(size=(rows, classes)).astype(np.float32)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / np.add.accumulate(e, axis=-1)[:, -1:]


def test_float32_softmax_over_many_classes_is_accepted():
    p = float32_softmax_with_sequential_sum(1, 3, 10_000)
    q = float32_softmax_with_sequential_sum(2, 3, 10_000)
    assert p.dtype == q.dtype == np.float32
    assert np.max(np.abs(p.astype(np.float64).sum(axis=-1) - 1.0)) > 1e-6  # outside the float64 tolerance
    p64, q64 = p.astype(np.float64), q.astype(np.float64)
    expected = np.sum(scipy.special.rel_entr(p64, q64), axis=-1)  # the same values, in float64
    np.testing.assert_allclose(lb.kl_divergence(p, q, reduction="none"), expected, rtol=1e-12)
    # scipy.special.entr, not scipy.stats.entropy: the latter renormalises the rows
    np.testing.assert_allclose(lb.entropy(p, reduction="none"), scipy.special.entr(p64).sum(axis=-1), rtol=1e-12)
    np.testing.assert_allclose(lb.kl_divergence_grad(p, q), -p64 / q64 / 3, rtol=1e-15)  # mean over 3 rows


def test_float64_tolerance_is_unchanged_and_the_message_shows_the_sum():
    # float64: still within 1e-6; the sum is printed with the digits that show how far it is from 1 (".6g" read "1")
    with pytest.raises(ValueError, match=r"a row sums to 1\.000002; did you forget a softmax"):
        lb.kl_divergence([0.5, 0.5 + 2e-6], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"each row of p must sum to 1.*a row sums to 0\.9999985;"):
        lb.entropy([0.5, 0.5 - 1.5e-6])
    assert lb.kl_divergence([0.5, 0.5 + 9e-7], [0.5, 0.5]) == pytest.approx((0.5 + 9e-7) * math.log1p(1.8e-6), rel=1e-9)


def test_low_precision_message_names_the_dtype_and_suggests_float64():
    with pytest.raises(ValueError, match=r"q_pred must sum to 1.*sums to 1\.1 \(float32 input with 2 classes may be "
                                         r"off by 1e-06; compute the probabilities in float64 for a tighter check\)"
                                         r"; did you forget a softmax"):
        lb.kl_divergence([0.5, 0.5], np.array([0.5, 0.6], dtype=np.float32))
    # float16 with 1000 classes: 1000 * 2**-10 ~ 0.98 would accept anything; the tolerance is that, yet a sum of 2 fails
    with pytest.raises(ValueError, match=r"float16 input with 1000 classes may be off by 0\.977"):
        lb.entropy(np.full(1000, 0.002, dtype=np.float16))


def test_extreme_and_float32_inputs_agree_with_float64_and_mpmath():
    # the smallest subnormal and the largest gap the ratio p/q can have: the logs stay finite, no warning
    p = np.array([1.0 - 2**-53, 2**-53], dtype=np.float64)
    q = np.array([5e-324, 1.0])
    assert lb.kl_divergence(p, q) == pytest.approx(float(mp_kl(p, q)), rel=1e-14)
    assert lb.cross_entropy(p, q) == pytest.approx(float(-sum(mpmath.mpf(float(a)) * mpmath.log(mpmath.mpf(float(b)))
                                                            for a, b in zip(p, q))), rel=1e-14)
    g = lb.kl_divergence_grad(p, q)
    assert g[0] == -np.inf and g[1] == pytest.approx(-(2**-53), rel=1e-15)  # p/q beyond the float range: -inf
    # float32 input is read exactly (every float32 is a float64): the result equals the float64 one bit for bit
    rng = np.random.default_rng(4)
    p32 = rng.dirichlet(np.full(5, 0.2), size=4).astype(np.float32)
    q32 = rng.dirichlet(np.full(5, 0.2), size=4).astype(np.float32)
    p32 /= p32.sum(axis=-1, keepdims=True)
    q32 /= q32.sum(axis=-1, keepdims=True)
    for f in (lb.kl_divergence, lb.cross_entropy, lb.kl_divergence_grad):
        np.testing.assert_array_equal(f(p32, q32, reduction="none"), f(p32.astype(np.float64), q32.astype(np.float64),
                                                                      reduction="none"))


@pytest.mark.parametrize("f", [lb.kl_divergence, lb.kl_divergence_grad, lb.cross_entropy, lb.cross_entropy_grad])
def test_masked_arrays_are_refused(f):
    masked = np.ma.masked_array([0.5, 0.5, 0.0], mask=[False, False, True])
    with pytest.raises(TypeError, match="q_pred is a masked array"):
        f([0.5, 0.5, 0.0], masked)
    with pytest.raises(TypeError, match="p is a masked array"):
        lb.entropy(masked)

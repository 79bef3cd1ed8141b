"""Tests of the stable activations against SciPy and mpmath, at ordinary and extreme inputs."""

import warnings

import mpmath
import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook as lb

mpmath.mp.dps = 50
EXTREME = np.array([-1e300, -1e5, -800.0, -745.0, -40.0, -1.0, -1e-300, 0.0, 1e-300, 1.0, 2.0, 40.0, 800.0, 1e5, 1e300])
logit = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False)


def quiet(f, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return f(*args, **kwargs)


def test_sigmoid_matches_mpmath_to_the_last_digits():
    expected = [float(1 / (1 + mpmath.exp(-mpmath.mpf(z)))) for z in EXTREME]
    np.testing.assert_allclose(quiet(lb.sigmoid, EXTREME), expected, rtol=4e-16, atol=0)
    np.testing.assert_allclose(quiet(lb.sigmoid, EXTREME), scipy.special.expit(EXTREME), rtol=4e-16, atol=1e-323)  # scipy: 0 at -745


def test_log_sigmoid_and_softplus_match_scipy():
    np.testing.assert_allclose(quiet(lb.log_sigmoid, EXTREME), scipy.special.log_expit(EXTREME), rtol=1e-15, atol=0)
    np.testing.assert_allclose(quiet(lb.softplus, EXTREME), np.logaddexp(0.0, EXTREME), rtol=1e-15, atol=0)
    assert float(lb.log_sigmoid(-1e300)) == -1e300
    assert float(lb.softplus(-40.0)) == pytest.approx(float(mpmath.log1p(mpmath.exp(-40))), rel=1e-15)


def test_specific_values():
    assert float(lb.sigmoid(0.0)) == 0.5
    assert float(lb.sigmoid(np.log(4.0))) == pytest.approx(0.8, rel=1e-15)  # the cat at 0.8
    assert float(lb.logsumexp([1e300, 1e300])) == 1e300  # 1e300 + ln 2 rounds to 1e300
    assert float(lb.logsumexp([0.0, 0.0])) == pytest.approx(np.log(2.0), rel=1e-15)
    np.testing.assert_array_equal(lb.softmax([1e300, 0.0]), [1.0, 0.0])
    np.testing.assert_array_equal(lb.softmax([-1e300, 1e300]), [0.0, 1.0])
    np.testing.assert_array_equal(lb.log_softmax([-1e300, 1e300]), [-2e300, 0.0])
    np.testing.assert_allclose(lb.softmax([2.0, 1.0, 0.1]), [0.6590011388859679, 0.2424329707047139, 0.09856589040931818], rtol=1e-14)


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_row_functions_match_scipy(axis):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=10.0, size=(7, 5))
    np.testing.assert_allclose(lb.logsumexp(z, axis=axis), scipy.special.logsumexp(z, axis=axis), rtol=1e-14)
    np.testing.assert_allclose(lb.softmax(z, axis=axis), scipy.special.softmax(z, axis=axis), rtol=1e-13)
    np.testing.assert_allclose(lb.log_softmax(z, axis=axis), scipy.special.log_softmax(z, axis=axis), rtol=1e-13)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6), elements=logit))
def test_finite_everywhere_no_warning_input_untouched(z):
    before = z.copy()
    z.setflags(write=False)
    for f in (lb.sigmoid, lb.log_sigmoid, lb.softplus, lb.softmax, lb.log_softmax, lb.logsumexp):
        out = np.asarray(quiet(f, z))
        assert np.all(np.isfinite(out)), f.__name__
    s = lb.sigmoid(z)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(lb.softmax(z).sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(z, before)


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=st.floats(-1e3, 1e3)),
       st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(z, shift):
    np.testing.assert_allclose(lb.softmax(z + shift), lb.softmax(z), rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(lb.log_softmax(z + shift), lb.log_softmax(z), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(lb.logsumexp(z + shift), lb.logsumexp(z) + shift, rtol=1e-12, atol=1e-9)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6), elements=logit))
def test_sigmoid_symmetry(z):
    # sigmoid(-z) = 1 - sigmoid(z); exact in float64 wherever 1 - sigmoid(z) is representable without rounding
    np.testing.assert_allclose(lb.sigmoid(-z) + lb.sigmoid(z), 1.0, rtol=1e-15)


def test_scalar_in_scalar_out():
    assert np.shape(lb.sigmoid(3.0)) == ()
    assert float(lb.sigmoid(3.0)) == pytest.approx(float(1 / (1 + mpmath.exp(-3))), rel=1e-15)


@pytest.mark.parametrize("f", [lb.sigmoid, lb.softmax, lb.log_softmax, lb.logsumexp, lb.softplus, lb.log_sigmoid])
@pytest.mark.parametrize("bad, error", [([np.nan], ValueError), ([], ValueError), (["a"], TypeError)])
def test_bad_input_names_z(f, bad, error):
    with pytest.raises(error, match="z"):
        f(bad)


@pytest.mark.parametrize("f", [lb.softmax, lb.log_softmax, lb.logsumexp])
def test_row_functions_need_an_axis(f):
    with pytest.raises(ValueError, match="z"):
        f(1.0)


@pytest.mark.parametrize("f", [lb.softmax, lb.log_softmax, lb.logsumexp])
@pytest.mark.parametrize("axis, error, words", [(2, ValueError, "axis=2 is out of range for an array with 2 axes"),
                                                (-3, ValueError, "axis=-3 is out of range"),
                                                (1.0, TypeError, "axis must be None, an int or a tuple of ints, got 1.0"),
                                                ("1", TypeError, "axis must be None"), ((0, 0), ValueError, "axis=(0, 0) names axis 0 twice")])
def test_bad_axis_gets_lossbooks_message(f, axis, error, words):
    with pytest.raises(error, match=r"^" + words.replace("(", r"\(").replace(")", r"\)").replace(".", "[.]")):
        f([[1.0, 2.0], [3.0, 4.0]], axis=axis)


def test_axis_none_and_tuples_still_work_as_in_scipy():
    z = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(lb.softmax(z, axis=None), scipy.special.softmax(z, axis=None), rtol=1e-14)
    np.testing.assert_allclose(lb.logsumexp(z, axis=(0, 1)), scipy.special.logsumexp(z), rtol=1e-14)
    np.testing.assert_allclose(lb.log_softmax(z, axis=np.int64(0)), scipy.special.log_softmax(z, axis=0), rtol=1e-14)


def test_activations_at_the_float_limit():
    big = 1.7e308
    np.testing.assert_array_equal(quiet(lb.sigmoid, [big, -big]), [1.0, 0.0])
    np.testing.assert_array_equal(quiet(lb.softmax, [big, -big]), [1.0, 0.0])
    np.testing.assert_array_equal(quiet(lb.log_softmax, [big, -big]), [0.0, -np.inf])  # -3.4e308: beyond the range
    assert quiet(lb.logsumexp, [big, -big]) == big
    assert quiet(lb.logsumexp, [-big, -big]) == -big
    np.testing.assert_array_equal(quiet(lb.softplus, [big, -big]), [big, 0.0])
    np.testing.assert_array_equal(quiet(lb.log_sigmoid, [big, -big]), [0.0, -big])

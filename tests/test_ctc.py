"""CTC: value and gradient against brute-force enumeration of every path, finite differences and hand-worked examples.

The expected values never come from lossbook's recursion: they come from enumerating all ``C**T`` paths of a tiny
problem (collapsed here with ``itertools.groupby``, with SciPy's log-softmax), or from a count done by hand.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import log_softmax, logsumexp

import lossbook as lb


# --------------------------------------------------------------------------------------------------------------------
# An independent reference: enumerate every path
# --------------------------------------------------------------------------------------------------------------------


def collapse_reference(path, blank):
    """Merge runs of equal symbols, then drop blanks (written independently of lossbook)."""
    return [k for k, _ in itertools.groupby(path) if k != blank]


def brute_force(labels, logits, blank):
    """(loss, gradient, list of valid paths) by summing over all C**T paths."""
    T, C = logits.shape
    lp = log_softmax(logits, axis=1)
    labels = list(labels)
    valid, log_terms = [], []
    for path in itertools.product(range(C), repeat=T):
        if collapse_reference(path, blank) == labels:
            valid.append(path)
            log_terms.append(sum(lp[t, k] for t, k in enumerate(path)))
    if not valid:
        return math.inf, np.zeros((T, C)), valid
    log_terms = np.array(log_terms)
    log_p = logsumexp(log_terms)
    weights = np.exp(log_terms - log_p)  # posterior probability of each valid path
    occupation = np.zeros((T, C))
    for w, path in zip(weights, valid):
        occupation[np.arange(T), list(path)] += w
    return -log_p, np.exp(lp) - occupation, valid


@st.composite
def ctc_problems(draw, max_t=5, max_c=3):
    T = draw(st.integers(1, max_t))
    C = draw(st.integers(2, max_c))
    blank = draw(st.integers(0, C - 1))
    non_blank = [k for k in range(C) if k != blank]
    # up to T + 1 labels: the longer ones (and repeats such as [1, 1]) are often infeasible, on purpose
    labels = draw(st.lists(st.sampled_from(non_blank), min_size=0, max_size=T + 1))
    logits = draw(arrays(np.float64, (T, C), elements=st.floats(-6, 6, allow_nan=False, allow_infinity=False)))
    return labels, logits, blank


# --------------------------------------------------------------------------------------------------------------------
# Value and gradient against brute force
# --------------------------------------------------------------------------------------------------------------------


@given(ctc_problems())
def test_matches_brute_force_enumeration(problem):
    labels, logits, blank = problem
    expected_loss, expected_grad, _ = brute_force(labels, logits, blank)
    loss = lb.ctc(labels, logits, blank=blank)
    grad = lb.ctc_grad(labels, logits, blank=blank)
    assert isinstance(loss, float)
    if math.isinf(expected_loss):
        assert loss == math.inf
        np.testing.assert_array_equal(grad, 0.0)  # documented choice: zeros when no alignment fits
    else:
        assert loss == pytest.approx(expected_loss, rel=1e-12, abs=1e-12)
        np.testing.assert_allclose(grad, expected_grad, rtol=1e-9, atol=1e-12)


@given(ctc_problems(max_t=4, max_c=4))
def test_paths_and_lattice_match_brute_force(problem):
    labels, logits, blank = problem
    T, C = logits.shape
    expected_loss, _, valid = brute_force(labels, logits, blank)
    paths = lb.ctc_paths(labels, T, blank=blank)
    assert paths.shape == (len(valid), T)
    assert sorted(map(tuple, paths.tolist())) == sorted(valid)
    lattice = lb.ctc_lattice(labels, logits, blank=blank)
    assert lattice.loss == lb.ctc(labels, logits, blank=blank)
    assert lattice.log_alpha.shape == lattice.log_beta.shape == lattice.log_posterior.shape == (T, 2 * len(labels) + 1)
    posterior = np.exp(lattice.log_posterior)
    if valid:
        # the probability of the labels is the sum over the enumerated paths of their products
        probs = np.exp(log_softmax(logits, axis=1))
        total = probs[np.arange(T), paths].prod(axis=1).sum()
        assert -math.log(total) == pytest.approx(expected_loss, rel=1e-12, abs=1e-12)
        np.testing.assert_allclose(posterior.sum(axis=1), 1.0, rtol=1e-12)  # one position per frame
    else:
        np.testing.assert_array_equal(posterior, 0.0)


@pytest.mark.parametrize(
    "labels, T, blank",
    [
        ([1, 1], 3, 0),  # a repeat needs a blank in between: only 1 _ 1
        ([1, 1], 4, 0),
        ([2, 2, 1], 5, 0),
        ([], 4, 0),  # empty labels: the all-blank path only
        ([0, 0], 4, 2),  # blank is the last class
        ([0, 2, 0], 5, 1),  # blank in the middle
        ([1, 2], 1, 0),  # infeasible: two labels, one frame
        ([1, 1], 2, 0),  # infeasible: 1 _ 1 needs three frames
        ([2, 2, 2], 4, 0),  # infeasible: needs 5
    ],
)
def test_named_cases_against_brute_force(labels, T, blank):
    rng = np.random.default_rng(len(labels) * 10 + T)
    logits = rng.normal(size=(T, 3)) * 2
    expected_loss, expected_grad, valid = brute_force(labels, logits, blank)
    loss, grad = lb.ctc(labels, logits, blank=blank), lb.ctc_grad(labels, logits, blank=blank)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-9, atol=1e-12)
    assert len(lb.ctc_paths(labels, T, blank=blank)) == len(valid)


# --------------------------------------------------------------------------------------------------------------------
# Hand-worked values
# --------------------------------------------------------------------------------------------------------------------


def test_hand_worked_two_frames():
    # frame 0: P(blank) = 0.2, P(1) = 0.8; frame 1: P(blank) = 0.6, P(1) = 0.4. Paths for [1]:
    # (1, 1): 0.8 * 0.4 = 0.32, (0, 1): 0.2 * 0.4 = 0.08, (1, 0): 0.8 * 0.6 = 0.48; total 0.88.
    logits = np.log([[0.2, 0.8], [0.6, 0.4]])
    assert lb.ctc([1], logits) == pytest.approx(-math.log(0.88), rel=1e-14)
    # posterior that frame 0 emits the label: (0.32 + 0.48) / 0.88; frame 1: (0.32 + 0.08) / 0.88
    expected = np.array([[0.2 - 0.08 / 0.88, 0.8 - 0.80 / 0.88], [0.6 - 0.48 / 0.88, 0.4 - 0.40 / 0.88]])
    np.testing.assert_allclose(lb.ctc_grad([1], logits), expected, rtol=1e-12, atol=1e-15)


def test_hand_worked_uniform_three_frames():
    # uniform over 3 classes; [1, 2] in 3 frames: 1 2 2, 1 1 2, 0 1 2, 1 2 0, 1 0 2 (5 paths of probability 1/27)
    assert lb.ctc([1, 2], np.zeros((3, 3))) == pytest.approx(math.log(27 / 5), rel=1e-14)
    np.testing.assert_array_equal(
        lb.ctc_paths([1, 2], 3), [[0, 1, 2], [1, 1, 2], [1, 0, 2], [1, 2, 2], [1, 2, 0]]
    )


def test_empty_labels_is_sum_of_blank_log_probabilities():
    logits = np.random.default_rng(3).normal(size=(7, 4))
    for blank in range(4):
        expected = -log_softmax(logits, axis=1)[:, blank].sum()
        assert lb.ctc([], logits, blank=blank) == pytest.approx(expected, rel=1e-13)
        grad = lb.ctc_grad(np.array([], dtype=int), logits, blank=blank)
        onehot = np.zeros(4)
        onehot[blank] = 1.0
        np.testing.assert_allclose(grad, np.exp(log_softmax(logits, axis=1)) - onehot, atol=1e-15)


def test_infeasible_is_inf_with_zero_gradient_and_no_warning():
    # filterwarnings = error::RuntimeWarning makes any warning fail this test
    logits = np.random.default_rng(0).normal(size=(4, 5))
    for labels in ([1, 2, 3, 4, 1], [1, 1, 1], [2, 2, 3, 3]):  # need 5, 5 and 6 frames
        assert lb.ctc(labels, logits) == math.inf
        np.testing.assert_array_equal(lb.ctc_grad(labels, logits), np.zeros((4, 5)))
    assert lb.ctc([1, 1, 1], np.zeros((5, 2))) == pytest.approx(-5 * math.log(0.5))  # exactly fits: 1 _ 1 _ 1


# --------------------------------------------------------------------------------------------------------------------
# Gradient properties
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("labels, blank", [([1, 2, 2, 3], 0), ([3, 3, 1], 2), ([4], 0), ([], 1)])
def test_gradient_matches_central_finite_differences(labels, blank):
    rng = np.random.default_rng(7)
    logits = rng.normal(size=(9, 5)) * 1.5
    grad = lb.ctc_grad(labels, logits, blank=blank)
    eps = 1e-6
    numeric = np.zeros_like(logits)
    for idx in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (lb.ctc(labels, up, blank=blank) - lb.ctc(labels, down, blank=blank)) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


@given(
    st.integers(1, 30).flatmap(
        lambda T: st.tuples(
            st.lists(st.integers(1, 5), max_size=T),
            arrays(np.float64, (T, 6), elements=st.floats(-50, 50, allow_nan=False, allow_infinity=False)),
        )
    )
)
def test_gradient_rows_sum_to_zero_and_are_finite(problem):
    labels, logits = problem
    grad = lb.ctc_grad(labels, logits)
    assert grad.shape == logits.shape
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-9)
    # softmax minus a distribution: every entry lies in [-1, 1]
    assert np.all(np.abs(grad) <= 1.0 + 1e-12)


def test_long_sequence_does_not_underflow():
    # Uniform logits over C classes: every path has probability C**-T, so p = (number of alignments) / C**T.
    # Without adjacent repeats, an alignment splits T frames into L label runs of length >= 1 and L + 1 blank runs of
    # length >= 0: comb(T + L, 2L) ways (stars and bars). Here p ~ 1e-346 underflows float64; its log does not.
    T, C, L = 300, 30, 60
    labels = np.tile([1, 2, 3], L // 3)
    expected = T * math.log(C) - math.log(math.comb(T + L, 2 * L))  # math.log of an exact big integer
    assert lb.ctc(labels, np.zeros((T, C))) == pytest.approx(expected, rel=1e-12)
    logits = np.random.default_rng(11).normal(size=(T, C)) * 0.1
    grad = lb.ctc_grad(labels, logits)
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-12)


def test_extreme_logits():
    # P(label) ~ e^-1000 per frame: the label must appear in one run; the three one-frame runs dominate
    # (longer runs cost another e^-1000 each), so p = 3 e^-1000 (1 + O(e^-1000)) and the loss is 1000 - log 3.
    logits = np.tile([0.0, -1000.0], (3, 1))
    assert lb.ctc([1], logits) == pytest.approx(1000 - math.log(3), rel=1e-15)
    grad = lb.ctc_grad([1], logits)
    np.testing.assert_allclose(grad, [[1 / 3, -1 / 3]] * 3, rtol=1e-12)
    # logits of +-1e308: the shifted log-softmax overflows to -inf for the losing class; the only possible path is
    # 1 _ _, certain: loss 0, gradient 0, no warning (-inf - -inf would be NaN with a warning)
    big = np.array([[-1e308, 1e308], [1e308, -1e308], [1e308, -1e308]])
    assert lb.ctc([1], big) == 0.0
    np.testing.assert_array_equal(lb.ctc_grad([1], big), 0.0)
    assert lb.ctc_lattice([1], big).loss == 0.0


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


@given(st.lists(st.integers(0, 3), max_size=12), st.integers(0, 3))
def test_collapse_matches_reference(path, blank):
    assert lb.ctc_collapse(path, blank=blank) == collapse_reference(path, blank)


def test_collapse_examples():
    assert lb.ctc_collapse([0, 1, 1, 0, 1, 2, 2, 0]) == [1, 1, 2]
    assert lb.ctc_collapse([]) == []
    assert lb.ctc_collapse(np.array([3, 3, 0, 3]), blank=0) == [3, 3]


def test_paths_counts_and_limit():
    # [1, 2, 3] in T frames: comb(T + 3, 6) alignments (see test_long_sequence_does_not_underflow), checked by
    # brute force as well for small T; the refusal for a large T names the count
    for T in range(1, 7):
        _, _, valid = brute_force([1, 2, 3], np.zeros((T, 4)), 0)
        assert len(lb.ctc_paths([1, 2, 3], T)) == len(valid) == math.comb(T + 3, 6)
    assert len(lb.ctc_paths([1, 2, 3], 12)) == math.comb(15, 6) == 5005
    assert lb.ctc_paths([1, 2], 1).shape == (0, 1)
    assert lb.ctc_paths([], 3).tolist() == [[0, 0, 0]]
    with pytest.raises(ValueError, match="67,945,521 alignments.*max_paths"):
        lb.ctc_paths([1, 2, 3], 60)
    assert len(lb.ctc_paths([1], 3, max_paths=6)) == 6
    with pytest.raises(ValueError, match="T"):
        lb.ctc_paths([1], 0)


def test_lattice_hand_worked():
    lattice = lb.ctc_lattice([1], np.zeros((2, 2)))
    np.testing.assert_array_equal(lattice.extended_labels, [0, 1, 0])
    half = math.log(0.5)
    # alpha: frame 0 may be at positions 0 or 1; frame 1 at 0 (0,0), 1 (0,1),(1,1) or 2 (1,0)
    np.testing.assert_allclose(np.exp(lattice.log_alpha), [[0.5, 0.5, 0.0], [0.25, 0.5, 0.25]])
    # beta (frame t included): from position 0 at frame 0 only (0, 1) completes: 1/4; from 1: (1, 1), (1, 0): 1/2;
    # from 2: (0, 0) ends on the trailing blank: 1/4 (reachable from the end, though not from the start)
    np.testing.assert_allclose(np.exp(lattice.log_beta), [[0.25, 0.5, 0.25], [0.0, 0.5, 0.5]])
    assert lattice.log_alpha[0, 0] == half
    np.testing.assert_allclose(np.exp(lattice.log_posterior), [[1 / 3, 2 / 3, 0.0], [0.0, 2 / 3, 1 / 3]])
    infeasible = lb.ctc_lattice([1, 1], np.zeros((2, 2)))
    assert infeasible.loss == math.inf
    assert np.all(np.isneginf(infeasible.log_posterior))


def test_inputs_are_not_modified_and_top_level_names():
    logits = np.random.default_rng(5).normal(size=(6, 4))
    labels = np.array([1, 3, 3])
    before = logits.copy(), labels.copy()
    lb.ctc(labels, logits), lb.ctc_grad(labels, logits), lb.ctc_lattice(labels, logits)
    np.testing.assert_array_equal(logits, before[0])
    np.testing.assert_array_equal(labels, before[1])
    for name in ("ctc", "ctc_grad", "ctc_lattice", "ctc_paths", "ctc_collapse"):
        assert name in lb.__all__


def test_accepts_lists_and_integer_valued_floats():
    logits = np.random.default_rng(2).normal(size=(5, 3)).tolist()
    assert lb.ctc([1.0, 2.0], logits) == lb.ctc(np.array([1, 2], dtype=np.int8), np.array(logits))
    assert lb.ctc([1, 2], logits, blank=np.int64(0)) == lb.ctc([1, 2], logits)


# --------------------------------------------------------------------------------------------------------------------
# Bad input: the message names the argument
# --------------------------------------------------------------------------------------------------------------------

GOOD = np.zeros((4, 3))


@pytest.mark.parametrize("func", [lb.ctc, lb.ctc_grad, lb.ctc_lattice])
@pytest.mark.parametrize(
    "labels, logits, blank, error, match",
    [
        ([1, 0], GOOD, 0, ValueError, "labels must not contain the blank index 0"),
        ([1, 2], GOOD, 2, ValueError, "blank index 2"),
        ([1, 3], GOOD, 0, ValueError, r"labels must lie in \[0, 3\)"),
        ([1, -1], GOOD, 0, ValueError, "labels must hold indices >= 0"),
        ([[1, 2]], GOOD, 0, ValueError, "labels must be a 1-D sequence"),
        (1, GOOD, 0, ValueError, "labels must be a 1-D sequence"),
        ([1.5, 2], GOOD, 0, ValueError, "labels must hold whole numbers"),
        ([True, False], GOOD, 0, TypeError, "labels is boolean"),
        (["a"], GOOD, 0, TypeError, "labels must hold integer"),
        ([1], np.zeros(4), 0, ValueError, r"logits must be a 2-D array of shape \(T, C\)"),
        ([1], np.zeros((1, 4, 3)), 0, ValueError, "logits must be a 2-D array.*once per sequence"),
        ([1], np.zeros((0, 3)), 0, ValueError, "logits is empty"),
        ([1], np.array([[0.0, np.nan, 1.0]]), 0, ValueError, "logits contains NaN"),
        ([1], np.array([[0.0, np.inf, 1.0]]), 0, ValueError, "logits contains infinity"),
        ([1], GOOD, 3, ValueError, r"blank must lie in \[0, 3\)"),
        ([1], GOOD, -1, ValueError, "blank must be a class index >= 0"),
        ([1], GOOD, 0.0, TypeError, "blank must be an integer"),
        ([1], GOOD, True, TypeError, "blank must be an integer"),
    ],
)
def test_bad_input(func, labels, logits, blank, error, match):
    with pytest.raises(error, match=match):
        func(labels, logits, blank=blank)


def test_bad_input_helpers():
    with pytest.raises(ValueError, match="path must be a 1-D sequence"):
        lb.ctc_collapse([[0, 1]])
    with pytest.raises(ValueError, match="path must hold indices >= 0"):
        lb.ctc_collapse([0, -1])
    with pytest.raises(ValueError, match="labels must not contain the blank"):
        lb.ctc_paths([1, 0], 3)
    with pytest.raises(ValueError, match="T .*positive integer"):
        lb.ctc_paths([1], 2.5)


# --------------------------------------------------------------------------------------------------------------------
# Issue 10: what an adversarial run found (each test fails on the code before the fix)
# --------------------------------------------------------------------------------------------------------------------

# Labels beyond any class: a cast to intp would wrap the uint64 ones to negative indices (read as the last classes)
# and turn 1e20 into garbage (a RuntimeWarning, then an IndexError).
HUGE_LABELS = [
    np.array([2**64 - 1], dtype=np.uint64),
    np.array([1, 2**63], dtype=np.uint64),
    [1e20],
    np.array([2.0**63]),
]


@pytest.mark.parametrize("labels", HUGE_LABELS, ids=["uint64-max", "uint64-2**63", "1e20", "float-2**63"])
@pytest.mark.parametrize("func", [lb.ctc, lb.ctc_grad, lb.ctc_lattice])
def test_huge_labels_raise_naming_labels(func, labels):
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\) for logits with 3 classes.*the largest is \d{19}"):
        func(labels, np.zeros((4, 3)))


@pytest.mark.parametrize("labels", HUGE_LABELS, ids=["uint64-max", "uint64-2**63", "1e20", "float-2**63"])
def test_huge_labels_raise_in_paths_and_collapse(labels):
    with pytest.raises(ValueError, match=r"labels must hold indices up to \d+ \(a \d+-bit integer\), but its largest"):
        lb.ctc_paths(labels, 3)
    with pytest.raises(ValueError, match=r"path must hold indices up to \d+ \(a \d+-bit integer\), but its largest"):
        lb.ctc_collapse(labels)
    # the largest index that fits still works: these helpers know no number of classes
    big = int(np.iinfo(np.intp).max)
    assert lb.ctc_paths(np.array([big], dtype=np.uint64), 1).tolist() == [[big]]
    assert lb.ctc_collapse(np.array([big, big, 0], dtype=np.uint64)) == [big]


def test_logits_near_the_float_limit_warn_nothing_and_are_right():
    # (pytest turns a RuntimeWarning into an error.) One frame, one label: the only path is the label, so
    # p = softmax(z)[1] and the gradient is softmax - one-hot = [1, -1], exactly. alpha + beta = 2 * log p is beyond
    # the float range here, though the posterior it leads to is 1.
    h = 0.45e308
    z = np.array([[h, -h]])
    assert lb.ctc([1], z) == 2 * h
    np.testing.assert_array_equal(lb.ctc_grad([1], z), [[1.0, -1.0]])
    # the path "1 _" is certain; the backward variables of the other cells lie below the float range
    z = np.array([[0.0, 1.79e308], [0.0, -1.79e308]])
    assert lb.ctc([1], z) == 0.0
    np.testing.assert_array_equal(lb.ctc_grad([1], z), 0.0)
    np.testing.assert_array_equal(np.exp(lb.ctc_lattice([1], z).log_posterior), [[0, 1, 0], [0, 0, 1]])


def test_huge_logits_the_only_path_takes_all_the_posterior():
    # [1, 1] in three frames has one alignment, 1 _ 1: whatever the logits, the gradient is softmax - one-hot of it.
    # With logits ~1e100 the logs of alpha and beta carry rounding errors ~1e84; dividing by p (not normalising each
    # frame) gave a log-posterior of +7.8e84, an overflow warning and a NaN gradient.
    z = np.random.default_rng(5).normal(size=(3, 5)) * 1e100
    path = [1, 0, 1]
    np.testing.assert_allclose(lb.ctc_grad([1, 1], z), lb.softmax(z) - np.eye(5)[path], rtol=0, atol=1e-15)
    assert lb.ctc([1, 1], z) == pytest.approx(-lb.log_softmax(z)[[0, 1, 2], path].sum(), rel=1e-15)


def test_huge_logits_the_best_path_takes_all_the_posterior():
    # The five alignments of [2, 1] in three frames, log-probabilities by hand (1e200 = u):
    # 2 1 1: -0.7u + 0 - 0.5u = -1.2u, 2 1 _: -2.2u, 2 _ 1: -2.2u, _ 2 1: -2.5u, 2 2 1: -3.2u. The best beats the rest
    # by 1e200: its posterior is 1 to the last bit, so the gradient is softmax - one-hot(2 1 1); rows sum to 0.
    u = 1e200
    z = np.array([[u, -u, 0.3 * u], [0.0, u, -u], [-u, 0.0, 0.5 * u]])
    assert lb.ctc([2, 1], z) == pytest.approx(1.2 * u, rel=1e-15)
    np.testing.assert_array_equal(lb.ctc_grad([2, 1], z), lb.softmax(z) - np.eye(3)[[2, 1, 1]])


def test_masked_arrays_are_refused_naming_the_argument():
    masked = np.ma.masked_array([1, 2], mask=[False, True])
    for func in (lb.ctc, lb.ctc_grad, lb.ctc_lattice):
        with pytest.raises(TypeError, match=r"labels is a masked array.*labels\.compressed\(\)"):
            func(masked, np.zeros((4, 3)))
        with pytest.raises(TypeError, match="logits is a masked array"):
            func([1], np.ma.masked_array(np.zeros((4, 3))))
    with pytest.raises(TypeError, match="labels is a masked array"):
        lb.ctc_paths(masked, 3)
    with pytest.raises(TypeError, match="path is a masked array"):
        lb.ctc_collapse(masked)

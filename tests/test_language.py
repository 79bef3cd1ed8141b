"""lossbook/losses/language.py: perplexity and its gradient, from probabilities and from logits. Expected values come
from textbook identities worked out in the comments (uniform over V tokens gives V; p on every true token gives 1/p;
the geometric mean of 1/p; 2 to the power of the bits), never from the code under test."""

import math
import warnings

import numpy as np
import pytest
from gradcheck import numerical_gradient

import lossbook as lb


def _rows_with_true_probability(p, labels, n_classes):
    """Rows that give probability p to the true label and share 1 - p evenly among the other classes."""
    rows = np.full((len(labels), n_classes), (1 - p) / (n_classes - 1))
    rows[np.arange(len(labels)), labels] = p
    return rows


@pytest.mark.parametrize("v", [2, 3, 27, 1000, 50_257])
def test_uniform_predictions_over_v_tokens_give_v(v):
    labels = np.array([0, v - 1, v // 2])
    assert lb.perplexity(labels, np.full((3, v), 1.0 / v)) == pytest.approx(v, rel=1e-12)
    assert lb.perplexity_with_logits(labels, np.zeros((3, v))) == pytest.approx(v, rel=1e-12)


@pytest.mark.parametrize("p", [1.0, 0.9, 0.5, 0.25, 0.01, 1e-30])
def test_probability_p_on_every_true_token_gives_one_over_p(p):
    labels = np.array([0, 3, 1, 2])
    assert lb.perplexity(labels, _rows_with_true_probability(p, labels, 4)) == pytest.approx(1 / p, rel=1e-12)


# (probabilities of the true tokens, perplexity by hand: the geometric mean of 1/p)
GEOMETRIC = [
    ([0.5, 0.25, 0.125], 4.0),                    # (2 * 4 * 8) ** (1/3)
    ([0.9, 0.5, 0.01], (200 / 0.9) ** (1 / 3)),   # (1/0.9 * 2 * 100) ** (1/3) = 6.0571...
    ([1.0, 0.01], 10.0),                          # sqrt(1 * 100)
    ([0.2] * 7, 5.0),
]


@pytest.mark.parametrize(("true_p", "expected"), GEOMETRIC)
def test_perplexity_is_the_geometric_mean_of_one_over_p(true_p, expected):
    labels = np.zeros(len(true_p), dtype=int)
    rows = np.array([[q, 1 - q] for q in true_p])
    assert lb.perplexity(labels, rows) == pytest.approx(expected, rel=1e-12)
    # and not the arithmetic mean of the per-token perplexities 1/p (unless every p is the same)
    if len(set(true_p)) > 1:
        assert expected < np.mean(1 / np.array(true_p))


def test_bits_give_the_same_perplexity():
    true_p = [0.7, 0.05, 0.4, 0.33]
    bits = -sum(math.log2(q) for q in true_p) / len(true_p)   # cross-entropy in bits, from the standard library
    rows = np.array([[q, 1 - q] for q in true_p])
    assert lb.perplexity(np.zeros(4, dtype=int), rows) == pytest.approx(2**bits, rel=1e-12)


def test_batched_positions_all_count_once():
    # (batch 2, length 3, vocabulary 4): six positions, true probabilities 0.5 three times and 0.125 three times
    labels = np.array([[0, 1, 2], [3, 0, 1]])
    p = np.where(np.arange(6) < 3, 0.5, 0.125).reshape(2, 3)
    rows = np.stack([_rows_with_true_probability(q, [lab], 4)[0] for q, lab in zip(p.ravel(), labels.ravel())])
    ppl = lb.perplexity(labels, rows.reshape(2, 3, 4))
    assert ppl == pytest.approx(math.sqrt(2 * 8), rel=1e-12) and type(ppl) is float


def test_logits_agree_with_probabilities_and_ignore_a_shift():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 6))
    labels = rng.integers(0, 6, 5)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    by_hand = math.exp(-np.mean(np.log(p[np.arange(5), labels])))
    assert lb.perplexity(labels, p) == pytest.approx(by_hand, rel=1e-12)
    assert lb.perplexity_with_logits(labels, z) == pytest.approx(by_hand, rel=1e-12)
    assert lb.perplexity_with_logits(labels, z + 1000.0) == pytest.approx(by_hand, rel=1e-12)


def test_gradient_by_hand():
    # two positions, PPL = sqrt(1/0.5 * 1/0.25) = sqrt(8); dPPL/dp at the true token = -PPL / (N p)
    rows = np.array([[0.5, 0.5], [0.75, 0.25]])
    g = lb.perplexity_grad([0, 1], rows)
    np.testing.assert_allclose(g, [[-math.sqrt(8) / (2 * 0.5), 0.0], [0.0, -math.sqrt(8) / (2 * 0.25)]], rtol=1e-12)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    rows = rng.dirichlet(np.ones(5), 4)
    labels = rng.integers(0, 5, 4)
    numeric = numerical_gradient(lambda x: lb.perplexity(labels, x), rows, rel_step=1e-8)  # rows still sum to 1
    np.testing.assert_allclose(lb.perplexity_grad(labels, rows), numeric, rtol=1e-4, atol=1e-6)
    z = rng.normal(size=(4, 5))
    numeric = numerical_gradient(lambda x: lb.perplexity_with_logits(labels, x), z)
    np.testing.assert_allclose(lb.perplexity_with_logits_grad(labels, z), numeric, rtol=1e-6, atol=1e-9)


def test_logit_gradient_is_perplexity_times_softmax_minus_onehot_over_n():
    z = np.array([[0.0, math.log(3.0)], [0.0, 0.0]])   # softmax rows (0.25, 0.75) and (0.5, 0.5)
    labels = [0, 0]
    ppl = math.sqrt(4 * 2)
    expected = ppl * np.array([[0.25 - 1, 0.75], [0.5 - 1, 0.5]]) / 2
    np.testing.assert_allclose(lb.perplexity_with_logits_grad(labels, z), expected, rtol=1e-12)


def test_no_warnings_at_extremes_and_honest_values():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # a true token at probability 0: the cross-entropy's clamp adds 100 nats, so one position gives e**100
        assert lb.perplexity([0], [[0.0, 1.0]]) == pytest.approx(math.exp(100), rel=1e-12)
        g = lb.perplexity_grad([0], [[0.0, 1.0]])
        assert np.all(np.isfinite(g)) and g[0, 0] < 0 and g[0, 1] == 0
        assert lb.perplexity([1], [[0.0, 1.0]]) == 1.0                      # sure and right
        # certain and wrong from logits: the mean cross-entropy is 2e300 nats, its exponential is inf
        assert lb.perplexity_with_logits([0], [[-1e300, 1e300]]) == math.inf
        g = lb.perplexity_with_logits_grad([0, 0], [[-1e300, 1e300], [0.0, 0.0]])
        assert g[0, 0] == -math.inf and g[0, 1] == math.inf and not np.isnan(g).any()
        assert lb.perplexity_with_logits([1], [[-1e300, 1e300]]) == 1.0


def test_inputs_are_not_written_to():
    rows = np.array([[0.2, 0.8], [0.6, 0.4]])
    labels = np.array([1, 0])
    before = rows.copy(), labels.copy()
    lb.perplexity_grad(labels, rows)
    lb.perplexity_with_logits_grad(labels, rows)
    np.testing.assert_array_equal(rows, before[0])
    np.testing.assert_array_equal(labels, before[1])


@pytest.mark.parametrize(("labels", "pred", "error", "words"), [
    ([0, 1], [[0.5, 0.6], [0.5, 0.5]], ValueError, "forget a softmax"),
    ([0, 2], [[0.5, 0.5], [0.5, 0.5]], ValueError, "labels"),
    ([0.5, 1], [[0.5, 0.5], [0.5, 0.5]], ValueError, "labels"),
    ([0], [[0.5, 0.5], [0.5, 0.5]], ValueError, "labels"),
    ([0, 1], [[1.5, -0.5], [0.5, 0.5]], ValueError, "p_pred"),
    ([0], [["a", "b"]], TypeError, "p_pred"),
    ([], np.zeros((0, 3)), ValueError, "empty"),
])
def test_bad_input_names_the_argument(labels, pred, error, words):
    for f in (lb.perplexity, lb.perplexity_grad):
        with pytest.raises(error, match=words):
            f(labels, pred)


def test_bad_logits_name_the_argument():
    with pytest.raises(ValueError, match="logits"):
        lb.perplexity_with_logits([0], [[0.0, np.nan]])
    with pytest.raises(ValueError, match="labels"):
        lb.perplexity_with_logits_grad([3], [[0.0, 1.0]])

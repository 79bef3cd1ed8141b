"""Lesson 3.2, notebooks/week3/02-regularisation.ipynb: the penalised fit and training loop (lossbook.fitting with
``strength``), and what is special about lossbook/{plots,widgets,exercises}/regularisation.py. The penalty itself is
tested in tests/test_regularisation.py."""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import wavy_data
from lossbook.fitting import fit_polynomial, polynomial_features, predict_polynomial, train_polynomial


@pytest.mark.parametrize("strength", [1e-4, 0.03, 2.0])
def test_penalised_fit_solves_the_normal_equations_of_ridge_regression(strength):
    d = wavy_data()
    A, n = polynomial_features(d.x_train, 9), d.x_train.size
    # The objective's gradient, 2A^T(Aw - y)/n + 2 strength w, is zero where (A^T A / n + strength I) w = A^T y / n.
    expected = np.linalg.solve(A.T @ A / n + strength * np.eye(10), A.T @ d.y_train / n)
    np.testing.assert_allclose(fit_polynomial(d.x_train, d.y_train, 9, strength=strength), expected,
                               rtol=1e-8, atol=1e-10)


def test_a_stronger_penalty_raises_the_training_loss_and_shrinks_the_weights():
    d = wavy_data()
    fits = [fit_polynomial(d.x_train, d.y_train, 9, strength=s) for s in [0.0, 1e-3, 1e-2, 0.1, 1.0, 10.0]]
    train = [lb.mse(d.y_train, predict_polynomial(w, d.x_train)) for w in fits]
    size = [float(w @ w) for w in fits]
    assert np.all(np.diff(train) > 0) and np.all(np.diff(size) < 0)
    val = [lb.mse(d.y_val, predict_polynomial(w, d.x_val)) for w in fits]
    assert np.argmin(val) not in (0, len(val) - 1)  # the lesson's story: too little, then too much


def test_training_loop_adds_the_penalty_gradient_and_reaches_the_penalised_minimum():
    d = wavy_data()
    c = train_polynomial(d, 9, lr=0.05, steps=1, strength=0.03)
    A = polynomial_features(d.x_train, 9)
    w0 = np.full(10, 0.0)
    w1 = w0 - 0.05 * (A.T @ lb.mse_grad(d.y_train, A @ w0) + lb.l2_penalty_grad(w0, strength=0.03))
    np.testing.assert_allclose(c.weights[1], w1, rtol=1e-12)
    long = train_polynomial(d, 9, lr=0.05, steps=3000, strength=0.03)
    np.testing.assert_allclose(long.weights[-1], fit_polynomial(d.x_train, d.y_train, 9, strength=0.03), atol=1e-5)
    second = train_polynomial(d, 9, lr=0.05, steps=2, strength=0.03)
    w2 = second.weights[1] - 0.05 * (A.T @ lb.mse_grad(d.y_train, A @ second.weights[1])
                                      + 0.06 * second.weights[1])
    np.testing.assert_allclose(second.weights[2], w2, rtol=1e-12)


@pytest.mark.parametrize("strength", [-1.0, float("nan")])
def test_fits_refuse_a_bad_strength(strength):
    d = wavy_data()
    with pytest.raises(ValueError, match="strength must be"):
        fit_polynomial(d.x_train, d.y_train, 3, strength=strength)
    with pytest.raises(ValueError, match="strength must be"):
        train_polynomial(d, 3, steps=2, strength=strength)


def test_penalty_strength_readout_bars_and_markers_follow_the_fit():
    w = lb.widgets.penalty_strength(log_strength=-1.5)
    d = wavy_data()
    fit = fit_polynomial(d.x_train, d.y_train, 9, strength=10**-1.5)
    val = lb.mse(d.y_val, predict_polynomial(fit, d.x_val))
    assert f"validation MSE {val:.4f}" in w.text
    assert f"penalty {lb.l2_penalty(fit, strength=10**-1.5):.4f}" in w.text
    np.testing.assert_allclose([b.get_height() for b in w.plot.bars], fit, rtol=1e-12)
    assert w.plot.val_mark.get_ydata()[0] == pytest.approx(val)
    w.set(log_strength=1.0)  # the right end: the marker sits on the last point of the curves, inside the axes
    assert w.plot.val_mark.get_xdata()[0] == pytest.approx(10.0)
    assert "λ = 10 " in w.text


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"log_strength": 2.0}, "log_strength must be a number from -5 to 1"),
    ({"log_strength": "0.1"}, "log_strength must be"), ({"degree": 0}, "degree must be a whole number"),
])
def test_penalty_strength_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lb.widgets.penalty_strength(**kwargs)


def test_exercises_name_the_expected_mistakes():
    ex = lb.exercises.regularisation
    assert ex.penalty_by_hand.evaluate(0.0).misconception == "l1_not_l2"
    assert ex.weight_decay_strength.evaluate(0.0004).misconception == "same_number"
    assert ex.weight_decay_strength.evaluate(0.0002).misconception == "halved"
    assert ex.weight_decay_strength.evaluate(0.0008).status == "correct"
    assert ex.penalty_by_hand.evaluate(4.5).misconception == "forgot_strength"
    assert ex.penalty_by_hand.evaluate(-0.45).misconception == "wrong_sign"
    assert ex.penalty_by_hand.evaluate(0.45).status == "correct"
    assert ex.untouched_weight.evaluate(0.99).misconception == "one_step"
    assert ex.untouched_weight.evaluate(-1.0).misconception == "subtracted_each_step"
    assert ex.keras_val_loss.evaluate(0.215).misconception == "val_loss_is_the_mse"
    assert ex.keras_val_loss.evaluate(0.135).misconception == "pytorch_factor"
    assert ex.huge_penalty_guess.truth == pytest.approx(np.mean(wavy_data().y_train ** 2), rel=0.01)


def test_the_basis_changes_the_penalised_fit_but_not_the_unpenalised_one():
    d = wavy_data()
    curves = {}
    for basis in ("legendre", "power"):
        for strength in (0.0, 0.03):
            w = fit_polynomial(d.x_train, d.y_train, 5, strength=strength, basis=basis)
            curves[basis, strength] = predict_polynomial(w, d.x_val, basis=basis)
    # No penalty: the same least-squares curve, whichever columns write it.
    np.testing.assert_allclose(curves["legendre", 0.0], curves["power", 0.0], atol=1e-8)
    # A penalty charges different weights in each basis, so the same strength gives different curves.
    assert np.abs(curves["legendre", 0.03] - curves["power", 0.03]).max() > 0.05
    # The power basis's columns are the plain powers, and its ridge solves its own normal equations.
    P = polynomial_features(d.x_train, 5, basis="power")
    np.testing.assert_allclose(P[:, 3], d.x_train**3)
    n = d.x_train.size
    expected = np.linalg.solve(P.T @ P / n + 0.03 * np.eye(6), P.T @ d.y_train / n)
    np.testing.assert_allclose(fit_polynomial(d.x_train, d.y_train, 5, strength=0.03, basis="power"), expected,
                               rtol=1e-8, atol=1e-10)


def test_an_unknown_basis_is_named_in_the_error():
    with pytest.raises(ValueError, match="basis must be one of"):
        polynomial_features([0.0, 0.5], 2, basis="chebyshev")


def _sgd(A, y, *, lr, wd, momentum, decoupled, steps=50):
    """SGD with momentum (PyTorch's form), weight decay either added to the gradient as the L2 penalty with strength
    wd / 2 (coupled, PyTorch's SGD) or applied to the weights before the step (decoupled, a Keras optimizer's
    weight_decay); the gradient is taken at the weights before the step in both."""
    w, v = np.zeros(A.shape[1]), np.zeros(A.shape[1])
    for _ in range(steps):
        g = A.T @ lb.mse_grad(y, A @ w)
        if decoupled:
            w = w - lr * wd * w
        else:
            g = g + lb.l2_penalty_grad(w, strength=wd / 2)
        v = momentum * v + g
        w = w - lr * v
    return w


def test_decoupled_decay_equals_the_penalty_for_plain_sgd_only():
    """Lesson 3.2's table: decoupled decay with plain SGD is the L2 penalty with strength wd / 2; with momentum not."""
    d = wavy_data()
    A = polynomial_features(d.x_train, 9)
    kw = dict(lr=0.05, wd=0.06)
    np.testing.assert_allclose(_sgd(A, d.y_train, momentum=0.0, decoupled=True, **kw),
                               _sgd(A, d.y_train, momentum=0.0, decoupled=False, **kw), rtol=1e-12, atol=1e-12)
    apart = _sgd(A, d.y_train, momentum=0.9, decoupled=True, **kw) - _sgd(A, d.y_train, momentum=0.9,
                                                                        decoupled=False, **kw)
    assert np.abs(apart).max() > 1e-3


def test_ridge_shares_the_weight_evenly_between_two_equal_columns():
    """Exercise 1's solution: with two equal columns, the L2-penalised least-squares weights are equal (1.5 and 1.5
    rather than 3 and 0), and they carry the same total as the one-column fit would."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(50)
    y = 3.0 * x + 0.1 * rng.standard_normal(50)
    A = np.column_stack([x, x])
    lam = 0.1
    # objective mean((A w - y)^2) + lam * sum(w^2): gradient zero at (A.T A / n + lam I) w = A.T y / n
    w = np.linalg.solve(A.T @ A / 50 + lam * np.eye(2), A.T @ y / 50)
    assert w[0] == pytest.approx(w[1], rel=1e-9) and 2.5 < w.sum() < 3.1
    objective = lambda v: lb.mse(y, A @ v) + lb.l2_penalty(v, strength=lam)
    assert objective(w) < objective(np.array([w.sum(), 0.0]))


def test_section_2_legendre_columns_are_unrelated_and_high_powers_nearly_alike():
    """Section 2's aside: over [-1, 1] the product of two different scaled Legendre columns averages to 0 and each
    has mean square 1; x^7 and x^9, scaled to the same size, almost coincide (correlation above 0.99)."""
    x = np.linspace(-1, 1, 200_001)
    L = polynomial_features(x, 9)
    np.testing.assert_allclose(L.T @ L / x.size, np.eye(10), atol=1e-3)
    a, b = x**7, x**9
    assert np.mean(a * b) / np.sqrt(np.mean(a * a) * np.mean(b * b)) > 0.99

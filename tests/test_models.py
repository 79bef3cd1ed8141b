"""lossbook.models: the tiny logistic model and its trainer (its data is tested in test_datasets.py)."""

import numpy as np
import pytest

import lossbook as lb
from lossbook import models
from lossbook.datasets import two_blobs
from lossbook.models import LogisticRegression, train_logistic


# -- logistic regression -----------------------------------------------------------------------------------------------
def _numeric_grad(model, X, y, eps=1e-6):
    grads = []
    for i in range(model.w.size + 1):
        values = []
        for sign in (1, -1):
            m = model.copy()
            if i < m.w.size:
                m.w[i] += sign * eps
            else:
                m.b += sign * eps
            values.append(m.loss(X, y))
        grads.append((values[0] - values[1]) / (2 * eps))
    return np.array(grads)


@pytest.mark.parametrize("loss", models.LOSSES)
def test_backward_matches_finite_differences(loss):
    X, y = two_blobs(20, seed=1)
    model = LogisticRegression(2, w=[0.7, -1.3], b=0.4, loss=loss)
    dw, db = model.backward(X, y)
    np.testing.assert_allclose(np.append(dw, db), _numeric_grad(model, X, y), rtol=1e-5, atol=1e-9)


def test_forward_loss_and_probabilities_use_lossbook():
    X, y = two_blobs(10, seed=2)
    model = LogisticRegression(2, w=[1.0, 2.0], b=-0.5)
    z = model.forward(X)
    np.testing.assert_allclose(z, X @ [1.0, 2.0] - 0.5)
    np.testing.assert_allclose(model.predict_proba(X), lb.sigmoid(z))
    assert model.loss(X, y) == pytest.approx(lb.binary_cross_entropy_with_logits(y, z))
    assert LogisticRegression(2, w=[1.0, 2.0], b=-0.5, loss="mse").loss(X, y) == pytest.approx(lb.mse(y, lb.sigmoid(z)))


def test_mse_slope_at_the_logit_is_the_chain_rule():
    z = np.linspace(-8, 8, 33)
    y = np.where(z > 0, 0.0, 1.0)
    got = models.mse_on_probability_grad_logit(y, z, reduction="none")
    eps = 1e-6
    numeric = (lb.mse(y, lb.sigmoid(z + eps), reduction="none") - lb.mse(y, lb.sigmoid(z - eps), reduction="none")) / (2 * eps)
    np.testing.assert_allclose(got, numeric, rtol=1e-5, atol=1e-12)
    # The newsletter lesson's numbers: a cat at z = -6.
    assert float(models.mse_on_probability_grad_logit(1, -6.0)) == pytest.approx(-0.0049208, rel=1e-4)


@pytest.mark.parametrize("loss", models.LOSSES)
def test_train_logistic_is_the_step_loop(loss):
    X, y = two_blobs(30, seed=5)
    history = train_logistic(X, y, lr=0.8, steps=25, loss=loss, w0=[-2.0, 1.0], b0=0.5)
    model = LogisticRegression(2, w=[-2.0, 1.0], b=0.5, loss=loss)
    for k in range(26):
        np.testing.assert_allclose(history.w[k], model.w, rtol=1e-12, atol=1e-12)
        assert history.b[k] == pytest.approx(model.b, abs=1e-12)
        assert history.loss[k] == pytest.approx(model.loss(X, y), rel=1e-12)
        assert history.accuracy[k] == pytest.approx(models.accuracy(y, model.predict_proba(X)))
        model.step(X, y, 0.8)
    assert history.steps == 25
    assert history.model(25).b == pytest.approx(history.b[25])


def test_train_logistic_learns_and_cross_entropy_beats_mse_from_a_bad_start():
    X, y = two_blobs(60, n_features=1, seed=0)
    ce = train_logistic(X, y, lr=1.0, steps=150, loss="cross_entropy", w0=[-4.0])
    mse = train_logistic(X, y, lr=1.0, steps=150, loss="mse", w0=[-4.0])
    np.testing.assert_allclose(ce.cross_entropy, ce.loss)
    assert ce.accuracy[10] > 0.8 > mse.accuracy[10]
    assert mse.accuracy[-1] > 0.8  # MSE gets there, slowly


@pytest.mark.parametrize("kwargs", [dict(lr=0.0, steps=3), dict(lr=1.0, steps=-1), dict(lr=1.0, steps=2, loss="hinge")])
def test_train_logistic_rejects_bad_arguments(kwargs):
    X, y = two_blobs(10)
    with pytest.raises(ValueError):
        train_logistic(X, y, **kwargs)


def test_model_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="one weight per feature"):
        LogisticRegression(2, w=[1.0])
    with pytest.raises(ValueError, match="shape"):
        LogisticRegression(2).forward(np.ones((3, 3)))


def test_loss_grid_matches_pointwise_losses():
    X, y = two_blobs(20, n_features=1, seed=0)
    ws, bs = np.array([-2.0, 0.5, 3.0]), np.array([-1.0, 0.0])
    for loss in models.LOSSES:
        Z = models.logistic_loss_grid(X[:, 0], y, ws, bs, loss=loss)
        for i, b in enumerate(bs):
            for j, w in enumerate(ws):
                assert Z[i, j] == pytest.approx(LogisticRegression(1, w=[w], b=b, loss=loss).loss(X, y))


def test_first_step_reaching_an_accuracy():
    X, y = two_blobs(60, n_features=1, seed=0)  # lesson 1.5's data
    run = models.train_logistic(X, y, lr=1.0, steps=30, loss="cross_entropy", w0=[-4.0], b0=0.0)
    step = run.first_step_reaching(0.8)
    assert run.accuracy[step] >= 0.8 and np.all(run.accuracy[:step] < 0.8)
    assert run.first_step_reaching(1.0) is None  # the blobs overlap: no line gets every point right
    with pytest.raises(ValueError, match="share between 0 and 1"):
        run.first_step_reaching(80)

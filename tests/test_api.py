"""The public API contract, checked from one table: every name exists at the top level, every loss has its gradient
twin, gradients have the prediction's shape for every reduction, ``reduction="none"`` gives per-element or per-row
values, scalar results are Python floats, and a bad ``reduction`` raises for every loss.

A name missing from the package fails here loudly, by name (never skipped).
"""

import inspect

import numpy as np
import pytest

import lossbook as lb

rng = np.random.default_rng(0)
N, C = 4, 3  # rows and classes / features of every example input

_y01 = (rng.random((N, C)) > 0.5).astype(float)
_probs = rng.uniform(0.05, 0.95, (N, C))
_scores = rng.normal(size=(N, C))
_pm1 = np.where(_y01 == 1.0, 1.0, -1.0)
_labels = np.array([0, 2, 1, 2])
_onehot = np.eye(C)[_labels]
_rowprobs = lb.softmax(rng.normal(size=(N, C)))
_rowprobs2 = lb.softmax(rng.normal(size=(N, C)))
_emb = [rng.normal(size=(N, 5)) for _ in range(3)]
_same = np.array([1.0, 0.0, 1.0, 0.0])

ELEMENT, ROW, MASK, SEQUENCE = "element", "row", "mask", "sequence"

# name -> (kind, positional arguments, keyword arguments, how many prediction arguments the gradient returns)
# kind: ELEMENT (one value per element), ROW (one per row), MASK (dice/iou: per mask given `axis`),
# SEQUENCE (ctc, perplexity: one value, no reduction).
LOSSES = {
    "mse": (ELEMENT, (_scores, _scores[::-1]), {}, 1),
    "mae": (ELEMENT, (_scores, _scores[::-1]), {}, 1),
    "huber": (ELEMENT, (_scores, 2 * _scores[::-1]), {"delta": 1.0}, 1),
    "binary_cross_entropy": (ELEMENT, (_y01, _probs), {}, 1),
    "binary_cross_entropy_with_logits": (ELEMENT, (_y01, _scores), {}, 1),
    "categorical_cross_entropy": (ROW, (_onehot, _rowprobs), {}, 1),
    "categorical_cross_entropy_with_logits": (ROW, (_onehot, _scores), {"label_smoothing": 0.1}, 1),
    "sparse_categorical_cross_entropy": (ROW, (_labels, _rowprobs), {}, 1),
    "sparse_categorical_cross_entropy_with_logits": (ROW, (_labels, _scores), {"label_smoothing": 0.1}, 1),
    "hinge": (ELEMENT, (_pm1, _scores), {}, 1),
    "squared_hinge": (ELEMENT, (_pm1, _scores), {}, 1),
    "multiclass_hinge": (ROW, (_labels, _scores), {}, 1),
    "focal": (ELEMENT, (_y01, _probs), {"alpha": 0.25, "gamma": 2.0}, 1),
    "focal_with_logits": (ELEMENT, (_y01, _scores), {"alpha": 0.25, "gamma": 2.0}, 1),
    "dice": (MASK, (_y01, _probs), {}, 1),
    "iou": (MASK, (_y01, _probs), {}, 1),
    "contrastive": (ROW, (_same, _emb[0], _emb[1]), {"margin": 1.0}, 2),
    "triplet": (ROW, tuple(_emb), {"margin": 1.0}, 3),
    "info_nce": (ROW, (_emb[0], _emb[1]), {"temperature": 0.1, "symmetric": True}, 2),
    "nt_xent": (ROW, (_emb[0], _emb[1]), {"temperature": 0.1}, 2),
    "kl_divergence": (ROW, (_rowprobs, _rowprobs2), {}, 1),
    "ctc": (SEQUENCE, (np.array([1, 2, 2]), rng.normal(size=(8, 4))), {"blank": 0}, 1),
    "gaussian_nll": (ELEMENT, (_scores, _scores[::-1]), {"sigma": 0.5}, 1),
    "laplace_nll": (ELEMENT, (_scores, _scores[::-1]), {"scale": 0.5}, 1),
    "brier_score": (ELEMENT, (_y01, _probs), {}, 1),
    "perplexity": (SEQUENCE, (_labels, _rowprobs), {}, 1),
    "perplexity_with_logits": (SEQUENCE, (_labels, _scores), {}, 1),
}

OTHER_NAMES = ["sigmoid", "softmax", "log_softmax", "logsumexp", "__version__", "doctor", "reliability_curve",
               "expected_calibration_error"]

REDUCTIONS = ["mean", "sum", "none"]


def _prediction_shapes(name):
    kind, args, _, n_pred = LOSSES[name]
    # the prediction argument(s) are the last n_pred positional arguments
    return [np.shape(a) for a in args[len(args) - n_pred:]]


def _expected_none_shape(name, kwargs):
    kind, args, _, n_pred = LOSSES[name]
    pred = np.shape(args[-1])
    if kind == ELEMENT:
        return pred
    if kind == ROW:
        return pred[:-1]
    if kind == MASK:
        return None if kwargs.get("axis") is None else pred[:1]  # axis=1 on (N, C): one value per row
    raise AssertionError(kind)


def _get(name):
    """The public function, or a failure naming what is missing (not a skip: a missing name breaks the contract)."""
    if not hasattr(lb, name):
        pytest.fail(f"lossbook has no top-level `{name}`, which the API contract requires")
    return getattr(lb, name)


@pytest.mark.parametrize("name", [*LOSSES, *(f"{n}_grad" for n in LOSSES), *OTHER_NAMES])
def test_name_exists_at_top_level(name):
    value = _get(name)
    # lb.__all__ is what `from lossbook import *` and the docs see: a contract name missing from it is a bug even when
    # attribute access works. Then the right kind of object: the version a string, every other name the function
    # of that name (not, say, a module or an alias of another loss).
    assert name in lb.__all__, f"`{name}` is reachable as lb.{name} but missing from lb.__all__"
    if name == "__version__":
        assert isinstance(value, str) and value[:1].isdigit(), f"lb.__version__ = {value!r}"
    else:
        assert inspect.isfunction(value) and value.__name__ == name, f"lb.{name} is {value!r}"


def test_no_name_is_exported_twice():
    """The topic modules are star-imported into one namespace: a duplicate would silently shadow a loss."""
    names = [n for n in lb.__all__]
    dupes = sorted({n for n in names if names.count(n) > 1})
    assert not dupes, f"exported by more than one module: {dupes}"


@pytest.mark.parametrize("name", LOSSES)
def test_gradient_twin_has_the_same_signature(name):
    loss, grad = _get(name), _get(f"{name}_grad")
    assert inspect.signature(loss) == inspect.signature(grad)
    params = inspect.signature(loss).parameters
    # hyperparameters (and reduction) are keyword-only
    positional = [p for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert len(positional) == len(LOSSES[name][1]), f"{name}: positional parameters {[p.name for p in positional]}"
    for key in LOSSES[name][2]:
        assert params[key].kind is inspect.Parameter.KEYWORD_ONLY
    if LOSSES[name][0] != SEQUENCE:
        assert params["reduction"].kind is inspect.Parameter.KEYWORD_ONLY
        assert params["reduction"].default == "mean"


def _cases():
    for name, (kind, _, _, _) in LOSSES.items():
        if kind == SEQUENCE:
            yield pytest.param(name, None, {}, id=name)
            continue
        for reduction in REDUCTIONS:
            yield pytest.param(name, reduction, {}, id=f"{name}-{reduction}")
            if kind == MASK:
                yield pytest.param(name, reduction, {"axis": 1}, id=f"{name}-{reduction}-axis1")


@pytest.mark.parametrize("name, reduction, extra", list(_cases()))
def test_values_and_gradient_shapes(name, reduction, extra):
    kind, args, kwargs, n_pred = LOSSES[name]
    loss, grad = _get(name), _get(f"{name}_grad")
    kwargs = {**kwargs, **extra}
    if reduction is not None:
        kwargs["reduction"] = reduction
    snapshot = [np.array(a, copy=True) for a in args]

    value = loss(*args, **kwargs)
    g = grad(*args, **kwargs)

    scalar = reduction in (None, "mean", "sum") or _expected_none_shape(name, kwargs) is None
    if scalar:
        assert isinstance(value, float) or (isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind == "f"), (
            f"{name}: a scalar result must be a Python float or a 0-d float, got {type(value).__name__} "
            f"{getattr(value, 'shape', '')}"
        )
        assert np.isfinite(value)
    else:
        assert isinstance(value, np.ndarray) and value.dtype == np.float64
        assert value.shape == _expected_none_shape(name, kwargs), f"{name}: reduction='none' gives {value.shape}"
        # mean and sum are consistent with the per-element / per-row values
        assert loss(*args, **{**kwargs, "reduction": "mean"}) == pytest.approx(float(np.mean(value)), rel=1e-12)
        assert loss(*args, **{**kwargs, "reduction": "sum"}) == pytest.approx(float(np.sum(value)), rel=1e-12)

    grads = g if n_pred > 1 else (g,)
    assert isinstance(grads, tuple) and len(grads) == n_pred, f"{name}_grad must return {n_pred} gradient(s)"
    for gi, shape in zip(grads, _prediction_shapes(name)):
        assert isinstance(gi, np.ndarray) and gi.dtype == np.float64
        assert gi.shape == shape, f"{name}_grad: shape {gi.shape}, prediction shape {shape}"
        assert np.all(np.isfinite(gi))

    for before, arg in zip(snapshot, args):
        np.testing.assert_array_equal(before, arg, err_msg=f"{name} wrote to its input")


@pytest.mark.parametrize("name", [n for n, spec in LOSSES.items() if spec[0] != SEQUENCE])
@pytest.mark.parametrize("bad", ["avg", "Mean", None, "batchmean"])
def test_bad_reduction_raises(name, bad):
    _, args, kwargs, _ = LOSSES[name]
    for f in (_get(name), _get(f"{name}_grad")):
        with pytest.raises(ValueError, match="reduction"):
            f(*args, **kwargs, reduction=bad)


@pytest.mark.parametrize("name", LOSSES)
def test_every_loss_has_a_docstring_with_an_example_and_a_reference(name):
    # the loss carries the reference; its gradient twin may point back to it, but both show a runnable example
    for f in (_get(name), _get(f"{name}_grad")):
        doc = inspect.getdoc(f) or ""
        assert ">>>" in doc, f"{f.__name__}: no runnable example"
    assert "Reference" in (inspect.getdoc(_get(name)) or ""), f"{name}: no reference"

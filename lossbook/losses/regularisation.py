"""Regularisation: penalties on a model's weights that are added to its loss, and their analytic gradients.

A penalty is not a loss between ``y_true`` and ``y_pred``: it looks at the weights alone. Training minimises the
*objective* ``loss(y_true, y_pred) + penalty(weights)``, so its gradient with respect to the weights is the loss's
gradient plus the penalty's (lesson 3.2, "Regularisation").
"""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array, check_scalar

__all__ = ["l2_penalty", "l2_penalty_grad"]


def _inputs(weights, strength):
    w = as_float_array(weights, "weights")
    return w, check_scalar(strength, "strength", low=0.0)


def l2_penalty(weights, *, strength):
    r"""The L2 penalty (ridge, Tikhonov): ``strength`` times the sum of the squared weights.

    .. math:: \Omega(w) = \lambda \sum_j w_j^2

    Domain: ``weights`` is a finite real array of any shape (every weight counts; leave out the ones you do not want
    penalised, such as a bias); ``strength`` (:math:`\lambda`) is a finite number ``>= 0``. Returns a float: there is
    no ``reduction``, the penalty is a sum over all weights.

    This is Keras's ``regularizers.L2(l2=strength)``. PyTorch's ``weight_decay=wd`` adds ``wd * w`` to the gradient,
    which is the gradient of this penalty with ``strength = wd / 2``.

    >>> import lossbook as lb
    >>> lb.l2_penalty([3.0, -4.0], strength=0.1)     # 0.1 * (9 + 16)
    2.5

    Reference: Hoerl and Kennard, "Ridge regression: biased estimation for nonorthogonal problems", Technometrics 12
    (1970); Krogh and Hertz, "A simple weight decay can improve generalization", NeurIPS 1991.
    """
    w, strength = _inputs(weights, strength)
    if strength == 0.0:
        return 0.0  # no penalty at all, even for weights whose squares would overflow (0 * inf would be nan)
    with np.errstate(over="ignore"):  # |w| > 1.3e154 squares beyond 1.8e308: inf is the correctly rounded value
        return float(strength * np.sum(w**2))


def l2_penalty_grad(weights, *, strength):
    r"""Gradient of :func:`l2_penalty` with respect to the weights: :math:`2 \lambda w`, with ``weights``' shape.

    In a gradient-descent step with learning rate :math:`\eta` it turns the update into
    :math:`w \leftarrow (1 - 2\eta\lambda)\,w - \eta\,\nabla L`: every step first shrinks each weight by the same
    factor, hence the name *weight decay*.

    >>> import lossbook as lb
    >>> lb.l2_penalty_grad([3.0, -4.0], strength=0.1).tolist()
    [0.6000000000000001, -0.8]

    Reference: Krogh and Hertz, "A simple weight decay can improve generalization", NeurIPS 1991.
    """
    w, strength = _inputs(weights, strength)
    with np.errstate(over="ignore"):  # 2*strength*w beyond 1.8e308 is inf, its correctly rounded value
        return np.asarray(2.0 * strength * w)

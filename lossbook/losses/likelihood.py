"""Where losses come from: negative log-likelihoods of a prediction under a noise model, with analytic gradients.

If the truth is the prediction plus random noise, the loss that maximum likelihood asks for is the negative log of
the noise's density at the residual ``r = y_pred - y_true``. Gaussian noise of standard deviation ``sigma`` gives
:func:`gaussian_nll`, ``MSE / (2 sigma**2)`` plus a constant; Laplace noise of scale ``b`` gives :func:`laplace_nll`,
``MAE / b`` plus a constant. The constants are included: these are true negative log-likelihoods (in nats), and they
can be negative, because a density can exceed 1.

Every function takes ``(y_true, y_pred)``: the actual values first, the predictions (the noise's centre) second, and
the noise's width as a keyword. The gradient functions return the derivative of the *reduced* loss with respect to
``y_pred``, with ``y_pred``'s shape. A residual so large (or a width so small) that ``r / sigma`` squared exceeds the
float64 range gives ``inf``, the correctly rounded value, without a ``RuntimeWarning``.
"""

from __future__ import annotations

import numpy as np

from .._validation import reduce, reduction_scale
from .regression import _residual  # the regression losses' input check: the same arguments in the same order

__all__ = ["gaussian_nll", "gaussian_nll_grad", "laplace_nll", "laplace_nll_grad"]

_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)  # 0.9189385332046727: the Gaussian's constant at sigma = 1
_LOG_2 = np.log(2.0)


def gaussian_nll(y_true, y_pred, *, sigma=1.0, reduction="mean"):
    r"""Gaussian negative log-likelihood: the loss that maximum likelihood gives when the noise is normal.

    .. math::

        -\ln p(y \mid \hat y, \sigma) = \frac{(\hat y - y)^2}{2\sigma^2} + \tfrac12 \ln(2\pi\sigma^2),
        \qquad \text{so with a fixed } \sigma:\quad \text{mean NLL} = \frac{\mathrm{MSE}}{2\sigma^2}
        + \tfrac12\ln(2\pi\sigma^2)

    The negative log of the normal density with mean ``y_pred`` and standard deviation ``sigma``, at ``y_true``, in
    nats, constant included. For a fixed ``sigma`` it is MSE scaled by ``1/(2 sigma**2)`` and shifted by a constant,
    so both have the same minimiser. It is negative where the density exceeds 1 (``sigma`` below about 0.4 and a
    small residual).

    Domain: ``y_true`` and ``y_pred`` are finite real arrays of the same shape; ``sigma > 0`` (keyword-only) is the
    noise's standard deviation, one number for every element. ``reduction`` is ``"mean"`` (default), ``"sum"`` or
    ``"none"`` (one value per element).

    PyTorch: ``torch.nn.GaussianNLLLoss`` takes the *variance* ``var = sigma**2`` (as a tensor), puts the prediction
    first, clamps ``var`` at ``eps = 1e-6`` and by default (``full=False``) leaves out the constant ``0.5*ln(2*pi)``:
    ``gaussian_nll(y, mu, sigma=s)`` equals ``GaussianNLLLoss(full=True)(mu, y, torch.full_like(mu, s**2))`` for
    ``s**2 >= 1e-6``, and ``-torch.distributions.Normal(mu, s).log_prob(y).mean()``.

    >>> import lossbook as lb
    >>> round(lb.gaussian_nll(0.0, 0.0), 6)                 # a perfect prediction still pays 0.5*ln(2*pi)
    0.918939
    >>> round(lb.gaussian_nll([1.0, 3.0], [0.0, 0.0]), 6)   # MSE 5 over 2 sigma^2 = 2, plus 0.918939
    3.418939
    >>> round(lb.gaussian_nll([0.0], [0.1], sigma=0.1), 4)  # a narrow density is above 1: a negative NLL
    -0.8836

    Reference: Bishop, *Pattern Recognition and Machine Learning* (2006), section 1.2.5 ("Curve fitting re-visited").
    """
    r, sigma, reduction = _residual(y_true, y_pred, reduction, sigma=sigma)
    with np.errstate(over="ignore"):  # (r/sigma)**2 beyond 1.8e308 is inf, its correctly rounded value
        squared = 0.5 * (r / sigma) ** 2  # r/sigma first: sigma**2 alone would underflow to 0 for sigma < 1e-162
    # 0.5*ln(2*pi*sigma**2) as 0.5*ln(2*pi) + ln(sigma): finite for every positive float sigma
    return reduce(squared + (_HALF_LOG_2PI + np.log(sigma)), reduction)


def gaussian_nll_grad(y_true, y_pred, *, sigma=1.0, reduction="mean"):
    r"""Gradient of :func:`gaussian_nll` with respect to ``y_pred``: :math:`(\hat y - y)/\sigma^2`, divided by ``n``
    for the mean.

    The constant does not depend on the prediction, so this is ``mse_grad / (2 sigma**2)``.

    >>> import lossbook as lb
    >>> lb.gaussian_nll_grad([1.0, 3.0], [0.0, 0.0], sigma=2.0, reduction="none").tolist()   # r / 4
    [-0.25, -0.75]

    Reference: Bishop, *Pattern Recognition and Machine Learning* (2006), section 1.2.5.
    """
    r, sigma, reduction = _residual(y_true, y_pred, reduction, sigma=sigma)
    with np.errstate(over="ignore"):  # beyond 1.8e308 the gradient is inf, its correctly rounded value
        return np.asarray((r / sigma) / sigma * reduction_scale(r.size, reduction))  # never forms sigma**2


def laplace_nll(y_true, y_pred, *, scale=1.0, reduction="mean"):
    r"""Laplace negative log-likelihood: the loss that maximum likelihood gives when the noise has heavy tails.

    .. math::

        -\ln p(y \mid \hat y, b) = \frac{|\hat y - y|}{b} + \ln(2b),
        \qquad \text{so with a fixed } b:\quad \text{mean NLL} = \frac{\mathrm{MAE}}{b} + \ln(2b)

    The negative log of the Laplace density ``exp(-|r|/b) / (2b)`` centred at ``y_pred``, at ``y_true``, in nats,
    constant included. For a fixed scale it is MAE divided by ``b`` plus a constant, so both have the same
    minimiser. It is negative where the density exceeds 1 (``b`` below 0.5 and a small residual).

    Domain: ``y_true`` and ``y_pred`` are finite real arrays of the same shape; ``scale = b > 0`` (keyword-only) is
    the noise's scale (its mean absolute deviation; its standard deviation is ``sqrt(2)*b``). ``reduction`` as in
    :func:`gaussian_nll`.

    PyTorch has no Laplace loss class: ``-torch.distributions.Laplace(mu, b).log_prob(y).mean()`` is the same number,
    and ``torch.nn.L1Loss`` is the part that depends on the prediction, times ``b``.

    >>> import lossbook as lb
    >>> round(lb.laplace_nll(0.0, 0.0), 6)                 # ln 2
    0.693147
    >>> round(lb.laplace_nll([1.0, 3.0], [0.0, 0.0]), 6)   # MAE 2, plus ln 2
    2.693147

    Reference: Murphy, *Probabilistic Machine Learning: An Introduction* (2022), section 11.6.1 ("Laplace
    likelihood").
    """
    r, scale, reduction = _residual(y_true, y_pred, reduction, scale=scale)
    with np.errstate(over="ignore"):  # |r|/b beyond 1.8e308 (a tiny scale) is inf, its correctly rounded value
        distance = np.abs(r) / scale
    # ln(2b) as ln 2 + ln b: 2*b would overflow for b > 9e307
    return reduce(distance + (_LOG_2 + np.log(scale)), reduction)


def laplace_nll_grad(y_true, y_pred, *, scale=1.0, reduction="mean"):
    r"""Gradient of :func:`laplace_nll` with respect to ``y_pred``: :math:`\mathrm{sign}(\hat y - y)/b`, divided by
    ``n`` for the mean.

    At a perfect prediction (the kink) the subgradient 0 is returned, as for :func:`mae_grad`.

    >>> import lossbook as lb
    >>> lb.laplace_nll_grad([1.0, 2.0, 3.0], [0.0, 2.0, 5.0], scale=0.5, reduction="none").tolist()
    [-2.0, 0.0, 2.0]

    Reference: Murphy, *Probabilistic Machine Learning: An Introduction* (2022), section 11.6.1.
    """
    r, scale, reduction = _residual(y_true, y_pred, reduction, scale=scale)
    with np.errstate(over="ignore"):  # 1/b beyond 1.8e308 (b below 5.6e-309) is inf, its correctly rounded value
        return np.asarray(np.sign(r) / scale * reduction_scale(r.size, reduction))  # sign(0) = 0 at the kink

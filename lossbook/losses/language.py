r"""Perplexity: a language model's cross-entropy, read as a number of choices.

``perplexity(labels, p_pred)`` takes what :func:`~lossbook.sparse_categorical_cross_entropy` takes (one integer
next-token label per position, one row of probabilities over the vocabulary per position) and returns the
exponential of the mean cross-entropy in nats; ``perplexity_with_logits`` does the same from logits. Perplexity is a
property of the whole text (the exponential of a mean), so ``reduction`` does not apply, as for ``ctc``; every
position of the input counts once.
"""

from __future__ import annotations

import numpy as np

from .classification import (
    sparse_categorical_cross_entropy,
    sparse_categorical_cross_entropy_grad,
    sparse_categorical_cross_entropy_with_logits,
    sparse_categorical_cross_entropy_with_logits_grad,
)

__all__ = ["perplexity", "perplexity_grad", "perplexity_with_logits", "perplexity_with_logits_grad"]


def _exp(ce):
    # a mean cross-entropy above ln(float max) = 709.78 nats overflows to inf: the honest answer, without a warning
    with np.errstate(over="ignore"):
        return float(np.exp(ce))


def _scaled(ppl, ce_grad):
    # d exp(CE)/dx = exp(CE) * dCE/dx. If the perplexity is inf, inf * 0 would be nan: an entry CE does not depend
    # on stays 0
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(ce_grad == 0.0, 0.0, ppl * ce_grad)


def perplexity(labels, p_pred):
    r"""Perplexity: the exponential of the mean cross-entropy (in nats) of the true next tokens.

    .. math::

        \mathrm{PPL} = \exp\Bigl(-\frac{1}{N}\sum_{i=1}^{N} \ln p_{i, y_i}\Bigr)
                     = \Bigl(\prod_{i=1}^{N} \frac{1}{p_{i, y_i}}\Bigr)^{1/N}

    the geometric mean of :math:`1/p` over the :math:`N` positions: the "effective number of choices" the model
    hesitates between. A model that is always sure and right scores 1; one that spreads its probability evenly over
    a vocabulary of :math:`V` tokens scores :math:`V` (cross-entropy :math:`\ln V`; exactly in exact arithmetic, up
    to rounding in floating point: 100 uniform rows over 27 tokens give 26.99999999999999). The same number comes
    from bits: :math:`2^{\text{cross-entropy in bits}}`.

    Domain: as :func:`~lossbook.sparse_categorical_cross_entropy`: ``p_pred`` of shape ``(..., V)`` with rows that
    sum to 1, ``labels`` integers in ``[0, V)`` of shape ``p_pred.shape[:-1]``. Every position counts once (no
    ``reduction``). The cross-entropy's logs are clamped at -100, so a true token given probability 0 adds 100 nats
    (not infinity) to the sum. Compare perplexities only with the same vocabulary on the same text.

    >>> import lossbook as lb
    >>> lb.perplexity([0, 1, 2], [[0.5, 0.25, 0.25], [0.5, 0.25, 0.25], [0.5, 0.375, 0.125]])  # (2 * 4 * 8) ** (1/3)
    4.0

    Reference: Jelinek, Mercer, Bahl and Baker, "Perplexity: a measure of the difficulty of speech recognition
    tasks", JASA 62 (1977); Jurafsky and Martin, *Speech and Language Processing* (3rd ed. draft), chapter 3.
    """
    return _exp(sparse_categorical_cross_entropy(labels, p_pred))  # the mean CE validates the inputs


def perplexity_grad(labels, p_pred):
    r"""Gradient of :func:`perplexity` with respect to ``p_pred``: the chain rule through the exponential,

    .. math:: \frac{\partial\,\mathrm{PPL}}{\partial p_{i, c}} = \mathrm{PPL}\cdot\frac{\partial\,\mathrm{CE}}
              {\partial p_{i, c}} = -\frac{\mathrm{PPL}}{N\,p_{i, y_i}}\,[c = y_i]

    (the probability rows' shape; 0 away from the true tokens; :math:`p` clamped at 1e-12 as in the cross-entropy).

    >>> import lossbook as lb
    >>> lb.perplexity_grad([0, 1], [[0.5, 0.5], [0.5, 0.5]]).tolist()     # PPL 2; -2 / (2 * 0.5) at each true token
    [[-2.0, 0.0], [0.0, -2.0]]
    """
    ppl = perplexity(labels, p_pred)
    return _scaled(ppl, sparse_categorical_cross_entropy_grad(labels, p_pred))


def perplexity_with_logits(labels, logits):
    r"""Perplexity from logits: :math:`\exp` of :func:`~lossbook.sparse_categorical_cross_entropy_with_logits`
    (the softmax taken stably inside).

    .. math:: \mathrm{PPL} = \exp\Bigl(-\frac{1}{N}\sum_{i=1}^{N} \ln\mathrm{softmax}(z_i)_{y_i}\Bigr)

    Domain: finite ``logits`` of shape ``(..., V)``, ``labels`` integers in ``[0, V)`` of shape
    ``logits.shape[:-1]``. No clamp: when the mean cross-entropy exceeds 709.78 nats the perplexity is ``inf``.
    For 2-D logits of shape ``(N, V)`` it equals ``torch.exp(torch.nn.functional.cross_entropy(logits, labels))``,
    how PyTorch users often compute it. PyTorch wants the classes at dimension 1, so a batch of sequences, logits of
    shape ``(B, T, V)``, goes in as ``cross_entropy(logits.reshape(-1, V), labels.reshape(-1))``; this function
    takes ``(B, T, V)`` as it is. With padding masked out (``ignore_index``), pass only the real positions here.

    >>> import lossbook as lb
    >>> lb.perplexity_with_logits([3, 0], [[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]])  # uniform over 4 tokens
    4.0

    Reference: Jelinek et al., JASA 62 (1977); Jurafsky and Martin, *Speech and Language Processing*, chapter 3.
    """
    return _exp(sparse_categorical_cross_entropy_with_logits(labels, logits))


def perplexity_with_logits_grad(labels, logits):
    r"""Gradient of :func:`perplexity_with_logits` with respect to the logits:
    :math:`\mathrm{PPL}\cdot(\mathrm{softmax}(z_i) - \mathrm{onehot}(y_i)) / N`, the logits' shape.

    >>> import lossbook as lb
    >>> lb.perplexity_with_logits_grad([0], [[0.0, 0.0]]).tolist()      # PPL 2 times (0.5 - 1, 0.5)
    [[-1.0, 1.0]]
    """
    ppl = perplexity_with_logits(labels, logits)
    return _scaled(ppl, sparse_categorical_cross_entropy_with_logits_grad(labels, logits))

"""Small, seeded, synthetic data sets for the lessons. Pure NumPy: no files, no network, same numbers on every run.

Every function takes a ``seed`` and draws from ``np.random.default_rng(seed)``, so a lesson that calls
``house_prices(seed=0)`` prints the same numbers on every computer. Each returns plain float64 (or int64) arrays.

>>> from lossbook.datasets import house_prices
>>> size, price = house_prices(n=5, seed=0)
>>> size.shape, price.shape
((5,), (5,))
>>> bool(size.min() >= 40 and price.min() > 0)
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["house_prices", "noisy_labels", "OUTLIER_SIZE"]

#: The floor area (m²) of the extra house that ``house_prices(outlier=...)`` adds: a small flat.
OUTLIER_SIZE = 70.0

# The made-up market behind house_prices: price ($k) = _BASE + _PER_M2 * size (m²), plus noise.
_BASE, _PER_M2, _NOISE = 40.0, 2.5, 25.0


def _check_n(n, least=1):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < least:
        raise ValueError(f"n must be an integer of at least {least}, got {n!r}")
    return int(n)


def house_prices(n: int = 10, *, seed: int = 0, outlier: float | None = None):
    """Floor area and sale price of ``n`` made-up houses, and optionally one extra house, the outlier.

    The prices follow a straight line, ``40 + 2.5 * size`` thousand dollars, plus normal noise with a standard
    deviation of 25 thousand dollars. Sizes are spread evenly between 50 and 200 m² (then rounded to whole m²).

    Parameters
    ----------
    n : int
        How many ordinary houses (at least 2).
    seed : int
        Seed of the noise: the same seed gives the same houses.
    outlier : float, optional
        If given, one more house of ``OUTLIER_SIZE`` (70) m² is appended, priced at ``outlier`` thousand dollars
        (the line would price it at 215).

    Returns
    -------
    size : ndarray of float, shape (n,) or (n + 1,)
        Floor area in square metres (m²).
    price : ndarray of float, same shape
        Sale price in thousands of dollars ($k).

    >>> size, price = house_prices(n=3, seed=1, outlier=600.0)
    >>> size.tolist()[-1], price.tolist()[-1]
    (70.0, 600.0)
    """
    n = _check_n(n, least=2)
    rng = np.random.default_rng(seed)
    size = np.round(np.linspace(50.0, 200.0, n))
    price = np.round(_BASE + _PER_M2 * size + rng.normal(0.0, _NOISE, n), 1)
    if outlier is not None:
        outlier = float(outlier)
        if not np.isfinite(outlier):
            raise ValueError(f"outlier must be a finite price in $k, got {outlier!r}")
        size = np.append(size, OUTLIER_SIZE)
        price = np.append(price, outlier)
    return size, price


def noisy_labels(n: int = 1000, *, noise: float = 0.1, seed: int = 0):
    """Binary labels of which a fraction ``noise`` was flipped at random: the situation where no model can reach 0.

    Each of ``n`` examples has a *clean* label (0 or 1, half each, which a perfect model could know from the input).
    Then each label is flipped with probability ``noise``, independently, the way a tired annotator slips.
    The best any model can do is to predict ``1 - noise`` for clean label 1 and ``noise`` for clean label 0.

    Returns
    -------
    clean : ndarray of int, shape (n,)
        The labels before the slips.
    observed : ndarray of int, shape (n,)
        The labels a model is trained and scored on.

    >>> clean, observed = noisy_labels(n=1000, noise=0.1, seed=0)
    >>> 0.05 < float((clean != observed).mean()) < 0.15
    True
    """
    n = _check_n(n)
    noise = float(noise)
    if not 0.0 <= noise <= 0.5:
        raise ValueError(f"noise must be a fraction between 0 and 0.5 (0.1 means 10% of labels flipped), got {noise!r}")
    rng = np.random.default_rng(seed)
    clean = (np.arange(n) % 2).astype(np.int64)
    rng.shuffle(clean)
    flipped = rng.random(n) < noise
    observed = np.where(flipped, 1 - clean, clean)
    return clean, observed

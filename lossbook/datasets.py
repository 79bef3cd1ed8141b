"""Small, seeded, synthetic data sets for the lessons. Pure NumPy: no files, no network, same numbers on every run.

Every random data set takes a ``seed`` and draws from ``np.random.default_rng(seed)``, so a lesson that calls
``house_prices(seed=0)`` prints the same numbers on every computer. The rest (the tumour scan and its predicted
masks, the distributions of the KL lesson, the CTC toy) involve no randomness at all. Each returns plain float64 (or int64) arrays
or boolean masks.

>>> from lossbook.datasets import house_prices
>>> size, price = house_prices(n=5, seed=0)
>>> size.shape, price.shape
((5,), (5,))
>>> bool(size.min() >= 40 and price.min() > 0)
True
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from .activations import sigmoid, softmax

__all__ = [
    "house_prices", "noisy_labels", "OUTLIER_SIZE",
    "toy_line", "TOY_LINE_SLOPE", "TOY_LINE_INTERCEPT",
    "margin_data",
    "focal_data", "focal_groups", "FOCAL_GROUPS", "FOCAL_EASY",
    "tumour_scan", "predicted_mask", "SCAN_SIZE", "TUMOUR_CENTRE", "TUMOUR_RADIUS", "MASK_FLOOR",
    "discrete_gaussian", "bimodal", "KL_GRID",
    "two_blobs", "circle_pairs",
    "ctc_toy", "CTCToy", "ctc_classes", "BLANK_SYMBOL",
    "wavy_data", "TrainVal", "WAVY_NOISE",
    "toy_text", "TextSplit", "encode_characters", "CHARACTERS",
    "forecasts",
]

#: The floor area (m²) of the extra house that ``house_prices(outlier=...)`` adds: a small flat.
OUTLIER_SIZE = 70.0

# The made-up market behind house_prices: price ($k) = _BASE + _PER_M2 * size (m²), plus noise.
_BASE, _PER_M2, _NOISE = 40.0, 2.5, 25.0


def _rng(seed):
    """``np.random.default_rng(seed)`` for a whole-number seed >= 0; anything else (0.0, -1, "0") is a TypeError or
    ValueError that names ``seed`` (NumPy's own message does not)."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be a whole number >= 0 (an int such as 0), got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    return np.random.default_rng(seed)


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
    rng = _rng(seed)
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
    rng = _rng(seed)
    clean = (np.arange(n) % 2).astype(np.int64)
    rng.shuffle(clean)
    flipped = rng.random(n) < noise
    observed = np.where(flipped, 1 - clean, clean)
    return clean, observed


#: The line behind ``toy_line``: y = 2x - 0.5 (plus noise).
TOY_LINE_SLOPE, TOY_LINE_INTERCEPT = 2.0, -0.5


@functools.lru_cache(maxsize=8)
def toy_line(*, seed: int = 0):
    """``(x, y)``: the small regression problem of the loss-landscape and training-curve widgets, 24 points on the
    line ``y = 2x - 0.5`` plus normal noise of standard deviation 0.3, with ``x`` evenly spread over [-1, 1].

    The arrays are cached and read-only (every widget shares them): copy them before changing them.

    >>> x, y = toy_line()
    >>> x.shape, float(x[0]), float(x[-1]), x.flags.writeable
    ((24,), -1.0, 1.0, False)
    """
    rng = _rng(seed)
    x = np.linspace(-1.0, 1.0, 24)
    y = TOY_LINE_SLOPE * x + TOY_LINE_INTERCEPT + 0.3 * rng.standard_normal(x.size)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


# -- hinge and margins --------------------------------------------------------------------------------------------------
def margin_data(n: int = 40, *, spread: float = 0.9, seed: int = 0):
    """Two seeded, slightly overlapping 2-D blobs: ``X`` of shape ``(n, 2)`` and labels ``y`` in {-1, +1}.

    Half the points (class +1, the even indices) are centred at (1.2, 1.0), the other half (class -1) at
    (-1.2, -1.0), with normal scatter of standard deviation ``spread`` in each direction.

    >>> X, y = margin_data(n=6, seed=1)
    >>> X.shape, y.tolist()
    ((6, 2), [1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    >>> bool(np.array_equal(X, margin_data(n=6, seed=1)[0]))
    True
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer of at least 2, got {n!r}")
    rng = _rng(seed)
    y = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    centres = np.where(y[:, None] > 0, [1.2, 1.0], [-1.2, -1.0])
    X = centres + spread * rng.normal(size=(n, 2))
    return X, y


# -- focal loss ---------------------------------------------------------------------------------------------------------
#: An example is "easy" when the model gives its true class a probability p_t above this.
FOCAL_EASY = 0.9
#: The three groups of the focal-loss lesson, in the order of ``focal_groups``.
FOCAL_GROUPS = ("easy negatives", "hard negatives", "positives")


def focal_data(n: int = 10_000, *, positive_rate: float = 0.01, seed: int = 0):
    """A seeded, imbalanced detection problem: labels ``y`` (0/1 floats) and a trained model's probabilities ``p``.

    Exactly ``round(n * positive_rate)`` examples (at least one) are positives (objects), shuffled among the
    negatives (background). The model has learned the basics: its logits are normal around -3.2 (spread 0.7) for
    negatives, so most negatives are easy, and around 0 (spread 1.5) for positives, so most positives are still hard.

    >>> y, p = focal_data(n=1000, seed=0)
    >>> int(y.sum()), bool(((p > 0) & (p < 1)).all())
    (10, True)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer of at least 2, got {n!r}")
    if not 0.0 < positive_rate < 1.0:
        raise ValueError(f"positive_rate must be a fraction between 0 and 1 (0.01 is 1%), got {positive_rate!r}")
    rng = _rng(seed)
    y = np.zeros(n)
    y[: max(1, round(n * positive_rate))] = 1.0
    rng.shuffle(y)
    logits = np.where(y == 1.0, rng.normal(0.0, 1.5, n), rng.normal(-3.2, 0.7, n))
    return y, sigmoid(logits)


def focal_groups(y, p):
    """Boolean masks of the focal-loss lesson's three groups, in the order of ``FOCAL_GROUPS``: easy negatives
    (``p_t > FOCAL_EASY``, where ``p_t`` is the probability the model gives the true class), the other negatives,
    and all positives.

    It lives beside ``focal_data`` rather than in ``lossbook.fitting`` because it fits nothing: it only sorts the
    examples of a data set by how sure the model is, the labelling the lesson and its widget share.

    >>> easy, hard, positive = focal_groups([0, 0, 1], [0.05, 0.4, 0.3])
    >>> easy.tolist(), hard.tolist(), positive.tolist()
    ([True, False, False], [False, True, False], [False, False, True])
    """
    y = np.asarray(y)
    p = np.asarray(p, dtype=float)
    p_t = np.where(y == 1, p, 1 - p)
    negative = y == 0
    return negative & (p_t > FOCAL_EASY), negative & (p_t <= FOCAL_EASY), ~negative


# -- Dice and IoU: a made-up scan ---------------------------------------------------------------------------------------
#: Side of the square scan in pixels, and the tumour: a disc of radius 6 px (113 pixels, 2.8% of the scan).
SCAN_SIZE = 64
TUMOUR_CENTRE = (30, 36)  # (row, column)
TUMOUR_RADIUS = 6.0
#: A network's output passes through a sigmoid, so it is never exactly 0 or 1: the made-up model of
#: ``predicted_mask`` says 0.1% where it sees nothing and 99.9% where it is sure.
MASK_FLOOR = 0.001

_ROWS, _COLS = np.mgrid[0:SCAN_SIZE, 0:SCAN_SIZE].astype(float)


def _disc(shift, radius, blur):
    """A disc at the tumour's centre moved ``shift`` px to the right: 1 inside, 0 outside, a linear rim ``blur`` px wide."""
    dist = np.hypot(_ROWS - TUMOUR_CENTRE[0], _COLS - TUMOUR_CENTRE[1] - shift)
    if blur <= 0:
        return (dist <= radius).astype(float)
    return np.clip((radius - dist) / blur + 0.5, 0.0, 1.0)


def tumour_scan():
    """The target mask: a 64 x 64 scan, 1 on the tumour (a disc of radius 6 px, 113 pixels), 0 elsewhere.

    >>> target = tumour_scan()
    >>> target.shape, int(target.sum())
    ((64, 64), 113)
    """
    return _disc(0.0, TUMOUR_RADIUS, 0.0)


def predicted_mask(shift=0.0, radius=TUMOUR_RADIUS, blur=1.0, *, floor=MASK_FLOOR):
    """A made-up model's soft mask for ``tumour_scan()``: the probability of "tumour" per pixel.

    A disc of ``radius`` px, moved ``shift`` px to the right of the true tumour, with an edge that fades over ``blur``
    px (0: a sharp edge). Probabilities run from ``floor`` (sure it is background) to ``1 - floor`` (sure it is
    tumour); ``radius=0`` is the prediction "no tumour anywhere".

    >>> p = predicted_mask(shift=0, radius=6, blur=0)
    >>> p.shape, float(p.min()), float(p.max())
    ((64, 64), 0.001, 0.999)
    """
    for name, value in (("shift", shift), ("radius", radius), ("blur", blur)):
        if not np.isfinite(value) or (name != "shift" and value < 0):
            raise ValueError(f"{name} must be a finite number{'' if name == 'shift' else ' >= 0'} (pixels), got {value!r}")
    if not 0.0 <= floor < 0.5:
        raise ValueError(f"floor must lie in [0, 0.5), got {floor!r}")
    disc = _disc(float(shift), float(radius), float(blur)) if radius > 0 else np.zeros((SCAN_SIZE, SCAN_SIZE))
    return floor + (1.0 - 2.0 * floor) * disc


# -- KL divergence: distributions on a grid -----------------------------------------------------------------------------
#: The outcomes of the KL lesson: 241 points from -6 to 6 (spacing 0.05).
KL_GRID = np.linspace(-6.0, 6.0, 241)
# The two-bump P of ``bimodal``: equal bumps at -2 and +2, each of width 0.5 (narrow enough that a wide Q covering
# both puts much of its mass in the empty middle, which KL(Q||P) punishes).
_MODES, _MODE_WIDTH = (-2.0, 2.0), 0.5


def discrete_gaussian(mean, width, x=KL_GRID):
    """A Gaussian bump of ``mean`` and ``width`` (standard deviation) on the points ``x``, normalised to sum to 1.

    ``mean`` and ``width`` may be arrays of the same shape: the result then has one row per (mean, width).
    Computed as a softmax of ``-(x - mean)**2 / (2 width**2)``, so it never divides by an underflowed sum.

    >>> q = discrete_gaussian(0.5, 1.0)
    >>> q.shape, round(float(q.sum()), 12), float(KL_GRID[np.argmax(q)])
    ((241,), 1.0, 0.5)
    >>> discrete_gaussian([0.0, 1.0], [1.0, 2.0]).shape
    (2, 241)
    """
    mean = np.asarray(mean, dtype=float)[..., None]
    width = np.asarray(width, dtype=float)[..., None]
    if np.any(width <= 0) or not np.all(np.isfinite(width)):
        raise ValueError("width must be positive and finite")
    return softmax(-0.5 * ((np.asarray(x, dtype=float) - mean) / width) ** 2, axis=-1)


def bimodal(x=KL_GRID):
    """The KL lesson's P: half the probability in a bump at -2, half in a bump at +2 (each of width 0.5).

    >>> p = bimodal()
    >>> round(float(p.sum()), 12), bool(np.allclose(p, p[::-1]))
    (1.0, True)
    """
    return 0.5 * discrete_gaussian(_MODES[0], _MODE_WIDTH, x) + 0.5 * discrete_gaussian(_MODES[1], _MODE_WIDTH, x)


# -- cats and dogs: the logistic-regression lessons ---------------------------------------------------------------------
def two_blobs(n: int = 60, *, n_features: int = 2, distance: float = 2.0, spread: float = 1.0, seed: int = 0):
    """``n`` labelled points in two overlapping clouds: cats (label 1) and dogs (label 0), half each.

    Cats are centred at ``+distance/2`` on every feature, dogs at ``-distance/2``; each feature gets normal noise of
    standard deviation ``spread``. The clouds overlap a little, so no line separates them perfectly (and the best
    cross-entropy is above 0, as in real data). Think of the features as two measurements of each photo, already
    scaled to be about -2 to 2.

    Returns ``X`` of shape ``(n, n_features)`` and ``y`` of shape ``(n,)`` with values 0.0 and 1.0 (cats first).

    >>> X, y = two_blobs(n=6, n_features=1, seed=0)
    >>> X.shape, y.tolist()
    ((6, 1), [1.0, 1.0, 1.0, 0.0, 0.0, 0.0])
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2 or n % 2:
        raise ValueError(f"n must be an even integer of at least 2 (half cats, half dogs), got {n!r}")
    if isinstance(n_features, bool) or not isinstance(n_features, (int, np.integer)) or n_features < 1:
        raise ValueError(f"n_features must be a positive integer, got {n_features!r}")
    if not (spread > 0 and np.isfinite(spread) and np.isfinite(distance)):
        raise ValueError(f"spread must be positive and distance finite, got spread={spread!r}, distance={distance!r}")
    rng = _rng(seed)
    half = n // 2
    y = np.concatenate([np.ones(half), np.zeros(half)])
    centres = np.where(y[:, None] == 1, distance / 2, -distance / 2)
    X = centres + spread * rng.standard_normal((n, n_features))
    return X, y


# -- InfoNCE: pairs of views on the unit circle (lesson 3.8) -----------------------------------------------------------
def circle_pairs(n: int = 16, *, spread: float = 0.25, seed: int = 0):
    """``n`` pairs of 2-D embeddings of length 1: two views of each of ``n`` images, as a trained network might place
    them, small enough to draw on the unit circle.

    Image ``i``'s first view (the *anchor*) sits at a random angle, uniform around the circle. Its second view (the
    *positive*) sits at that angle plus normal noise of standard deviation ``spread`` radians: with the default 0.25
    and 16 images (about 0.39 radians apart on average) a positive is often, not always, closer to its anchor than
    any other image's second view is (for seed 0: 9 anchors of 16, and all 8 within the first 8 pairs).

    Each pair is drawn from its own row of random numbers, so the first ``k`` pairs of a larger ``n`` (same seed)
    are exactly ``circle_pairs(k)``: a batch that grows by adding images. Returns ``anchor`` and ``positive``, each
    of shape ``(n, 2)``, every row of length 1.

    >>> anchor, positive = circle_pairs(n=4, seed=0)
    >>> anchor.shape, positive.shape, bool(np.allclose(np.hypot(*anchor.T), 1.0))
    ((4, 2), (4, 2), True)
    >>> bool(np.array_equal(circle_pairs(n=9, seed=0)[0][:4], anchor))
    True
    """
    n = _check_n(n, least=2)
    if isinstance(spread, bool) or not isinstance(spread, (int, float, np.integer, np.floating)) or not (
            0 <= spread <= 10):
        raise ValueError(f"spread must be a number of radians from 0 to 10, got {spread!r}")
    rng = _rng(seed)
    z = rng.standard_normal((n, 3))  # one row per pair, filled row by row: a prefix of n rows is the same draw
    angle = np.arctan2(z[:, 1], z[:, 0])  # the direction of a 2-D normal vector is uniform around the circle
    other = angle + spread * z[:, 2]
    return (np.column_stack([np.cos(angle), np.sin(angle)]),
            np.column_stack([np.cos(other), np.sin(other)]))

# -- CTC: what a tiny speech model hears ------------------------------------------------------------------------------
#: How the CTC lessons write the blank (class 0) among the letters.
BLANK_SYMBOL = "_"

# What a tiny speech model "hears" in 8 frames of someone saying "hello": one row per frame, one column per symbol
# (blank, H, E, L, O), each row a probability distribution. Made by hand: frame 5 mostly hears the short pause
# between the two L sounds (the blank), which is what lets the word keep both of its L's.
_HELLO_PROBS = (
    (0.20, 0.70, 0.05, 0.03, 0.02),
    (0.10, 0.20, 0.60, 0.05, 0.05),
    (0.20, 0.05, 0.10, 0.60, 0.05),
    (0.40, 0.02, 0.05, 0.50, 0.03),
    (0.60, 0.02, 0.03, 0.30, 0.05),
    (0.20, 0.02, 0.03, 0.70, 0.05),
    (0.15, 0.02, 0.03, 0.10, 0.70),
    (0.60, 0.02, 0.03, 0.05, 0.30),
)


def ctc_classes(word):
    """The classes of a word: the blank first (class 0), then the word's letters in order of first appearance.

    >>> ctc_classes("HELLO")
    ['_', 'H', 'E', 'L', 'O']
    """
    if not isinstance(word, str) or not word or BLANK_SYMBOL in word:
        raise ValueError(f"word must be a non-empty string without {BLANK_SYMBOL!r}, got {word!r}")
    letters = list(dict.fromkeys(word))
    return [BLANK_SYMBOL, *letters]


class CTCToy(NamedTuple):
    """The lesson's toy: a word, its classes (blank first), its labels as class indices, and per-frame probabilities."""

    word: str
    classes: list
    labels: list
    probs: np.ndarray

    def __repr__(self):
        head = "frame  " + "".join(f"{c:>7}" for c in self.classes)
        rows = [f"{t + 1:>5}  " + "".join(f"{p:7.2f}" for p in row) for t, row in enumerate(self.probs)]
        return "\n".join([f"{self.word}: labels {self.labels} (classes {self.classes}, blank = 0)", head, *rows])


def ctc_toy():
    """The toy of the CTC lesson: "HELLO" heard over 8 frames (probabilities made by hand, each row sums to 1).

    >>> toy = ctc_toy()
    >>> toy.labels, toy.probs.shape
    ([1, 2, 3, 3, 4], (8, 5))
    """
    classes = ctc_classes("HELLO")
    probs = np.array(_HELLO_PROBS)
    probs.flags.writeable = False
    return CTCToy("HELLO", classes, [classes.index(c) for c in "HELLO"], probs)


# -- training against validation loss: a wavy curve, split into training and validation points ------------------------
#: The standard deviation of the noise of ``wavy_data``: its variance, 0.0625, is the lowest validation MSE any model
#: can expect (the noise cannot be predicted).
WAVY_NOISE = 0.25


class TrainVal(NamedTuple):
    """A regression data set split in two: the points a model is trained on, and the points it is checked on."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray


def wavy_data(n_train: int = 12, n_val: int = 200, *, noise: float = WAVY_NOISE, seed: int = 0) -> TrainVal:
    """Points on the wave ``y = sin(pi x)`` plus normal noise (standard deviation ``noise``), ``x`` uniform in [-1, 1].

    ``n_train`` points to train on and ``n_val`` more, drawn the same way, held out for validation: the lessons on
    training against validation loss (3.1) and regularisation (3.2) fit polynomials to the few training points and
    score them on the many validation points. Each part is sorted by ``x`` (handy for plotting).

    >>> d = wavy_data(seed=0)
    >>> d.x_train.shape, d.x_val.shape
    ((12,), (200,))
    >>> bool(np.all(np.abs(d.x_train) <= 1) and np.all(np.diff(d.x_train) >= 0))
    True
    """
    n_train = _check_n(n_train, least=2)
    n_val = _check_n(n_val)
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating)) or not (0 <= noise < np.inf):
        raise ValueError(f"noise must be a standard deviation >= 0 (0.25 is the lesson's), got {noise!r}")
    rng = _rng(seed)
    parts = []
    for n in (n_train, n_val):
        x = np.sort(rng.uniform(-1.0, 1.0, n))
        parts += [x, np.sin(np.pi * x) + noise * rng.standard_normal(n)]
    return TrainVal(*parts)


def forecasts(n: int = 20_000, *, seed: int = 0):
    """True probabilities ``q`` and outcomes ``y`` drawn from them: the data of the lesson on calibration (3.6).

    ``q`` is uniform in [0.005, 0.995] (never exactly 0 or 1, so its logit ``ln(q / (1 - q))`` is finite); each
    outcome ``y`` (a 0/1 float) is 1 with probability ``q``. A model that predicts ``q`` is calibrated by
    construction: of the examples it gives 30%, about 30% are positives.

    >>> q, y = forecasts(n=1000, seed=0)
    >>> q.shape, y.shape, bool(0.005 <= q.min() and q.max() <= 0.995), sorted(set(y.tolist()))
    ((1000,), (1000,), True, [0.0, 1.0])
    """
    n = _check_n(n)
    rng = _rng(seed)
    q = rng.uniform(0.005, 0.995, n)
    return q, (rng.random(n) < q).astype(float)


# -- perplexity: a short text for a character-level language model (lesson 3.7) ---------------------------------------
#: The vocabulary of the character-level toy language model: a space and the 26 lower-case letters (V = 27).
CHARACTERS = " abcdefghijklmnopqrstuvwxyz"

_STORY = (
    "the old boat sat by the harbour wall and the fishermen came down to the water in the grey light of "
    "the morning they carried nets and ropes and baskets and they talked about the wind and the weather "
    "and the fish that were running out beyond the point the sea was calm and the gulls were loud over "
    "the boats and the tide was coming in fast the oldest of the fishermen was a tall woman with a red "
    "coat and a slow way of speaking she had sailed these waters for forty years and she knew every rock "
    "and every current between the harbour and the island she said that the weather would turn before "
    "the evening and that they should be back on shore before the light was gone the younger ones "
    "laughed but they listened all the same because she was almost always right they pushed the boats "
    "into the water and rowed out past the wall and then they raised the sails and the wind took them "
    "out towards the point the water was green and then blue and then dark and the town grew small "
    "behind them the houses and the church and the hill with the trees on top of it by the middle of the "
    "day the nets were full and the baskets were heavy with silver fish and the boats sat low in the "
    "water then the wind changed and the clouds came over the hill and the sea began to rise the woman "
    "in the red coat stood at the back of her boat and called to the others to turn for home and they "
    "turned and ran before the wind with the rain at their backs and the waves lifting them and dropping "
    "them they came into the harbour one by one as the light was going and the people of the town were "
    "waiting on the wall with lamps and blankets and hot tea and nobody laughed at the old woman that "
    "night"
)
_STORY_NEXT_DAY = (
    "the next morning the sea was calm again and the sky was clear and the boats went out early with the "
    "tide the woman in the red coat watched them from the wall and then she went home and slept until "
    "the evening when the boats came back full of fish and the whole town ate well"
)


class TextSplit(NamedTuple):
    """A text split in two: the part a language model is fitted on, and a held-out part it is scored on."""

    train: str
    held_out: str


def toy_text() -> TextSplit:
    """A short story written for the course (lower-case letters and single spaces only, no punctuation): about 1,700
    characters to fit a model on, and its next day, about 270 characters, held out to score it.

    Fixed text, no randomness. Four letters (j, q, x, z) never occur in the training part; the held-out part has an
    x, so a model that trusts its counts completely is caught out there (lesson 3.7, "Perplexity").

    >>> text = toy_text()
    >>> len(text.train), len(text.held_out)
    (1663, 274)
    >>> sorted(set(text.held_out) - set(text.train))
    ['x']
    """
    return TextSplit(_STORY, _STORY_NEXT_DAY)


def encode_characters(text: str) -> np.ndarray:
    """The characters of ``text`` as token ids, their positions in :data:`CHARACTERS` (space 0, a 1, ..., z 26).

    >>> encode_characters("the sea").tolist()
    [20, 8, 5, 0, 19, 5, 1]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string of lower-case letters and spaces, got {type(text).__name__}")
    unknown = sorted(set(text) - set(CHARACTERS))
    if unknown:
        raise ValueError(f"text may hold only lower-case letters a-z and spaces, but it has {''.join(unknown)!r}; "
                         "lower-case it and drop the rest (for example with text.lower())")
    return np.array([CHARACTERS.index(c) for c in text], dtype=np.int64)

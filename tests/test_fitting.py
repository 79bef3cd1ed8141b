"""The lessons' fits (lossbook.fitting) that are searches rather than closed forms (those are in test_datasets.py)."""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import KL_GRID, bimodal, discrete_gaussian
from lossbook.fitting import fit_gaussian


def test_fit_gaussian_covers_forward_and_seeks_reverse():
    p = bimodal()
    m_f, w_f, kl_f = fit_gaussian(p, "forward")
    m_r, w_r, kl_r = fit_gaussian(p, "reverse")
    # forward KL is minimised by matching mean and standard deviation (moment matching), up to the grid step
    x = KL_GRID
    assert m_f == pytest.approx(float(np.sum(p * x)), abs=0.05)
    assert w_f == pytest.approx(float(np.sqrt(np.sum(p * x * x))), abs=0.05)
    # reverse KL sits on one mode, with the mode's own width
    assert abs(m_r) == pytest.approx(2.0) and w_r == pytest.approx(0.7, abs=0.05)
    assert kl_f == pytest.approx(lb.kl_divergence(p, discrete_gaussian(m_f, w_f)))
    assert kl_r == pytest.approx(lb.kl_divergence(discrete_gaussian(m_r, w_r), p))
    with pytest.raises(ValueError, match="direction"):
        fit_gaussian(p, "sideways")


def test_fit_gaussian_finds_a_gaussian_exactly_on_the_search_grid():
    p = discrete_gaussian(1.0, 1.5)
    for direction in ("forward", "reverse"):
        mean, width, kl = fit_gaussian(p, direction)
        assert (mean, width) == pytest.approx((1.0, 1.5)) and kl == pytest.approx(0.0, abs=1e-12)


def test_fit_gaussian_is_deterministic_and_takes_the_smaller_mean_on_a_tie():
    first = fit_gaussian(bimodal(), "reverse")
    assert fit_gaussian(bimodal(), "reverse") == first
    assert first[0] < 0  # the two bumps fit equally well: the left one wins

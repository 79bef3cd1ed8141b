"""Lesson 3.3, notebooks/week3/03-where-losses-come-from.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/where_losses_come_from.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike).
"""

import re

import numpy as np
import pytest
import scipy.stats

import lossbook as lb

READINGS = np.array(lb.widgets.THERMOMETER)


@pytest.mark.parametrize("sigma", [0.3, 1.0, 2.0])
def test_both_curves_are_lowest_at_the_mean_or_the_median(sigma):
    w = lb.widgets.likelihood_explorer(noise="gaussian", sigma=sigma)
    nll, mse = w.plot.nll.get_ydata(), w.plot.loss.get_ydata()
    grid = w.plot.nll.get_xdata()
    assert grid[np.argmin(nll)] == grid[np.argmin(mse)] == pytest.approx(READINGS.mean(), abs=1e-12)
    assert f"NLL lowest at {READINGS.mean():.2f}, MSE at {READINGS.mean():.2f} (the mean" in w.text
    w.set(noise="laplace")
    nll, mae = w.plot.nll.get_ydata(), w.plot.loss.get_ydata()
    assert grid[np.argmin(nll)] == grid[np.argmin(mae)] == np.median(READINGS)
    assert "MAE at 20.10 (the median" in w.text and w.plot.legend.get_texts()[1].get_text() == "MAE"


@pytest.mark.parametrize("noise, sigma", [("gaussian", 0.45), ("gaussian", 1.7), ("laplace", 0.3), ("laplace", 1.2)])
def test_the_nll_is_the_familiar_loss_scaled_and_shifted_as_the_readout_says(noise, sigma):
    w = lb.widgets.likelihood_explorer(noise=noise, sigma=sigma)
    nll, loss = w.plot.nll.get_ydata(), w.plot.loss.get_ydata()
    scale, shift = re.search(r"= (?:MSE|MAE) / ([\d.]+) ([+−]) ([\d.]+)\n", w.text).group(1, 3)
    sign = -1.0 if "− " in w.text.splitlines()[0] else 1.0
    # the readout's numbers, to their printed precision, and the exact law along the whole curve
    exact_scale = 2 * sigma**2 if noise == "gaussian" else sigma
    exact_shift = 0.5 * np.log(2 * np.pi * sigma**2) if noise == "gaussian" else np.log(2 * sigma)
    assert float(scale) == pytest.approx(exact_scale, abs=5e-4) and sign * float(shift) == pytest.approx(exact_shift, abs=5e-4)
    np.testing.assert_allclose(nll, loss / exact_scale + exact_shift, rtol=1e-12)


def test_stems_are_the_densities_of_the_readings_at_the_best_prediction():
    w = lb.widgets.likelihood_explorer(noise="gaussian", sigma=0.5)
    heights = [segment[1, 1] for segment in w.plot.stems.get_segments()]
    np.testing.assert_allclose(heights, scipy.stats.norm.pdf(READINGS, loc=READINGS.mean(), scale=0.5), rtol=1e-12)
    w.set(noise="laplace", sigma=0.8)
    heights = [segment[1, 1] for segment in w.plot.stems.get_segments()]
    np.testing.assert_allclose(heights, scipy.stats.laplace.pdf(READINGS, loc=np.median(READINGS), scale=0.8),
                               rtol=1e-12)


def test_minima_stay_inside_the_axes_over_the_whole_slider_range():
    w = lb.widgets.likelihood_explorer()
    top = w.plot.lax.get_ylim()[1]
    for noise in ("gaussian", "laplace"):
        for sigma in (0.3, 0.65, 1.0, 2.0):
            w.set(noise=noise, sigma=sigma)
            assert max(w.plot.nll_min.get_ydata()[0], w.plot.loss_min.get_ydata()[0]) < top
            assert max(w.plot.density.get_ydata()) < w.plot.ax.get_ylim()[1]


def test_where_the_nll_leaves_the_top_it_is_marked_and_its_height_noted():
    w = lb.widgets.likelihood_explorer(noise="gaussian", sigma=0.3)
    top, nll = w.plot.lax.get_ylim()[1], w.plot.nll.get_ydata()
    assert nll.max() > top  # at the narrowest width the curve does leave the axes
    exits = w.plot.exits.get_xdata()
    assert len(exits) == 2 and all(nll[np.searchsorted(w.plot.nll.get_xdata(), x)] > top for x in exits)
    assert f"up to {nll.max():.0f} nats" in w.plot.off_top.get_text()
    w.set(sigma=2.0)  # a wide bell: the curve stays inside, and the note goes
    assert w.plot.nll.get_ydata().max() < top
    assert len(w.plot.exits.get_xdata()) == 0 and w.plot.off_top.get_text() == ""


def test_other_readings_and_bad_arguments():
    w = lb.widgets.likelihood_explorer(readings=[3, 4, 5, 6, 17])
    assert "MSE at 7.00 (the mean: 7.00)" in w.text
    for kwargs, match in [({"noise": "cauchy"}, "noise must be one of"), ({"sigma": 5.0}, "sigma must be a number"),
                          ({"sigma": True}, "sigma must be a number"), ({"readings": [1.0]}, "at least two"),
                          ({"readings": [[1.0, 2.0]]}, "flat list"), ({"readings": [0.0, np.nan]}, "finite"),
                          ({"readings": [0.0, 100.0]}, "within 50")]:
        with pytest.raises(ValueError, match=match):
            lb.widgets.likelihood_explorer(**kwargs)
    with pytest.raises(TypeError, match="readings must be a list of numbers"):
        lb.widgets.likelihood_explorer(readings=["a", "b"])


def test_exercises_agree_with_lossbook_and_name_the_missing_constant():
    ex = lb.exercises.where_losses_come_from
    assert ex.gaussian_by_hand.evaluate(lb.gaussian_nll(5.0, 4.0, sigma=0.5)).status == "correct"
    assert ex.gaussian_by_hand.evaluate(lb.mse(5.0, 4.0) / (2 * 0.25)).misconception == "no_constant"
    assert ex.laplace_by_hand.evaluate(lb.laplace_nll(3.0, 1.0, scale=2.0)).status == "correct"
    assert ex.laplace_by_hand.evaluate(lb.mae(3.0, 1.0) / 2.0).misconception == "no_constant"
    assert ex.median_guess.truth == np.median([3, 4, 5, 6, 17])
    # the best sigma really minimises the NLL of the exercise's residuals (sigma^2 = their MSE, dividing by n)
    residuals = np.array([0.4, -0.8, 0.2, 0.6, -0.4])
    sigmas = np.linspace(0.3, 1.2, 9001)
    nll = [lb.gaussian_nll(residuals, np.zeros(5), sigma=s) for s in sigmas]
    assert sigmas[np.argmin(nll)] == pytest.approx(ex.best_sigma.answer, abs=1e-4)
    assert ex.best_sigma.evaluate(0.52).status == "correct"
    assert ex.best_sigma.evaluate(np.sqrt(1.36 / 4)).misconception == "n_minus_one"


def test_for_an_even_count_mae_is_flat_between_the_two_middle_values():
    """The lesson: with an even count, MAE (and the Laplace NLL) is equally low anywhere between the two middle values,
    and np.median takes halfway."""
    y = np.array([1.0, 2.0, 6.0, 10.0])
    between = np.linspace(2.0, 6.0, 9)
    maes = [lb.mae(y, np.full(4, c)) for c in between]
    nlls = [lb.laplace_nll(y, np.full(4, c), scale=1.0) for c in between]
    np.testing.assert_allclose(maes, maes[0])
    np.testing.assert_allclose(nlls, nlls[0])
    assert lb.mae(y, np.full(4, 1.9)) > maes[0] < lb.mae(y, np.full(4, 6.1)) and np.median(y) == 4.0


def test_the_reading_dots_are_drawn_over_the_centre_line_and_stay_apart():
    """Readings 0.1 apart (20.3 and 20.4) must read as two dots: small, white-rimmed, drawn after the dotted line."""
    w = lb.widgets.likelihood_explorer(noise="gaussian", sigma=1.0, readings=READINGS)
    order = w.plot._dynamic
    assert order.index(w.plot.dots) > order.index(w.plot.centre)
    fig_w_px = w.plot.fig.get_size_inches()[0] * w.plot.fig.dpi
    ax = w.plot.ax
    px_per_unit = ax.get_position().width * fig_w_px / np.diff(ax.get_xlim())[0]
    dot_px = w.plot.dots.get_markersize() * w.plot.fig.dpi / 72
    assert 0.1 * px_per_unit > dot_px  # centres further apart than a dot is wide


def test_the_hints_are_steps_not_the_answer():
    ex = lb.exercises.where_losses_come_from
    for exercise, forbidden in [(ex.gaussian_by_hand, ("= 2", "1.5708", "0.2258")),
                                (ex.laplace_by_hand, ("ln 4", "= 1", "1.386")),
                                (ex.best_sigma, ("0.272", "0.52"))]:
        text = " ".join(exercise.hints)
        assert not any(f in text for f in forbidden), (exercise, text)


def test_the_density_axis_follows_the_width_and_never_cuts_a_stem():
    """The left panel's top is 1.1 times the peak of the density drawn: a wide bell fills the panel (at sigma = 1 the
    peak is 1/sqrt(2 pi) = 0.399, more than a fifth of the fixed top the narrowest width would need) and nothing is
    ever cut."""
    w = lb.widgets.likelihood_explorer(noise="gaussian", sigma=1.0)
    assert w.plot.ax.get_ylim()[1] == pytest.approx(1.1 / np.sqrt(2 * np.pi), rel=1e-3)
    for noise in ("gaussian", "laplace"):
        for sigma in (0.3, 0.65, 1.0, 2.0):
            w.set(noise=noise, sigma=sigma)
            top = w.plot.ax.get_ylim()[1]
            peak = max(w.plot.density.get_ydata())
            heights = [segment[1, 1] for segment in w.plot.stems.get_segments()]
            assert max(heights) <= peak < top <= 1.11 * peak

"""The figure layer: the theme, and plot objects that update artists in place without creating any."""

import matplotlib
import matplotlib.colors as mcolors
import numpy as np
import pytest

import lossbook as lb
from lossbook.plots import theme
from pngcheck import assert_figure, axes_box, changed_box


def _plots():
    """One instance of each plot class, and a function that changes its state through its public update methods."""
    x = np.linspace(-2, 2, 50)
    out = []
    p = lb.plots.LossCurvePlot(x, x**2, ylim=(0, 5))
    out.append((p, lambda: (p.set_curve(x, np.abs(x)), p.set_point(1.0, 1.0, "loss = 1.000"))))
    g = lb.plots.LossGradPlot(x, x**2, 2 * x, ylim=(0, 5), grad_ylim=(-4, 4))
    out.append((g, lambda: (g.set_curves(x, np.abs(x), np.sign(x)), g.set_point(0.5, 0.5, 1.0, "a", "b"))))
    for name in ("LandscapePlot", "TrainingCurvePlot"):
        if hasattr(lb.plots, name):
            out.append(_extra(name))
    return out


def _extra(name):
    if name == "LandscapePlot":
        w = np.linspace(-1, 1, 21)
        W1, W2 = np.meshgrid(w, w)
        p = lb.plots.LandscapePlot(w, w, W1**2 + W2**2)
        return p, lambda: (p.set_point(0.5, -0.25), p.set_path([0.0, 0.5], [0.0, -0.25]))
    p = lb.plots.TrainingCurvePlot(max_steps=20, ylim=(0.01, 2.0))
    return p, lambda: [p.append(i, 1.0 / (1 + i)) for i in range(5)]


# -- theme ------------------------------------------------------------------------------------------------------------
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_palette_is_okabe_ito_and_distinct():
    assert set(theme.OKABE_ITO.values()) == OKABE_ITO
    assert set(theme.COLORS) <= OKABE_ITO
    assert len(set(theme.COLORS)) == len(theme.COLORS) >= 6
    assert "#F0E442" not in theme.COLORS  # yellow is unreadable as a thin line on white


def test_every_series_has_a_distinct_line_style_and_marker():
    styles = [repr(s["linestyle"]) for s in theme.STYLES]
    markers = [s["marker"] for s in theme.STYLES]
    assert len(set(styles)) == len(styles) == len(theme.COLORS)
    assert len(set(markers)) == len(markers)
    # The dash patterns must also *render* differently: compare Matplotlib's resolved dash sequences.
    from matplotlib.lines import _get_dash_pattern

    resolved = {repr(_get_dash_pattern(ls)) for ls in theme.LINESTYLES}
    assert len(resolved) == len(theme.LINESTYLES)


def test_lines_drawn_in_a_new_figure_get_distinct_styles():
    fig, ax = lb.plots.new_figure()
    lines = [ax.plot([0, 1], [i, i])[0] for i in range(len(theme.COLORS))]
    assert len({l.get_color() for l in lines}) == len(lines)
    assert len({repr(l.get_linestyle()) + repr(l._unscaled_dash_pattern) for l in lines}) == len(lines)


def test_figure_is_opaque_white_and_not_made_through_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig, axes = lb.plots.new_figure(1, 2)
    assert plt.get_fignums() == before
    assert mcolors.to_rgba(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)
    for ax in axes:
        assert mcolors.to_rgba(ax.get_facecolor())[3] == 1.0
    assert type(fig.canvas).__name__ == "FigureCanvasAgg"
    # The theme does not leak into global rcParams.
    assert matplotlib.rcParams["font.size"] != theme.RC["font.size"] or matplotlib.rcParams["axes.grid"] != theme.RC["axes.grid"]


def test_png_frames_are_opaque():
    p, _ = _plots()[0]
    rgba = p.rgba()
    assert rgba.shape[2] == 4 and rgba[..., 3].min() == 255


def test_readable_font_sizes_reach_tick_labels():
    p, _ = _plots()[0]
    p.png()
    sizes = [t.get_fontsize() for t in p.ax.get_xticklabels()]
    assert sizes and min(sizes) >= 10
    assert p.ax.xaxis.label.get_fontsize() >= 11


@pytest.mark.parametrize("kwargs", [dict(nrows=0), dict(ncols=1.5), dict(figsize=(0, 3)), dict(figsize="big"), dict(dpi=5)])
def test_new_figure_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        lb.plots.new_figure(**kwargs)


def test_new_figure_passes_gridspec_kw_to_the_grid_and_the_rest_to_each_axes():
    fig, (wide, narrow) = lb.plots.new_figure(1, 2, figsize=(6, 2), gridspec_kw={"width_ratios": [3, 1]},
                                              facecolor="#EEEEEE")
    assert list(wide.get_gridspec().get_width_ratios()) == [3, 1]
    fig.canvas.draw()
    assert wide.get_position().width == pytest.approx(3 * narrow.get_position().width, rel=0.05)
    assert wide.get_facecolor() == narrow.get_facecolor() != (1.0, 1.0, 1.0, 1.0)


def test_new_figure_shares_axes_through_the_grid():
    fig, (left, right) = lb.plots.new_figure(1, 2, sharey=True)
    assert right.get_shared_y_axes().joined(left, right)
    assert not right.get_shared_x_axes().joined(left, right)
    left.set_ylim(-3.0, 7.0)
    assert right.get_ylim() == (-3.0, 7.0)
    fig, axes = lb.plots.new_figure(2, 1, sharex="col", squeeze=False)
    assert axes.shape == (2, 1)
    assert axes[1, 0].get_shared_x_axes().joined(axes[0, 0], axes[1, 0])
    _, ax = lb.plots.new_figure(squeeze=False)
    assert ax.shape == (1, 1)


# -- plot objects -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("index", range(4))
def test_update_changes_pixels_and_creates_no_artist(index):
    plots = _plots()
    if index >= len(plots):
        pytest.skip("plot class not present")
    plot, update = plots[index]
    first = assert_figure(plot.png(), plot.pixel_size)
    n_before = plot.n_artists()
    n_children = [len(ax.get_children()) for ax in plot.fig.axes]
    update()
    second = assert_figure(plot.png(), plot.pixel_size)
    assert plot.n_artists() == n_before
    assert [len(ax.get_children()) for ax in plot.fig.axes] == n_children
    # The update shows, and only inside the axes it belongs to: titles, tick labels and the margins stay as they were.
    box = changed_box(first, second)
    assert box is not None, "the update did not change a pixel"
    outside = _changed_outside_axes(plot, first, second)
    assert outside == 0, f"{outside} pixels changed outside the axes (changed box {box})"


def _changed_outside_axes(plot, first, second):
    """How many changed pixels lie outside every axes of the plot (each grown by a few pixels for edge markers)."""
    changed = np.any(first != second, axis=-1)
    allowed = np.zeros_like(changed)
    for ax in plot.fig.axes:
        x0, y0, x1, y1 = axes_box(plot.fig, ax)
        allowed[max(y0, 0):y1, max(x0, 0):x1] = True
    return int(np.count_nonzero(changed & ~allowed))


def test_set_point_moves_the_marker_data():
    x = np.linspace(0, 1, 11)
    p = lb.plots.LossCurvePlot(x, x, ylim=(0, 1))
    p.set_point(0.3, 0.4, "here")
    assert p.point.get_xdata()[0] == 0.3 and p.point.get_ydata()[0] == 0.4
    assert p.label.get_text() == "here"
    p.set_point(0.3, 50.0)  # above the axes: pinned to the top edge, not lost
    assert p.point.get_ydata()[0] == 1.0


def test_blitting_draws_the_background_once():
    x = np.linspace(0, 1, 11)
    p = lb.plots.LossCurvePlot(x, x, ylim=(0, 1))
    for v in np.linspace(0, 1, 5):
        p.set_point(v, v)
        p.png()
    assert p.full_draws == 1 and p.frames_rendered == 5
    p.set_curve(x, 2 * x, rescale=True)
    p.png()
    assert p.full_draws == 2 and p.ax.get_ylim()[1] > 2.0


def test_blitted_frame_equals_a_full_redraw():
    x = np.linspace(-1, 1, 41)
    p = lb.plots.LossCurvePlot(x, x**2, ylim=(0, 1))
    p.png()
    p.set_point(0.5, 0.25, "loss = 0.250")
    blitted = p.rgba().copy()
    p.invalidate()
    full = p.rgba().copy()
    assert np.array_equal(blitted, full)


@pytest.mark.parametrize(
    "make",
    [
        lambda: lb.plots.LossCurvePlot([0.0], [0.0]),
        lambda: lb.plots.LossCurvePlot([0.0, 1.0], [0.0, 1.0, 2.0]),
        lambda: lb.plots.LossCurvePlot([0.0, np.nan], [0.0, 1.0]),
        lambda: lb.plots.LossCurvePlot([0.0, 1.0], [0.0, 1.0], ylim=(1, 0)),
        lambda: lb.plots.LossGradPlot([0.0, 1.0], [0.0, 1.0], [1.0]),
    ],
)
def test_plots_reject_bad_arguments(make):
    with pytest.raises(ValueError):
        make()


def test_training_curve_appends_into_its_buffer_and_pins_divergence_to_the_edge():
    p = lb.plots.TrainingCurvePlot(max_steps=3, ylim=(0.01, 10.0))
    p.png()
    n = p.n_artists()
    for step, value in enumerate([1.0, 0.5, 1e6, float("inf")]):
        p.append(step, value)
    assert p.n_artists() == n
    assert list(p.values[:3]) == [1.0, 0.5, 1e6]
    assert list(p.curve.get_ydata()) == [1.0, 0.5, 10.0, 10.0]
    with pytest.raises(ValueError, match="full"):
        p.append(4, 0.1)
    p.reset()
    assert len(p.curve.get_xdata()) == 0
    with pytest.raises(ValueError, match="in order"):
        p.append(2, 0.1)
    p.set_curve([3.0, 2.0, 1.0], "loss = 1.000")
    assert list(p.curve.get_ydata()) == [3.0, 2.0, 1.0] and p.label.get_text() == "loss = 1.000"


def test_landscape_surface_is_drawn_once_and_minimum_found():
    w = np.linspace(-1, 1, 21)
    W1, W2 = np.meshgrid(w, w)
    p = lb.plots.LandscapePlot(w, w, (W1 - 0.5) ** 2 + (W2 + 0.3) ** 2)
    assert p.minimum == pytest.approx((0.5, -0.3))
    for v in np.linspace(-1, 1, 4):
        p.set_point(v, v)
        p.png()
    assert p.full_draws == 1


@pytest.mark.parametrize(
    "make",
    [
        lambda: lb.plots.LandscapePlot([0.0, 1.0], [0.0, 1.0, 2.0], np.zeros((2, 3))),
        lambda: lb.plots.LandscapePlot([0.0, 1.0], [0.0, 1.0], np.full((2, 2), np.inf)),
        lambda: lb.plots.LandscapePlot([0.0, 1.0], [0.0, 1.0], np.zeros((2, 2)), log=True),
        lambda: lb.plots.TrainingCurvePlot(0),
        lambda: lb.plots.TrainingCurvePlot(10, ylim=(0.0, 1.0), logy=True),
    ],
)
def test_landscape_and_training_reject_bad_arguments(make):
    with pytest.raises(ValueError):
        make()


def test_png_encoder_round_trips_exactly():
    from PIL import Image
    import io

    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    decoded = np.asarray(Image.open(io.BytesIO(lb.plots.encode_png(rgba))).convert("RGBA"))
    assert np.array_equal(decoded, rgba)
    p, _ = _plots()[0]
    frame = p.rgba().copy()
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(p.png())).convert("RGBA")), frame)


def test_artists_added_after_new_figure_still_get_the_theme():
    w = np.linspace(-1, 1, 11)
    W1, W2 = np.meshgrid(w, w)
    p = lb.plots.LandscapePlot(w, w, W1**2 + W2**2 + 0.1)
    assert p.surface.get_cmap().name == theme.RC["image.cmap"]
    c = lb.plots.LossCurvePlot(w, w**2)
    assert c.curve.get_linewidth() == theme.RC["lines.linewidth"]
    assert c.label.get_fontsize() == theme.RC["font.size"]


def test_png_checks_catch_a_blank_a_transparent_and_a_wrong_size_frame():
    """The figure checks above can fail: a white frame, a see-through frame and a frame of the wrong size do."""
    import io

    from PIL import Image

    from pngcheck import decode

    white = np.full((40, 60, 4), 255, dtype=np.uint8)
    with pytest.raises(AssertionError, match="blank"):
        assert_figure(lb.plots.encode_png(white))
    p, _ = _plots()[0]
    good = p.png()
    assert_figure(good, p.pixel_size)
    with pytest.raises(AssertionError, match="the plot says"):
        assert_figure(good, (p.pixel_size[0] + 1, p.pixel_size[1]))
    see_through = decode(good).copy()
    see_through[:10, :10, 3] = 0
    buffer = io.BytesIO()
    Image.fromarray(see_through, "RGBA").save(buffer, format="PNG")
    with pytest.raises(AssertionError, match="transparent"):
        assert_figure(buffer.getvalue())
    assert changed_box(decode(good), see_through) == (0, 0, 10, 10)
    assert changed_box(see_through, see_through.copy()) is None
    moved = see_through.copy()
    moved[5, 7, 0] ^= 0xFF
    assert changed_box(see_through, moved) == (7, 5, 8, 6)

"""The course's one figure theme, and figures made without pyplot.

Colours are the Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008), safe for the common forms of
colour blindness. Every series also gets its own line style and marker, so two lines differ even in greyscale or for a
reader who sees no colour at all. Backgrounds are opaque white, so a figure reads the same on JupyterLab's dark theme.

Figures are ``matplotlib.figure.Figure`` objects with an Agg canvas attached: nothing goes through pyplot, so making a
figure never registers it with pyplot's figure manager and never auto-displays a second copy in a notebook.

>>> from lossbook.plots import COLORS, STYLES, new_figure
>>> len(set(COLORS)) == len(COLORS) == len(STYLES)
True
>>> fig, ax = new_figure()
>>> fig.get_facecolor()[3]
1.0
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "COLORS",
    "LINESTYLES",
    "MARKERS",
    "STYLES",
    "ACCENT",
    "MUTED",
    "RC",
    "DPI",
    "FIGSIZE",
    "themed",
    "new_figure",
    "style",
]

# The full Okabe-Ito palette, by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# Series colours in the order lines get them: the darker, higher-contrast hues first. Yellow has too little contrast
# against white for a thin line, so it is not used for series (use it for filled areas only).
COLORS = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
)
# One distinct dash pattern per colour: solid, dashed, dotted, dash-dot, long dash, dash-dot-dot, loose dots.
LINESTYLES = (
    "-",
    (0, (5, 2)),
    (0, (1, 1.5)),
    (0, (6, 2, 1, 2)),
    (0, (10, 3)),
    (0, (6, 2, 1, 2, 1, 2)),
    (0, (1, 4)),
)
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
# STYLES[i] is everything series i needs: ``ax.plot(x, y, **STYLES[i])``.
STYLES = tuple({"color": c, "linestyle": ls, "marker": m} for c, ls, m in zip(COLORS, LINESTYLES, MARKERS))
# The colour of "the current point" markers and of annotations, and of background guides.
ACCENT = OKABE_ITO["vermillion"]
MUTED = "#6E6E6E"

# Modest size and resolution: a 7 x 3.2 inch figure at 90 dpi is 630 x 288 pixels, small enough to encode and send on
# every slider step, large enough to read.
DPI = 90
FIGSIZE = (7.0, 3.2)

RC = {
    "figure.facecolor": "white",
    "figure.edgecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.framealpha": 1.0,
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "black",
    "text.color": "black",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 2.0,
    "lines.markersize": 6.0,
    "axes.prop_cycle": cycler(color=list(COLORS), linestyle=list(LINESTYLES)),
    "image.cmap": "cividis",  # perceptually uniform and colour-blind safe
}


def style(i: int, *, marker: bool = False) -> dict:
    """Keyword arguments for series ``i`` (wrapping around): colour and line style, and the marker if asked."""
    s = dict(STYLES[i % len(STYLES)])
    if not marker:
        s.pop("marker")
    return s


@contextlib.contextmanager
def themed():
    """Apply the course theme to every figure, axes and text created inside the block."""
    with mpl.rc_context(RC):
        yield


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize=FIGSIZE, dpi: int = DPI, layout="constrained",
               sharex=False, sharey=False, squeeze: bool = True, gridspec_kw=None, **subplot_kw):
    """A themed ``Figure`` with an Agg canvas and its axes, created without pyplot.

    Returns ``(fig, ax)`` for one axes, ``(fig, axes_array)`` otherwise, like ``plt.subplots``. ``fig.canvas`` is a
    ``FigureCanvasAgg``. In a notebook, show the figure by making it the cell's last value (or ``display(fig)``).
    ``sharex``, ``sharey`` (``True``, ``"row"``, ``"col"``...), ``squeeze`` and ``gridspec_kw`` go to the grid, as in
    ``plt.subplots`` (``gridspec_kw={"width_ratios": [2, 1]}``); every other keyword goes to each axes
    (``projection="polar"``, ``facecolor=...``).

    >>> fig, (wide, narrow) = new_figure(1, 2, gridspec_kw={"width_ratios": [2, 1]})
    >>> list(wide.get_gridspec().get_width_ratios())
    [2, 1]
    >>> fig, (left, right) = new_figure(1, 2, sharey=True)
    >>> right.get_shared_y_axes().joined(left, right)
    True
    """
    for name, value in (("nrows", nrows), ("ncols", ncols)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not (isinstance(dpi, (int, float)) and 20 <= dpi <= 400):
        raise ValueError(f"dpi must be a number between 20 and 400, got {dpi!r}")
    try:
        width, height = figsize
        ok = width > 0 and height > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"figsize must be (width, height) in inches, both positive, got {figsize!r}")
    with themed():
        fig = Figure(figsize=figsize, dpi=dpi, layout=layout)
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey, squeeze=squeeze,
                            subplot_kw=subplot_kw or None, gridspec_kw=gridspec_kw)
    return fig, axes

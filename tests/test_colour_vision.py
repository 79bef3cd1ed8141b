"""Figures stay readable for the common kinds of colour blindness and in greyscale.

Colour vision deficiency is simulated with the matrices of Machado, Oliveira and Fernandes (2009, "A physiologically
based model for simulation of color vision deficiency", IEEE TVCG 15(6)) at severity 1.0: protanopia, deuteranopia,
tritanopia, applied in linear RGB. Greyscale is the relative luminance (Rec. 709 weights). Two colours are told apart
by their CIEDE2000 difference (Sharma, Wu and Dalal 2005) in CIELAB (D65).

What is checked:

* the theme's series colours (the Okabe-Ito palette as the course orders it) stay at least ``MIN_DELTA_E`` apart, pair
  by pair, for normal vision and under each simulation. In greyscale colours alone cannot stay apart (orange and sky
  blue have the same luminance), so every series also has its own line style and marker, and that is checked too;
* every registered widget's first frame, as rendered: the colour of every labelled line is found in the rendered
  pixels, and any two labelled lines that share an axes differ in line style or marker, or stay ``MIN_DELTA_E`` apart in
  greyscale and under every simulation (so a legend can be read without colour).

The smallest distances are printed (``pytest -s`` or ``-rP``); the series colours' contrast against the white
background is printed too (WCAG 2.1 asks 3:1 of graphics that carry meaning; see the note in the README).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from matplotlib.colors import to_rgb

import lossbook as lb

MIN_DELTA_E = 10.0  # CIEDE2000: well past "just noticeable" (about 2), a clear difference between two thin lines

# Machado et al. (2009), Table 1, severity 1.0; rows map linear (R, G, B) to the simulated linear (R, G, B).
MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = ("normal", *MACHADO_2009, "greyscale")
_LUMINANCE = np.array([0.2126, 0.7152, 0.0722])


def to_linear(srgb):
    c = np.asarray(srgb, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def to_srgb(linear):
    c = np.clip(np.asarray(linear, dtype=float), 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(srgb, vision: str):
    """``srgb`` (..., 3) in [0, 1] as seen with ``vision`` (one of VISIONS), back in sRGB."""
    lin = to_linear(srgb)
    if vision == "normal":
        return np.asarray(srgb, dtype=float)
    if vision == "greyscale":
        y = lin @ _LUMINANCE
        return to_srgb(np.stack([y, y, y], axis=-1))
    return to_srgb(lin @ MACHADO_2009[vision].T)


def to_lab(srgb):
    """CIELAB (D65) of sRGB colours (..., 3) in [0, 1]."""
    xyz = to_linear(srgb) @ np.array([[0.4124564, 0.3575761, 0.1804375],
                                       [0.2126729, 0.7151522, 0.0721750],
                                       [0.0193339, 0.1191920, 0.9503041]]).T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    eps = (6 / 29) ** 3
    f = np.where(xyz > eps, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def delta_e_2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference of two CIELAB colours (Sharma, Wu and Dalal 2005, equations 1-22)."""
    (l1, a1, b1), (l2, a2, b2) = (map(float, lab1)), (map(float, lab2))
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, c_bar_p = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(c_bar_p**7 / (c_bar_p**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar_p
    s_h = 1 + 0.015 * c_bar_p * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (dh_big / s_h) ** 2 + r_t * (dc / s_c) * (dh_big / s_h))


def distance(colour1, colour2, vision: str) -> float:
    """CIEDE2000 between two Matplotlib colours as seen with ``vision``."""
    lab1, lab2 = (to_lab(simulate(np.array(to_rgb(c)), vision)) for c in (colour1, colour2))
    return delta_e_2000(lab1, lab2)


def contrast_on_white(colour) -> float:
    """WCAG 2.1 contrast ratio of ``colour`` against white."""
    y = float(to_linear(np.array(to_rgb(colour))) @ _LUMINANCE)
    return 1.05 / (y + 0.05)


_NAMES = {v.lower(): k for k, v in lb.plots.OKABE_ITO.items()}


def _name(colour) -> str:
    from matplotlib.colors import to_hex

    hex_ = to_hex(colour).lower()
    return _NAMES.get(hex_, hex_)


# ---------------------------------------------------------------------------------------------------------------------
# The measuring tools first: a wrong CIEDE2000 or a wrong matrix would make every check below meaningless.


@pytest.mark.parametrize(
    "lab1, lab2, expected",
    [  # Sharma, Wu and Dalal (2005), Table 1: pairs 1, 7, 17 and 34
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_sharma_table(lab1, lab2, expected):
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=5e-5)
    assert delta_e_2000(lab2, lab1) == pytest.approx(expected, abs=5e-5)


def test_simulations_keep_white_and_black_and_greyscale_has_no_hue():
    # Each Machado row sums to 1: white stays white and black stays black for every deficiency.
    for vision in VISIONS:
        assert np.allclose(simulate(np.ones(3), vision), 1.0, atol=1e-3), vision
        assert np.allclose(simulate(np.zeros(3), vision), 0.0), vision
    grey = simulate(np.array(to_rgb("#D55E00")), "greyscale")
    assert np.ptp(grey) == pytest.approx(0.0, abs=1e-12)
    # A dichromat confuses red and green: their distance drops from normal vision (a check that the matrices bite).
    red, green = "#D55E00", "#009E73"
    assert distance(red, green, "deuteranopia") < distance(red, green, "normal") / 2


# ---------------------------------------------------------------------------------------------------------------------
# The palette


def test_series_colours_stay_apart_for_every_kind_of_colour_vision():
    colours = lb.plots.COLORS
    report, failures = [], []
    for vision in VISIONS[:-1]:  # greyscale: see the next test
        pairs = sorted((distance(a, b, vision), _name(a), _name(b)) for a, b in itertools.combinations(colours, 2))
        report.append(f"{vision:>13}: min CIEDE2000 {pairs[0][0]:5.1f} ({pairs[0][1]} / {pairs[0][2]})")
        failures += [f"{vision}: {a} / {b} only {d:.1f} apart" for d, a, b in pairs if d < MIN_DELTA_E]
    grey = sorted((distance(a, b, "greyscale"), _name(a), _name(b)) for a, b in itertools.combinations(colours, 2))
    report.append(f"{'greyscale':>13}: min CIEDE2000 {grey[0][0]:5.1f} ({grey[0][1]} / {grey[0][2]}): "
                  "line styles carry it")
    report.append("contrast on white: " + ", ".join(f"{_name(c)} {contrast_on_white(c):.2f}" for c in colours))
    print("\n" + "\n".join(report))
    assert not failures, "series colours too close:\n" + "\n".join(failures)


def test_every_series_style_differs_in_line_style_and_marker():
    from matplotlib.lines import _get_dash_pattern

    styles = lb.plots.STYLES
    looks = [dash_signature(_get_dash_pattern(s["linestyle"])[1]) for s in styles]
    markers = [s["marker"] for s in styles]
    assert len(set(looks)) == len(styles), f"two series' line styles look alike: {looks}"
    assert len(set(markers)) == len(styles), f"two series share a marker: {markers}"


def test_dash_signature_tells_patterns_apart():
    assert dash_signature((4, 2)) == dash_signature((5, 2))  # too alike to carry meaning
    assert len({dash_signature(d) for d in (None, (5, 2), (1, 1.5), (6, 2, 1, 2), (10, 3), (1, 4))}) == 6
    assert dash_signature((1, 2, 6, 2)) == dash_signature((6, 2, 1, 2))


# ---------------------------------------------------------------------------------------------------------------------
# Every widget's first frame, as rendered


def _labelled_lines(ax):
    return [line for line in ax.get_lines() if line.get_visible() and not line.get_label().startswith("_")
            and len(line.get_xdata()) > 0]


def dash_signature(dashes) -> tuple:
    """What a dash pattern looks like, coarsely: "solid", or per dash its kind (a dot up to 2 line widths, a dash up to
    7, a long dash beyond) and its gap (tight up to 2.5 line widths, loose beyond). (4, 2) and (5, 2) look alike; a
    dash, a dot, a dash-dot, a long dash and loose dots do not."""
    if dashes is None or not dashes:
        return ("solid",)
    seq = list(dashes)
    if len(seq) % 2:
        seq = seq * 2
    kinds = tuple(("dot" if on <= 2 else "dash" if on <= 7 else "long", "tight" if off <= 2.5 else "loose")
                  for on, off in zip(seq[::2], seq[1::2]))
    # (dash, dot) and (dot, dash) are the same pattern started elsewhere: use the smallest rotation.
    return min(kinds[i:] + kinds[:i] for i in range(len(kinds)))


def _look(line):
    """What tells a line apart without colour: its dash pattern (None when it draws no line) and its marker."""
    none = (None, "None", "none", "", " ")
    # get_linestyle() reads "--" for every custom dash tuple: look at the pattern itself (in line widths).
    dashes = None if line.get_linestyle() in none else dash_signature(line._unscaled_dash_pattern[1])
    marker = None if line.get_marker() in none else str(line.get_marker())
    return dashes, marker


@pytest.mark.parametrize("name", lb.widgets.registered())
def test_first_frame_reads_without_colour(name):
    widget = lb.widgets.build(name)
    frame = np.asarray(widget.plot.rgba())[..., :3]
    rendered = {tuple(int(v) for v in px) for px in np.unique(frame.reshape(-1, 3), axis=0)}
    problems, report = [], []
    for ax in widget.plot.fig.axes:
        lines = _labelled_lines(ax)
        for line in lines:
            rgb = tuple(round(255 * v) for v in to_rgb(line.get_color()))
            if rgb not in rendered and line.get_alpha() in (None, 1.0):
                problems.append(f"{line.get_label()!r}: its colour {_name(line.get_color())} is not in the "
                                "rendered frame")
        for a, b in itertools.combinations(lines, 2):
            if _look(a) != _look(b):
                continue
            worst = min((distance(a.get_color(), b.get_color(), v), v) for v in VISIONS[1:])
            report.append(f"{a.get_label()!r} / {b.get_label()!r}: same line style, colours {worst[0]:.1f} apart "
                          f"in {worst[1]}")
            if worst[0] < MIN_DELTA_E:
                problems.append(
                    f"{a.get_label()!r} and {b.get_label()!r} share an axes, a line style and a marker, and their "
                    f"colours ({_name(a.get_color())}, {_name(b.get_color())}) are only {worst[0]:.1f} apart in "
                    f"{worst[1]}: give one of them its own line style (lossbook.plots.style(i))"
                )
    if report:
        print(f"\n{name}: " + "; ".join(report))
    assert not problems, f"{name}: " + "\n".join(problems)

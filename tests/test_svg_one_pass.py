"""Charts are written as SVG in one drawing pass (lessons.plots.as_svg), not matplotlib's two
for ``bbox_inches="tight"``. The picture must be the same: the same extent (nothing cut off, no
extra margin), a background under all of it, and every piece of text written."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from lessons import plots
from lessons.figures import figure

# One of each kind of drawing: a map with labels, a network, an event timeline, a city-control
# chart, a bar chart, the Aleppo district map, a chart with a legend below it.
SAMPLE = ["governorate-seats", "who-backed-whom", "transition-2025-2026",
          "cities-held-2016-2026", "refugees-by-host", "aleppo-sides-late-2016",
          "deaths-all-counts", "who-held-what"]


def _box(svg: str) -> list[float]:
    return [float(v) for v in re.search(r'viewBox="([^"]*)"', svg).group(1).split()]


def _texts(svg: str) -> list[str]:
    return sorted(t.strip() for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg))


def extent_problems(one: str, two: str) -> list[str]:
    """How the one-pass SVG differs from matplotlib's own tight SVG."""
    problems = []
    (_, _, w1, h1), (_, _, w2, h2) = _box(one), _box(two)
    if abs(w1 - w2) > 0.5 or abs(h1 - h2) > 0.5:
        problems.append(f"extent {w1:.1f} x {h1:.1f} pt, matplotlib's tight {w2:.1f} x {h2:.1f}")
    if _texts(one) != _texts(two):
        problems.append("the text written differs")
    x, y, w, h = _box(one)
    background = re.search(r"<svg\b[^>]*>\s*<rect ([^>]*)/>", one)
    if background is None or [float(v) for v in re.findall(
            r'\b(?:x|y|width|height)="(-?[\d.]+)', background.group(1))] != pytest.approx(
            [x, y, w, h], abs=0.01):
        problems.append("no background over the whole picture")
    return problems


@pytest.mark.parametrize("name", SAMPLE)
def test_one_pass_svg_is_the_tight_picture(name):
    fig = figure(name, show=False)
    try:
        two = plots._svg_two_passes(fig)
        one = plots.svg_cropped(fig)[0]
    finally:
        plt.close(fig)
    assert extent_problems(one, two) == []


def test_the_check_catches_a_picture_cut_to_the_figure_size():
    fig = figure("transition-2025-2026", show=False)
    try:
        two = plots._svg_two_passes(fig)
        import io

        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")  # one pass, but not cropped to what was drawn
        uncropped = buffer.getvalue()
    finally:
        plt.close(fig)
    assert any("extent" in p for p in extent_problems(uncropped, two))
    assert any("background" in p for p in extent_problems(uncropped, two))


def test_as_svg_falls_back_to_two_passes_on_another_matplotlib(monkeypatch):
    def missing(fig):
        raise AttributeError("no such renderer here")

    monkeypatch.setattr(plots, "_svg_one_pass", missing)
    fig = figure("refugees-by-host", show=False)
    svg = plots.as_svg(fig)
    assert svg.startswith("<svg") and not plt.fignum_exists(fig.number)

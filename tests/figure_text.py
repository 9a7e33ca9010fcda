"""A legibility check for charts: text that overprints other text, or that is cut off.

`text_problems(fig)` draws the figure and looks at every visible piece of text in it (titles,
axis labels, tick labels, annotations, legend entries and titles, plain texts). It reports two
texts whose boxes overlap, and a text that would be cut off: outside the figure as Jupyter saves
it (``bbox_inches="tight"``), or clipped by the axes it is drawn in."""

from __future__ import annotations

import itertools

import matplotlib.text
from matplotlib.transforms import Bbox

SHRINK = 1.0  # pixels taken off each side, so two texts that only touch are not a hit


def _drawn_texts(fig) -> list:
    """Draw the figure and return the Text artists it really drew, visible and not empty.

    A tick label whose tick lies outside the axis limits keeps its text but is not drawn, so
    the texts are recorded as they are drawn rather than only found with ``findobj``."""
    drawn = set()
    original = matplotlib.text.Text.draw

    def recording(self, renderer):
        drawn.add(id(self))
        return original(self, renderer)

    matplotlib.text.Text.draw = recording
    try:
        fig.canvas.draw()
    finally:
        matplotlib.text.Text.draw = original
    return [text for text in fig.findobj(matplotlib.text.Text)
            if id(text) in drawn and text.get_visible() and text.get_text().strip()]


def _name(text) -> str:
    words = " ".join(text.get_text().split())
    short = words if len(words) <= 50 else words[:47] + "..."
    return f'"{short}"'


def _shrunk(box: Bbox) -> Bbox:
    return Bbox.from_extents(box.x0 + SHRINK, box.y0 + SHRINK, box.x1 - SHRINK, box.y1 - SHRINK)


def _one_label(a, b) -> bool:
    """Two Text artists that make up one label (a chart may draw a label's lines as separate
    texts and mark them with the same gid)."""
    return a.get_gid() is not None and a.get_gid() == b.get_gid()


def text_problems(fig) -> list[str]:
    """Every overlap between two texts and every text cut off, each as a plain sentence."""
    texts = _drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in texts]
    problems = []
    for (a, box_a), (b, box_b) in itertools.combinations(zip(texts, boxes), 2):
        if a is b or _one_label(a, b):
            continue
        if _shrunk(box_a).overlaps(_shrunk(box_b)):
            problems.append(f"The text {_name(a)} overlaps the text {_name(b)}.")
    saved = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
    for text, box in zip(texts, boxes):
        if not _inside(_shrunk(box), saved):
            problems.append(f"The text {_name(text)} runs outside the saved figure, so it is "
                            "cut off.")
        clip = text.get_clip_box() if text.get_clip_on() else None
        if clip is not None and not _inside(_shrunk(box), clip):
            problems.append(f"The text {_name(text)} runs outside its axes, so the axes cut "
                            "it off.")
    return problems


def _inside(box: Bbox, outer: Bbox) -> bool:
    return (box.x0 >= outer.x0 and box.y0 >= outer.y0 and box.x1 <= outer.x1
            and box.y1 <= outer.y1)

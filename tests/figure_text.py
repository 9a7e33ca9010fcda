"""A legibility check for charts: text that overprints other text, or that is cut off.

`text_problems(fig)` draws the figure and looks at every visible piece of text in it (titles,
axis labels, tick labels, annotations, legend entries and titles, plain texts). It reports two
texts whose boxes overlap, and a text that would be cut off: outside the figure as Jupyter saves
it (``bbox_inches="tight"``), or clipped by the axes it is drawn in.

`wording_problems(fig)` reports text a student would have to decode (a date as "2024-Dec", a
title cut short, a dash for a range, ids or file names in the source line), and
`fractional_count_ticks(fig)` a tick such as 2.5 on an axis of whole-number counts."""

from __future__ import annotations

import itertools
import re

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


# ---- wording a student reads ------------------------------------------------------------

MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
MACHINE_DATE = re.compile(rf"\b\d{{4}}-{MONTH}\b|\b{MONTH}-\d{{1,2}}\b")
# A dash between two years or two numbers, or a spaced dash before a number: "2013-2017",
# "1,000-2,000", "27 November - 10 December". Dates such as 2016-12-13 are not ranges.
DASH_RANGE = re.compile(r"\b\d{4}\s*[-\u2013\u2014]\s*\d{4}\b"
                        r"|\d,\d{3}\s*[-\u2013\u2014]\s*\d|\w\s[-\u2013\u2014]\s\d")
PROGRAMMER_WORDS = ("[ids", "data/", ".csv", "source_ids", "_id")


def wording_problems(fig) -> list[str]:
    """Text a student should not have to decode: a date written "2024-Dec", a title cut short
    ("[...]", "..."), a dash used for a range ("2013-2017": we write "2013 to 2017"), and a
    source line with ids or file names instead of publishers."""
    problems = []
    for text in _drawn_texts(fig):
        words = " ".join(text.get_text().split())
        if MACHINE_DATE.search(words):
            problems.append(f"The text {_name(text)} writes a date as a machine does; write "
                            "\"Dec 2024\".")
        if "[...]" in words or words.endswith(("...", "\u2026")):
            problems.append(f"The text {_name(text)} is cut short.")
        if DASH_RANGE.search(words):
            problems.append(f"The text {_name(text)} uses a dash for a range; write \"to\".")
        if words.startswith(("Source:", "Sources:")):
            found = [w for w in PROGRAMMER_WORDS if w in words]
            if found:
                problems.append(f"The source line {_name(text)} shows {found[0]!r}: name the "
                                "publishers and dates instead.")
    return problems


def fractional_count_ticks(fig) -> list[str]:
    """Ticks that are not whole numbers on an axis of counts (bars whose lengths, or lines
    whose values, are all whole numbers): a "2.5" tick on a count of states or cities."""
    problems = []
    for ax in fig.axes:
        if not ax.axison:
            continue
        for axis, values in _count_axes(ax):
            if not values or not all(float(v).is_integer() for v in values):
                continue
            low, high = sorted(axis.get_view_interval())
            shown = [t for t in axis.get_majorticklocs() if low <= t <= high]
            broken = [t for t in shown if not float(t).is_integer()]
            if broken:
                problems.append(f"The {axis.axis_name} axis counts whole things but has a tick "
                                f"at {broken[0]:g}.")
    return problems


def _count_axes(ax):
    """(axis, values) for the bars of a bar chart and the lines of a line chart."""
    from matplotlib.container import BarContainer

    for container in ax.containers:
        if isinstance(container, BarContainer):
            horizontal = container.orientation == "horizontal"
            values = [p.get_width() if horizontal else p.get_height() for p in container]
            yield (ax.xaxis if horizontal else ax.yaxis), [v for v in values if v == v]
    ys = [v for line in ax.get_lines() if len(line.get_ydata()) > 1
          for v in line.get_ydata() if v == v]
    if ys and not ax.containers:
        yield ax.yaxis, ys

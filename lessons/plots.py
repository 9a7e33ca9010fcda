"""The house chart: every figure gets a title, labelled axes with units, a source line, the
Okabe-Ito colour-blind-safe palette (with patterns, so colour is never the only cue), and a
one-sentence description printed beside it for readers who cannot see the picture."""

from __future__ import annotations

import base64
import html

import matplotlib
import matplotlib.dates
import matplotlib.ticker

matplotlib.rcParams.update({
    "figure.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",
})

import matplotlib.pyplot as plt  # noqa: E402  (after the style is set)


def _use_svg_in_notebooks() -> None:
    """Show charts as SVG: sharp at any zoom, text kept as text, and quicker to draw than PNG."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None:
        set_matplotlib_formats("svg")


_use_svg_in_notebooks()

from lessons.dates import as_known  # noqa: E402
from lessons.errors import CourseError  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Black is left for text and outlines.
PALETTE = {
    "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7",
    "yellow": "#F0E442",
}
COLOURS = list(PALETTE.values())
HATCHES = ["", "///", "...", "xx", "\\\\\\", "++", "oo"]
CONTESTED_HATCH = "||"  # grey with upright lines: a pattern no side's colour uses


MANY_SOURCES = 6
SOURCE_SIZE = 9  # points: the source line (and a chart's note) on every chart


def source_line(source_ids, also: str = "", table: str | None = None) -> str:
    """'Sources: SOHR (2016-12-13); UN OHCHR (2021-09-24)' for the foot of a chart: publishers
    and dates a student can read, from the source registry (no ids, no file names).

    A chart drawn from many rows of a table, each row with its own sources, gives their number
    instead. The ids stay on the figure itself (see ``figure_sources``), so every chart can
    still be traced to its publications."""
    from lessons.data import load

    registry = load("sources").set_index("source_id")
    ids = list(dict.fromkeys(source_ids))
    missing = [sid for sid in ids if sid not in registry.index]
    if missing:
        raise CourseError(f"Chart source {missing[0]!r} is not in data/sources.csv")
    extra = f"; {also}" if also else ""
    if table and len(ids) > MANY_SOURCES:
        return (f"Sources: {len(ids)} publications, listed with the data in the course's "
                f"tables{extra}")
    dates: dict[str, list[str]] = {}  # publisher -> the dates of its publications used
    for sid in ids:
        published = registry.loc[sid, "published"]
        known = dates.setdefault(registry.loc[sid, "publisher"], [])
        if published and published not in known:
            known.append(published)
    names = [f"{publisher} ({', '.join(days)})" if days else publisher
             for publisher, days in dates.items()]
    label = "Source" if len(names) == 1 else "Sources"
    return f"{label}: " + "; ".join(names) + extra


def figure_sources(fig) -> list[str]:
    """The source ids a chart was drawn from (rows of data/sources.csv), kept on the figure so
    that a chart whose foot gives only a count of publications can still be traced."""
    return list(getattr(fig, "_course_sources", []))


def _require(**texts) -> None:
    for name, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise CourseError(f"Every chart needs a {name.replace('_', ' ')}.")


def finish(fig, ax, *, title: str, sources, description: str, show: bool = True,
           also: str = "", table: str | None = None, quiet: bool = False, note: str = "",
           below_artist=None):
    """Add the title, the source line and the text description; then show the figure.

    ``note`` is a key the reader needs to read the chart ("upper half: east part"), printed
    in dark text just below the chart, above the source line. ``below_artist`` (a legend set
    under the axes) pushes the note and the source line down below it."""
    import textwrap

    _require(title=title, description=description)
    # Accept a list of ids or a table's source_ids column (ids joined by ";").
    sources = list(dict.fromkeys(s for item in sources for s in str(item).split(";") if s))
    if not sources:
        raise CourseError("Every chart needs at least one source id.")
    ax.set_title(title, loc="left")
    foot = textwrap.fill(source_line(sources, also, table), width=100)
    fig._course_sources = sources  # the ids behind the source line, for figure_sources()
    # The note and the source line hang below the axes, clear of the tick labels and the axis
    # label. No layout pass is needed: Jupyter saves figures with bbox_inches="tight", which
    # takes in everything drawn, so it is cheaper than tight_layout (about half of a chart's
    # time). Each line is placed under the one before it when the figure is drawn.
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)  # the figure size is the plot's size
    if below_artist is not None:
        anchor, xy, gap = below_artist, (0, 0), 8
    else:
        anchor, xy, gap = "axes fraction", (0, 0), 10 if not ax.axison else 44
    if note:
        anchor = ax.annotate(textwrap.fill(note, width=90), xy=xy, xycoords=anchor,
                             xytext=(0, -gap), textcoords="offset points",
                             fontsize=SOURCE_SIZE + 1, color="#111111", ha="left", va="top",
                             annotation_clip=False)
        xy, gap = (0, 0), 6
    ax.annotate(foot, xy=xy, xycoords=anchor, xytext=(0, -gap), textcoords="offset points",
                fontsize=SOURCE_SIZE, color="#333333", ha="left", va="top",
                annotation_clip=False)
    if not quiet:  # a chart shown inside a widget carries its description there instead
        _describe(description)
    if show:  # show it now, and return nothing, so Jupyter does not draw it a second time
        _show(fig, title, description)
        return None
    return fig


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def _describe(description: str) -> None:
    """The figure's description as a paragraph of the lesson's text (wrapped between words, in
    the lesson's font), or as a printed line outside a notebook."""
    if not _in_notebook():
        print("Figure description:", description)
        return
    from IPython.display import display

    paragraph = ('<p class="course-figure-description" style="max-width:46em;margin:0.3em 0">'
                 f"<strong>Figure description:</strong> {html.escape(description)}</p>")
    display({"text/html": paragraph, "text/plain": f"Figure description: {description}"},
            raw=True)


def _show(fig, title: str, description: str) -> None:
    """In a notebook, show the chart as an image whose alt text is its description, so a screen
    reader announces what the chart shows; elsewhere (scripts, tests), plt.show()."""
    if not _in_notebook():
        plt.show()
        return
    from IPython.display import display

    display({"text/html": as_image(fig, description), "text/plain": f"[Chart: {title}]"},
            raw=True)


def as_image(fig, description: str) -> str:
    """The figure as an HTML image (SVG inside), with its description as alt text, that shrinks
    to the width of the output area instead of being cut off at its right edge; and close it."""
    svg = base64.b64encode(as_svg(fig).encode("utf-8")).decode("ascii")
    return (f'<img alt="{html.escape(description)}" src="data:image/svg+xml;base64,{svg}" '
            'style="max-width:100%;height:auto">')


def as_svg(fig) -> str:
    """The figure as SVG markup (for a chart inside a widget or an image), and close it.

    Cropped to everything drawn, as Jupyter's ``bbox_inches="tight"`` would, but in one drawing
    pass instead of two: the SVG is drawn at the figure's own size, the extent of everything on
    it is measured with the same renderer (so the text sizes are the ones just written), and the
    picture's viewBox is set to that extent plus the usual margin, over a background of the
    figure's colour. It is about half the time of ``savefig(bbox_inches="tight")``. If this
    matplotlib does not have the renderer classes it needs, it falls back to the two passes."""
    try:
        text = svg_cropped(fig)[0]
    except (ImportError, AttributeError, TypeError):  # another matplotlib: the slower, sure way
        text = _svg_two_passes(fig)
    plt.close(fig)
    return text[text.index("<svg"):]


def _svg_two_passes(fig) -> str:
    import io

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    return buffer.getvalue()


def svg_cropped(fig, *, frame=None, pad: float | None = None,
                image_dpi: float | None = None):
    """The figure as SVG markup, in one drawing pass, cropped to ``frame`` (a Bbox in inches)
    or, if none is given, to the extent of everything drawn, measured with the renderer that
    drew it; with ``pad`` inches round it (matplotlib's usual margin if not given) over a
    background of the figure's colour. Returns the markup and the unpadded frame, so that a
    figure drawn again (an explorer's next step) can keep the same frame. Pictures inside it
    (rasterised artists) are drawn at ``image_dpi`` (the figure's dpi if not given). Raises
    ImportError, AttributeError or TypeError if this matplotlib lacks what it needs."""
    return _svg_one_pass(fig, frame=frame, pad=pad, image_dpi=image_dpi)


def _svg_one_pass(fig, *, frame=None, pad: float | None = None,
                  image_dpi: float | None = None):
    import io
    import math
    import re

    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
    from matplotlib.colors import to_hex, to_rgba

    buffer = io.StringIO()
    canvas, dpi = fig.canvas, fig.dpi
    image_dpi = image_dpi or dpi
    FigureCanvasSVG(fig)  # the figure draws for SVG for now (as savefig does)
    try:
        fig.dpi = 72  # SVG units are points
        width, height = fig.get_size_inches()
        renderer = MixedModeRenderer(fig, width, height, image_dpi,
                                     RendererSVG(width * 72, height * 72, buffer,
                                                 image_dpi=image_dpi))
        fig.draw(renderer)
        box = fig.get_tightbbox(renderer) if frame is None else frame
        renderer.finalize()
    finally:
        fig.dpi = dpi
        fig.set_canvas(canvas)
    pad = (matplotlib.rcParams["savefig.pad_inches"] if pad is None else pad) * 72
    x, y = box.x0 * 72 - pad, (height - box.y1) * 72 - pad
    w, h = box.width * 72 + 2 * pad, box.height * 72 + 2 * pad
    text = buffer.getvalue()
    head = re.search(r"<svg\b[^>]*>", text)
    if head is None or not all(map(math.isfinite, (x, y, w, h))) or w <= 0 or h <= 0:
        raise TypeError("no SVG element or no extent")  # take the two passes instead
    tag = re.sub(r'\bwidth="[^"]*"', f'width="{w:.2f}pt"', head.group(0), count=1)
    tag = re.sub(r'\bheight="[^"]*"', f'height="{h:.2f}pt"', tag, count=1)
    tag = re.sub(r'\bviewBox="[^"]*"', f'viewBox="{x:.2f} {y:.2f} {w:.2f} {h:.2f}"', tag, count=1)
    red, green, blue, alpha = to_rgba(fig.get_facecolor())
    background = (f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
                  f'fill="{to_hex((red, green, blue))}" fill-opacity="{alpha:g}"/>'
                  if alpha > 0 else "")
    return text[:head.start()] + tag + background + text[head.end():], box


def bar(data, label: str, value: str, *, title: str, value_label: str, sources, description: str,
        group: str | None = None, note: str | None = None, show: bool = True,
        table: str | None = None, low: str | None = None, high: str | None = None,
        value_max: float | None = None):
    """Horizontal bars, one per row of ``data``, each with its number written at its end.

    ``value_label`` names the quantity and its unit ("people killed"). ``group`` (a column) sets
    colour and pattern together and adds a legend. ``note`` (a column) is printed after the label.
    ``table`` names the data file the rows come from, for the source line of a many-source chart.
    ``low`` and ``high`` (columns) draw a range as a black line with end caps where both are set.
    A ``qualifier`` column in the data ("more than", "about") is written before each number.
    ``value_max`` makes the value axis reach at least that far: give a set of related charts of
    one measure the same ``value_max`` and their bars can be compared across the charts.
    """
    _require(value_label=value_label)
    import textwrap

    rows = data.reset_index(drop=True)
    groups = list(dict.fromkeys(rows[group])) if group else [None]
    labels = [textwrap.fill(str(rows.loc[i, label]), 42)
              + (f"\n({textwrap.fill(str(rows.loc[i, note]), 42)})" if note else "")
              for i in range(len(rows))]
    height = sum(0.17 * (text.count("\n") + 1) + 0.3 for text in labels) + 0.4
    width = 6
    fig, ax = plt.subplots(figsize=(width, height))
    positions = list(range(len(rows)))[::-1]
    for n, name in enumerate(groups):
        keep = [i for i in range(len(rows)) if group is None or rows.loc[i, group] == name]
        ax.barh([positions[i] for i in keep], [rows.loc[i, value] for i in keep],
                color=COLOURS[n % len(COLOURS)], hatch=HATCHES[n % len(HATCHES)],
                edgecolor="black", linewidth=0.6, label=name)
    ax.set_yticks(positions, labels, fontsize=9)
    ends = [rows.loc[i, value] for i in range(len(rows))]
    ranged = [bool(low and high) and _present(rows.loc[i, low]) and _present(rows.loc[i, high])
              for i in range(len(rows))]
    for i in range(len(rows)):
        if ranged[i]:
            lo, hi = rows.loc[i, low], rows.loc[i, high]
            ax.errorbar([(lo + hi) / 2], [positions[i]], xerr=[[(hi - lo) / 2]],
                        fmt="none", ecolor="black", capsize=4, linewidth=1.2, zorder=4)
            ends[i] = max(ends[i] if _present(ends[i]) else 0, hi)
    written = []  # (the bar's end, the label's width in points)
    renderer = fig.canvas.get_renderer()
    for i in range(len(rows)):
        number = rows.loc[i, value]
        if not _present(number):
            continue
        text = number_text(number, rows.loc[i, "qualifier"] if "qualifier" in rows else "")
        if ranged[i]:
            text += (f" (range {number_text(rows.loc[i, low])} to "
                     f"{number_text(rows.loc[i, high])})")
        shown = ax.annotate(text, (ends[i], positions[i]), xytext=(3, 0),
                            textcoords="offset points", va="center", fontsize=9,
                            annotation_clip=False)
        written.append((ends[i], shown.get_window_extent(renderer).width * 72 / fig.dpi))
    top = max((e for e in ends if _present(e)), default=0)
    limit = _value_limit(written, max(top, value_max or 0), width_points=width * 72)
    ax.set_xlim(0, limit)
    whole = all(float(v).is_integer() for column in (value, low, high) if column
                for v in rows[column] if _present(v))
    _few_number_ticks(ax.xaxis, limit, width_inches=width, integer=whole)
    ax.set_xlabel(value_label)
    ax.set_ylabel(label.replace("_", " "))
    if group:
        ax.legend(title=group.replace("_", " "), loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  frameon=False)
    return finish(fig, ax, title=title, sources=sources, description=description, show=show,
                  table=table)


def _present(number) -> bool:
    """False for a missing number (NaN is not equal to itself)."""
    return number == number and number is not None


def number_text(number: float, qualifier=None) -> str:
    """A number as a bar's label: "59,648"; a round figure of a million or more as "1.2
    million", as sources write it; with the row's qualifier before it ("more than 60,000",
    "about 1.2 million"); "as stated" (the number as the source gave it) adds nothing."""
    if number >= 1_000_000 and number % 100_000 == 0:
        text = f"{number / 1_000_000:.1f}".removesuffix(".0") + " million"
    else:
        text = f"{number:,.0f}"
    if isinstance(qualifier, str) and qualifier.strip() and qualifier != "as stated":
        return f"{qualifier.strip()} {text}"
    return text


def _value_limit(written, largest: float, width_points: float) -> float:
    """Where the value axis ends: 15% past the largest bar, and far enough that each bar's
    label, written just past its end, still ends inside the axes (clear of a legend)."""
    limit = largest * 1.15 if largest else 1
    for end, text_width in written:
        room = width_points - text_width - 10  # 3 points before the label, a few after it
        if end > 0 and room > width_points * 0.2:
            limit = max(limit, end * width_points / room)
    return limit


def _few_number_ticks(axis, largest: float, width_inches: float, integer: bool = False) -> None:
    """Numbers with thousands separators, and only as many ticks as fit side by side: a long
    number such as 1,250,000 needs about 80 points, so a 6-inch axis takes five of them. With
    ``integer`` (the values are counts) every tick is a whole number: no "2.5 cities"."""
    digits = len(f"{largest:,.0f}")
    room = width_inches * 72 / ((digits + 3) * 0.6 * matplotlib.rcParams["font.size"])
    axis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=max(2, min(8, int(room))),
                                                         steps=[1, 2, 2.5, 5, 10],
                                                         integer=integer))
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _pos: f"{x:,.0f}"))


# ----------------------------------------------------------------------------- time and control

CATEGORY_ORDER = ["political", "military", "humanitarian", "diplomatic"]
LABELLED_EVENTS = 25  # a timeline of this many events or fewer gives each event its own row
EVENT_LABEL_SIZE = 9  # points: each event's date and title down the side of a timeline
CATEGORY_MARKERS = {"political": "o", "military": "s", "humanitarian": "^", "diplomatic": "D"}


def _sources_of(frame, sources):
    return sources if sources is not None else list(frame["source_ids"])


class _DateFormatter(matplotlib.dates.ConciseDateFormatter):
    """Dates written as briefly as they can be read (2012, Mar, 15...), with the months and
    year the axis covers written once at its end as a reader says them: "Dec 2024", "Feb to
    Apr 2011", "2025 to 2026" (never matplotlib's "2024-Dec")."""

    def __init__(self, locator):
        super().__init__(locator, zero_formats=["", "%Y", "%b", "%d %b", "%H:%M", "%H:%M"])

    def format_ticks(self, values):
        labels = super().format_ticks(values)
        on_years = all((t.month, t.day) == (1, 1) for t in map(matplotlib.dates.num2date,
                                                                 values))
        self._span_text = "" if on_years or not len(values) else self._span(values)
        return [label.lstrip("0") if label.isdigit() else label for label in labels]  # "3"

    def get_offset(self) -> str:
        return getattr(self, "_span_text", "")

    def _span(self, values) -> str:
        """The months (or, for ticks on months, the years) the data on the visible axis
        covers. Not the axis limits: they are padded, so a chart of 2013 alone would start in
        late December 2012 and read "2012 to 2013"."""
        import math

        axis = self._locator.axis
        low, high = min(values), max(values)
        if axis is not None:
            low, high = sorted(axis.get_view_interval())
            data_low, data_high = sorted(axis.get_data_interval())
            if math.isfinite(data_low) and math.isfinite(data_high):
                low, high = max(low, data_low), min(high, data_high)
        first, last = (matplotlib.dates.num2date(v) for v in (low, high))
        ticks = [matplotlib.dates.num2date(v) for v in values]
        if len({(t.day, t.hour, t.minute) for t in ticks}) == 1:  # ticks on months: say years
            return f"{last:%Y}" if first.year == last.year else f"{first:%Y} to {last:%Y}"
        if (first.year, first.month) == (last.year, last.month):
            return f"{last:%b %Y}"
        if first.year == last.year:
            return f"{first:%b} to {last:%b %Y}"
        return f"{first:%b %Y} to {last:%b %Y}"


def _date_axis(ax) -> None:
    """Dates on the x axis, written as briefly as they can be read (2012, Mar, 15...)."""
    locator = matplotlib.dates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_DateFormatter(locator))
    ax.set_xlabel("date")


def event_date(day, precision: str = "day") -> str:
    """An event's date as precisely as it is known: "1 Dec 2024", "Mar 2011" or "1982"."""
    return as_known(day, precision, short=True)


def event_label(row, width: int = 60) -> str:
    """A timeline row's label: the date, then the event's title in full, wrapped onto a second
    line when it is long (a title is never cut short)."""
    import textwrap

    date = event_date(row["date"], row.get("date_precision", "day"))
    text = f"{date}  {row['title']}"
    lines = -(-len(text) // (width + len(date) + 2))  # as few lines as it needs...
    even = -(-len(text) // lines) + 4  # ...and about as long as each other
    return textwrap.fill(text, width=max(even, width + len(date) + 2) if lines == 1 else even)


def timeline(events, *, title: str, description: str, sources=None, labels: bool | None = None,
             show: bool = True, quiet: bool = False):
    """Events on a time line. With few events (at most LABELLED_EVENTS, or as ``labels`` says)
    each event gets its own row, labelled with its date and title; with more, one lane per
    category (political, military, humanitarian, diplomatic). Each category has its own colour
    and marker shape; a hollow marker means the date is known only to the month or the year."""

    import matplotlib.lines as mlines

    rows = events.sort_values("date").reset_index(drop=True)
    labels = len(rows) <= LABELLED_EVENTS if labels is None else labels
    lanes = {name: len(CATEGORY_ORDER) - n for n, name in enumerate(CATEGORY_ORDER)}
    if labels:
        # Each event's row is as tall as its label: a long title wraps onto a second line
        # instead of being cut short. Rows are counted in units of 0.3 inches.
        ticks = [event_label(row) for _, row in rows.iterrows()]
        tall = [1 + 0.45 * text.count("\n") for text in ticks]
        ypos, y = {}, 0.0
        for i in reversed(range(len(rows))):
            y += tall[i] / 2 + (tall[i + 1] / 2 if i + 1 < len(rows) else 0)
            ypos[i] = y
        fig, ax = plt.subplots(figsize=(5.5, 0.3 * (y + 0.4) + 0.4))
    else:
        fig, ax = plt.subplots(figsize=(7.5, 2.4))
        ypos = {i: lanes[row["category"]] for i, row in rows.iterrows()}
    for n, name in enumerate(CATEGORY_ORDER):
        for exact in (True, False):
            keep = [i for i, row in rows.iterrows() if row["category"] == name
                    and (row["date_precision"] == "day") == exact]
            if keep:
                ax.scatter(rows.loc[keep, "date"], [ypos[i] for i in keep], s=60,
                           marker=CATEGORY_MARKERS[name], edgecolors=COLOURS[n],
                           facecolors=COLOURS[n] if exact else "white", linewidths=1.5,
                           zorder=3)
    if labels:
        ax.set_yticks([ypos[i] for i in range(len(rows))], ticks, fontsize=EVENT_LABEL_SIZE)
        ax.set_ylim(ypos[len(rows) - 1] - 0.7 if len(rows) else 0.3,
                    ypos[0] + 0.7 if len(rows) else 1.7)
        ax.grid(axis="y", color="#eeeeee", linewidth=0.6)
    else:
        ax.set_yticks(list(lanes.values()), list(lanes.keys()))
        ax.set_ylim(0.4, len(CATEGORY_ORDER) + 0.6)
        ax.set_ylabel("kind of event")
    _date_axis(ax)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    handles = [mlines.Line2D([], [], color=COLOURS[n], marker=CATEGORY_MARKERS[name],
                             linestyle="none", markersize=7, label=name)
               for n, name in enumerate(CATEGORY_ORDER)]
    handles.append(mlines.Line2D([], [], color="black", marker="o", markerfacecolor="white",
                                 linestyle="none", label="hollow: month or year known only"))
    if not labels:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
                  fontsize=9)
        return finish(fig, ax, title=title, description=description,
                      sources=_sources_of(rows, sources), show=show, table="events",
                      quiet=quiet)
    # Rows labelled with titles are wide already: the key goes under the chart, not beside it,
    # so the picture is not shrunk to fit the page (and its labels with it).
    from matplotlib.transforms import ScaledTranslation

    key = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=3,
                    bbox_transform=ax.transAxes + ScaledTranslation(0, -40 / 72,
                                                                    fig.dpi_scale_trans),
                    frameon=False, fontsize=9, borderaxespad=0, handletextpad=0.3,
                    columnspacing=1.2)
    return finish(fig, ax, title=title, description=description,
                  sources=_sources_of(rows, sources), show=show, table="events", quiet=quiet,
                  below_artist=key)


# Where a period sits in its city's lane: (offset from the lane's foot, height), out of 0.8.
# "most" and "part" leave the rest of the lane to a white strip: the rest of the city, held by
# others (the row's note says by whom; the chart does not guess).
HALF = {"whole": (0.0, 0.8), "contested": (0.0, 0.8), "most": (0.0, 0.6), "part": (0.0, 0.3),
        "east": (0.4, 0.4), "north": (0.4, 0.4), "west": (0.0, 0.4), "south": (0.0, 0.4)}
SPLIT_PARTS = ("east", "north", "west", "south")
SPLIT_NOTE = ("A lane split in two: the upper half is the east or north part of the city, the "
              "lower half the west or south part.")
REST_STYLE = ("white", "--")  # the rest of a city beside a "most" or "part" period
# Each holder keeps one colour and one pattern in every lesson. Patterns come in families (none,
# lines, dots, crosses, rings, stars): two holders that share a colour never share a family, so
# no two are told apart only by the direction of a hatch.
PATTERN_FAMILIES = [["///", "|||", "---"], ["..", "....", "..."], ["xx", "++", "xxxx"],
                    ["oo", "OO", "o"], ["**", "*", "***"]]
LABEL_SIZE = 8
MIN_POINTED = 12  # points: a bar narrower than this is too thin to point a name at


def holder_style(n: int) -> tuple[str, str]:
    """The colour and pattern of the n-th holder in the whole table (the first is plain)."""
    if n == 0:
        return COLOURS[0], ""
    family = PATTERN_FAMILIES[(n - 1) % len(PATTERN_FAMILIES)]
    colour = COLOURS[n % len(COLOURS)]
    if colour == COLOURS[0]:  # the first holder's gold is its own: a patterned gold reads as it
        colour = PALETTE["reddish purple"]
    return colour, family[(n - 1) // len(PATTERN_FAMILIES) % len(family)]


def legend_name(actor_id: str, actors) -> str:
    """A holder's name in a chart's key, with the short name its bars carry in brackets:
    "Free Syrian Army (FSA)", "Islamic State (ISIS)"; a name that already holds its short
    name ("Syrian government (Assad government)") is left as it is."""
    name = str(actors.set_index("actor_id").loc[actor_id, "name"])
    short = short_name(actor_id, actors)
    return name if short in name else f"{name} ({short})"


def short_name(actor_id: str, actors) -> str:
    """A holder's short name for a label on a bar: its abbreviation (FSA, ISIS, SDF) if the
    actors table lists one, otherwise its name without the part in brackets."""
    return short_names(actors)[actor_id]


def short_names(actors) -> dict[str, str]:
    """Every actor's short name (see ``short_name``), from one pass over the table."""
    found = {}
    for actor_id, others, name in zip(actors["actor_id"], actors["other_names"],
                                      actors["name"]):
        abbreviations = [other for other in str(others).split(";")
                         if 2 <= len(other) <= 5 and other.isupper()]
        found[actor_id] = abbreviations[0] if abbreviations else name.split(" (")[0]
    return found


def _shown_periods(control, start: str, end: str):
    import pandas as pd

    rows = control.copy()
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    rows["shown_end"] = rows["end"].fillna(last).clip(upper=last)
    rows["shown_start"] = rows["start"].clip(lower=first)
    return rows[rows["shown_start"] < rows["shown_end"]]


def control_lanes(control, start: str, end: str) -> int:
    """How many lanes (cities) control_chart draws for these rows between start and end, so a
    description can give the number the chart really shows."""
    return _shown_periods(control, start, end)["place_id"].nunique()


def control_chart(control, *, title: str, description: str, start: str, end: str,
                  sources=None, show: bool = True):
    """Who held each city over time: one lane a city, one bar a period of control, coloured and
    patterned by who held it. A divided city is split: the upper half of the lane is the east
    (or north) part, the lower half the west (or south). A holder of "most" of a city fills most
    of the lane, and a white strip stands for the rest. Contested periods are grey, labelled
    with the sides. With more holders than colours, bars wide enough are labelled by name."""
    import matplotlib.patches as mpatches
    import pandas as pd

    from lessons.data import load

    names = load("places").set_index("place_id")["name"]
    actors = load("actors")
    actor_names = actors.set_index("actor_id")["name"]
    rows = _shown_periods(control, start, end)
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    cities = list(dict.fromkeys(rows["place_id"]))
    # Colours come from the whole table, in order of first appearance, so that each holder keeps
    # the same colour and pattern in every lesson's chart.
    everyone = load("city_control").sort_values("start")
    order = list(dict.fromkeys(everyone.loc[everyone["part"] != "contested", "controller"]))
    shown = set(rows.loc[rows["part"] != "contested", "controller"])
    holders = [h for h in order if h in shown]
    style = {h: holder_style(order.index(h)) for h in holders}
    label_bars = len(holders) > len(COLOURS)
    width = 7
    fig, ax = plt.subplots(figsize=(width, 0.5 * len(cities) + 0.4))
    lane = {city: len(cities) - n for n, city in enumerate(cities)}
    points_per_day = width * 72 / max((last - first).days, 1)
    bars = []  # every bar drawn, with the name to write on it (None: no name)
    shorts = short_names(actors)
    pieces: dict[tuple, list] = {}  # (colour, hatch, edge colour): rectangles, drawn together
    for _, row in rows.iterrows():
        offset, size = HALF[row["part"]]
        foot = lane[row["place_id"]] - 0.4
        span = (row["shown_start"], row["shown_end"] - row["shown_start"])
        contested = row["part"] == "contested"
        colour, hatch = ("#bbbbbb", CONTESTED_HATCH) if contested else style[row["controller"]]
        pieces.setdefault((colour, hatch, "black"), []).append(
            (row["shown_start"], row["shown_end"], foot + offset, size))
        if offset + size < 0.8 and row["part"] in ("most", "part"):
            pieces.setdefault((REST_STYLE[0], REST_STYLE[1], "#777777"), []).append(
                (row["shown_start"], row["shown_end"], foot + offset + size,
                 0.8 - offset - size))
        if contested:
            text = "contested: " + " / ".join(shorts[a] for a in row["controller"].split(";"))
        else:
            text = shorts[row["controller"]] if label_bars else None
        bars.append({"text": text, "start": span[0], "length": span[1], "foot": foot + offset,
                     "size": size, "lane": row["place_id"], "holder": row["controller"]})
    _draw_rectangles(ax, pieces)
    _label_bars(ax, bars, first, points_per_day, width * 72)
    ax.set_yticks(list(lane.values()), [names.get(c, c) for c in cities])
    ax.set_ylim(0.4, len(cities) + 0.6)
    ax.set_xlim(first, last)
    _date_axis(ax)
    ax.set_ylabel("city")
    handles = [mpatches.Patch(facecolor=c, hatch=h, edgecolor="black",
                              label=legend_name(holder, actors) if holder in actor_names
                              else holder)
               for holder, (c, h) in style.items()]
    if rows["part"].isin(["most", "part"]).any():
        handles.append(mpatches.Patch(facecolor=REST_STYLE[0], hatch=REST_STYLE[1],
                                      edgecolor="#777777",
                                      label="rest of the city, held by others"))
    if (rows["part"] == "contested").any():
        handles.append(mpatches.Patch(facecolor="#bbbbbb", hatch=CONTESTED_HATCH,
                                      edgecolor="black",
                                      label="contested (fighting inside the city)"))
    ax.legend(handles=handles, title="held by", loc="upper left", bbox_to_anchor=(1.0, 1.0),
              frameon=False, fontsize=9)
    return finish(fig, ax, title=title, description=description,
                  sources=_sources_of(rows, sources), show=show, table="city_control",
                  note=SPLIT_NOTE if rows["part"].isin(list(SPLIT_PARTS)).any() else "")


def _draw_rectangles(ax, pieces: dict[tuple, list]) -> None:
    """Draw the bars of each look (colour, pattern, edge) as one collection: a chart of fifty
    bars in ten looks is ten drawing calls, not fifty. Each rectangle is (start date, end date,
    bottom, height); the axes' limits are set by the chart, not by the bars."""
    from matplotlib.collections import PolyCollection

    for (colour, hatch, edge), boxes in pieces.items():
        shapes = []
        for start, end, bottom, height in boxes:
            x0, x1 = matplotlib.dates.date2num(start), matplotlib.dates.date2num(end)
            shapes.append([(x0, bottom), (x1, bottom), (x1, bottom + height),
                           (x0, bottom + height)])
        ax.add_collection(PolyCollection(shapes, facecolors=colour, hatch=hatch,
                                         edgecolors=edge, linewidths=0.5), autolim=False)


def _label_bars(ax, bars, first, points_per_day: float, width_points: float) -> None:
    """Write each bar's name inside it where it fits with room to spare. Where a bar is too
    short, write it just past the bar's end with an arrow back ("\u2190 Army of Conquest"), on
    the next bar of the lane, but only if that bar is someone else's, holds all of the name
    and the name there is clear of every other; a sliver too thin to point at, or a bar with
    no such room, is left unnamed (the legend names it by its colour and pattern). Widths are
    measured, with a tenth spare for a browser's font being wider than matplotlib's."""
    renderer = ax.figure.canvas.get_renderer()
    to_points = 72 / ax.figure.dpi
    style = {"va": "center", "fontsize": LABEL_SIZE, "clip_on": True,
             "bbox": {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                      "alpha": 0.9}}
    pad = 0.15 * LABEL_SIZE + 3  # the white box round the name, and a little air

    def measured(text: str) -> float:
        probe = ax.text(first, 0, text, fontsize=LABEL_SIZE)
        size = probe.get_window_extent(renderer).width * to_points * 1.1
        probe.remove()
        return size

    for bar in bars:
        bar["x0"] = (bar["start"] - first).days * points_per_day
        bar["x1"] = bar["x0"] + bar["length"].days * points_per_day
    taken = []  # (x0, x1, y0, y1) in points and lane units, of the names written
    short = []
    for bar in bars:
        if bar["text"] is None:
            continue
        needed = measured(bar["text"]) + 2 * pad
        if needed <= bar["x1"] - bar["x0"]:
            ax.text(bar["start"] + bar["length"] / 2, bar["foot"] + bar["size"] / 2,
                    bar["text"], ha="center", **style)
            middle = (bar["x0"] + bar["x1"]) / 2
            taken.append((middle - needed / 2, middle + needed / 2, bar["foot"],
                          bar["foot"] + bar["size"]))
        elif bar["x1"] - bar["x0"] >= MIN_POINTED:
            short.append(bar)
    for bar in short:
        text = "\u2190 " + bar["text"]
        y0, y1 = bar["foot"], bar["foot"] + bar["size"]
        box = (bar["x1"] + 2, bar["x1"] + 2 + measured(text) + 2 * pad, y0, y1)
        after = [b for b in bars if b["lane"] == bar["lane"] and abs(b["x0"] - bar["x1"]) < 1
                 and b["foot"] < y1 and b["foot"] + b["size"] > y0]
        room = (len(after) == 1 and after[0]["holder"] != bar["holder"]
                and box[1] <= min(after[0]["x1"], width_points)
                and after[0]["foot"] <= y0 and after[0]["foot"] + after[0]["size"] >= y1)
        clear = all(box[1] <= other[0] or box[0] >= other[1] or box[3] <= other[2]
                    or box[2] >= other[3] for other in taken)
        if room and clear:
            ax.annotate(text, (bar["start"] + bar["length"], (y0 + y1) / 2),
                        xytext=(2 + pad, 0), textcoords="offset points", ha="left",
                        annotation_clip=False, **style)
            taken.append(box)

# ----------------------------------------------------------------------------- networks

SIDE_ORDER = ["government and allies", "transitional authorities", "armed opposition",
              "jihadist groups", "Kurdish-led forces", "outside powers", "civilian opposition",
              "international bodies"]
SIDE_MARKERS = ["o", "*", "s", "^", "D", "p", "h", "v"]
RELATION_STYLE = {"backed": ("-", "#333333"), "fought": ("--", PALETTE["vermillion"]),
                  "allied with": (":", PALETTE["blue"]), "renamed to": ("-", "#888888"),
                  "merged into": ("-.", "#888888"), "part of": ("-.", PALETTE["bluish green"]),
                  "designated terrorist": (":", "#888888")}


# Small multiples: one panel for the links that began in each period.
PERIODS = [("Links that began before 2013", None, 2013),
           ("Links that began in 2013 or 2014", 2013, 2015),
           ("Links that began in 2015 or later", 2015, None)]
BOX_WIDTH, GAP, MARK, PORT, NODE_TEXT = 170, 170, 16, 15, 8  # sizes in points
LEAD = 44  # each arrow runs straight for this long where it leaves its box: its year sits there


def _period_of(start: str) -> int:
    year = int(str(start)[:4])
    return next(n for n, (_name, low, high) in enumerate(PERIODS)
                if (low is None or year >= low) and (high is None or year < high))


def _years(link) -> str:
    first, last = str(link["start"])[:4], str(link["end"] or "")[:4]
    if not last:
        return f"from {first}"
    return f"in {first}" if first == last else f"{first} to {last}"


def _arrow_path(x0: float, y0: float, x1: float, y1: float):
    """Straight out of the first box, a smooth S-bend, straight into the second box."""
    from matplotlib.path import Path as MPath

    a, b = x0 + LEAD, x1 - 14
    bend = (b - a) * 0.5
    return MPath([(x0, y0), (a, y0), (a + bend, y0), (b - bend, y1), (b, y1), (x1, y1)],
                 [MPath.MOVETO, MPath.LINETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4,
                  MPath.LINETO])


def network(links, actors, *, relations, title: str, description: str, sources=None,
            show: bool = True):
    """Who did what to whom, as small multiples: one panel for the links that began in each
    period. In a panel, those acting are boxes on the left and those acted on boxes on the
    right; each link is an arrow from its own point on one box's edge to its own point on the
    other's, labelled with its years. Names sit inside the boxes, so no line crosses them; a
    marker beside each box gives its side by colour and shape."""
    import textwrap

    import matplotlib.lines as mlines
    import matplotlib.patches as mpatches

    chosen = links[links["relation"].isin(relations)]
    info = actors.set_index("actor_id")
    panels = [chosen[[_period_of(s) == n for s in chosen["start"]]] for n in range(len(PERIODS))]
    heading = {"backed": ("who backed", "whom they backed"),
               "fought": ("who fought", "whom they fought")}
    left_head, right_head = (heading[relations[0]] if len(relations) == 1
                             and relations[0] in heading else ("from", "to"))

    def side_rank(actor):
        return SIDE_ORDER.index(info.loc[actor, "side"]), info.loc[actor, "name"]

    def box_text(actor):
        return textwrap.fill(info.loc[actor, "name"], 34)

    # Lay every panel out in points, top to bottom; the figure is sized to fit them exactly.
    layout, y = [], 0.0
    x_left, x_right = MARK, MARK + BOX_WIDTH + GAP
    for n, panel in enumerate(panels):
        if panel.empty:
            continue
        y -= 34  # room for the panel's heading and the column headings
        top = y
        boxes = {}
        for column, side in (("from_actor", "left"), ("to_actor", "right")):
            members = sorted(set(panel[column]), key=side_rank)
            if side == "right":  # targets in the order of their sources, to cross less
                rank = {a: i for i, a in enumerate(sorted(set(panel["from_actor"]),
                                                           key=side_rank))}
                members.sort(key=lambda a: sum(rank[s] for s in
                                               panel.loc[panel["to_actor"] == a, "from_actor"])
                             / (panel["to_actor"] == a).sum())
            here = top
            for actor in members:
                ports = int((panel[column] == actor).sum())
                lines_of_text = box_text(actor).count("\n") + 1
                height = max(lines_of_text * NODE_TEXT * 1.25 + 8, ports * PORT + 6)
                boxes[(side, actor)] = (here, height)
                here -= height + 10
            y = min(y, here)
        layout.append((n, panel, top, boxes))
    height_pt, width_pt = -y + 4, 2 * MARK + 2 * BOX_WIDTH + GAP
    fig, ax = plt.subplots(figsize=(width_pt / 72, height_pt / 72))
    ax.set_xlim(0, width_pt)
    ax.set_ylim(y - 4, 0)
    ax.set_axis_off()
    for n, panel, top, boxes in layout:
        ax.text(0, top + 30, PERIODS[n][0], fontsize=10, fontweight="bold", va="top")
        for x, text in ((x_left, left_head), (x_right, right_head)):
            ax.text(x, top + 14, text, fontsize=8, color="#555555", va="top")
        for (side, actor), (box_top, box_height) in boxes.items():
            x = x_left if side == "left" else x_right
            n_side = SIDE_ORDER.index(info.loc[actor, "side"])
            colour = COLOURS[n_side % len(COLOURS)]
            ax.add_patch(mpatches.FancyBboxPatch(
                (x, box_top - box_height), BOX_WIDTH, box_height,
                boxstyle="round,pad=0,rounding_size=4", facecolor="white", edgecolor=colour,
                linewidth=1.6))
            ax.text(x + 6 if side == "right" else x + BOX_WIDTH - 6, box_top - box_height / 2,
                    box_text(actor), fontsize=NODE_TEXT, va="center",
                    ha="left" if side == "right" else "right", linespacing=1.0)
            ax.plot([x - MARK / 2 if side == "left" else x + BOX_WIDTH + MARK / 2],
                    [box_top - box_height / 2], linestyle="none",
                    marker=SIDE_MARKERS[n_side % len(SIDE_MARKERS)], markersize=8,
                    color=colour, markeredgecolor="black")
        # Each link gets its own point on both boxes, in the order of the other end's height.
        ends = {}
        for column, other, side in (("from_actor", "to_actor", "left"),
                                    ("to_actor", "from_actor", "right")):
            other_side = "right" if side == "left" else "left"
            for actor in set(panel[column]):
                box_top, box_height = boxes[(side, actor)]
                mine = panel[panel[column] == actor]
                order = sorted(mine.index, key=lambda i: -boxes[(other_side,
                                                                 mine.loc[i, other])][0])
                spacing = box_height / (len(order) + 1)
                for k, i in enumerate(order):
                    ends[(side, i)] = box_top - spacing * (k + 1)
        for i, link in panel.iterrows():
            line, colour = RELATION_STYLE[link["relation"]]
            y0, y1 = ends[("left", i)], ends[("right", i)]
            ax.add_patch(mpatches.FancyArrowPatch(
                path=_arrow_path(x_left + BOX_WIDTH, y0, x_right, y1), arrowstyle="-|>",
                mutation_scale=11, color=colour, linestyle=line, linewidth=1.1,
                shrinkA=0, shrinkB=0, zorder=2))
            ax.text(x_left + BOX_WIDTH + 4, y0, _years(link), fontsize=7, va="center",
                    ha="left", zorder=3, color="#222222",
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})
    sides = list(dict.fromkeys(sorted((info.loc[a, "side"] for a in
                                       set(chosen["from_actor"]) | set(chosen["to_actor"])),
                                      key=SIDE_ORDER.index)))
    handles = [mlines.Line2D([], [], color=COLOURS[SIDE_ORDER.index(s) % len(COLOURS)],
                             markeredgecolor="black", linestyle="none", markersize=9,
                             marker=SIDE_MARKERS[SIDE_ORDER.index(s) % len(SIDE_MARKERS)],
                             label=s) for s in sides]
    handles += [mlines.Line2D([], [], color=RELATION_STYLE[r][1], linestyle=RELATION_STYLE[r][0],
                              label=f"{r} (arrow points to whom)") for r in relations]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize=9, title="side (box outline and marker)", title_fontsize=9)
    return finish(fig, ax, title=title, description=description,
                  sources=_sources_of(chosen, sources), show=show, table="actor_links",
                  also="each arrow is labelled with the years of the link")


LINE_STYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (1, 1)), (0, (3, 1, 1, 1))]
LINE_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]


def _spread(wanted: list[float], gap: float) -> list[float]:
    """Move values apart (keeping their order) until neighbours are at least ``gap`` apart, each
    moved as little as it can be: used to keep the end labels of lines from printing over
    each other."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [wanted[i] for i in order]
    for _ in range(len(placed)):  # push up, then pull the whole run back down to centre it
        for k in range(1, len(placed)):
            placed[k] = max(placed[k], placed[k - 1] + gap)
        shift = (sum(placed) - sum(wanted[i] for i in order)) / len(placed)
        placed = [v - shift for v in placed]
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    result = [0.0] * len(wanted)
    for i, value in zip(order, placed):
        result[i] = value
    return result


def lines(data, x: str, y: str, group: str, *, title: str, x_label: str, y_label: str,
          sources=None, description: str, table: str | None = None, show: bool = True):
    """One line per group (for example one per host country), each with its own colour, line
    style and marker, and its name written at its last point, so no legend look-up is needed.
    End labels that would print over each other are moved apart, with a thin line back to
    their point."""
    rows = data.sort_values(x)
    width, height = 7, 4
    fig, ax = plt.subplots(figsize=(width, height))
    groups = list(dict.fromkeys(rows[group]))
    ends = []
    for n, name in enumerate(groups):
        these = rows[rows[group] == name]
        ax.plot(these[x], these[y], color=COLOURS[n % len(COLOURS)],
                linestyle=LINE_STYLES[n % len(LINE_STYLES)],
                marker=LINE_MARKERS[n % len(LINE_MARKERS)], markersize=5, linewidth=1.8,
                label=name)
        ends.append(these.iloc[-1])
    ax.set_ylim(bottom=0)
    top = ax.get_ylim()[1]
    ax.set_ylim(0, top)
    # Labels whose lines end close together in time share a column and are spread apart there.
    points_per_unit = height * 72 / top
    label_size = 9
    wanted = [last[y] * points_per_unit for last in ends]
    times = [matplotlib.dates.date2num(last[x]) if hasattr(last[x], "year") else float(last[x])
             for last in ends]
    span = (max(times) - min(times)) or 1
    placed = list(wanted)
    for n in range(len(ends)):
        near = [k for k in range(len(ends)) if abs(times[k] - times[n]) < span * 0.15]
        spread = _spread([wanted[k] for k in near], gap=label_size * 1.3)
        placed[n] = spread[near.index(n)]
    for n, (name, last) in enumerate(zip(groups, ends)):
        moved = abs(placed[n] - wanted[n]) > 0.5
        ax.annotate(f" {name}", (last[x], last[y]), xytext=(6, placed[n] - wanted[n]),
                    textcoords="offset points", fontsize=label_size, va="center",
                    color=COLOURS[n % len(COLOURS)] if n % len(COLOURS) != 6 else "black",
                    arrowprops={"arrowstyle": "-", "color": "#777777", "linewidth": 0.6,
                                "shrinkA": 0, "shrinkB": 3} if moved else None)
    whole = all(float(v).is_integer() for v in rows[y] if _present(v))
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins="auto",
                                                             steps=[1, 2, 2.5, 5, 10],
                                                             integer=whole))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.grid(color="#eeeeee", linewidth=0.6)
    # The legend stands clear of the longest end label (about 0.6 of the font size a letter).
    longest = max(len(str(name)) for name in groups) + 2
    clear = (6 + longest * 0.6 * label_size + 12) / (width * 72)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0 + clear, 1.0), frameon=False, fontsize=9)
    return finish(fig, ax, title=title, description=description, show=show, table=table,
                  sources=_sources_of(rows, sources))

"""The house chart: every figure gets a title, labelled axes with units, a source line, the
Okabe-Ito colour-blind-safe palette (with patterns, so colour is never the only cue), and a
one-sentence description printed beside it for readers who cannot see the picture."""

from __future__ import annotations

import matplotlib
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


def source_line(source_ids, also: str = "") -> str:
    """'Sources: publisher (date); ...' for the foot of a chart, from the source registry."""
    from lessons.data import load

    registry = load("sources").set_index("source_id")
    ids = list(dict.fromkeys(source_ids))
    missing = [sid for sid in ids if sid not in registry.index]
    if missing:
        raise CourseError(f"Chart source {missing[0]!r} is not in data/sources.csv")
    publishers = list(dict.fromkeys(registry.loc[sid, "publisher"] for sid in ids))
    if len(ids) == 1 and registry.loc[ids[0], "published"]:
        publishers = [f"{publishers[0]} ({registry.loc[ids[0], 'published']})"]
    label = "Source" if len(publishers) == 1 else "Sources"
    extra = f"; {also}" if also else ""
    return f"{label}: " + "; ".join(publishers) + extra + f"  [ids: {', '.join(ids)}]"


def _require(**texts) -> None:
    for name, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise CourseError(f"Every chart needs a {name.replace('_', ' ')}.")


def finish(fig, ax, *, title: str, sources, description: str, show: bool = True,
           also: str = ""):
    """Add the title, the source line and the text description; then show the figure."""
    import textwrap

    _require(title=title, description=description)
    # Accept a list of ids or a table's source_ids column (ids joined by ";").
    sources = list(dict.fromkeys(s for item in sources for s in str(item).split(";") if s))
    if not sources:
        raise CourseError("Every chart needs at least one source id.")
    ax.set_title(title, loc="left")
    foot = textwrap.fill(source_line(sources, also), width=110)
    fig.text(0.01, 0.005, foot, fontsize=8, color="#333333", ha="left", va="bottom")
    lines = foot.count("\n") + 1
    line_height = 8 * 1.3 / 72 / fig.get_figheight()  # 8-point text, as a share of the height
    fig.tight_layout(rect=(0, line_height * lines + 0.03, 1, 1))
    print("Figure description:", description)
    if show:  # show it now, and return nothing, so Jupyter does not draw it a second time
        plt.show()
        return None
    return fig


def bar(data, label: str, value: str, *, title: str, value_label: str, sources, description: str,
        group: str | None = None, note: str | None = None, show: bool = True):
    """Horizontal bars, one per row of ``data``, each with its number written at its end.

    ``value_label`` names the quantity and its unit ("people killed"). ``group`` (a column) sets
    colour and pattern together and adds a legend. ``note`` (a column) is printed after the label.
    """
    _require(value_label=value_label)
    import textwrap

    rows = data.reset_index(drop=True)
    groups = list(dict.fromkeys(rows[group])) if group else [None]
    labels = [textwrap.fill(str(rows.loc[i, label]), 42)
              + (f"\n({textwrap.fill(str(rows.loc[i, note]), 42)})" if note else "")
              for i in range(len(rows))]
    height = sum(0.17 * (text.count("\n") + 1) + 0.3 for text in labels) + 2.0
    fig, ax = plt.subplots(figsize=(9, height))
    positions = list(range(len(rows)))[::-1]
    for n, name in enumerate(groups):
        keep = [i for i in range(len(rows)) if group is None or rows.loc[i, group] == name]
        ax.barh([positions[i] for i in keep], [rows.loc[i, value] for i in keep],
                color=COLOURS[n % len(COLOURS)], hatch=HATCHES[n % len(HATCHES)],
                edgecolor="black", linewidth=0.6, label=name)
    ax.set_yticks(positions, labels, fontsize=9)
    top = max(rows[value]) if len(rows) else 0
    for i in range(len(rows)):
        ax.text(rows.loc[i, value] + top * 0.01, positions[i], f"{rows.loc[i, value]:,.0f}",
                va="center", fontsize=9)
    ax.set_xlim(0, top * 1.15 if top else 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    ax.set_xlabel(value_label)
    ax.set_ylabel(label.replace("_", " "))
    if group:
        ax.legend(title=group.replace("_", " "), loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  frameon=False)
    return finish(fig, ax, title=title, sources=sources, description=description, show=show)

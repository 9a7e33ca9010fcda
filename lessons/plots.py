"""The house chart: every figure gets a title, labelled axes with units, a source line, the
Okabe-Ito colour-blind-safe palette (with patterns, so colour is never the only cue), and a
one-sentence description printed beside it for readers who cannot see the picture."""

from __future__ import annotations

import matplotlib

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
    parts = []
    for sid in dict.fromkeys(source_ids):
        if sid not in registry.index:
            raise CourseError(f"Chart source {sid!r} is not in data/sources.csv")
        row = registry.loc[sid]
        parts.append(f"{row['publisher']} ({row['published']})" if row["published"]
                     else row["publisher"])
    label = "Source" if len(parts) == 1 else "Sources"
    extra = f"; {also}" if also else ""
    return (f"{label}: " + "; ".join(parts) + extra
            + f"  [ids: {', '.join(dict.fromkeys(source_ids))}]")


def _require(**texts) -> None:
    for name, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise CourseError(f"Every chart needs a {name.replace('_', ' ')}.")


def finish(fig, ax, *, title: str, sources, description: str, show: bool = True,
           also: str = ""):
    """Add the title, the source line and the text description; then show the figure."""
    import textwrap

    _require(title=title, description=description)
    if not sources:
        raise CourseError("Every chart needs at least one source id.")
    ax.set_title(title, loc="left")
    foot = textwrap.fill(source_line(sources, also), width=110)
    fig.text(0.01, 0.005, foot, fontsize=8, color="#333333", ha="left", va="bottom")
    lines = foot.count("\n") + 1
    fig.tight_layout(rect=(0, 0.035 * lines + 0.02, 1, 1))
    print("Figure description:", description)
    if show:
        plt.show()
    return fig


def bar(data, label: str, value: str, *, title: str, value_label: str, sources, description: str,
        group: str | None = None, note: str | None = None, show: bool = True):
    """Horizontal bars, one per row of ``data``, each with its number written at its end.

    ``value_label`` names the quantity and its unit ("people killed"). ``group`` (a column) sets
    colour and pattern together and adds a legend. ``note`` (a column) is printed after the label.
    """
    _require(value_label=value_label)
    rows = data.reset_index(drop=True)
    groups = list(dict.fromkeys(rows[group])) if group else [None]
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(rows) + 2.0))
    positions = list(range(len(rows)))[::-1]
    for n, name in enumerate(groups):
        keep = [i for i in range(len(rows)) if group is None or rows.loc[i, group] == name]
        ax.barh([positions[i] for i in keep], [rows.loc[i, value] for i in keep],
                color=COLOURS[n % len(COLOURS)], hatch=HATCHES[n % len(HATCHES)],
                edgecolor="black", linewidth=0.6, label=name)
    labels = [str(rows.loc[i, label]) + (f"\n{rows.loc[i, note]}" if note else "")
              for i in range(len(rows))]
    ax.set_yticks(positions, labels, fontsize=9)
    top = max(rows[value]) if len(rows) else 0
    for i in range(len(rows)):
        ax.text(rows.loc[i, value] + top * 0.01, positions[i], f"{rows.loc[i, value]:,.0f}",
                va="center", fontsize=9)
    ax.set_xlim(0, top * 1.15 if top else 1)
    ax.set_xlabel(value_label)
    ax.set_ylabel(label.replace("_", " "))
    if group:
        ax.legend(title=group.replace("_", " "), frameon=False, loc="lower right")
    return finish(fig, ax, title=title, sources=sources, description=description, show=show)

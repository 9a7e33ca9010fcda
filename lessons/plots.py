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
CONTESTED_HATCH = "||"  # grey with upright lines: a pattern no side's colour uses


MANY_SOURCES = 6


def source_line(source_ids, also: str = "", table: str | None = None) -> str:
    """'Sources: publisher (date); ...' for the foot of a chart, from the source registry.

    A chart drawn from many rows, each with its own sources, names the table instead: every row
    of it lists its sources, and the lesson's source list gives them in full."""
    from lessons.data import load

    registry = load("sources").set_index("source_id")
    ids = list(dict.fromkeys(source_ids))
    missing = [sid for sid in ids if sid not in registry.index]
    if missing:
        raise CourseError(f"Chart source {missing[0]!r} is not in data/sources.csv")
    if table and len(ids) > MANY_SOURCES:
        extra = f"; {also}" if also else ""
        return (f"Sources: {len(ids)} publications, each row citing its own in the source_ids "
                f"column of data/{table}.csv{extra}")
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
           also: str = "", table: str | None = None, quiet: bool = False):
    """Add the title, the source line and the text description; then show the figure."""
    import textwrap

    _require(title=title, description=description)
    # Accept a list of ids or a table's source_ids column (ids joined by ";").
    sources = list(dict.fromkeys(s for item in sources for s in str(item).split(";") if s))
    if not sources:
        raise CourseError("Every chart needs at least one source id.")
    ax.set_title(title, loc="left")
    foot = textwrap.fill(source_line(sources, also, table), width=110)
    # The source line hangs below the axes, clear of the tick labels and the axis label. No
    # layout pass is needed: Jupyter saves figures with bbox_inches="tight", which takes in
    # everything drawn, so it is cheaper than tight_layout (about half of a chart's time).
    below = 10 if not ax.axison else 44
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)  # the figure size is the plot's size
    ax.annotate(foot, xy=(0, 0), xycoords="axes fraction", xytext=(0, -below),
                textcoords="offset points", fontsize=8, color="#333333", ha="left", va="top",
                annotation_clip=False)
    if not quiet:  # a chart shown inside a widget carries its description there instead
        print("Figure description:", description)
    if show:  # show it now, and return nothing, so Jupyter does not draw it a second time
        _show(fig, title, description)
        return None
    return fig


def _show(fig, title: str, description: str) -> None:
    """In a notebook, show the chart as an image whose alt text is its description, so a screen
    reader announces what the chart shows; elsewhere (scripts, tests), plt.show()."""
    import base64
    import html

    try:
        from IPython import get_ipython
        from IPython.display import display
        in_notebook = get_ipython() is not None
    except ImportError:
        in_notebook = False
    if not in_notebook:
        plt.show()
        return
    svg = base64.b64encode(as_svg(fig).encode("utf-8")).decode("ascii")
    image = (f'<img alt="{html.escape(description)}" src="data:image/svg+xml;base64,{svg}" '
             'style="max-width:100%;height:auto">')
    display({"text/html": image, "text/plain": f"[Chart: {title}]"}, raw=True)


def as_svg(fig) -> str:
    """The figure as SVG markup (for a chart inside a widget or an image), and close it."""
    import io

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def bar(data, label: str, value: str, *, title: str, value_label: str, sources, description: str,
        group: str | None = None, note: str | None = None, show: bool = True,
        table: str | None = None, low: str | None = None, high: str | None = None):
    """Horizontal bars, one per row of ``data``, each with its number written at its end.

    ``value_label`` names the quantity and its unit ("people killed"). ``group`` (a column) sets
    colour and pattern together and adds a legend. ``note`` (a column) is printed after the label.
    ``table`` names the data file the rows come from, for the source line of a many-source chart.
    ``low`` and ``high`` (columns) draw a range as a black line with end caps where both are set.
    """
    _require(value_label=value_label)
    import textwrap

    rows = data.reset_index(drop=True)
    groups = list(dict.fromkeys(rows[group])) if group else [None]
    labels = [textwrap.fill(str(rows.loc[i, label]), 42)
              + (f"\n({textwrap.fill(str(rows.loc[i, note]), 42)})" if note else "")
              for i in range(len(rows))]
    height = sum(0.17 * (text.count("\n") + 1) + 0.3 for text in labels) + 0.4
    fig, ax = plt.subplots(figsize=(6, height))
    positions = list(range(len(rows)))[::-1]
    for n, name in enumerate(groups):
        keep = [i for i in range(len(rows)) if group is None or rows.loc[i, group] == name]
        ax.barh([positions[i] for i in keep], [rows.loc[i, value] for i in keep],
                color=COLOURS[n % len(COLOURS)], hatch=HATCHES[n % len(HATCHES)],
                edgecolor="black", linewidth=0.6, label=name)
    ax.set_yticks(positions, labels, fontsize=9)
    ends = [rows.loc[i, value] for i in range(len(rows))]
    if low and high:
        for i in range(len(rows)):
            lo, hi = rows.loc[i, low], rows.loc[i, high]
            if lo == lo and hi == hi:  # both present (NaN is not equal to itself)
                ax.errorbar([(lo + hi) / 2], [positions[i]], xerr=[[(hi - lo) / 2]],
                            fmt="none", ecolor="black", capsize=4, linewidth=1.2, zorder=4)
                ends[i] = max(ends[i] if ends[i] == ends[i] else 0, hi)
    top = max((e for e in ends if e == e), default=0)
    for i in range(len(rows)):
        number = rows.loc[i, value]
        text = f"{number:,.0f}" if number == number else ""
        if low and high and rows.loc[i, low] == rows.loc[i, low] and rows.loc[i, high] == \
                rows.loc[i, high]:
            text += f" (range {rows.loc[i, low]:,.0f}-{rows.loc[i, high]:,.0f})"
        ax.text(ends[i] + top * 0.01 if ends[i] == ends[i] else 0, positions[i], text,
                va="center", fontsize=9)
    ax.set_xlim(0, top * 1.15 if top else 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    ax.set_xlabel(value_label)
    ax.set_ylabel(label.replace("_", " "))
    if group:
        ax.legend(title=group.replace("_", " "), loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  frameon=False)
    return finish(fig, ax, title=title, sources=sources, description=description, show=show,
                  table=table)


# ----------------------------------------------------------------------------- time and control

CATEGORY_ORDER = ["political", "military", "humanitarian", "diplomatic"]
CATEGORY_MARKERS = {"political": "o", "military": "s", "humanitarian": "^", "diplomatic": "D"}


def _sources_of(frame, sources):
    return sources if sources is not None else list(frame["source_ids"])


def _date_axis(ax) -> None:
    """Dates on the x axis, written as briefly as they can be read (2012, Mar, 15...)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("date")


def timeline(events, *, title: str, description: str, sources=None, labels: bool | None = None,
             show: bool = True, quiet: bool = False):
    """Events on a time line. With few events (at most 25, or as ``labels`` says) each event gets
    its own row, labelled with its title; with more, one lane per category (political, military,
    humanitarian, diplomatic). Each category has its own colour and marker shape; a hollow marker
    means the date is known only to the month or the year."""
    import textwrap

    import matplotlib.lines as mlines

    rows = events.sort_values("date").reset_index(drop=True)
    labels = len(rows) <= 25 if labels is None else labels
    lanes = {name: len(CATEGORY_ORDER) - n for n, name in enumerate(CATEGORY_ORDER)}
    if labels:
        fig, ax = plt.subplots(figsize=(5.5, 0.3 * len(rows) + 0.4))
        ypos = {i: len(rows) - i for i in range(len(rows))}
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
        ticks = [f"{row['date']:%d %b %Y}  {textwrap.shorten(row['title'], 60)}"
                 for _, row in rows.iterrows()]
        ax.set_yticks([ypos[i] for i in range(len(rows))], ticks, fontsize=8)
        ax.set_ylim(0.3, len(rows) + 0.7)
        ax.set_ylabel("event")
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
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize=9)
    return finish(fig, ax, title=title, description=description,
                  sources=_sources_of(rows, sources), show=show, table="events", quiet=quiet)


HALF = {"whole": (0.0, 0.8), "most": (0.0, 0.8), "contested": (0.0, 0.8),
        "east": (0.4, 0.4), "north": (0.4, 0.4), "west": (0.0, 0.4), "south": (0.0, 0.4)}


def control_chart(control, *, title: str, description: str, start: str, end: str,
                  sources=None, show: bool = True):
    """Who held each city over time: one lane a city, one bar a period of control, coloured and
    patterned by who held it. A divided city is split: the upper half of the lane is the east
    (or north) part, the lower half the west (or south). Contested periods are grey."""
    import matplotlib.patches as mpatches
    import pandas as pd

    from lessons.data import load

    names = load("places").set_index("place_id")["name"]
    actor_names = load("actors").set_index("actor_id")["name"]
    rows = control.copy()
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    rows["shown_end"] = rows["end"].fillna(last).clip(upper=last)
    rows["shown_start"] = rows["start"].clip(lower=first)
    rows = rows[rows["shown_start"] < rows["shown_end"]]
    cities = list(dict.fromkeys(rows["place_id"]))
    # Colours come from the whole table, in order of first appearance, so that each holder keeps
    # the same colour and pattern in every lesson's chart.
    everyone = load("city_control").sort_values("start")
    order = list(dict.fromkeys(everyone.loc[everyone["part"] != "contested", "controller"]))
    shown = set(rows.loc[rows["part"] != "contested", "controller"])
    holders = [h for h in order if h in shown]
    # Colour and pattern together; past the seven palette colours, white with a new pattern.
    styles = [(COLOURS[n], HATCHES[n]) if n < len(COLOURS)
              else ("white", ["////", "....", "xxxx", "\\\\\\\\", "++++"][(n - len(COLOURS)) % 5])
              for n in range(len(order))]
    style = {h: styles[order.index(h)] for h in holders}
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(cities) + 0.4))
    lane = {city: len(cities) - n for n, city in enumerate(cities)}
    for _, row in rows.iterrows():
        offset, size = HALF[row["part"]]
        colour, hatch = (("#bbbbbb", CONTESTED_HATCH) if row["part"] == "contested"
                         else style[row["controller"]])
        ax.broken_barh([(row["shown_start"], row["shown_end"] - row["shown_start"])],
                       (lane[row["place_id"]] - 0.4 + offset, size), facecolors=colour,
                       hatch=hatch, edgecolor="black", linewidth=0.5)
    ax.set_yticks(list(lane.values()), [names.get(c, c) for c in cities])
    ax.set_xlim(first, last)
    _date_axis(ax)
    ax.set_ylabel("city")
    handles = [mpatches.Patch(facecolor=c, hatch=h, edgecolor="black",
                              label=actor_names.get(holder, holder))
               for holder, (c, h) in style.items()]
    if (rows["part"] == "contested").any():
        handles.append(mpatches.Patch(facecolor="#bbbbbb", hatch=CONTESTED_HATCH,
                                      edgecolor="black",
                                      label="contested (fighting inside the city)"))
    ax.legend(handles=handles, title="held by", loc="upper left", bbox_to_anchor=(1.0, 1.0),
              frameon=False, fontsize=9)
    return finish(fig, ax, title=title, description=description,
                  sources=_sources_of(rows, sources), show=show, table="city_control",
                  also="upper half of a lane: east or north part; lower half: west or south")


# ----------------------------------------------------------------------------- networks

SIDE_ORDER = ["government and allies", "transitional authorities", "armed opposition",
              "jihadist groups", "Kurdish-led forces", "outside powers", "civilian opposition",
              "international bodies"]
SIDE_MARKERS = ["o", "*", "s", "^", "D", "p", "h", "v"]
RELATION_STYLE = {"backed": ("-", "#333333"), "fought": ("--", PALETTE["vermillion"]),
                  "allied with": (":", PALETTE["blue"]), "renamed to": ("-", "#888888"),
                  "merged into": ("-.", "#888888"), "part of": ("-.", PALETTE["bluish green"]),
                  "designated terrorist": (":", "#888888")}


SIDE_COLUMN = {"government and allies": 0, "transitional authorities": 0, "outside powers": 1,
               "international bodies": 1,
               "armed opposition": 2, "Kurdish-led forces": 2, "civilian opposition": 3,
               "jihadist groups": 3}


def _column_layout(nodes, side_of) -> dict:
    """Place actors in columns by side (the government's allies left, outside powers next, the
    opposition and Kurdish-led forces next, jihadist groups right), stacked top to bottom."""
    positions = {}
    for column in sorted(set(SIDE_COLUMN.values())):
        sides = [s for s in SIDE_ORDER if SIDE_COLUMN[s] == column]
        stack = []
        for side in sides:
            members = sorted(n for n in nodes if side_of[n] == side)
            if members and stack:
                stack.append(None)  # a gap between two sides in the same column
            stack += members
        for row, node in enumerate(stack):
            if node is not None:
                positions[node] = (column * 4.2, -row)
    return positions


def network(links, actors, *, relations, title: str, description: str, sources=None,
            show: bool = True):
    """Actors as points in columns by side (each side with its own colour and marker shape),
    and the chosen relations between them as arrows, one line style each."""
    import matplotlib.lines as mlines
    import networkx as nx

    chosen = links[links["relation"].isin(relations)]
    graph = nx.DiGraph()
    for _, link in chosen.iterrows():
        graph.add_edge(link["from_actor"], link["to_actor"], relation=link["relation"])
    info = actors.set_index("actor_id")
    side_of = {a: info.loc[a, "side"] for a in graph.nodes}
    positions = _column_layout(graph.nodes, side_of)
    rows = max(-y for _x, y in positions.values()) + 1
    fig, ax = plt.subplots(figsize=(9.5, 0.45 * rows + 0.6))
    sides = [s for s in SIDE_ORDER if s in set(side_of.values())]
    for side in sides:
        n = SIDE_ORDER.index(side)
        members = [a for a in graph.nodes if side_of[a] == side]
        nx.draw_networkx_nodes(graph, positions, nodelist=members, ax=ax, node_size=260,
                               node_color=COLOURS[n % len(COLOURS)], edgecolors="black",
                               node_shape=SIDE_MARKERS[n % len(SIDE_MARKERS)])
    for relation in relations:
        edges = [(a, b) for a, b, d in graph.edges(data=True) if d["relation"] == relation]
        line, colour = RELATION_STYLE[relation]
        nx.draw_networkx_edges(graph, positions, edgelist=edges, ax=ax, style=line,
                               edge_color=colour, arrows=True, arrowsize=12, width=1.0,
                               node_size=260, alpha=0.8, connectionstyle="arc3,rad=0.12")
    import textwrap

    for actor, (x, y) in positions.items():
        ax.text(x + 0.2, y, textwrap.fill(info.loc[actor, "name"], 24), fontsize=8,
                va="center", ha="left", linespacing=0.95,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})
    handles = [mlines.Line2D([], [], color=COLOURS[SIDE_ORDER.index(s) % len(COLOURS)],
                             markeredgecolor="black", linestyle="none", markersize=9,
                             marker=SIDE_MARKERS[SIDE_ORDER.index(s) % len(SIDE_MARKERS)],
                             label=s) for s in sides]
    handles += [mlines.Line2D([], [], color=RELATION_STYLE[r][1], linestyle=RELATION_STYLE[r][0],
                              label=f"{r} (arrow points to whom)") for r in relations]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize=9)
    ax.set_axis_off()
    ax.set_xlim(-0.5, 15.5)
    return finish(fig, ax, title=title, description=description,
                  sources=_sources_of(chosen, sources), show=show, table="actor_links")


LINE_STYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (1, 1)), (0, (3, 1, 1, 1))]
LINE_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]


def lines(data, x: str, y: str, group: str, *, title: str, x_label: str, y_label: str,
          sources=None, description: str, table: str | None = None, show: bool = True):
    """One line per group (for example one per host country), each with its own colour, line
    style and marker, and its name written at its last point, so no legend look-up is needed."""
    rows = data.sort_values(x)
    fig, ax = plt.subplots(figsize=(7, 4))
    groups = list(dict.fromkeys(rows[group]))
    for n, name in enumerate(groups):
        these = rows[rows[group] == name]
        ax.plot(these[x], these[y], color=COLOURS[n % len(COLOURS)],
                linestyle=LINE_STYLES[n % len(LINE_STYLES)],
                marker=LINE_MARKERS[n % len(LINE_MARKERS)], markersize=5, linewidth=1.8,
                label=name)
        last = these.iloc[-1]
        ax.annotate(f" {name}", (last[x], last[y]), fontsize=9, va="center",
                    color=COLOURS[n % len(COLOURS)] if n % len(COLOURS) != 6 else "black")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.grid(color="#eeeeee", linewidth=0.6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.25, 1.0), frameon=False, fontsize=9)
    return finish(fig, ax, title=title, description=description, show=show, table=table,
                  sources=_sources_of(rows, sources))

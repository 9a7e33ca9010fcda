"""Widgets for exploring the course's tables: the timeline filtered by year, category and actor,
and an actor's names, backers, allies and enemies. The filtering is plain functions (so it can
be tested and used without widgets); the widgets only call them."""

from __future__ import annotations

import html
import os

import pandas as pd

from lessons.dates import as_known

ALL = "(all)"

LIVE_NOTE = ("<p><em>This is the explorer's first view. In the live lesson in JupyterLab you "
             "can change the choices above and see it redraw.</em></p>")


STATIC_EXPORT = "COURSE_STATIC_EXPORT"  # set while `python -m lessons export` runs a lesson
LIVE_ONLY = ("<p><em>An explorer: run this cell in JupyterLab to use it. The static export "
             "of the lesson shows its views.</em></p>")


def _static_html(widget) -> str:
    """What a widget shows now, as plain HTML: each choice as "label: value", each HTML part as
    it is. Used where widgets cannot run (the static export, a printout)."""
    import ipywidgets as w

    if isinstance(widget, w.Box):
        return "".join(_static_html(child) for child in widget.children)
    if isinstance(widget, w.HTML):
        return widget.value
    if isinstance(widget, w.Dropdown):
        return (f"<p><b>{html.escape(widget.description.rstrip(':'))}:</b> "
                f"{html.escape(str(widget.label))}</p>")
    if isinstance(widget, w.ValueWidget) and widget.description:
        return (f"<p><b>{html.escape(widget.description.rstrip(':'))}</b> "
                f"{html.escape(str(widget.value))}</p>")
    return ""


class Explorer:
    """An explorer's widgets, shown live in JupyterLab; where widgets cannot run, its first view
    (the chart or table it draws at the start) with a line saying the live lesson can change it.

    An explorer whose first view alone would say too little (a map with a date slider) gives
    ``views``: a function that returns its views at a few fixed choices, as HTML with that
    line, which the static export then shows instead of the first view."""

    def __init__(self, widget, views=None):
        self.widget = widget
        self.views = views

    @property
    def children(self):
        """The widgets inside (choices first, then what they show)."""
        return self.widget.children

    def static_html(self) -> str:
        """The explorer's current view as HTML, without widgets (or its fixed views)."""
        shown = self.views() if self.views else _static_html(self.widget) + LIVE_NOTE
        return f'<div class="course-explorer-static">{shown}</div>'

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        # Drawing the views without widgets costs as much as the explorer itself, and only the
        # static export (which sets COURSE_STATIC_EXPORT) shows them; a live lesson shows the
        # widgets, so its page carries only a line saying so.
        bundle["text/html"] = (self.static_html() if os.environ.get(STATIC_EXPORT)
                               else LIVE_ONLY)
        return bundle


def filter_events(events: pd.DataFrame, year=None, category=None, actor=None) -> pd.DataFrame:
    """The events of one year, one category and/or involving one actor (None or '(all)': any)."""
    keep = pd.Series(True, index=events.index)
    if year not in (None, ALL):
        keep &= events["date"].dt.year == int(year)
    if category not in (None, ALL):
        keep &= events["category"] == category
    if actor not in (None, ALL):
        keep &= events["actor_ids"].str.split(";").apply(lambda ids: actor in ids)
    return events[keep].sort_values("date")


def timeline_description(events: pd.DataFrame) -> str:
    """One sentence saying what a timeline of these events shows (for screen-reader users):
    a row for each event when the chart labels each one, otherwise a lane for each kind."""
    from lessons.plots import LABELLED_EVENTS

    counts = events["category"].value_counts()
    kinds = ", ".join(f"{n} {name}" for name, n in counts.items())
    first, last = events["date"].min(), events["date"].max()
    layout = ("one row for each event, marked by its kind" if len(events) <= LABELLED_EVENTS
              else "one lane for each kind of event")
    return (f"Timeline of {len(events)} events from {first.day} {first:%B %Y} to "
            f"{last.day} {last:%B %Y}, {layout}: {kinds}.")


def timeline_title(events: pd.DataFrame, year=None, category=None, actor=None,
                   actor_names: dict | None = None) -> str:
    """The chart's title says what was chosen: "Events in 2013: 13", "Military events
    involving Hezbollah, all years: 9"."""
    kind = f"{category.capitalize()} events" if category not in (None, ALL) else "Events"
    who = ""
    if actor not in (None, ALL):
        who = f" involving {(actor_names or {}).get(actor, actor)}"
    when = f" in {year}" if year not in (None, ALL) else ", all years"
    return f"{kind}{who}{when}: {len(events)}"


def events_table_html(events: pd.DataFrame) -> str:
    """The events as a small HTML table: date (on one line), title, summary, each at the top
    of its row (JupyterLab centres table cells); headings left-aligned over their columns."""
    if events.empty:
        return "<p><i>No event in the course's timeline matches this choice.</i></p>"
    rows = "".join(
        f'<tr><td style="white-space:nowrap;vertical-align:top">'
        f"{as_known(row['date'], row['date_precision'])}</td>"
        f'<td style="vertical-align:top"><b>{html.escape(row["title"])}</b></td>'
        f'<td style="vertical-align:top">{html.escape(row["summary"])}</td></tr>'
        for _, row in events.iterrows())
    head = "".join(f'<th style="text-align:left">{name}</th>'
                   for name in ("date", "event", "what happened"))
    return f"<table><tr>{head}</tr>" + rows + "</table>"


def _timeline_html(chosen, year, category, actor, named) -> str:
    """The explorer's chart of the chosen events, as HTML with its description."""
    from lessons import plots

    description = timeline_description(chosen)
    title = timeline_title(chosen, year, category, actor,
                           dict(zip(named["actor_id"], named["name"])))
    fig = plots.timeline(chosen, title=title, description=description, show=False, quiet=True)
    return (f'<figure role="img" aria-label="{html.escape(description)}">'
            f"{plots.as_image(fig, description)}<figcaption>Figure description: "
            f"{html.escape(description)}</figcaption></figure>")


def timeline_explorer(events: pd.DataFrame, actors: pd.DataFrame, year: str = ALL):
    """Drop-downs for year, category and actor (starting at ``year``); the matching events are
    drawn on a timeline and listed below."""
    import ipywidgets as w

    years = [ALL, *sorted({str(y) for y in events["date"].dt.year})]
    categories = [ALL, *sorted(events["category"].unique())]
    involved = {a for ids in events["actor_ids"] for a in ids.split(";") if a}
    named = actors[actors["actor_id"].isin(involved)].sort_values("name")
    year = w.Dropdown(options=years, value=year, description="Year:")
    category = w.Dropdown(options=categories, description="Category:")
    actor = w.Dropdown(options=[(ALL, ALL), *zip(named["name"], named["actor_id"])],
                       description="Actor:")
    count = w.HTML()
    chart = w.HTML()
    table = w.HTML()

    from lessons import figure_cache

    rows = figure_cache.frame_digest(events)  # the chart depends on the rows passed in

    def update(_change=None):
        chosen = filter_events(events, year.value, category.value, actor.value)
        count.value = f"<p><b>{len(chosen)}</b> of {len(events)} events</p>"
        table.value = events_table_html(chosen)
        if chosen.empty:
            chart.value = ""
            return
        # A choice's chart is drawn once and kept (lessons.figure_cache), keyed by the rows.
        entry = figure_cache.key("timeline-explorer", {
            "rows": rows, "year": year.value, "category": category.value,
            "actor": actor.value})
        kept = figure_cache.fetch_text(entry)
        if kept is None:
            kept = _timeline_html(chosen, year.value, category.value, actor.value, named)
            figure_cache.keep_text(entry, kept)
        chart.value = kept

    for box in (year, category, actor):
        box.observe(update, names="value")
    update()
    widget = w.VBox([w.HBox([year, category, actor]), count, chart, table])
    widget.add_class("course-explorer")
    return Explorer(widget)

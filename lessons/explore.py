"""Widgets for exploring the course's tables: the timeline filtered by year, category and actor,
and an actor's names, backers, allies and enemies. The filtering is plain functions (so it can
be tested and used without widgets); the widgets only call them."""

from __future__ import annotations

import html

import pandas as pd

ALL = "(all)"

LIVE_NOTE = ("<p><em>This is the explorer's first view. In the live lesson in JupyterLab you "
             "can change the choices above and see it redraw.</em></p>")


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
    (the chart or table it draws at the start) with a line saying the live lesson can change it."""

    def __init__(self, widget):
        self.widget = widget

    @property
    def children(self):
        """The widgets inside (choices first, then what they show)."""
        return self.widget.children

    def static_html(self) -> str:
        """The explorer's current view as HTML, without widgets."""
        return f'<div class="course-explorer-static">{_static_html(self.widget)}{LIVE_NOTE}</div>'

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/html"] = self.static_html()
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


def _when(start: str, end: str) -> str:
    if start and end:
        return f" ({start} to {end})"
    if start:
        return f" (from {start})"
    return f" (until {end})" if end else ""


def actor_relations(actor_id: str, actors: pd.DataFrame, links: pd.DataFrame) -> dict:
    """What the links say about one actor, in plain words, grouped under headings."""
    names = actors.set_index("actor_id")["name"]
    groups: dict[str, list[str]] = {
        "backed by": [], "backed": [], "allied with": [], "fought": [],
        "names and mergers": [], "part of / members": [], "designated a terrorist group by": [],
    }
    for _, link in links.iterrows():
        when = _when(link["start"], link["end"])
        mine, other = link["from_actor"] == actor_id, link["to_actor"] == actor_id
        if not (mine or other):
            continue
        partner = names.get(link["to_actor"] if mine else link["from_actor"], "?")
        relation = link["relation"]
        if relation == "backed":
            groups["backed" if mine else "backed by"].append(partner + when)
        elif relation in ("fought", "allied with"):
            groups[relation].append(partner + when)
        elif relation in ("renamed to", "merged into"):
            text = f"{relation} {partner}" if mine else f"{partner} {relation} it"
            groups["names and mergers"].append(text + when)
        elif relation == "part of":
            groups["part of / members"].append(
                (f"part of {partner}" if mine else f"{partner} is part of it") + when)
        elif relation == "designated terrorist" and other:
            groups["designated a terrorist group by"].append(partner + when)
    return {heading: items for heading, items in groups.items() if items}


def actor_card(actor_id: str, actors: pd.DataFrame, links: pd.DataFrame) -> str:
    """One actor as HTML: names, dates, description, how it and its opponents described it,
    and its relations."""
    row = actors.set_index("actor_id").loc[actor_id]
    parts = [f"<h4>{html.escape(row['name'])}</h4>"]
    if row["other_names"]:
        parts.append(f"<p><b>Other names:</b> {html.escape(row['other_names'].replace(';', ', '))}"
                     "</p>")
    dates = _when(row["formed"], row["ended"]).strip(" ()") or "dates not recorded"
    parts.append(f"<p><b>Kind:</b> {html.escape(row['kind'])} &middot; <b>Side:</b> "
                 f"{html.escape(row['side'])} &middot; <b>Dates:</b> {html.escape(dates)}</p>")
    parts.append(f"<p>{html.escape(row['description'])}</p>")
    for label, column in (("How it described itself", "self_description"),
                          ("How its opponents described it", "opponents_description")):
        if row[column]:
            parts.append(f"<p><b>{label}:</b> {html.escape(row[column])}</p>")
    for heading, items in actor_relations(actor_id, actors, links).items():
        listed = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        parts.append(f"<p><b>{html.escape(heading.capitalize())}:</b></p><ul>{listed}</ul>")
    return "\n".join(parts)


def actor_explorer(actors: pd.DataFrame, links: pd.DataFrame):
    """A drop-down of actors; choosing one shows its card."""
    import ipywidgets as w

    options = [(row["name"], row["actor_id"]) for _, row in actors.sort_values("name").iterrows()]
    picker = w.Dropdown(options=options, description="Actor:", layout=w.Layout(width="60%"))
    card = w.HTML(actor_card(picker.value, actors, links))

    def update(change):
        card.value = actor_card(change["new"], actors, links)

    picker.observe(update, names="value")
    box = w.VBox([picker, card])
    box.add_class("course-explorer")
    return Explorer(box)


def timeline_description(events: pd.DataFrame) -> str:
    """One sentence saying what a timeline of these events shows (for screen-reader users)."""
    counts = events["category"].value_counts()
    kinds = ", ".join(f"{n} {name}" for name, n in counts.items())
    first, last = events["date"].min(), events["date"].max()
    return (f"Timeline of {len(events)} events from {first:%d %B %Y} to {last:%d %B %Y}, "
            f"one row for each kind of event: {kinds}.")


def events_table_html(events: pd.DataFrame) -> str:
    """The events as a small HTML table: date, title, summary."""
    if events.empty:
        return "<p><i>No event in the course's timeline matches this choice.</i></p>"
    rows = "".join(
        f"<tr><td>{row['date']:%d %b %Y}{'' if row['date_precision'] == 'day' else ' *'}</td>"
        f"<td><b>{html.escape(row['title'])}</b></td><td>{html.escape(row['summary'])}</td></tr>"
        for _, row in events.iterrows())
    return ("<table><tr><th>date</th><th>event</th><th>what happened</th></tr>" + rows
            + "</table><p><small>* month or year known only</small></p>")


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

    def update(_change=None):
        from lessons import plots

        chosen = filter_events(events, year.value, category.value, actor.value)
        count.value = f"<p><b>{len(chosen)}</b> of {len(events)} events</p>"
        table.value = events_table_html(chosen)
        if chosen.empty:
            chart.value = ""
            return
        description = timeline_description(chosen)
        fig = plots.timeline(chosen, title=f"Events chosen: {len(chosen)}",
                             description=description, show=False, quiet=True)
        chart.value = (f'<figure role="img" aria-label="{html.escape(description)}">'
                       f"{plots.as_svg(fig)}<figcaption>Figure description: "
                       f"{html.escape(description)}</figcaption></figure>")

    for box in (year, category, actor):
        box.observe(update, names="value")
    update()
    widget = w.VBox([w.HBox([year, category, actor]), count, chart, table])
    widget.add_class("course-explorer")
    return Explorer(widget)

"""The course's timeline (data/events.csv) as verbs a notebook cell can read like a sentence:
``events_between("2011-02", "2011-04")``, ``event_card("2011-03-18-...")``, and the timeline
figures drawn by name from the lessons' catalogue."""

from __future__ import annotations

import re

import pandas as pd

from lessons.data import load, records
from lessons.dates import as_known
from lessons.errors import CourseError
from lessons.explore import filter_events
from lessons.sources import named_each
from lessons.tables import Card, Table, card, find_row, table

EVENT_COLUMNS = {"when": "date", "title": "event", "summary": "what happened"}


def _month_end(text: str) -> pd.Timestamp:
    """The last moment of a period written as a year, a month or a day ("2011", "2011-04")."""
    start = pd.Timestamp(text)
    parts = text.count("-")
    if parts == 0:
        return start + pd.DateOffset(years=1) - pd.Timedelta(seconds=1)
    if parts == 1:
        return start + pd.DateOffset(months=1) - pd.Timedelta(seconds=1)
    return start + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)


def when(row) -> str:
    """An event's date as precisely as it is known: "18 March 2011", "March 2011" or "2011"."""
    return as_known(row["date"], row["date_precision"])


def _with_when(events: pd.DataFrame) -> pd.DataFrame:
    shown = events.copy()
    shown["when"] = [when(row) for row in records(shown)]
    return shown


def events_between(start: str, end: str, *, category: str | None = None,
                   actor: str | None = None) -> pd.DataFrame:
    """The events from ``start`` to ``end`` (each a year, "2011-03" or "2011-03-15"), in date
    order; optionally only one category, or only those an actor (an actor id) took part in."""
    events = load("events")
    chosen = events[(events["date"] >= pd.Timestamp(start)) & (events["date"] <= _month_end(end))]
    return filter_events(chosen, category=category, actor=actor).reset_index(drop=True)


def events_table(events: pd.DataFrame, *, caption: str = "") -> Table:
    """Events for reading: date (as precisely as known), title and what happened, in full."""
    return table(_with_when(events), EVENT_COLUMNS, caption=caption)


def date_notes_table(events: pd.DataFrame, *, caption: str = "") -> Table:
    """Only the events that carry a note on where sources differ (on a date or a number), with
    the note in full: for showing how uncertain recent events still are."""
    noted = events[events["date_note"] != ""]
    columns = {"when": "date", "title": "event", "date_note": "where sources differ"}
    return table(_with_when(noted), columns, caption=caption)


def event_card(event_id: str, *, note: bool = True) -> Card:
    """One event in full: its date, title, what happened (in plain words), where sources differ
    on a date or a number, and the sources it rests on, listed beside the text."""
    events = load("events")
    row = find_row(events, event_id)
    # Only the card's own row is dated and has its sources named (not all the events).
    one = _with_when(events[events["event_id"] == event_id].head(1))
    columns = {"when": "date", "summary": "what happened"}
    if note and row["date_note"]:
        columns["date_note"] = "where sources differ"
    columns["source_ids"] = "sources (see the list at the end of the lesson)"
    shown = one.assign(source_ids=named_each(one["source_ids"]))
    return card(shown, event_id, columns, title=row["title"])


def timeline_chart(words, *, start: str, end: str, category: str | None = None,
                   actor: str | None = None, show: bool = True, labels: bool | None = None):
    """A timeline figure from the catalogue: the events between two dates, with a description
    whose numbers (how many events, of which kinds, from when to when) come from the data."""
    from lessons import plots

    chosen = events_between(start, end, category=category, actor=actor)
    counts = chosen["category"].value_counts()
    facts = {
        "events": len(chosen),
        "first": when(chosen.iloc[0]) if len(chosen) else "",
        "last": when(chosen.iloc[-1]) if len(chosen) else "",
        "kinds": ", ".join(f"{n} {name}" for name, n in counts.items()),
        **{f"{name}_events": int(counts.get(name, 0)) for name in plots.CATEGORY_ORDER},
    }
    return plots.timeline(chosen, title=words.title, description=words.describe(**facts),
                          labels=labels, show=show)


def period_name(text: str) -> str:
    """A period's start or end in words ("2011" -> "2011", "2011-05" -> "May 2011"), or a clear
    error if it is not written as a year, a month ("2011-12") or a day ("2011-12-31")."""
    written = isinstance(text, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text)
    try:
        stamp = pd.Timestamp(text) if written else None
    except ValueError:
        stamp = None
    if stamp is None:
        raise CourseError(f"{text!r} is not a date this timeline can read. Write a year "
                          "(\"2011\"), a month (\"2011-12\") or a day (\"2011-12-31\").")
    if text.count("-") == 0:
        return text
    return f"{stamp:%B %Y}" if text.count("-") == 1 else f"{stamp.day} {stamp:%B %Y}"


def period_chart(words, *, start: str, end: str, show: bool = True,
                 labels: bool | None = None):
    """A timeline figure whose title names the period drawn ({start} and {end} in its words), so
    a student who changes ``end`` to compare two periods sees a title that says which is shown."""
    import dataclasses

    title = words.title.format(start=period_name(start), end=period_name(end))
    return timeline_chart(dataclasses.replace(words, title=title), start=start, end=end,
                          show=show, labels=labels)

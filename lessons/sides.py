"""Outside states taking a side in Syria's war, counted from the course's own tables
(data/actors.csv and data/actor_links.csv): which state backed or fought whom from when, how
many had done so by the end of each year, and the chart of that running total."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from lessons.data import load
from lessons.tables import Table, table
from lessons.timeline import period_name

TAKING_A_SIDE = ("backed", "fought", "part of")  # backing a party, fighting, or joining a side
RELATION_WORDS = {"backed": "backed", "fought": "fought", "part of": "joined"}
SIDE_COLUMNS = {"state": "outside state", "did": "what it did", "whom": "whom",
                "from_words": "from"}


@dataclass(frozen=True)
class Finding:
    """One sentence computed from the data, shown as plain text (never as a quoted string)."""

    text: str

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.text)}</p>"

    def __repr__(self) -> str:
        return self.text


def outside_states() -> pd.DataFrame:
    """The actors the course lists as states among the outside powers."""
    actors = load("actors")
    states = actors[actors["side"] == "outside powers"]
    return states[states["kind"] == "state"].reset_index(drop=True)


def taking_sides(since: str = "2011") -> pd.DataFrame:
    """The links that show an outside state taking a side, from ``since`` on: it backed a
    Syrian party, fought one, or joined a side such as the US-led coalition."""
    links = load("actor_links")
    from_state = links["from_actor"].isin(outside_states()["actor_id"])
    siding = links["relation"].isin(TAKING_A_SIDE)
    chosen = links[from_state & siding & (links["start"] >= since)]
    return chosen.sort_values("start").reset_index(drop=True)


def sides_table(since: str = "2011") -> Table:
    """The links of ``taking_sides`` for reading: the state, what it did, to whom, from when."""
    names = load("actors").set_index("actor_id")["name"]
    links = taking_sides(since)
    shown = links.assign(
        state=[names[actor] for actor in links["from_actor"]],
        did=[RELATION_WORDS[relation] for relation in links["relation"]],
        whom=[names[actor] for actor in links["to_actor"]],
        from_words=[period_name(start) for start in links["start"]],
    )
    caption = (f"{len(links)} links in the course's table of links between actors show an "
               f"outside state taking a side from {since} on.")
    return table(shown, SIDE_COLUMNS, caption=caption)


def first_years(since: str = "2011") -> pd.Series:
    """The year each outside state first took a side, by actor id."""
    links = taking_sides(since)
    return links.groupby("from_actor")["start"].min().str[:4].astype(int)


def states_by(year: int, since: str = "2011") -> int:
    """How many outside states had taken a side by the end of ``year``."""
    return int((first_years(since) <= year).sum())


def states_by_year(first: int = 2011, last: int = 2016) -> pd.DataFrame:
    """The running total: for each year, how many outside states had taken a side by its end."""
    years = range(first, last + 1)
    return pd.DataFrame({"year": [str(year) for year in years],
                         "states": [states_by(year, str(first)) for year in years]})


def states_sentence(year: int, since: int = 2011) -> Finding:
    """The count for one year as a sentence that says it is a count of the course's table."""
    return Finding(
        f"The course's own table of links between actors records {states_by(year, str(since))} "
        f"outside states that had backed a Syrian party, fought in Syria or joined a side by "
        f"the end of {year}, up from {states_by(since, str(since))} at the end of {since}. "
        "A state whose role we could not source is not counted.")


def states_chart(words, *, first: int, last: int, show: bool = True):
    """The figure of the running total by year, from the catalogue, with a description whose
    numbers (one for each year) are counted from the data."""
    from lessons import plots

    by_year = states_by_year(first, last)
    totals = ", ".join(f"{states} in {year}" for year, states in
                       zip(by_year["year"], by_year["states"]))
    return plots.bar(by_year, label="year", value="states", title=words.title,
                     value_label=words.label("value"),
                     sources=taking_sides(str(first))["source_ids"], table="actor_links",
                     description=words.describe(totals=totals, first=first, last=last),
                     show=show)

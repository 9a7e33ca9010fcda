"""The counts of the dead (data/casualties.csv) as verbs a notebook cell can read like a sentence:
the counts side by side, documented against estimated, who counted what, one counter's counts
over the years, and the lesson 06 figures drawn by name from the lessons' catalogue."""

from __future__ import annotations

import re

import pandas as pd

from lessons.data import load, records
from lessons.sources import named_each
from lessons.tables import Card, Table, card, find_row, table

# What "who_counted" says for a count of everyone killed (civilians and fighters together).
ALL_DEATHS = ["all deaths", "conflict-related deaths", "civilians and combatants (documented)"]
WAR_START = pd.Timestamp("2012-01-01")  # counts that start before this cover the whole war
COUNT_COLUMNS = {"who_and_when": "who counted, and when", "kind_of_number": "kind of number",
                 "number": "number", "period_end": "counting up to"}
# One documented count of each main counter, whose method sentence says how that counter works.
COUNTER_ROWS = {
    "HRDAG": "hrdag-2014-08-documented-killings",
    "OHCHR": "ohchr-2021-09-documented-killings",
    "SOHR": "sohr-2025-01-01-total",
    "SNHR": "snhr-2024-03-18-civilians",
    "VDC": "vdc-2017-01-battle-related",
}
# The one row that is only a part of another count (the UN's 2022 civilian estimate).
PART_OF_ANOTHER = "ohchr-2022-06-civilian-undocumented-estimate"


# Short names for the counters whose full name has no letters in brackets.
SHORT_NAMES = {"UN Secretary-General Ban Ki-moon": "UN Secretary-General",
               "UN Special Envoy for Syria Staffan de Mistura": "UN envoy de Mistura"}


def short_name(counter: str) -> str:
    """A counter's short name: the letters in brackets ("SOHR"), or the whole name if none."""
    if counter in SHORT_NAMES:
        return SHORT_NAMES[counter]
    found = re.search(r"\(([A-Z]{2,})\)", counter)
    return found.group(1) if found else counter


def number(row) -> str:
    """A count as it was given: "about 511,000", "more than 350,000", "494,438"."""
    words = "" if row["qualifier"] == "as stated" else f"{row['qualifier']} "
    return f"{words}{row['value']:,.0f}"


def casualty_counts() -> pd.DataFrame:
    """Every count in data/casualties.csv, with the columns a student reads: who counted and when
    (short), the kind of number, and the number as it was given."""
    counts = load("casualties")
    rows = records(counts)
    counts["who_and_when"] = [f"{short_name(row['counter'])}, {row['published']:%b %Y}"
                              for row in rows]
    counts["kind_of_number"] = counts["documented_or_estimated"]
    counts["number"] = [number(row) for row in rows]
    counts["sources"] = named_each(counts["source_ids"])
    return counts


def _whole_war(counts: pd.DataFrame) -> pd.DataFrame:
    return counts[counts["period_start"] < WAR_START]


def all_death_counts() -> pd.DataFrame:
    """The counts of everyone killed (civilians and fighters) in Syria since 2011, in the order
    they were published."""
    counts = _whole_war(casualty_counts())
    chosen = counts[counts["who_counted"].isin(ALL_DEATHS)]
    return chosen.sort_values(["published", "value"]).reset_index(drop=True)


def civilian_counts() -> pd.DataFrame:
    """The counts of civilians killed in Syria since 2011 (by anyone), in the order published;
    the UN's 2022 estimate appears once, as its total, not also as its estimated part."""
    counts = _whole_war(casualty_counts())
    chosen = counts[(counts["who_counted"] == "civilians") & (counts["killed_by"] == "")
                    & (counts["count_id"] != PART_OF_ANOTHER)]
    return chosen.sort_values(["published", "value"]).reset_index(drop=True)


def counts_by(counter: str) -> pd.DataFrame:
    """One counter's counts of all deaths since 2011 (``counter`` is its short name, "SOHR"),
    documented and estimated, in the order published."""
    counts = all_death_counts()
    chosen = counts[[short_name(name) == counter for name in counts["counter"]]]
    return chosen.reset_index(drop=True)


def counts_table(counts: pd.DataFrame, *, caption: str = "") -> Table:
    """Counts for reading: who counted and when, what kind of number, the number as given, and
    the last day counted."""
    return table(counts, COUNT_COLUMNS, caption=caption)


def counter_history(counter: str) -> Table:
    """One counter's counts over the years, each with how that number was made (its method)."""
    columns = {"published": "published", "kind_of_number": "kind of number", "number": "number",
               "method": "what the number holds"}
    return table(counts_by(counter), columns,
                 caption=f"Every count of all deaths by {counter} in this course's table.")


def counters_table() -> Table:
    """Who counted what: each main counter, what kind of group it is, and how it counts (the
    method of one of its documented counts), so "documented" can be read counter by counter."""
    counts = casualty_counts()
    chosen = counts[counts["count_id"].isin(COUNTER_ROWS.values())].copy()
    chosen["short"] = [short_name(name) for name in chosen["counter"]]
    columns = {"short": "short name", "counter": "who counted", "counter_kind": "kind of group",
               "method": "how it counted (for one of its documented counts)",
               "sources": "sources (see the list at the end of the lesson)"}
    return table(chosen, columns, caption="Who counted what: the main counters in this lesson.")


def count_card(count_id: str) -> Card:
    """One count in full: who counted, the period, the number, how it was made, what it leaves
    out, and the sources it rests on, listed beside the text."""
    counts = casualty_counts()
    row = find_row(counts, count_id)
    counts["period"] = [f"{r['period_start']:%B %Y} to {r['period_end']:%B %Y}"
                        for r in records(counts)]
    columns = {"counter": "who counted", "period": "period counted", "number": "number",
               "kind_of_number": "kind of number", "method": "how it was made",
               "note": "what to know about it",
               "sources": "sources (see the list at the end of the lesson)"}
    return card(counts, count_id, columns, title=f"{short_name(row['counter'])}: "
                f"{row['who_counted']}, published {row['published']:%B %Y}")


# ----------------------------------------------------------------------------- figures

def _kinds(counts: pd.DataFrame) -> dict:
    """How many counts of each kind, for a figure's description."""
    kinds = counts["kind_of_number"].value_counts()
    return {"documented": int(kinds.get("documented", 0)),
            "estimated": int(kinds.get("estimated", 0)),
            "rounded": int(kinds.get("rounded estimate", 0))}


def _range(counts: pd.DataFrame) -> dict:
    """The first and last year published and the smallest and largest number, for descriptions."""
    return {"counts": len(counts),
            "first_year": int(counts["published"].dt.year.min()),
            "last_year": int(counts["published"].dt.year.max()),
            "lowest": f"{counts['value'].min():,.0f}",
            "highest": f"{counts['value'].max():,.0f}"}


def deaths_chart(words, *, show: bool = True):
    """Lesson 06's first figure: every count of all deaths since 2011, one bar each, coloured and
    patterned by kind (documented, estimated, rounded estimate)."""
    from lessons import plots

    counts = all_death_counts()
    facts = {**_range(counts), **_kinds(counts)}
    return plots.bar(counts, label="who_and_when", value="value", group="kind_of_number",
                     table="casualties", sources=counts["source_ids"], title=words.title,
                     value_label=words.label("value"), description=words.describe(**facts),
                     show=show)


def civilians_chart(words, *, show: bool = True):
    """Lesson 06's second figure: every count of civilians killed since 2011, by kind."""
    from lessons import plots

    counts = civilian_counts()
    documented = counts[counts["kind_of_number"] == "documented"]
    top = counts.loc[counts["value"].idxmax()]
    facts = {**_range(counts), **_kinds(counts),
             "documented_low": f"{documented['value'].min():,.0f}",
             "documented_high": f"{documented['value'].max():,.0f}",
             "top_counter": short_name(top["counter"]), "top_year": int(top["published"].year),
             "top_kind": top["kind_of_number"]}
    return plots.bar(counts, label="who_and_when", value="value", group="kind_of_number",
                     table="casualties", sources=counts["source_ids"], title=words.title,
                     value_label=words.label("value"), description=words.describe(**facts),
                     show=show)

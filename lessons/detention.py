"""The counts of Syria's detained, disappeared and missing (data/detention_counts.csv) as verbs a
notebook cell can read like a sentence: ``counts_table()`` for every count side by side, and
``counts_table("estimated")`` for the counts of one kind.

A documented count lists people one by one; an estimate works out a total from part of the
evidence. Each row says which it is, who counted, what they counted and for which period."""

from __future__ import annotations

import pandas as pd

from lessons.data import load
from lessons.errors import CourseError
from lessons.tables import Table, table

KINDS = ("all", "documented", "estimated")
COLUMNS = {"counter": "who counted", "counts_what": "what they counted",
           "number_as_given": "the number, in their words", "period": "period and place",
           "published": "published", "documented_or_estimated": "documented or estimated",
           "how": "how they counted"}


def counts(kind: str = "all") -> pd.DataFrame:
    """The counts of one kind ("documented" or "estimated"), or "all", oldest first."""
    if kind not in KINDS:
        raise CourseError(f"There is no kind of count called {kind!r}. Use one of: "
                          + ", ".join(f'"{name}"' for name in KINDS)
                          + ", with the quotation marks.")
    rows = load("detention_counts").sort_values("published")
    if kind != "all":
        rows = rows[rows["documented_or_estimated"] == kind]
    return rows.reset_index(drop=True)


def counts_table(kind: str = "all") -> Table:
    """The counts for reading: who counted, what, the number as they gave it, the period, when,
    which kind of number, and how they counted, every text in full."""
    chosen = counts(kind)
    caption = ("Counts of the detained, the disappeared and the dead in custody"
               if kind == "all" else f"Only the {kind} counts")
    return table(chosen, COLUMNS, caption=f"{caption}: {len(chosen)} rows.")


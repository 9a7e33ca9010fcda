"""Dates written only as precisely as they are known: "18 March 2011", "March 2011" or "2011".

A row whose date is known only to the month or the year stores the first day of it; showing
that day ("1 March 2011") would claim a precision the sources do not have.
"""

from __future__ import annotations

import pandas as pd


def as_known(date: pd.Timestamp, precision: str = "day", *, short: bool = False) -> str:
    """``date`` written to its ``precision`` (day, month or year); ``short`` writes the month
    as "Mar" (for chart labels) instead of "March"."""
    month = "%b" if short else "%B"
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:{month} %Y}"
    return f"{date.day} {date:{month} %Y}"

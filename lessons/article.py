"""The article of 13 December 2016 (Slate) claim by claim (data/article_claims.csv), as verbs a
notebook cell can read like a sentence: the claims table, who they are credited to, what could be
checked at the time, one claim in full, and the figures of lesson 1 drawn by name."""

from __future__ import annotations

import pandas as pd

from lessons import aleppo
from lessons.data import load
from lessons.sources import named_each
from lessons.tables import Card, Sentence, Table, card, find_row, readable, table

ARTICLE = "slate-2016-12-13-aleppo"
ARTICLE_DAY = "2016-12-13"
CLAIM_COLUMNS = {"position": "no.", "claim": "what the article says (in our words)",
                 "attributed_in_article": "who the article says it comes from",
                 "attribution": "kind of source"}
CLAIM_LABELS = {"claim": "what the article says (in our words)",
                "attributed_in_article": "who the article says it comes from",
                "attribution": "kind of source", "original_source": "where it really came from",
                "reported_on": "reported on", "verified_then": "could it be checked then?",
                "verified_then_note": "what checking it shows",
                "later_finding": "what was found later"}
KM_IN_A_MILE = 1.609344  # the international mile, exactly
# The order the answers are listed in, from most to least checkable, and from the article's
# own kinds of source to the writer's.
CHECKED_ORDER = ["yes", "partly", "no"]
ATTRIBUTION_ORDER = ["named source", "unnamed source", "the writer"]


def claims() -> pd.DataFrame:
    """The article's claims, one a row, in the order they appear in the article."""
    return load("article_claims").sort_values("position").reset_index(drop=True)


def article_card() -> Card:
    """The article itself, so a student can find and read it: publisher, title, date, address."""
    row = find_row(load("sources"), ARTICLE)
    return Card(row["title"], (("published by", row["publisher"]),
                               ("on", readable(pd.Timestamp(row["published"]))),
                               ("where to read it", row["url"])))


def claims_table(columns=None, *, caption: str = "") -> Table:
    """Every claim for reading: its number, the claim in our words, who the article credits and
    the kind of source. ``columns`` maps other column names to headings."""
    return table(claims(), columns or CLAIM_COLUMNS, caption=caption)


def _tally(column: str, order: list[str], heading: str) -> Table:
    counts = claims()[column].value_counts()
    rows = pd.DataFrame({"answer": [name for name in order if name in counts.index]})
    rows["claims"] = [int(counts[name]) for name in rows["answer"]]
    return table(rows, {"answer": heading, "claims": "number of claims"})


def attribution_counts() -> Table:
    """How many claims the article credits to a named source, an unnamed one, or the writer."""
    return _tally("attribution", ATTRIBUTION_ORDER, "kind of source")


def claim_card(claim_id: str, columns: list[str] | None = None, *, credited: bool = False,
               checked: bool = False, later: bool = False) -> Card:
    """One claim in full (by its id, such as "ohchr-82-civilians"): what the article says and
    where it really came from, each on its own line, then the sources it rests on. Add
    ``credited=True`` for whom the article credits, ``checked=True`` for whether it could be
    checked then and what checking shows, ``later=True`` for when it was reported and what was
    found later. (``columns``, a list of the table's column names, still works.)"""
    rows = claims()
    row = find_row(rows, claim_id)
    if columns is None:
        columns = ["claim", *(["attributed_in_article"] if credited else []), "original_source",
                   *(["verified_then", "verified_then_note"] if checked else []),
                   *(["reported_on", "later_finding"] if later else [])]
    chosen = {name: CLAIM_LABELS[name] for name in columns}
    chosen["sources"] = "sources (see the list at the end of the lesson)"
    shown = rows.assign(sources=named_each(rows["source_ids"]))
    return card(shown, claim_id, chosen, title=f"Claim {row['position']}")


def in_square_kilometres(square_miles: float = 1) -> Sentence:
    """An area in square miles worked out in square kilometres, as a sentence with the sum shown:
    a square mile is a square 1.609344 km on each side."""
    area = square_miles * KM_IN_A_MILE * KM_IN_A_MILE
    miles = readable(float(square_miles))
    if square_miles == 1:
        sum_shown = f"1 square mile = {KM_IN_A_MILE} × {KM_IN_A_MILE}"
    else:
        sum_shown = f"{miles} square miles = {miles} × {KM_IN_A_MILE} × {KM_IN_A_MILE}"
    return Sentence(f"{sum_shown} square kilometres = {area:,.2f} square kilometres (rounded to "
                    "two decimal places).")


# ----------------------------------------------------------------------------- figures by name

def checked_chart(words, *, show: bool = True):
    """Bars of how many of the article's claims could be checked at the time (yes, partly, no),
    with the counts for the description taken from the claims table."""
    from lessons import plots

    counts = claims()["verified_then"].value_counts()
    rows = pd.DataFrame({"answer": [name for name in CHECKED_ORDER if name in counts.index]})
    rows["claims"] = [int(counts[name]) for name in rows["answer"]]
    shown = rows.rename(columns={"answer": words.label("y")})
    facts = {"claims": int(counts.sum()),
             **{name: int(counts.get(name, 0)) for name in CHECKED_ORDER}}
    return plots.bar(shown, label=words.label("y"), value="claims", title=words.title,
                     value_label=words.label("value"), sources=[ARTICLE],
                     description=words.describe(**facts), show=show)


def territory_chart(words, *, show: bool = True):
    """Bars of the claims of how much of Aleppo the government held, each with the area it
    refers to; the description's numbers (how many claims, first and last) come from the data."""
    from lessons import plots

    rows = aleppo.counts_of("territory held by government (percent)")
    shown = rows.rename(columns={"who_and_when": words.label("y"),
                                 "source": words.label("group")})
    first, last = rows.iloc[0], rows.iloc[-1]
    facts = {"claims": len(rows), "first_day": aleppo.long_date(first["reported_on"]),
             "last_day": aleppo.long_date(last["reported_on"]),
             "first": f"{first['value']:,.0f}", "last": f"{last['value']:,.0f}"}
    return plots.bar(shown, label=words.label("y"), value="value", group=words.label("group"),
                     note="scope_place", table="aleppo_figures", title=words.title,
                     value_label=words.label("value"), sources=rows["source_ids"],
                     description=words.describe(**facts), show=show)

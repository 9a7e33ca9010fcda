"""Displacement (data/displacement.csv) as verbs a notebook cell can read like a sentence:
refugees by host country, the internally displaced (IDPs), returns, Syria's pre-war population
and shares of it, and the lesson 09 figures drawn by name from the lessons' catalogue."""

from __future__ import annotations

import pandas as pd

from lessons.data import load, records
from lessons.errors import CourseError
from lessons.tables import Table, table

IN_A_HOST = "refugees (in a host country)"
REGION = "refugees (region total)"
INSIDE = "internally displaced"
RETURNS = ["refugee returns", "IDP returns"]
FALL_OF_ASSAD = pd.Timestamp("2024-12-08")
COUNT_COLUMNS = {"when": "date the count refers to", "number": "number",
                 "counter": "who counted", "what_is_counted": "what is counted"}


def when(row) -> str:
    """The date a number refers to, as precisely as it is known: "10 December 2012",
    "December 2014", "end of 2016" or "2010"."""
    day, precision = row["as_of"], row["as_of_precision"]
    if precision == "day":
        return f"{day.day} {day:%B %Y}"
    if precision == "month":
        return f"{day:%B %Y}"
    return f"end of {day.year}" if day.month == 12 else f"{day.year}"


def number(row) -> str:
    """A number as it was given: "about 1,100,000", "more than 755,000", "648,829"."""
    words = "" if row["qualifier"] == "as stated" else f"{row['qualifier']} "
    return f"{words}{row['value']:,.0f}"


def displacement() -> pd.DataFrame:
    """Every row of data/displacement.csv, in date order, with the columns a student reads: the
    date as precisely as known and the number as it was given."""
    moves = load("displacement").sort_values(["as_of", "row_id"]).reset_index(drop=True)
    rows = records(moves)
    moves["when"] = [when(row) for row in rows]
    moves["number"] = [number(row) for row in rows]
    return moves


def _of(measure: str) -> pd.DataFrame:
    moves = displacement()
    return moves[moves["measure"] == measure].reset_index(drop=True)


def host_countries() -> list[str]:
    """The host countries with refugee counts in the table, largest count first."""
    hosts = _of(IN_A_HOST)
    return list(hosts.groupby("place")["value"].max().sort_values(ascending=False).index)


def refugees_in(hosts: list[str]) -> pd.DataFrame:
    """The refugee counts for the ``hosts`` named (for example ["Turkey", "Lebanon"]), in date
    order; a name not in the table is an error that lists the names there are."""
    known = host_countries()
    unknown = [host for host in hosts if host not in known]
    if unknown:
        raise CourseError(f"There are no refugee counts for {unknown[0]!r}. The host countries "
                          f"are: {', '.join(sorted(known))}.")
    counts = _of(IN_A_HOST)
    return counts[counts["place"].isin(hosts)].reset_index(drop=True)


def host_table(host: str) -> Table:
    """Every count of Syrian refugees in one host country, with its notes shown in full."""
    columns = {"when": "date the count refers to", "number": "number", "counter": "who counted",
               "note": "what to know about it"}
    return table(refugees_in([host]), columns, caption=f"Syrian refugees in {host}: every count "
                 "in the course's table, with its notes.")


def who_counted_table() -> Table:
    """Who counted the refugees in each host country, and exactly what they counted."""
    counts = _of(IN_A_HOST).drop_duplicates(["place", "counter", "what_is_counted"])
    counts = counts.sort_values(["place", "as_of"])
    columns = {"place": "host country", "counter": "who counted",
               "what_is_counted": "what is counted"}
    return table(counts, columns, caption="Who counted the refugees in each host country.")


def displaced_inside_table() -> Table:
    """The estimates of people displaced inside Syria, year by year."""
    return table(_of(INSIDE), COUNT_COLUMNS, caption="People displaced inside Syria: the "
                 "estimates in the course's table.")


def population_table() -> Table:
    """The figures for Syria's population before the war, each with who gave it."""
    return table(_of("population"), COUNT_COLUMNS, caption="Syria's population before the war: "
                 "three figures, measured in different ways.")


def _value(measure: str, on: str, counter: str = "") -> int:
    """The one number of ``measure`` for the date ``on`` (and a counter whose name contains
    ``counter``), or an error naming what was looked for."""
    rows = _of(measure)
    rows = rows[(rows["as_of"] == pd.Timestamp(on)) & rows["counter"].str.contains(counter)]
    if len(rows) != 1:
        raise CourseError(f"The displacement table has {len(rows)} rows of {measure!r} for "
                          f"{on} (counter {counter!r}); it should have one.")
    return int(rows["value"].iloc[0])


def prewar_population() -> int:
    """Syria's population in 2010 as estimated by the UN Population Division (21,362,540)."""
    return _value("population", "2010-01-01", "UN Population Division")


def refugees_in_region(on: str) -> int:
    """UNHCR's count of Syrian refugees in the neighbouring countries on a date ("2019-01-01")."""
    return _value(REGION, on)


def displaced_inside(on: str) -> int:
    """The estimate of people displaced inside Syria on a date ("2018-12-31")."""
    return _value(INSIDE, on)


def share_of_population(people: int, population: int) -> float:
    """``people`` as a percentage of ``population``, to one decimal place."""
    return round(people / population * 100, 1)


def returns_since_2024() -> pd.DataFrame:
    """The counts of refugees and displaced people who went home after 8 December 2024, in date
    order, each labelled with who counted what, and when."""
    moves = displacement()
    chosen = moves[moves["measure"].isin(RETURNS) & (moves["as_of"] > FALL_OF_ASSAD)].copy()
    chosen["who_counted_what_and_when"] = [f"{row['counter'].split(' (')[0]}: {row['measure']}, "
                               f"{row['as_of']:%b %Y}" for _, row in chosen.iterrows()]
    chosen["kind_of_return"] = chosen["measure"]
    return chosen.reset_index(drop=True)


def returns_table() -> Table:
    """The return counts since December 2024 for reading: date, kind, number, who counted, and
    exactly what they counted."""
    columns = {"when": "date the count refers to", "measure": "kind of return",
               "number": "number", "counter": "who counted", "what_is_counted": "what is counted"}
    return table(returns_since_2024(), columns, caption="Returns to Syria after 8 December 2024.")


# ----------------------------------------------------------------------------- figures

def _peak(counts: pd.DataFrame, host: str) -> tuple[str, int]:
    these = counts[counts["place"] == host]
    top = these.loc[these["value"].idxmax()]
    return f"{top['value']:,.0f}", int(top["as_of"].year)


def hosts_chart(words, *, hosts: list[str], add: str = "", show: bool = True):
    """Lesson 09's refugee chart: one line per host country over time. ``add`` names one more
    country to draw (the lesson's predict-then-change task), for example "Germany"."""
    from lessons import plots

    chosen = list(hosts) + ([add] if add and add not in hosts else [])
    counts = refugees_in(chosen)
    order = list(counts.groupby("place")["value"].max().sort_values(ascending=False).index)
    top_value, top_year = _peak(counts, order[0])
    facts = {"hosts": ", ".join(chosen[:-1]) + " and " + chosen[-1] if len(chosen) > 1
             else chosen[0],
             "first_year": int(counts["as_of"].dt.year.min()),
             "last_year": int(counts["as_of"].dt.year.max()),
             "top": order[0], "top_peak": top_value, "top_year": top_year,
             "last_host": order[-1], "last_peak": _peak(counts, order[-1])[0]}
    return plots.lines(counts, x="as_of", y="value", group="place", table="displacement",
                       title=words.title, x_label=words.label("x"), y_label=words.label("y"),
                       description=words.describe(**facts), show=show)


def returns_chart(words, *, show: bool = True):
    """Lesson 09's returns chart: each count of returns after 8 December 2024, one bar each."""
    from lessons import plots

    counts = returns_since_2024()
    refugees = counts[counts["measure"] == "refugee returns"]
    inside = counts[counts["measure"] == "IDP returns"]
    facts = {"counts": len(counts),
             "refugees_first": f"{refugees['value'].iloc[0]:,.0f}",
             "refugees_first_when": f"{refugees['as_of'].iloc[0]:%B %Y}",
             "refugees_most": f"{refugees['value'].max():,.0f}",
             "idp_most": f"{inside['value'].max():,.0f}",
             "idp_when": f"{inside.loc[inside['value'].idxmax(), 'as_of']:%B %Y}"}
    return plots.bar(counts, label="who_counted_what_and_when", value="value",
                     group="kind_of_return", table="displacement", sources=counts["source_ids"],
                     title=words.title,
                     value_label=words.label("value"), description=words.describe(**facts),
                     show=show)

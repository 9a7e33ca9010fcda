"""Aleppo in late 2016 as verbs a notebook cell can read like a sentence: the figures reported
about the city (data/aleppo_figures.csv) by measure and by day, as tables and cards, and the
Aleppo figures of lesson 5 (its timeline, the split city lane, the maps of its places and of who
held them in late 2016, and the evacuation counts), drawn by name from the lessons' catalogue."""

from __future__ import annotations

import pandas as pd

from lessons.data import load, records
from lessons.errors import CourseDataError
from lessons.sources import named_each
from lessons.tables import Card, Table, card, find_row, table

IN_ARTICLE = "cited in the article"
OTHER = "other report"
COUNT_COLUMNS = {"who_and_when": "who counted, and when", "number": "number",
                 "scope_place": "what place",
                 "documented_or_estimated": "documented, estimated or claimed?"}
# The same figures laid out by the period they cover, and by the day they were given.
PERIOD_COLUMNS = {"measure": "what was counted", "number": "number", "counter": "who counted",
                  "scope_place": "what place", "period_start": "from", "period_end": "to"}
DAY_COLUMNS = {"reported_on": "reported on", "measure": "what was counted", "number": "number",
               "counter": "who counted"}
SOURCES_LABEL = "sources (see the list at the end of the lesson)"
# The landmarks inside the Old City that the map of who held what leaves off: they sit within a
# few hundred metres of the Old City's own marker, which stands for them (the Citadel, held by
# the army all through, keeps its own marker).
INSIDE_OLD_CITY = ["great-mosque-of-aleppo", "al-madina-souq"]
# The places lesson 5 shows on its map of the city: the old centre, then the districts.
NAMED_PLACES = ["aleppo-citadel", "old-city-of-aleppo", "great-mosque-of-aleppo",
                "al-madina-souq", "sheikh-maqsoud", "salaheddine-aleppo", "aleppo-university",
                "new-aleppo"]


def short_date(day: pd.Timestamp) -> str:
    """A day as "12 Dec 2016": short enough for a chart label, with no leading zero."""
    return f"{day.day} {day:%b %Y}"


def long_date(day: pd.Timestamp) -> str:
    """A day as "12 December 2016", for a sentence."""
    return f"{day.day} {day:%B %Y}"


def _number(row) -> str:
    """A figure as it was given: "at least 82", "about 35,000", "15,000 to 40,000", and a share
    with its unit, "98 percent", so it is not read as 98 people beside 100,000 people."""
    unit = " percent" if row["measure"].endswith("(percent)") else ""
    if pd.isna(row["value"]):
        return f"{row['value_low']:,.0f} to {row['value_high']:,.0f}{unit}"
    words = "" if row["qualifier"] == "as stated" else f"{row['qualifier']} "
    return f"{words}{row['value']:,.0f}{unit}"


def aleppo_figures() -> pd.DataFrame:
    """Every figure in data/aleppo_figures.csv, with the columns a student reads: who counted and
    when, the number as given, and whether the 13 December article cited it."""
    figures = load("aleppo_figures")
    figures["source"] = [IN_ARTICLE if cited else OTHER for cited in figures["in_article"]]
    rows = records(figures)
    figures["who_and_when"] = [f"{row['counter']}, {short_date(row['reported_on'])}"
                               for row in rows]
    figures["number"] = [_number(row) for row in rows]
    figures["sources"] = figures["source_ids"].str.replace(";", ", ")
    return figures


def counts_of(measure: str, *, last_day: str | None = None) -> pd.DataFrame:
    """The figures of one measure ("displaced", "evacuated", "killed", "civilians killed"...),
    in the order they were reported; with ``last_day``, only those reported by that day."""
    figures = aleppo_figures()
    chosen = figures[figures["measure"] == measure]
    if last_day is not None:
        chosen = chosen[chosen["reported_on"] <= pd.Timestamp(last_day)]
    return chosen.sort_values(["reported_on", "figure_id"]).reset_index(drop=True)


def cited_in_article() -> pd.DataFrame:
    """The figures the 13 December article cited, in the order they were reported."""
    figures = aleppo_figures()
    chosen = figures[figures["in_article"]]
    return chosen.sort_values(["reported_on", "figure_id"]).reset_index(drop=True)


def death_counts() -> pd.DataFrame:
    """The counts of people killed (all, civilians, children), in the order of the table."""
    figures = aleppo_figures()
    return figures[figures["measure"].str.contains("killed")].reset_index(drop=True)


def reported_between(start: str, end: str) -> pd.DataFrame:
    """The figures reported from ``start`` to ``end`` (days, "2016-12-10"), by measure and day."""
    figures = aleppo_figures()
    chosen = figures[figures["reported_on"].between(pd.Timestamp(start), pd.Timestamp(end))]
    return chosen.sort_values(["measure", "reported_on"]).reset_index(drop=True)


def reported_after(day: str) -> pd.DataFrame:
    """The figures reported after ``day`` (for example the article's day), in date order."""
    figures = aleppo_figures()
    chosen = figures[figures["reported_on"] > pd.Timestamp(day)]
    return chosen.sort_values(["reported_on", "figure_id"]).reset_index(drop=True)


def counts_table(figures: pd.DataFrame, columns=None, *, caption: str = "") -> Table:
    """Figures for reading: by default who counted and when, the number as given, the place it
    covers and how it was made (documented, estimated or claimed by one side). ``columns`` maps
    column names to the headings students see."""
    return table(figures, columns or COUNT_COLUMNS, caption=caption)


def counts_by_period(figures: pd.DataFrame, *, caption: str = "") -> Table:
    """Figures for reading with the period each one covers: what was counted, the number, who
    counted, the place, and the first and last day counted."""
    return table(figures, PERIOD_COLUMNS, caption=caption)


def counts_by_day(figures: pd.DataFrame, *, caption: str = "") -> Table:
    """Figures for reading by the day they were given: the day, what was counted, the number and
    who counted."""
    return table(figures, DAY_COLUMNS, caption=caption)


def _figure_id(measure: str | None, counter: str | None, day: str | None) -> str:
    """The id of the one figure of ``measure`` given by ``counter`` (a part of its name, such as
    "OCHA") on ``day``; an error that says what to change if none or several match."""
    figures = aleppo_figures()
    chosen = figures
    if measure is not None:
        chosen = chosen[chosen["measure"] == measure]
    if counter is not None:
        chosen = chosen[chosen["counter"].str.lower().str.contains(counter.lower(), regex=False)]
    if day is not None:
        chosen = chosen[chosen["reported_on"] == pd.Timestamp(day)]
    asked = ", ".join(f"{name} {value!r}" for name, value in
                      (("measure", measure), ("counter", counter), ("day", day)) if value)
    if len(chosen) != 1:
        found = "no figure" if chosen.empty else f"{len(chosen)} figures"
        raise CourseDataError([f"data/aleppo_figures.csv: {found} with {asked or 'no choice'}. "
                               "Name what was counted, who counted and the day, so that one "
                               "figure matches."])
    return chosen.iloc[0]["figure_id"]


def figure_card(figure_id: str | None = None, columns=None, *, measure: str | None = None,
                counter: str | None = None, day: str | None = None) -> Card:
    """One figure in full: who counted, the number, the place, a note on what it covers, and the
    sources it rests on, named as a reader names them. Choose it by what was counted, who
    counted and the day - ``figure_card(measure="displaced", counter="OCHA",
    day="2016-12-12")`` - or by its id in the table ("d04")."""
    figures = aleppo_figures()
    if figure_id is None:
        figure_id = _figure_id(measure, counter, day)
    row = find_row(figures, figure_id)
    chosen = columns or {"number": "number", "scope_place": "what place",
                         "note": "what it covers"}
    chosen = {**chosen, "sources": SOURCES_LABEL}
    shown = figures[figures["figure_id"] == figure_id]
    shown = shown.assign(sources=named_each(shown["source_ids"]))
    return card(shown, figure_id, chosen, title=f"{row['measure'].capitalize()}: "
                f"{row['who_and_when']}")


def places_table(place_ids=None) -> Table:
    """The places on lesson 5's map: name, Arabic name, kind, and where each lay in the divided
    city (its note), with its sources."""
    places = load("places")
    chosen = places.set_index("place_id").loc[list(place_ids or NAMED_PLACES)].reset_index()
    chosen["sources"] = named_each(chosen["source_ids"])
    return table(chosen, {"name": "place", "name_ar": "in Arabic", "kind": "kind",
                          "note": "in the divided city", "sources": "sources"})


def district_sides(dates=None) -> pd.DataFrame:
    """Who held each mapped place of Aleppo on the days of data/aleppo_district_sides.csv (or
    only on ``dates``, such as "2016-11-15"), with the place's name, in date order."""
    sides = load("aleppo_district_sides")
    if dates is not None:
        sides = sides[sides["date"].isin([pd.Timestamp(day) for day in dates])]
    names = load("places").set_index("place_id")["name"]
    sides = sides.assign(name=sides["place_id"].map(names))
    return sides.sort_values(["date", "side_id"]).reset_index(drop=True)


def _in_a_list(items: list[str]) -> str:
    """"a", "a and b", "a, b and c": a list for a sentence."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _day_month(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%B}"


def aleppo_events(start: str = "2012", end: str = "2017") -> pd.DataFrame:
    """The timeline's events that took place in Aleppo from ``start`` to the end of ``end``
    (years, or days such as "2016-12-22"), in date order."""
    events = load("events")
    in_aleppo = events["place_ids"].str.split(";").apply(lambda ids: "aleppo" in ids)
    last = pd.Timestamp(end) + pd.DateOffset(years=1) if len(end) == 4 else pd.Timestamp(end)
    chosen = events[in_aleppo & (events["date"] >= pd.Timestamp(start))
                    & (events["date"] < last)]
    return chosen.sort_values("date").reset_index(drop=True)


# ----------------------------------------------------------------------------- figures by name

def events_chart(words, *, start: str = "2012", end: str = "2017", show: bool = True):
    """The Aleppo events of the course's timeline, with how many there are and from when to when
    computed for the description."""
    from lessons import plots
    from lessons.timeline import when

    chosen = aleppo_events(start, end)
    counts = chosen["category"].value_counts()
    facts = {"events": len(chosen), "first": when(chosen.iloc[0]), "last": when(chosen.iloc[-1]),
             "kinds": ", ".join(f"{n} {name}" for name, n in counts.items())}
    return plots.timeline(chosen, title=words.title, description=words.describe(**facts),
                          show=show)


def control_chart(words, *, start: str = "2011-03-01", end: str = "2017-03-01",
                  show: bool = True):
    """Who held Aleppo over time, one lane split into east and west while the city was divided;
    the days the city split and was reunited come from data/city_control.csv."""
    from lessons import plots

    control = load("city_control")
    aleppo = control[(control["place_id"] == "aleppo")
                     & (control["start"] < pd.Timestamp(end))].reset_index(drop=True)
    east = aleppo[aleppo["part"] == "east"].iloc[0]
    facts = {"split": long_date(east["start"]), "reunited": long_date(east["end"])}
    return plots.control_chart(aleppo, start=start, end=end, title=words.title,
                               description=words.describe(**facts), show=show)


def places_map(words, *, place_ids=None, show: bool = True):
    """The map of the places in Aleppo named in lesson 5, with how many places and their names
    taken from data/places.csv for the description."""
    from lessons import maps

    chosen = list(place_ids or NAMED_PLACES)
    places = load("places").set_index("place_id").loc[chosen]
    facts = {"places": len(chosen), "names": ", ".join(places["name"])}
    return maps.city_map(chosen, title=words.title, description=words.describe(**facts),
                         show=show)


def _sides_facts(sides: pd.DataFrame) -> dict:
    """The numbers a sides map's description needs, counted from the rows it draws: the days,
    how many places each side held on each day, and who held a place on every map."""
    days = sorted(sides["date"].unique())
    held = {side: [int(((sides["date"] == day) & (sides["side"] == side)).sum()) for day in days]
            for side in ("rebels", "government", "kurdish-forces")}
    counted = [f"{n if n else 'none'} on {_day_month(pd.Timestamp(day))}"
               for n, day in zip(held["rebels"], days)]
    kurdish = [name for name, rows in sides.groupby("name")
               if len(rows) == len(days) and (rows["side"] == "kurdish-forces").all()]
    first, last = pd.Timestamp(days[0]), pd.Timestamp(days[-1])
    return {"maps": len(days), "places": sides["place_id"].nunique(),
            "days": _in_a_list([_day_month(pd.Timestamp(day)) for day in days]) + f" {last:%Y}",
            "first": _day_month(first), "last": _day_month(last),
            "rebels_by_day": _in_a_list(counted), "rebels_first": held["rebels"][0],
            "rebels_last": held["rebels"][-1], "government_first": held["government"][0],
            "government_last": held["government"][-1],
            "kurdish_always": _in_a_list(kurdish) if kurdish else "no place"}


def sides_map(words, *, dates=None, show: bool = True):
    """Small maps of Aleppo, one a day (``dates``; every day of the table if None), each place
    marked by the side that held it that day (data/aleppo_district_sides.csv); the landmarks
    inside the Old City share its marker. The description's counts are made from the same rows
    the maps draw."""
    from lessons import maps

    sides = district_sides(dates)
    if dates is None:
        dates = [f"{day:%Y-%m-%d}" for day in sorted(sides["date"].unique())]
    shown = sides[~sides["place_id"].isin(INSIDE_OLD_CITY)]
    names = load("places").set_index("place_id").loc[INSIDE_OLD_CITY, "name"]
    facts = {**_sides_facts(shown), "left_out": _in_a_list(list(names))}
    return maps.city_map(list(dict.fromkeys(shown["place_id"])), dates=list(dates),
                         title=words.title, description=words.describe(**facts),
                         legend_title=words.label("legend"), show=show)


def _counts_facts(rows: pd.DataFrame) -> dict:
    """The numbers a counts chart's description needs: how many counts, the lowest and highest,
    who gave the highest, and the days they span."""
    highest = rows.loc[rows["value"].idxmax()]
    lowest = rows.loc[rows["value"].idxmin()]
    return {"counts": len(rows), "low": f"{lowest['value']:,.0f}",
            "low_who": lowest["counter"], "high": f"{highest['value']:,.0f}",
            "high_who": highest["counter"], "first": long_date(rows["reported_on"].min()),
            "last": long_date(rows["reported_on"].max())}


def counts_chart(words, *, measure: str, last_day: str | None = None, group: bool = True,
                 show: bool = True):
    """Bars of every count of one measure (people displaced, evacuated...) reported by
    ``last_day``: one bar a count, labelled with who counted and when, coloured and patterned by
    whether the article cited it. The description's numbers come from the rows drawn."""
    from lessons import plots

    rows = counts_of(measure, last_day=last_day)
    shown = rows.rename(columns={"who_and_when": words.label("y"),
                                 "source": words.label("group")})
    return plots.bar(shown, label=words.label("y"), value="value",
                     group=words.label("group") if group else None, table="aleppo_figures",
                     title=words.title, value_label=words.label("value"),
                     sources=rows["source_ids"], description=words.describe(**_counts_facts(rows)),
                     show=show)

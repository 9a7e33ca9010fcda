"""Who held which city when (data/city_control.csv), as verbs a notebook cell can read like a
sentence: ``control_between("2011-03", "2016")``, ``city_periods("raqqa", "2011", "2016")``,
``control_card("cc-aleppo-02")``, and the city-control figures drawn by name."""

from __future__ import annotations

import pandas as pd

from lessons.data import load
from lessons.errors import CourseDataError
from lessons.tables import Card, Table, card, table
from lessons.timeline import _month_end, period_name, when

GOVERNMENT = "syrian-government"
SPLIT_PARTS = ("east", "west", "north", "south")
PART_WORDS = {"whole": "the whole city", "most": "most of the city", "east": "the east",
              "west": "the west", "north": "the north", "south": "the south",
              "contested": "fought over inside the city"}
PERIOD_COLUMNS = {"part_words": "which part", "held_by": "held by", "from": "from",
                  "until": "until"}


def _names(table_name: str, id_column: str) -> pd.Series:
    return load(table_name).set_index(id_column)["name"]


def _holders(controller: str) -> list[str]:
    """The actor ids in a controller cell ("syrian-government;fsa" for a contested city)."""
    return [actor for actor in controller.split(";") if actor]


def _held_by(controller: str, part: str, actor_names: pd.Series) -> str:
    names = [str(actor_names.get(actor, actor)) for actor in _holders(controller)]
    if part == "contested":
        return "contested between " + " and ".join(names)
    return " and ".join(names)


def _date_words(date, precision: str, *, open_end: str = "") -> str:
    """A start or end date as precisely as the sources give it; an open end in words."""
    if pd.isna(date):
        return open_end
    return when({"date": date, "date_precision": precision or "day"})


def control_between(start: str, end: str) -> pd.DataFrame:
    """The periods of control that overlap ``start`` to ``end`` (each a year, "2016-03" or a
    day), in the table's order: the rows a city chart of those dates draws."""
    control = load("city_control")
    first, last = pd.Timestamp(start), _month_end(end)
    ends = control["end"].fillna(last)
    overlaps = (control["start"] < last) & (ends > first)
    return control[overlaps].reset_index(drop=True)


def city_ids() -> list[str]:
    """The ids of the cities the control table covers ("aleppo", "deir-ez-zor"...)."""
    return list(dict.fromkeys(load("city_control")["place_id"]))


def city_periods(city: str, start: str = "2011", end: str = "2026") -> Table:
    """Who held one city (a place id such as "raqqa"), period by period between two dates,
    with each date as precisely as the sources give it."""
    if city not in city_ids():
        raise CourseDataError([f"the city control table has no city {city!r}; try one of: "
                               f"{', '.join(city_ids())}"])
    rows = control_between(start, end)
    rows = rows[rows["place_id"] == city].sort_values(["start", "part"])
    place_names, actor_names = _names("places", "place_id"), _names("actors", "actor_id")
    shown = rows.assign(
        part_words=[PART_WORDS[part] for part in rows["part"]],
        held_by=[_held_by(c, p, actor_names) for c, p in zip(rows["controller"], rows["part"])],
        until=[_date_words(d, p, open_end="still held at the latest date we checked")
               for d, p in zip(rows["end"], rows["end_precision"])],
    )
    shown["from"] = [_date_words(d, p) for d, p in zip(rows["start"], rows["start_precision"])]
    caption = (f"Who held {place_names.get(city, city)}: {len(rows)} periods of control "
               f"between {when({'date': pd.Timestamp(start), 'date_precision': 'year'})} and "
               f"{when({'date': pd.Timestamp(end), 'date_precision': 'year'})}.")
    return table(shown, PERIOD_COLUMNS, caption=caption)


def _source_names(source_ids: str) -> str:
    """Sources as readers know them: publisher and date, not the registry's ids."""
    registry = load("sources").set_index("source_id")
    lines = []
    for source_id in _holders(source_ids):
        row = registry.loc[source_id]
        published = str(row["published"])
        lines.append(f"{row['publisher']}, {period_name(published)}" if published
                     else str(row["publisher"]))
    return "; ".join(dict.fromkeys(lines))


def control_card(control_id: str) -> Card:
    """One period of control in full: the city and part, who held it, from when to when, the
    note on what happened and where sources differ, and the sources it rests on."""
    control = load("city_control")
    rows = control[control["control_id"] == control_id]
    if rows.empty:
        raise CourseDataError([f"the city control table has no row {control_id!r}"])
    row = rows.iloc[0]
    place_names, actor_names = _names("places", "place_id"), _names("actors", "actor_id")
    shown = pd.DataFrame([{
        "control_id": control_id,
        "part": PART_WORDS[row["part"]],
        "held_by": _held_by(row["controller"], row["part"], actor_names),
        "from": _date_words(row["start"], row["start_precision"]),
        "until": _date_words(row["end"], row["end_precision"],
                             open_end="still held at the latest date we checked"),
        "note": row["note"],
        "sources": _source_names(row["source_ids"]),
    }])
    columns = {"part": "which part", "held_by": "held by", "from": "from", "until": "until",
               "note": "what happened, and where sources differ",
               "sources": "sources (listed in full at the end of the lesson)"}
    return card(shown, control_id, columns, title=str(place_names.get(row["place_id"])))


# ----------------------------------------------------------------------------- facts and charts

def _spans(rows: pd.DataFrame) -> list[tuple]:
    """The rows as plain (place, start, end, holders) tuples: an open end is None. Charts ask
    who held what at many moments, and a loop over tuples is far quicker than a pandas mask
    each time."""
    ends = [None if pd.isna(end) else end for end in rows["end"]]
    return list(zip(rows["place_id"], rows["start"], ends,
                    [_holders(controller) for controller in rows["controller"]]))


def _held_at(spans: list[tuple], moment: pd.Timestamp) -> dict[str, set[str]]:
    held: dict[str, set[str]] = {}
    for place, start, end, holders in spans:
        if start <= moment and (end is None or end > moment):
            held.setdefault(place, set()).update(holders)
    return held


def holders_at(rows: pd.DataFrame, moment: pd.Timestamp) -> dict[str, set[str]]:
    """Each city's holders at one moment: {place id: {actor ids holding all or part of it}}."""
    return _held_at(_spans(rows), moment)


def changes_of_hands(rows: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Every time a city's holders changed between ``start`` and ``end``: one row a change,
    with the city and the date. A new row with the same holders (a city that was 'most' held
    becoming wholly held) is not a change of hands."""
    first, last = pd.Timestamp(start), _month_end(end)
    by_city: dict[str, list[tuple]] = {}
    for span in _spans(rows):
        by_city.setdefault(span[0], []).append(span)
    found = []
    for place, city in by_city.items():
        for moment in sorted({span[1] for span in city}):
            if first < moment <= last:
                before = _held_at(city, moment - pd.Timedelta(seconds=1)).get(place, set())
                after = _held_at(city, moment).get(place, set())
                if before != after:
                    found.append({"place_id": place, "date": moment})
    return pd.DataFrame(found, columns=["place_id", "date"]).astype({"date": "datetime64[us]"})


def _and(names: list[str]) -> str:
    """"Aleppo", "Aleppo and Daraa", "Aleppo, Daraa and Homs"; "none" for an empty list."""
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def control_facts(rows: pd.DataFrame, start: str, end: str) -> dict:
    """The numbers a city chart's description needs, all counted from the rows it draws."""
    place_names, actor_names = _names("places", "place_id"), _names("actors", "actor_id")
    first, last = pd.Timestamp(start), _month_end(end)
    cities = list(dict.fromkeys(rows["place_id"]))
    at_start, at_end = holders_at(rows, first), holders_at(rows, last)
    changes = changes_of_hands(rows, start, end)
    per_city = changes["place_id"].value_counts()
    per_year = changes["date"].dt.year.value_counts().sort_index()
    most = int(per_city.max()) if len(per_city) else 0
    end_counts = pd.Series([a for held in at_end.values() for a in held]).value_counts()
    top = str(end_counts.index[0]) if len(end_counts) else ""
    held = rows.loc[rows["part"] != "contested", "controller"]
    return {
        "cities": len(cities),
        "first": f"{first:%B %Y}",
        "last": f"{last:%B %Y}",
        "government_start": sum(GOVERNMENT in h for h in at_start.values()),
        "government_end": sum(GOVERNMENT in h for h in at_end.values()),
        "top_holder_end": str(actor_names.get(top, top)),
        "top_holder_end_cities": int(end_counts.iloc[0]) if len(end_counts) else 0,
        "divided": _and([str(place_names.get(p, p)) for p in cities
                         if rows.loc[rows["place_id"] == p, "part"].isin(SPLIT_PARTS).any()]),
        "changes": len(changes),
        "most_changes": most,
        "most_changed": _and([str(place_names.get(p, p)) for p in per_city.index
                              if per_city[p] == most]),
        "busiest_year": int(per_year.idxmax()) if len(per_year) else "",
        "busiest_changes": int(per_year.max()) if len(per_year) else 0,
        "holders": len(set(held)),
    }


def cities_held(words, *, start: str, end: str, show: bool = True):
    """A city-control figure from the catalogue: who held each city from ``start`` to ``end``,
    with a description whose counts (cities, changes of hands, holders) come from the rows
    drawn, so the number of cities always matches the number of lanes."""
    from lessons import plots

    rows = control_between(start, end)
    facts = control_facts(rows, start, end)
    return plots.control_chart(rows, start=start, end=str(_month_end(end).date()),
                               title=words.title, description=words.describe(**facts),
                               show=show)

"""Places (data/places.csv) as verbs a notebook cell can read like a sentence:
``governorate_seats()``, ``place_card("douma")``, ``distance_km("damascus", "raqqa")``, and the
region maps drawn by name from the lessons' catalogue (``figure("syria-and-neighbours")``)."""

from __future__ import annotations

import math

import pandas as pd

from lessons.data import shared
from lessons.errors import CourseError
from lessons.sources import named_each
from lessons.tables import Card, Table, card, table

PLACE_COLUMNS = {"name": "place", "name_ar": "name in Arabic", "governorate": "governorate",
                 "lat": "latitude (degrees north)", "lon": "longitude (degrees east)"}
EARTH_RADIUS_KM = 6371.0  # the mean radius, used for straight-line distances on the globe
COMPASS = ["north", "north-east", "east", "south-east", "south", "south-west", "west",
           "north-west"]


def _readable_places(places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Places (all of them, unless given) with their lists of other names and of sources
    written with commas, as people write lists."""
    if places is None:
        tables = [shared("places"), shared("sources")]
        # Made again only when places.csv or sources.csv has changed.
        if any(old is not new for old, new in zip(_READABLE, tables)):
            _READABLE[:] = [*tables, _readable_places(tables[0])]
        return _READABLE[2].copy()
    shown = places.copy()
    shown["sources"] = named_each(shown["source_ids"])
    shown["other_names"] = shown["other_names"].str.replace(";", ", ")
    return shown


_READABLE: list = [None, None, None]  # [the places and sources tables, places made readable]


def places_in(country: str) -> pd.DataFrame:
    """The places in one country (for example "Syria"), from north to south."""
    places = _readable_places()
    chosen = places[places["country"] == country]
    return chosen.sort_values("lat", ascending=False).reset_index(drop=True)


def governorate_seats() -> pd.DataFrame:
    """The seat (main city) of each of Syria's governorates, from north to south."""
    syria = places_in("Syria")
    return syria[syria["is_governorate_capital"]].reset_index(drop=True)


def places_table(places: pd.DataFrame | None = None, *, limit: int | None = None,
                 caption: str | None = None) -> Table:
    """Places for reading: name, Arabic name, governorate and position (a place's card adds its
    sources). With no ``places``, the whole table; ``limit`` shows only the first rows."""
    chosen = _readable_places(places)
    if caption is None:
        caption = (f"The first {limit} of the {len(chosen)} places in the table."
                   if limit else f"{len(chosen)} places.")
    return table(chosen, PLACE_COLUMNS, caption=caption, limit=limit)


def find_place(name: str) -> pd.Series:
    """One place, found by its id ("deir-ez-zor"), its name ("Deir ez-Zor") or another of its
    names ("Halab"), in any mix of capitals; an error suggests names if there is none."""
    places = _readable_places()
    wanted = name.strip().casefold()
    for _, place in places.iterrows():
        names = [place["place_id"], place["name"], *place["other_names"].split(",")]
        if wanted in {n.strip().casefold() for n in names if n.strip()}:
            return place
    raise CourseError(f"There is no place called {name!r} in the places table. Check the "
                      "spelling and keep the quotation marks, for example \"Raqqa\", \"Homs\" "
                      "or \"Daraa\".")


def place_card(name: str) -> Card:
    """One place in full: its names (English, other spellings, Arabic), where it is, any note
    on where sources differ, and the sources it rests on, listed beside the text."""
    place = find_place(name)
    columns = {"other_names": "other names", "name_ar": "name in Arabic", "kind": "kind",
               "country": "country", "governorate": "governorate",
               "is_governorate_capital": "seat of its governorate",
               "lat": "latitude (degrees north)", "lon": "longitude (degrees east)"}
    if place["note"]:
        columns["note"] = "note"
    columns["sources"] = "sources (see the list at the end of the lesson)"
    return card(_readable_places(), place["place_id"], columns, title=place["name"])


def distance_km(start: str, end: str) -> float:
    """The straight-line distance between two places over the globe, in kilometres (the
    haversine formula, on a round Earth of radius 6,371 km)."""
    a, b = find_place(start), find_place(end)
    lat1, lat2 = math.radians(a["lat"]), math.radians(b["lat"])
    dlat, dlon = lat2 - lat1, math.radians(b["lon"] - a["lon"])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def direction(start: str, end: str) -> str:
    """Which way ``end`` lies from ``start``, as one of eight compass points ("north-east")."""
    a, b = find_place(start), find_place(end)
    lat1, lat2 = math.radians(a["lat"]), math.radians(b["lat"])
    dlon = math.radians(b["lon"] - a["lon"])
    bearing = math.degrees(math.atan2(
        math.sin(dlon) * math.cos(lat2),
        math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)))
    return COMPASS[round((bearing % 360) / 45) % 8]


def _names(names: list[str]) -> str:
    """Names as a person lists them: "Damascus", "Damascus and Beirut", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def region_map(words, *, places: list[str], show: bool = True):
    """A map of Syria and its neighbours with the chosen places marked; the description names
    the capitals (squares) and other places (dots) from the data."""
    from lessons.maps import syria_map

    chosen = [find_place(name) for name in places]
    capitals = [p["name"] for p in chosen if p["kind"] == "capital"]
    others = [p["name"] for p in chosen if p["kind"] != "capital"]
    facts = {"capitals": _names(capitals), "others": _names(others)}
    return syria_map([p["place_id"] for p in chosen], title=words.title,
                     description=words.describe(**facts), show=show)


def seats_map(words, *, extra: list[str] = (), show: bool = True):
    """A map of Syria's governorate seats, with any ``extra`` places; the description counts
    the seats and lists them from north to south, from the data."""
    from lessons.maps import syria_map

    seats = governorate_seats()
    added = [find_place(name) for name in extra]
    facts = {"seats": len(seats), "north_to_south": _names(list(seats["name"])),
             "extra": _names([p["name"] for p in added])}
    return syria_map([*seats["place_id"], *(p["place_id"] for p in added)], title=words.title,
                     description=words.describe(**facts), show=show)


def city_and_capital_map(words, *, city: str, show: bool = True):
    """A map marking Damascus and one other place in Syria; the description says how far the
    place is from Damascus in a straight line, and in which direction, from the data."""
    from lessons.maps import syria_map

    place = find_place(city)
    if place["country"] != "Syria":
        raise CourseError(f"{place['name']} is not in Syria. Choose a place in Syria, for "
                          "example \"Raqqa\", \"Homs\" or \"Daraa\".")
    if place["place_id"] == "damascus":
        where = "no second place, because the city chosen is Damascus itself"
    else:
        marker = "a square" if place["kind"] == "capital" else "a dot"
        km = round(distance_km("damascus", place["place_id"]), -1)
        where = (f"{place['name']} with {marker}, about {km:,.0f} km "
                 f"{direction('damascus', place['place_id'])} of Damascus in a straight line")
    return syria_map(list(dict.fromkeys(["damascus", place["place_id"]])), title=words.title,
                     description=words.describe(city=place["name"], where=where), show=show)

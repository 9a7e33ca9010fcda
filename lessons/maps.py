"""Maps of Syria, its neighbours and its cities, drawn with matplotlib alone from the outlines
shipped in data/maps (Natural Earth, public domain) and the places table."""

from __future__ import annotations

import json
from functools import lru_cache

import matplotlib.pyplot as plt
from matplotlib.patches import Polygon

from lessons.data import data_dir, load
from lessons.errors import CourseDataError
from lessons.plots import PALETTE, finish

OUTLINES = "maps/syria_region.geojson"
OUTLINE_SOURCE = "natural-earth-admin0"
# Where each neighbour's name is written (longitude, latitude): inside the country and on screen.
LABELS = {"Turkey": (38.0, 37.8), "Iraq": (42.2, 33.2), "Jordan": (37.0, 31.2),
          "Lebanon": (35.0, 34.3), "Israel": (34.7, 31.1), "Syria": (38.6, 35.4)}


@lru_cache(maxsize=1)
def outlines() -> dict:
    """The shipped country outlines as a GeoJSON dictionary."""
    path = data_dir() / OUTLINES
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CourseDataError([f"data/{OUTLINES}: cannot be read ({exc})"]) from None


def _rings(geometry: dict):
    polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]])
    for polygon in polygons:
        yield polygon[0]  # the outer ring; lakes inside countries are not drawn


def draw_countries(ax, highlight: str = "Syria") -> None:
    """Fill each country: the highlighted one in sky blue, its neighbours in light grey, and the
    Golan Heights (assigned to no country in the source) hatched and labelled."""
    for feature in outlines()["features"]:
        name = feature["properties"]["name"]
        golan = name == "Golan Heights"
        colour = PALETTE["sky blue"] if name == highlight else "#e6e6e6"
        for ring in _rings(feature["geometry"]):
            ax.add_patch(Polygon(ring, closed=True, facecolor="white" if golan else colour,
                                 hatch="////" if golan else None, edgecolor="#444444",
                                 linewidth=0.8 if name == highlight else 0.5))
    ax.text(34.55, 33.0, "Mediterranean\nSea", ha="center", fontsize=9, style="italic",
            color="#1f4e79")
    ax.annotate("Golan Heights", xy=(35.73, 33.03), xytext=(34.1, 32.45), fontsize=8,
                arrowprops={"arrowstyle": "->", "color": "#444444"}, color="#222222")
    for name, (lon, lat) in LABELS.items():
        ax.text(lon, lat, name.upper() if name == highlight else name, ha="center",
                fontsize=12 if name == highlight else 10, color="#222222",
                fontweight="bold" if name == highlight else "normal", alpha=0.8)


def _label_spot(lon: float, lat: float, name: str, placed: list) -> tuple[int, int, str]:
    """Pick a label position (right, left, below or above the dot) that overlaps no earlier
    label, judged by a rough box in degrees; remembers the box it chose."""
    width, height = 0.1 * len(name) + 0.1, 0.22
    spots = [(5, 3, "left", 0.05, 0.02), (-5, 3, "right", -0.05 - width, 0.02),
             (5, -12, "left", 0.05, -0.25), (-5, -12, "right", -0.05 - width, -0.25),
             (5, 12, "left", 0.05, 0.2)]
    for dx, dy, align, box_x, box_y in spots:
        box = (lon + box_x, lat + box_y, lon + box_x + width, lat + box_y + height)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                   for b in placed):
            placed.append(box)
            return dx, dy, align
    return 5, 3, "left"


def syria_map(place_ids=None, *, title: str, description: str, sources=(), show: bool = True):
    """Syria and its neighbours, with the chosen places (ids in data/places.csv) marked.

    Capitals are squares, other places circles, so the marker shape (not colour) tells them apart.
    """
    places = load("places")
    if place_ids is not None:
        missing = sorted(set(place_ids) - set(places["place_id"]))
        if missing:
            raise CourseDataError([f"data/places.csv: no place with id {m!r}" for m in missing])
        places = places[places["place_id"].isin(place_ids)]
    fig, ax = plt.subplots(figsize=(6.5, 5.8))
    draw_countries(ax)
    placed: list[tuple[float, float, float, float]] = []
    for _, place in places.sort_values("lat", ascending=False).iterrows():
        capital = place["kind"] == "capital"
        ax.plot(place["lon"], place["lat"], marker="s" if capital else "o",
                markersize=8 if capital else 6, color=PALETTE["vermillion"] if capital
                else "black", markeredgecolor="white", zorder=3)
        dx, dy, align = _label_spot(place["lon"], place["lat"], place["name"], placed)
        ax.annotate(place["name"], (place["lon"], place["lat"]), xytext=(dx, dy), ha=align,
                    textcoords="offset points", fontsize=9, zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.75})
    ax.set_xlim(34.0, 43.5)
    ax.set_ylim(31.0, 38.3)
    ax.set_aspect(1.2)  # about right for degrees at Syria's latitude (1 / cos 35 degrees)
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    return finish(fig, ax, title=title, description=description, show=show,
                  sources=[OUTLINE_SOURCE, *sources],
                  also="place positions: data/places.csv (each row cites its own source)")

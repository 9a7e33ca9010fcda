"""Maps of Syria, its neighbours and its cities, drawn with matplotlib alone from the outlines
shipped in data/maps (Natural Earth, public domain) and the places table."""

from __future__ import annotations

import json
from functools import lru_cache

import matplotlib.pyplot as plt

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
    from matplotlib.collections import PolyCollection

    rings, faces, widths, golan_rings = [], [], [], []
    for feature in outlines()["features"]:
        name = feature["properties"]["name"]
        for ring in _rings(feature["geometry"]):
            if name == "Golan Heights":
                golan_rings.append(ring)
                continue
            rings.append(ring)
            faces.append(PALETTE["sky blue"] if name == highlight else "#e6e6e6")
            widths.append(0.8 if name == highlight else 0.5)
    # Collections, not one patch per ring: the map's limits are set by hand, so matplotlib need
    # not work out each outline's extent (that was a third of the map's drawing time).
    ax.add_collection(PolyCollection(rings, facecolors=faces, edgecolors="#444444",
                                     linewidths=widths), autolim=False)
    ax.add_collection(PolyCollection(golan_rings, facecolors="white", edgecolors="#444444",
                                     linewidths=0.5, hatch="////"), autolim=False)
    ax.text(34.55, 33.0, "Mediterranean\nSea", ha="center", fontsize=9, style="italic",
            color="#1f4e79")
    ax.annotate("Golan Heights", xy=(35.73, 33.03), xytext=(34.1, 32.45), fontsize=8,
                arrowprops={"arrowstyle": "->", "color": "#444444"}, color="#222222")
    for name, (lon, lat) in LABELS.items():
        ax.text(lon, lat, name.upper() if name == highlight else name, ha="center",
                fontsize=12 if name == highlight else 10, color="#222222",
                fontweight="bold" if name == highlight else "normal", alpha=0.8)


def _label_spot(lon: float, lat: float, name: str, placed: list,
                scale: float = 1.0) -> tuple[int, int, str]:
    """Pick a label position (right, left, below or above the dot) that overlaps no earlier
    label, judged by a rough box in degrees (times ``scale`` for a zoomed-in map); remembers the
    box it chose."""
    width, height = (0.1 * len(name) + 0.1) * scale, 0.22 * scale
    gap, low, high = 0.05 * scale, -0.25 * scale, 0.2 * scale
    spots = [(5, 3, "left", gap, 0.02 * scale), (-5, 3, "right", -gap - width, 0.02 * scale),
             (5, -12, "left", gap, low), (-5, -12, "right", -gap - width, low),
             (5, 12, "left", gap, high)]
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


def city_map(place_ids, *, title: str, description: str, sources=(), show: bool = True):
    """The chosen places inside one city (districts as circles, landmarks as triangles), on a
    grid of longitude and latitude. There are no street outlines: the map shows where places
    lie relative to each other."""
    places = load("places").set_index("place_id")
    missing = sorted(set(place_ids) - set(places.index))
    if missing:
        raise CourseDataError([f"data/places.csv: no place with id {m!r}" for m in missing])
    chosen = places.loc[list(place_ids)].reset_index()
    fig, ax = plt.subplots(figsize=(6, 5))
    span = max(chosen["lon"].max() - chosen["lon"].min(), chosen["lat"].max() - chosen["lat"].min())
    placed: list = []
    for _, place in chosen.sort_values("lat", ascending=False).iterrows():
        landmark = place["kind"] == "landmark"
        ax.plot(place["lon"], place["lat"], marker="^" if landmark else "o", markersize=8,
                color=PALETTE["vermillion"] if landmark else PALETTE["blue"],
                markeredgecolor="black", zorder=3)
        dx, dy, align = _label_spot(place["lon"], place["lat"], place["name"], placed,
                                    scale=span / 4)
        ax.annotate(place["name"], (place["lon"], place["lat"]), xytext=(dx, dy), ha=align,
                    textcoords="offset points", fontsize=9, zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.8})
    margin = span * 0.25
    ax.set_xlim(chosen["lon"].min() - margin, chosen["lon"].max() + margin)
    ax.set_ylim(chosen["lat"].min() - margin, chosen["lat"].max() + margin)
    ax.set_aspect(1.24)  # 1 / cos(36 degrees): degrees of longitude are shorter at Aleppo
    ax.grid(color="#dddddd", linewidth=0.6)
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    handles = [plt.Line2D([], [], marker="o", color=PALETTE["blue"], markeredgecolor="black",
                          linestyle="none", label="district"),
               plt.Line2D([], [], marker="^", color=PALETTE["vermillion"],
                          markeredgecolor="black", linestyle="none", label="landmark")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return finish(fig, ax, title=title, description=description, show=show,
                  sources=list(sources) or list(chosen["source_ids"]), table="places")

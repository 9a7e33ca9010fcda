"""Maps of Syria, its neighbours and its cities, drawn with matplotlib alone from the outlines
shipped in data/maps (Natural Earth, public domain) and the places table.

Labels are placed by measuring them: each label is drawn, its real extent on the page is read
from the renderer, and the next candidate spot is tried until the label overlaps no other text,
no marker and nothing outside the map. Country names are only put where all of the text lies on
that country's land."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Bbox, ScaledTranslation

from lessons.data import data_dir, load
from lessons.errors import CourseDataError
from lessons.plots import PALETTE, finish

OUTLINES = "maps/syria_region.geojson"
LOCATOR_OUTLINES = "maps/region_locator.geojson"
OUTLINE_SOURCE = "natural-earth-admin0"
# Where we would like each country's name (longitude, latitude); the name goes to the nearest
# spot where all of it fits on that country's land and clear of other text.
LABELS = {"Turkey": (38.0, 37.8), "Iraq": (42.2, 33.6), "Jordan": (37.0, 31.6),
          "Lebanon": (35.85, 33.95), "Israel": (34.85, 31.3), "Syria": (38.6, 35.4)}
SYRIA_EXTENT = (34.0, 43.5, 31.0, 38.3)  # west, east, south, north of the map of Syria
LOCATOR_EXTENT = (-20.0, 65.0, 10.0, 55.0)  # the same for the small map of the wider region
LAND_GREY = "#e6e6e6"
EDGE = "#444444"
# Who held a district of Aleppo: colour and marker shape together, so colour is never the only
# cue. "divided" is a circle half in the government's colour and half in the rebels'.
SIDES = {
    "government": {"label": "government", "marker": "s", "color": PALETTE["blue"]},
    "rebels": {"label": "rebels (armed opposition)", "marker": "^",
               "color": PALETTE["vermillion"]},
    "kurdish-forces": {"label": "Kurdish-led forces (YPG)", "marker": "D",
                       "color": PALETTE["bluish green"]},
    "divided": {"label": "divided between government and rebels", "marker": "o",
                "color": PALETTE["blue"], "alt": PALETTE["vermillion"]},
}
# A landmark on a city map: a grey star, a shape and colour no side uses on the sides maps.
LANDMARK = {"marker": "*", "color": "#999999", "size": 12}
HULL = {"face": "#f3f1ec", "edge": "#8a8272"}  # the shaded outline round a city map's places
SIDES_TABLE = "aleppo_district_sides"
SIDES_LEGEND = "Who held the place that day (colour and shape)"
KM_PER_DEGREE = 111.32  # a degree of latitude; a degree of longitude is this times cos(latitude)
GAP = 2.0  # pixels kept clear around every label
NOTE_SIZE = 9  # points: the map's key, notes and small labels, readable at 100%
CLEARLY_NEARER = 6.0  # points: a label is this much nearer its own marker than any other


@lru_cache(maxsize=2)
def outlines(name: str = OUTLINES) -> dict:
    """The shipped country outlines (Syria's region, or the coarse locator) as GeoJSON."""
    path = data_dir() / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CourseDataError([f"data/{name}: cannot be read ({exc})"]) from None


def _rings(geometry: dict):
    polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]])
    for polygon in polygons:
        yield polygon[0]  # the outer ring; lakes inside countries are not drawn


def _country_paths(name: str, source: str = OUTLINES) -> list[Path]:
    return [Path(np.asarray(ring)) for feature in outlines(source)["features"]
            if feature["properties"]["name"] == name for ring in _rings(feature["geometry"])]


# ---- measuring and placing labels -------------------------------------------------------

def _renderer(fig):
    """The renderer that measures text as it will be drawn (the layout is fixed first)."""
    return fig.canvas.get_renderer()


def _padded(box: Bbox, pad: float = GAP) -> Bbox:
    return Bbox.from_extents(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)


def _clear(box: Bbox, taken: list[Bbox], frame: Bbox) -> bool:
    inside = (box.x0 >= frame.x0 and box.y0 >= frame.y0 and box.x1 <= frame.x1
              and box.y1 <= frame.y1)
    return inside and not any(box.overlaps(other) for other in taken)


def _marker_box(ax, lon: float, lat: float, size_points: float) -> Bbox:
    x, y = ax.transData.transform((lon, lat))
    half = size_points / 72 * ax.figure.dpi / 2 + 1
    return Bbox.from_extents(x - half, y - half, x + half, y + half)


def _candidates():
    """Spots to try for a label, in points from its marker: close beside it first, then further
    out along eight directions (those get a thin leader line back to the marker)."""
    # 7 points: clear of the largest marker's box (9 points wide, with its margin)
    near = [(7, 0), (-7, 0), (0, 8), (0, -8), (6, 6), (-6, 6), (6, -6), (-6, -6)]
    for dx, dy in near:
        yield dx, dy, False
    for distance in (16, 26, 38, 52):
        for step in range(8):
            angle = math.radians(step * 45)
            yield (round(distance * math.cos(angle), 1), round(distance * math.sin(angle), 1),
                   True)


def _alignment(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 0.5 else "right" if dx < -0.5 else "center"
    va = "bottom" if dy > 0.5 else "top" if dy < -0.5 else "center"
    return ha, va


def place_point_labels(ax, points, taken: list[Bbox], *, fontsize: float = 9,
                       markers: list[tuple[float, float, Bbox]] | None = None) -> list:
    """Label each (lon, lat, name) point at the first spot whose measured text box overlaps no
    box in ``taken`` (other labels, markers) and stays inside the axes; adds each box to
    ``taken``. A label with no free spot goes where it overlaps least.

    With ``markers`` (every marker on the map as lon, lat and its box) a spot is also avoided
    if it would point at the wrong place: a label about as near another marker as its own, a
    leader line that crosses another marker or label, or a label over another label's leader."""
    fig = ax.figure
    renderer = _renderer(fig)
    frame = _padded(ax.get_window_extent(renderer), -GAP)
    scale = fig.dpi / 72  # display units a point
    shown = _shown_markers(ax, markers)
    # Boxes as plain (x0, y0, x1, y1) numbers: tested against every other box at every spot,
    # Bbox.overlaps would be most of the time a map takes.
    edges, taken_extents = _extents(frame), [_extents(box) for box in taken]
    texts = []
    leaders: list[Path] = []  # the leader lines drawn so far, in display units
    for lon, lat, name in points:
        # One text a point, tried at each spot in turn (moving it is cheaper than a new one).
        text = ax.text(lon, lat, name, fontsize=fontsize, zorder=5, color="#111111",
                       bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none",
                             "alpha": 0.8})
        best = None  # (overlaps, box, dx, dy, leader) of the least bad spot so far
        at_anchor: dict[tuple[str, str], Bbox] = {}  # the text's box set at its point, by alignment
        for dx, dy, leader in _candidates():
            # Measured once an alignment, at the point itself: a spot dx, dy points away only
            # moves that box (the same box matplotlib measures there, without laying it out).
            alignment = _alignment(dx, dy)
            if alignment not in at_anchor:
                _put(text, ax, 0, 0, alignment)
                at_anchor[alignment] = _padded(text.get_window_extent(renderer))
            box = at_anchor[alignment].translated(dx * scale, dy * scale)
            here = _extents(box)
            inside = (here[0] >= edges[0] and here[1] >= edges[1] and here[2] <= edges[2]
                      and here[3] <= edges[3])
            overlaps = sum(_meets(here, other) for other in taken_extents)
            hits = 0 if inside and not overlaps else 1 + overlaps + 5 * (not inside)
            if markers is not None:  # a collision always costs more than pointing unclearly
                hits += _misleading(ax, (lon, lat), box, (dx, dy, leader), shown, taken,
                                    leaders)
            if best is None or hits < best[0]:
                best = (hits, box, dx, dy, leader)
            if hits == 0:
                break
        _, box, dx, dy, leader = best
        _put(text, ax, dx, dy)
        taken.append(box)
        taken_extents.append(_extents(box))
        texts.append(text)
        if leader:
            _leader(ax, lon, lat, dx, dy)
            leaders.append(_leader_path(ax, lon, lat, dx, dy))  # for the labels after it
    return texts


def _extents(box: Bbox) -> tuple[float, float, float, float]:
    """A box as (left, bottom, right, top), whichever way round its corners were given."""
    (x0, y0), (x1, y1) = box.get_points()
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _meets(a: tuple, b: tuple) -> bool:
    """Whether two boxes given by ``_extents`` overlap or touch (as Bbox.overlaps says)."""
    return not (b[2] < a[0] or b[0] > a[2] or b[3] < a[1] or b[1] > a[3])


def _put(text, ax, dx: float, dy: float, alignment: tuple[str, str] | None = None) -> None:
    """Set a label (dx, dy) points from its anchor, aligned away from it (or as ``alignment``
    says)."""
    ha, va = alignment or _alignment(dx, dy)
    text.set_transform(ax.transData + ScaledTranslation(dx / 72, dy / 72,
                                                        ax.figure.dpi_scale_trans))
    text.set_horizontalalignment(ha)
    text.set_verticalalignment(va)


def _shown_markers(ax, markers) -> list | None:
    """Every marker as ((lon, lat), (x, y) in display units, its box): transformed once a map,
    not once for every spot tried."""
    if markers is None:
        return None
    return [((mlon, mlat), tuple(ax.transData.transform((mlon, mlat))), mbox)
            for mlon, mlat, mbox in markers]


def _gap(box: Bbox, x: float, y: float) -> float:
    """How far the point (x, y) lies from the box, in display units (0 inside it)."""
    return math.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))


def _leader_path(ax, lon: float, lat: float, dx: float, dy: float) -> Path:
    """The leader line of a label set (dx, dy) points from its marker, in display units."""
    x, y = ax.transData.transform((lon, lat))
    scale = ax.figure.dpi / 72
    return Path([(x + dx * 0.35 * scale, y + dy * 0.35 * scale),
                 (x + dx * scale, y + dy * scale)])


def _misleading(ax, point, box: Bbox, spot, markers, taken: list[Bbox], leaders) -> int:
    """1 if a label at ``box`` (set ``spot`` = dx, dy, leader from ``point``) would seem to
    name another marker than its own or hide a line, else 0: without a leader, another marker
    lies about as near the label as its own (within CLEARLY_NEARER); with one, the leader
    crosses another marker or a label already placed; or the label lies over an earlier
    leader. ``markers`` are as ``_shown_markers`` gives them."""
    dx, dy, leader = spot
    point = tuple(point)
    if any(line.intersects_bbox(box) for line in leaders):
        return 1
    if not leader:
        x, y = next((xy for where, xy, _ in markers if where == point), None) or \
            ax.transData.transform(point)
        clearly = _gap(box, x, y) + CLEARLY_NEARER * ax.figure.dpi / 72
        return int(any(_gap(box, ox, oy) < clearly for where, (ox, oy), _ in markers
                       if where != point))
    own = [mbox for where, _, mbox in markers if where == point]
    line = _leader_path(ax, point[0], point[1], dx, dy)
    return int(any(line.intersects_bbox(other) for other in taken if other not in own))


def _leader(ax, lon: float, lat: float, dx: float, dy: float) -> None:
    """A thin grey line from a marker out to its label, drawn in data units."""
    start, end = ax.transData.inverted().transform(_leader_path(ax, lon, lat, dx, dy).vertices)
    ax.add_line(Line2D([start[0], end[0]], [start[1], end[1]], color="#777777",
                       linewidth=0.6, zorder=4))


def place_country_label(ax, name: str, prefer: tuple[float, float], taken: list[Bbox], *,
                        fontsize: float = 10, weight: str = "normal") -> object | None:
    """Write a country's name at the spot nearest ``prefer`` where all of the text lies on that
    country's land (on this map), clear of every box in ``taken``. Returns None (and writes
    nothing) if the name fits nowhere on this map."""
    fig = ax.figure
    renderer = _renderer(fig)
    frame = _padded(ax.get_window_extent(renderer), -GAP)
    paths = _country_paths(name)
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    grid = np.array([(lon, lat) for lon in np.linspace(west, east, 48)
                     for lat in np.linspace(south, north, 40)])
    spots = np.array(sorted(map(tuple, grid[_on_land(paths, grid)]),
                            key=lambda spot: math.dist(spot, prefer)))
    if not len(spots):
        return None
    shown = ax.transData.transform(spots)  # every spot, in display units
    to_data = ax.transData.inverted()
    label = name.upper() if weight == "bold" else name
    for angle in (0, 50, -50):  # a long, narrow country (Lebanon) may need slanted text
        # The text is measured once, at the first spot: moved to another, its box moves with it.
        text = ax.text(*spots[0], label, ha="center", va="center", fontsize=fontsize,
                       fontweight=weight, color="#222222", zorder=3, rotation=0,
                       rotation_mode="anchor")
        flat = _padded(text.get_window_extent(renderer))
        text.set_rotation(angle)
        first = _padded(text.get_window_extent(renderer))
        shift = shown - shown[0]
        boxes = np.column_stack([first.x0 + shift[:, 0], first.y0 + shift[:, 1],
                                 first.x1 + shift[:, 0], first.y1 + shift[:, 1]])
        fits = np.flatnonzero(_clear_of(boxes, taken, frame))
        if len(fits):
            edges = shown[fits][:, None, :] + _outline_offsets(flat, angle)[None, :, :]
            on_land = _on_land(paths, to_data.transform(edges.reshape(-1, 2)))
            landed = fits[on_land.reshape(len(fits), -1).all(axis=1)]
            if len(landed):
                text.set_position(tuple(spots[landed[0]]))
                taken.append(Bbox.from_extents(*boxes[landed[0]]))
                return text
        text.remove()
    return None


def _clear_of(boxes: np.ndarray, taken: list[Bbox], frame: Bbox) -> np.ndarray:
    """For each box (x0, y0, x1, y1, display units), what _clear says of it: inside ``frame``
    and touching no box in ``taken``."""
    x0, y0, x1, y1 = boxes.T
    clear = (x0 >= frame.x0) & (y0 >= frame.y0) & (x1 <= frame.x1) & (y1 <= frame.y1)
    for other in taken:
        clear &= ((other.x1 < x0) | (other.x0 > x1) | (other.y1 < y0) | (other.y0 > y1))
    return clear


def _on_land(paths: list[Path], points: np.ndarray) -> np.ndarray:
    """For each point (longitude, latitude), whether it lies inside any of the paths."""
    inside = np.zeros(len(points), dtype=bool)
    for path in paths:
        inside |= path.contains_points(points)
    return inside


def _outline_offsets(flat: Bbox, angle: float) -> np.ndarray:
    """Points round the edge of a (possibly slanted) text whose unturned box is ``flat``, from
    its centre, in display units: its corners and the middles of its sides, turned by ``angle``
    degrees."""
    half_w, half_h = flat.width / 2, flat.height / 2
    edge = np.array([(-half_w, -half_h), (half_w, -half_h), (-half_w, half_h), (half_w, half_h),
                     (0, -half_h), (0, half_h), (-half_w, 0), (half_w, 0)])
    turn = math.radians(angle)
    rotation = np.array([[math.cos(turn), math.sin(turn)], [-math.sin(turn), math.cos(turn)]])
    return edge @ rotation


# ---- the map of Syria and its neighbours ------------------------------------------------

def draw_countries(ax, highlight: str = "Syria", *, source: str = OUTLINES,
                   linewidth: float = 0.5) -> None:
    """Fill each country: the highlighted one in sky blue, the others in light grey, and the
    Golan Heights (assigned to no country in the source) hatched. Names are placed separately,
    once the map's layout is fixed (see place_country_label)."""
    rings, faces, widths, golan_rings = [], [], [], []
    for feature in outlines(source)["features"]:
        name = feature["properties"]["name"]
        for ring in _rings(feature["geometry"]):
            if name == "Golan Heights":
                golan_rings.append(ring)
                continue
            rings.append(ring)
            faces.append(PALETTE["sky blue"] if name == highlight else LAND_GREY)
            widths.append(linewidth * 1.6 if name == highlight else linewidth)
    # Collections, not one patch per ring: the map's limits are set by hand, so matplotlib need
    # not work out each outline's extent (that was a third of the map's drawing time).
    ax.add_collection(PolyCollection(rings, facecolors=faces, edgecolors=EDGE,
                                     linewidths=widths), autolim=False)
    if golan_rings:
        ax.add_collection(PolyCollection(golan_rings, facecolors="white", edgecolors=EDGE,
                                         linewidths=linewidth, hatch="////"), autolim=False)


def _locator_inset(ax, taken: list[Bbox]) -> None:
    """A small map of Europe, the Middle East and North Africa in the lower right corner, with
    Syria in sky blue and a box round the area the main map shows."""
    inset = ax.inset_axes([0.635, 0.0, 0.365, 0.3])
    inset.set_facecolor("#f2f6fa")
    draw_countries(inset, source=LOCATOR_OUTLINES, linewidth=0.2)
    west, east, south, north = SYRIA_EXTENT
    inset.add_patch(Rectangle((west, south), east - west, north - south, fill=False,
                              edgecolor="black", linewidth=1.2, zorder=4))
    inset.set_xlim(LOCATOR_EXTENT[0], LOCATOR_EXTENT[1])
    inset.set_ylim(LOCATOR_EXTENT[2], LOCATOR_EXTENT[3])
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_visible(True)
        spine.set_edgecolor(EDGE)
    renderer = _renderer(ax.figure)
    note = inset.text(1.0, 1.0, "Where Syria is (the box\nshows the main map)",
                      transform=inset.transAxes + ScaledTranslation(0, 3 / 72,
                                                                    ax.figure.dpi_scale_trans),
                      ha="right", va="bottom", fontsize=NOTE_SIZE, color="#111111", zorder=6,
                      bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                            "alpha": 0.9})
    taken.append(_padded(inset.get_window_extent(renderer), 4))
    taken.append(_padded(note.get_window_extent(renderer), 3))


def _fixed_labels(ax, taken: list[Bbox]) -> None:
    """The sea's name and the Golan Heights' name with its arrow (the arrow drawn apart from
    the text, so the text's measured box is the text alone). The hatched patch itself and the
    arrow are kept clear too, so no place's name is written over them."""
    renderer = _renderer(ax.figure)
    sea = ax.text(34.55, 33.0, "Mediterranean\nSea", ha="center", fontsize=9, style="italic",
                  color="#1f4e79")
    golan = ax.text(34.1, 32.45, "Golan Heights", fontsize=NOTE_SIZE, color="#222222")
    start, end = (34.75, 32.6), (35.6, 32.85)
    ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "->", "color": EDGE})
    taken.extend(_padded(t.get_window_extent(renderer)) for t in (sea, golan))
    for path in _country_paths("Golan Heights"):
        corners = ax.transData.transform(path.get_extents().get_points())
        taken.append(Bbox(corners))
    for share in np.linspace(0, 1, 9):  # small boxes along the arrow
        x, y = ax.transData.transform((start[0] + (end[0] - start[0]) * share,
                                       start[1] + (end[1] - start[1]) * share))
        taken.append(Bbox.from_extents(x - 3, y - 3, x + 3, y + 3))


def _map_key(ax, shown_kinds: set[str], taken: list[Bbox]) -> None:
    """The key to the map's marks, in its upper left corner: square = capital, dot = the
    other places, hatching = the Golan Heights."""
    dots = "city or town" if "town" in shown_kinds else "city"
    handles = [Line2D([], [], marker="s", markersize=8, color=PALETTE["vermillion"],
                      markeredgecolor="white", linestyle="none", label="capital city"),
               Line2D([], [], marker="o", markersize=6, color="black",
                      markeredgecolor="white", linestyle="none", label=dots),
               Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=EDGE, hatch="////",
                         label="Golan Heights")]
    key = ax.legend(handles=handles, loc="upper left", fontsize=NOTE_SIZE, framealpha=0.95,
                    edgecolor="#999999", borderpad=0.4, handletextpad=0.4)
    key.set_zorder(6)
    taken.append(_padded(key.get_window_extent(_renderer(ax.figure)), 3))


def _distance_line(ax, start: pd.Series, end: pd.Series, taken: list[Bbox]) -> None:
    """A dashed straight line from one place to another, labelled with its length in km at
    its middle (rounded to 10 km, as the figure's description gives it)."""
    from lessons.places import distance_km

    km = round(distance_km(start["place_id"], end["place_id"]), -1)
    ax.plot([start["lon"], end["lon"]], [start["lat"], end["lat"]], color="#111111",
            linewidth=1.4, linestyle="--", zorder=2.5)
    renderer = _renderer(ax.figure)
    for share in np.linspace(0.12, 0.88, 12):  # keep place names off the line
        x, y = ax.transData.transform((start["lon"] + (end["lon"] - start["lon"]) * share,
                                       start["lat"] + (end["lat"] - start["lat"]) * share))
        taken.append(Bbox.from_extents(x - 3, y - 3, x + 3, y + 3))
    middle = ((start["lon"] + end["lon"]) / 2, (start["lat"] + end["lat"]) / 2)
    label = ax.text(*middle, f"about {km:,.0f} km", ha="center", va="center", fontsize=10,
                    fontweight="bold", color="#111111", zorder=6,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#111111",
                          "lw": 0.6})
    taken.append(_padded(label.get_window_extent(renderer)))


def syria_map(place_ids=None, *, title: str, description: str, sources=(), show: bool = True,
              locator: bool = True, distance_from: str | None = None):
    """Syria and its neighbours, with the chosen places (ids in data/places.csv) marked, and a
    small map of the wider region showing where Syria is (``locator=False`` leaves it out).

    Capitals are squares, other places circles, so the marker shape (not colour) tells them
    apart; a key in the corner says so. With ``distance_from`` (a place id) a line runs from
    that place to each other place, labelled with its length. A map of a capital and one other
    place draws that line from the capital unasked: the distance is what such a map shows.
    """
    places = load("places")
    if place_ids is not None:
        missing = sorted(set(place_ids) - set(places["place_id"]))
        if missing:
            raise CourseDataError([f"data/places.csv: no place with id {m!r}" for m in missing])
        places = places[places["place_id"].isin(place_ids)]
    fig, ax = plt.subplots(figsize=(6.5, 5.8))
    draw_countries(ax)
    west, east, south, north = SYRIA_EXTENT
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1.2)  # about right for degrees at Syria's latitude (1 / cos 35 degrees)
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)  # the layout finish() will use
    ax.apply_aspect()
    fixed: list[Bbox] = []
    if locator:
        _locator_inset(ax, fixed)
    _fixed_labels(ax, fixed)
    _map_key(ax, set(places["kind"]), fixed)
    capitals = places[places["kind"] == "capital"]
    if distance_from is None and len(places) == 2 and len(capitals) == 1:
        distance_from = capitals["place_id"].iloc[0]
    if distance_from is not None:
        start = places[places["place_id"] == distance_from].iloc[0]
        for _, end in places[places["place_id"] != distance_from].iterrows():
            _distance_line(ax, start, end, fixed)
    ordered = places.sort_values("lat", ascending=False)
    markers = []
    for _, place in ordered.iterrows():
        capital = place["kind"] == "capital"
        size = 8 if capital else 6
        # Dots over squares: a city next to a capital (Douma by Damascus) stays in sight.
        ax.plot(place["lon"], place["lat"], marker="s" if capital else "o", markersize=size,
                color=PALETTE["vermillion"] if capital else "black", markeredgecolor="white",
                zorder=3 if capital else 3.5)
        markers.append(_marker_box(ax, place["lon"], place["lat"], size))
    # Country names first, kept a little way from the markers so that the places' own names
    # still have room beside them; where that leaves no room, smaller and closer.
    countries: list[Bbox] = []
    roomy = [_padded(box, 14) for box in markers]
    for name, prefer in LABELS.items():
        bold = name == "Syria"
        text = place_country_label(ax, name, prefer, fixed + countries + roomy,
                                   fontsize=12 if bold else 10,
                                   weight="bold" if bold else "normal")
        if text is None:
            text = place_country_label(ax, name, prefer, fixed + countries + markers,
                                       fontsize=8)
        if text is not None:
            countries.append(_padded(text.get_window_extent(_renderer(fig))))
    place_point_labels(ax, list(zip(ordered["lon"], ordered["lat"], ordered["name"])),
                       fixed + countries + markers)
    return finish(fig, ax, title=title, description=description, show=show,
                  sources=[OUTLINE_SOURCE, *sources],
                  also="place positions: the course's table of places (each row cites its "
                       "own source)")


# ---- maps of a city ---------------------------------------------------------------------

def _chosen_places(place_ids) -> pd.DataFrame:
    """The rows of data/places.csv for the ids, in their order; unknown ids are an error."""
    places = load("places").set_index("place_id")
    missing = sorted(set(place_ids) - set(places.index))
    if missing:
        raise CourseDataError([f"data/places.csv: no place with id {m!r}" for m in missing])
    return places.loc[list(place_ids)].reset_index()


def _city_frame(ax, chosen, margin_share: float = 0.3) -> None:
    """Limits round the chosen places, the aspect of degrees at Aleppo's latitude, and a light
    outline of the area the places cover (their convex hull: not a border or a front line)."""
    span = max(chosen["lon"].max() - chosen["lon"].min(),
               chosen["lat"].max() - chosen["lat"].min())
    margin = span * margin_share
    ax.set_xlim(chosen["lon"].min() - margin, chosen["lon"].max() + margin)
    ax.set_ylim(chosen["lat"].min() - margin, chosen["lat"].max() + margin)
    ax.set_aspect(1.24)  # 1 / cos(36 degrees): degrees of longitude are shorter at Aleppo
    hull = _convex_hull(list(zip(chosen["lon"], chosen["lat"])))
    if len(hull) >= 3:
        ax.add_patch(Polygon(hull, closed=True, facecolor=HULL["face"], edgecolor=HULL["edge"],
                             linewidth=0.8, linestyle="--", zorder=0))


def _hull_handle() -> Polygon:
    """The key's entry for the shaded outline round a city map's places."""
    return Polygon([(0, 0), (1, 0), (1, 1)], closed=True, facecolor=HULL["face"],
                   edgecolor=HULL["edge"], linewidth=0.8, linestyle="--",
                   label="shaded area: joins the outermost places\n(not a border or a front line)")


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The corners of the smallest convex shape round the points (Andrew's monotone chain)."""
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def turn(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in points:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def city_map(place_ids=None, *, title: str, description: str, sources=(), show: bool = True,
             dates: Sequence[str] | None = None, legend_title: str = SIDES_LEGEND):
    """The chosen places inside one city (districts as circles, landmarks as grey stars) on a
    grid of longitude and latitude, inside a light outline of the area they cover.

    With ``dates`` (days in data/aleppo_district_sides.csv) it draws one small map a day
    instead, each place marked by the side that held it that day; a place with no sourced side
    on a day is left off that day's map. ``place_ids`` None means every place in that table;
    ``legend_title`` heads the key to the sides."""
    if dates:
        return _sides_map(place_ids, dates, title=title, description=description,
                          sources=sources, show=show, legend_title=legend_title)
    chosen = _chosen_places(place_ids)
    fig, ax = plt.subplots(figsize=(6.6, 5.4))
    _city_frame(ax, chosen)
    ax.grid(color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    handles = [Line2D([], [], marker="o", color=PALETTE["blue"], markeredgecolor="black",
                      linestyle="none", label="district"),
               Line2D([], [], marker=LANDMARK["marker"], color=LANDMARK["color"],
                      markeredgecolor="black", markersize=LANDMARK["size"], linestyle="none",
                      label="landmark"),
               _hull_handle()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize=NOTE_SIZE + 1)
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    ax.apply_aspect()
    markers = []
    ordered = chosen.sort_values("lat", ascending=False)
    for _, place in ordered.iterrows():
        landmark = place["kind"] == "landmark"
        ax.plot(place["lon"], place["lat"], marker=LANDMARK["marker"] if landmark else "o",
                markersize=LANDMARK["size"] if landmark else 8,
                color=LANDMARK["color"] if landmark else PALETTE["blue"],
                markeredgecolor="black", zorder=3)
        size = LANDMARK["size"] * 0.8 if landmark else 8  # a star fills less than its size
        markers.append((place["lon"], place["lat"],
                        _marker_box(ax, place["lon"], place["lat"], size)))
    place_point_labels(ax, list(zip(ordered["lon"], ordered["lat"], ordered["name"])),
                       [box for _, _, box in markers], markers=markers)
    return finish(fig, ax, title=title, description=description, show=show,
                  sources=list(sources) or list(chosen["source_ids"]), table="places")


def _long_date(day) -> str:
    day = np.datetime64(day, "D").astype(object)
    return f"{day.day} {day:%B %Y}"


def _sides_map(place_ids, dates, *, title: str, description: str, sources, show: bool,
               legend_title: str):
    """Small multiples: one map of the city a day, each place marked by who held it."""
    sides = load(SIDES_TABLE)
    days = [pd.Timestamp(day) for day in dates]
    unknown = [d for d in days if d not in set(sides["date"])]
    if unknown:
        raise CourseDataError([f"data/{SIDES_TABLE}.csv: no rows for {d:%Y-%m-%d}"
                               for d in unknown])
    ids = list(place_ids) if place_ids is not None else list(dict.fromkeys(sides["place_id"]))
    chosen = _chosen_places(ids)
    rows = sides[sides["place_id"].isin(ids) & sides["date"].isin(days)]
    columns = 2 if len(days) > 1 else 1
    lines = math.ceil(len(days) / columns)
    width, panel, top, foot = 9.6, 4.1, 0.5, 1.15  # inches: a panel, the title, the legend
    height = lines * panel + top + foot
    fig = plt.figure(figsize=(width, height))
    frame = fig.add_axes([0, 0, 1, 1])  # carries the title and source line for the whole figure
    frame.set_axis_off()
    panels = []
    for number, day in enumerate(days):
        row, column = divmod(number, columns)
        left = 0.07 + column * 0.48
        bottom = (foot + (lines - 1 - row) * panel + 0.45) / height
        ax = fig.add_axes([left, bottom, 0.43, (panel - 0.75) / height])
        panels.append(ax)
        _city_frame(ax, chosen, margin_share=0.22)
        ax.set_title(_long_date(day), loc="left", fontsize=11)
        ax.tick_params(labelsize=7)
        ax.locator_params(nbins=4)
        # Every panel shows the same part of the city, so the degrees are written once, along
        # the bottom row and the left column, as on a page of small maps.
        ax.tick_params(labelbottom=row == lines - 1, labelleft=column == 0)
        if row == lines - 1:
            ax.set_xlabel("longitude (degrees east)", fontsize=8)
        if column == 0:
            ax.set_ylabel("latitude (degrees north)", fontsize=8)
    fig.legend(handles=[*(_side_handle(side) for side in SIDES), _hull_handle()],
               loc="lower center",
               bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False, fontsize=9,
               title=legend_title, title_fontsize=9)
    for ax, day in zip(panels, days):
        ax.apply_aspect()
        today = rows[rows["date"] == day].merge(chosen, on="place_id")
        taken = _scale_bar(ax)
        markers = []
        for _, place in today.sort_values("lat", ascending=False).iterrows():
            _side_marker(ax, place["lon"], place["lat"], place["side"])
            markers.append((place["lon"], place["lat"],
                            _marker_box(ax, place["lon"], place["lat"], 9)))
        taken += [box for _, _, box in markers]
        place_point_labels(ax, list(zip(today["lon"], today["lat"], today["name"])), taken,
                           fontsize=7.5, markers=markers)
    # The sides' sources only: the places' positions have their own, named in data/places.csv.
    return finish(fig, frame, title=title, description=description, show=show,
                  sources=[*sources, *rows["source_ids"]], table=SIDES_TABLE,
                  also="place positions: the course's table of places (each row cites its "
                       "own source); a place with no sourced side on a day is left off that "
                       "day's map")


def _scale_bar(ax, km: float = 1.0) -> list[Bbox]:
    """A bar ``km`` long in the lower right corner of a city map, so distances can be read in
    kilometres; returns the boxes it takes (for the labels to keep clear of)."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    middle = math.radians((south + north) / 2)
    length = km / (KM_PER_DEGREE * math.cos(middle))  # in degrees of longitude
    right = east - (east - west) * 0.04
    y = south + (north - south) * 0.05
    line = Line2D([right - length, right], [y, y], color="#333333", linewidth=2,
                  solid_capstyle="butt", zorder=4)
    ax.add_line(line)
    text = ax.text(right - length / 2, y, f"{km:g} km", ha="center", va="bottom", fontsize=7,
                   color="#333333", transform=ax.transData
                   + ScaledTranslation(0, 2 / 72, ax.figure.dpi_scale_trans))
    renderer = _renderer(ax.figure)
    return [_padded(line.get_window_extent(renderer)), _padded(text.get_window_extent(renderer))]


def _side_marker(ax, lon: float, lat: float, side: str) -> None:
    style = SIDES[side]
    extra = ({"fillstyle": "left", "markerfacecoloralt": style["alt"]} if "alt" in style
             else {})
    ax.plot(lon, lat, marker=style["marker"], markersize=9, color=style["color"],
            markeredgecolor="black", markeredgewidth=0.8, linestyle="none", zorder=3, **extra)


def _side_handle(side: str) -> Line2D:
    style = SIDES[side]
    extra = ({"fillstyle": "left", "markerfacecoloralt": style["alt"]} if "alt" in style
             else {})
    return Line2D([], [], marker=style["marker"], markersize=9, color=style["color"],
                  markeredgecolor="black", linestyle="none", label=style["label"], **extra)

"""A map of who held Syria's main cities on one day (data/city_control.csv), and an explorer
that redraws it month by month with a slider.

Each city is a small round marker. A city held by one side is one colour; a divided city is cut
in two (east and west, or north and south); a city held "mostly" by one side keeps a white
slice for the rest; a city fought over inside has a thick ring. The colours and patterns are
the ones the city chart uses (``plots.holder_style``), so a side looks the same in every
lesson, and each city's label names who held it, so colour is never the only cue.

The map's outline, country names, key and label places are set once; moving the slider
redraws only the cities' markers, the words on their labels, the title and the source line."""

from __future__ import annotations

import base64
import html
import io
import math
import textwrap
from dataclasses import dataclass

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle, Wedge
from matplotlib.transforms import ScaledTranslation

from lessons import maps, plots
from lessons.control import GOVERNMENT, _and
from lessons.data import load
from lessons.errors import CourseError
from lessons.explore import Explorer

FIGURE_NAME = "who-held-what"
FIRST_MONTH = "2011-03"
# The days the static export draws (each the last day of a month the slider stops at).
FIXED_DAYS = ("2013-03-31", "2015-06-30", "2016-12-31", "2020-12-31", "2024-12-31")
EXTENT = (34.0, 42.8, 31.7, 37.75)  # west, east, south, north: Syria, with room for labels
RADIUS = 7.5  # points: a city's marker
RING = 3.0  # points outside the marker: the ring round a contested city
LABEL_SIZE = 8.5
LABEL_EDGE = "#9a9a9a"
CROWD = 40  # points: cities nearer each other than this are labelled first
KEY_WIDTH = 0.4  # of the figure's width: the key's panel, right of the map
FRAME_PAD = 0.1  # inches of white round the saved map
# Measured for SVG (points, no hinting), text runs about 1% narrower than on a 100-dpi screen;
# a browser's fallback font may be wider still: keep this much more room round the map.
TEXT_SPARE = 0.1
# Dot, ring and star patterns take hundreds of kilobytes each in SVG; patches with them are
# drawn as small images inside the SVG instead (the text stays text), at this resolution.
HEAVY_HATCHES = ("o", "O", ".", "*")
IMAGE_DPI = 150
# Where each part of a city sits in its round marker, as angles in degrees (0 = east).
PART_ANGLES = {"whole": (0, 360), "contested": (0, 360), "east": (-90, 90), "west": (90, 270),
               "north": (0, 180), "south": (180, 360), "most": (90, 360)}
REST_ANGLES = (0, 90)  # the white slice beside a "most" part: the rest of the city
REST = {"facecolor": "white", "edgecolor": "#555555", "linestyle": "--"}
NO_RECORD = {"facecolor": "white", "edgecolor": "#555555"}
SYRIA_FACE = "#fbf8ee"  # Syria itself: pale, so every holder's colour stands out on it
CAPITAL = "damascus"  # drawn for orientation only: the control table has no row for it


# ----------------------------------------------------------------------------- the data


def slider_days(first: str = FIRST_MONTH) -> list[pd.Timestamp]:
    """The days the slider stops at: the last day of each month from ``first`` to the month
    of the table's latest date, the last stop being that latest date itself."""
    control = load("city_control")
    latest = max(control["start"].max(), control["end"].max())
    ends = pd.date_range(pd.Timestamp(first), latest, freq="ME")
    days = [day for day in ends if day < latest]
    return [*days, latest.normalize()]


def rows_on(day) -> pd.DataFrame:
    """The periods of control that cover ``day``: one row a city, or one a part of a divided
    city. A period covers its first day and not its last, which is the next one's first (as
    ``control.holders_at`` counts them)."""
    control = load("city_control")
    moment = pd.Timestamp(day)
    covering = (control["start"] <= moment) & (control["end"].isna() | (control["end"] > moment))
    return control[covering].reset_index(drop=True)


def _holders(controller: str) -> list[str]:
    return [actor for actor in controller.split(";") if actor]


PART_ORDER = ("whole", "most", "contested", "east", "west", "north", "south")


@dataclass
class CityState:
    """Who held one city on a day: its parts (part, holder ids) and where it is."""

    place_id: str
    name: str
    lon: float
    lat: float
    parts: list[tuple[str, list[str]]]
    uncertain: bool = False  # a period starting or ending near this day is dated only roughly

    @property
    def kind(self) -> str:
        """none (no record), whole, most, contested or divided."""
        if not self.parts:
            return "none"
        if len(self.parts) > 1:
            return "divided"
        return self.parts[0][0] if self.parts[0][0] in ("most", "contested") else "whole"

    def holders(self) -> list[str]:
        """Every side holding all or part of the city (or fighting inside it)."""
        return list(dict.fromkeys(a for _part, ids in self.parts for a in ids))


def _rough(date, precision: str) -> tuple | None:
    """The month or year a date known only to its month or year falls in, or None: a moment
    in that month or year could lie on either side of it."""
    if date is None or precision not in ("month", "year"):
        return None
    return (date.year, date.month) if precision == "month" else (date.year,)


def _periods(control: pd.DataFrame) -> dict[str, list[tuple]]:
    """The control table as plain rows by city, (part, holders, start, end, start and end
    precision), in the order of PART_ORDER: quick to look through once a slider step. An open
    end is None; each row carries, last, the rough months or years of its start and end."""
    by_city: dict[str, list[tuple]] = {}
    for row in control.itertuples(index=False):
        end = None if pd.isna(row.end) else row.end
        rough = {key for key in (_rough(row.start, row.start_precision),
                                 _rough(end, row.end_precision)) if key is not None}
        by_city.setdefault(row.place_id, []).append(
            (row.part, _holders(row.controller), row.start, end, row.start_precision,
             row.end_precision, rough))
    for rows in by_city.values():
        rows.sort(key=lambda r: PART_ORDER.index(r[0]))
    return by_city


def _where(places: pd.DataFrame) -> dict[str, tuple[str, float, float]]:
    """Each place's name, longitude and latitude, by id."""
    return {place: (str(name), float(lon), float(lat)) for place, name, lon, lat
            in zip(places["place_id"], places["name"], places["lon"], places["lat"])}


def _states(moment: pd.Timestamp, by_city: dict, where: dict) -> list[CityState]:
    keys = {(moment.year, moment.month), (moment.year,)}  # what a rough date near it falls in
    states = []
    for place, rows in by_city.items():
        parts = [(part, ids) for part, ids, start, end, *_ in rows
                 if start <= moment and (end is None or end > moment)]
        uncertain = any(not keys.isdisjoint(rough) for *_, rough in rows)
        states.append(CityState(place, *where[place], parts, uncertain))
    return states


def city_states(day, control: pd.DataFrame | None = None) -> list[CityState]:
    """Each city in the control table on ``day`` (in the table's order), with its parts in the
    order east, west, north, south; a city with no period covering the day has no parts."""
    by_city = _periods(load("city_control") if control is None else control)
    return _states(pd.Timestamp(day), by_city, _where(load("places")))


def _day_words(day) -> str:
    moment = pd.Timestamp(day)
    return f"{moment.day} {moment:%B %Y}"


MAP_NAMES = {GOVERNMENT: "Assad government",
             "syrian-transitional-government": "transitional government"}


def _short(actor: str, actors) -> str:
    """A side's name on a label: its abbreviation (FSA, ISIS) or a short name."""
    return MAP_NAMES.get(actor) or plots.short_name(actor, actors)


def map_names(actors, ids=None) -> dict[str, str]:
    """The sides' names on a label, by id (every side in the actors table, or ``ids``)."""
    return {actor: _short(actor, actors) for actor in (actors["actor_id"] if ids is None
                                                        else ids)}


def label_lines(state: CityState, names: dict[str, str]) -> list[str]:
    """The lines below a city's name on its label, saying who held it: ["ISIS"], ["most:
    Assad government"], ["east: FSA", "west: Assad government"], ["fought over by", "YPG and
    ISIS"], ["no record yet"]. ``names`` are the sides' names (``map_names``)."""
    if state.kind == "none":
        return ["no record yet"]
    if state.kind == "divided":
        return [f"{part}: {names[ids[0]]}" for part, ids in state.parts]
    if state.kind == "contested":
        return ["fought over by", " and ".join(names[a] for a in state.parts[0][1])]
    if state.kind == "most":
        return [f"most: {names[state.parts[0][1][0]]}"]
    return [names[state.parts[0][1][0]]]


def label_text(state: CityState, names: dict[str, str]) -> str:
    """A city's label: its name, and on the lines below who held it."""
    return "\n".join([state.name, *label_lines(state, names)])


def _part_of(state: CityState, actor: str) -> str:
    """A city as one side held it: "Homs", "Aleppo (east)", "Homs (most)"."""
    parts = [part for part, ids in state.parts if actor in ids]
    return state.name if parts == ["whole"] else f"{state.name} ({' and '.join(parts)})"


def map_facts(day) -> dict:
    """The numbers and names a map's description needs, all counted from the rows it draws:
    a sentence for each side saying which cities (or parts) it held, largest first."""
    states = city_states(day)
    actors = load("actors")
    recorded = [s for s in states if s.parts]
    held: dict[str, list[str]] = {}
    for state in recorded:
        if state.kind != "contested":
            for actor in state.holders():
                held.setdefault(actor, []).append(_part_of(state, actor))
    order = list(holder_styles())
    ranked = sorted(held.items(), key=lambda item: (-len(item[1]), order.index(item[0])))
    sentences = []
    for actor, cities in ranked:
        name = plots.legend_name(actor, actors)
        if len(cities) == 1:
            sentences.append(f"{name} held {cities[0]}.")
        else:
            sentences.append(f"{name} held {len(cities)}: {_and(cities)}.")
    fought = [f" {s.name} was fought over inside the city by "
              f"{_and([plots.legend_name(a, actors) for a in s.parts[0][1]])}."
              for s in recorded if s.kind == "contested"]
    mostly = [s.name for s in recorded if s.kind == "most"]
    unrecorded = [s.name for s in states if not s.parts]
    uncertain = [s.name for s in states if s.uncertain]
    return {
        "date": _day_words(day),
        "cities": len(states),
        "recorded": len(recorded),
        "government": len(held.get(GOVERNMENT, [])),
        "holders": " ".join(sentences),
        "divided": (" Divided into two parts: " + _and([s.name for s in recorded
                                                         if s.kind == "divided"]) + ".")
                   if any(s.kind == "divided" for s in recorded) else "",
        "contested": "".join(fought),
        "mostly": (f" The rest of {_and(mostly)} was held by others, whom the map does not "
                   "name.") if mostly else "",
        "unrecorded": f" The table has no record yet for {_and(unrecorded)}."
                      if unrecorded else "",
        "uncertain": (f" The table dates a change in {_and(uncertain)} only to the month or "
                      "year, so that city may have changed hands before or after this day.")
                     if uncertain else "",
    }


# ----------------------------------------------------------------------------- the drawing


def holder_styles() -> dict[str, tuple[str, str]]:
    """Each holder's colour and pattern, as the city chart gives them (the whole table's
    order of first appearance), so a side looks the same on the map and the chart."""
    everyone = load("city_control").sort_values("start")
    order = list(dict.fromkeys(everyone.loc[everyone["part"] != "contested", "controller"]))
    for controller in everyone["controller"]:  # a side seen only in a contested period
        for actor in _holders(controller):
            if actor not in order:
                order.append(actor)
    return {holder: plots.holder_style(n) for n, holder in enumerate(order)}


def _lighten(patch) -> None:
    """Draw a patch with a heavy pattern as a small image when the map is saved as SVG."""
    if any(mark in (patch.get_hatch() or "") for mark in HEAVY_HATCHES):
        patch.set_rasterized(True)


class ControlMap:
    """The map of Syria with the outline, country names, key and city labels placed once;
    ``draw(day)`` colours the cities for that day and writes who held each on its label.

    Each label is placed once, in a spot big enough for the longest thing it will ever say,
    so labels never jump about or run into each other as the slider moves."""

    def __init__(self, words, *, figsize=(8.4, 6.5)):
        self.words = words
        self.actors = load("actors")
        self.styles = holder_styles()
        self.names = map_names(self.actors, self.styles)
        self.places = load("places").set_index("place_id")
        self.where = _where(load("places"))
        self.by_city = _periods(load("city_control"))
        self.stops = slider_days()
        self.fig = Figure(figsize=figsize)
        FigureCanvasAgg(self.fig)  # a canvas that can measure text, outside pyplot
        ax = self.ax = self.fig.add_subplot()
        self._outline()
        ax.set_xlabel(words.label("x"))
        ax.set_ylabel(words.label("y"))
        self.fig.subplots_adjust(left=0, right=1, bottom=0, top=1)  # the layout finish() uses
        ax.apply_aspect()
        self.fixed = []
        maps._fixed_labels(ax, self.fixed)
        self._key()
        cities = list(self.by_city)
        self.markers = [(self.places.loc[c, "lon"], self.places.loc[c, "lat"],
                         maps._marker_box(ax, self.places.loc[c, "lon"],
                                          self.places.loc[c, "lat"], 2 * (RADIUS + RING)))
                        for c in [*cities, CAPITAL]]
        self._capital()
        self._country_names()
        self.labels = self._place_labels(cities)
        plots.finish(self.fig, ax, title=words.title, description=words.description,
                     sources=[maps.OUTLINE_SOURCE], show=False, quiet=True)
        self.source_text = ax.texts[-1]  # finish() writes the source line last
        self.drawn: list = []  # the city markers of the day drawn now
        self.day = None
        self.frame = None  # the part of the figure an image shows, measured once (svg())

    def _outline(self) -> None:
        """The countries in grey and Syria in a pale colour no holder uses, edged in black."""
        maps.draw_countries(self.ax, highlight="")
        rings = [path.vertices for path in maps._country_paths("Syria")]
        self.ax.add_collection(PolyCollection(rings, facecolors=SYRIA_FACE, edgecolors="black",
                                              linewidths=1.0, zorder=1.5), autolim=False)
        west, east, south, north = EXTENT
        self.ax.set_xlim(west, east)
        self.ax.set_ylim(south, north)
        self.ax.set_aspect(1.2)  # about right for degrees at Syria's latitude (1 / cos 35)

    def _key(self) -> None:
        """The key, in a panel of its own to the right of the map: every holder in the table
        with its colour and pattern, then each kind of marker, drawn as it is on the map.

        (A matplotlib legend cannot be used: its patterned swatches, drawn as small images
        to keep the SVG light, land in the wrong place when the figure is saved cropped.)"""
        ax = self.ax
        box = ax.get_position()
        key = self.key = self.fig.add_axes([box.x1 + 0.015, box.y0, KEY_WIDTH, box.height])
        key.set_axis_off()
        size = key.get_window_extent().transformed(self.fig.dpi_scale_trans.inverted())
        width, height = size.width * 72, size.height * 72  # the panel in points
        key.set_xlim(0, width)
        key.set_ylim(height, 0)  # measured down from the top, in points
        write = {"fontsize": maps.NOTE_SIZE, "va": "center", "color": "#111111"}
        key.text(0, 6, "held by (colour and pattern)", fontsize=maps.NOTE_SIZE + 1,
                 va="center", color="#111111", fontweight="bold")
        y = 24
        for holder, (colour, hatch) in self.styles.items():
            swatch = Rectangle((0, y - 6), 22, 12, facecolor=colour, hatch=hatch,
                               edgecolor="black", linewidth=0.8)
            _lighten(swatch)
            key.add_patch(swatch)
            key.text(30, y, plots.legend_name(holder, self.actors), **write)
            y += 17
        y += 8
        grey, pale = ("#888888", ""), ("#dddddd", "")
        examples = [
            ("divided", [("east", grey), ("west", pale)],
             "divided city: one half for each part\n(the label names them)"),
            ("most", [("most", grey)],
             "white slice: the rest of a city held\nmostly by one side"),
            ("contested", [("contested", grey)], "thick ring: fighting inside the city\n"
             "(contested)"),
            ("none", [], "thin white circle: no record for\nthis date in the course's table"),
        ]
        for kind, parts, words in examples:
            for shape in self._shapes(kind, parts, r=RADIUS / 72 * 0.9):
                shape.set_transform(self.fig.dpi_scale_trans + ScaledTranslation(
                    11, y, key.transData))
                key.add_patch(shape)
            key.text(30, y, words, **write)
            y += 30
        key.plot(11, y, marker="s", markersize=8, color="black", markeredgecolor="white")
        key.text(30, y, "Damascus, the capital (not in the\ntable: shown to help find places)",
                 **write)

    def _capital(self) -> None:
        lon, lat = self.places.loc[CAPITAL, ["lon", "lat"]]
        self.ax.plot(lon, lat, marker="s", markersize=8, color="black",
                     markeredgecolor="white", zorder=3)
        label = self.ax.text(lon, lat, "Damascus", fontsize=LABEL_SIZE, ha="left",
                             va="center", color="#111111", zorder=5,
                             bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none",
                                   "alpha": 0.8},
                             transform=self.ax.transData + ScaledTranslation(
                                 8 / 72, 0, self.fig.dpi_scale_trans))
        self.fixed.append(maps._padded(label.get_window_extent(maps._renderer(self.fig))))

    def _country_names(self) -> None:
        """Neighbours' names where they fit on their land, kept a little way off the cities."""
        roomy = [maps._padded(box, 18) for _, _, box in self.markers]
        for name, prefer in maps.LABELS.items():
            if name == "Syria":
                continue  # the cities' labels fill Syria; the key names the map
            text = maps.place_country_label(self.ax, name, prefer, self.fixed + roomy,
                                            fontsize=9)
            if text is not None:
                self.fixed.append(maps._padded(text.get_window_extent(
                    maps._renderer(self.fig))))

    def _crowd(self, city: str) -> int:
        """How many other cities lie within CROWD points of this one: the most crowded are
        labelled first, while the spots close beside them are still free."""
        x, y = self.ax.transData.transform(self.where[city][1:])
        reach = CROWD * self.fig.dpi / 72
        return sum(0 < math.dist((x, y), self.ax.transData.transform((lon, lat))) < reach
                   for lon, lat, _box in self.markers)

    def _place_labels(self, cities: list[str]) -> dict:
        """One label a city, placed once for the longest text it will carry on any day (the
        widest line, as many lines as it ever has): every day the slider stops at, and every
        day a period begins, so a map drawn by name on any date fits its labels too."""
        renderer = maps._renderer(self.fig)
        lines: dict[str, set[str]] = {c: set() for c in cities}
        depth = dict.fromkeys(cities, 1)
        starts = {start for rows in self.by_city.values() for _p, _i, start, *_ in rows}
        for day in sorted(set(self.stops) | starts):
            for state in _states(day, self.by_city, self.where):
                said = label_lines(state, self.names)
                lines[state.place_id].update(said)
                depth[state.place_id] = max(depth[state.place_id], len(said))
        probe = self.ax.text(0, 0, "", fontsize=LABEL_SIZE)

        def width(line: str) -> float:
            probe.set_text(line)
            return probe.get_window_extent(renderer).width

        widest = {c: max(lines[c], key=width) for c in cities}
        probe.remove()
        ordered = sorted(cities, key=lambda c: (-self._crowd(c), -self.where[c][2]))
        room = [(self.where[c][1], self.where[c][2],
                 "\n".join([self.where[c][0]] + [widest[c]] * depth[c])) for c in ordered]
        taken = [*self.fixed, *(box for _, _, box in self.markers)]
        texts = maps.place_point_labels(self.ax, room, taken, fontsize=LABEL_SIZE,
                                        markers=self.markers)
        for text in texts:  # a thin edge keeps each city's lines together as one label
            text.get_bbox_patch().set(edgecolor=LABEL_EDGE, linewidth=0.5, alpha=0.9)
        return dict(zip(ordered, texts))

    def _shapes(self, kind: str, parts, r: float) -> list:
        """The pieces of one round marker of radius ``r`` inches, centred on (0, 0): one wedge
        a part, a white slice for the rest of a city held mostly by one side, a ring round a
        contested city. ``parts`` are (part, (colour, pattern)) pairs."""
        shapes = []
        if kind == "none":
            shapes.append(Circle((0, 0), r, **NO_RECORD))
        elif kind == "contested":
            step = 360 / max(len(parts), 1)
            for n, (_part, (colour, hatch)) in enumerate(parts):
                shapes.append(Wedge((0, 0), r, 90 + n * step, 90 + (n + 1) * step,
                                    facecolor=colour, hatch=hatch, edgecolor="black"))
            shapes.append(Circle((0, 0), r + RING / 72, fill=False, edgecolor="#222222",
                                 linewidth=2.0))
        else:
            for part, (colour, hatch) in parts:
                low, high = PART_ANGLES[part]
                shapes.append(Wedge((0, 0), r, low, high, facecolor=colour, hatch=hatch,
                                    edgecolor="black"))
            if kind == "most":
                shapes.append(Wedge((0, 0), r, *REST_ANGLES, **REST))
        for shape in shapes:
            _lighten(shape)
            shape.set_linewidth(shape.get_linewidth() or 0.8)
            shape.set_zorder(3)
        return shapes

    def _glyph(self, state: CityState) -> list:
        """The round marker of one city on the map, as the table says it was held."""
        if state.kind == "contested":
            parts = [("contested", self.styles[a]) for a in state.parts[0][1]]
        else:
            parts = [(part, self.styles[ids[0]]) for part, ids in state.parts]
        at = self.fig.dpi_scale_trans + ScaledTranslation(state.lon, state.lat,
                                                          self.ax.transData)
        shapes = self._shapes(state.kind, parts, RADIUS / 72)
        for shape in shapes:
            shape.set_transform(at)
            self.ax.add_patch(shape)
        return shapes

    def draw(self, day) -> Figure:
        """Colour the cities as they were held on ``day``, write who held each on its label,
        and put the day in the title and the rows' sources in the source line."""
        for artist in self.drawn:
            artist.remove()
        self.drawn = []
        moment = pd.Timestamp(day)
        self.states = _states(moment, self.by_city, self.where)
        self.glyphs = {}  # each city's marker: its wedges (and slice or ring), for tests
        for state in self.states:
            self.glyphs[state.place_id] = self._glyph(state)
            self.drawn += self.glyphs[state.place_id]
            self.labels[state.place_id].set_text(label_text(state, self.names))
        rows = rows_on(moment)
        sources = list(dict.fromkeys(s for ids in rows["source_ids"] for s in ids.split(";")
                                     if s))
        self.ax.set_title(f"{self.words.title}: {_day_words(moment)}", loc="left")
        self.source_text.set_text(textwrap.fill(plots.source_line(
            [*sources, maps.OUTLINE_SOURCE], "city positions: the course's table of places",
            table="city_control"), width=100))
        self.fig._course_sources = [*sources, maps.OUTLINE_SOURCE]
        self.day = moment
        return self.fig

    def description(self, day=None) -> str:
        """The description of the map of ``day`` (the day drawn last if not given)."""
        return self.words.describe(**map_facts(self.day if day is None else day))

    def svg(self) -> str:
        """The map as drawn now, as SVG markup (the figure stays open to be drawn again).

        The frame is measured once, on the first day drawn, and kept: nothing outside the map
        changes size from day to day, and measuring it again would double the time a step of
        the slider takes."""
        try:  # one drawing pass, measured by the renderer that draws it
            text, self.frame = plots.svg_cropped(self.fig, frame=self.frame,
                                                 pad=FRAME_PAD + TEXT_SPARE, image_dpi=IMAGE_DPI)
        except (ImportError, AttributeError, TypeError):  # another matplotlib: measure, then draw
            if self.frame is None:
                self.frame = self.fig.get_tightbbox(maps._renderer(self.fig))
            buffer = io.StringIO()
            self.fig.savefig(buffer, format="svg", bbox_inches=self.saved_frame(),
                             dpi=IMAGE_DPI)
            text = buffer.getvalue()
        return text[text.index("<svg"):]

    def saved_frame(self):
        """The part of the figure the saved map shows, in inches (once ``svg`` has run)."""
        return self.frame.padded(FRAME_PAD + TEXT_SPARE)

    def figure_html(self) -> str:
        """The map as an image whose alt text is its description, with the description below."""
        description = self.description()
        image = base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        escaped = html.escape(description)
        return (f'<figure style="margin:0">'
                f'<img alt="{escaped}" src="data:image/svg+xml;base64,{image}" '
                'style="max-width:100%;height:auto">'
                f"<figcaption><strong>Figure description:</strong> {escaped}</figcaption>"
                "</figure>")


def _words(words=None):
    if words is not None:
        return words
    from lessons.figures import words_for

    return words_for(FIGURE_NAME)


def city_control_map(words, *, date: str = "2016-12-31", show: bool = True,
                     explore: bool = False):
    """The figure drawn by name (``figure("who-held-what", date="2013-03-31")``): who held each
    of the main cities on ``date``, with its description computed from the rows drawn. With
    ``explore=True`` it is the explorer instead, its slider starting at ``date``
    (``figure("who-held-what", explore=True)``)."""
    if explore:
        return who_held_what(date, words=words)
    chart = ControlMap(words)
    fig = chart.draw(date)
    description = chart.description()
    plots._describe(description)
    if show:  # shown now, and nothing returned, so Jupyter does not draw it a second time
        plots._show(fig, f"{words.title}: {_day_words(date)}", description)
        return None
    return fig


# ----------------------------------------------------------------------------- the explorer

VIEWS_NOTE = ("<p><em>These are the map at {n} fixed dates. In the live lesson in JupyterLab "
              "you can choose any month from {first} to {last} and see the map "
              "redraw.</em></p>")


def _month_words(day: pd.Timestamp) -> str:
    return f"{day:%B %Y}"


def fixed_views(words=None, days=FIXED_DAYS, chart: ControlMap | None = None) -> str:
    """The map at each of ``days``, one after another with its date and description: what
    the static export shows where the slider cannot move. ``chart`` is a map already set up
    (the explorer's own), so its outline and labels are not placed a second time."""
    chart = chart or ControlMap(_words(words))
    stops = chart.stops
    parts = []
    for day in days:
        chart.draw(day)
        parts.append(f"<p><strong>{html.escape(_day_words(day))}</strong></p>"
                     f"{chart.figure_html()}")
    note = VIEWS_NOTE.format(n=len(days), first=_month_words(stops[0]),
                             last=_month_words(stops[-1]))
    return "".join(parts) + note


def who_held_what(start: str = "2016-12-31", *, words=None, days=FIXED_DAYS) -> Explorer:
    """A map of who held each main city, with a slider that moves month by month from March
    2011 to the table's latest date, and buttons for the month before and after. Where widgets
    cannot run (the static export) it shows the map at the fixed ``days`` instead."""
    import ipywidgets as w

    from lessons import figure_cache

    words = _words(words)
    made: list[ControlMap] = []

    def the_map() -> ControlMap:
        """The map, set up the first time it is needed (placing its labels takes a while):
        the first picture is kept (lessons.figure_cache), so opening the lesson again shows it
        without setting the map up until the student picks another month."""
        if not made:
            made.append(ControlMap(words))
        return made[0]

    stops = slider_days()
    chosen = pd.Timestamp(start)
    if not stops[0] <= chosen <= stops[-1]:
        raise CourseError(f"The map can show any day from {_day_words(stops[0])} to "
                          f"{_day_words(stops[-1])}; {start!r} is outside that.")
    first = min(range(len(stops)), key=lambda n: abs(stops[n] - chosen))
    # A list of months, not a slider: ipywidgets' slider handle has no name a screen reader can
    # announce, while a list is labelled, and is chosen by keyboard like the other explorers'.
    slider = w.Dropdown(options=[(_day_words(d), n) for n, d in enumerate(stops)],
                        value=first, description="Month:", layout=w.Layout(width="20em"),
                        style={"description_width": "initial"})
    earlier = w.Button(description="month before", icon="arrow-left")
    later = w.Button(description="month after", icon="arrow-right")
    shown = w.HTML()

    def update(_change=None):
        day = stops[slider.value]
        entry = figure_cache.key("who-held-what-explorer",
                                 {"day": str(day.date()), "title": words.title,
                                  "description": words.description})
        kept = figure_cache.fetch_text(entry)
        if kept is None:
            the_map().draw(day)
            kept = the_map().figure_html()
            figure_cache.keep_text(entry, kept)
        shown.value = kept
        earlier.disabled = slider.value == 0
        later.disabled = slider.value == len(stops) - 1

    def step(by: int):
        def move(_button):
            slider.value = min(max(slider.value + by, 0), len(stops) - 1)
        return move

    earlier.on_click(step(-1))
    later.on_click(step(1))
    slider.observe(update, names="value")
    update()
    box = w.VBox([w.HBox([slider, earlier, later]), shown])
    box.add_class("course-explorer")
    return Explorer(box, views=lambda: fixed_views(words, days=days, chart=the_map()))

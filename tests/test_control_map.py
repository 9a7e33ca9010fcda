"""The map of who held each city (lessons.control_map): each city's marker has the colour and
pattern of the side the table says held it that day, a divided city is drawn part by part, the
description counts from the rows drawn, no text overprints or is cut off, the explorer's slider
redraws the map, and the static export shows the map at its fixed dates."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from figure_text import _drawn_texts, text_problems, wording_problems

from lessons import control_map, figures
from lessons.catalog import _figures
from lessons.control import holders_at
from lessons.data import load
from lessons.explore import LIVE_ONLY, STATIC_EXPORT

# The entry the lead adds to lessons/catalog/10_after_aleppo/lesson.yaml (the same text as in
# the note for the lead); the tests read the words from it as the lesson will.
ENTRY = """
- name: who-held-what
  draw: control_map.city_control_map
  args: {date: "2016-12-31"}
  title: "Who held Syria's main cities"
  labels: {x: "longitude (degrees east)", y: "latitude (degrees north)"}
  description: >-
    Map of Syria on {date}, with {cities} main cities. Each city is marked by who held it
    that day. {holders}{divided}{mostly}{contested}{unrecorded}{uncertain}
"""
WORDS = _figures(yaml.safe_load(ENTRY), "test entry", "10_after_aleppo")[0]
DAYS = ["2011-03-31", *control_map.FIXED_DAYS, "2026-01-18"]


@pytest.fixture(scope="module")
def chart():
    return control_map.ControlMap(WORDS)


@pytest.fixture
def in_catalogue(monkeypatch):
    """The figure as if its entry were in lesson 10's lesson.yaml."""
    found = dict(figures.all_figures(), **{WORDS.name: WORDS})
    monkeypatch.setattr(figures, "all_figures", lambda: found)


def expected_parts(day: str) -> dict[str, set[tuple[str, str]]]:
    """From the table alone: each city's (part, holder) pairs on the day."""
    control = load("city_control")
    moment = pd.Timestamp(day)
    on = control[(control["start"] <= moment)
                 & (control["end"].isna() | (control["end"] > moment))]
    parts: dict[str, set[tuple[str, str]]] = {}
    for place, part, controller in zip(on["place_id"], on["part"], on["controller"]):
        for actor in controller.split(";"):
            parts.setdefault(place, set()).add((part, actor))
    return parts


def colour_problems(chart, day: str) -> list[str]:
    """Each city whose marker's pieces do not have the colours and patterns of its holders."""
    styles = control_map.holder_styles()
    problems = []
    for place, pairs in expected_parts(day).items():
        wanted = sorted(styles[actor] for _part, actor in pairs)
        pieces = [p for p in chart.glyphs[place] if type(p).__name__ == "Wedge"
                  and p.get_facecolor()[:3] != (1.0, 1.0, 1.0)]
        drawn = sorted(("#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in
                                                      p.get_facecolor()[:3])),
                        p.get_hatch() or "") for p in pieces)
        if drawn != wanted:
            problems.append(f"{place} on {day}: drawn {drawn}, the table says {wanted}")
    return problems


@pytest.mark.parametrize("day", DAYS)
def test_each_city_is_coloured_as_the_table_says_it_was_held(chart, day):
    chart.draw(day)
    assert colour_problems(chart, day) == []


def test_a_city_drawn_in_the_wrong_colour_is_caught(chart):
    chart.draw("2015-06-30")
    raqqa = [p for p in chart.glyphs["raqqa"] if type(p).__name__ == "Wedge"][0]
    raqqa.set_facecolor("#E69F00")  # the government's colour, though ISIS held Raqqa
    problems = colour_problems(chart, "2015-06-30")
    assert len(problems) == 1 and problems[0].startswith("raqqa")


def test_the_map_agrees_with_the_city_chart_on_who_held_what_each_month():
    control = load("city_control")
    for day in control_map.slider_days()[::7]:
        held = holders_at(control, day)
        states = {s.place_id: set(s.holders()) for s in control_map.city_states(day)}
        assert {p: h for p, h in states.items() if h} == held, day


def test_a_divided_city_is_drawn_half_and_half_with_each_part_named(chart):
    chart.draw("2013-03-31")
    styles = control_map.holder_styles()
    halves = {(p.theta1 % 360, p.theta2 % 360): (p.get_facecolor(), p.get_hatch())
              for p in chart.glyphs["aleppo"]}
    east, west = halves[(270, 90)], halves[(90, 270)]
    assert east[1] == styles["fsa"][1] and west[1] == styles["syrian-government"][1]
    label = chart.labels["aleppo"].get_text()
    assert label == "Aleppo\neast: FSA\nwest: Assad government"
    assert "north: Assad government\nsouth: FSA" in chart.labels["daraa"].get_text()


def test_a_city_held_mostly_by_one_side_keeps_a_white_slice_for_the_rest(chart):
    chart.draw("2016-12-31")
    homs = chart.glyphs["homs"]
    assert [p.get_facecolor()[:3] for p in homs][-1] == (1.0, 1.0, 1.0)
    assert chart.labels["homs"].get_text().endswith("most: Assad government")


def test_a_contested_city_has_a_ring_and_both_sides_named(chart):
    chart.draw("2014-12-31")
    kobani = chart.glyphs["kobani"]
    assert type(kobani[-1]).__name__ == "Circle" and not kobani[-1].get_fill()
    assert chart.labels["kobani"].get_text().endswith("fought over by\nYPG and ISIS")


def test_a_city_with_no_record_yet_is_a_white_circle_and_says_so(chart):
    chart.draw("2012-05-31")  # Afrin's first row starts in August 2012
    assert chart.labels["afrin"].get_text() == "Afrin\nno record yet"
    assert "no record yet for Afrin" in chart.description()


# Days a period begins that the slider never stops at (a map drawn by name may show them).
CHANGE_DAYS = ["2012-07-19", "2014-10-06", "2024-11-30", "2024-12-06"]


@pytest.mark.parametrize("day", DAYS + CHANGE_DAYS)
def test_no_text_overprints_or_is_cut_off_and_the_wording_is_plain(chart, day):
    fig = chart.draw(day)
    assert text_problems(fig) == []
    assert wording_problems(fig) == []
    assert fig.axes[0].get_title(loc="left") == f"{WORDS.title}: {control_map._day_words(day)}"


@pytest.mark.parametrize("day", DAYS + CHANGE_DAYS)
def test_labels_keep_off_every_city_marker_and_inside_the_saved_frame(chart, day):
    fig = chart.draw(day)
    chart.svg()  # measures the frame on the first day drawn, then keeps it
    renderer = fig.canvas.get_renderer()
    for place, label in chart.labels.items():
        box = label.get_window_extent(renderer)
        hit = [f"{lon}, {lat}" for lon, lat, marker in chart.markers if box.overlaps(marker)]
        assert not hit, f"{place}'s label covers the marker at {hit}"
    frame = chart.saved_frame().transformed(fig.dpi_scale_trans)
    for text in _drawn_texts(fig):
        box = text.get_window_extent(renderer)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 \
            and box.y1 <= frame.y1, f"{text.get_text()!r} is cut off by the saved frame"


def test_the_description_counts_come_from_the_rows_drawn():
    facts = control_map.map_facts("2015-06-30")
    pairs = expected_parts("2015-06-30")
    isis = sorted(p for p, parts in pairs.items() if any(a == "islamic-state"
                                                          for _, a in parts))
    assert f"Islamic State (ISIS) held {len(isis)}:" in facts["holders"]
    assert facts["cities"] == load("city_control")["place_id"].nunique()
    assert WORDS.describe(**facts).startswith(
        f"Map of Syria on 30 June 2015, with {facts['cities']} main cities.")


def test_a_description_that_miscounts_is_caught(data_copy):
    """Change who held Manbij in a copy of the data: the count in the description follows."""
    from lessons import data

    isis = len([p for p, parts in expected_parts("2015-06-30").items()
                if ("whole", "islamic-state") in parts or ("most", "islamic-state") in parts])
    before = control_map.map_facts("2015-06-30")["holders"]
    path = data_copy / "city_control.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("cc-manbij-03,"))
    path.write_text(text.replace(row, row.replace(",islamic-state,", ",fsa,")),
                    encoding="utf-8")
    data._load_checked.cache_clear()
    after = control_map.map_facts("2015-06-30")["holders"]
    assert f"Islamic State (ISIS) held {isis}:" in before
    assert f"Islamic State (ISIS) held {isis - 1}:" in after


def test_the_key_never_tells_two_sides_apart_by_colour_alone(chart):
    styles = list(control_map.holder_styles().values())
    assert len(set(styles)) == len(styles)
    swatches = [(p.get_facecolor(), p.get_hatch()) for p in chart.key.patches][:len(styles)]
    assert len(set(swatches)) == len(styles)  # colour and pattern together tell them apart
    names = [t.get_text() for t in chart.key.texts][1:len(styles) + 1]
    assert names == [control_map.plots.legend_name(h, load("actors"))
                     for h in control_map.holder_styles()]


def test_the_slider_moves_month_by_month_from_march_2011_to_the_latest_date():
    stops = control_map.slider_days()
    control = load("city_control")
    latest = max(control["start"].max(), control["end"].max())
    assert stops[0] == pd.Timestamp("2011-03-31") and stops[-1] == latest
    months = [(d.year, d.month) for d in stops]
    assert len(months) == len(set(months)) == (latest.year - 2011) * 12 + latest.month - 2
    assert set(pd.Timestamp(d) for d in control_map.FIXED_DAYS) <= set(stops)


def test_the_explorer_redraws_the_map_when_the_slider_or_a_button_moves():
    explorer = control_map.who_held_what("2013-03-31", words=WORDS)
    slider, earlier, later = explorer.children[0].children
    shown = explorer.children[1]
    first = shown.value
    assert "31 March 2013" in first and slider.label == "31 March 2013"
    slider.value = [label for label, _ in slider.options].index("30 June 2015")
    assert shown.value != first and "30 June 2015" in shown.value
    isis = sum(any(a == "islamic-state" for _, a in parts)
               for parts in expected_parts("2015-06-30").values())
    assert f"Islamic State (ISIS) held {isis}" in shown.value
    later.click()
    assert slider.label == "31 July 2015"
    earlier.click()
    earlier.click()
    assert slider.label == "31 May 2015"


def test_the_static_export_shows_the_map_at_each_fixed_date_with_its_description(monkeypatch):
    monkeypatch.setenv(STATIC_EXPORT, "1")  # as `python -m lessons export` sets it
    explorer = control_map.who_held_what(words=WORDS)
    page = explorer._repr_mimebundle_()["text/html"]
    assert page.count("<img ") == len(control_map.FIXED_DAYS)
    for day in control_map.FIXED_DAYS:
        words = control_map._day_words(day)
        assert f"<strong>{words}</strong>" in page
        cities = load("city_control")["place_id"].nunique()
        assert f"Map of Syria on {words}, with {cities} main cities" in page
    assert "In the live lesson in JupyterLab you can choose any month" in page


def test_a_live_lesson_does_not_draw_the_fixed_dates(monkeypatch):
    monkeypatch.delenv(STATIC_EXPORT, raising=False)
    explorer = control_map.who_held_what(words=WORDS)
    monkeypatch.setattr(explorer, "views", lambda: pytest.fail("drew the static views live"))
    assert explorer._repr_mimebundle_()["text/html"] == LIVE_ONLY


def test_the_figure_draws_by_name_at_any_date(in_catalogue):
    fig = figures.figure("who-held-what", show=False, date="2024-12-31")
    assert fig.axes[0].get_title(loc="left") == "Who held Syria's main cities: 31 December 2024"
    assert text_problems(fig) == []


def test_a_step_of_the_explorer_draws_once_and_keeps_the_frame(chart, monkeypatch):
    """A step draws the map once and does not measure it again (measuring doubled a step's
    time). How long a step takes is measured in benchmarks/run.py, not asserted here."""
    chart.draw("2014-01-31")
    chart.svg()  # the frame is measured once, on the first image
    first = chart.saved_frame()
    measured, drawn = [], []
    real_measure, real_draw = type(chart.fig).get_tightbbox, type(chart.fig).draw
    monkeypatch.setattr(type(chart.fig), "get_tightbbox",
                        lambda fig, *a, **k: measured.append(1) or real_measure(fig, *a, **k))
    monkeypatch.setattr(type(chart.fig), "draw",
                        lambda fig, *a, **k: drawn.append(1) or real_draw(fig, *a, **k))
    for day in ("2014-02-28", "2016-12-31", "2024-12-31"):
        chart.draw(day)
        chart.figure_html()
    assert measured == [] and len(drawn) == 3
    assert chart.saved_frame().bounds == first.bounds


def test_the_step_check_catches_a_step_that_measures_again(chart, monkeypatch):
    chart.draw("2014-01-31")
    chart.svg()
    measured = []
    real_measure = type(chart.fig).get_tightbbox
    monkeypatch.setattr(type(chart.fig), "get_tightbbox",
                        lambda fig, *a, **k: measured.append(1) or real_measure(fig, *a, **k))
    chart.frame = None  # as if each step forgot the frame
    chart.draw("2014-02-28")
    chart.svg()
    assert measured == [1]


def test_the_figure_by_name_with_explore_is_the_explorer(in_catalogue):
    explorer = figures.figure("who-held-what", explore=True)
    assert isinstance(explorer, control_map.Explorer)
    assert explorer.children[0].children[0].label == "31 December 2016"  # the entry's date

"""Every figure the lessons draw, drawn by name from the catalogue: its text never collides or
is cut off, its description's numbers come from the data, and every name a notebook asks for
exists (and every figure in the catalogue is used)."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib.text
import matplotlib.transforms
import pandas as pd
import pytest
from figure_text import fractional_count_ticks, text_problems, wording_problems

from lessons import deaths, plots, refugees
from lessons.catalog import FigureWords
from lessons.data import load
from lessons.errors import CourseError, QuizError
from lessons.figures import all_figures, figure, words_for

ROOT = Path(__file__).resolve().parent.parent
NAMES = sorted(all_figures())


@contextmanager
def closed(fig):
    """A figure for one test, closed afterwards whatever happens (so none is left open)."""
    try:
        yield fig
    finally:
        plt.close(fig)


def notebook_figure_names() -> dict[str, str]:
    """{figure name: notebook} for every figure("...") call in the notebooks."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            for name in re.findall(r"figure\(\s*\"([^\"]+)\"", "".join(cell["source"])):
                found[name] = path.name
    return found


@pytest.fixture(autouse=True)
def every_test_closes_its_figures():
    """A test that leaves figures open fails (matplotlib warns past 20 and keeps them all)."""
    yield
    left = plt.get_fignums()
    plt.close("all")
    assert left == [], f"{len(left)} figure(s) left open: close each with plt.close(fig)"


def source_problems(fig) -> list[str]:
    """A chart that cannot be traced: no source ids kept on it, or ids not in the registry."""
    ids = plots.figure_sources(fig)
    known = set(load("sources")["source_id"])
    if not ids:
        return ["The figure keeps no source ids."]
    return [f"The figure's source {sid!r} is not in data/sources.csv." for sid in ids
            if sid not in known]


@pytest.mark.parametrize("name", NAMES)
def test_figure_text_never_collides_or_is_cut(name, capsys):
    with closed(figure(name, show=False)) as fig:
        assert text_problems(fig) == []
    printed = capsys.readouterr().out
    assert "{" not in printed and "}" not in printed  # every placeholder was filled


# Lesson 05's catalogue is edited by another hand: its two titles still write "2011-2017".
# Once they read "2011 to 2017", these pass and this list must go (strict).
@pytest.mark.parametrize("name", NAMES)
def test_figure_reads_plainly_and_keeps_its_sources(name):
    """Whole-number ticks on counts, dates as "Dec 2024", titles in full, "to" for ranges, a
    source line of publishers (no ids, no files), and the ids kept on the figure."""
    with closed(figure(name, show=False)) as fig:
        assert fractional_count_ticks(fig) + wording_problems(fig) + source_problems(fig) == []
        feet = [t for t in fig.findobj(matplotlib.text.Text)
                if t.get_text().startswith(("Source:", "Sources:"))]
        assert len(feet) == 1 and feet[0].get_fontsize() == plots.SOURCE_SIZE >= 9


def test_the_source_check_catches_an_id_missing_from_the_registry():
    with closed(figure("claims-checked", show=False)) as fig:
        assert source_problems(fig) == []
        fig._course_sources = ["no-such-source-2016"]
        assert source_problems(fig) == ["The figure's source 'no-such-source-2016' is not in "
                                        "data/sources.csv."]


def test_a_many_source_chart_counts_its_publications_and_keeps_their_ids():
    with closed(figure("deaths-all-counts", show=False)) as fig:
        foot = [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("Sources")]
        ids = plots.figure_sources(fig)
        assert len(foot) == 1 and f"Sources: {len(ids)} publications" in foot[0]


def test_a_few_source_chart_names_each_publisher_with_its_date():
    registry = load("sources").set_index("source_id")
    ids = ["slate-2016-12-13-aleppo"]
    assert plots.source_line(ids) == (f"Source: {registry.loc[ids[0], 'publisher']} "
                                      f"({registry.loc[ids[0], 'published']})")


def small_counts_chart(**options):
    rows = pd.DataFrame({"verdict": ["happened", "partly", "did not happen"],
                         "predictions": [1, 3, 1]})
    return plots.bar(rows, label="verdict", value="predictions", title="t", description="d",
                     value_label="number of predictions", sources=["slate-2016-12-13-aleppo"],
                     show=False, **options)


def test_a_chart_of_small_counts_has_only_whole_number_ticks():
    with closed(small_counts_chart()) as fig:
        fig.canvas.draw()
        assert fractional_count_ticks(fig) == []
        ax = fig.axes[0]
        shown = [t for t in ax.get_xticks() if 0 <= t <= ax.get_xlim()[1]]
        assert shown and all(float(t).is_integer() for t in shown)


def test_charts_given_one_value_max_share_their_value_axis():
    rows = pd.DataFrame({"verdict": ["happened", "partly"], "predictions": [7, 3]})
    wide = plots.bar(rows, label="verdict", value="predictions", title="t", description="d",
                     value_label="number of predictions", sources=["slate-2016-12-13-aleppo"],
                     show=False, value_max=7)
    narrow, alone = small_counts_chart(value_max=7), small_counts_chart()
    try:
        assert wide.axes[0].get_xlim() == narrow.axes[0].get_xlim()
        assert alone.axes[0].get_xlim() != wide.axes[0].get_xlim()  # without it, they differ
    finally:
        for fig in (wide, narrow, alone):
            plt.close(fig)


@pytest.mark.parametrize("name, rows_drawn", [("deaths-all-counts", deaths.all_death_counts),
                                              ("returns-since-2024", refugees.returns_since_2024)])
def test_bar_labels_carry_the_qualifier_each_row_gives(name, rows_drawn):
    with closed(figure(name, show=False)) as fig:
        labels = [t.get_text() for t in fig.axes[0].texts]
    rows = rows_drawn()
    qualified = rows[rows["qualifier"] != "as stated"]["qualifier"]
    assert len(qualified) > 0
    for qualifier, count in qualified.value_counts().items():
        assert sum(label.startswith(f"{qualifier} ") for label in labels) == count, qualifier
    assert not any(label.startswith("as stated") for label in labels)


def test_round_numbers_read_as_sources_write_them():
    assert plots.number_text(59648) == "59,648"
    assert plots.number_text(60000, "more than") == "more than 60,000"
    assert plots.number_text(1_200_000, "more than") == "more than 1.2 million"
    assert plots.number_text(5_600_000, "about") == "about 5.6 million"
    assert plots.number_text(1_346_485, "as stated") == "1,346,485"


def test_timeline_rows_give_every_title_in_full():
    from lessons.timeline import events_between

    with closed(figure("transition-2025-2026", show=False)) as fig:
        shown = " ".join(" ".join(t.get_text().split()) for t in fig.axes[0].get_yticklabels())
    for title in events_between("2025", "2026")["title"]:
        assert " ".join(title.split()) in shown, title


def test_a_date_known_only_to_the_month_is_not_given_a_day():
    row = pd.Series({"date": pd.Timestamp("2011-03-01"), "date_precision": "month",
                     "title": "Daraa schoolboys detained"})
    assert plots.event_label(row) == "Mar 2011  Daraa schoolboys detained"
    row["date_precision"] = "day"
    assert plots.event_label(row).startswith("1 Mar 2011  ")


def test_date_axes_name_the_months_they_cover_as_a_reader_says_them():
    with closed(figure("offensive-2024-days", show=False)) as fig:
        fig.canvas.draw()
        assert fig.axes[0].xaxis.get_offset_text().get_text() == "Nov to Dec 2024"


def test_a_bar_too_short_for_its_name_is_named_just_past_its_end():
    with closed(figure("cities-held-2016-2026", show=False)) as fig:
        names = [t.get_text() for t in fig.axes[0].texts]
        assert "\u2190 Army of Conquest" in names and "Army of Conquest" not in names
        assert text_problems(fig) == []


def typed_numbers(description: str) -> list[str]:
    """Numbers written into a description by hand (years aside): they would go stale."""
    fixed = re.sub(r"\{[^}]*\}", "", description)
    numbers = (n.rstrip(",.") for n in re.findall(r"\d[\d,.]*", fixed))
    return [n for n in numbers if not re.fullmatch(r"(19|20)\d\d", n)]


@pytest.mark.parametrize("name", NAMES)
def test_figure_words_are_complete_and_numbers_computed(name):
    words = words_for(name)
    assert words.title.strip() and len(words.description) > 40
    assert typed_numbers(words.description) == []


def test_the_typed_number_check_catches_a_stale_description():
    assert typed_numbers("Chart of 12 cities from 2011 to {last}.") == ["12"]


def test_every_figure_a_notebook_asks_for_exists_and_every_figure_is_used():
    asked = notebook_figure_names()
    assert sorted(set(asked) - set(NAMES)) == []
    assert sorted(set(NAMES) - set(asked)) == []


def test_a_description_needing_a_number_nobody_computed_is_an_error():
    words = FigureWords(name="broken", draw="timeline.timeline_chart", title="t",
                        description="There were {refugees} refugees.", lesson_id="x")
    with pytest.raises(QuizError, match="refugees"):
        words.describe(events=3)


def test_an_unknown_figure_name_lists_the_names_there_are():
    with pytest.raises(CourseError, match="The figures are"):
        figure("no-such-figure")


def test_a_date_axis_of_one_year_names_that_year_not_the_padded_limits():
    from lessons import explore

    events = load("events")
    chosen = explore.filter_events(events, year=2013)
    with closed(plots.timeline(chosen, title="t", description="d", show=False, quiet=True)) as fig:
        fig.canvas.draw()
        assert fig.axes[0].xaxis.get_offset_text().get_text() == "2013"


def test_timeline_event_labels_are_readable_and_need_no_axis_label():
    with closed(figure("first-weeks-2011", show=False)) as fig:
        ax = fig.axes[0]
        assert all(t.get_fontsize() >= 9 for t in ax.get_yticklabels())
        assert ax.get_ylabel() == ""


def test_the_explorer_says_what_it_shows_and_keeps_dates_on_one_line():
    from lessons import explore

    events = load("events")
    chosen = explore.filter_events(events, year=2013)
    assert "one row for each event" in explore.timeline_description(chosen)
    assert "one lane for each kind of event" in explore.timeline_description(events)
    assert explore.timeline_title(chosen, "2013").startswith("Events in 2013")
    assert explore.timeline_title(chosen, "(all)", "military").startswith("Military events")
    table = explore.events_table_html(chosen)
    assert '<td style="white-space:nowrap' in table and 'text-align:left">date' in table


def test_city_charts_name_each_short_label_in_the_key_and_explain_split_lanes():
    with closed(figure("cities-held-2011-2016", show=False)) as fig:
        ax = fig.axes[0]
        key = [t.get_text() for t in ax.get_legend().get_texts()]
        on_bars = {t.get_text() for t in ax.texts}
        assert "Free Syrian Army (FSA)" in key and "Islamic State (ISIS)" in key
        assert "ISIS" in on_bars and "Islamic State" not in on_bars
        assert any(t.get_text().startswith("A lane split in two") for t in ax.texts)
        gold = plots.holder_style(0)[0]
        assert all(plots.holder_style(n)[0] != gold for n in range(1, 30))


def test_the_distance_map_draws_the_line_and_its_length():
    from lessons.places import distance_km

    with closed(figure("damascus-and-one-city", show=False, city="Raqqa")) as fig:
        km = round(distance_km("damascus", "raqqa"), -1)
        assert f"about {km:,.0f} km" in [t.get_text() for t in fig.axes[0].texts]
        assert text_problems(fig) == []


def test_maps_carry_a_key_and_keep_names_off_the_golan_heights():
    from lessons.maps import _country_paths

    with closed(figure("governorate-seats", show=False)) as fig:
        ax = fig.axes[0]
        fig.canvas.draw()
        key = [t.get_text() for t in ax.get_legend().get_texts()]
        assert key[0] == "capital city" and "Golan Heights" in key
        renderer = fig.canvas.get_renderer()
        golan = [ax.transData.transform(p.get_extents().get_points())
                 for p in _country_paths("Golan Heights")]
        for text in ax.texts:
            if text.get_text() in ("Quneitra", "Damascus", "Daraa"):
                box = text.get_window_extent(renderer)
                assert not any(box.overlaps(matplotlib.transforms.Bbox(g)) for g in golan)


def test_landmarks_are_not_marked_like_any_side():
    from lessons import maps

    side_marks = {(s["marker"], s["color"]) for s in maps.SIDES.values()}
    assert maps.LANDMARK["marker"] not in {m for m, _ in side_marks}

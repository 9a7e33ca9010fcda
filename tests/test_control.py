"""Who held which city when (lessons.control) and outside states taking a side (lessons.sides):
the verbs lessons 04 and 08 call, and the figures whose descriptions count from the data."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
import textstat
from figure_text import text_problems

from lessons import plots
from lessons.catalog import get_lesson
from lessons.control import (
    changes_of_hands,
    city_periods,
    control_between,
    control_card,
    control_facts,
)
from lessons.data import load
from lessons.errors import CourseDataError
from lessons.figures import all_figures, figure
from lessons.sides import states_by, states_by_year, states_sentence
from lessons.timeline import date_notes_table

matplotlib.use("Agg")

MINE = ("control.", "sides.")
FIGURES = sorted(name for name, words in all_figures().items() if words.draw.startswith(MINE))


def load_all() -> pd.DataFrame:
    return load("city_control")


def lanes_drawn(fig) -> int:
    """How many city lanes a control chart drew: its labelled y ticks."""
    return len([label for label in fig.axes[0].get_yticklabels() if label.get_text().strip()])


def counts_match(facts: dict, fig) -> bool:
    return facts["cities"] == lanes_drawn(fig)


@pytest.mark.parametrize("start, end", [("2011-03-01", "2016-12-31"),
                                        ("2016-01-01", "2026-02-15"),
                                        ("2024-11-01", "2024-12-31")])
def test_the_city_count_in_a_description_matches_the_lanes_drawn(start, end):
    rows = control_between(start, end)
    fig = plots.control_chart(load_all(), title="t", description="d", start=start, end=end,
                              show=False)
    plt.close(fig)
    assert counts_match(control_facts(rows, start, end), fig)


def test_a_description_that_miscounts_the_lanes_is_caught():
    fig = plots.control_chart(load_all(), title="t", description="d", start="2016-01-01",
                              end="2026-02-15", show=False)
    plt.close(fig)  # closed figures keep their artists: the lanes can still be counted
    early = control_between("2011-03", "2011-12")  # before Afrin has a row: one city fewer
    assert not counts_match(control_facts(early, "2011-03", "2011-12"), fig)


def test_a_new_row_with_the_same_holder_is_not_a_change_of_hands():
    rows = pd.DataFrame({
        "place_id": ["x", "x", "x", "x"],
        "part": ["whole", "most", "most", "whole"],
        "controller": ["syrian-government", "syrian-government", "syrian-government", "fsa"],
        "start": pd.to_datetime(["2011-03-01", "2011-12-01", "2014-05-09", "2017-05-21"]),
        "end": pd.to_datetime(["2011-12-01", "2014-05-09", "2017-05-21", None]),
    })
    changes = changes_of_hands(rows, "2011-03-01", "2020-12-31")
    assert list(changes["date"]) == [pd.Timestamp("2017-05-21")]


def test_a_divided_city_changes_hands_once_when_it_splits():
    changes = changes_of_hands(control_between("2012", "2012"), "2012-01-01", "2012-12-31")
    aleppo = changes[changes["place_id"] == "aleppo"]
    assert list(aleppo["date"]) == [pd.Timestamp("2012-07-19")]


def test_city_periods_lists_one_city_in_date_order_and_names_the_choices_when_wrong():
    raqqa = city_periods("raqqa", "2011", "2016")
    assert [row[1] for row in raqqa.rows] == ["Syrian government (Assad government)",
                                              "al-Nusra Front", "Islamic State"]
    assert raqqa.rows[0][2] == "March 2011"  # a month-precise date is written as a month
    with pytest.raises(CourseDataError, match="deir-ez-zor"):
        city_periods("Rakka")


def test_the_control_note_a_lesson_shows_is_plain_and_names_sources_not_ids():
    shown = control_card("cc-aleppo-02")
    note = dict(shown.fields)["what happened, and where sources differ"]
    assert textstat.flesch_kincaid_grade(note) <= 10
    sources = dict(shown.fields)["sources (listed in full at the end of the lesson)"]
    assert "Radio Free Europe/Radio Liberty, 22 December 2016" in sources
    assert "rferl-2016-12-22-evacuation" not in shown.text
    assert set(load_all().set_index("control_id").loc["cc-aleppo-02", "source_ids"].split(";")) \
        <= set(get_lesson("04_the_war_year_by_year").sources)


def test_the_outside_states_quiz_answer_is_the_count_in_the_data():
    question = get_lesson("04_the_war_year_by_year").question("outside-states-2015")
    assert states_by(2015) == question.answer
    assert states_by(2013) != question.answer  # the check can fail: another year differs
    assert f"records {question.answer:g} outside states" in states_sentence(2015).text
    assert "course's own table" in repr(states_sentence(2015))


def test_the_running_total_never_falls_and_starts_in_2011():
    totals = states_by_year(2011, 2016)
    assert list(totals["year"]) == [str(y) for y in range(2011, 2017)]
    assert list(totals["states"]) == sorted(totals["states"])


def test_the_date_notes_table_keeps_only_events_with_a_note():
    events = pd.DataFrame({
        "event_id": ["a", "b"], "date": pd.to_datetime(["2025-10-05", "2025-11-06"]),
        "date_precision": ["day", "day"], "title": ["noted", "plain"],
        "summary": ["s", "s"], "date_note": ["Sources differ.", ""]})
    shown = date_notes_table(events)
    assert [row[1] for row in shown.rows] == ["noted"]


@pytest.mark.parametrize("name", FIGURES)
def test_control_and_sides_figures_draw_by_name_with_no_text_collision(name):
    fig = figure(name, show=False)
    try:
        assert text_problems(fig) == []
        assert fig.axes[0].get_title(loc="left") == all_figures()[name].title
    finally:
        plt.close(fig)

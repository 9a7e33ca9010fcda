"""The figure-text checkers find overprinted and cut-off text, wording a student would have to
decode (machine dates, cut titles, dashed ranges, ids in a source line) and fractional ticks on
counts; and they pass a clean chart."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from figure_text import fractional_count_ticks, text_problems, wording_problems


@pytest.fixture
def figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    yield fig, ax
    plt.close(fig)


def test_two_labels_printed_on_top_of_each_other_are_found(figure):
    fig, ax = figure
    ax.text(0.5, 0.5, "Aleppo")
    ax.text(0.52, 0.5, "Homs")
    problems = text_problems(fig)
    assert any("Aleppo" in p and "Homs" in p and "overlaps" in p for p in problems), problems


def test_crowded_tick_labels_are_found(figure):
    fig, ax = figure
    ax.set_xticks(range(10), [f"{n * 250_000:,}" for n in range(10)])
    assert any("overlaps" in p for p in text_problems(fig))


def test_a_label_cut_off_by_its_axes_is_found(figure):
    fig, ax = figure
    ax.text(0.9, 0.5, "a label that runs past the edge", transform=ax.transAxes, clip_on=True)
    problems = text_problems(fig)
    assert any("a label that runs past the edge" in p and "axes cut" in p for p in problems)


def test_a_label_left_out_of_the_saved_figure_is_found(figure):
    fig, ax = figure
    label = fig.text(1.2, 0.5, "outside the picture")
    label.set_in_layout(False)  # bbox_inches="tight" does not stretch to take it in
    assert any("outside the picture" in p and "cut off" in p for p in text_problems(fig))


def test_a_clean_chart_has_no_problem(figure):
    fig, ax = figure
    ax.plot([2012, 2016, 2020], [1, 3, 2])
    ax.set_title("A clean chart", loc="left")
    ax.set_xlabel("year")
    ax.set_ylabel("count")
    ax.text(2016, 3.1, "peak", ha="center")
    ax.legend(["a line"], loc="lower right")
    assert text_problems(fig) == []


def test_a_tick_outside_the_axis_limits_is_not_counted(figure):
    fig, ax = figure
    ax.set_xticks([0, 1, 2, 50])  # the tick at 50 keeps its label but is not drawn
    ax.set_xlim(0, 2)
    assert text_problems(fig) == []


def test_lines_of_one_label_marked_with_one_gid_are_not_a_collision(figure):
    fig, ax = figure
    ax.text(0.5, 0.5, "Free Syrian Army", gid="fsa-label")
    ax.text(0.5, 0.49, "from 2012", gid="fsa-label")
    assert text_problems(fig) == []


def _house_chart(name: str):
    """One of the house charts, drawn from the course's real tables as the lessons draw it."""
    from lessons import load, plots

    common = {"title": "A chart title as long as the lessons' titles are", "description": "d",
              "show": False}
    if name == "network":
        return plots.network(load("actor_links"), load("actors"), relations=["backed"],
                             **common)
    if name.startswith("control"):
        start = "2016-01-01" if name == "control, after 2016" else "2011-03-01"
        return plots.control_chart(load("city_control"), start=start, end="2026-02-15",
                                   **common)
    moves = load("displacement")
    if name == "lines":
        chosen = moves[(moves["measure"] == "refugees (in a host country)")
                       & moves["place"].isin(["Turkey", "Lebanon", "Jordan", "Iraq"])]
        return plots.lines(chosen, x="as_of", y="value", group="place", x_label="date",
                           y_label="refugees", table="displacement", **common)
    returns = moves[moves["measure"].isin(["refugee returns", "IDP returns"])].copy()
    returns["who"] = returns["counter"] + ": " + returns["measure"]
    return plots.bar(returns, label="who", value="value", value_label="people who returned",
                     sources=returns["source_ids"], table="displacement", **common)


@pytest.mark.parametrize("name", ["bars of millions", "lines", "network", "control, all years",
                                  "control, after 2016"])
def test_house_charts_have_no_overprinted_or_cut_off_text(name):
    fig = _house_chart(name)
    try:
        assert text_problems(fig) == []
    finally:
        plt.close(fig)


@pytest.mark.parametrize("words, problem", [
    ("2024-Dec", "machine"), ("Dec-03", "machine"),
    ("10 Nov 2025  Syria joins anti-IS [...]", "cut short"),
    ("Syria joins anti-IS ...", "cut short"),
    ("from 2013-2017", "dash"), ("range 1,000-2,000", "dash"),
    ("27 November - 10 December 2024", "dash"),
    ("Source: Slate (2016-12-13)  [ids: slate-2016-12-13-aleppo]", "source line"),
    ("Sources: 9 publications, in the source_ids column of data/events.csv", "source line")])
def test_wording_a_student_would_have_to_decode_is_found(figure, words, problem):
    fig, ax = figure
    ax.set_title(words, loc="left")
    found = wording_problems(fig)
    assert any(problem in p for p in found), found


def test_plain_wording_passes(figure):
    fig, ax = figure
    ax.set_title("27 November to 10 December 2024, day by day", loc="left")
    ax.text(0.1, 0.5, "Sources: SOHR (2016-12-13); UN OHCHR (2021-09-24)")
    ax.text(0.1, 0.3, "2013 to 2017, Dec 2024, more than 1.2 million")
    assert wording_problems(fig) == []


def test_a_fractional_tick_on_a_count_is_found(figure):
    fig, ax = figure
    ax.barh([0, 1, 2], [1, 3, 1])
    ax.set_xticks([0, 0.5, 1, 1.5, 2, 2.5, 3])
    assert any("tick at 0.5" in p for p in fractional_count_ticks(fig))
    ax.set_xticks([0, 1, 2, 3])
    assert fractional_count_ticks(fig) == []


def test_fractional_ticks_are_fine_where_the_values_are_not_whole(figure):
    fig, ax = figure
    ax.barh([0, 1], [0.4, 1.7])
    ax.set_xticks([0, 0.5, 1, 1.5])
    assert fractional_count_ticks(fig) == []

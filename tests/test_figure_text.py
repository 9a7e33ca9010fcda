"""The figure-text checker finds overprinted and cut-off text, and passes a clean chart."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from figure_text import text_problems


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

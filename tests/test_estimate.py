"""Capture-recapture: the right number for known lists, clear messages for impossible ones."""

from __future__ import annotations

import pytest

from lessons import estimate
from lessons.errors import CourseError


def test_lincoln_petersen_gives_the_textbook_number():
    # 60 on list A, 50 on list B, 20 on both: 60 * 50 / 20 = 150
    assert estimate.lincoln_petersen(60, 50, 20) == 150
    assert estimate.chapman(60, 50, 20) == pytest.approx(61 * 51 / 21 - 1)


def test_more_overlap_means_a_smaller_estimate():
    assert estimate.lincoln_petersen(60, 50, 40) < estimate.lincoln_petersen(60, 50, 10)


@pytest.mark.parametrize("args,message", [
    ((60, 50, 0), "No name is on both lists"),
    ((10, 5, 6), "cannot be on both lists"),
    ((10, "five", 2), "whole number"),
    ((-1, 5, 1), "whole number"),
])
def test_impossible_lists_get_a_clear_message(args, message):
    with pytest.raises(CourseError, match=message):
        estimate.lincoln_petersen(*args)


def test_overlap_ignores_spaces_and_capitals_and_counts_each_person_once():
    a = ["Amal Haddad", "Omar  Nassar", "Lina Sabbagh"]
    b = ["omar nassar", "LINA SABBAGH", "Lina Sabbagh", "Yusuf Khoury"]
    assert estimate.overlap(a, b) == ["omar nassar", "LINA SABBAGH"]


def test_explorer_updates_the_estimate_when_a_number_changes():
    box = estimate.estimate_explorer(60, 50, 20)
    first, second, both, result = box.children
    assert "150" in result.value
    both.value = 10
    assert "300" in result.value
    both.value = 0
    assert "cannot estimate" in result.value
    second.value = 5
    assert both.max == 5


def test_practice_lists_give_the_number_the_quiz_expects():
    from lessons.catalog import get_lesson

    list_a, list_b = estimate.practice_lists()
    assert (len(list_a), len(list_b)) == (24, 18)
    both = estimate.overlap(list_a, list_b)
    assert len(both) == 8
    expected = estimate.lincoln_petersen(len(list_a), len(list_b), len(both))
    assert expected == 54
    question = get_lesson("06_counting_the_dead").question("two-list-estimate")
    assert abs(question.answer - expected) <= question.tolerance


def test_estimates_show_as_people_write_them():
    # A student sees "54", never "54.0", and can still do sums with it.
    assert repr(estimate.lincoln_petersen(9, 6, 1)) == "54"
    assert repr(estimate.lincoln_petersen(2500, 2000, 1000)) == "5,000"
    assert repr(estimate.chapman(10, 10, 3)) == "29.2"
    assert estimate.lincoln_petersen(9, 6, 1) + 1 == 55

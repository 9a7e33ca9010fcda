"""The chemical-weapons lesson's table and verbs: every row says what kind of answer it is, the
table reads in full, and the predict-then-change task has the answer its quiz key gives."""

from __future__ import annotations

import pytest

from lessons import chemical
from lessons.catalog import get_lesson
from lessons.data import load
from lessons.errors import CourseError

LESSON = "07_chemical_weapons"


def test_every_row_is_one_of_the_four_kinds_and_cites_a_source():
    rows = load("chemical_investigations")
    assert set(rows["result_kind"]) <= set(chemical.KINDS)
    assert all(len(ids) >= 1 for ids in rows["source_ids"])


def test_fact_finding_rows_name_no_one_and_attributions_name_someone():
    for found in chemical.investigations("fact-finding")["found"]:
        assert "not part of its job" in found
    assert chemical.count_naming("fact-finding") == {
        "Syrian government forces": 0, "Islamic State group": 0, "no one": 2}


def test_the_changed_cell_shows_what_the_quiz_key_says():
    # compare-attributions: six rows name the government's forces, one the Islamic State group
    assert chemical.count_naming("attribution") == {
        "Syrian government forces": 6, "Islamic State group": 1, "no one": 0}
    right = [c.text for c in get_lesson(LESSON).question("compare-attributions").choices
             if c.correct]
    assert right and "six times" in right[0] and "once" in right[0]


def test_no_row_is_a_court_ruling_as_the_lesson_says():
    assert chemical.investigations("court ruling").empty


def test_the_investigations_table_shows_full_text_and_no_missing_values():
    shown = chemical.investigations_table().text
    for found in load("chemical_investigations")["found"]:
        assert found in shown
    assert "nan" not in shown.lower().split()


def test_rows_come_in_the_order_they_were_made_public():
    dates = list(chemical.investigations()["reported_on"])
    assert dates == sorted(dates)


def test_an_unknown_kind_gets_a_sentence_naming_the_kinds():
    with pytest.raises(CourseError, match='"attribution"'):
        chemical.investigations("atribution")


def test_the_kinds_table_gives_the_question_each_kind_answers():
    shown = chemical.kinds_table().text
    for kind, (_who, question, _example) in chemical.KINDS.items():
        assert kind in shown and question in shown

"""The course check: the same questions at the start (lesson 0) and at the end (lesson 11), in
another order the second time, with the first tries side by side in progress and the hand-in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessons import course_check, progress
from lessons.errors import QuizError
from lessons.quiz import Result, check

ROOT = Path(__file__).resolve().parent.parent


def test_the_check_has_choice_questions_each_with_one_right_answer_or_more():
    found = course_check.questions()
    assert len(found) >= 3
    assert all(q.type in ("single", "multiple") and any(c.correct for c in q.choices)
               for q in found)


def test_the_check_at_the_end_shows_questions_and_choices_in_another_order(progress_dir):
    start, end = course_check.before().views, course_check.after().views
    assert [v.question.id for v in start] != [v.question.id for v in end]
    assert sorted(v.question.id for v in start) == sorted(v.question.id for v in end)
    by_id = {v.question.id: [c.text for c in v.choices] for v in start}
    assert any(by_id[v.question.id] != [c.text for c in v.choices] for v in end)
    assert {v.lesson_id for v in start} == {course_check.BEFORE}
    assert {v.lesson_id for v in end} == {course_check.AFTER}


def _answer(when: str, question, right: bool) -> None:
    choice = next(c for c in question.choices if c.correct == right)
    answer = choice.text if question.type == "single" else [choice.text]
    progress.record(when, question.id, answer, check(question, answer))


def test_first_tries_before_and_after_reach_progress_and_the_hand_in(progress_dir, tmp_path):
    first, second, *_rest = course_check.questions()
    _answer(course_check.BEFORE, first, right=False)
    _answer(course_check.BEFORE, first, right=True)  # a second try does not change the first
    _answer(course_check.AFTER, first, right=True)
    _answer(course_check.AFTER, second, right=True)
    saved = progress.answers()
    rows = {r["question"]: r for r in course_check.first_tries(saved)}
    assert rows[first.prompt]["before"] == "wrong" and rows[first.prompt]["after"] == "right"
    assert rows[second.prompt]["before"] == "" and rows[second.prompt]["after"] == "right"
    total = len(course_check.questions())
    sentence = course_check.change_sentence(saved)
    assert f"at the start (lesson 0), 0 of {total} right" in sentence
    assert f"at the end (lesson 11), 2 of {total} right" in sentence
    assert sentence in progress.my_progress().caption
    text = progress.export(tmp_path / "answers.md").read_text(encoding="utf-8")
    assert "## The course check, before and after" in text
    assert "At the start: wrong; at the end: right." in text
    assert "not a lesson in this version" not in text


def test_no_check_taken_says_so_and_adds_nothing_to_the_hand_in(progress_dir, tmp_path):
    assert "not taken yet" in course_check.change_sentence({})
    progress.record("00_start_here", "what-do-you-know", "Some words to save.",
                    Result("saved", "ok"))
    text = progress.export(tmp_path / "answers.md").read_text(encoding="utf-8")
    assert "course check" not in text


@pytest.mark.parametrize("bank, message", [
    ("questions: []\n", "at least three questions"),
    ("questions:\n" + "".join(f"  - {{id: q{n}, type: reflection, prompt: p, section: s}}\n"
                              for n in range(3)), "single- or multiple-choice"),
    ("question: []\n", "should be a mapping with a list of 'questions'"),
])
def test_a_broken_check_file_is_refused_with_its_reason(tmp_path, bank, message):
    path = tmp_path / "course_check.yaml"
    path.write_text(bank, encoding="utf-8")
    with pytest.raises(QuizError, match=message):
        course_check.questions(path)


def test_lesson_0_and_lesson_11_show_the_check():
    zero = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    last = json.loads((ROOT / "notebooks" / "11_checking_the_forecast.ipynb")
                      .read_text(encoding="utf-8"))
    assert any("course_check.before()" in "".join(c["source"]) for c in zero["cells"])
    assert any("course_check.after()" in "".join(c["source"]) for c in last["cells"])

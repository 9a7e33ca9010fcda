"""No quiz gives its answer away: not by position (choices are shuffled per student, stable for
one student), not by length (the right choice is never much the longest)."""

from __future__ import annotations

from collections import Counter

import pytest

from lessons import progress
from lessons.catalog import all_lessons
from lessons.quiz import Choice, Question, shown_choices

STUDENTS = [f"student-{n}" for n in range(80)]
LONGER_BY_AT_MOST = 1.15  # the right choice may be at most 15% longer than the longest wrong one


def choice_questions():
    return [(lesson.id, q) for lesson in all_lessons() for q in lesson.questions
            if q.type in ("single", "multiple")]


def right_positions(question: Question, students=STUDENTS) -> Counter:
    """Where the right choice(s) appear, counted over many simulated students."""
    seen = Counter()
    for student in students:
        for position, choice in enumerate(shown_choices(question, student)):
            if choice.correct:
                seen[position] += 1
    return seen


def position_problems(question: Question) -> list[str]:
    """Positions where a right choice never appears, or one position that holds it too often."""
    seen = right_positions(question)
    total = sum(seen.values())
    n = len(question.choices)
    problems = [f"the right choice is never shown at position {p + 1}"
                for p in range(n) if not seen[p] and sum(c.correct for c in question.choices) < n]
    most = max(seen.values())
    if n > 1 and most > 0.5 * total:
        problems.append(f"position {seen.most_common(1)[0][0] + 1} holds the right choice "
                        f"{most} times of {total}")
    return problems


def length_problem(question: Question) -> str | None:
    right = max(len(c.text) for c in question.choices if c.correct)
    wrong = [len(c.text) for c in question.choices if not c.correct]
    if wrong and right > LONGER_BY_AT_MOST * max(wrong):
        return (f"the right choice has {right} characters, the longest wrong one "
                f"{max(wrong)}: length gives the answer away")
    return None


@pytest.mark.parametrize("lesson_id,question", choice_questions(),
                         ids=[f"{lid}:{q.id}" for lid, q in choice_questions()])
def test_right_answer_position_varies_across_students(lesson_id, question):
    assert not position_problems(question)


@pytest.mark.parametrize("lesson_id,question", choice_questions(),
                         ids=[f"{lid}:{q.id}" for lid, q in choice_questions()])
def test_right_answer_is_not_given_away_by_length(lesson_id, question):
    assert length_problem(question) is None


def test_right_answer_is_seldom_the_longest_single_choice():
    singles = [q for _lid, q in choice_questions() if q.type == "single"]
    longest = [q.id for q in singles
               if max(q.choices, key=lambda c: len(c.text)).correct]
    assert len(longest) <= len(singles) / 3, f"right answer longest in: {longest}"


def _broken() -> Question:
    choices = (Choice("A long and careful answer that names who said it, and when", True, "."),
               Choice("No", False, "."), Choice("Maybe", False, "."))
    return Question(id="broken", type="single", prompt="?", section="s", choices=choices)


def test_length_check_fails_on_a_give_away_question():
    assert length_problem(_broken())


def test_fixed_order_is_caught_by_the_position_check(monkeypatch):
    import lessons.questions.model

    monkeypatch.setattr(lessons.questions.model.random.Random, "shuffle", lambda self, x: None)
    assert position_problems(_broken())


def test_each_student_sees_the_same_order_every_time_and_students_differ(tmp_path,
                                                                        monkeypatch):
    question = choice_questions()[0][1]
    for name in ("ana", "ben"):
        monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / name))
        key = progress.student_key()
        assert progress.student_key() == key  # kept, not made anew
        assert shown_choices(question, key) == shown_choices(question, key)
    keys = {(tmp_path / n / "student-key.txt").read_text() for n in ("ana", "ben")}
    assert len(keys) == 2


def test_student_key_falls_back_when_the_folder_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(blocked / "inside"))
    assert progress.student_key()

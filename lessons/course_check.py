"""The course check: the same short questions at the start of the course (lesson 0) and at its
end (lesson 11), shown the second time in another order, with each student's first tries set
side by side, so a student and a teacher can see what changed.

The questions are in lessons/catalog/course_check.yaml, in the format of a lesson's quiz bank.
Answers are saved like any quiz answer, under the "lesson" ids ``course-check-before`` and
``course-check-after``.
"""

from __future__ import annotations

from pathlib import Path

from lessons.catalog import CATALOG, read_yaml
from lessons.errors import CourseError, QuizError
from lessons.questions import Question, parse_question, refuse_unknown_keys
from lessons.quiz import QuizView

BANK = CATALOG / "course_check.yaml"
SHOWN = "lessons/catalog/course_check.yaml"
BEFORE, AFTER = "course-check-before", "course-check-after"
WHEN = {BEFORE: "at the start (lesson 0)", AFTER: "at the end (lesson 11)"}


def questions(path: Path = BANK) -> tuple[Question, ...]:
    """The check's questions, in the order they are first shown; a QuizError names the file,
    line and question if the bank is wrong."""
    raw = read_yaml(path, SHOWN)
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise QuizError(f"{SHOWN}: should be a mapping with a list of 'questions'")
    refuse_unknown_keys(raw, ("questions",), SHOWN)
    found = tuple(parse_question(q, f"{SHOWN}, question {n}")
                  for n, q in enumerate(raw["questions"], start=1))
    if len(found) < 3:
        raise QuizError(f"{SHOWN}: the check needs at least three questions")
    for question in found:
        if question.type not in ("single", "multiple"):
            raise QuizError(f"{SHOWN} ({question.id!r}): use single- or multiple-choice "
                            "questions, so the two tries can be compared")
    ids = [q.id for q in found]
    if len(set(ids)) != len(ids):
        raise QuizError(f"{SHOWN}: two questions have the same id")
    return found


def _views(when: str) -> list[QuizView]:
    from lessons import progress

    student = progress.student_key()
    shown = questions()
    if when == AFTER:  # another order of the questions, and of each one's choices
        shown = shown[1::2] + shown[0::2]
        student = f"{student}:after"
    return [QuizView(when, question, student=student) for question in shown]


class _Check:
    """All the check's questions in one output, each with its own Check button."""

    def __init__(self, when: str):
        import ipywidgets as w

        self.views = _views(when)
        self.widget = w.VBox([view.widget for view in self.views])

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/html"] = "".join(view.printable_html() for view in self.views)
        return bundle


def before() -> _Check:
    """The check at the start of the course."""
    return _Check(BEFORE)


def after() -> _Check:
    """The same check at the end of the course, in another order."""
    return _Check(AFTER)


def first_tries(saved: dict) -> list[dict]:
    """For each question: its prompt and the result of the first try before and after
    ("right", "wrong" or "" when not tried), from a student's saved answers."""
    rows = []
    for question in questions():
        row = {"question": question.prompt}
        for when, column in ((BEFORE, "before"), (AFTER, "after")):
            attempts = [a for a in saved.get(when, {}).get(question.id, [])
                        if a.get("status") in ("right", "wrong")]
            row[column] = attempts[0]["status"] if attempts else ""
        rows.append(row)
    return rows


def change_sentence(saved: dict) -> str:
    """One sentence: how many questions were right at the first try, before and after."""
    rows = first_tries(saved)
    done = {c: [r[c] for r in rows if r[c]] for c in ("before", "after")}
    parts = [f"{WHEN[when]}, {sum(s == 'right' for s in done[c])} of {len(rows)} right at "
             "the first try" if done[c] else f"{WHEN[when]}, not taken yet"
             for when, c in ((BEFORE, "before"), (AFTER, "after"))]
    return "The course check: " + "; ".join(parts) + "."


def change_table():
    """The student's first tries, before and after, question by question, to read."""
    import pandas as pd

    from lessons import progress
    from lessons.tables import Sentence, table

    try:
        saved = progress.answers()
    except CourseError as exc:
        return Sentence(str(exc))
    frame = pd.DataFrame(first_tries(saved)).replace({"": "not tried"})
    return table(frame, {"question": "question", "before": "at the start",
                         "after": "at the end"}, caption=change_sentence(saved))

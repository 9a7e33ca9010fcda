"""Single choice: pick the one right answer of several."""

from __future__ import annotations

from lessons.errors import QuizError
from lessons.questions import fields
from lessons.questions.kind import Kind
from lessons.questions.model import Question, Result, echo, plain_right, see


def pick_one(question: Question, answer) -> int | None:
    """Turn an answer (an index, or the text of a choice) into a choice index, or None."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int) and 0 <= answer < len(question.choices):
        return answer
    if isinstance(answer, str):
        for number, choice in enumerate(question.choices):
            if answer.strip() == choice.text:
                return number
    return None


class Single(Kind):
    name = "single"
    keys = ("choices",)

    def parse(self, raw: dict, common: dict, where: str) -> Question:
        choices = fields.entries(raw, where, "choices")
        right = sum(c.correct for c in choices)
        if right != 1:
            raise QuizError(f"{where}{fields.at_line(raw, 'choices')}: a single-choice question "
                            f"needs exactly one correct choice; it has {right}")
        return Question(**common, choices=choices)

    def check(self, question: Question, answer) -> Result:
        if answer is None or answer == "":
            return Result("invalid", "Choose one answer first, then press Check.")
        number = pick_one(question, answer)
        if number is None:
            return Result("invalid", f"{echo(answer)} is not one of the choices. Pick one of "
                                     "the options.")
        choice = question.choices[number]
        feedback = plain_right(choice.feedback) if choice.correct else choice.feedback
        return Result("right" if choice.correct else "wrong", see(question, feedback))

"""Multiple choice: tick every right answer, and only those."""

from __future__ import annotations

from lessons.errors import QuizError
from lessons.questions import fields
from lessons.questions.kind import Kind
from lessons.questions.model import Question, Result, plain_right, see
from lessons.questions.single import pick_one


class Multiple(Kind):
    name = "multiple"
    keys = ("choices",)

    def parse(self, raw: dict, common: dict, where: str) -> Question:
        choices = fields.entries(raw, where, "choices")
        if not any(c.correct for c in choices):
            raise QuizError(f"{where}{fields.at_line(raw, 'choices')}: mark at least one choice "
                            "correct: true")
        return Question(**common, choices=choices)

    def check(self, question: Question, answer) -> Result:
        if answer is None or isinstance(answer, (str, int)):
            answer = [] if answer in (None, "") else [answer]
        picked = {pick_one(question, a) for a in answer}
        if None in picked:
            return Result("invalid", "One of those is not among the choices. Tick the boxes "
                                     "instead.")
        if not picked:
            return Result("invalid", "Tick at least one box, then press Check.")
        lines = []
        for number, choice in enumerate(question.choices):
            if number in picked:
                mark = "You ticked this, and rightly." if choice.correct else \
                    "You ticked this, but"
            elif choice.correct:
                mark = "You left this out, but it belongs:"
            else:
                continue
            feedback = plain_right(choice.feedback) if choice.correct else choice.feedback
            lines.append(f"\u2022 \u201c{choice.text}\u201d: {mark} {feedback}")
        right = picked == {n for n, c in enumerate(question.choices) if c.correct}
        head = "All the right boxes, and only those." if right else "Not quite."
        return Result("right" if right else "wrong", see(question, "\n".join([head, *lines])))

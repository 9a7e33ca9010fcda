"""Reflection: a sentence or two of the student's own, saved as written and never graded."""

from __future__ import annotations

import re

from lessons.questions.kind import Kind
from lessons.questions.model import Question, Result, long_enough


class Reflection(Kind):
    name = "reflection"
    keys = ("feedback",)
    feedback_keys = ("saved",)
    graded = False

    def check(self, question: Question, answer) -> Result:
        if not isinstance(answer, str) or not long_enough(answer):
            return Result("invalid", "Write a sentence or two first (at least a few words).")
        # The badge above the message already says "Saved.", so a bank's "Saved. ..." is not
        # said twice.
        message = question.feedback.get(
            "saved", "There is no single right answer; compare yours with a classmate's.")
        return Result("saved", re.sub(r"^Saved\.\s*", "", message))

"""Essay: a longer piece of writing with planning steps, saved with its word count, never
graded by the machine."""

from __future__ import annotations

import re

from lessons.errors import QuizError
from lessons.questions import fields
from lessons.questions.kind import Kind
from lessons.questions.model import Question, Result, long_enough, word_count


class Essay(Kind):
    name = "essay"
    keys = ("plan", "min_words", "feedback")
    feedback_keys = ("saved",)
    graded = False

    def parse(self, raw: dict, common: dict, where: str) -> Question:
        feedback = self.feedback(raw, where)
        plan = raw.get("plan", [])
        if not isinstance(plan, list) or not all(isinstance(p, str) and p.strip()
                                                 for p in plan):
            raise QuizError(f"{where}{fields.at_line(raw, 'plan')}: 'plan' should be a list of "
                            "steps, each a line of text")
        min_words = raw.get("min_words", 0)
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
            raise QuizError(f"{where}{fields.at_line(raw, 'min_words')}: 'min_words' should be "
                            "a whole number of 0 or more")
        return Question(**common, feedback=feedback, plan=tuple(plan), min_words=min_words)

    def check(self, question: Question, answer) -> Result:
        if not isinstance(answer, str) or not long_enough(answer):
            return Result("invalid", "Write your essay in the box first, then save it.")
        words = word_count(answer)
        message = f"{words:,} word{'s' if words != 1 else ''} saved."
        if words < question.min_words:
            message += (f" A full answer is usually about {question.min_words:,} words or "
                        "more: keep writing and save again whenever you like.")
        extra = re.sub(r"^Saved\.\s*", "", question.feedback.get("saved", ""))
        return Result("saved", f"{message} {extra}".strip())

"""Number: type a number read from a chart or a table, right within a stated tolerance."""

from __future__ import annotations

import math
import numbers
import re

from lessons.errors import QuizError
from lessons.questions import fields
from lessons.questions.kind import Kind
from lessons.questions.model import Question, Result, echo, plain_right, see

# Spaces a student may type between thousands: a plain, a no-break, a thin or a narrow
# no-break space (a word processor or a French keyboard puts in the last three).
_SPACED_THOUSANDS = re.compile(r"[-+]?\d{1,3}(\s\d{3})+([.,]\d+)?")


def as_number(answer) -> float | None:
    """The number a student typed or passed, or None if it is not one. A number too big for
    the checker comes back as infinity, so the student can be told so."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        try:
            number = float(answer)
        except OverflowError:  # a whole number too big to be a float
            number = math.inf if answer > 0 else -math.inf
        return None if math.isnan(number) else number
    if isinstance(answer, str):
        text = answer.strip().replace("\u2212", "-").removesuffix("%").rstrip()
        if re.search(r"\s", text):
            if not _SPACED_THOUSANDS.fullmatch(text):
                return None  # "11 34" is not one number
            text = re.sub(r"\s", "", text).replace(",", ".")  # 1 134,5 or 1 134.5
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")  # 1,134 or 100,000: commas between thousands
        elif text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # 2,59: a decimal comma, as in much of Europe
        try:
            number = float(text)
        except ValueError:
            return None
        return None if math.isnan(number) else number
    return None


class Number(Kind):
    name = "number"
    keys = ("answer", "tolerance", "unit", "feedback")
    feedback_keys = ("right", "too_low", "too_high")

    def parse(self, raw: dict, common: dict, where: str) -> Question:
        feedback = self.feedback(raw, where)
        fields.need(raw, "answer", (int, float), where)
        answer = fields.finite(raw, "answer", where)
        tolerance = fields.finite(raw, "tolerance", where, default=0)
        if tolerance < 0:
            raise QuizError(f"{where}{fields.at_line(raw, 'tolerance')}: 'tolerance' should be "
                            "a number of 0 or more")
        unit = raw.get("unit", "")
        if not isinstance(unit, str):
            raise QuizError(f"{where}{fields.at_line(raw, 'unit')}: 'unit' should be str, not "
                            f"{type(unit).__name__}")
        for key in self.feedback_keys:
            fields.need(feedback, key, str, f"{where}, feedback")
        return Question(**common, answer=answer, tolerance=tolerance, unit=unit,
                        feedback=feedback)

    def check(self, question: Question, answer) -> Result:
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Result("invalid", "Type a number in the box, then press Check.")
        number = as_number(answer)
        if number is None:
            return Result("invalid", f"Please type a number, like 42 or 3.5. "
                                     f"{echo(str(answer))} is not a number the checker can "
                                     "read.")
        if math.isinf(number):
            return Result("invalid", "That number is too big for the checker. Check how many "
                                     "digits you typed.")
        if abs(number - question.answer) <= question.tolerance:
            return Result("right", see(question, plain_right(question.feedback["right"])))
        key = "too_low" if number < question.answer else "too_high"
        return Result("wrong", see(question, question.feedback[key]))

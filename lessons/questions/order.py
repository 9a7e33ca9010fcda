"""Order: put events in the order they happened, by typing the letters they are shown with."""

from __future__ import annotations

from lessons.questions import fields
from lessons.questions.kind import Kind
from lessons.questions.model import Question, Result, plain_right, see


def order_from_letters(question: Question, typed) -> list[str] | None:
    """The items named by typed letters ("C, A, B" or "cab"), in that order; None if the text is
    not letters of this question's items."""
    if not isinstance(typed, str):
        return None
    by_letter = {label[0]: text for text, label in question.shown_labels.items()}
    letters = [ch for ch in typed.upper() if not (ch.isspace() or ch in ",;.-/>")]
    if not letters or any(ch not in by_letter for ch in letters):
        return None
    return [by_letter[ch] for ch in letters]


class Order(Kind):
    name = "order"
    keys = ("items", "feedback")
    feedback_keys = ("right", "wrong")

    def parse(self, raw: dict, common: dict, where: str) -> Question:
        feedback = self.feedback(raw, where)
        return Question(**common, items=fields.entries(raw, where, "items"), feedback=feedback)

    def check(self, question: Question, answer) -> Result:
        wanted = [item.text for item in question.items]
        if isinstance(answer, str):
            answer = order_from_letters(question, answer) or answer
        if not isinstance(answer, (list, tuple)) or sorted(map(str, answer)) != sorted(wanted):
            last = chr(ord("A") + len(wanted) - 1)
            return Result("invalid", f"Type each letter from A to {last} once, in the order "
                                     "you think the events happened, for example with commas "
                                     "between them. Then press Check.")
        if list(answer) == wanted:
            return Result("right", see(question, plain_right(question.feedback.get("right", ""))
                                       or "That is the order they happened."))
        in_place = sum(a == w for a, w in zip(answer, wanted))
        lines = [f"{in_place} of {len(wanted)} are in the right place. Think again about these:"]
        lines += [f"\u2022 {item.text}: {item.feedback}" for a, item in zip(answer, question.items)
                  if a != item.text]
        text = question.feedback.get("wrong", "")
        return Result("wrong", see(question, "\n".join(([text] if text else []) + lines)))

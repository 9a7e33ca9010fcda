"""Quiz questions without any widget: the model (``Choice``, ``Question``, ``Result``), reading
a question from a lesson's quiz bank, and checking an answer. One class a question type, each in
its own file, listed once in ``registry.KINDS``. The widget a student clicks is in
``lessons.quiz``; exports for Moodle and Canvas in ``lessons.quiz_export``.

``check`` never raises on a student's answer: an answer of the wrong kind gets a friendly
"invalid" result.
"""

from __future__ import annotations

from lessons.errors import QuizError
from lessons.questions.fields import at_line, need, refuse_unknown_keys
from lessons.questions.kind import Kind
from lessons.questions.model import Choice, Question, Result, shown_choices, word_count
from lessons.questions.order import order_from_letters
from lessons.questions.registry import KINDS

__all__ = ["KINDS", "TYPES", "WRITTEN", "QUESTION_KEYS", "Choice", "Kind", "Question", "Result",
           "at_line", "check", "kind", "order_from_letters", "parse_question",
           "refuse_unknown_keys", "shown_choices", "word_count"]

TYPES = tuple(KINDS)
WRITTEN = tuple(name for name, k in KINDS.items() if not k.graded)  # saved, never graded
# The keys each type's bank entry may have. Any other key is refused: a misspelt key
# ("Correct:", "tolerence:") would otherwise be ignored, and the question would break for
# students while the bank looked fine.
QUESTION_KEYS = {name: k.all_keys for name, k in KINDS.items()}


def kind(question: Question) -> Kind:
    """The type object of a question (what its bank entry holds, how it is checked)."""
    return KINDS[question.type]


def check(question: Question, answer) -> Result:
    """Check a student's answer. Never raises: an unusable answer gives status 'invalid'."""
    try:
        return KINDS[question.type].check(question, answer)
    except (TypeError, ValueError, AttributeError, OverflowError, RecursionError):
        return Result("invalid", "That answer could not be read. Please try again.")


def parse_question(raw, where: str) -> Question:
    """Build a Question from one entry of a quiz bank, or raise QuizError naming it."""
    if not isinstance(raw, dict):
        raise QuizError(f"{where}: each question should be a mapping with id, type and prompt")
    qid = need(raw, "id", str, where)
    where = f"{where} ({qid!r})"
    qtype = need(raw, "type", str, where)
    if qtype not in KINDS:
        raise QuizError(f"{where}{at_line(raw, 'type')}: type {qtype!r} is not one of "
                        f"{', '.join(TYPES)}")
    type_of = KINDS[qtype]
    refuse_unknown_keys(raw, type_of.all_keys, where)
    common = dict(id=qid, type=qtype, prompt=need(raw, "prompt", str, where),
                  section=need(raw, "section", str, where))
    return type_of.parse(raw, common, where)

"""The parts every quiz question is made of: a choice, a question, the result of a check, and
the small texts feedback is built from. No widget here: the widget is in ``lessons.quiz``."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Choice:
    """One option of a single- or multiple-choice question, with why it is right or wrong."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One quiz question. Which attributes are used depends on ``type`` (see ``kind()``)."""

    id: str
    type: str
    prompt: str
    section: str
    choices: tuple[Choice, ...] = ()
    items: tuple[Choice, ...] = ()  # order questions: the right order, each with a note
    answer: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    feedback: dict = field(default_factory=dict)
    plan: tuple[str, ...] = ()  # essays: the planning steps shown above the writing box
    min_words: int = 0  # essays: about how long a full answer is

    @property
    def graded(self) -> bool:
        """Whether the machine marks it right or wrong (not a reflection or an essay)."""
        from lessons.questions.registry import KINDS

        kind = KINDS.get(self.type)
        return kind.graded if kind else True

    @property
    def shown_items(self) -> list[str]:
        """Order items as shown to the student: alphabetical, so never already in order."""
        texts = [item.text for item in self.items]
        shown = sorted(texts)
        return shown if shown != texts else sorted(texts, reverse=True)

    @property
    def shown_labels(self) -> dict[str, str]:
        """Order items lettered as shown ("A. ...", "B. ..."): a student can name them, and on a
        keyboard can pick one from a list by typing its letter."""
        return {text: f"{chr(ord('A') + n)}. {text}" for n, text in enumerate(self.shown_items)}


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer: right, wrong, invalid (not an answer) or saved."""

    status: str
    message: str

    @property
    def correct(self) -> bool | None:
        """True or False for a graded answer; None for a reflection or an invalid answer."""
        return {"right": True, "wrong": False}.get(self.status)


def shown_choices(question: Question, student: str) -> list[Choice]:
    """The choices in the order one student sees them: shuffled, so a position carries no
    information, and the same each time that student runs the lesson (``student`` is their key
    from ``progress.student_key``). Answers are checked by their text, never their position."""
    order = list(question.choices)
    random.Random(f"{student}:{question.id}").shuffle(order)
    return order


# Some feedback already ends "See Section 4."; the pointer added below names the section in
# full, so that short one is dropped rather than said twice.
_SHORT_POINTER = re.compile(r"\s*See Section \d+\.?\s*$")


# The badge says "Correct." and a ticked box says "and rightly", so a bank's own "Right." or
# "Yes." at the start of a right choice's feedback is not said again.
_AGREEMENT = re.compile(r"^(Right|Yes|Correct)(\s*[.!:,;-]+|\s+-)\s*")


def plain_right(text: str) -> str:
    """Right feedback without a leading "Right." the badge already says."""
    rest = _AGREEMENT.sub("", text, count=1)
    return rest[:1].upper() + rest[1:] if rest else text


def see(question: Question, text: str) -> str:
    """Feedback with a pointer back to the lesson section the question belongs to."""
    text = _SHORT_POINTER.sub("", text)
    return text + (f" (See {question.section.rstrip('.')})" if question.section else "")


def echo(answer, limit: int = 40) -> str:
    """A student's answer as quoted back in a message: on one line, and cut short when long, so
    a pasted page does not fill the feedback."""
    try:
        text = answer if isinstance(answer, str) else repr(answer)
    except ValueError:  # an int too long to write out
        text = "that number"
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rstrip() + "\u2026"
    return repr(text) if isinstance(answer, str) else text


# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar,
# Tibetan): there one character carries about as much as a short word, so it counts double.
_NO_SPACES = re.compile("[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
                        "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                        "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]")


def long_enough(text: str) -> bool:
    """At least a short sentence: ten characters, with those of scripts written without
    spaces counted double."""
    text = text.strip()
    return len(text) + len(_NO_SPACES.findall(text)) >= 10


def word_count(text: str) -> int:
    """Words in a piece of writing: runs of letters or digits, with each character of a script
    written without spaces (Chinese, Japanese) counted as a word."""
    return len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", _NO_SPACES.sub(" ", text))) \
        + len(_NO_SPACES.findall(text))

"""What every type of question does: the keys its bank entry may have, how it is read from the
bank, and how an answer to it is checked. Each type is one class in a file of its own, listed
once in ``lessons.questions.registry``."""

from __future__ import annotations

from lessons.questions import fields
from lessons.questions.model import Question, Result

COMMON_KEYS = ("id", "type", "prompt", "section")


class Kind:
    """One type of question. A subclass sets ``name``, ``keys`` and ``feedback_keys`` and
    writes ``check``; it writes ``parse`` when it has fields of its own."""

    name = ""
    keys: tuple[str, ...] = ()  # the keys besides id, type, prompt and section
    feedback_keys: tuple[str, ...] = ()
    graded = True  # marked right or wrong (False: saved as written, never graded)

    @property
    def all_keys(self) -> tuple[str, ...]:
        """Every key a bank entry of this type may have."""
        return COMMON_KEYS + self.keys

    def parse(self, raw: dict, common: dict, where: str) -> Question:
        """The Question for one bank entry (``common`` holds id, type, prompt and section)."""
        return Question(**common, feedback=self.feedback(raw, where))

    def feedback(self, raw: dict, where: str) -> dict:
        """The entry's feedback mapping, with only this type's keys."""
        return fields.feedback(raw, self.feedback_keys, where)

    def check(self, question: Question, answer) -> Result:
        """Check one answer (the caller turns a stray exception into "invalid")."""
        raise NotImplementedError

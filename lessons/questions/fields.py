"""Reading the fields of a quiz-bank entry, with a message naming the file, question and line
for anything a teacher could have mistyped."""

from __future__ import annotations

import difflib
import math

from lessons.errors import QuizError
from lessons.questions.model import Choice

# The keys of one entry of a question's "choices" or "items" list.
ENTRY_KEYS = {"choices": ("text", "correct", "feedback"), "items": ("text", "feedback")}


def at_line(raw, key=None) -> str:
    """", line N" for a mapping read from a YAML file (the line of ``key`` when given), or ""
    for a mapping made in Python, which has no line."""
    line = getattr(raw, "key_lines", {}).get(key) or getattr(raw, "line", None)
    return f", line {line}" if line else ""


def refuse_unknown_keys(raw: dict, allowed, where: str) -> None:
    """Raise QuizError for the first key that is not in ``allowed``, suggesting the nearest
    known key ("did you mean 'correct'?") or listing them all."""
    for key in raw:
        if key in allowed:
            continue
        near = difflib.get_close_matches(str(key).lower(), allowed, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}?" if near else f"the keys are: {', '.join(allowed)}"
        raise QuizError(f"{where}{at_line(raw, key)}: unknown key {key!r} ({hint})")


def need(data: dict, key: str, kind, where: str):
    """The value of ``key``, which must be there and of ``kind``."""
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise QuizError(f"{where}{at_line(data, key)}: '{key}' is missing")
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise QuizError(f"{where}{at_line(data, key)}: '{key}' should be "
                        f"{getattr(kind, '__name__', kind)}, not {type(value).__name__}")
    return value


def entries(raw: dict, where: str, key: str) -> tuple[Choice, ...]:
    """A question's "choices" or "items": at least two, each with a text and feedback, no two
    the same."""
    listed = raw.get(key)
    if not isinstance(listed, list) or len(listed) < 2:
        raise QuizError(f"{where}{at_line(raw, key)}: '{key}' needs a list of at least two "
                        "entries")
    out = []
    for number, entry in enumerate(listed, start=1):
        spot = f"{where}, {key} {number}"
        if not isinstance(entry, dict):
            raise QuizError(f"{spot}{at_line(raw, key)}: should have 'text' and 'feedback'")
        refuse_unknown_keys(entry, ENTRY_KEYS[key], spot)
        correct = entry.get("correct", False)
        if not isinstance(correct, bool):
            raise QuizError(f"{spot}{at_line(entry, 'correct')}: 'correct' should be true or "
                            "false")
        out.append(Choice(need(entry, "text", str, spot), correct,
                          need(entry, "feedback", str, spot)))
    texts = [c.text for c in out]
    if len(set(texts)) != len(texts):
        raise QuizError(f"{where}{at_line(raw, key)}: two {key} have the same text")
    return tuple(out)


def feedback(raw: dict, allowed, where: str) -> dict:
    """The question's feedback mapping: only the keys its type uses, each a text."""
    given = raw.get("feedback", {})
    if not isinstance(given, dict):
        raise QuizError(f"{where}{at_line(raw, 'feedback')}: 'feedback' should be a mapping")
    spot = f"{where}, feedback"
    refuse_unknown_keys(given, allowed, spot)
    for key in given:
        need(given, key, str, spot)
    return dict(given)


def finite(raw: dict, key: str, where: str, default=None) -> float:
    """A number that is not infinite or NaN."""
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value):
        kind = "a number of 0 or more" if key == "tolerance" else "a number"
        raise QuizError(f"{where}{at_line(raw, key)}: '{key}' should be {kind}")
    return float(value)

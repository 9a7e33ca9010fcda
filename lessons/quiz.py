"""Quiz questions: the six types, how an answer is checked, and the widget a student clicks.

A question comes from a lesson's quiz bank (lessons/catalog/<lesson>/lesson.yaml). ``check``
never raises on a student's answer: an answer of the wrong kind gets a friendly "invalid" result.
"""

from __future__ import annotations

import difflib
import html
import math
import numbers
import random
import re
from dataclasses import dataclass, field

from lessons.errors import CourseError, QuizError

TYPES = ("single", "multiple", "order", "number", "reflection", "essay")
WRITTEN = ("reflection", "essay")  # saved as the student wrote them, never graded


@dataclass(frozen=True)
class Choice:
    """One option of a single- or multiple-choice question, with why it is right or wrong."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One quiz question. Which attributes are used depends on ``type``."""

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
        return self.type not in WRITTEN

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


def _plain_right(text: str) -> str:
    """Right feedback without a leading "Right." the badge already says."""
    rest = _AGREEMENT.sub("", text, count=1)
    return rest[:1].upper() + rest[1:] if rest else text


def _see(question: Question, text: str) -> str:
    """Feedback with a pointer back to the lesson section the question belongs to."""
    text = _SHORT_POINTER.sub("", text)
    return text + (f" (See {question.section.rstrip('.')})" if question.section else "")


def _pick_one(question: Question, answer) -> int | None:
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


def _check_single(question: Question, answer) -> Result:
    if answer is None or answer == "":
        return Result("invalid", "Choose one answer first, then press Check.")
    number = _pick_one(question, answer)
    if number is None:
        return Result("invalid", f"{_echo(answer)} is not one of the choices. Pick one of the "
                                 "options.")
    choice = question.choices[number]
    feedback = _plain_right(choice.feedback) if choice.correct else choice.feedback
    return Result("right" if choice.correct else "wrong", _see(question, feedback))


def _check_multiple(question: Question, answer) -> Result:
    if answer is None or isinstance(answer, (str, int)):
        answer = [] if answer in (None, "") else [answer]
    picked = {_pick_one(question, a) for a in answer}
    if None in picked:
        return Result("invalid", "One of those is not among the choices. Tick the boxes instead.")
    if not picked:
        return Result("invalid", "Tick at least one box, then press Check.")
    lines = []
    for number, choice in enumerate(question.choices):
        if number in picked:
            mark = "You ticked this, and rightly." if choice.correct else "You ticked this, but"
        elif choice.correct:
            mark = "You left this out, but it belongs:"
        else:
            continue
        feedback = _plain_right(choice.feedback) if choice.correct else choice.feedback
        lines.append(f"\u2022 \u201c{choice.text}\u201d: {mark} {feedback}")
    right = picked == {n for n, c in enumerate(question.choices) if c.correct}
    head = "All the right boxes, and only those." if right else "Not quite."
    return Result("right" if right else "wrong", _see(question, "\n".join([head, *lines])))


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


def _check_order(question: Question, answer) -> Result:
    wanted = [item.text for item in question.items]
    if isinstance(answer, str):
        answer = order_from_letters(question, answer) or answer
    if not isinstance(answer, (list, tuple)) or sorted(map(str, answer)) != sorted(wanted):
        last = chr(ord("A") + len(wanted) - 1)
        return Result("invalid", f"Type each letter from A to {last} once, in the order you "
                                 "think the events happened, for example with commas between "
                                 "them. Then press Check.")
    if list(answer) == wanted:
        return Result("right", _see(question, _plain_right(question.feedback.get("right", "")) or
                                    "That is the order they happened."))
    in_place = sum(a == w for a, w in zip(answer, wanted))
    lines = [f"{in_place} of {len(wanted)} are in the right place. Think again about these:"]
    lines += [f"\u2022 {item.text}: {item.feedback}" for a, item in zip(answer, question.items)
              if a != item.text]
    text = question.feedback.get("wrong", "")
    return Result("wrong", _see(question, "\n".join(([text] if text else []) + lines)))


# Spaces a student may type between thousands: a plain, a no-break, a thin or a narrow
# no-break space (a word processor or a French keyboard puts in the last three).
_SPACED_THOUSANDS = re.compile(r"[-+]?\d{1,3}(\s\d{3})+([.,]\d+)?")


def _as_number(answer) -> float | None:
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


def _echo(answer, limit: int = 40) -> str:
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


def _check_number(question: Question, answer) -> Result:
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return Result("invalid", "Type a number in the box, then press Check.")
    number = _as_number(answer)
    if number is None:
        return Result("invalid", f"Please type a number, like 42 or 3.5. {_echo(str(answer))} "
                                 "is not a number the checker can read.")
    if math.isinf(number):
        return Result("invalid", "That number is too big for the checker. Check how many "
                                 "digits you typed.")
    if abs(number - question.answer) <= question.tolerance:
        return Result("right", _see(question, _plain_right(question.feedback["right"])))
    key = "too_low" if number < question.answer else "too_high"
    return Result("wrong", _see(question, question.feedback[key]))


# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar,
# Tibetan): there one character carries about as much as a short word, so it counts double.
_NO_SPACES = re.compile("[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
                        "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                        "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]")


def _long_enough(text: str) -> bool:
    """At least a short sentence: ten characters, with those of scripts written without
    spaces counted double."""
    text = text.strip()
    return len(text) + len(_NO_SPACES.findall(text)) >= 10


def _check_reflection(question: Question, answer) -> Result:
    if not isinstance(answer, str) or not _long_enough(answer):
        return Result("invalid", "Write a sentence or two first (at least a few words).")
    # The badge above the message already says "Saved.", so a bank's "Saved. ..." is not
    # said twice.
    message = question.feedback.get(
        "saved", "There is no single right answer; compare yours with a classmate's.")
    return Result("saved", re.sub(r"^Saved\.\s*", "", message))


def word_count(text: str) -> int:
    """Words in a piece of writing: runs of letters or digits, with each character of a script
    written without spaces (Chinese, Japanese) counted as a word."""
    return len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", _NO_SPACES.sub(" ", text))) \
        + len(_NO_SPACES.findall(text))


def _check_essay(question: Question, answer) -> Result:
    if not isinstance(answer, str) or not _long_enough(answer):
        return Result("invalid", "Write your essay in the box first, then save it.")
    words = word_count(answer)
    message = f"{words:,} word{'s' if words != 1 else ''} saved."
    if words < question.min_words:
        message += (f" A full answer is usually about {question.min_words:,} words or more: "
                    "keep writing and save again whenever you like.")
    extra = re.sub(r"^Saved\.\s*", "", question.feedback.get("saved", ""))
    return Result("saved", f"{message} {extra}".strip())


CHECKERS = {"single": _check_single, "multiple": _check_multiple, "order": _check_order,
            "number": _check_number, "reflection": _check_reflection, "essay": _check_essay}


def check(question: Question, answer) -> Result:
    """Check a student's answer. Never raises: an unusable answer gives status 'invalid'."""
    try:
        return CHECKERS[question.type](question, answer)
    except (TypeError, ValueError, AttributeError, OverflowError, RecursionError):
        return Result("invalid", "That answer could not be read. Please try again.")


# ----------------------------------------------------------------------------- parsing

# The keys each part of a quiz bank may have. Any other key is refused: a misspelt key
# ("Correct:", "tolerence:") would otherwise be ignored, and the question would break for
# students while the bank looked fine.
QUESTION_KEYS = {
    "single": ("id", "type", "prompt", "section", "choices"),
    "multiple": ("id", "type", "prompt", "section", "choices"),
    "order": ("id", "type", "prompt", "section", "items", "feedback"),
    "number": ("id", "type", "prompt", "section", "answer", "tolerance", "unit", "feedback"),
    "reflection": ("id", "type", "prompt", "section", "feedback"),
    "essay": ("id", "type", "prompt", "section", "plan", "min_words", "feedback"),
}
ENTRY_KEYS = {"choices": ("text", "correct", "feedback"), "items": ("text", "feedback")}
FEEDBACK_KEYS = {"order": ("right", "wrong"), "number": ("right", "too_low", "too_high"),
                 "reflection": ("saved",), "essay": ("saved",)}


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


def _need(data: dict, key: str, kind, where: str):
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise QuizError(f"{where}{at_line(data, key)}: '{key}' is missing")
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise QuizError(f"{where}{at_line(data, key)}: '{key}' should be "
                        f"{getattr(kind, '__name__', kind)}, not {type(value).__name__}")
    return value


def _choices(raw: dict, where: str, key: str) -> tuple[Choice, ...]:
    entries = raw.get(key)
    if not isinstance(entries, list) or len(entries) < 2:
        raise QuizError(f"{where}{at_line(raw, key)}: '{key}' needs a list of at least two "
                        "entries")
    out = []
    for number, entry in enumerate(entries, start=1):
        spot = f"{where}, {key} {number}"
        if not isinstance(entry, dict):
            raise QuizError(f"{spot}{at_line(raw, key)}: should have 'text' and 'feedback'")
        refuse_unknown_keys(entry, ENTRY_KEYS[key], spot)
        correct = entry.get("correct", False)
        if not isinstance(correct, bool):
            raise QuizError(f"{spot}{at_line(entry, 'correct')}: 'correct' should be true or "
                            "false")
        out.append(Choice(_need(entry, "text", str, spot), correct,
                          _need(entry, "feedback", str, spot)))
    texts = [c.text for c in out]
    if len(set(texts)) != len(texts):
        raise QuizError(f"{where}{at_line(raw, key)}: two {key} have the same text")
    return tuple(out)


def _feedback(raw: dict, qtype: str, where: str) -> dict:
    """The question's feedback mapping: only the keys its type uses, each a text."""
    feedback = raw.get("feedback", {})
    if not isinstance(feedback, dict):
        raise QuizError(f"{where}{at_line(raw, 'feedback')}: 'feedback' should be a mapping")
    spot = f"{where}, feedback"
    refuse_unknown_keys(feedback, FEEDBACK_KEYS[qtype], spot)
    for key in feedback:
        _need(feedback, key, str, spot)
    return dict(feedback)


def _finite(raw: dict, key: str, where: str, default=None) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value):
        kind = "a number of 0 or more" if key == "tolerance" else "a number"
        raise QuizError(f"{where}{at_line(raw, key)}: '{key}' should be {kind}")
    return float(value)


def parse_question(raw, where: str) -> Question:
    """Build a Question from one entry of a quiz bank, or raise QuizError naming it."""
    if not isinstance(raw, dict):
        raise QuizError(f"{where}: each question should be a mapping with id, type and prompt")
    qid = _need(raw, "id", str, where)
    where = f"{where} ({qid!r})"
    qtype = _need(raw, "type", str, where)
    if qtype not in TYPES:
        raise QuizError(f"{where}{at_line(raw, 'type')}: type {qtype!r} is not one of "
                        f"{', '.join(TYPES)}")
    refuse_unknown_keys(raw, QUESTION_KEYS[qtype], where)
    common = dict(id=qid, type=qtype, prompt=_need(raw, "prompt", str, where),
                  section=_need(raw, "section", str, where))
    if qtype in ("single", "multiple"):
        choices = _choices(raw, where, "choices")
        right = sum(c.correct for c in choices)
        if qtype == "single" and right != 1:
            raise QuizError(f"{where}{at_line(raw, 'choices')}: a single-choice question needs "
                            f"exactly one correct choice; it has {right}")
        if qtype == "multiple" and right < 1:
            raise QuizError(f"{where}{at_line(raw, 'choices')}: mark at least one choice "
                            "correct: true")
        return Question(**common, choices=choices)
    feedback = _feedback(raw, qtype, where)
    if qtype == "order":
        items = _choices(raw, where, "items")
        return Question(**common, items=items, feedback=feedback)
    if qtype == "number":
        _need(raw, "answer", (int, float), where)
        answer = _finite(raw, "answer", where)
        tolerance = _finite(raw, "tolerance", where, default=0)
        if tolerance < 0:
            raise QuizError(f"{where}{at_line(raw, 'tolerance')}: 'tolerance' should be a "
                            "number of 0 or more")
        unit = raw.get("unit", "")
        if not isinstance(unit, str):
            raise QuizError(f"{where}{at_line(raw, 'unit')}: 'unit' should be str, not "
                            f"{type(unit).__name__}")
        for key in ("right", "too_low", "too_high"):
            _need(feedback, key, str, f"{where}, feedback")
        return Question(**common, answer=answer, tolerance=tolerance, unit=unit,
                        feedback=feedback)
    if qtype == "essay":
        plan = raw.get("plan", [])
        if not isinstance(plan, list) or not all(isinstance(p, str) and p.strip()
                                                 for p in plan):
            raise QuizError(f"{where}{at_line(raw, 'plan')}: 'plan' should be a list of steps, "
                            "each a line of text")
        min_words = raw.get("min_words", 0)
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
            raise QuizError(f"{where}{at_line(raw, 'min_words')}: 'min_words' should be a "
                            "whole number of 0 or more")
        return Question(**common, feedback=feedback, plan=tuple(plan), min_words=min_words)
    return Question(**common, feedback=feedback)


# ----------------------------------------------------------------------------- widgets


# ipywidgets draws each radio choice and check box on one line of fixed height, so a long choice
# loses its button and runs over the next one. These rules let the words wrap beside their box.
QUIZ_STYLE = """<style>
.course-quiz .widget-radio-box label, .course-quiz .widget-checkbox label {
  white-space: normal !important; height: auto !important; line-height: 1.35 !important;
  overflow: visible !important; text-overflow: clip !important;
  display: flex !important; align-items: flex-start; gap: 0.45em; margin: 0.15em 0 0.35em 0;
}
.course-quiz .widget-radio-box input, .course-quiz .widget-checkbox input {
  flex: none; margin-top: 0.2em !important; order: -1;
}
.course-quiz .widget-radio-box, .course-quiz .widget-checkbox, .course-quiz .course-choices {
  height: auto !important; max-width: 46em;
}
.course-quiz .widget-checkbox { width: 100% !important; }
</style>"""


def _plan_html(question: Question) -> str:
    """An essay's planning steps, numbered, and how long a full answer is."""
    steps = "".join(f"<li>{html.escape(step)}</li>" for step in question.plan)
    length = (f"<p>A full answer is usually about {question.min_words:,} words or more.</p>"
              if question.min_words else "")
    return (f"<p>Plan before you write:</p><ol>{steps}</ol>" if steps else "") + length


def _as_html(result: Result) -> str:
    badge = {"right": "\u2714 Correct.", "wrong": "\u2718 Not yet.", "saved": "\u2714 Saved.",
             "invalid": "\u2753 Can't check that yet."}[result.status]
    body = html.escape(result.message).replace("\n", "<br>")
    return (f'<div class="course-feedback course-{result.status}" role="status">'
            f"<strong>{badge}</strong> {body}</div>")


# Layouts and styles shared by every quiz of a kernel: each is a widget of its own, and a quiz
# that made its own would open three times as many widgets (about two thirds of a quiz's time).
# None is ever changed after it is made; one that was closed is made again.
_SHARED_PARTS: dict = {}


def _shared_style(widget_class, **traits):
    """One style widget of the kind ``widget_class`` takes (ipywidgets names most style
    classes only through the widget's trait), with these settings, for all quizzes."""
    return _shared(widget_class.class_traits()["style"].klass, **traits)


def _shared(maker, **traits):
    """One Layout or style widget with these settings for all quizzes."""
    key = (maker.__module__, maker.__name__, tuple(sorted(traits.items())))
    part = _SHARED_PARTS.get(key)
    if part is None or getattr(part, "comm", None) is None:
        part = _SHARED_PARTS[key] = maker(**traits)
    return part


class QuizView:
    """The widget for one question: the prompt, an answer box, a Check button and feedback."""

    def __init__(self, lesson_id: str, question: Question, student: str = ""):
        import ipywidgets as w

        self.lesson_id, self.question = lesson_id, question
        self.choices = shown_choices(question, student)
        label = f"Question {question.id}"
        self.prompt = w.HTML(QUIZ_STYLE
                             + f"<p><strong>{html.escape(question.prompt)}</strong></p>",
                             layout=_shared(w.Layout), style=_shared_style(w.HTML))
        if question.type == "single":
            self.input = w.RadioButtons(options=[c.text for c in self.choices], value=None,
                                        description="", layout=_shared(w.Layout, width="auto"),
                                        style=_shared_style(w.RadioButtons))
            self.input.add_class("course-choices")
        elif question.type == "multiple":
            self.boxes = [w.Checkbox(value=False, description=c.text, indent=False,
                                     layout=_shared(w.Layout, width="auto"),
                                     style=_shared_style(w.Checkbox)) for c in self.choices]
            self.input = w.VBox(self.boxes, layout=_shared(w.Layout))
            self.input.add_class("course-choices")
        elif question.type == "order":
            # Letters typed in a text box, not lists to pick from: JupyterLab takes the arrow
            # and letter keys pressed on a list for its own shortcuts, so a keyboard user could
            # not choose; a text box keeps every key.
            listed = "".join(f"<li>{html.escape(label)}</li>"
                             for label in question.shown_labels.values())
            self.prompt.value += f'<ul style="list-style:none">{listed}</ul>'
            self.input = w.Text(continuous_update=False, description="Your order",
                                placeholder="letters in order, with commas between them",
                                style=_shared_style(w.Text, description_width="initial"),
                                layout=_shared(w.Layout, width="30em"))
        elif question.type == "number":
            unit = f" ({question.unit})" if question.unit else ""
            self.input = w.Text(continuous_update=False, placeholder="type a number",
                                description=f"Answer{unit}",
                                style=_shared_style(w.Text, description_width="initial"),
                                layout=_shared(w.Layout))
        elif question.type == "essay":
            self.prompt.value += _plan_html(question)
            self.input = w.Textarea(continuous_update=False, description="Your essay",
                                    placeholder="Write your essay here. Save as often as you "
                                                "like: each save keeps the time and word count.",
                                    style=_shared_style(w.Text, description_width="initial"),
                                    layout=_shared(w.Layout, width="95%", height="24em"))
        else:
            self.input = w.Textarea(continuous_update=False, description="Your answer",
                                    placeholder="Write your answer here",
                                    style=_shared_style(w.Text, description_width="initial"),
                                    layout=_shared(w.Layout, width="95%", height="6em"))
        # Text boxes send their value once, when the student leaves the box (by Tab or by
        # clicking the button), so the value always reaches Python before the click does.
        self.input.add_class("course-answer")
        self.button = w.Button(description={"reflection": "Save answer", "essay": "Save essay"}
                               .get(question.type, "Check answer"),
                               tooltip=f"Check your answer to {label}",
                               layout=_shared(w.Layout), style=_shared_style(w.Button))
        self.feedback = w.HTML("", layout=_shared(w.Layout), style=_shared_style(w.HTML))
        self.button.on_click(lambda _button: self.submit())
        self.widget = w.VBox([self.prompt, self.input, self.button, self.feedback],
                             layout=_shared(w.Layout))
        self.widget.add_class("course-quiz")

    def current_answer(self):
        """What the student has entered, in the form ``quiz.check`` takes."""
        kind = self.question.type
        if kind == "multiple":
            return [b.description for b in self.boxes if b.value]
        if kind == "order":
            return order_from_letters(self.question, self.input.value) or self.input.value
        return self.input.value

    def submit(self) -> Result:
        """Check the answer, save it to the student's progress, and show the feedback."""
        from lessons import progress

        answer = self.current_answer()
        result = check(self.question, answer)
        note = ""
        if result.status != "invalid":
            try:
                note = progress.record(self.lesson_id, self.question.id, answer, result)
            except CourseError as exc:
                note = str(exc)
        self.feedback.value = _as_html(result) + (
            f"<p><em>{html.escape(note)}</em></p>" if note else "")
        return result

    def printable_html(self) -> str:
        """The question as printable HTML, for a page without widgets (static export, print)."""
        q = self.question
        if q.type in ("single", "multiple"):
            marker = "&#9675;" if q.type == "single" else "&#9744;"
            body = "".join(f"<li>{marker} {html.escape(c.text)}</li>" for c in self.choices)
            body = f'<ul style="list-style:none">{body}</ul>'
        elif q.type == "order":
            body = ('<ul style="list-style:none">'
                    + "".join(f"<li>{html.escape(t)}</li>" for t in q.shown_labels.values())
                    + "</ul><p>Your order (letters): ____________________</p>")
        elif q.type == "number":
            body = f"<p>Answer: ________ {html.escape(q.unit)}</p>"
        elif q.type == "essay":
            body = _plan_html(q) + "<p>" + "<br>".join(["_" * 60] * 16) + "</p>"
        else:
            body = "<p>" + "_" * 60 + "<br>" + "_" * 60 + "</p>"
        return (f'<div class="course-quiz-printable"><p><strong>Question: '
                f"{html.escape(q.prompt)}</strong></p>{body}</div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget in JupyterLab; printable HTML where widgets cannot run."""
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/html"] = self.printable_html()
        return bundle


def ask(lesson_id: str, question_id: str) -> QuizView:
    """Show one question of a lesson's quiz bank as a widget (put it last in a cell)."""
    from lessons import progress
    from lessons.catalog import get_lesson

    return QuizView(lesson_id, get_lesson(lesson_id).question(question_id),
                    student=progress.student_key())

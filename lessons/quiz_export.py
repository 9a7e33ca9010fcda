"""The course's quizzes for a school's learning platform: Moodle's GIFT text format, and the
QTI package Canvas imports (written by text2qti, a well-kept tool made for Canvas).

    python -m lessons quiz-export --format gift --out quizzes            every lesson
    python -m lessons quiz-export --format qti --out quizzes 01 05       lessons 01 and 05

Each lesson becomes one file: ``<lesson>.gift.txt`` (Moodle: Question bank > Import > GIFT) or
``<lesson>.qti.zip`` (Canvas: Settings > Import course content > QTI .zip file). Every choice
keeps the feedback a student sees in the notebook, with its pointer back to the lesson's
section. What a format cannot hold is said, question by question, never dropped in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lessons.errors import CourseError
from lessons.questions import Choice, Question
from lessons.questions.model import plain_right, see

FORMATS = {"gift": ".gift.txt", "qti": ".qti.zip"}


@dataclass
class Written:
    """What one lesson's export holds: how many questions, and those left out or changed."""

    lesson_id: str
    path: Path
    questions: int = 0
    left_out: list[str] = field(default_factory=list)  # "question-id: why"
    changed: list[str] = field(default_factory=list)  # "question-id: how it differs"

    def add(self, question: Question, text: str | None, why: str | None, changed: str) -> list:
        """Count one question's text (or note why it was left out); the lines to write."""
        if text is None:
            self.left_out.append(f"{question.id}: {why}")
            return []
        self.questions += 1
        if changed:
            self.changed.append(f"{question.id}: {changed}")
        return [text, ""]


def choice_feedback(question: Question, choice: Choice) -> str:
    """A choice's feedback as the notebook shows it: a right choice without a leading "Right."
    (the platform says that), and a pointer back to the lesson's section."""
    return see(question, plain_right(choice.feedback) if choice.correct else choice.feedback)


def _number(value: float) -> str:
    """A number written out in full (no exponent), as both formats read it."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _essay_text(question: Question) -> str:
    """An essay's prompt with its planning steps and length, one line, as in the notebook."""
    text = question.prompt
    if question.plan:
        steps = " ".join(f"({n}) {step}" for n, step in enumerate(question.plan, start=1))
        text += f" Plan before you write: {steps}"
    if question.min_words:
        text += f" A full answer is usually about {question.min_words:,} words or more."
    return text


def _saved_note(question: Question) -> str:
    return re.sub(r"^Saved\.\s*", "", question.feedback.get("saved", "")) or \
        "There is no single right answer; compare yours with a classmate's."


def _order_note(question: Question) -> str:
    """The general feedback of an order question: the right order, each with its note."""
    steps = " ".join(f"{n}. {item.text}: {item.feedback}"
                     for n, item in enumerate(question.items, start=1))
    right = plain_right(question.feedback.get("right", ""))
    return see(question, f"{right} The order: {steps}".strip())


# The notebook asks for letters typed in a box; a matching question asks for places instead.
_TYPE_LETTERS = re.compile(r"\btype their letters\b")


def _order_prompt(question: Question) -> str:
    """An order question's prompt for a platform's matching question."""
    place = "give each one its place in the list (1 is the first)"
    if _TYPE_LETTERS.search(question.prompt):
        return _TYPE_LETTERS.sub(place, question.prompt, count=1)
    return f"{question.prompt} Then {place}."


def _number_prompt(question: Question) -> str:
    return f"{question.prompt} (Answer in {question.unit}.)" if question.unit else \
        question.prompt


# ----------------------------------------------------------------------------- GIFT (Moodle)

# GIFT's special characters, each written with a backslash before it (Moodle Docs, "GIFT
# format": "\character: Backslash escapes the special meaning of ~, =, #, {, }, and :").
# A backslash itself is left as it is: the documentation gives it no escape of its own.
_GIFT_SPECIAL = re.compile(r"([~=#{}:])")


def gift_escape(text: str) -> str:
    """Text safe inside a GIFT question: special characters escaped, on one line."""
    return _GIFT_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _gift_weight(question: Question, choice: Choice) -> str:
    """Multiple answers: each right box an equal share of 100%, each wrong box -100%, so only
    the right boxes, all of them, score full marks, as the notebook marks it."""
    if not choice.correct:
        return "%-100%"
    share = 100 / sum(c.correct for c in question.choices)
    return f"%{_number(round(share, 5))}%"


def gift_question(lesson_id: str, question: Question) -> tuple[str | None, str | None, str]:
    """One question in GIFT, or None with why it cannot be; and a note of any change."""
    e = gift_escape
    title = f"::{e(lesson_id)} {e(question.id)}::[plain]"
    if question.type == "single":
        lines = [f"{'=' if c.correct else '~'}{e(c.text)}#{e(choice_feedback(question, c))}"
                 for c in question.choices]
        return title + e(question.prompt) + " {\n" + "\n".join(lines) + "\n}", None, ""
    if question.type == "multiple":
        lines = [f"~{_gift_weight(question, c)}{e(c.text)}#{e(choice_feedback(question, c))}"
                 for c in question.choices]
        return title + e(question.prompt) + " {\n" + "\n".join(lines) + "\n}", None, ""
    if question.type == "number":
        low, high = question.answer - question.tolerance, question.answer + question.tolerance
        lines = [f"=%100%{_number(question.answer)}:{_number(question.tolerance)}"
                 f"#{e(see(question, plain_right(question.feedback['right'])))}"]
        if low > 0:
            lines.append(f"=%0%0..{_number(low)}#{e(see(question, question.feedback['too_low']))}")
        lines.append(f"=%0%{_number(high)}..{_number(max(high, 1) * 1000)}"
                     f"#{e(see(question, question.feedback['too_high']))}")
        changed = "" if low > 0 else "no feedback for a number below zero"
        return title + e(_number_prompt(question)) + " {#\n" + "\n".join(lines) + "\n}", None, \
            changed
    if question.type == "order":
        if any("->" in item.text for item in question.items):
            return None, "an event's text has \"->\" in it, which GIFT's matching cannot hold", ""
        count = len(question.items)
        places = {item.text: f"{n} of {count}" for n, item in enumerate(question.items, start=1)}
        lines = [f"={e(text)} -> {places[text]}" for text in question.shown_items]
        return (title + e(_order_prompt(question)) + " {\n" + "\n".join(lines)
                + f"\n####{e(_order_note(question))}\n}}", None,
                "a matching question (each one to its place in the list), with the notes on "
                "each in the general feedback: GIFT has no ordering question")
    if question.type in ("reflection", "essay"):
        prompt = _essay_text(question) if question.type == "essay" else question.prompt
        return (title + e(prompt) + " {####" + e(_saved_note(question)) + "}", None,
                "an essay question, for the teacher to read: never marked by the machine")
    return None, f"GIFT has no question like this course's {question.type!r} type", ""


def gift_text(lesson) -> tuple[str, Written]:
    """A whole lesson's quiz bank as a GIFT file, in a question category of its own."""
    written = Written(lesson.id, Path(f"{lesson.id}{FORMATS['gift']}"))
    parts = [f"// {lesson.title}", f"// Questions of the lesson {lesson.id}, written by "
             "`python -m lessons quiz-export`. Feedback points back to the notebook's sections.",
             f"$CATEGORY: $course$/{lesson.id}", ""]
    for question in lesson.questions:
        parts += written.add(question, *gift_question(lesson.id, question))
    return "\n".join(parts), written


# ----------------------------------------------------------------------------- QTI (Canvas)

# Characters Markdown (as text2qti reads it) would take for formatting, each written with a
# backslash before it; "<" and "&" as HTML entities; "$" (text2qti's LaTeX) with a backslash;
# quotation marks too, which text2qti's Markdown would otherwise turn into curly ones.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|$'\"])")


def markdown_escape(text: str) -> str:
    """Text that text2qti's Markdown shows exactly as written, on one line."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _letters(n: int) -> str:
    return chr(ord("a") + n)


def qti_question(number: int, question: Question) -> tuple[str | None, str | None, str]:
    """One question in text2qti's plain-text form, or None with why it cannot be."""
    m = markdown_escape
    head = [f"Title: {question.id}"]
    if question.type in ("single", "multiple"):
        if len(question.choices) > 26:
            return None, "more than 26 choices", ""
        lines = head + [f"{number}.  {m(question.prompt)}"]
        for n, c in enumerate(question.choices):
            if question.type == "single":
                mark = f"{'*' if c.correct else ''}{_letters(n)})"
            else:
                mark = "[*]" if c.correct else "[ ]"
            lines += [f"{mark} {m(c.text)}", f"... {m(choice_feedback(question, c))}"]
        return "\n".join(lines), None, ""
    if question.type == "number":
        wrong = (f"If your number was too low: {question.feedback['too_low']} If it was too "
                 f"high: {question.feedback['too_high']}")
        lines = head + [f"{number}.  {m(_number_prompt(question))}",
                        f"+   {m(see(question, plain_right(question.feedback['right'])))}",
                        f"-   {m(see(question, wrong))}",
                        f"=   {_number(question.answer)} +- {_number(question.tolerance)}"]
        return "\n".join(lines), None, ("Canvas shows one feedback for any wrong number, so the "
                                        "too-low and too-high notes are given together")
    if question.type in ("reflection", "essay"):
        prompt = _essay_text(question) if question.type == "essay" else question.prompt
        lines = head + [f"{number}.  {m(prompt)}",
                        f"... {m(_saved_note(question))}", "____"]
        return "\n".join(lines), None, ("an essay question for the teacher to read, never marked "
                                        "by the machine (Canvas gives it 1 point: set 0 there "
                                        "if it should not count)")
    if question.type == "order":
        return None, ("text2qti, which writes the Canvas file, has no ordering or matching "
                      "question; use it in the notebook, or as a worksheet"), ""
    return None, f"Canvas's QTI through text2qti has no question like {question.type!r}", ""


def qti_text(lesson) -> tuple[str, Written]:
    """A whole lesson's quiz bank in text2qti's plain-text form."""
    written = Written(lesson.id, Path(f"{lesson.id}{FORMATS['qti']}"))
    parts = [f"Quiz title: {markdown_escape(lesson.title)}",
             "Quiz description: " + markdown_escape(
                 f"Questions of the lesson {lesson.id}. Feedback points back to the notebook's "
                 "sections."), ""]
    for question in lesson.questions:
        parts += written.add(question, *qti_question(written.questions + 1, question))
    return "\n".join(parts), written


def qti_zip(lesson) -> tuple[bytes, Written]:
    """A lesson's quiz as the QTI .zip package Canvas imports, built by text2qti."""
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    text, written = qti_text(lesson)
    try:
        # A Config made here, never loaded: text2qti would otherwise read (or create) a
        # settings file in the user's home folder.
        quiz = Quiz(text, config=Config(), source_name=f"{lesson.id} quiz bank")
    except Text2qtiError as exc:
        raise CourseError(f"The quiz of {lesson.id} could not be written for Canvas "
                          f"({exc}).") from None
    return QTI(quiz).zip_bytes(), written


# ----------------------------------------------------------------------------- the command


def export(lesson_ids, fmt: str, folder: Path, force: bool = False) -> list[Written]:
    """Write each lesson's quiz in ``fmt`` into ``folder``; say what each file holds."""
    from lessons.catalog import all_lessons, get_lesson
    from lessons.command_line import ready_to_write

    if fmt not in FORMATS:
        raise CourseError(f"There is no format {fmt!r}: use gift (Moodle) or qti (Canvas).")
    lessons = [get_lesson(i) for i in lesson_ids] if lesson_ids else all_lessons()
    targets = [folder / f"{lesson.id}{FORMATS[fmt]}" for lesson in lessons]
    ready_to_write(folder, targets, force)
    done = []
    for lesson, target in zip(lessons, targets):
        if fmt == "gift":
            text, written = gift_text(lesson)
            target.write_text(text, encoding="utf-8")
        else:
            data, written = qti_zip(lesson)
            target.write_bytes(data)
        written.path = target
        done.append(written)
    return done


def add_command(sub) -> None:
    """The ``quiz-export`` subcommand of ``python -m lessons``."""
    cmd = sub.add_parser("quiz-export", help="the quizzes for Moodle (GIFT) or Canvas (QTI)")
    cmd.add_argument("lessons", nargs="*", help="lesson numbers or ids (default: all)")
    cmd.add_argument("--format", required=True, choices=sorted(FORMATS),
                     help="gift for Moodle, qti for Canvas")
    cmd.add_argument("--out", default="quizzes", help="folder to write the files in")
    cmd.add_argument("--force", action="store_true", help="replace files already there")


def run_command(args) -> int:
    """Write the files and say what each holds, and what was left out and why."""
    from lessons.command_line import lesson_ids

    ids = lesson_ids(",".join(args.lessons)) if args.lessons else None
    platform = {"gift": "Moodle", "qti": "Canvas"}[args.format]
    for written in export(ids, args.format, Path(args.out), args.force):
        print(f"Wrote {written.path}: {written.questions} question"
              f"{'' if written.questions == 1 else 's'} for {platform}.")
        for label, notes in (("Changed", written.changed), ("Left out", written.left_out)):
            for how, ids in _grouped(notes).items():
                print(f"  {label} ({', '.join(ids)}): {how}.")
    return 0


def _grouped(notes: list[str]) -> dict[str, list[str]]:
    """"id: why" notes grouped by why, so a reason shared by many questions is said once."""
    grouped: dict[str, list[str]] = {}
    for note in notes:
        qid, _, how = note.partition(": ")
        grouped.setdefault(how, []).append(qid)
    return grouped

"""What is made from a student's saved answers: the progress table, and the hand-in in two
forms, Markdown for people and JSON for machines (the class report reads the JSON).

Storage (saving, reading, locks, the chosen name) is in ``lessons.progress``; this module only
reads it. The JSON hand-in follows ``lessons/handin.schema.json``; every piece of a student's
text in the Markdown is escaped, so it shows as written and never becomes markup.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from lessons import __version__ as COURSE_VERSION
from lessons import catalog, course_check
from lessons import progress as store
from lessons.errors import CourseError, ProgressError
from lessons.questions import word_count
from lessons.tables import Sentence, table

SCHEMA = "syria-course-hand-in"
SCHEMA_VERSION = 1
COURSE = "syria-war-course"
SCHEMA_FILE = Path(__file__).with_name("handin.schema.json")


def _lessons() -> tuple[list, dict[str, str]]:
    """The lessons that can be read, and {lesson id: what is wrong} for those that cannot."""
    good, bad = [], {}
    for path in catalog.lesson_files():
        try:
            good.append(catalog.get_lesson(path.parent.name))
        except CourseError as exc:
            bad[path.parent.name] = str(exc).rstrip(".")
    return good, bad


def summary():
    """A table of what this student has done, lesson by lesson. What the student must be told
    (earlier answers kept aside, a lesson file that could not be read) is in
    ``.attrs["notes"]``. Raises a ProgressError (one sentence) rather than show zeros."""
    return _summary_of(*store._saved())


def _summary_of(saved: dict, notes: list[str]):
    """The progress table of ``summary`` for answers already read."""
    import pandas as pd

    lessons, broken = _lessons()
    rows = []
    for lesson in lessons:
        done = saved.get(lesson.id, {})
        graded = [q for q in lesson.questions if q.graded]
        right = sum(any(a["status"] == "right" for a in done.get(q.id, [])) for q in graded)
        answered = sum(bool(done.get(q.id)) for q in lesson.questions)
        rows.append({"lesson": f"{lesson.id}: {lesson.title}",
                     "questions": len(lesson.questions),
                     "answered": answered,
                     "right (at some try)": f"{right} of {len(graded)}"})
    frame = pd.DataFrame(rows, columns=["lesson", "questions", "answered",
                                        "right (at some try)"]).set_index("lesson")
    frame.attrs["notes"] = notes + [
        f"Lesson {lesson_id} is left out of this table because its lesson file has a mistake, "
        f"so tell your teacher: {problem}." for lesson_id, problem in broken.items()]
    return frame


_ALWAYS = re.compile(r"([\\`*\[\]<>&|~$])")


def _md(text: str, line_start: bool = False) -> str:
    """One line of text for the Markdown hand-in, shown as itself: every character that could
    start markup (a tag, a link, emphasis, code, maths, a heading or a list) is escaped."""
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f\t]", " ", store._text(str(text))).strip()
    text = _ALWAYS.sub(r"\\\1", text)
    text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\\_", text)  # keep snake_case words readable
    if line_start:
        text = re.sub(r"^\d+([.)])", lambda m: m.group(0)[:-1] + "\\" + m.group(1), text)
        text = re.sub(r"^([#+=-])", r"\\\1", text)
    return text


def _one_line(answer) -> str:
    if isinstance(answer, list):
        answer = "; ".join(map(str, answer))
    return " ".join(_md(line) for line in str(answer).splitlines() if line.strip())


def _attempt_lines(attempt: dict, reflection: bool, essay: bool = False) -> list[str]:
    at = _md(attempt["at"])
    if essay:  # an essay is handed in with its length, as a teacher asks for one
        words = word_count(str(attempt["answer"]))
        at = f"{at} ({words:,} word{'s' if words != 1 else ''})"
    if not reflection:
        return [f"- {at}: {_one_line(attempt['answer'])} ({_md(attempt['status'])})"]
    answer = attempt["answer"]
    if isinstance(answer, list):
        answer = "; ".join(map(str, answer))
    quoted = [f"  > {_md(line, line_start=True)}" for line in str(answer).splitlines()
              if line.strip()]
    lines = [f"- {at}:", ""]
    for n, line in enumerate(quoted or ["  >"]):
        lines += (["  >"] if n else []) + [line]
    return lines + [""]


def _question_lines(title: str, attempts: list, reflection: bool | None,
                    essay: bool = False) -> list[str]:
    lines = [f"**{title}**", ""]
    for attempt in attempts:
        kind = attempt["status"] == "saved" if reflection is None else reflection
        lines += _attempt_lines(attempt, kind, essay)
    return lines + [""]


def _hand_in_text(saved: dict, notes: list[str], name: str | None = None) -> str:
    """The hand-in's Markdown: every answer saved, lesson by lesson, student text escaped."""
    lessons, broken = _lessons()
    lines = ["# My answers: the Syrian civil war, source by source", "",
             f"Exported {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.", ""]
    if name:
        lines[-2:-1] = [f"Handed in by {_md(name)}. " + lines[-2]]
    notes = notes + [f"Lesson {lesson_id} is shown by question ids because its lesson file has "
                     f"a mistake, so tell your teacher: {problem}."
                     for lesson_id, problem in broken.items()]
    for note in notes:
        lines += [_md(note, line_start=True), ""]
    for lesson in lessons:
        done = saved.get(lesson.id, {})
        if not done:
            continue
        lines += [f"## {_md(lesson.id)}: {_md(lesson.title)}", ""]
        for question in lesson.questions:
            if done.get(question.id):
                lines += _question_lines(_md(question.prompt), done[question.id],
                                         not question.graded, question.type == "essay")
        asked = {q.id for q in lesson.questions}
        for question_id, attempts in done.items():
            if question_id not in asked and attempts:
                lines += _question_lines(f"{_md(question_id)} (no longer in this lesson)",
                                         attempts, None)
    lines += _course_check_lines(saved)
    shown = {lesson.id for lesson in lessons} | {course_check.BEFORE, course_check.AFTER}
    for lesson_id, done in saved.items():
        if lesson_id in shown or not any(done.values()):
            continue
        where = "" if lesson_id in broken else " (not a lesson in this version of the course)"
        lines += [f"## {_md(lesson_id)}{where}", ""]
        for question_id, attempts in done.items():
            if attempts:
                lines += _question_lines(_md(question_id), attempts, None)
    if not _count(lines):
        lines.append("No answers saved yet.")
    return "\n".join(lines) + "\n"


def _course_check_lines(saved: dict) -> list[str]:
    """The hand-in's course check: each question's first try at the start and at the end."""
    if not (saved.get(course_check.BEFORE) or saved.get(course_check.AFTER)):
        return []
    try:
        rows = course_check.first_tries(saved)
        sentence = course_check.change_sentence(saved)
    except CourseError as exc:  # a broken check file costs this part only, and says so
        return ["## The course check, before and after", "", _md(str(exc), line_start=True), ""]
    lines = ["## The course check, before and after", "", _md(sentence, line_start=True), ""]
    for row in rows:
        lines.append(f"- {_md(row['question'])} At the start: {row['before'] or 'not tried'}; "
                     f"at the end: {row['after'] or 'not tried'}.")
    return lines + [""]


def _count(lines: list[str]) -> int:
    """How many answers a hand-in lists: one line starting '- ' each (student text never starts
    a line: it is quoted or follows the time)."""
    return sum(line.startswith("- ") for line in lines)


def _count_in(path: Path) -> int | None:
    """How many answers an earlier hand-in lists: 0 if there is none, None if it can't be read."""
    try:
        return _count(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except FileNotFoundError:
        return 0
    except (OSError, ValueError):
        return None


def _beside(path: Path) -> Path:
    return store._stamped(path, f"{path.stem}-", path.suffix)



# The JSON hand-in -----------------------------------------------------------------------------

def _attempts(attempts: list) -> list[dict]:
    return [{"at": a["at"], "answer": a["answer"], "result": a["status"]} for a in attempts]


def _question_entry(question, question_id: str, attempts: list) -> dict:
    return {"id": question_id,
            "type": question.type if question else None,
            "prompt": question.prompt if question else None,
            "graded": question.graded if question else None,
            "attempts": _attempts(attempts)}


def hand_in_data(saved: dict, notes: list[str], name: str | None) -> dict:
    """The JSON hand-in (see lessons/handin.schema.json) for answers already read."""
    lessons_found, _broken = _lessons()
    known = {lesson.id: lesson for lesson in lessons_found}
    entries = []
    order = [lesson.id for lesson in lessons_found if saved.get(lesson.id)] + [
        lesson_id for lesson_id in saved if lesson_id not in known
        and lesson_id not in (course_check.BEFORE, course_check.AFTER)]
    for lesson_id in order:
        lesson, done = known.get(lesson_id), saved[lesson_id]
        asked = {q.id: q for q in lesson.questions} if lesson else {}
        ids = [q for q in asked if done.get(q)] + [q for q in done if q not in asked and done[q]]
        entries.append({"id": lesson_id, "title": lesson.title if lesson else None,
                        "in_course": lesson is not None,
                        "questions": [_question_entry(asked.get(q), q, done[q]) for q in ids]})
    return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "course": COURSE,
            "course_version": COURSE_VERSION,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "name": name, "notes": list(notes), "lessons": entries,
            "course_check": _course_check_data(saved)}


def _course_check_data(saved: dict) -> dict | None:
    before, after = saved.get(course_check.BEFORE, {}), saved.get(course_check.AFTER, {})
    if not (before or after):
        return None
    try:
        asked = {q.id: q for q in course_check.questions()}
        sentence = course_check.change_sentence(saved)
    except CourseError as exc:
        asked, sentence = {}, str(exc)
    ids = list(dict.fromkeys([*asked, *before, *after]))
    return {"summary": sentence, "questions": [
        {"id": q, "prompt": asked[q].prompt if q in asked else None,
         "before": _attempts(before.get(q, [])), "after": _attempts(after.get(q, []))}
        for q in ids if before.get(q) or after.get(q)]}


# Writing the hand-in --------------------------------------------------------------------------

def _export(path=None) -> tuple[Path, Path, list[str]]:
    """Write the hand-in (Markdown, and the JSON beside it); returns both paths and the notes."""
    saved, notes = store._saved()  # raises rather than hand in fewer answers than are saved
    name = store.chosen_name()
    text = _hand_in_text(saved, notes, name)
    data = hand_in_data(saved, notes, name)
    try:
        target = Path(path) if path else Path(
            os.environ.get("COURSE_EXPORT_DIR") or Path.cwd()) / "my-answers.md"
        real = Path(os.path.realpath(target))
        before = _count_in(real)
        if before is None or before > _count(text.splitlines()):
            kept, real = target, _beside(real)
            target = real
            notes = notes + [f"Your earlier hand-in file {kept.name} has more answers than are "
                             f"saved now, so it was kept, and these answers are in {real.name}."]
        _json_target = real.with_suffix(".json")
        store._replace(real, text, new_mode=None)
        store._replace(_json_target, json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                       new_mode=None)
    except (OSError, ValueError) as exc:
        shown = store._shown(Path(path)) if path else "my-answers.md"
        raise ProgressError(f"Your answers could not be written to {shown} "
                            f"({store._why(exc)}); ask your teacher where to save them.") from None
    return target, target.with_suffix(".json"), notes


def export(path=None) -> Path:
    """Write this student's answers to a Markdown file to hand in (my-answers.md in the current
    folder, or in $COURSE_EXPORT_DIR, unless ``path`` is given): every answer saved, with its
    time and result, and the reflections in full, student text escaped so it shows as written.
    Beside it goes the same hand-in as JSON (my-answers.json) for the class report. An earlier
    hand-in with more answers is never replaced. Returns the Markdown file's path."""
    return _export(path)[0]


def export_files(path=None) -> tuple[Path, Path]:
    """Like ``export``, but returns both files: (Markdown, JSON)."""
    return _export(path)[:2]


def my_progress():
    """What this student has done, lesson by lesson, as a table to read (no index column), with
    anything the student must know above it; or one sentence if the answers cannot be read."""
    try:
        saved, notes = store._saved()  # read once, for the table and the course check
        done = _summary_of(saved, notes)
        check = course_check.change_sentence(saved)
    except CourseError as exc:
        return Sentence(str(exc))
    return table(done.reset_index(), {"lesson": "lesson", "questions": "questions",
                                      "answered": "answered",
                                      "right (at some try)": "right (at some try)"},
                 caption=" ".join([*done.attrs["notes"], check]))


def _hand_in_now() -> Sentence:
    try:
        target, _json, notes = _export()
    except CourseError as exc:
        return Sentence(str(exc))
    if target.parent.resolve() == Path.cwd().resolve():
        where = "in the same folder as this lesson (look for it in the file browser on the left)"
    else:
        where = f"in the folder {store._shown(target.parent)}"
    copy = target.with_suffix(".json").name
    return Sentence(" ".join([f"Your answers are saved in the file {target.name}, {where}, "
                              f"with a copy for the class report, {copy}. Hand both files in "
                              "to your teacher.", *notes]))


def _hand_in_named():
    if os.environ.get("COURSE_HANDIN_DIR", "").strip():
        from lessons.hub_handin import hand_in_to_class  # imported here: it imports progress

        return hand_in_to_class(store.chosen_name())
    return _hand_in_now()


class NameBox:
    """A text box and a button that ask once for the name to hand in under, then hand in."""

    def __init__(self):
        import ipywidgets as w

        self.input = w.Text(placeholder="for example Sam K.",
                            description="Your name:", layout=w.Layout(width="24em"))
        self.button = w.Button(description="Hand in", tooltip="Save the name and hand in")
        self.said = w.HTML("")
        self.button.on_click(lambda _button: self.submit())
        intro = w.HTML("<p>Type the name your teacher knows you by. It is saved, so you are "
                       "asked only once.</p>")
        self.widget = w.VBox([intro, w.HBox([self.input, self.button]), self.said])

    def submit(self) -> str:
        """Save the typed name and hand in; shows (and returns) the sentence."""
        import html as _html

        try:
            store.set_chosen_name(self.input.value)
            said = str(_hand_in_named())
        except CourseError as exc:
            said = str(exc)
        self.said.value = f"<p>{_html.escape(said)}</p>"
        return said

    def __repr__(self) -> str:
        return "Type your name in the box, then press Hand in."

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = "Type your name in the box, then press Hand in."
        return bundle


def hand_in(name=None):
    """Hand in this student's answers: ``hand_in("Sam K.")`` saves the name to hand in under
    and hands in; ``hand_in()`` uses the saved name, or shows a box to type it in the first
    time. On a hub with a class hand-in folder the answers go there; otherwise they are written
    as my-answers.md and my-answers.json (see ``export``). Answers with one sentence."""
    if name is not None:
        try:
            store.set_chosen_name(name)
        except CourseError as exc:
            return Sentence(str(exc))
    elif store.chosen_name() is None:
        try:
            store.answers()  # a folder that cannot be read is said now, not after the name
        except CourseError as exc:
            return Sentence(str(exc))
        return NameBox()
    return _hand_in_named()

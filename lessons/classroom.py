"""The class report and the gradebook, made from the students' JSON hand-ins.

``python -m lessons class FOLDER --out REPORT`` reads every hand-in in FOLDER and the folders
inside it (as downloaded from Moodle, Canvas or Google Classroom, often one folder a student, or
a hub's hand-in folder) and writes into REPORT:

- ``class-report.html``: one self-contained page (no network) with, for each question, how many
  tried, how many were right at the first try and at their last try, and the wrong answers given
  most often with the feedback those students read; for each student, lessons done, right at the
  first try, and their reflections and essays; a chart with its description;
- ``gradebook.csv`` (Moodle, or any spreadsheet) and ``gradebook-canvas.csv`` (Canvas);
- ``class-summary.json``: the numbers the page is built from, for checking.

A file it cannot use (not a hand-in, another course version, the same student twice, a damaged
file) is listed on the page with a plain reason; the rest of the class is still reported. Every
piece of a student's or a file's text is escaped, in the page and in the gradebooks.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lessons import __version__ as COURSE_VERSION
from lessons import catalog, course_check
from lessons.errors import CourseError
from lessons.report import COURSE, SCHEMA, SCHEMA_FILE, SCHEMA_VERSION

MAX_FILE = 5_000_000  # bytes: many times a full hand-in
TOP_WRONG = 3  # wrong answers shown per question
CHECK_LABEL = {course_check.BEFORE: "Course check, at the start",
               course_check.AFTER: "Course check, at the end"}


@dataclass
class HandIn:
    """One student's hand-in that the report uses."""

    name: str
    path: str  # as shown: relative to the folder read
    data: dict


@dataclass
class Problem:
    """A file the report could not use, and why, in plain words."""

    path: str
    reason: str


@dataclass
class Found:
    hand_ins: list[HandIn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# Reading the folder ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _validator():
    """A validator for the hand-in's published JSON Schema (lessons/handin.schema.json): the
    schema is the one description of a hand-in's shape, for writer, reader and tests."""
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


# The part of a hand-in an error is in, and how a teacher is told about it.
_PARTS = {"name": "its name is damaged", "notes": "its notes are damaged",
          "exported_at": "it has no time of export, so it is damaged",
          "course_check": "its course check is damaged"}


def _shape_problem(data: dict) -> str | None:
    """What is wrong with a hand-in of the right schema and version, by its JSON Schema, or
    None. The first error (in the file's order) is put in words."""
    errors = sorted(_validator().iter_errors(data),
                    key=lambda e: [(p if isinstance(p, int) else -1, str(p)) for p in e.path])
    if not errors:
        return None
    error = errors[0]
    path = list(error.absolute_path)
    if not path:
        missing = [k for k in ("exported_at", "lessons") if k not in data]
        if error.validator == "required" and missing:
            return _PARTS["exported_at"] if missing[0] == "exported_at" else \
                "it has no list of lessons, so it is damaged"
        return "a part of it is missing or not one this course writes, so it is damaged"
    if path[0] == "lessons":
        if len(path) == 1:
            return "it has no list of lessons, so it is damaged"
        lesson = data["lessons"][path[1]]
        if len(path) > 3 and path[2] == "questions" and isinstance(lesson, dict) \
                and isinstance(lesson.get("id"), str):
            return f"a question in lesson {lesson['id']} is damaged"
        return "a lesson in it is damaged"
    if path[0] == "course_check" and "questions" in path[1:2]:
        return "a question of its course check is damaged"
    return _PARTS.get(str(path[0]), "a part of it is damaged")


def _read_one(path: Path) -> tuple[dict | None, str]:
    """A hand-in's data, or None and the reason it cannot be used."""
    try:
        if path.stat().st_size > MAX_FILE:
            return None, "it is far too large to be a hand-in"
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        return None, f"it could not be opened ({(exc.strerror or 'refused').lower()})"
    except (ValueError, RecursionError):
        return None, "it is damaged (it is not readable JSON); ask the student to hand in again"
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return None, "it is not a hand-in from this course"
    if data.get("course") not in (None, COURSE):
        return None, "it is a hand-in from another course"
    if data.get("schema_version") != SCHEMA_VERSION:
        return None, (f"it is written in hand-in format {data.get('schema_version')!s}, and "
                      f"this report reads format {SCHEMA_VERSION}")
    if data.get("course_version") != COURSE_VERSION:
        return None, (f"it was made with version {data.get('course_version')!s} of the course, "
                      f"and this report is for version {COURSE_VERSION}; the questions may "
                      "differ, so ask the student to hand in again from this version")
    problem = _shape_problem(data)
    if problem:
        return None, problem + "; ask the student to hand in again"
    return data, ""


def _files(folder: Path, skip: Path | None) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or (here / d).resolve() != skip))
        found += [here / f for f in sorted(files) if not f.startswith(".")]
    return found


def read_folder(folder, skip=None) -> Found:
    """Every hand-in in ``folder`` and the folders inside it, and every file it cannot use.
    ``skip`` is a folder inside it not to read (the report's own)."""
    folder = Path(folder)
    skip = Path(skip).resolve() if skip else None
    found, kept = Found(), {}
    files = _files(folder, skip)
    jsons = {p.with_suffix("") for p in files if p.suffix.lower() == ".json"}
    for path in files:
        shown = str(path.relative_to(folder))
        suffix = path.suffix.lower()
        if suffix == ".md":
            if path.with_suffix("") not in jsons:
                found.problems.append(Problem(shown, (
                    "it is a Markdown hand-in without its JSON file beside it (my-answers.json), "
                    "which the report reads; ask the student to hand in again")))
            continue
        if suffix != ".json":
            found.problems.append(Problem(shown, "it is not a hand-in (the report reads the "
                                                 ".json file the course writes)"))
            continue
        data, reason = _read_one(path)
        if data is None:
            found.problems.append(Problem(shown, reason))
            continue
        name = " ".join(str(data.get("name") or "").split())
        label = name or f"(no name given) {shown}"
        key = name.casefold() or shown
        hand_in = HandIn(label, shown, data)
        if key in kept:
            older, newer = sorted([kept[key], hand_in], key=lambda h: h.data["exported_at"])
            kept[key] = newer
            found.problems.append(Problem(older.path, (
                f"{label} handed in twice (also {newer.path}), so only the newer hand-in is "
                "used; if these are two students, ask one to hand in under another name")))
        else:
            kept[key] = hand_in
    found.hand_ins = sorted(kept.values(), key=lambda h: h.name.casefold())
    return found


# Counting -------------------------------------------------------------------------------------

def _tries(attempts: list) -> list[dict]:
    return [a for a in attempts if a.get("result") in ("right", "wrong")]


def _answer_text(answer) -> str:
    if isinstance(answer, list):
        return "; ".join(_answer_text(a) for a in answer)
    return "" if answer is None else str(answer)


def _feedback(question, answer) -> str:
    """The feedback a student read for this answer, from the question's check."""
    if question is None:
        return ""
    from lessons.questions import check

    try:
        return check(question, answer).message
    except (CourseError, ValueError, TypeError):
        return ""


def _questions_of(hand_in: HandIn) -> dict[tuple[str, str], list]:
    """{(lesson id, question id): attempts} of one hand-in, the course check included."""
    out = {}
    for lesson in hand_in.data["lessons"]:
        for question in lesson["questions"]:
            out[(lesson["id"], question["id"])] = question["attempts"]
    for question in (hand_in.data.get("course_check") or {}).get("questions", []):
        for when, key in ((course_check.BEFORE, "before"), (course_check.AFTER, "after")):
            if question[key]:
                out[(when, question["id"])] = question[key]
    return out


def _course_questions() -> list[tuple[str, str, object]]:
    """(lesson id, lesson label, question) for every question of the course, in order."""
    rows = []
    for lesson in catalog.all_lessons():
        rows += [(lesson.id, f"{lesson.id}: {lesson.title}", q) for q in lesson.questions]
    try:
        check = course_check.questions()
    except CourseError:
        check = ()
    for when in (course_check.BEFORE, course_check.AFTER):
        rows += [(when, CHECK_LABEL[when], q) for q in check]
    return rows


def summarise(found: Found) -> dict:
    """The numbers the class report and the gradebook are made from."""
    course = _course_questions()
    lessons = catalog.all_lessons()
    taken = {h.name: _questions_of(h) for h in found.hand_ins}
    questions = []
    for lesson_id, label, question in course:
        row = {"lesson": lesson_id, "lesson_label": label, "question": question.id,
               "prompt": question.prompt, "type": question.type, "graded": question.graded,
               "tried": 0, "right_first_time": 0, "right_in_the_end": 0, "wrong_answers": []}
        wrong = Counter()
        for attempts in (t.get((lesson_id, question.id), []) for t in taken.values()):
            if question.graded:
                tries = _tries(attempts)
                if not tries:
                    continue
                row["tried"] += 1
                row["right_first_time"] += tries[0]["result"] == "right"
                row["right_in_the_end"] += tries[-1]["result"] == "right"
                given = {}
                for a in tries:
                    if a["result"] == "wrong":
                        given.setdefault(_answer_text(a["answer"]), a["answer"])
                wrong.update(list(given))  # each student counted once for each wrong answer
                for text, answer in given.items():
                    row.setdefault("_answers", {}).setdefault(text, answer)
            elif attempts:
                row["tried"] += 1
        answers = row.pop("_answers", {})
        row["wrong_answers"] = [
            {"answer": text, "students": n, "feedback": _feedback(question, answers[text])}
            for text, n in sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WRONG]]
        questions.append(row)
    students = []
    for hand_in in found.hand_ins:
        done = taken[hand_in.name]
        per_lesson, writing, lessons_done = {}, [], 0
        for lesson in lessons:
            graded = [q for q in lesson.questions if q.graded]
            firsts = [_tries(done.get((lesson.id, q.id), [])) for q in graded]
            per_lesson[lesson.id] = {
                "tried": sum(bool(t) for t in firsts),
                "right_first_time": sum(bool(t) and t[0]["result"] == "right" for t in firsts),
                "graded_questions": len(graded)}
            if lesson.questions and all(done.get((lesson.id, q.id)) for q in lesson.questions):
                lessons_done += 1
            for q in lesson.questions:
                if not q.graded and done.get((lesson.id, q.id)):
                    last = done[(lesson.id, q.id)][-1]
                    writing.append({"lesson": f"{lesson.id}: {lesson.title}", "prompt": q.prompt,
                                    "type": q.type, "at": last["at"],
                                    "text": _answer_text(last["answer"])})
        students.append({
            "name": hand_in.name, "file": hand_in.path,
            "exported_at": hand_in.data["exported_at"], "lessons_done": lessons_done,
            "right_first_time": sum(v["right_first_time"] for v in per_lesson.values()),
            "tried": sum(v["tried"] for v in per_lesson.values()),
            "lessons": per_lesson, "writing": writing})
    return {"course_version": COURSE_VERSION, "lessons_in_course": len(lessons),
            "students": students, "questions": questions,
            "problems": [{"file": p.path, "reason": p.reason} for p in found.problems]}


# The gradebooks -------------------------------------------------------------------------------

def _cell(value) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a quote first."""
    text = " ".join(str(value).split())
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _lesson_column(lesson) -> str:
    return f"{lesson.id}: right first time"


def gradebook_rows(summary: dict, platform: str) -> list[list[str]]:
    """The gradebook as rows (header first). ``platform`` is "moodle" (also any spreadsheet)
    or "canvas". Each lesson's column is how many of its marked questions were right at the
    first try."""
    lessons = catalog.all_lessons()
    if platform == "canvas":
        header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    else:
        header = ["Name handed in under", "Email address"]
    header += [_lesson_column(lesson) for lesson in lessons] + [
        "Total: right first time", "Lessons done"]
    rows = [header]
    for student in summary["students"]:
        blanks = ["", "", "", ""] if platform == "canvas" else [""]
        rows.append([_cell(student["name"]), *blanks,
                     *[str(student["lessons"][lesson.id]["right_first_time"])
                       for lesson in lessons],
                     str(student["right_first_time"]), str(student["lessons_done"])])
    return rows


def _csv_text(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


# The page -------------------------------------------------------------------------------------

def _chart(summary: dict) -> tuple[str, str]:
    """An inline SVG chart of each lesson's share right at the first try and at the last try,
    and its description (also its alt text). Empty if nobody tried a marked question."""
    import matplotlib.pyplot as plt

    from lessons import plots

    rows = []
    for lesson in catalog.all_lessons():
        qs = [q for q in summary["questions"] if q["lesson"] == lesson.id and q["graded"]]
        tried = sum(q["tried"] for q in qs)
        if tried:
            rows.append((lesson.id, 100 * sum(q["right_first_time"] for q in qs) / tried,
                         100 * sum(q["right_in_the_end"] for q in qs) / tried))
    if not rows:
        return "", ""
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * len(rows)))
    ys = range(len(rows))
    first = ax.barh([y - 0.2 for y in ys], [r[1] for r in rows], height=0.38,
                    color=plots.PALETTE["blue"], label="right at the first try")
    last = ax.barh([y + 0.2 for y in ys], [r[2] for r in rows], height=0.38,
                   color=plots.PALETTE["orange"], hatch="///", edgecolor="white",
                   label="right at the last try")
    for bars in (first, last):
        ax.bar_label(bars, fmt="%.0f%%", padding=3, fontsize=9)
    ax.set_yticks(list(ys), [r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the answers students gave (%)")
    ax.set_ylabel("Lesson")
    ax.set_title("Marked questions answered right, by lesson")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, frameon=False)
    ax.annotate("Source: this class's hand-ins.", xy=(0, 0), xycoords="axes fraction",
                xytext=(0, -42), textcoords="offset points", va="top",
                fontsize=plots.SOURCE_SIZE)
    svg = plots.as_svg(fig)
    best = max(rows, key=lambda r: r[1])
    worst = min(rows, key=lambda r: r[1])
    words = (f"A bar chart of {len(rows)} lesson{'s' if len(rows) != 1 else ''}. For each, "
             "one bar shows the share of students' answers to marked questions that were right "
             "at the first try, and one the share right at their last try. ")
    if len(rows) > 1:
        words += (f"The highest first-try share is in {best[0]} ({best[1]:.0f}%); the lowest "
                  f"is in {worst[0]} ({worst[1]:.0f}%).")
    else:
        words += (f"In {best[0]}, {best[1]:.0f}% were right at the first try and "
                  f"{best[2]:.0f}% at the last try.")
    return svg, words


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;
margin:1.5rem auto;padding:0 1rem;line-height:1.45;color:#1a1a1a}
h1{font-size:1.7rem}h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:1px solid #ccc}
h3{font-size:1.1rem;margin-bottom:.3rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef3f8}td.n{text-align:right;white-space:nowrap}
.question{margin:1rem 0 1.4rem}.prompt{font-weight:600}
blockquote{margin:.3rem 0 .8rem 1rem;padding:.3rem .8rem;border-left:4px solid #0072B2;
background:#f6f8fa;white-space:pre-wrap}
.small{font-size:.9rem;color:#444}figure{margin:1rem 0}svg{max-width:100%;height:auto}
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _when(stamp: str) -> str:
    """An ISO time as "2026-12-02 22:04 UTC" (as it was, if it cannot be read)."""
    try:
        return datetime.fromisoformat(stamp).astimezone(timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC")
    except (ValueError, TypeError):
        return str(stamp)


def _percent(n: int, of: int) -> str:
    return f"{n} ({100 * n / of:.0f}%)" if of else "0"


def report_html(summary: dict) -> str:
    """The class report as one self-contained page."""
    students, problems = summary["students"], summary["problems"]
    made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>Class report: the Syrian civil war, source by source</title>",
           f"<style>{CSS}</style></head><body>",
           "<h1>Class report: the Syrian civil war, source by source</h1>",
           f'<p class="small">Made {made} UTC from {len(students)} hand-in'
           f"{'s' if len(students) != 1 else ''} (course version {_e(COURSE_VERSION)}). "
           f"{len(problems)} file{'s' if len(problems) != 1 else ''} could not be used "
           "(see the end of the page).</p>",
           "<p>A question's <em>first try</em> is the first answer a student checked; the "
           "<em>last try</em> is the answer they stopped at. Reflections and essays are not "
           "marked: read them under each student.</p>"]
    svg, words = _chart(summary)
    if svg:
        out += ["<h2>How the class did, lesson by lesson</h2>",
                f'<figure><div role="img" aria-label="{_e(words)}">{svg}</div>',
                f"<figcaption>{_e(words)}</figcaption></figure>"]
    out.append('<h2 id="questions">Question by question</h2>')
    current = None
    for q in summary["questions"]:
        if not q["tried"]:
            continue
        if q["lesson"] != current:
            current = q["lesson"]
            out.append(f'<h3 class="lesson">{_e(q["lesson_label"])}</h3>')
        out.append(f'<div class="question" data-question="{_e(q["lesson"])}/{_e(q["question"])}">'
                   f'<p class="prompt">{_e(q["prompt"])}</p>')
        if q["graded"]:
            out.append(
                "<table><tr><th>Students who tried</th><th>Right at the first try</th>"
                "<th>Right at the last try</th></tr>"
                f'<tr><td class="n tried">{q["tried"]}</td>'
                f'<td class="n first">{_percent(q["right_first_time"], q["tried"])}</td>'
                f'<td class="n end">{_percent(q["right_in_the_end"], q["tried"])}</td></tr>'
                "</table>")
            if q["wrong_answers"]:
                out.append("<table><tr><th>Wrong answer given</th><th>Students</th>"
                           "<th>The feedback they read</th></tr>")
                out += [f'<tr class="wrong"><td>{_e(w["answer"])}</td>'
                        f'<td class="n">{w["students"]}</td><td>{_e(w["feedback"])}</td></tr>'
                        for w in q["wrong_answers"]]
                out.append("</table>")
        else:
            out.append(f'<p class="small">{q["tried"]} student{"s" if q["tried"] != 1 else ""} '
                       f'wrote an answer ({_e(q["type"])}): read them under each student.</p>')
        out.append("</div>")
    out += ['<h2 id="students">Student by student</h2>',
            "<table><tr><th>Name handed in under</th><th>Lessons done (all questions "
            "answered)</th><th>Marked questions right at the first try</th></tr>"]
    out += [f'<tr class="student"><td>{_e(s["name"])}</td>'
            f'<td class="n done">{s["lessons_done"]} of {summary["lessons_in_course"]}</td>'
            f'<td class="n first">{s["right_first_time"]} of {s["tried"]} tried</td></tr>'
            for s in students]
    out.append("</table>")
    for s in students:
        out.append(f'<h3>{_e(s["name"])}</h3><p class="small">Handed in '
                   f'{_e(_when(s["exported_at"]))}, file {_e(s["file"])}.</p>')
        if not s["writing"]:
            out.append("<p>No reflections or essays yet.</p>")
        for w in s["writing"]:
            out.append(f'<p class="small">{_e(w["lesson"])} ({_e(w["type"])})</p>'
                       f'<p class="prompt">{_e(w["prompt"])}</p>'
                       f'<blockquote class="writing">{_e(w["text"])}</blockquote>')
    out.append('<h2 id="problems">Files that could not be used</h2>')
    if problems:
        out.append("<table><tr><th>File</th><th>Why</th></tr>")
        out += [f'<tr class="problem"><td>{_e(p["file"])}</td><td>{_e(p["reason"])}</td></tr>'
                for p in problems]
        out.append("</table>")
    else:
        out.append("<p>None: every file was used.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# Writing it all -------------------------------------------------------------------------------

def write_report(folder, out) -> dict:
    """Read the hand-ins in ``folder`` and write the report, gradebooks and summary into
    ``out``; returns the summary. A CourseError if the folder cannot be read."""
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise CourseError(f"{folder} is not a folder: give the folder the hand-ins are in.")
    summary = summarise(read_folder(folder, skip=out))
    out.mkdir(parents=True, exist_ok=True)
    (out / "class-report.html").write_text(report_html(summary), encoding="utf-8")
    # A byte-order mark, so Excel reads the names' accents right; Moodle and Canvas accept it.
    for name, platform in (("gradebook.csv", "moodle"), ("gradebook-canvas.csv", "canvas")):
        (out / name).write_text(_csv_text(gradebook_rows(summary, platform)),
                                encoding="utf-8-sig")
    (out / "class-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1),
                                            encoding="utf-8")
    return summary


def add_command(sub) -> None:
    """The ``class`` subcommand of ``python -m lessons``."""
    command = sub.add_parser("class", help="a class report and gradebook from the hand-ins")
    command.add_argument("folder", help="the folder the students' hand-ins are in")
    command.add_argument("--out", default="class-report",
                         help="folder to write class-report.html and the gradebooks in")


def run_command(args) -> int:
    summary = write_report(args.folder, args.out)
    out = Path(args.out)
    print(f"Read {len(summary['students'])} hand-in(s); wrote {out / 'class-report.html'}, "
          f"{out / 'gradebook.csv'} (Moodle) and {out / 'gradebook-canvas.csv'} (Canvas).")
    for problem in summary["problems"]:
        print(f"Not used: {problem['file']}: {problem['reason']}.")
    return 0

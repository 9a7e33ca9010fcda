"""Lesson tooling: notebook headers made from lesson.yaml, a new lesson scaffolded from one
source, and the course renumbered so that ids, folders, notebooks and texts stay in step.

Every function takes the root of a course repository (the folder with lessons/, notebooks/ and
data/), so that tests run them on a temporary copy and never on the real course.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from lessons.errors import CourseError

LESSON_ID = re.compile(r"^(\d\d)_[a-z0-9_]+$")
SLUG = re.compile(r"^[a-z][a-z0-9_]*[a-z0-9]$")
# The repository's text files in which a lesson id is replaced when the course is renumbered.
TEXT_FILES = ("data/*.csv", "lessons/**/*.yaml", "lessons/**/*.md", "lessons/**/*.py",
              "notebooks/*.ipynb", "tests/*.py", "README.md")
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                   "name": "python3"},
    "language_info": {"name": "python"},
}


# ----------------------------------------------------------------------------- headers


def number_of(lesson_id: str) -> int:
    """The lesson's number, from its id: "05_aleppo" -> 5."""
    match = LESSON_ID.match(lesson_id)
    if not match:
        raise CourseError(f"{lesson_id!r} is not a lesson id (two digits, then a name, like "
                          "05_aleppo)")
    return int(match.group(1))


def shown_title(title: str) -> str:
    """The title as a header shows it: "Aleppo - the divided city" -> "Aleppo: the divided city"."""
    return title.replace(" - ", ": ", 1)


def short_title(title: str) -> str:
    """The title's first part, as other lessons name it: "Counting the dead"."""
    return title.split(" - ", 1)[0]


# Under every content note: the page on what the lessons contain, stepping out, and support.
WELLBEING_PAGE = "looking_after_yourself.md"
WELLBEING_LINE = (f"> [Looking after yourself]({WELLBEING_PAGE}): what the lessons contain, how "
                  "to step out, and where to find support.")


def header_text(lesson_id: str, title: str, content_note: str, objectives, minutes: int,
                prerequisites) -> str:
    """A notebook's first cell, from the facts of lesson.yaml."""
    before = "; ".join(p.rstrip(".") for p in prerequisites) + "." if prerequisites \
        else "nothing - this is the first lesson."
    lines = [f"# Lesson {number_of(lesson_id)}. {shown_title(title)}", "",
             f"> **Content note.** {' '.join(content_note.split())}", ">", WELLBEING_LINE, "",
             "**In this lesson you will:**", ""]
    lines += [f"- {objective}" for objective in objectives]
    lines += ["", f"**Time needed:** about {minutes} minutes.  ",
              f"**Before this lesson:** {before}"]
    return "\n".join(lines)


def header_markdown(lesson) -> str:
    """The first cell of a lesson's notebook, made from its catalogue entry alone."""
    return header_text(lesson.id, lesson.title, lesson.content_note, lesson.objectives,
                       lesson.minutes, lesson.prerequisites)


def source_lines(text: str) -> list[str]:
    """A cell's text as a notebook stores it: one string a line, each but the last with "\\n"."""
    return text.splitlines(keepends=True)


def notebook_json(notebook: dict) -> str:
    """A notebook as the course stores it (indent 1, UTF-8 text as itself, a final newline)."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def _read_notebook(path: Path) -> tuple[str, dict]:
    shown = f"notebooks/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
        notebook = json.loads(text)
        notebook["cells"][0]["source"]  # noqa: B018 (it must have a first cell)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, IndexError,
            TypeError) as exc:
        raise CourseError(f"{shown}: cannot be read as a notebook ({exc})") from None
    if notebook_json(notebook) != text:
        raise CourseError(f"{shown}: is not saved in the house format (nbformat 4.4, indent 1), "
                          "so its header is not rewritten. Save it from JupyterLab, or fix it "
                          "by hand.")
    return text, notebook


def _lessons(root: Path) -> list:
    from lessons.catalog import parse_lesson

    return [parse_lesson(path) for path in sorted((root / "lessons" / "catalog")
                                                  .glob("*/lesson.yaml"))]


def header_problems(root: Path) -> list[str]:
    """The notebooks whose first cell is not the header their lesson.yaml makes."""
    problems = []
    for lesson in _lessons(root):
        try:
            _text, notebook = _read_notebook(root / "notebooks" / lesson.notebook)
        except CourseError as exc:
            problems.append(str(exc))
            continue
        source = notebook["cells"][0]["source"]
        if ("".join(source) if isinstance(source, list) else source) != header_markdown(lesson):
            problems.append(f"notebooks/{lesson.notebook}: its first cell is not the header "
                            f"made from {lesson.shown_path}")
    return problems


def write_headers(root: Path, lessons=None) -> list[str]:
    """Rewrite the first cell of each lesson's notebook from its lesson.yaml, leaving the rest of
    the file as it was; return the notebooks changed."""
    changed = []
    for lesson in lessons if lessons is not None else _lessons(root):
        path = root / "notebooks" / lesson.notebook
        text, notebook = _read_notebook(path)
        notebook["cells"][0]["source"] = source_lines(header_markdown(lesson))
        new = notebook_json(notebook)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(f"notebooks/{lesson.notebook}")
    return changed


# ----------------------------------------------------------------------------- renumbering


def _text_files(root: Path) -> list[Path]:
    found = {path for pattern in TEXT_FILES for path in root.glob(pattern) if path.is_file()}
    return sorted(p for p in found if "__pycache__" not in p.parts)


def _id_pattern(lesson_id: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(lesson_id)}(?![A-Za-z0-9_])")


def renumber(root: Path, moves: dict[str, str]) -> None:
    """Give lessons new ids ({"09_displacement": "10_displacement"}): folders and notebooks
    renamed, each id replaced in the repository's text files, "Lesson N, Title" and
    "Lesson N: Title" and the README table's number changed, headers made again. Moves are
    made in the order given: list the highest number first."""
    from lessons.catalog import parse_lesson

    catalog = root / "lessons" / "catalog"
    lessons = _lessons(root)  # every lesson and notebook is readable before anything changes
    for lesson in lessons:
        _read_notebook(root / "notebooks" / lesson.notebook)
    titles = {}
    for old, new in moves.items():
        if not (catalog / old / "lesson.yaml").is_file():
            raise CourseError(f"There is no lesson {old!r} to renumber.")
        if (catalog / new).exists() or (root / "notebooks" / f"{new}.ipynb").exists():
            raise CourseError(f"Lesson {new!r} is already there.")
        titles[old] = short_title(parse_lesson(catalog / old / "lesson.yaml").title)
    for path in _text_files(root):
        text = original = path.read_text(encoding="utf-8")
        for old, new in moves.items():
            text = _id_pattern(old).sub(new, text)
            before, after, short = number_of(old), number_of(new), re.escape(titles[old])
            text = re.sub(rf"\bLesson {before}([,:] \**{short})", rf"Lesson {after}\1", text)
            if path.name == "README.md":
                text = re.sub(rf"^\| {before:02d} (\| \[[^]]*\]\(notebooks/{re.escape(new)}\.)",
                              rf"| {after:02d} \1", text, flags=re.M)
        if text != original:
            path.write_text(text, encoding="utf-8")
    for old, new in moves.items():
        (catalog / old).rename(catalog / new)
        (root / "notebooks" / f"{old}.ipynb").rename(root / "notebooks" / f"{new}.ipynb")
    write_headers(root)  # "Lesson N" of the moved lessons, and prerequisites naming them


# ----------------------------------------------------------------------------- a new lesson


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def lesson_yaml(lesson_id: str, title: str, previous) -> str:
    """The lesson.yaml of a scaffold: marked as a draft, which check refuses until it is done."""
    before = f"Lesson {number_of(previous.id)}, {short_title(previous.title)}"
    return f"""\
# A draft made by `python -m lessons new`. Write every entry below, then delete the draft line.
draft: true
id: {lesson_id}
title: {_yaml_text(title)}
notebook: {lesson_id}.ipynb
minutes: 60
content_note: >-
  Say what hard topics this lesson covers, that there is no graphic detail, and that a student
  may take a break.
objectives:
  - Say what a student will be able to do after this lesson.
prerequisites:
  - {_yaml_text(before)}
sources: []
questions:
  - id: first-question
    type: single
    section: "Section 1: First section"
    prompt: Ask about sourcing, reading a chart, or telling a claim from a finding.
    choices:
      - text: The right answer
        correct: true
        feedback: Say why it is right, and point back to Section 1.
      - text: A wrong answer
        feedback: Say why it is wrong, and point back to Section 1.
"""


def teacher_md(lesson_id: str, title: str) -> str:
    """The teacher notes of a scaffold, with the headings every lesson's notes have."""
    return f"""\
# Teacher notes: {lesson_id[:2]} {short_title(title)}

The answer key is printed from the quiz bank: `python -m lessons key {lesson_id}`.

## Plan (about 60 minutes)

## Documents

## Discussion

## Common misconceptions

## Sensitivities
"""


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source_lines(text)}


def _code(text: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source_lines(text)}


def notebook_skeleton(lesson_id: str, header: str, next_lesson) -> dict:
    """The house skeleton of a lesson's notebook, its header made from lesson.yaml."""
    cells = [
        _markdown(header),
        _markdown("**Words in this lesson.** These words are explained here because they may be "
                  "new. All of them\nare in the course glossary: run `words()` in any cell to see "
                  "the whole list."),
        _code(f'from lessons.glossary import words\n\nwords("{lesson_id}")'),
        _markdown("## 1. First section\n\nOne idea a cell, in short sentences."),
        _code(f'from lessons.quiz import ask\n\nask("{lesson_id}", "first-question")'),
        _markdown("## 2. Second section\n\nOne idea a cell, in short sentences."),
        _markdown("### Read the sources\n\nShow two to four document cards with "
                  "`documents(...)`, and ask who speaks, when, and how we can check them."),
        _markdown("## 3. Reflection\n\nWrite a few sentences in your own words."),
        _markdown("## Summary\n\n- What this lesson showed, one line a point."),
        _code(f'from lessons.sources import for_lesson\n\nfor_lesson("{lesson_id}")'),
        _markdown("## Further reading\n\nBooks, articles and reports by researchers, for going "
                  "further."),
        _code(f'from lessons.sources import reading_for\n\nreading_for("{lesson_id}")'),
        _markdown(f"## Next\n\n**Lesson {number_of(next_lesson.id)}: "
                  f"{short_title(next_lesson.title)}** (`{next_lesson.notebook}`)."),
    ]
    return {"cells": cells, "metadata": NOTEBOOK_METADATA, "nbformat": 4, "nbformat_minor": 4}


def new_lesson(root: Path, slug: str, title: str, after: str | None = None) -> str:
    """Scaffold a lesson after the lesson ``after`` (by default, just before the closing lesson,
    which always stays last); later lessons are renumbered. Return the new lesson's id."""
    if not SLUG.match(slug):
        raise CourseError(f"{slug!r} cannot name a lesson: use small letters, digits and _, "
                          "like chemical_weapons.")
    if not title.strip():
        raise CourseError("Give the lesson a title with --title.")
    lessons = _lessons(root)
    ids = [lesson.id for lesson in lessons]
    if len(lessons) < 2:
        raise CourseError("The catalogue needs a first and a closing lesson before a lesson "
                          "can be added between them.")
    if any(lesson_id.split("_", 1)[1] == slug for lesson_id in ids):
        raise CourseError(f"There is already a lesson named {slug!r}.")
    after = after or ids[-2]
    if after not in ids:
        raise CourseError(f"There is no lesson {after!r}. The lessons are: {', '.join(ids)}.")
    if after == ids[-1]:
        raise CourseError(f"{after} is the closing lesson and stays last: add the new lesson "
                          f"after {ids[-2]} or before it.")
    place = ids.index(after)
    number = number_of(after) + 1
    if number_of(ids[-1]) >= 99:
        raise CourseError("The course cannot have more than 100 lessons.")
    later = lessons[place + 1:]
    if later and number_of(later[0].id) <= number:
        moves, next_number = {}, number + 1
        for lesson in later:
            if number_of(lesson.id) >= next_number:
                break  # a gap in the numbers: the rest keep theirs
            moves[lesson.id] = f"{next_number:02d}{lesson.id[2:]}"
            next_number += 1
        renumber(root, dict(reversed(moves.items())))
        lessons = _lessons(root)
    lesson_id = f"{number:02d}_{slug}"
    folder = root / "lessons" / "catalog" / lesson_id
    folder.mkdir()
    (folder / "lesson.yaml").write_text(lesson_yaml(lesson_id, title, lessons[place]),
                                        encoding="utf-8")
    (folder / "teacher.md").write_text(teacher_md(lesson_id, title), encoding="utf-8")
    facts = yaml.safe_load((folder / "lesson.yaml").read_text(encoding="utf-8"))
    header = header_text(lesson_id, title, facts["content_note"], facts["objectives"],
                         facts["minutes"], facts["prerequisites"])
    (root / "notebooks" / f"{lesson_id}.ipynb").write_text(
        notebook_json(notebook_skeleton(lesson_id, header, lessons[place + 1])),
        encoding="utf-8")
    return lesson_id

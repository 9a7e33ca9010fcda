"""The course catalogue: one folder a lesson, each with lesson.yaml (the facts an instructor and
the notebook share: objectives, minutes, prerequisites, sources, quiz bank) and teacher.md."""

from __future__ import annotations

import re
import string
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from lessons.errors import QuizError
from lessons.questions import Question, at_line, parse_question, refuse_unknown_keys

CATALOG = Path(__file__).resolve().parent
LESSON_KEYS = ("id", "title", "notebook", "minutes", "content_note", "objectives",
               "prerequisites", "sources", "questions", "figures", "draft")
FIGURE_KEYS = ("name", "draw", "title", "description", "labels", "args")


# ----------------------------------------------------------------------------- reading files


def text_of(path: Path, shown: str) -> str:
    """The text of a UTF-8 file the course reads (a byte-order mark, as Notepad writes, is
    allowed), or a QuizError naming the file and the line of a byte that is not UTF-8."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise QuizError(f"{shown}: the file is missing") from None
    except OSError as exc:
        raise QuizError(f"{shown}: cannot be read ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise QuizError(f"{shown}, line {line}: has a character that is not UTF-8 (the byte "
                        f"0x{raw[exc.start]:02X}, often a curly quote or apostrophe pasted from "
                        "a word processor). Retype it, or save the file as UTF-8.") from None


class _Mapping(dict):
    """A YAML mapping that remembers its line and each key's line, for messages."""

    line: int = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with line numbers kept and a key used twice refused (PyYAML
    would silently keep the second)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode):
    mapping = _Mapping()
    mapping.line, mapping.key_lines = node.start_mark.line + 1, {}
    yield mapping
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be a key", key_node.start_mark)
        if key in mapping.key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is used twice in one entry", key_node.start_mark)
        mapping.key_lines[key] = key_node.start_mark.line + 1
        mapping[key] = loader.construct_object(value_node, deep=True)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same loader on libyaml's parser, about ten times faster: a lesson opens sooner.
    A file it cannot read is read again by _LineLoader, whose messages the course words."""


_FastLineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)

# A value that opens a quotation: after "key: " or "- " comes a quotation mark.
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s"'#][^#]*?:\s+)?(["'])(.*)$""")


def _closes(quote: str, rest: str) -> int:
    """Where the quotation opened just before ``rest`` closes in it, or -1."""
    if quote == "'":
        match = re.search(r"'(?!')", rest.replace("''", "\0\0"))
    else:
        match = re.search(r'(?<!\\)"', rest)
    return match.start() if match else -1


def _unclosed_quote_line(text: str, upto: int) -> int | None:
    """The line (at or before line ``upto``) where a quotation opens and is never closed: the
    quotation mark that ends it is really the start of another one, or there is none."""
    lines = text.split("\n")
    for number in range(min(upto, len(lines)), 0, -1):
        opened = _OPENS_QUOTE.match(lines[number - 1])
        if not opened or _closes(opened.group(1), opened.group(2)) >= 0:
            continue
        rest = "\n".join([opened.group(2), *lines[number:]])
        end = _closes(opened.group(1), rest)
        after = rest[end + 1:].split("\n", 1)[0] if end >= 0 else ""
        if end < 0 or after.strip() and not after.strip().startswith(("#", ",", "]", "}")):
            return number
        return None  # a quotation that runs over lines and closes properly
    return None


def read_yaml(path: Path, shown: str):
    """A YAML file as Python data, whose mappings know their lines; a QuizError naming the
    file and line if it cannot be read (an unclosed quotation at the line where it opens)."""
    text = text_of(path, shown)
    if not text.strip():
        raise QuizError(f"{shown}, line 1: is empty")
    try:
        return yaml.load(text, Loader=_FastLineLoader)  # a SafeLoader: builds plain data only
    except yaml.YAMLError:
        pass  # read it again below, for the message
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.constructor.ConstructorError as exc:  # a key used twice, say
        mark = exc.problem_mark
        raise QuizError(f"{shown}, line {mark.line + 1 if mark else 1}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        context_mark = getattr(exc, "context_mark", None)
        if "quoted scalar" in (getattr(exc, "context", "") or "") and context_mark:
            quote_line = context_mark.line + 1
        else:
            quote_line = _unclosed_quote_line(text, line)
        if quote_line:
            raise QuizError(f"{shown}, line {quote_line}: a quotation mark opens on this line "
                            "and is not closed. Add the closing quotation mark.") from None
        problem = getattr(exc, "problem", None) or str(exc)
        if "'\\t'" in problem:
            problem = "a tab character; indent with spaces instead"
        raise QuizError(f"{shown}, line {line}: cannot be read as YAML ({problem}). Check the "
                        "indentation and punctuation of this line and the one before.") from None


# ----------------------------------------------------------------------------- lessons


@dataclass(frozen=True)
class FigureWords:
    """A figure's words, kept with its lesson: the title, the axis labels and a description whose
    {placeholders} are filled with numbers computed from the data when the figure is drawn."""

    name: str
    draw: str  # "module.function" in the lessons package, which draws the figure
    title: str
    description: str
    labels: dict = field(default_factory=dict)
    args: dict = field(default_factory=dict)
    lesson_id: str = ""

    @property
    def placeholders(self) -> list[str]:
        """The names in the description that the drawing function must compute."""
        return [name for _text, name, _spec, _conv in string.Formatter().parse(self.description)
                if name]

    def describe(self, **facts) -> str:
        """The description with its numbers filled in from ``facts``."""
        missing = [name for name in self.placeholders if name not in facts]
        if missing:
            raise QuizError(f"lessons/catalog/{self.lesson_id}/lesson.yaml, figure "
                            f"{self.name!r}: the description needs {missing[0]!r}, which "
                            f"{self.draw} does not compute")
        return self.description.format(**facts)

    def label(self, key: str) -> str:
        """One axis label (for example "x", "y" or "value"), or a clear error naming the figure."""
        if key not in self.labels:
            raise QuizError(f"lessons/catalog/{self.lesson_id}/lesson.yaml, figure "
                            f"{self.name!r}: 'labels' needs {key!r}")
        return self.labels[key]


def _figures(raw, where: str, lesson_id: str) -> tuple[FigureWords, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise QuizError(f"{where}: 'figures' should be a list")
    out = []
    for number, entry in enumerate(raw, start=1):
        spot = f"{where}, figure {number}"
        if not isinstance(entry, dict):
            raise QuizError(f"{spot}: should have name, draw, title and description")
        refuse_unknown_keys(entry, FIGURE_KEYS, spot)
        for key in ("name", "draw", "title", "description"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise QuizError(f"{spot}{at_line(entry, key)}: '{key}' is missing")
        for key in ("labels", "args"):
            if not isinstance(entry.get(key, {}), dict):
                raise QuizError(f"{spot}{at_line(entry, key)}: '{key}' should be a mapping")
        if not all(isinstance(v, str) for v in entry.get("labels", {}).values()):
            raise QuizError(f"{spot}{at_line(entry, 'labels')}: each label should be a text")
        out.append(FigureWords(name=entry["name"], draw=entry["draw"], title=entry["title"],
                               description=" ".join(entry["description"].split()),
                               labels=dict(entry.get("labels", {})),
                               args=dict(entry.get("args", {})), lesson_id=lesson_id))
    names = [f.name for f in out]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise QuizError(f"{where}: figure names used twice: {', '.join(doubles)}")
    return tuple(out)


@dataclass(frozen=True)
class Lesson:
    """One lesson's catalogue entry."""

    id: str
    title: str
    notebook: str
    minutes: int
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...]
    content_note: str
    sources: tuple[str, ...]
    questions: tuple[Question, ...]
    folder: Path
    figures: tuple[FigureWords, ...] = ()

    def question(self, question_id: str) -> Question:
        """The question with this id, or a QuizError that lists the ids there are."""
        for question in self.questions:
            if question.id == question_id:
                return question
        ids = ", ".join(q.id for q in self.questions)
        raise QuizError(f"{self.shown_path}: there is no question {question_id!r} "
                        f"(the questions are: {ids})")

    @property
    def shown_path(self) -> str:
        return f"lessons/catalog/{self.folder.name}/lesson.yaml"

    @property
    def teacher_notes(self) -> str:
        """The instructor's notes (teacher.md beside lesson.yaml), or "" if there are none."""
        path = self.folder / "teacher.md"
        shown = f"lessons/catalog/{self.folder.name}/teacher.md"
        return text_of(path, shown) if path.exists() else ""


def _strings(lesson: dict, key: str, where: str, allow_empty: bool = False) -> tuple[str, ...]:
    raw = lesson.get(key, [] if allow_empty else None)
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        raise QuizError(f"{where}{at_line(lesson, key)}: '{key}' should be a list of short texts")
    if not raw and not allow_empty:
        raise QuizError(f"{where}{at_line(lesson, key)}: '{key}' is empty")
    return tuple(raw)


def parse_lesson(path: Path) -> Lesson:
    """Read and check one lesson.yaml; raise QuizError naming the file (and question) if wrong."""
    where = f"lessons/catalog/{path.parent.name}/lesson.yaml"
    raw = read_yaml(path, where)
    if not isinstance(raw, dict):
        raise QuizError(f"{where}: should be a mapping with id, title, questions ...")
    refuse_unknown_keys(raw, LESSON_KEYS, where)
    if raw.get("draft", False) is not False:  # a scaffold of `python -m lessons new`
        raise QuizError(f"{where}{at_line(raw, 'draft')}: this lesson is a draft and is not "
                        "finished. Write its objectives, sections, sources and quiz, then "
                        "delete the line 'draft: true'.")
    for key, kind in (("id", str), ("title", str), ("notebook", str), ("minutes", int),
                      ("content_note", str), ("questions", list)):
        if not isinstance(raw.get(key), kind) or isinstance(raw.get(key), bool):
            raise QuizError(f"{where}{at_line(raw, key)}: '{key}' is missing or should be "
                            f"{kind.__name__}")
    if raw["id"] != path.parent.name:
        raise QuizError(f"{where}{at_line(raw, 'id')}: id {raw['id']!r} should match its "
                        f"folder {path.parent.name!r}")
    questions = tuple(parse_question(q, f"{where}, question {n}")
                      for n, q in enumerate(raw["questions"], start=1))
    if not questions:
        raise QuizError(f"{where}{at_line(raw, 'questions')}: 'questions' is empty")
    ids = [q.id for q in questions]
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise QuizError(f"{where}: question ids used twice: {', '.join(doubles)}")
    return Lesson(
        id=raw["id"], title=raw["title"], notebook=raw["notebook"], minutes=raw["minutes"],
        objectives=_strings(raw, "objectives", where),
        prerequisites=_strings(raw, "prerequisites", where, True),
        content_note=raw["content_note"],
        sources=_strings(raw, "sources", where, True),
        questions=questions, folder=path.parent,
        figures=_figures(raw.get("figures"), where, raw["id"]),
    )


@cache
def _cached(path: str, mtime: float) -> Lesson:
    return parse_lesson(Path(path))


def lesson_files() -> list[Path]:
    """Every lesson.yaml in the catalogue, in lesson order."""
    return sorted(CATALOG.glob("*/lesson.yaml"))


def get_lesson(lesson_id: str) -> Lesson:
    """The checked catalogue entry of one lesson, for example ``get_lesson("00_start_here")``."""
    path = CATALOG / lesson_id / "lesson.yaml"
    if not path.exists():
        known = ", ".join(p.parent.name for p in lesson_files())
        raise QuizError(f"There is no lesson {lesson_id!r}. The lessons are: {known}.")
    return _cached(str(path), path.stat().st_mtime)


def all_lessons() -> list[Lesson]:
    """Every lesson in the catalogue, in order."""
    return [get_lesson(p.parent.name) for p in lesson_files()]

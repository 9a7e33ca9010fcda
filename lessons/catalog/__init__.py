"""The course catalogue: one folder a lesson, each with lesson.yaml (the facts an instructor and
the notebook share: objectives, minutes, prerequisites, sources, quiz bank) and teacher.md."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from lessons.errors import QuizError
from lessons.quiz import Question, parse_question

CATALOG = Path(__file__).resolve().parent


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
        unknown = sorted(set(entry) - {"name", "draw", "title", "description", "labels", "args"})
        if unknown:
            raise QuizError(f"{spot}: unknown key {unknown[0]!r}")
        for key in ("name", "draw", "title", "description"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise QuizError(f"{spot}: '{key}' is missing")
        for key in ("labels", "args"):
            if not isinstance(entry.get(key, {}), dict):
                raise QuizError(f"{spot}: '{key}' should be a mapping")
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
        path = self.folder / "teacher.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""


def _strings(raw, key: str, where: str, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        raise QuizError(f"{where}: '{key}' should be a list of short texts")
    if not raw and not allow_empty:
        raise QuizError(f"{where}: '{key}' is empty")
    return tuple(raw)


def parse_lesson(path: Path) -> Lesson:
    """Read and check one lesson.yaml; raise QuizError naming the file (and question) if wrong."""
    where = f"lessons/catalog/{path.parent.name}/lesson.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuizError(f"{where}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise QuizError(f"{where}{line}: is not valid YAML ({getattr(exc, 'problem', exc)})")\
            from None
    if not isinstance(raw, dict):
        raise QuizError(f"{where}: should be a mapping with id, title, questions ...")
    for key, kind in (("id", str), ("title", str), ("notebook", str), ("minutes", int),
                      ("content_note", str), ("questions", list)):
        if not isinstance(raw.get(key), kind) or isinstance(raw.get(key), bool):
            raise QuizError(f"{where}: '{key}' is missing or should be {kind.__name__}")
    if raw["id"] != path.parent.name:
        raise QuizError(f"{where}: id {raw['id']!r} should match its folder {path.parent.name!r}")
    questions = tuple(parse_question(q, f"{where}, question {n}")
                      for n, q in enumerate(raw["questions"], start=1))
    if not questions:
        raise QuizError(f"{where}: 'questions' is empty")
    ids = [q.id for q in questions]
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise QuizError(f"{where}: question ids used twice: {', '.join(doubles)}")
    return Lesson(
        id=raw["id"], title=raw["title"], notebook=raw["notebook"], minutes=raw["minutes"],
        objectives=_strings(raw.get("objectives"), "objectives", where),
        prerequisites=_strings(raw.get("prerequisites", []), "prerequisites", where, True),
        content_note=raw["content_note"],
        sources=_strings(raw.get("sources", []), "sources", where, True),
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

"""The course glossary: hard words, each explained in plain English, with the lesson where a
student first meets it. The entries live in lessons/glossary.yaml; each lesson shows its new
words near the top (``words("05_aleppo")``), and ``words()`` shows them all."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from lessons.errors import CourseError

GLOSSARY = Path(__file__).with_name("glossary.yaml")
SHOWN = "lessons/glossary.yaml"
KEYS = ("term", "match", "lesson", "definition", "source_ids")


@lru_cache(maxsize=1)
def entries() -> tuple[dict, ...]:
    """Every glossary entry, checked: each has a term, a pattern that compiles, a lesson, a
    definition and a list of source ids (empty for a plain word meaning)."""
    import yaml

    try:
        raw = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CourseError(f"{SHOWN}: cannot be read ({exc})") from None
    if not isinstance(raw, list):
        raise CourseError(f"{SHOWN}: should be a list of entries")
    checked = []
    for n, entry in enumerate(raw, start=1):
        where = f"{SHOWN}: entry {n}"
        if not isinstance(entry, dict) or any(key not in entry for key in KEYS):
            raise CourseError(f"{where}: needs the keys {', '.join(KEYS)}")
        try:
            re.compile(entry["match"])
        except re.error as exc:
            raise CourseError(f"{where} ({entry['term']}): bad pattern: {exc}") from None
        checked.append({**entry, "source_ids": list(entry["source_ids"] or [])})
    return tuple(checked)


def for_lesson(lesson_id: str | None = None) -> list[dict]:
    """The entries first met in this lesson (all entries if no lesson is given)."""
    return [e for e in entries() if lesson_id is None or e["lesson"] == lesson_id]


class Words:
    """A glossary table that shows as HTML in Jupyter and as plain text elsewhere."""

    def __init__(self, chosen: list[dict]):
        self.chosen = chosen

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th scope='row'>{html.escape(e['term'])}"
                       f"</th><td>{html.escape(e['definition'])}</td></tr>"
                       for e in self.chosen)
        from lessons.tables import STYLE

        return (f"{STYLE}<table class=\"course-table\"><thead><tr><th scope='col'>word</th>"
                "<th scope='col'>what it means in this course</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")

    def __repr__(self) -> str:
        return "\n".join(f"{e['term']}: {e['definition']}" for e in self.chosen)


def words(lesson_id: str | None = None) -> Words:
    """Show the words a lesson introduces, or, with no lesson, the whole glossary."""
    return Words(for_lesson(lesson_id))

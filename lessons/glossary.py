"""The course glossary: hard words, each explained in plain English, with the lesson where a
student first meets it. The entries live in lessons/glossary.yaml; each lesson shows its new
words near the top (``words("05_aleppo")``), and ``words()`` shows them all."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from lessons.catalog import read_yaml
from lessons.errors import CourseError
from lessons.questions import at_line, refuse_unknown_keys

GLOSSARY = Path(__file__).with_name("glossary.yaml")
SHOWN = "lessons/glossary.yaml"
KEYS = ("term", "match", "lesson", "definition", "source_ids")


@lru_cache(maxsize=1)
def entries() -> tuple[dict, ...]:
    """Every glossary entry, checked: each has a term, a pattern that compiles, a lesson, a
    definition and a list of source ids (empty for a plain word meaning). A mistake raises a
    CourseError naming the entry and its line in lessons/glossary.yaml."""
    raw = read_yaml(GLOSSARY, SHOWN)
    if not isinstance(raw, list):
        raise CourseError(f"{SHOWN}: should be a list of entries, each starting \"- term:\"")
    checked = []
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise CourseError(f"{SHOWN}, entry {n}: needs the keys {', '.join(KEYS)}")
        where = f"{SHOWN}, entry {n}" + (f" ({entry['term']!r})"
                                         if isinstance(entry.get("term"), str) else "")
        refuse_unknown_keys(entry, KEYS, where)
        for key in ("term", "match", "lesson", "definition"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise CourseError(f"{where}{at_line(entry, key)}: needs the keys "
                                  f"{', '.join(KEYS)}; '{key}' is missing")
        try:
            re.compile(entry["match"])
        except re.error as exc:
            raise CourseError(f"{where}{at_line(entry, 'match')}: bad pattern: "
                              f"{entry['match']!r} is not a regular expression ({exc})") from None
        source_ids = entry.get("source_ids") or []
        if "source_ids" not in entry or not isinstance(source_ids, list) or not all(
                isinstance(sid, str) for sid in source_ids):
            raise CourseError(f"{where}{at_line(entry, 'source_ids')}: 'source_ids' should be a "
                              "list of source ids (an empty list for a plain word meaning)")
        checked.append({**entry, "source_ids": list(source_ids)})
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

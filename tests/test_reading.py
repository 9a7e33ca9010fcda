"""Reading level and hard words. Each notebook's prose (its Markdown cells, without code, source
ids or link addresses) must read at Flesch-Kincaid grade 10 or below, measured with textstat;
every glossary word must be explained in the lesson where a student first meets it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lessons import glossary
from lessons.catalog import all_lessons
from lessons.errors import CourseError

ROOT = Path(__file__).resolve().parent.parent
MAX_GRADE = 10
LESSONS = all_lessons()


def prose(notebook: Path) -> str:
    """The words a student reads in a notebook's Markdown cells."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    parts = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        text = re.sub(r"\((?:sources?|see)[^)]*`[^)]*\)", "", text)  # (source: `id`, ...)
        text = re.sub(r"`[^`]*`", "", text)                           # code and ids
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # [text](address)
        text = re.sub(r"https?://\S+", "", text)
        parts.append(re.sub(r"[#>*_|]", "", text))
    return "\n".join(parts)


def grade(text: str) -> float:
    import textstat

    return textstat.flesch_kincaid_grade(text)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_notebook_prose_is_at_most_grade_10(lesson):
    text = prose(ROOT / "notebooks" / lesson.notebook)
    words = len(text.split())
    measured = grade(text)
    print(f"{lesson.id}: Flesch-Kincaid grade {measured:.1f} over {words} words")
    assert words > 300, "too little prose found: is the extraction broken?"
    assert measured <= MAX_GRADE


def test_the_grade_check_can_fail():
    hard = ("Notwithstanding considerable methodological heterogeneity, contemporaneous "
            "documentation initiatives systematically underrepresented geographically "
            "inaccessible governorates, consequently necessitating probabilistic extrapolation.")
    assert grade(hard) > MAX_GRADE


def test_glossary_definitions_are_plain():
    definitions = " ".join(e["definition"] for e in glossary.entries())
    assert grade(definitions) <= MAX_GRADE


def test_each_glossary_word_is_explained_where_it_is_first_met():
    order = [lesson.id for lesson in LESSONS]
    texts = {lesson.id: prose(ROOT / "notebooks" / lesson.notebook) for lesson in LESSONS}
    for entry in glossary.entries():
        first = next((lid for lid in order
                      if re.search(entry["match"], texts[lid], re.IGNORECASE)), None)
        assert first is not None, f"{entry['term']}: no lesson uses it (drop it?)"
        assert entry["lesson"] == first, (
            f"{entry['term']}: first met in {first}, but the glossary puts it in "
            f"{entry['lesson']}")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_each_lesson_shows_its_new_words_near_the_top(lesson):
    cells = json.loads((ROOT / "notebooks" / lesson.notebook).read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in cells["cells"][:4] if c["cell_type"] == "code"]
    assert any(f'words("{lesson.id}")' in c for c in code)
    shown = glossary.words(lesson.id)
    assert shown.chosen and all(e["term"] in shown._repr_html_() for e in shown.chosen)


def test_a_broken_glossary_file_is_named_in_the_message(tmp_path, monkeypatch):
    bad = tmp_path / "glossary.yaml"
    monkeypatch.setattr(glossary, "GLOSSARY", bad)
    for content, expected in [("- term: x\n  match: x\n", "needs the keys"),
                              ("- {term: x, match: '(', lesson: a, definition: d, source_ids: []}",
                               "bad pattern"),
                              ("term: [unclosed", "cannot be read")]:
        bad.write_text(content, encoding="utf-8")
        glossary.entries.cache_clear()
        with pytest.raises(CourseError, match=expected) as caught:
            glossary.entries()
        assert "lessons/glossary.yaml" in str(caught.value)
    glossary.entries.cache_clear()

"""Further reading: three to five works of scholarship a lesson, each registered as a source."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import textstat

from lessons.catalog import all_lessons
from lessons.data import load
from lessons.sources import reading_for

ROOT = Path(__file__).resolve().parent.parent
SCHOLARSHIP = {"book", "journal article", "report"}


@pytest.mark.parametrize("lesson", all_lessons(), ids=lambda lesson: lesson.id)
def test_each_lesson_lists_three_to_five_works(lesson):
    reading = load("further_reading")
    chosen = reading[reading["lesson"] == lesson.id]
    assert 3 <= len(chosen) <= 5, lesson.id
    kinds = load("sources").set_index("source_id").loc[chosen["source_id"], "kind"]
    assert set(kinds) <= SCHOLARSHIP


@pytest.mark.parametrize("lesson", all_lessons(), ids=lambda lesson: lesson.id)
def test_each_notebook_shows_its_own_reading_list(lesson):
    cells = json.loads((ROOT / "notebooks" / lesson.notebook).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "code")
    assert f'reading_for("{lesson.id}")' in code


def test_notes_are_plain():
    notes = " ".join(load("further_reading")["note"])
    assert textstat.flesch_kincaid_grade(notes) <= 10


def test_a_reading_list_shows_text_as_text(data_copy):
    with (data_copy / "further_reading.csv").open("a", encoding="utf-8") as handle:
        handle.write('00_start_here,wikipedia-douma,"<img src=x onerror=alert(1)> *bold*"\n')
    shown = reading_for("00_start_here")._repr_markdown_()
    # Escaped either way Markdown allows ("&lt;" or "\<"), never a raw tag or emphasis.
    assert not re.search(r"(?<!\\)<img", shown)
    assert "\\*bold\\*" in shown

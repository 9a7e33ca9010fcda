"""Every figure the lessons draw, drawn by name from the catalogue: its text never collides or
is cut off, its description's numbers come from the data, and every name a notebook asks for
exists (and every figure in the catalogue is used)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from figure_text import text_problems

from lessons.catalog import FigureWords
from lessons.errors import CourseError, QuizError
from lessons.figures import all_figures, figure, words_for

ROOT = Path(__file__).resolve().parent.parent
NAMES = sorted(all_figures())


def notebook_figure_names() -> dict[str, str]:
    """{figure name: notebook} for every figure("...") call in the notebooks."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            for name in re.findall(r"figure\(\s*\"([^\"]+)\"", "".join(cell["source"])):
                found[name] = path.name
    return found


@pytest.mark.parametrize("name", NAMES)
def test_figure_text_never_collides_or_is_cut(name, capsys):
    fig = figure(name, show=False)
    try:
        assert text_problems(fig) == []
    finally:
        plt.close(fig)
    printed = capsys.readouterr().out
    assert "{" not in printed and "}" not in printed  # every placeholder was filled


def typed_numbers(description: str) -> list[str]:
    """Numbers written into a description by hand (years aside): they would go stale."""
    fixed = re.sub(r"\{[^}]*\}", "", description)
    numbers = (n.rstrip(",.") for n in re.findall(r"\d[\d,.]*", fixed))
    return [n for n in numbers if not re.fullmatch(r"(19|20)\d\d", n)]


@pytest.mark.parametrize("name", NAMES)
def test_figure_words_are_complete_and_numbers_computed(name):
    words = words_for(name)
    assert words.title.strip() and len(words.description) > 40
    assert typed_numbers(words.description) == []


def test_the_typed_number_check_catches_a_stale_description():
    assert typed_numbers("Chart of 12 cities from 2011 to {last}.") == ["12"]


def test_every_figure_a_notebook_asks_for_exists_and_every_figure_is_used():
    asked = notebook_figure_names()
    assert sorted(set(asked) - set(NAMES)) == []
    assert sorted(set(NAMES) - set(asked)) == []


def test_a_description_needing_a_number_nobody_computed_is_an_error():
    words = FigureWords(name="broken", draw="timeline.timeline_chart", title="t",
                        description="There were {refugees} refugees.", lesson_id="x")
    with pytest.raises(QuizError, match="refugees"):
        words.describe(events=3)


def test_an_unknown_figure_name_lists_the_names_there_are():
    with pytest.raises(CourseError, match="The figures are"):
        figure("no-such-figure")

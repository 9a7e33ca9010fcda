"""Figures by name: a notebook asks ``figure("cities-held-2011-2016")`` and gets the chart.

Each figure's words (title, axis labels, description) live in its lesson's ``lesson.yaml``
under ``figures``; ``draw`` names the function in the package that loads the data, computes the
numbers the description needs, and draws the chart. So the words are edited in one place, and a
number in a description is always the data's, never typed by hand.
"""

from __future__ import annotations

import importlib

from lessons.catalog import FigureWords, all_lessons
from lessons.errors import CourseError


def all_figures() -> dict[str, FigureWords]:
    """Every figure in the catalogue, by name."""
    found: dict[str, FigureWords] = {}
    for lesson in all_lessons():
        for words in lesson.figures:
            if words.name in found:
                raise CourseError(f"Two lessons define a figure called {words.name!r}: "
                                  f"{found[words.name].lesson_id} and {lesson.id}.")
            found[words.name] = words
    return found


def words_for(name: str) -> FigureWords:
    """The catalogue words of one figure, or an error listing the names there are."""
    figures = all_figures()
    if name not in figures:
        raise CourseError(f"There is no figure called {name!r}. The figures are: "
                          f"{', '.join(sorted(figures))}.")
    return figures[name]


def drawer(words: FigureWords):
    """The package function that draws a figure ("control.cities_held" in lesson.yaml)."""
    module_name, _, function_name = words.draw.rpartition(".")
    try:
        module = importlib.import_module(f"lessons.{module_name}")
        return getattr(module, function_name)
    except (ImportError, AttributeError):
        raise CourseError(f"lessons/catalog/{words.lesson_id}/lesson.yaml, figure "
                          f"{words.name!r}: there is no function {words.draw!r} in the "
                          "lessons package") from None


def figure(name: str, *, show: bool = True, **changes):
    """Draw the figure ``name``. ``changes`` override its settings from lesson.yaml (for example
    ``figure("refugees-by-country", year=2015)``), so a student can change one value and compare.
    With ``show=False`` the matplotlib figure is returned instead of shown (for tests).

    A figure shown once is kept (see ``lessons.figure_cache``) and shown from the store the next
    time, until the data, the lesson files, the package or the settings change."""
    from lessons import figure_cache

    kept = show and not changes.get("explore")
    entry = figure_cache.key(name, changes) if kept else ""
    if kept and figure_cache.shown_from_store(entry):
        return None
    words = words_for(name)
    settings = {**words.args, **changes}
    if not kept:
        return drawer(words)(words, show=show, **settings)
    with figure_cache.recording() as outputs:
        result = drawer(words)(words, show=show, **settings)
    if result is None:
        figure_cache.store(entry, outputs)
    return result

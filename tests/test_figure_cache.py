"""Figures drawn once and kept (lessons.figure_cache): shown again from the store, exactly as
first shown, until anything they depend on changes; a store that is damaged, cannot be written or
is turned off is passed over and the figure drawn."""

from __future__ import annotations

import os

import pytest
from IPython.core.interactiveshell import InteractiveShell

from lessons import figure_cache, figures

NAME = "refugees-by-host"


@pytest.fixture
def shell(tmp_path, monkeypatch):
    """A notebook-like shell whose shown outputs are collected, and an empty store."""
    monkeypatch.setenv(figure_cache.SETTING, str(tmp_path / "store"))
    shell = InteractiveShell.instance()
    shown = []
    monkeypatch.setattr(shell.display_pub, "publish",
                        lambda data, metadata=None, *a, **k: shown.append(dict(data)))
    shell.shown = shown
    yield shell
    InteractiveShell.clear_instance()


@pytest.fixture
def draws(monkeypatch):
    """How many times a figure was really drawn."""
    count = []
    real = figures.drawer

    def counted(words):
        function = real(words)
        return lambda *a, **k: count.append(1) or function(*a, **k)

    monkeypatch.setattr(figures, "drawer", counted)
    return count


def _shown_twice(shell):
    figures.figure(NAME)
    first = list(shell.shown)
    shell.shown.clear()
    figures.figure(NAME)
    return first, list(shell.shown)


def test_a_figure_shown_again_comes_from_the_store_exactly_as_first_shown(shell, draws):
    first, second = _shown_twice(shell)
    assert len(draws) == 1
    assert first and second == first
    assert any("<img" in o.get("text/html", "") for o in first)  # the chart itself is kept


def _change_a_note(copy):
    """Change one word of a note in the copy of the data (the figure still draws)."""
    table = copy / "displacement.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("Figure for the day before", "Figure for the eve of", 1),
                     encoding="utf-8")


def test_a_changed_data_file_draws_the_figure_again(shell, draws, data_copy):
    figures.figure(NAME)
    figures.figure(NAME)
    _change_a_note(data_copy)
    figures.figure(NAME)
    assert len(draws) == 2


def test_a_second_copy_of_the_course_uses_the_same_kept_figures(shell, draws, data_copy,
                                                                 tmp_path):
    import shutil

    figures.figure(NAME)  # from the copy in data_copy
    other = tmp_path / "another-clone"
    shutil.copytree(data_copy, other, copy_function=shutil.copy)  # new times, same contents
    os.environ["COURSE_DATA_DIR"] = str(other)  # restored by data_copy's monkeypatch
    figures.figure(NAME)
    assert len(draws) == 1


def test_a_changed_setting_draws_the_figure_again(shell, draws):
    figures.figure("cities-held-2011-2016")
    figures.figure("cities-held-2011-2016", end="2013")
    figures.figure("cities-held-2011-2016", end="2013")
    assert len(draws) == 2


def test_a_damaged_store_entry_is_passed_over(shell, draws, tmp_path):
    figures.figure(NAME)
    for entry in (tmp_path / "store").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    shell.shown.clear()
    figures.figure(NAME)
    assert len(draws) == 2 and shell.shown


def test_a_store_that_cannot_be_written_still_shows_the_figure(shell, draws, tmp_path,
                                                               monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(figure_cache.SETTING, str(blocked / "store"))
    figures.figure(NAME)
    assert len(draws) == 1 and shell.shown


def test_turned_off_every_figure_is_drawn(shell, draws, monkeypatch):
    monkeypatch.setenv(figure_cache.SETTING, "off")
    figures.figure(NAME)
    figures.figure(NAME)
    assert len(draws) == 2


def test_a_figure_that_printed_something_is_not_kept(shell, draws, monkeypatch):
    real = figures.drawer

    def noisy(words):
        function = real(words)

        def draw(*a, **k):
            import sys
            sys.stdout.write("a warning\n")
            return function(*a, **k)
        return draw

    monkeypatch.setattr(figures, "drawer", noisy)
    figures.figure(NAME)
    assert not any((figure_cache.folder() or figure_cache.PACKAGE).glob("*.json"))


def test_the_staleness_check_catches_a_key_that_ignores_the_data(shell, draws, monkeypatch,
                                                                 data_copy):
    monkeypatch.setattr(figure_cache, "inputs_digest", lambda: "always the same")
    figures.figure(NAME)
    _change_a_note(data_copy)
    figures.figure(NAME)
    assert len(draws) == 1  # served stale: what the real key prevents


def test_the_map_explorer_shows_its_kept_first_picture_without_setting_up_the_map(
        tmp_path, monkeypatch):
    from lessons import control_map

    monkeypatch.setenv(figure_cache.SETTING, str(tmp_path / "store"))
    made = []
    real = control_map.ControlMap
    monkeypatch.setattr(control_map, "ControlMap",
                        lambda *a, **k: made.append(1) or real(*a, **k))
    first = control_map.who_held_what("2016-12-31")
    picture = first.children[1].value
    again = control_map.who_held_what("2016-12-31")
    assert again.children[1].value == picture and len(made) == 1
    again.children[0].children[0].value += 1  # the next month: now the map is set up
    assert len(made) == 2 and again.children[1].value != picture


def test_the_timeline_explorer_keeps_each_choice_and_follows_the_rows(tmp_path, monkeypatch):
    from lessons import explore
    from lessons.data import load

    monkeypatch.setenv(figure_cache.SETTING, str(tmp_path / "store"))
    drawn = []
    real = explore._timeline_html
    monkeypatch.setattr(explore, "_timeline_html",
                        lambda *a, **k: drawn.append(1) or real(*a, **k))
    events, actors = load("events"), load("actors")
    explore.timeline_explorer(events, actors, year="2017")
    explore.timeline_explorer(events, actors, year="2017")
    assert len(drawn) == 1
    explore.timeline_explorer(events.iloc[1:], actors, year="2017")  # other rows: drawn anew
    assert len(drawn) == 2

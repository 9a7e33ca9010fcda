"""A quiz opens few widgets: the layouts and styles of all quizzes in a kernel are shared (each is
a widget of its own, and making them per quiz was about two thirds of a quiz's time). A shared
part that was closed is made again, so no quiz refers to a widget that no longer exists."""

from __future__ import annotations

import ipywidgets as w
import pytest

from lessons import quiz
from lessons.quiz import ask


def _parts(view) -> list:
    shown = [view.prompt, view.input, view.button, view.feedback, view.widget]
    return [p for widget in shown for p in (widget.layout, getattr(widget, "style", None))
            if p is not None]


def test_quizzes_share_their_layouts_and_styles():
    one = ask("10_after_aleppo", "astana-source")
    two = ask("10_after_aleppo", "ghouta-two-accounts")
    assert one.prompt.layout is two.prompt.layout
    assert one.prompt.style is two.prompt.style
    assert one.button.style is two.button.style
    assert all(part.comm is not None for part in _parts(two))


def test_a_single_choice_quiz_opens_five_widgets():
    ask("10_after_aleppo", "astana-source")  # the shared parts exist from here on
    before = set(w.widgets.widget._instances)
    ask("10_after_aleppo", "who-led")
    made = set(w.widgets.widget._instances) - before
    assert len(made) == 5, sorted(type(m).__name__ for m in made)


def test_a_closed_shared_part_is_made_again():
    first = ask("10_after_aleppo", "astana-source")
    first.prompt.layout.close()  # for example a test or a teacher closing all widgets
    again = ask("10_after_aleppo", "ghouta-two-accounts")
    assert again.prompt.layout is not first.prompt.layout
    assert again.prompt.layout.comm is not None


def test_the_check_catches_a_cache_that_keeps_closed_parts(monkeypatch):
    def keeps_closed(maker, **traits):
        key = (maker.__module__, maker.__name__, tuple(sorted(traits.items())))
        if key not in quiz._SHARED_PARTS:
            quiz._SHARED_PARTS[key] = maker(**traits)
        return quiz._SHARED_PARTS[key]

    monkeypatch.setattr(quiz, "_shared", keeps_closed)
    first = ask("10_after_aleppo", "astana-source")
    first.prompt.layout.close()
    with pytest.raises(AttributeError):  # a widget cannot refer to a closed one
        ask("10_after_aleppo", "ghouta-two-accounts")

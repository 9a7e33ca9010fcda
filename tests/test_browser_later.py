"""The second half of the lessons in a real browser: JupyterLab on loopback, Debian's Chromium
driven by Playwright.

Each lesson is run from the JupyterLab interface; no output may be an error and every widget must
be drawn; every quiz is answered once wrongly with the mouse and once rightly with the keyboard
alone, the feedback is read off the page, and the answers are found in the progress file.
The first half of the catalogue is in test_browser.py; the two files run side by side.
"""

from __future__ import annotations

import pytest
from in_browser import run_lesson_in_browser

from lessons.catalog import all_lessons

pytestmark = pytest.mark.browser

# Derived from the catalogue, so that a lesson added or renumbered is tested without an edit.
ALL = [lesson.id for lesson in all_lessons()]
LESSONS = ALL[len(ALL) // 2:]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_works_in_jupyterlab(lab, lesson_id):
    run_lesson_in_browser(lab, lesson_id)

"""Lessons 05-09 in a real browser: JupyterLab on loopback, Debian's Chromium driven by Playwright.

Each lesson is run from the JupyterLab interface; no output may be an error and every widget must
be drawn; every quiz is answered once wrongly with the mouse and once rightly with the keyboard
alone, the feedback is read off the page, and the answers are found in the progress file.
Lessons 00-04 are in test_browser.py; the two files run side by side.
"""

from __future__ import annotations

import pytest
from in_browser import run_lesson_in_browser

pytestmark = pytest.mark.browser

LESSONS = ["05_aleppo", "06_counting_the_dead", "09_displacement", "10_after_aleppo",
           "11_checking_the_forecast"]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_works_in_jupyterlab(lab, lesson_id):
    run_lesson_in_browser(lab, lesson_id)

"""The first half of the lessons in a real browser: JupyterLab on loopback, Debian's Chromium
driven by Playwright.

Each lesson is run from the JupyterLab interface; no output may be an error and every widget must
be drawn; every quiz is answered once wrongly with the mouse and once rightly with the keyboard
alone, the feedback is read off the page, and the answers are found in the progress file.
The second half of the catalogue is in test_browser_later.py, so that the two halves run side by
side.
"""

from __future__ import annotations

import pytest
from in_browser import run_lesson_in_browser

from lessons.catalog import all_lessons

pytestmark = pytest.mark.browser

# Derived from the catalogue, so that a lesson added or renumbered is tested without an edit.
ALL = [lesson.id for lesson in all_lessons()]
LESSONS = ALL[:len(ALL) // 2]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_works_in_jupyterlab(lab, lesson_id):
    run_lesson_in_browser(lab, lesson_id)


def test_choice_overlap_check_catches_labels_without_the_quiz_style(lab):
    """The overlap check can fail: with the quiz's wrapping style taken off the page, a long
    choice runs on one line under its neighbour, and the check must say so."""
    import nbformat
    from in_browser import choice_overlaps, open_lesson, shut_down_kernels
    from servers import chromium

    cell = nbformat.v4.new_code_cell(
        'from lessons.quiz import ask\nask("01_reading_the_source", "careful-wording")')
    notebook = nbformat.v4.new_notebook(cells=[cell], metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    nbformat.write(notebook, str(lab["folder"] / "overlap-check.ipynb"))
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            open_lesson(page, lab, "overlap-check.ipynb")
            page.locator(".course-quiz .widget-radio-box label").first.wait_for()
            # As on a narrow screen (a phone, or JupyterLab beside another panel).
            page.evaluate("""() => document.querySelectorAll('.course-quiz .course-choices')
                .forEach(e => { e.style.width = '360px'; })""")
            page.wait_for_timeout(300)
            assert choice_overlaps(page) == []
            page.evaluate("""() => document.querySelectorAll('style').forEach(s => {
                if (s.textContent.includes('.course-quiz')) s.remove(); })""")
            page.wait_for_timeout(500)
            assert choice_overlaps(page) != []
        finally:
            shut_down_kernels(lab)

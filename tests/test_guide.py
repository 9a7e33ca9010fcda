"""The teacher's guide and the hand-out links, built from the catalogue."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from lessons import course_check, glossary, guide
from lessons.__main__ import main
from lessons.catalog import all_lessons
from lessons.errors import CourseError
from lessons.quiz import check

LESSONS = all_lessons()


def test_guide_covers_every_lesson_question_answer_and_note():
    text = guide.guide_markdown()
    for lesson in LESSONS:
        assert f"## {lesson.id}: {lesson.title}" in text
        assert lesson.content_note in text
        for objective in lesson.objectives:
            assert objective in text
        for question in lesson.questions:
            assert question.prompt in text
            for choice in question.choices:
                assert f"[{'x' if choice.correct else ' '}] {choice.text}" in text
            if question.type == "order":  # the key's letters are the answer the quiz accepts
                part = text[text.index(f"## {lesson.id}:"):]
                letters = re.search(rf"{re.escape(question.prompt)}.*?Right answer as students "
                                    r"type it: \*\*([A-Z, ]+)\*\*", part, re.S).group(1)
                assert check(question, letters).status == "right"
        assert "#### Discussion" in text
    for entry in glossary.entries():  # each word under the lesson that explains it
        part = text[text.index(f"## {entry['lesson']}:"):]
        assert f"- *{entry['term']}*: {entry['definition']}" in part.split("\n## ")[0]
    assert f"{len(LESSONS)} lessons, about {sum(x.minutes for x in LESSONS)} minutes" in text


def test_guide_html_is_one_self_contained_page():
    page = guide.guide_html(["01_reading_the_source"])
    assert page.startswith("<!DOCTYPE html>") and "<h2>" in page
    assert not re.search(r"<(script|link|img)\b[^>]*(src|href)=", page)
    assert "Reading the source" in page and "Counting the dead" not in page


def test_guide_command_writes_html_and_markdown(tmp_path, capsys):
    assert main(["guide", "--out", str(tmp_path), "--lessons", "00,06"]) == 0
    markdown = (tmp_path / "guide.md").read_text(encoding="utf-8")
    assert "00_start_here" in markdown and "06_counting_the_dead" in markdown
    assert "## 01_reading_the_source" not in markdown
    assert (tmp_path / "guide.html").exists()


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.id for x in LESSONS])
def test_hub_link_decodes_to_the_repository_branch_and_notebook(lesson):
    link = guide.nbgitpuller_link("https://hub.school.org/", "https://github.com/org/course.git",
                                  "spring", lesson.id)
    parts = urlparse(link)
    assert parts.netloc == "hub.school.org" and parts.path == "/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {"repo": "https://github.com/org/course.git", "branch": "spring",
                     "targetpath": "course",
                     "urlpath": f"lab/tree/course/notebooks/{lesson.notebook}"}


def test_binder_link_opens_the_lesson_and_refuses_other_hosts():
    link = guide.binder_link("https://github.com/org/course", "main", "05_aleppo")
    assert link == ("https://mybinder.org/v2/gh/org/course/main"
                    "?urlpath=lab%2Ftree%2Fnotebooks%2F05_aleppo.ipynb")
    with pytest.raises(CourseError, match="github.com"):
        guide.binder_link("https://gitlab.com/org/course", "main", "05_aleppo")


def test_links_command_explains_bad_input_without_a_traceback(capsys):
    assert main(["links", "--hub", "hub.school.org", "--repo", "https://github.com/o/c"]) == 1
    assert "must be web addresses" in capsys.readouterr().err
    assert main(["links", "--hub", "https://h.org", "--repo", "https://github.com/o/c",
                 "--lessons", "42"]) == 1
    assert "There is no lesson '42'" in capsys.readouterr().err
    assert main(["links", "--hub", "https://h.org", "--repo", "https://github.com/o/c",
                 "--lessons", "1,11"]) == 0
    out = capsys.readouterr().out
    assert "01_reading_the_source" in out and "11_checking_the_forecast" in out
    assert "00_start_here" not in out


def test_static_export_prints_quizzes_and_keeps_figure_descriptions(tmp_path, progress_dir):
    page = guide.export_html("00_start_here", tmp_path).read_text(encoding="utf-8")
    lesson = next(lesson for lesson in LESSONS if lesson.id == "00_start_here")
    # the lesson's own questions and the course check at its end, each printed once
    assert page.count("course-quiz-printable") == (len(lesson.questions)
                                                   + len(course_check.questions()))
    assert "Question: Look at the map. Which of these countries does NOT share" in page
    drawn = 4  # the notebook's figure(...) cells: neighbours, seats, and the city map twice
    assert page.count("Figure description:") == drawn
    figures = re.findall(r'<img alt="([^"]*)" src="data:image/svg\+xml', page)
    assert len(figures) == drawn and all(alt.startswith("Map of Syria") for alt in figures)
    assert not re.search(r'<script[^>]*src="https?://', page)
    assert not progress_dir.exists()  # exporting never touches a student's saved answers


def test_the_whole_guide_has_the_plans_the_checks_the_rubric_and_the_wellbeing_page():
    text = guide.guide_markdown()
    for part in ("## Planning the course", "### Unit plans", "### Where the course fits",
                 "### Support and extension, lesson by lesson",
                 "## The course check, before and after", "## Looking after yourself",
                 "Childline", "#### Rubric (for the essay)", "#### Exemplar answers"):
        assert part in text, part
    for question in course_check.questions():
        assert question.prompt in text
    one = guide.guide_markdown(["05_aleppo"])
    assert "## Planning the course" not in one  # a guide to chosen lessons is only those

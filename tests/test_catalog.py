"""The course catalogue: every lesson's quiz bank, header and sources hang together."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lessons import catalog
from lessons.__main__ import answer_key, cited_ids, main

ROOT = Path(__file__).resolve().parent.parent
LESSONS = catalog.all_lessons()
IDS = [lesson.id for lesson in LESSONS]


def _cells(lesson):
    return json.loads((ROOT / "notebooks" / lesson.notebook).read_text(encoding="utf-8"))["cells"]


def test_every_notebook_has_a_catalogue_entry_and_back():
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks == sorted(lesson.notebook for lesson in LESSONS)
    assert IDS[:2] == ["00_start_here", "01_reading_the_source"]


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_choice_questions_have_the_right_number_of_answers_and_feedback_on_each(lesson):
    for question in lesson.questions:
        if question.type == "single":
            assert sum(c.correct for c in question.choices) == 1, question.id
        if question.type == "multiple":
            assert any(c.correct for c in question.choices), question.id
            assert not all(c.correct for c in question.choices), question.id
        for choice in question.choices:
            assert len(choice.feedback.split()) >= 4, (question.id, choice.text)
        for item in question.items:  # an order item's feedback says where it belongs
            assert len(item.feedback.split()) >= 2, (question.id, item.text)
        assert question.section.startswith("Section"), question.id


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_question_is_asked_in_its_notebook_and_every_ask_exists(lesson):
    code = "\n".join("".join(c["source"]) for c in _cells(lesson) if c["cell_type"] == "code")
    asked = re.findall(r'ask\("([^"]+)", "([^"]+)"\)', code)
    assert {lesson_id for lesson_id, _ in asked} == {lesson.id}
    assert sorted(q for _, q in asked) == sorted(q.id for q in lesson.questions)


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_sections_named_in_feedback_exist_in_the_notebook(lesson):
    headings = [line for c in _cells(lesson) if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("## ")]
    for question in lesson.questions:
        number = re.match(r"Section (\d+)", question.section).group(1)
        assert any(h.startswith(f"## {number}.") for h in headings), question.section


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_notebook_header_matches_the_catalogue(lesson):
    first = "".join(_cells(lesson)[0]["source"])
    assert first.startswith("# Lesson ")
    assert f"**Content note.** {lesson.content_note}" in first
    for objective in lesson.objectives:
        assert f"- {objective}" in first
    assert f"about {lesson.minutes} minutes" in first
    assert "**Before this lesson:**" in first


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_notebook_ends_with_summary_sources_and_next(lesson):
    text = "\n".join("".join(c["source"]) for c in _cells(lesson))
    tail = text[text.index("## Summary") if "## Summary" in text else text.index("Summary"):]
    assert f'for_lesson("{lesson.id}")' in tail
    assert "## Next" in tail


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_prose_cites_only_sources_listed_for_the_lesson(lesson):
    text = "\n".join("".join(c["source"]) for c in _cells(lesson))
    cited = cited_ids(text)
    assert cited, "the lesson's prose cites no source"
    assert cited <= set(lesson.sources)


def test_answer_key_lists_every_question_and_marks_the_right_choice(capsys):
    for lesson in LESSONS:
        key = answer_key(lesson.id)
        for question in lesson.questions:
            assert question.prompt in key
            for choice in question.choices:
                mark = "[x]" if choice.correct else "[ ]"
                assert f"{mark} {choice.text}" in key
    assert main(["key", "no_such_lesson"]) == 1
    assert "There is no lesson 'no_such_lesson'" in capsys.readouterr().err


def test_teacher_notes_exist_for_every_lesson():
    for lesson in LESSONS:
        notes = lesson.teacher_notes
        assert "## Discussion" in notes and "## Common misconceptions" in notes, lesson.id


def test_the_readme_lesson_table_gives_each_lessons_minutes():
    # The README's table is typed; it must not drift from the catalogue when a lesson grows.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for lesson in catalog.all_lessons():
        row = re.search(rf"^\| {lesson.id[:2]} \| \[[^]]+\]\(notebooks/{lesson.notebook}\) \| "
                        rf"(\d+) \|", readme, re.M)
        assert row, f"README has no table row for {lesson.id}"
        assert int(row.group(1)) == lesson.minutes, lesson.id

"""The course catalogue: every lesson's quiz bank, header and sources hang together."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from copies import copy_catalog, line_of, replace_in

from lessons import catalog
from lessons.__main__ import all_problems, answer_key, cited_ids, main
from lessons.scaffold import header_markdown

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
    # The first cell is made from lesson.yaml alone: `python -m lessons headers` writes it.
    first = "".join(_cells(lesson)[0]["source"])
    assert first == header_markdown(lesson), (
        f"notebooks/{lesson.notebook}: the first cell differs from the header made from "
        f"{lesson.shown_path}; run `python -m lessons headers`")


def test_the_header_names_title_note_objectives_time_and_prerequisites():
    lesson = LESSONS[0]
    header = header_markdown(lesson)
    assert header.startswith(f"# Lesson {int(lesson.id[:2])}. ")
    assert f"**Content note.** {' '.join(lesson.content_note.split())}" in header
    for objective in lesson.objectives:
        assert f"\n- {objective}" in header
    assert f"**Time needed:** about {lesson.minutes} minutes." in header
    assert "**Before this lesson:**" in header


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


README_ROW = re.compile(r"^\| (\d\d) \| \[[^]]+\]\(notebooks/([^)]+)\) \| (\d+) \|", re.M)


def test_the_readme_lesson_table_gives_each_lessons_minutes():
    # The README's table is typed; it must not drift from the catalogue when a lesson grows.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    minutes = {notebook: int(m) for _number, notebook, m in README_ROW.findall(readme)}
    for lesson in LESSONS:
        assert lesson.notebook in minutes, f"README has no table row for {lesson.id}"
        assert minutes[lesson.notebook] == lesson.minutes, lesson.id


def test_the_readme_lesson_table_has_one_row_per_lesson_in_catalogue_order():
    # Renumbering or adding a lesson must keep the table in step: number, link, order, no extra.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [(number, notebook) for number, notebook, _m in README_ROW.findall(readme)]
    assert rows == [(lesson.id[:2], lesson.notebook) for lesson in LESSONS]


# ------------------------------------------------- damaged and mistyped files (issue 16, 6 and 7)


@pytest.fixture
def catalog_copy(tmp_path, monkeypatch):
    yield from copy_catalog(tmp_path, monkeypatch)


def _problems_in(name: str) -> list[str]:
    return [p for p in all_problems() if name in p]


def test_an_unclosed_quote_in_lesson_yaml_is_named_at_its_own_line(catalog_copy):
    path = catalog_copy / "00_start_here" / "lesson.yaml"
    line = line_of(path, 'section: "Section 4')
    replace_in(path, "section: \"Section 4: Syria's main cities\"",
               "section: \"Section 4: Syria's main cities")
    problems = _problems_in("00_start_here/lesson.yaml")
    assert problems == [f"lessons/catalog/00_start_here/lesson.yaml, line {line}: a quotation "
                        "mark opens on this line and is not closed. Add the closing quotation "
                        "mark."]


def test_an_unclosed_quote_at_the_end_of_lesson_yaml_is_named_at_its_own_line(catalog_copy):
    path = catalog_copy / "00_start_here" / "lesson.yaml"
    path.write_text(path.read_text(encoding="utf-8") + 'extra: "never closed\n',
                    encoding="utf-8")
    lines = path.read_text(encoding="utf-8").count("\n")
    assert any(f"00_start_here/lesson.yaml, line {lines}: a quotation mark opens" in p
               for p in all_problems())


def test_a_byte_that_is_not_utf8_in_lesson_yaml_names_file_and_line(catalog_copy):
    path = catalog_copy / "01_reading_the_source" / "lesson.yaml"
    line = line_of(path, "'")
    path.write_bytes(path.read_bytes().replace(b"'", b"\x92", 1))
    assert _problems_in("01_reading_the_source/lesson.yaml") == [
        f"lessons/catalog/01_reading_the_source/lesson.yaml, line {line}: has a character that "
        "is not UTF-8 (the byte 0x92, often a curly quote or apostrophe pasted from a word "
        "processor). Retype it, or save the file as UTF-8."]


def test_an_empty_or_missing_lesson_yaml_is_named(catalog_copy):
    (catalog_copy / "00_start_here" / "lesson.yaml").write_text("", encoding="utf-8")
    assert any("00_start_here/lesson.yaml, line 1: is empty" in p for p in all_problems())
    (catalog_copy / "00_start_here" / "lesson.yaml").unlink()
    problems = all_problems()
    assert "lessons/catalog/00_start_here/lesson.yaml: the file is missing (every lesson " \
        "folder needs one)" in problems
    assert any(p.startswith("notebooks/00_start_here.ipynb: no lesson") for p in problems)


def test_a_byte_that_is_not_utf8_in_teacher_notes_names_file_and_line(catalog_copy, capsys):
    path = catalog_copy / "05_aleppo" / "teacher.md"
    line = line_of(path, "'")
    path.write_bytes(path.read_bytes().replace(b"'", b"\x92", 1))
    assert main(["check"]) == 1
    assert f"lessons/catalog/05_aleppo/teacher.md, line {line}: has a character" in \
        capsys.readouterr().out
    assert main(["guide", "--out", str(catalog_copy.parent / "guide")]) == 1
    assert "teacher.md, line" in capsys.readouterr().err  # a sentence, not a traceback


def test_a_damaged_notebook_is_named_with_its_line(catalog_copy):
    path = catalog_copy.parent.parent / "notebooks" / "03_the_actors.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace('"cells": [', '"cells": [,', 1),
                    encoding="utf-8")
    problems = _problems_in("notebooks/03_the_actors.ipynb")
    assert len(problems) == 1 and problems[0].startswith("notebooks/03_the_actors.ipynb, line ")
    assert "is not a readable notebook" in problems[0]


def test_an_unknown_key_in_a_lesson_is_refused_with_the_known_one(catalog_copy):
    path = catalog_copy / "02_roots_of_the_uprising" / "lesson.yaml"
    line = line_of(path, "minutes:")
    replace_in(path, "minutes:", "minuts:")
    problems = _problems_in("02_roots_of_the_uprising/lesson.yaml")
    assert problems == [f"lessons/catalog/02_roots_of_the_uprising/lesson.yaml, line {line}: "
                        "unknown key 'minuts' (did you mean 'minutes'?)"]


def test_an_unknown_key_in_a_choice_is_refused_with_the_line_and_the_known_key(catalog_copy):
    path = catalog_copy / "00_start_here" / "lesson.yaml"
    line = line_of(path, "correct: true")
    replace_in(path, "correct: true", "Correct: true")
    problems = _problems_in("00_start_here/lesson.yaml")
    assert len(problems) == 1
    assert f"line {line}" in problems[0] and "'not-a-neighbour'" in problems[0]
    assert "unknown key 'Correct' (did you mean 'correct'?)" in problems[0]


def test_a_notebook_asking_for_a_question_its_bank_lacks_is_named(catalog_copy):
    path = catalog_copy.parent.parent / "notebooks" / "00_start_here.ipynb"
    replace_in(path, 'ask(\\"00_start_here\\", \\"coast-cities\\")',
               'ask(\\"00_start_here\\", \\"coast-city\\")')
    problems = _problems_in("notebooks/00_start_here.ipynb")
    assert any("asks for question 'coast-city', which lessons/catalog/00_start_here/lesson.yaml "
               "does not have (did you mean 'coast-cities'?)" in p for p in problems)
    assert any("'coast-cities' in lessons/catalog/00_start_here/lesson.yaml is never asked"
               in p for p in problems)


def test_a_notebook_asking_for_another_lessons_question_is_named(catalog_copy):
    path = catalog_copy.parent.parent / "notebooks" / "00_start_here.ipynb"
    replace_in(path, 'ask(\\"00_start_here\\", \\"coast-cities\\")',
               'ask(\\"01_reading_the_source\\", \\"coast-cities\\")')
    assert any("asks for a question of lesson '01_reading_the_source'" in p
               for p in _problems_in("notebooks/00_start_here.ipynb"))


def test_check_finds_every_ask_in_the_real_notebooks_in_their_banks():
    assert [p for p in all_problems() if "ask" in p] == []


def test_a_key_used_twice_in_one_entry_is_refused_at_its_line(catalog_copy):
    # YAML itself would keep the second 'feedback' and drop the first without a word.
    path = catalog_copy / "00_start_here" / "lesson.yaml"
    line = line_of(path, "        feedback: Turkey lies")
    replace_in(path, "        feedback: Turkey lies",
               "        feedback: Turkey lies north.\n        feedback: Turkey lies")
    assert _problems_in("00_start_here/lesson.yaml") == [
        f"lessons/catalog/00_start_here/lesson.yaml, line {line + 1}: the key 'feedback' is "
        "used twice in one entry"]


def test_every_content_note_links_to_the_page_on_looking_after_yourself():
    from lessons.scaffold import WELLBEING_LINE, WELLBEING_PAGE

    page = Path(__file__).resolve().parent.parent / "notebooks" / WELLBEING_PAGE
    text = page.read_text(encoding="utf-8")
    for part in ("## What the lessons contain", "## How to step out", "## Where to find support"):
        assert part in text
    for lesson in catalog.all_lessons():
        assert WELLBEING_LINE in "".join(_cells(lesson)[0]["source"]), lesson.id

"""Lesson tooling (issue 14): headers made from lesson.yaml, a new lesson scaffolded by one
command, and the course renumbered with ids, folders, notebooks and texts kept in step. Every
test works on a temporary copy of the repository, never on the real one."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from copies import copy_catalog

from lessons import scaffold
from lessons.__main__ import all_problems, main
from lessons.catalog import parse_lesson
from lessons.errors import CourseError, QuizError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path):
    """The repository's text (lessons/, notebooks/, data/, tests/, README.md) in a temporary
    folder, for the tooling to change."""
    copy = tmp_path / "repo"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("lessons", "notebooks", "data"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=skip)
    (copy / "tests").mkdir()
    for path in (ROOT / "tests").glob("*.py"):
        shutil.copy2(path, copy / "tests" / path.name)
    shutil.copy2(ROOT / "README.md", copy / "README.md")
    return copy


@pytest.fixture
def catalog_copy(tmp_path, monkeypatch):
    yield from copy_catalog(tmp_path, monkeypatch)


def _ids(root: Path) -> list[str]:
    return sorted(p.parent.name for p in (root / "lessons" / "catalog").glob("*/lesson.yaml"))


def _first_cell(path: Path) -> str:
    return "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])


def _texts(root: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in scaffold._text_files(root)}


# ----------------------------------------------------------------------------- headers


def test_header_is_made_from_lesson_yaml_alone(repo):
    first, *_rest, closing = scaffold._lessons(repo)
    header = scaffold.header_markdown(first)
    assert header.splitlines()[0] == f"# Lesson {int(first.id[:2])}. " \
        f"{first.title.replace(' - ', ': ', 1)}"
    assert header.endswith("**Before this lesson:** nothing - this is the first lesson.")
    later = scaffold.header_markdown(closing)
    assert later.endswith("**Before this lesson:** " + "; ".join(closing.prerequisites) + ".")
    assert f"**Time needed:** about {closing.minutes} minutes.  \n" in later


def test_headers_check_names_a_notebook_whose_header_drifted_and_headers_rewrites_it(
        catalog_copy, capsys):
    root = catalog_copy.parent.parent
    lesson = scaffold._lessons(root)[1]
    path = root / "notebooks" / lesson.notebook
    original = path.read_bytes()
    before = {p: p.read_bytes() for p in (root / "notebooks").glob("*.ipynb")}
    path.write_text(path.read_text(encoding="utf-8").replace("about ", "around ", 1),
                    encoding="utf-8")
    assert main(["headers", "--check"]) == 1
    out = capsys.readouterr().out
    assert f"notebooks/{lesson.notebook}: its first cell is not the header made from " \
        f"{lesson.shown_path}" in out
    assert out.count("its first cell") == 1
    assert main(["headers"]) == 0
    assert f"Rewrote the header of notebooks/{lesson.notebook}" in capsys.readouterr().out
    assert path.read_bytes() == original  # the rest of the file byte for byte, house format
    assert {p: p.read_bytes() for p in before} == before
    assert main(["headers", "--check"]) == 0


def test_headers_follow_a_changed_lesson_yaml_and_leave_the_rest_byte_for_byte(repo):
    lesson = scaffold._lessons(repo)[0]
    path = repo / "notebooks" / lesson.notebook
    old_text = path.read_text(encoding="utf-8")
    yaml_path = lesson.folder / "lesson.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace(
        f"minutes: {lesson.minutes}\n", f"minutes: {lesson.minutes + 5}\n", 1), encoding="utf-8")
    assert scaffold.header_problems(repo) == [
        f"notebooks/{lesson.notebook}: its first cell is not the header made from "
        f"{lesson.shown_path}"]
    assert scaffold.write_headers(repo) == [f"notebooks/{lesson.notebook}"]
    new_text = path.read_text(encoding="utf-8")
    assert new_text == old_text.replace(f"about {lesson.minutes} minutes.",
                                        f"about {lesson.minutes + 5} minutes.", 1)
    assert scaffold.header_problems(repo) == []


def test_headers_refuse_a_notebook_not_in_the_house_format(repo):
    lesson = scaffold._lessons(repo)[0]
    path = repo / "notebooks" / lesson.notebook
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=2),
                    encoding="utf-8")
    with pytest.raises(CourseError, match="is not saved in the house format"):
        scaffold.write_headers(repo)


# ----------------------------------------------------------------------------- drafts


def test_a_draft_lesson_is_refused_with_a_sentence_and_draft_false_is_allowed(repo):
    path = repo / "lessons" / "catalog" / _ids(repo)[0] / "lesson.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("draft: true\n" + text, encoding="utf-8")
    with pytest.raises(QuizError, match=r"line 1: this lesson is a draft and is not finished"):
        parse_lesson(path)
    path.write_text("draft: false\n" + text, encoding="utf-8")
    assert parse_lesson(path).id == path.parent.name


# ----------------------------------------------------------------------------- new lessons


def test_new_lesson_renumbers_the_later_ones_and_keeps_everything_in_step(repo):
    lessons = scaffold._lessons(repo)
    after, closing = lessons[1], lessons[-1]
    number = int(after.id[:2]) + 1
    # The run of lessons numbered one after another from the new place moves up by one.
    moved = {}
    for lesson in lessons[2:]:
        if int(lesson.id[:2]) != number + len(moved):
            break
        moved[lesson.id] = f"{number + len(moved) + 1:02d}{lesson.id[2:]}"
    assert moved, "the test needs a lesson right after the one it adds after"
    titles = {old: scaffold.short_title(lesson.title) for lesson in lessons
              for old in [lesson.id] if old in moved}
    had_lesson_n = {old: any(f"Lesson {int(old[:2])}, {titles[old]}" in text
                             for text in _texts(repo).values()) for old in moved}

    new_id = scaffold.new_lesson(repo, "trial_lesson", "A trial - made by the test",
                                 after=after.id)

    assert new_id == f"{number:02d}_trial_lesson"
    ids = _ids(repo)
    assert ids.index(new_id) == ids.index(after.id) + 1
    assert ids[-1][2:] == closing.id[2:]  # the closing lesson stays last
    assert len(ids) == len(lessons) + 1
    assert sorted({i[:2] for i in ids}) == [i[:2] for i in ids]  # no number used twice
    for old, new in moved.items():
        assert old not in ids and new in ids
        assert not (repo / "notebooks" / f"{old}.ipynb").exists()
        lesson = parse_lesson(repo / "lessons" / "catalog" / new / "lesson.yaml")
        assert lesson.notebook == f"{new}.ipynb"
        assert _first_cell(repo / "notebooks" / lesson.notebook) == \
            scaffold.header_markdown(lesson)
        for path, text in _texts(repo).items():
            assert not re.search(rf"(?<![A-Za-z0-9_]){old}(?![A-Za-z0-9_])", text), (path, old)
            assert f"Lesson {int(old[:2])}, {titles[old]}" not in text, (path, old)
        if had_lesson_n[old]:
            assert any(f"Lesson {int(new[:2])}, {titles[old]}" in text
                       for text in _texts(repo).values())
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for new in moved.values():
        if f"notebooks/{new}.ipynb" in readme:  # its README row has its new number
            assert re.search(rf"^\| {new[:2]} \| \[[^]]*\]\(notebooks/{new}\.ipynb\)", readme,
                             re.M), new
    # The scaffold itself: its header from its lesson.yaml, the house skeleton, a draft.
    folder = repo / "lessons" / "catalog" / new_id
    notes = (folder / "teacher.md").read_text(encoding="utf-8")
    assert "## Discussion" in notes and "## Common misconceptions" in notes
    notebook = json.loads((repo / "notebooks" / f"{new_id}.ipynb").read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and notebook["nbformat_minor"] == 4
    assert all("id" not in cell for cell in notebook["cells"])
    text = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
    assert text.startswith(f"# Lesson {number}. A trial: made by the test\n")
    for part in (f'words("{new_id}")', "## 1. ", "Read the sources", "Reflection",
                 "## Summary", f'for_lesson("{new_id}")', "## Further reading", "## Next"):
        assert part in text, part
    with pytest.raises(QuizError, match="this lesson is a draft"):
        parse_lesson(folder / "lesson.yaml")


def test_new_lesson_after_the_closing_lesson_or_an_unknown_one_is_refused(repo):
    ids = _ids(repo)
    texts = _texts(repo)
    with pytest.raises(CourseError, match="is the closing lesson and stays last"):
        scaffold.new_lesson(repo, "late", "Late", after=ids[-1])
    with pytest.raises(CourseError, match="There is no lesson '99_nothing'"):
        scaffold.new_lesson(repo, "late", "Late", after="99_nothing")
    with pytest.raises(CourseError, match="cannot name a lesson"):
        scaffold.new_lesson(repo, "Bad Name", "Late")
    with pytest.raises(CourseError, match="There is already a lesson named"):
        scaffold.new_lesson(repo, ids[0][3:], "Again")
    assert _ids(repo) == ids and _texts(repo) == texts  # nothing changed


def test_new_without_after_goes_just_before_the_closing_lesson(repo):
    ids = _ids(repo)
    new_id = scaffold.new_lesson(repo, "second_last", "Second last")
    after = _ids(repo)
    assert after[-2] == new_id and after[-1][2:] == ids[-1][2:]


def test_the_new_command_scaffolds_a_draft_that_check_refuses(catalog_copy, capsys):
    ids = _ids(catalog_copy.parent.parent)
    assert main(["new", "late", "--title", "Late", "--after", ids[-1]]) == 1
    assert "is the closing lesson and stays last" in capsys.readouterr().err
    assert main(["new", "trial_lesson", "--title", "A trial", "--after", ids[0]]) == 0
    out = capsys.readouterr().out
    new_id = f"{int(ids[0][:2]) + 1:02d}_trial_lesson"
    assert f"Wrote lessons/catalog/{new_id}/lesson.yaml, teacher.md and notebooks/" in out
    assert f"Renumbered {ids[1]} to {int(ids[1][:2]) + 1:02d}{ids[1][2:]}" in out
    draft = f"lessons/catalog/{new_id}/lesson.yaml, line 2: this lesson is a draft and is not " \
        "finished. Write its objectives, sections, sources and quiz, then delete the line " \
        "'draft: true'."
    assert draft in all_problems()
    # While a draft is unfinished, another lesson cannot be added: the draft is named.
    assert main(["new", "another", "--title", "Another"]) == 1
    assert capsys.readouterr().err.strip() == draft

"""Saved progress: per user, outside the course folder, atomic, never lost."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from lessons import progress
from lessons.errors import ProgressError
from lessons.quiz import Result

RIGHT = Result("right", "ok")
WRONG = Result("wrong", "no")
ROOT = Path(__file__).resolve().parent.parent


def test_answers_are_saved_as_they_are_given(progress_dir):
    progress.record("00_start_here", "q1", "Aleppo", WRONG)
    progress.record("00_start_here", "q1", "Damascus", RIGHT)
    saved = json.loads(progress.progress_file().read_text(encoding="utf-8"))
    attempts = saved["answers"]["00_start_here"]["q1"]
    assert [(a["answer"], a["status"]) for a in attempts] == [("Aleppo", "wrong"),
                                                              ("Damascus", "right")]
    assert all(a["at"].endswith("+00:00") for a in attempts)


def test_default_progress_folder_is_outside_the_course_folder(monkeypatch):
    monkeypatch.delenv("COURSE_PROGRESS_DIR", raising=False)
    folder = progress.progress_dir().resolve()
    assert ROOT not in folder.parents and folder != ROOT


def test_corrupt_progress_file_is_set_aside_and_a_fresh_one_started(progress_dir):
    progress_dir.mkdir(parents=True)
    progress.progress_file().write_text('{"answers": {"00_start_here": ', encoding="utf-8")
    note = progress.record("00_start_here", "q1", "Damascus", RIGHT)
    kept = list(progress_dir.glob("progress.unreadable-*.json"))
    assert len(kept) == 1
    assert "could not be read" in note and f"kept as {kept[0]} " in note
    assert "\n" not in note and note.endswith(".")  # one sentence, not a traceback
    assert kept[0].read_text(encoding="utf-8") == '{"answers": {"00_start_here": '
    assert progress.answers() == {"00_start_here": {"q1": [
        progress.answers()["00_start_here"]["q1"][0]]}}


def test_progress_file_of_the_wrong_shape_is_set_aside(progress_dir):
    progress_dir.mkdir(parents=True)
    progress.progress_file().write_text("[1, 2, 3]", encoding="utf-8")
    assert "could not be read" in progress.record("00_start_here", "q1", "x", RIGHT)
    assert len(list(progress_dir.glob("progress.unreadable-*.json"))) == 1


def test_unwritable_progress_folder_gives_a_clear_message(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(blocker / "progress"))
    with pytest.raises(ProgressError, match="could not be saved"):
        progress.record("00_start_here", "q1", "x", RIGHT)


def test_no_temporary_files_are_left_behind(progress_dir):
    for n in range(5):
        progress.record("01_reading_the_source", f"q{n}", n, RIGHT)
    names = sorted(p.name for p in progress_dir.iterdir())
    assert names == ["progress.json", "progress.json.lock"]


def _answer_many(folder: str, kernel: int, count: int) -> None:
    os.environ["COURSE_PROGRESS_DIR"] = folder
    for n in range(count):
        progress.record("00_start_here", f"kernel{kernel}", n, RIGHT)


def test_two_kernels_answering_at_once_lose_no_answer(progress_dir):
    progress_dir.mkdir(parents=True)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_answer_many, args=(str(progress_dir), k, 40))
               for k in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    saved = progress.answers()["00_start_here"]
    assert [a["answer"] for a in saved["kernel1"]] == list(range(40))
    assert [a["answer"] for a in saved["kernel2"]] == list(range(40))


def test_summary_counts_answered_and_right_per_lesson(progress_dir):
    from lessons.catalog import get_lesson

    lesson = get_lesson("00_start_here")
    graded = [q for q in lesson.questions if q.type != "reflection"]
    progress.record(lesson.id, graded[0].id, "x", WRONG)
    progress.record(lesson.id, graded[0].id, "y", RIGHT)
    table = progress.summary()
    row = table.loc[f"{lesson.id}: {lesson.title}"]
    assert row["answered"] == 1
    assert row["right (at some try)"] == f"1 of {len(graded)}"
    assert len(table) == len(list((ROOT / "lessons" / "catalog").glob("*/lesson.yaml")))


def test_export_writes_answers_times_and_reflections_for_the_teacher(progress_dir, tmp_path):
    from lessons.catalog import get_lesson

    lesson = get_lesson("00_start_here")
    progress.record(lesson.id, "not-a-neighbour", "Turkey", WRONG)
    progress.record(lesson.id, "not-a-neighbour", "Egypt", RIGHT)
    progress.record(lesson.id, "what-do-you-know", "I learned about it from the news.",
                    Result("saved", "ok"))
    path = progress.export(tmp_path / "hand-in.md")
    text = path.read_text(encoding="utf-8")
    assert lesson.question("not-a-neighbour").prompt in text
    assert "Turkey (wrong)" in text and "Egypt (right)" in text
    assert "> I learned about it from the news." in text
    assert text.count("+00:00") == 3


def test_export_with_nothing_saved_says_so(progress_dir, tmp_path):
    assert "No answers saved yet." in progress.export(tmp_path / "a.md").read_text()


def test_progress_and_hand_in_read_as_sentences_not_python(progress_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_EXPORT_DIR", str(tmp_path))
    shown = progress.my_progress()._repr_html_()
    assert "<th" in shown and "NaN" not in shown and "index" not in shown
    said = progress.hand_in("Sam K.")
    assert repr(said).startswith("Your answers are saved in the file my-answers.md")
    assert "PosixPath" not in repr(said) and (tmp_path / "my-answers.md").exists()
    assert "PosixPath" in repr(progress.export())  # what the notebooks used to show


def test_the_name_to_hand_in_under_is_asked_once_and_never_the_user_name(progress_dir,
                                                                          tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("COURSE_EXPORT_DIR", str(tmp_path))
    progress.record("00_start_here", "not-a-neighbour", "Egypt", RIGHT)
    assert progress.chosen_name() is None
    box = progress.hand_in()  # no name yet: a box to type it in, and nothing written
    assert "Type your name" in repr(box) and not (tmp_path / "my-answers.md").exists()
    box.input.value = "  Sam   K. "
    assert "my-answers.md" in box.submit() and progress.chosen_name() == "Sam K."
    data = json.loads((tmp_path / "my-answers.json").read_text(encoding="utf-8"))
    assert data["name"] == "Sam K." and "Handed in by Sam K." in (
        tmp_path / "my-answers.md").read_text(encoding="utf-8")
    assert "my-answers.md" in str(progress.hand_in())  # asked once: the name is remembered
    import getpass

    assert getpass.getuser() not in (tmp_path / "my-answers.json").read_text(encoding="utf-8")
    assert "characters" in str(progress.hand_in("x" * 81))
    assert "Type the name" in str(progress.hand_in("   "))
    assert progress.chosen_name() == "Sam K."


def test_export_writes_the_json_hand_in_beside_the_markdown(progress_dir, tmp_path):
    progress.record("00_start_here", "not-a-neighbour", "Turkey", WRONG)
    progress.record("00_start_here", "not-a-neighbour", "Egypt", RIGHT)
    from lessons import report

    markdown, data_file = report.export_files(tmp_path / "hand-in.md")
    assert data_file == tmp_path / "hand-in.json" and markdown.exists()
    data = json.loads(data_file.read_text(encoding="utf-8"))
    (lesson,) = data["lessons"]
    (question,) = lesson["questions"]
    assert (lesson["id"], question["id"], question["type"], question["graded"]) == (
        "00_start_here", "not-a-neighbour", "single", True)
    assert [(a["answer"], a["result"]) for a in question["attempts"]] == [
        ("Turkey", "wrong"), ("Egypt", "right")]
    assert data["name"] is None and data["course_check"] is None

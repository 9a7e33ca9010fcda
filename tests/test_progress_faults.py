"""Saved answers under every fault (issue 16): damaged, mis-shaped, unreadable or locked files, a
missing home folder, a bad lesson file, symlinks, permissions, huge answers, text a file system
cannot encode, and student text in the Markdown hand-in. Each test names what it protects."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from lessons import catalog, progress
from lessons.errors import (
    AnswerTooLongError,
    ProgressAccessError,
    ProgressBusyError,
    ProgressError,
)
from lessons.quiz import Result

RIGHT = Result("right", "ok")
WRONG = Result("wrong", "no")
SAVED = Result("saved", "ok")
LESSON = "00_start_here"
QUESTION = "not-a-neighbour"
REFLECTION = "what-do-you-know"
ATTEMPT = {"answer": "Egypt", "status": "right", "at": "2025-03-01T09:00:00+00:00"}
GOOD = {"format": 1, "answers": {LESSON: {QUESTION: [ATTEMPT]}}}
DAMAGED = '{"answers": {"00_start_here": '
NOBODY = 65534
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")


def _write_progress(folder: Path, content) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "progress.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    return path


def _kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("progress.unreadable-*.json"))


def _one_sentence(text: str) -> None:
    """A message a student reads: one plain sentence, no Python in it."""
    assert "Traceback" not in text and "Errno" not in text and "PosixPath" not in text
    assert text.rstrip().endswith(".") and "\n" not in text


def as_student(func, *args):
    """Run ``func(*args)`` as an ordinary user, so file permissions apply even when the tests
    run as root (root reads and writes everything). Returns its result or raises its error."""
    if os.geteuid() != 0:
        return func(*args)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def run():
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            send.send(("ok", func(*args)))
        except BaseException as exc:  # noqa: BLE001 - sent back to the test and raised there
            send.send(("raised", exc))

    child = context.Process(target=run)
    child.start()
    send.close()
    if not receive.poll(120):
        child.kill()
        pytest.fail(f"{func.__name__} did not finish as an ordinary user")
    kind, value = receive.recv()
    child.join(60)
    if kind == "raised":
        raise value
    return value


@pytest.fixture
def open_dir(monkeypatch):
    """A progress folder an ordinary user can reach (pytest's tmp_path is root's alone)."""
    top = Path(tempfile.mkdtemp(prefix="course-faults-"))
    top.chmod(0o777)
    folder = top / "progress"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(folder))
    yield folder
    for path in [top, *top.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o777)
    shutil.rmtree(top)


@pytest.fixture
def held_lock(monkeypatch):
    """Another process holds the progress lock (a kernel stuck while saving)."""
    from filelock import FileLock

    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.3, raising=False)
    context = multiprocessing.get_context("fork")
    holding, release = context.Event(), context.Event()

    def hold(lock_path: str) -> None:
        with FileLock(lock_path, timeout=5):
            holding.set()
            release.wait(60)

    children = []

    def start(folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        child = context.Process(target=hold, args=(str(folder / "progress.json.lock"),))
        child.start()
        children.append(child)
        assert holding.wait(30)

    yield start
    release.set()
    for child in children:
        child.join(30)


# 1. A damaged file read first by the progress table or the hand-in


def test_damaged_file_read_first_by_the_progress_table_tells_where_it_is_kept(progress_dir):
    _write_progress(progress_dir, DAMAGED)
    shown = progress.my_progress()
    (kept,) = _kept(progress_dir)
    assert kept.read_text(encoding="utf-8") == DAMAGED
    assert "could not be read" in repr(shown) and str(kept) in repr(shown)
    assert "could not be read" in shown._repr_html_()
    assert any(str(kept) in note for note in progress.summary().attrs["notes"])


def test_damaged_file_read_first_by_the_hand_in_tells_where_it_is_kept(progress_dir, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setenv("COURSE_EXPORT_DIR", str(tmp_path))
    _write_progress(progress_dir, DAMAGED)
    said = progress.hand_in("Sam K.")
    (kept,) = _kept(progress_dir)
    assert "could not be read" in said and str(kept) in said
    assert str(kept) in (tmp_path / "my-answers.md").read_text()


# 2. Valid JSON of the wrong shape, or another format version

WRONG_SHAPES = {
    "a list": [1, 2, 3],
    "one lesson's answers as a list": {"format": 1, "answers": {LESSON: []}},
    "attempts as a mapping": {"format": 1, "answers": {LESSON: {QUESTION: {"a": 1}}}},
    "an attempt without a status": {"format": 1, "answers": {LESSON: {QUESTION: [
        {"answer": "Egypt", "at": "2025-03-01T09:00:00+00:00"}]}}},
    "an attempt with a number for a time": {"format": 1, "answers": {LESSON: {QUESTION: [
        {"answer": "Egypt", "status": "right", "at": 3}]}}},
    "no format": {"answers": {}},
    "a newer format": {"format": 2, "answers": {}},
    "a format of true": {"format": True, "answers": {}},
    "answers as a list": {"format": 1, "answers": []},
}


@pytest.mark.parametrize("shape", WRONG_SHAPES)
def test_progress_file_of_the_wrong_shape_is_set_aside_and_the_answer_saved(progress_dir,
                                                                            shape):
    path = _write_progress(progress_dir, WRONG_SHAPES[shape])
    original = path.read_text(encoding="utf-8")
    note = progress.record(LESSON, QUESTION, "Egypt", RIGHT)
    assert "could not be read" in note
    (kept,) = _kept(progress_dir)
    assert kept.read_text(encoding="utf-8") == original
    assert progress.answers()[LESSON][QUESTION][0]["answer"] == "Egypt"


@pytest.mark.parametrize("shape", ["one lesson's answers as a list",
                                   "an attempt without a status"])
def test_progress_file_of_the_wrong_shape_read_by_summary_or_export_is_set_aside(
        progress_dir, tmp_path, shape):
    _write_progress(progress_dir, WRONG_SHAPES[shape])
    table = progress.summary()
    assert table["answered"].sum() == 0
    assert "could not be read" in " ".join(table.attrs["notes"])
    assert len(_kept(progress_dir)) == 1
    assert "could not be read" in progress.export(tmp_path / "a.md").read_text()


# 3. Permissions, a Notepad byte-order mark, no home folder


@POSIX
def test_unreadable_progress_file_is_named_and_kept_not_set_aside(open_dir, tmp_path):
    path = _write_progress(open_dir, GOOD)
    path.chmod(0)
    with pytest.raises(ProgressAccessError) as saving:
        as_student(progress.record, LESSON, QUESTION, "Syria", WRONG)
    _one_sentence(str(saving.value))
    assert str(path) in str(saving.value) and "could not be saved" in str(saving.value)
    with pytest.raises(ProgressAccessError, match="cannot be opened"):
        as_student(progress.summary)
    shown = as_student(progress.my_progress)
    assert "cannot be opened" in repr(shown) and str(path) in repr(shown)
    assert not _kept(open_dir)
    path.chmod(0o644)
    assert json.loads(path.read_text(encoding="utf-8")) == GOOD


@POSIX
def test_unreadable_progress_folder_is_named_not_shown_as_zeros(open_dir):
    _write_progress(open_dir, GOOD)
    open_dir.chmod(0)
    with pytest.raises(ProgressAccessError) as reading:
        as_student(progress.summary)
    _one_sentence(str(reading.value))
    with pytest.raises(ProgressAccessError, match="could not be saved"):
        as_student(progress.record, LESSON, QUESTION, "Syria", WRONG)
    open_dir.chmod(0o777)
    assert json.loads((open_dir / "progress.json").read_text(encoding="utf-8")) == GOOD


@POSIX
def test_read_only_progress_folder_still_shows_answers_and_refuses_to_save(open_dir):
    _write_progress(open_dir, GOOD)
    open_dir.chmod(0o555)
    table = as_student(progress.summary)
    assert table["answered"].sum() == 1
    with pytest.raises(ProgressAccessError) as saving:
        as_student(progress.record, LESSON, QUESTION, "Syria", WRONG)
    _one_sentence(str(saving.value))
    assert str(open_dir) in str(saving.value)
    assert json.loads((open_dir / "progress.json").read_text(encoding="utf-8")) == GOOD


@POSIX
def test_read_only_progress_file_is_not_replaced(open_dir):
    path = _write_progress(open_dir, GOOD)
    path.chmod(0o444)
    with pytest.raises(ProgressAccessError, match="read-only") as saving:
        as_student(progress.record, LESSON, QUESTION, "Syria", WRONG)
    _one_sentence(str(saving.value))
    assert json.loads(path.read_text(encoding="utf-8")) == GOOD
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_progress_file_saved_by_notepad_with_a_byte_order_mark_is_read(progress_dir):
    path = _write_progress(progress_dir, GOOD)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert progress.record(LESSON, QUESTION, "Syria", WRONG) == ""
    assert not _kept(progress_dir)
    assert [a["answer"] for a in progress.answers()[LESSON][QUESTION]] == ["Egypt", "Syria"]


@pytest.fixture
def no_home(monkeypatch, tmp_path):
    """No HOME and a user id without a passwd entry, as in some hub containers."""
    import pwd

    def no_entry(_uid):
        raise KeyError("getpwuid(): uid not found")

    for name in ("HOME", "XDG_DATA_HOME", "COURSE_PROGRESS_DIR", "USER", "LOGNAME",
                 "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_home_folder_gives_one_sentence_and_quizzes_still_work(no_home):
    from lessons import quiz

    with pytest.raises(ProgressAccessError, match="home folder") as saving:
        progress.record(LESSON, QUESTION, "Egypt", RIGHT)
    _one_sentence(str(saving.value))
    assert "COURSE_PROGRESS_DIR" in str(saving.value)
    assert "home folder" in repr(progress.my_progress())
    assert "home folder" in progress.hand_in()
    view = quiz.ask(LESSON, QUESTION)
    view.input.value = "Egypt"
    view.submit()
    assert "Correct" in view.feedback.value and "home folder" in view.feedback.value
    assert list(no_home.iterdir()) == []  # no "~" folder made in the course folder


@POSIX
def test_home_folder_that_cannot_be_made_gives_one_sentence(open_dir, monkeypatch):
    locked = open_dir.parent / "locked"
    locked.mkdir(mode=0o555)
    monkeypatch.delenv("COURSE_PROGRESS_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(locked / "home"))
    with pytest.raises(ProgressAccessError) as saving:
        as_student(progress.record, LESSON, QUESTION, "Egypt", RIGHT)
    _one_sentence(str(saving.value))
    assert "could not be saved" in str(saving.value)


# 4. A lock that cannot be had in time


def test_held_lock_still_shows_and_hands_in_every_saved_answer(progress_dir, tmp_path,
                                                               held_lock):
    _write_progress(progress_dir, GOOD)
    held_lock(progress_dir)
    assert progress.summary()["answered"].sum() == 1
    assert "Egypt (right)" in progress.export(tmp_path / "a.md").read_text()


def test_held_lock_on_a_damaged_file_says_not_read_just_now_and_keeps_the_hand_in(
        progress_dir, tmp_path, held_lock, monkeypatch):
    monkeypatch.setenv("COURSE_EXPORT_DIR", str(tmp_path))
    _write_progress(progress_dir, GOOD)
    progress.hand_in("Sam K.")
    before = (tmp_path / "my-answers.md").read_text(encoding="utf-8")
    _write_progress(progress_dir, DAMAGED)
    held_lock(progress_dir)
    with pytest.raises(ProgressBusyError, match="just now") as reading:
        progress.summary()
    _one_sentence(str(reading.value))
    with pytest.raises(ProgressBusyError):
        progress.export()
    assert "just now" in progress.hand_in() and "just now" in repr(progress.my_progress())
    assert (tmp_path / "my-answers.md").read_text(encoding="utf-8") == before
    assert not _kept(progress_dir)  # not moved without the lock


def test_held_lock_when_saving_says_try_again(progress_dir, held_lock):
    _write_progress(progress_dir, GOOD)
    held_lock(progress_dir)
    with pytest.raises(ProgressBusyError, match="again") as saving:
        progress.record(LESSON, QUESTION, "Syria", WRONG)
    _one_sentence(str(saving.value))


def test_hand_in_is_never_replaced_by_one_with_fewer_answers(progress_dir, tmp_path,
                                                             monkeypatch):
    monkeypatch.setenv("COURSE_EXPORT_DIR", str(tmp_path))
    progress.record(LESSON, QUESTION, "Turkey", WRONG)
    progress.record(LESSON, QUESTION, "Egypt", RIGHT)
    progress.hand_in("Sam K.")
    before = (tmp_path / "my-answers.md").read_text(encoding="utf-8")
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "a-new-computer"))
    progress.record(LESSON, QUESTION, "Egypt", RIGHT)
    said = progress.hand_in("Sam K.")
    assert (tmp_path / "my-answers.md").read_text(encoding="utf-8") == before
    newer = [p for p in tmp_path.glob("my-answers*.md") if p.name != "my-answers.md"]
    assert len(newer) == 1 and "Egypt (right)" in newer[0].read_text(encoding="utf-8")
    assert newer[0].name in said and "my-answers.md" in said and "kept" in said


# 8. One bad lesson.yaml


@pytest.fixture
def broken_lesson(tmp_path, monkeypatch):
    """A copy of the catalogue in which lesson 03's lesson.yaml is not valid YAML."""
    copy = tmp_path / "catalog"
    for folder in catalog.CATALOG.iterdir():
        if (folder / "lesson.yaml").exists():
            shutil.copytree(folder, copy / folder.name)
    bad = copy / "03_the_actors" / "lesson.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("questions:\n", "questions: [\n", 1),
                   encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG", copy)
    return "03_the_actors"


def test_one_bad_lesson_file_leaves_the_rest_in_the_table_and_names_it(progress_dir,
                                                                       broken_lesson):
    progress.record(LESSON, QUESTION, "Egypt", RIGHT)
    progress.record(broken_lesson, "government-backers", ["Russia", "Iran"], RIGHT)
    table = progress.summary()
    assert table["answered"].sum() == 1 and len(table) == len(catalog.lesson_files()) - 1
    assert not any(name.startswith(broken_lesson) for name in table.index)
    (note,) = table.attrs["notes"]
    assert broken_lesson in note and "03_the_actors/lesson.yaml, line" in note
    assert broken_lesson in repr(progress.my_progress())


def test_one_bad_lesson_file_still_hands_in_every_answer(progress_dir, broken_lesson,
                                                         tmp_path):
    progress.record(LESSON, QUESTION, "Egypt", RIGHT)
    progress.record(broken_lesson, "government-backers", ["Russia", "Iran"], RIGHT)
    progress.record("99_a_lesson_since_renamed", "q1", "an old answer", WRONG)
    text = progress.export(tmp_path / "a.md").read_text(encoding="utf-8")
    assert "Egypt (right)" in text
    assert "government-backers" in text and "Russia; Iran (right)" in text
    assert "03_the_actors/lesson.yaml, line" in text
    assert "an old answer (wrong)" in text


# 10. Symlinks, permissions, temporary files, huge answers, text that cannot be encoded


def test_symlinked_progress_file_stays_a_symlink(progress_dir, tmp_path):
    real = _write_progress(tmp_path / "synced", GOOD)
    progress_dir.mkdir()
    progress.progress_file().symlink_to(real)
    progress.record(LESSON, QUESTION, "Syria", WRONG)
    assert progress.progress_file().is_symlink()
    assert len(json.loads(real.read_text(encoding="utf-8"))["answers"][LESSON][QUESTION]) == 2


@POSIX
def test_saving_keeps_the_permissions_of_the_progress_file_and_the_hand_in(progress_dir,
                                                                           tmp_path):
    path = _write_progress(progress_dir, GOOD)
    path.chmod(0o640)
    progress.record(LESSON, QUESTION, "Syria", WRONG)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    hand_in = tmp_path / "a.md"
    progress.export(hand_in)
    hand_in.chmod(0o604)
    progress.export(hand_in)
    assert stat.S_IMODE(hand_in.stat().st_mode) == 0o604


def test_temporary_file_of_a_save_that_was_cut_off_is_cleared(progress_dir):
    _write_progress(progress_dir, GOOD)
    (progress_dir / ".progress-cut-off.tmp").write_text('{"format": 1, "ans')
    progress.record(LESSON, QUESTION, "Syria", WRONG)
    assert sorted(p.name for p in progress_dir.iterdir()) == ["progress.json",
                                                              "progress.json.lock"]


def test_failed_save_leaves_no_temporary_file(progress_dir, monkeypatch):
    import errno

    _write_progress(progress_dir, GOOD)

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ProgressError, match="disk is full"):
        progress.record(LESSON, QUESTION, "Syria", WRONG)
    monkeypatch.undo()
    assert sorted(p.name for p in progress_dir.iterdir()) == ["progress.json",
                                                              "progress.json.lock"]
    assert json.loads((progress_dir / "progress.json").read_text(encoding="utf-8")) == GOOD


def test_student_key_that_cannot_be_swapped_in_leaves_no_temporary_file(progress_dir,
                                                                        monkeypatch):
    import errno

    progress_dir.mkdir()

    def refuse(*_args):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    assert progress.student_key()
    monkeypatch.undo()
    assert list(progress_dir.iterdir()) == []


def test_huge_answer_is_refused_in_one_sentence_and_not_stored(progress_dir):
    _write_progress(progress_dir, GOOD)
    with pytest.raises(AnswerTooLongError) as saving:
        progress.record(LESSON, REFLECTION, "word " * 1_000_000, SAVED)
    _one_sentence(str(saving.value))
    assert "5,000,000" in str(saving.value) and f"{progress.MAX_ANSWER:,}" in str(saving.value)
    assert json.loads(progress.progress_file().read_text(encoding="utf-8")) == GOOD
    long_enough = "x" * progress.MAX_ANSWER
    progress.record(LESSON, REFLECTION, long_enough, SAVED)
    assert progress.answers()[LESSON][REFLECTION][0]["answer"] == long_enough


def test_answer_with_text_no_file_can_hold_is_saved_with_a_replacement_mark(progress_dir,
                                                                            tmp_path):
    progress.record(LESSON, REFLECTION, "half an emoji: \ud83d, a whole one: \ud83d\ude00",
                    SAVED)
    saved = progress.answers()[LESSON][REFLECTION][0]["answer"]
    assert saved == "half an emoji: \ufffd, a whole one: \U0001f600"
    assert "\ufffd" in progress.export(tmp_path / "a.md").read_text(encoding="utf-8")


def test_folder_name_the_file_system_cannot_encode_gives_one_sentence(progress_dir, tmp_path,
                                                                      monkeypatch):
    # A name typed in Python with a character no file name can hold (here half of an emoji
    # pair; on a computer whose file names are ASCII, any letter beyond it, such as "Ü").
    unencodable = tmp_path / "Übung\ud83d"
    with pytest.raises(ProgressError) as writing:
        progress.export(unencodable / "my-answers.md")
    _one_sentence(str(writing.value))
    assert "character" in str(writing.value)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_EXPORT_DIR", raising=False)
    assert "could not be written" not in progress.hand_in("Sam K.")
    monkeypatch.setattr(progress, "progress_dir", lambda: unencodable)
    with pytest.raises(ProgressAccessError) as saving:
        progress.record(LESSON, QUESTION, "Egypt", RIGHT)
    _one_sentence(str(saving.value))
    assert "could not be saved" in str(saving.value) and "character" in str(saving.value)
    assert "character" in repr(progress.my_progress())


# 5. Student text in the Markdown hand-in

TRICKY = ("My first line.\n# Not a heading\n\n- not a list\n1. not a list either\n"
          "<script>window.ran = 1</script> <img src=x onerror=\"window.ran = 2\">\n"
          "**not bold** [not a link](javascript:alert(1)) `not code` $x$ | a | b |\n"
          "    not code either\n---\nLast line &amp; done.")


def _hand_in_with_tricky_text(tmp_path: Path) -> str:
    progress.record(LESSON, REFLECTION, TRICKY, SAVED)
    progress.record(LESSON, QUESTION, "<b>Egypt</b>\n# and more", RIGHT)
    return progress.export(tmp_path / "a.md").read_text(encoding="utf-8")


def test_hand_in_keeps_a_multi_line_reflection_inside_its_quotation(progress_dir, tmp_path):
    from markdown_it import MarkdownIt

    text = _hand_in_with_tricky_text(tmp_path)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "code_block", "fence", "hr", "ordered_list_open",
                        "table_open"}
    headings = ["".join(c.content for c in tokens[i + 1].children)
                for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["My answers: the Syrian civil war, source by source",
                        "00_start_here: Start here - how this course works, and where Syria is"]
    inline = [t for t in tokens if t.type == "inline"]
    for child in (c for t in inline for c in t.children or []):
        assert child.type in ("text", "softbreak", "strong_open", "strong_close"), child
    start = next(i for i, t in enumerate(tokens) if t.type == "blockquote_open")
    end = next(i for i, t in enumerate(tokens) if t.type == "blockquote_close")
    quoted = ["".join(c.content for c in t.children) for t in tokens[start:end]
              if t.type == "inline"]
    assert quoted == [line.strip() for line in TRICKY.splitlines() if line.strip()]
    assert "\\$x\\$" in text  # no maths in JupyterLab's Markdown view either


@pytest.mark.browser
def test_hand_in_shows_student_markup_as_text_in_chromium(progress_dir, tmp_path):
    from markdown_it import MarkdownIt
    from servers import chromium, need_browser

    need_browser()
    text = _hand_in_with_tricky_text(tmp_path)
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(f"<!doctype html><html><body>{body}</body></html>")
        page.wait_for_timeout(300)
        assert page.evaluate("window.ran") is None
        found = page.evaluate("""() => ({
            tags: [...document.body.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
            quote: document.querySelector('blockquote').innerText})""")
    assert set(found["tags"]) <= {"h1", "h2", "p", "strong", "ul", "li", "blockquote"}
    assert "<script>window.ran = 1</script>" in found["quote"]
    assert "**not bold** [not a link](javascript:alert(1)) `not code` $x$" in found["quote"]
    assert "# Not a heading" in found["quote"] and "Last line &amp; done." in found["quote"]

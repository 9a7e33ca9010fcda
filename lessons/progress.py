"""A student's saved answers, kept per user outside the course folder.

The file lives in the user's data folder (``$COURSE_PROGRESS_DIR`` if set), so updating the
course (for example with an nbgitpuller link) never touches it. Every answer is written at once,
under a lock and by atomic replace, so two notebooks answering together lose nothing. A file that
cannot be read is moved aside (kept, never deleted) and a fresh one is started.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from lessons.errors import ProgressError
from lessons.tables import Sentence

FORMAT = 1


def progress_dir() -> Path:
    """The folder that holds this user's progress file."""
    if os.environ.get("COURSE_PROGRESS_DIR"):
        return Path(os.environ["COURSE_PROGRESS_DIR"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("syria-war-course", appauthor=False))


def progress_file() -> Path:
    """The JSON file with this user's answers."""
    return progress_dir() / "progress.json"


def student_key() -> str:
    """A random key made once for this user and kept beside the progress file, so each student
    sees quiz choices in an order of their own that stays the same when they run a lesson again.
    It says nothing about the student. If the folder cannot be written, the user name serves."""
    path = progress_dir() / "student-key.txt"
    try:
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    except OSError:
        pass
    import secrets

    key = secrets.token_hex(8)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False,
                                         encoding="utf-8") as handle:
            handle.write(key)
        os.replace(handle.name, path)
    except OSError:
        import getpass

        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return "student"
    return key


def _empty() -> dict:
    return {"format": FORMAT, "answers": {}}


def _set_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"progress.unreadable-{stamp}.json")
    n = 1
    while kept.exists():
        n += 1
        kept = path.with_name(f"progress.unreadable-{stamp}-{n}.json")
    os.replace(path, kept)
    return kept


def _read(path: Path) -> tuple[dict, str]:
    """Read the progress file; a damaged one is set aside. Returns (data, note for the student)."""
    if not path.exists():
        return _empty(), ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            raise ValueError("not a progress file")
        return data, ""
    except (OSError, ValueError, UnicodeDecodeError):
        try:
            kept = _set_aside(path)
        except OSError:
            return _empty(), (f"Your saved answers in {path} could not be read, so a new record "
                              "is being started.")
        return _empty(), (f"Your old saved answers could not be read, so they were kept as "
                          f"{kept.name} and a new record was started.")


def _write(path: Path, data: dict) -> None:
    """Write the whole file to a temporary name, then swap it in, so it is never half-written."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _json_safe(answer):
    if isinstance(answer, (list, tuple)):
        return [_json_safe(a) for a in answer]
    if answer is None or isinstance(answer, (bool, int, float, str)):
        return answer
    return str(answer)


def record(lesson_id: str, question_id: str, answer, result) -> str:
    """Save one answer and its result. Returns a one-sentence note for the student, or ''."""
    path = progress_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(path) + ".lock", timeout=10):
            data, note = _read(path)
            attempts = data["answers"].setdefault(lesson_id, {}).setdefault(question_id, [])
            attempts.append({
                "answer": _json_safe(answer),
                "status": result.status,
                "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            })
            _write(path, data)
    except (OSError, Timeout) as exc:
        raise ProgressError(f"Your answer was checked but could not be saved ({exc}). "
                            "Ask your teacher to check the folder " f"{path.parent}.") from None
    return note


def answers() -> dict:
    """Every saved answer: {lesson: {question: [attempts...]}} (empty if nothing is saved)."""
    path = progress_file()
    if not path.exists():
        return {}
    try:
        with FileLock(str(path) + ".lock", timeout=10):
            data, _note = _read(path)
    except Timeout:
        return {}
    return data["answers"]


def summary():
    """A table of what this student has done, lesson by lesson."""
    import pandas as pd

    from lessons.catalog import all_lessons

    saved = answers()
    rows = []
    for lesson in all_lessons():
        done = saved.get(lesson.id, {})
        graded = [q for q in lesson.questions if q.type != "reflection"]
        right = sum(any(a["status"] == "right" for a in done.get(q.id, [])) for q in graded)
        answered = sum(bool(done.get(q.id)) for q in lesson.questions)
        rows.append({"lesson": f"{lesson.id}: {lesson.title}",
                     "questions": len(lesson.questions),
                     "answered": answered,
                     "right (at some try)": f"{right} of {len(graded)}"})
    return pd.DataFrame(rows).set_index("lesson")


def export(path=None) -> Path:
    """Write this student's answers to a Markdown file to hand in (my-answers.md in the current
    folder, or in $COURSE_EXPORT_DIR, unless ``path`` is given): every question tried, each
    answer with its time and result, and the reflections in full. Returns the file's path."""
    from lessons.catalog import all_lessons

    saved = answers()
    folder = Path(os.environ.get("COURSE_EXPORT_DIR") or Path.cwd())
    target = Path(path) if path else folder / "my-answers.md"
    lines = ["# My answers: the Syrian civil war, source by source", "",
             f"Exported {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.", ""]
    for lesson in all_lessons():
        done = saved.get(lesson.id, {})
        if not done:
            continue
        lines += [f"## {lesson.id}: {lesson.title}", ""]
        for question in lesson.questions:
            attempts = done.get(question.id, [])
            if not attempts:
                continue
            lines += [f"**{question.prompt}**", ""]
            for attempt in attempts:
                answer = attempt["answer"]
                if isinstance(answer, list):
                    answer = "; ".join(map(str, answer))
                if question.type == "reflection":
                    lines += [f"- {attempt['at']}:", "", f"  > {answer}", ""]
                else:
                    lines.append(f"- {attempt['at']}: {answer} ({attempt['status']})")
            lines.append("")
    if len(lines) == 4:
        lines.append("No answers saved yet.")
    try:
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ProgressError(f"Your answers could not be written to {target} ({exc.strerror}).")\
            from None
    return target


def my_progress():
    """What this student has done, lesson by lesson, as a table to read (no index column)."""
    from lessons.tables import table

    done = summary().reset_index()
    return table(done, {"lesson": "lesson", "questions": "questions", "answered": "answered",
                        "right (at some try)": "right (at some try)"})


def hand_in() -> Sentence:
    """Write the hand-in file (see ``export``) and say in one sentence where to find it."""
    target = export()
    if target.parent.resolve() == Path.cwd().resolve():
        where = "in the same folder as this lesson (look for it in the file browser on the left)"
    else:
        where = f"in the folder {target.parent}"
    return Sentence(f"Your answers are saved in the file {target.name}, {where}. "
                    "Hand that file in to your teacher.")

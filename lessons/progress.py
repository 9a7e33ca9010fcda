"""A student's saved answers, kept per user outside the course folder (storage only: what is
made from the answers, the progress table and the hand-in, is in ``lessons.report``).

The file lives in the user's data folder (``$COURSE_PROGRESS_DIR`` if set), so updating the
course (for example with an nbgitpuller link) never touches it. Every answer is written at once,
under a lock and by atomic replace, so two notebooks answering together lose nothing; a symlinked
file stays a symlink and keeps its permissions. Every read checks the whole file: one that is
damaged, of the wrong shape or of another format is moved aside (kept, never deleted), a fresh
one is started, and the student is told where the old one is. A file or folder that cannot be
opened, or a lock held too long, is never taken for damage: nothing is changed, and the student
reads one sentence that says why.
"""

from __future__ import annotations

import errno
import getpass
import json
import math
import os
import secrets
import stat
import time
from contextlib import suppress
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout
from platformdirs import user_data_dir

from lessons.errors import (
    AnswerTooLongError,
    ProgressAccessError,
    ProgressBusyError,
    ProgressError,
)

FORMAT = 1
MAX_ANSWER = 20_000  # characters in one saved answer: many times more than any question asks for
LOCK_TIMEOUT = 10.0  # seconds to wait while another lesson is saving
KEPT = "progress.unreadable-"
NO_HOME = ("You have no home folder on this computer, so your answers cannot be saved or "
           "shown; ask your teacher to set COURSE_PROGRESS_DIR.")
READ_BUSY = ("Your saved answers could not be read just now, as another lesson is saving; "
             "nothing was changed, so run this cell again soon.")
SAVE_BUSY = ("Your answer was checked but could not be saved just now, as another lesson is "
             "saving; click the button again in a moment.")


def progress_dir() -> Path:
    """The folder that holds this user's progress file (a ProgressAccessError if there is none,
    as for a user with no home folder)."""
    if os.environ.get("COURSE_PROGRESS_DIR"):
        return Path(os.environ["COURSE_PROGRESS_DIR"])
    try:  # platformdirs needs a home folder: $HOME or the user's passwd entry
        folder = user_data_dir("syria-war-course", appauthor=False)
    except (RuntimeError, KeyError, OSError):
        folder = ""
    if not os.path.isabs(folder):  # never a "~" folder inside the course folder
        raise ProgressAccessError(NO_HOME)
    return Path(folder)


def progress_file() -> Path:
    """The JSON file with this user's answers."""
    return progress_dir() / "progress.json"


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "student"


def student_key() -> str:
    """A random key made once for this user and kept beside the progress file, so each student
    sees quiz choices in an order of their own that stays the same when they run a lesson again.
    It says nothing about the student. If the folder cannot be written, the user name serves."""
    try:
        path = progress_dir() / "student-key.txt"
        key = path.read_text(encoding="utf-8-sig").strip()
        if key:
            return key
    except ProgressError:
        return _user_name()
    except (OSError, ValueError):
        pass
    key = secrets.token_hex(8)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, key, new_mode=None)
    except (OSError, ValueError):
        return _user_name()
    return key


# Plain words for what went wrong -----------------------------------------------------------

class _ReadOnly(PermissionError):
    """The file is there, but this user may not change it."""


def _shown(path: Path) -> str:
    """A path as text that can always be shown (a character no file can hold becomes '?')."""
    return str(path).encode("utf-8", "replace").decode("utf-8")


def _why(exc: BaseException) -> str:
    """An operating-system error in plain words."""
    if isinstance(exc, _ReadOnly):
        return "it is read-only"
    if isinstance(exc, ValueError):  # UnicodeEncodeError, or a NUL in a name
        return "its name has a character this computer cannot use in a file name"
    words = {errno.EACCES: "you do not have permission", errno.EPERM: "you do not have permission",
             errno.ENOSPC: "the disk is full", errno.EROFS: "the disk can only be read",
             errno.ENOENT: "it does not exist", errno.EISDIR: "it is a folder, not a file",
             errno.ENOTDIR: "part of its path is a file, not a folder",
             errno.ENAMETOOLONG: "its name is too long",
             getattr(errno, "EDQUOT", -1): "you have used all your disk space"}
    return words.get(getattr(exc, "errno", None),
                     (getattr(exc, "strerror", None) or "the computer refused").lower())


class _Trouble(Exception):
    """A file or folder that cannot be used; callers say what this means for the student."""

    def __init__(self, kind: str, place: Path, exc: BaseException):
        super().__init__(kind, place)
        self.where = f"the {kind} {_shown(place)}"
        self.why = _why(exc)

    def not_saved(self) -> ProgressAccessError:
        return ProgressAccessError(f"Your answer was checked but could not be saved, because "
                                   f"{self.where} cannot be used ({self.why}); ask your teacher "
                                   "to check it.")

    def not_read(self) -> ProgressAccessError:
        return ProgressAccessError(f"Your saved answers cannot be shown, because {self.where} "
                                   f"cannot be opened ({self.why}); nothing was changed, so ask "
                                   "your teacher to check it.")


# Reading and checking the file ---------------------------------------------------------------

def _location() -> Path:
    """The progress file with symlinks followed, so a save replaces the file a link points to."""
    path = progress_file()
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError) as exc:
        raise _Trouble("folder", path.parent, exc) from None


def _exists(path: Path) -> bool:
    """Whether the file is there; a folder that cannot be looked into is a _Trouble, not 'no'."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        raise _Trouble("folder" if isinstance(exc, NotADirectoryError) else "file",
                       path.parent if isinstance(exc, NotADirectoryError) else path,
                       exc) from None
    return True


def _is_answer(value) -> bool:
    if isinstance(value, list):
        return all(_is_answer(item) for item in value)
    return value is None or isinstance(value, (bool, int, float, str))


def _is_attempt(attempt) -> bool:
    return (isinstance(attempt, dict) and isinstance(attempt.get("status"), str)
            and isinstance(attempt.get("at"), str) and "answer" in attempt
            and _is_answer(attempt["answer"]))


def _is_progress(data) -> bool:
    """Whether ``data`` is a whole progress file of this format:
    {"format": 1, "answers": {lesson: {question: [{"answer", "status", "at"}, ...]}}}."""
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return False
    if type(data.get("format")) is not int or data["format"] != FORMAT:
        return False
    return all(isinstance(questions, dict)
               and all(isinstance(attempts, list) and all(map(_is_attempt, attempts))
                       for attempts in questions.values())
               for questions in data["answers"].values())


def _parse(raw: bytes) -> dict | None:
    """The file's contents, or None if it is damaged (a byte-order mark, as Notepad writes,
    is fine)."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep
        return None
    return data if _is_progress(data) else None


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise _Trouble("file", path, exc) from None


def _stamped(path: Path, prefix: str, suffix: str) -> Path:
    """A free name beside ``path``: prefix, the time, a count if that is taken, and suffix."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = path.with_name(f"{prefix}{stamp}{suffix}")
    n = 1
    while name.exists():
        n += 1
        name = path.with_name(f"{prefix}{stamp}-{n}{suffix}")
    return name


def _set_aside(path: Path) -> Path:
    kept = _stamped(path, KEPT, ".json")
    os.replace(path, kept)
    return kept


def _empty() -> dict:
    return {"format": FORMAT, "answers": {}}


def _read_locked(path: Path) -> tuple[dict, str]:
    """Read the file while holding its lock; a damaged one is set aside. Returns (data, note)."""
    raw = _read_bytes(path)
    if raw is None:
        return _empty(), ""
    data = _parse(raw)
    if data is not None:
        return data, ""
    try:
        kept = _set_aside(path)
    except OSError as exc:
        raise _Trouble("folder", path.parent, exc) from None
    return _empty(), (f"Your saved answers could not be read, so they were kept as "
                      f"{_shown(kept)} and a new record was started; tell your teacher.")


def _lock(path: Path) -> FileLock:
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)


def _kept_note(path: Path) -> list[str]:
    """A note naming every copy set aside so far, for the progress table and the hand-in."""
    kept = sorted(path.parent.glob(f"{KEPT}*.json"))
    if not kept:
        return []
    names = ", ".join(_shown(p) for p in kept[:3]) + (
        f" and {len(kept) - 3} more" if len(kept) > 3 else "")
    return [f"Some earlier answers could not be read, so they were kept as {names}; tell your "
            "teacher, who can look at them."]


def _saved() -> tuple[dict, list[str]]:
    """Every saved answer and the notes the student must read. Raises ProgressAccessError or
    ProgressBusyError (one sentence each) rather than show fewer answers than are saved."""
    try:
        path = _location()
        if not _exists(path):
            return {}, _kept_note(path)
        try:
            with _lock(path):
                data, _note = _read_locked(path)  # the note is in _kept_note below
        except Timeout:  # a saved file is always whole, so it can be read without the lock
            data = _parse(_read_bytes(path) or b"")
            if data is None:
                raise ProgressBusyError(READ_BUSY) from None
        except OSError as exc:  # no lock file can be made: a folder the student may only read
            data = _parse(_read_bytes(path) or b"")
            if data is None:
                raise ProgressAccessError(
                    f"Your saved answers in {_shown(path)} could not be read, and could not be "
                    f"kept aside because the folder cannot be used ({_why(exc)}); nothing was "
                    "changed, so ask your teacher to check it.") from None
    except _Trouble as trouble:
        raise trouble.not_read() from None
    return data["answers"], _kept_note(path)


def answers() -> dict:
    """Every saved answer: {lesson: {question: [attempts...]}} (empty if nothing is saved)."""
    return _saved()[0]


# Saving --------------------------------------------------------------------------------------

def _text(text: str) -> str:
    """Text any file can hold: half of an emoji pair (a lone surrogate) becomes U+FFFD."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _json_safe(answer):
    if isinstance(answer, (list, tuple)):
        return [_json_safe(a) for a in answer]
    if isinstance(answer, float) and not math.isfinite(answer):
        return str(answer)
    if answer is None or isinstance(answer, (bool, int, float)):
        return answer
    return _text(answer if isinstance(answer, str) else str(answer))


def _length(answer) -> int:
    if isinstance(answer, list):
        return sum(map(_length, answer))
    return len(answer) if isinstance(answer, str) else 0


def _replace(path: Path, text: str, new_mode: int | None) -> None:
    """Write ``text`` to a temporary file beside ``path``, then swap it in, so the file is never
    half-written and no temporary file is left. An existing file keeps its permissions (and a
    read-only one is not replaced); a new one gets ``new_mode``, or the user's default if None."""
    data = text.encode("utf-8")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = new_mode
    else:
        if not os.access(path, os.W_OK):
            raise _ReadOnly(errno.EACCES, "read-only", str(path))
    temp = path.with_name(f".{path.stem}-{secrets.token_hex(6)}.tmp")
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666 if mode is None else 0o600)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


def _clear_cut_off_saves(path: Path) -> None:
    """Remove what a save cut off (a kernel killed mid-write) left; called under the lock, so no
    save is running."""
    for temp in path.parent.glob(f".{path.stem}-*.tmp"):
        with suppress(OSError):
            temp.unlink()


def record(lesson_id: str, question_id: str, answer, result) -> str:
    """Save one answer and its result. Returns a one-sentence note for the student, or ''.
    Raises a ProgressError (one sentence) if it could not be saved; nothing saved is lost."""
    stored = _json_safe(answer)
    if _length(stored) > MAX_ANSWER:
        raise AnswerTooLongError(f"Your answer was checked but could not be saved, as it has "
                                 f"{_length(stored):,} characters and the most is "
                                 f"{MAX_ANSWER:,}; make it shorter and save it again.")
    try:
        path = _location()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError) as exc:
            raise _Trouble("folder", path.parent, exc) from None
        with _lock(path):
            data, note = _read_locked(path)
            lesson = data["answers"].setdefault(_text(str(lesson_id)), {})
            lesson.setdefault(_text(str(question_id)), []).append({
                "answer": stored,
                "status": str(result.status),
                "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            })
            _clear_cut_off_saves(path)
            try:
                _replace(path, json.dumps(data, ensure_ascii=False, indent=1), new_mode=0o600)
            except _ReadOnly as exc:
                raise _Trouble("file", path, exc) from None
            except (OSError, ValueError) as exc:
                raise _Trouble("folder", path.parent, exc) from None
    except Timeout:
        raise ProgressBusyError(SAVE_BUSY) from None
    except _Trouble as trouble:
        raise trouble.not_saved() from None
    except (OSError, ValueError) as exc:  # the lock file cannot be made
        raise _Trouble("folder", path.parent, exc).not_saved() from None
    return note


# The name a student hands in under ------------------------------------------------------------

NAME_FILE = "hand-in-name.txt"  # beside the progress file
MAX_NAME = 80  # characters


def chosen_name() -> str | None:
    """The name this student chose to hand in under, or None if none is saved yet. It is never
    taken from the computer's user name."""
    try:
        text = (progress_dir() / NAME_FILE).read_text(encoding="utf-8-sig")
    except (OSError, ValueError, ProgressError):
        return None
    name = " ".join(_text(text).split())
    return name[:MAX_NAME] or None


def tidy_name(name) -> str:
    """The name to hand in under with its spaces tidied, not yet saved; a ProgressError (one
    sentence) if it is empty or too long."""
    tidy = " ".join(_text(str(name)).split())
    if not tidy:
        raise ProgressError('Type the name to hand in under, for example "Sam K.".')
    if len(tidy) > MAX_NAME:
        raise ProgressError(f"That name has {len(tidy)} characters and the most is {MAX_NAME}; "
                            "choose a shorter one.")
    return tidy


def set_chosen_name(name) -> str:
    """Save the name to hand in under (spaces tidied) and return it; a ProgressError (one
    sentence) if it is empty, too long, or cannot be saved."""
    tidy = tidy_name(name)
    try:
        folder = progress_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _replace(folder / NAME_FILE, tidy + "\n", new_mode=0o600)
    except (OSError, ValueError) as exc:
        raise ProgressError(f"Your name could not be saved ({_why(exc)}); ask your teacher to "
                            "check the folder for your answers.") from None
    return tidy


# What is made from the answers lives in lessons.report; these names are kept here for the
# notebooks and older code. Imported when called, so neither module imports the other on loading.

def summary():
    """See ``lessons.report.summary``."""
    from lessons import report

    return report.summary()


def my_progress():
    """See ``lessons.report.my_progress``."""
    from lessons import report

    return report.my_progress()


def export(path=None) -> Path:
    """See ``lessons.report.export``: the Markdown hand-in, with the JSON one beside it."""
    from lessons import report

    return report.export(path)


def hand_in(name=None):
    """See ``lessons.report.hand_in``."""
    from lessons import report

    return report.hand_in(name)


def __getattr__(name: str):
    """Older private helpers of the hand-in (tests use ``_question_lines``), now in report."""
    if name in ("_question_lines", "_attempt_lines", "_hand_in_text", "_md", "_summary_of",
                "_course_check_lines", "_count", "_export"):
        from lessons import report

        return getattr(report, name)
    raise AttributeError(f"module 'lessons.progress' has no attribute {name!r}")

"""A class hand-in folder on a shared JupyterHub: students hand in with one call, the teacher
collects every hand-in without downloads, and no student can list or read another's.

It works like the "inbound" folder of nbgrader's exchange (which is mode 2733: set-group-id,
and writable but not readable by students), with two more guards:

* The folder belongs to the teacher and to a group of teachers only, and has mode 3733
  (``drwx-wx-wt``): students may create files in it and open a file whose name they know, but
  may not list it. The set-group-id bit gives every new file the teachers' group; the sticky
  bit means a student can replace or remove only files they own.
* Each hand-in is written by this module with mode 0640, set explicitly (whatever the
  student's umask): the student and the teachers' group may read it, other students may not.
  Its name is made from the name the student chose and a random part, so it cannot be guessed.

The course finds the folder through ``$COURSE_HANDIN_DIR``, which the hub's configuration
sets for every user's server. Set it up with
``python -m lessons handin-folder setup PATH --teacher USER``; check it with
``python -m lessons handin-folder check PATH``.
"""

from __future__ import annotations

import errno
import grp
import json
import os
import pwd
import re
import secrets
import stat
import tempfile
import unicodedata
from contextlib import suppress
from pathlib import Path

from lessons import progress
from lessons.errors import CourseError
from lessons.tables import Sentence

ENV = "COURSE_HANDIN_DIR"
FOLDER_MODE = 0o3733  # set-group-id + sticky; owner rwx; group and others may write, not list
FILE_MODE = 0o640  # the student reads and writes; the teachers' group reads; nobody else
STATE = "class-hand-in.json"  # in the student's progress folder: where their copy is
MAX_NAME = 40  # characters of the chosen name kept in the file name

NO_FOLDER = ("Your class has no hand-in folder on this hub, so run hand_in() instead and hand "
             "in the file it makes as your teacher asks.")


class Said(Sentence):
    """One sentence for the student. It may hold the name they chose, so in a notebook it is
    shown with every character that could start Markdown or HTML escaped: as written."""

    def _repr_markdown_(self) -> str:
        # CommonMark shows any ASCII punctuation after a backslash as itself.
        return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(self))


class HandInFolderError(CourseError):
    """The hand-in folder is missing, unsafe or cannot be used; the message says what to do."""


# What the folder must look like ---------------------------------------------------------------

def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def group_members(gid: int) -> set[str]:
    """Everyone in a group: its listed members and the users whose own group it is."""
    try:
        members = set(grp.getgrgid(gid).gr_mem)
    except KeyError:
        members = set()
    return members | {user.pw_name for user in pwd.getpwall() if user.pw_gid == gid}


def _ancestor_problems(folder: Path) -> list[str]:
    problems = []
    for parent in folder.resolve().parents:
        try:
            mode = os.stat(parent).st_mode
        except OSError:
            continue
        if not mode & stat.S_IXOTH:
            problems.append(f"students cannot get through the folder {parent} to reach it "
                            f"(run: chmod o+x {parent})")
    return problems


def folder_problems(folder) -> list[str]:
    """Why ``folder`` is not a safe class hand-in folder, one plain sentence part each (an
    empty list if it is safe). Checked by the teacher's setup and before every hand-in."""
    folder = Path(folder)
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return ["it does not exist"]
    except OSError as exc:
        return [f"it cannot be looked at ({_why(exc)})"]
    if not stat.S_ISDIR(info.st_mode):
        return ["it is a file, not a folder"]
    mode = info.st_mode
    problems = []
    if mode & stat.S_IROTH:
        problems.append("every user can list it, so students could see each other's hand-ins")
    if mode & (stat.S_IWOTH | stat.S_IXOTH) != stat.S_IWOTH | stat.S_IXOTH:
        problems.append("students cannot write in it")
    if not mode & stat.S_ISVTX:
        problems.append("it lacks the sticky bit, so a student could replace or delete "
                        "another student's hand-in")
    if not mode & stat.S_ISGID:
        problems.append("it lacks the set-group-id bit, so hand-ins would not get the "
                        "teachers' group and the teacher could not read them")
    if info.st_gid == 0 and info.st_uid != 0:
        problems.append("its group is root's group, not a group of teachers")
    return problems + _ancestor_problems(folder)


def _describe(folder: Path) -> str:
    info = os.stat(folder)
    return (f"{folder}: owner {_user_name(info.st_uid)}, group {_group_name(info.st_gid)}, "
            f"mode {stat.S_IMODE(info.st_mode):04o}")


# The teacher's command --------------------------------------------------------------------------

def setup(folder, teacher: str, group: str | None = None) -> str:
    """Make (or repair) the hand-in folder for ``teacher``: owner the teacher, group the
    teacher's own group (or ``group``, which must hold teachers only), mode 3733. Run it as
    root or as the teacher. Returns what was done, as a sentence; raises HandInFolderError."""
    folder = Path(folder).absolute()
    try:
        person = pwd.getpwnam(teacher)
    except KeyError:
        raise HandInFolderError(f"There is no user called {teacher!r} on this computer; give "
                                "the teacher's user name with --teacher.") from None
    try:
        gid = grp.getgrnam(group).gr_gid if group else person.pw_gid
    except KeyError:
        raise HandInFolderError(f"There is no group called {group!r} on this computer.") \
            from None
    others = sorted(group_members(gid) - {teacher, "root"})
    if others and not group:
        raise HandInFolderError(
            f"The group {_group_name(gid)} of {teacher} also holds {', '.join(others[:5])}"
            f"{' and more' if len(others) > 5 else ''}, who could read every hand-in. Make a "
            "group of teachers only (groupadd, usermod -aG) and give it with --group.")
    me = os.geteuid()
    if me not in (0, person.pw_uid):
        raise HandInFolderError(f"Run this as root (sudo) or as {teacher}, who will own the "
                                "folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if me == 0:
            os.chown(folder, person.pw_uid, gid)
        elif os.stat(folder).st_gid != gid:
            os.chown(folder, -1, gid)
        os.chmod(folder, FOLDER_MODE)
    except OSError as exc:
        raise HandInFolderError(f"The folder {folder} could not be set up "
                                f"({_why(exc)}).") from None
    problems = folder_problems(folder)
    if problems:
        raise HandInFolderError(f"The folder {folder} is not safe yet: {'; '.join(problems)}.")
    shared = f" (shared with {', '.join(others)})" if others else ""
    return (f"The hand-in folder is ready. {_describe(folder)}{shared}. Students can hand in "
            "but cannot list it or read each other's hand-ins. Set "
            f"{ENV}={folder} for every user's server (see the README), and collect with: "
            f"python -m lessons class {folder} --out REPORT")


def check(folder) -> list[str]:
    """The teacher's check of a folder: every problem found, as sentences (none if safe)."""
    folder = Path(folder).absolute()
    return [f"The folder {folder} is not a safe hand-in folder: {problem}."
            for problem in folder_problems(folder)]


# Handing in -------------------------------------------------------------------------------------

def safe_name(name: str) -> str:
    """A file-name part from a student's chosen name: letters and digits joined by dashes,
    accents dropped ("Zoë O'Neil" becomes "zoe-o-neil"); "student" if nothing is left."""
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:MAX_NAME].strip("-")
    return slug or "student"


def _state_file() -> Path:
    return progress.progress_dir() / STATE


def _read_state() -> dict:
    try:
        data = json.loads(_state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError, CourseError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(state: dict) -> None:
    with suppress(OSError, ValueError, CourseError):
        path = _state_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{STATE}-{secrets.token_hex(6)}.tmp")
        try:
            with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w",
                      encoding="utf-8") as out:
                json.dump(state, out, ensure_ascii=False)
            os.replace(temp, path)
        finally:
            with suppress(OSError):
                os.unlink(temp)


def _has_answers() -> bool:
    return any(any(attempts for attempts in questions.values())
               for questions in progress.answers().values())


def _export_into(folder: Path) -> list[Path]:
    """This student's hand-in files (the Markdown and whatever ``progress.export`` writes
    beside it), written into a private temporary folder."""
    progress.export(folder / "my-answers.md")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _write_private(folder: Path, data: bytes) -> Path:
    """A new hidden file in the hand-in folder holding ``data``, mode 0640, the folder's
    group; removed again if anything goes wrong."""
    temp = folder / f".handing-in-{secrets.token_hex(8)}.tmp"
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     FILE_MODE)
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), FILE_MODE)  # the umask may have taken bits away
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            if os.fstat(out.fileno()).st_gid != os.stat(folder).st_gid:
                raise HandInFolderError(
                    f"The hand-in folder {folder} did not give your hand-in the teachers' "
                    "group, so your teacher could not read it; nothing was handed in, so ask "
                    "your teacher to run the setup command again.")
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _why(exc: OSError) -> str:
    """An operating-system error in plain words."""
    words = {errno.EACCES: "you do not have permission", errno.EPERM: "you do not have permission",
             errno.ENOSPC: "the disk is full", errno.EROFS: "the disk can only be read",
             errno.ENOENT: "it does not exist", errno.ENOTDIR: "part of its path is a file",
             errno.ENAMETOOLONG: "its name is too long",
             getattr(errno, "EDQUOT", -1): "you have used all your disk space"}
    return words.get(exc.errno, (exc.strerror or "the computer refused").lower())


def hand_in_to_class(name: str | None = None) -> Said:
    """Hand this student's answers in to the class hand-in folder (``$COURSE_HANDIN_DIR``):
    the Markdown and JSON of ``progress.export()``, under a file name made from ``name`` (the
    name the student chose to hand in under, remembered for next time) and a random part.
    Handing in again replaces the student's own earlier copy. Answers with one sentence; if
    anything is wrong, nothing is changed and the sentence says what to do."""
    try:
        return Said(_hand_in(name))
    except CourseError as exc:
        return Said(str(exc))


def _hand_in(name: str | None) -> str:
    where = os.environ.get(ENV, "").strip()
    if not where:
        return NO_FOLDER
    folder = Path(where)
    problems = folder_problems(folder)
    if problems == ["it does not exist"]:
        raise HandInFolderError(f"The class hand-in folder {folder} does not exist yet; "
                                "nothing was handed in, so ask your teacher to set it up.")
    if problems:
        raise HandInFolderError(f"The class hand-in folder {folder} is not set up safely "
                                f"({problems[0]}); nothing was handed in, so tell your teacher.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise HandInFolderError(f"You may not write in the class hand-in folder {folder}; "
                                "nothing was handed in, so ask your teacher to check it.")
    info = os.stat(folder)
    if info.st_uid != os.geteuid() and info.st_gid in os.getgroups() + [os.getegid()]:
        raise HandInFolderError(
            f"You are in the teachers' group of the hand-in folder {folder}, so other people "
            "in that group could read your hand-in; nothing was handed in, so tell your "
            "teacher.")
    state = _read_state()
    # The name is the one progress keeps (the JSON hand-in carries it), saved only once the
    # hand-in has gone in.
    chosen = progress.tidy_name(name) if name is not None else progress.chosen_name()
    if not chosen:
        raise HandInFolderError('Say the name to hand in under first, for example '
                                'hand_in_to_class("Sam K."); the course remembers it.')
    if not _has_answers():
        raise HandInFolderError("You have no saved answers yet, so there is nothing to hand "
                                "in; answer a question in a lesson first.")
    if name is not None:
        progress.set_chosen_name(chosen)  # before exporting, so the JSON names the student
    real = str(folder.resolve())
    earlier = state.get("file") if state.get("folder") == real else None
    stem = f"{safe_name(chosen)}-{secrets.token_hex(8)}"
    if earlier and earlier.rsplit("-", 1)[0] == safe_name(chosen):
        stem = earlier  # the same student, the same name: replace the earlier copy
    with tempfile.TemporaryDirectory(prefix="course-hand-in-") as private:
        files = _export_into(Path(private))
        written, names = _put(folder, stem, files)
    # A student cannot list the folder, so the earlier copy's files are known by name only.
    for old in state.get("files", []) if earlier else []:
        if old not in names and isinstance(old, str) and "/" not in old:
            with suppress(OSError):  # the sticky bit lets a student remove only their own
                (folder / old).unlink()
    _write_state({"folder": real, "file": written, "files": names})
    return (f"Your answers are handed in to your teacher under the name {chosen}; if you hand "
            "in again, this copy is replaced.")


def _put(folder: Path, stem: str, files: list[Path]) -> tuple[str, list[str]]:
    """Write every file into the folder as ``stem`` + its suffixes: all are written first, then
    all are moved into place, so a full disk leaves the earlier copy whole. Returns the stem
    used (a new one if another user's file holds the name) and the names written."""
    temps: list[tuple[Path, str]] = []
    try:
        for path in files:
            temps.append((_write_private(folder, path.read_bytes()), "".join(path.suffixes)))
        for attempt in range(3):
            try:
                os.replace(temps[0][0], folder / f"{stem}{temps[0][1]}")
                break
            except PermissionError:  # a name held by another user's file (sticky folder)
                if attempt == 2:
                    raise
                stem = f"{stem.rsplit('-', 1)[0]}-{secrets.token_hex(8)}"
        for temp, suffix in temps[1:]:
            os.replace(temp, folder / f"{stem}{suffix}")
        return stem, [f"{stem}{suffix}" for _temp, suffix in temps]
    except OSError as exc:
        room = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
        raise HandInFolderError(
            f"Your answers could not be handed in to {folder} ({_why(exc)}); "
            + ("your earlier hand-in is kept as it was, so tell your teacher."
               if room else "nothing was changed, so ask your teacher to check it.")) from None
    finally:
        for temp, _suffix in temps:
            with suppress(OSError):
                os.unlink(temp)


# The command line ------------------------------------------------------------------------------

def add_command(sub) -> None:
    """The ``handin-folder`` subcommand, for ``python -m lessons``."""
    command = sub.add_parser("handin-folder", help="set up or check a JupyterHub class "
                                                   "hand-in folder")
    actions = command.add_subparsers(dest="action", required=True)
    make = actions.add_parser("setup", help="make the folder (as root or as the teacher)")
    make.add_argument("path", help="the folder, e.g. /srv/course-handins/class-10b")
    make.add_argument("--teacher", required=True, help="the teacher's user name on the hub")
    make.add_argument("--group", help="a group of teachers only (default: the teacher's own)")
    look = actions.add_parser("check", help="say whether a folder is safe to hand in to")
    look.add_argument("path")


def run_command(args) -> int:
    """Run ``handin-folder setup`` or ``handin-folder check``; returns the exit status."""
    import sys

    if args.action == "setup":
        try:
            print(setup(args.path, args.teacher, args.group))
        except HandInFolderError as exc:
            print(exc, file=sys.stderr)
            return 1
        return 0
    problems = check(args.path)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"The hand-in folder is safe. {_describe(Path(args.path).absolute())}.")
    return 1 if problems else 0

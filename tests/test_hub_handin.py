"""The class hand-in folder (lessons/hub_handin.py): students hand in with one call, the teacher
reads every hand-in, and no student can list the folder or read another student's hand-in.

The last test runs on a real JupyterHub (the jupyterhub package, configurable-http-proxy, the
dummy authenticator and the local-process spawner) with real system users made with useradd:
a teacher and two students, each with a single-user server of their own. Code runs in each
user's kernel through their server's API, so every permission is checked from that user's own
process. It needs root (as in CI) to make users, and is skipped with the reason otherwise.
"""

from __future__ import annotations

import errno
import html
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from servers import ROOT, need_hub, run_in_kernel, running, write_hub_config

from lessons import hub_handin, progress

RIGHT, WRONG = SimpleNamespace(status="right"), SimpleNamespace(status="wrong")


def _answer(lesson="00_start_here", question="not-a-neighbour", answer="Egypt", result=RIGHT):
    progress.record(lesson, question, answer, result)


@pytest.fixture
def folder(tmp_path, monkeypatch, progress_dir):
    """A hand-in folder set up for the user running the tests, named in $COURSE_HANDIN_DIR."""
    me = hub_handin._user_name(os.geteuid())
    path = tmp_path / "handins"
    monkeypatch.setattr(hub_handin, "group_members", lambda gid: {me})
    monkeypatch.setattr(hub_handin, "_ancestor_problems", lambda folder: [])  # pytest's 0700
    hub_handin.setup(path, me)
    monkeypatch.setenv(hub_handin.ENV, str(path))
    return path


def _listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


# The folder's permissions ------------------------------------------------------------------------

def test_setup_makes_a_folder_students_can_write_but_not_list(folder):
    mode = stat.S_IMODE(os.stat(folder).st_mode)
    assert mode == 0o3733
    assert hub_handin.folder_problems(folder) == []
    assert hub_handin.check(folder) == []


@pytest.mark.parametrize("mode, words", [
    (0o777, "every user can list it"),
    (0o2733, "sticky bit"),
    (0o1733, "set-group-id"),
    (0o3700, "students cannot write in it"),
])
def test_the_permission_check_fails_on_a_broken_folder(folder, mode, words):
    os.chmod(folder, mode)
    problems = hub_handin.folder_problems(folder)
    assert any(words in problem for problem in problems), problems
    # ... and a student's hand-in is refused, with nothing written.
    _answer()
    said = hub_handin.hand_in_to_class("Sam K.")
    assert "not set up safely" in said and "nothing was handed in" in said
    assert _listing(folder) == []


def test_the_check_command_says_what_is_wrong(folder, capsys):
    from lessons.__main__ import main

    assert main(["handin-folder", "check", str(folder)]) == 0
    assert "is safe" in capsys.readouterr().out
    os.chmod(folder, 0o777)
    assert main(["handin-folder", "check", str(folder)]) == 1
    assert "every user can list it" in capsys.readouterr().out


def test_setup_refuses_a_folder_students_cannot_reach(tmp_path, monkeypatch):
    me = hub_handin._user_name(os.geteuid())
    monkeypatch.setattr(hub_handin, "group_members", lambda gid: {me})
    os.chmod(tmp_path, 0o700)
    with pytest.raises(hub_handin.HandInFolderError,
                       match=f"students cannot get through the folder {tmp_path} "):
        hub_handin.setup(tmp_path / "handins", me)


def test_setup_refuses_a_group_that_students_are_in(tmp_path, monkeypatch):
    me = hub_handin._user_name(os.geteuid())
    monkeypatch.setattr(hub_handin, "group_members", lambda gid: {me, "sam", "alex"})
    with pytest.raises(hub_handin.HandInFolderError, match="alex, sam, who could read"):
        hub_handin.setup(tmp_path / "handins", me)
    assert not (tmp_path / "handins").exists()


# Handing in -------------------------------------------------------------------------------------

def test_a_hand_in_is_the_export_under_a_safe_name_and_private(folder):
    _answer()
    said = hub_handin.hand_in_to_class("Zoë O'Neil <b>")
    assert said == ("Your answers are handed in to your teacher under the name Zoë O'Neil <b>; "
                    "if you hand in again, this copy is replaced.")
    names = _listing(folder)
    assert names and all(n.startswith("zoe-o-neil-b-") for n in names)
    assert any(n.endswith(".md") for n in names)
    for name in names:
        info = os.stat(folder / name)
        assert stat.S_IMODE(info.st_mode) == 0o640
        assert info.st_gid == os.stat(folder).st_gid
    text = next(folder.glob("*.md")).read_text(encoding="utf-8")
    assert "Egypt" in text


def test_a_chosen_name_with_markup_is_shown_as_written(folder):
    from markdown_it import MarkdownIt

    _answer()
    name = "**Sam** <img src=x onerror=alert(1)> [me](javascript:alert(1)) `x`"
    said = hub_handin.hand_in_to_class(name)
    assert name in str(said)
    page = MarkdownIt("commonmark").render(said._repr_markdown_())
    for markup in ("<strong", "<img", "<a ", "<code"):
        assert markup not in page, page
    assert "**Sam**" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    shown = html.unescape(re.sub(r"</?p>", "", page)).strip()
    assert shown == str(said)  # the page shows exactly the sentence, no backslashes


def test_the_file_mode_does_not_depend_on_the_umask(folder):
    _answer()
    old = os.umask(0)
    try:
        hub_handin.hand_in_to_class("Sam")
    finally:
        os.umask(old)
    assert {stat.S_IMODE(os.stat(p).st_mode) for p in folder.iterdir()} == {0o640}


def test_handing_in_again_replaces_the_students_own_copy(folder):
    _answer(result=WRONG, answer="Iraq")
    hub_handin.hand_in_to_class("Sam K.")
    first = _listing(folder)
    _answer()
    assert "handed in" in hub_handin.hand_in_to_class()  # the name is remembered
    assert _listing(folder) == first
    assert "Egypt" in next(folder.glob("*.md")).read_text(encoding="utf-8")
    # A new name: the old copy goes, so the teacher never sees this student twice.
    hub_handin.hand_in_to_class("Samira K.")
    names = _listing(folder)
    assert len(names) == len(first) and all(n.startswith("samira-k-") for n in names)


def test_another_students_file_is_never_replaced(folder, monkeypatch, tmp_path):
    _answer()
    hub_handin.hand_in_to_class("Sam K.")
    theirs = {n: (folder / n).read_bytes() for n in _listing(folder)}
    # A second student, with a progress folder of their own, choosing the same name.
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "second-student"))
    _answer(answer="Jordan", result=WRONG)
    hub_handin.hand_in_to_class("Sam K.")
    assert all((folder / n).read_bytes() == data for n, data in theirs.items())
    assert len(_listing(folder)) == 2 * len(theirs)


@pytest.mark.parametrize("setting, words", [
    (None, "no hand-in folder on this hub"),
    ("missing", "does not exist yet"),
])
def test_no_folder_gets_one_sentence(tmp_path, monkeypatch, progress_dir, setting, words):
    if setting is None:
        monkeypatch.delenv(hub_handin.ENV, raising=False)
    else:
        monkeypatch.setenv(hub_handin.ENV, str(tmp_path / setting))
    _answer()
    said = hub_handin.hand_in_to_class("Sam")
    assert words in said and said.count(". ") == 0


def test_no_answers_and_no_name_get_one_sentence_each(folder):
    assert "no saved answers yet" in hub_handin.hand_in_to_class("Sam")
    _answer()
    assert "Say the name to hand in under first" in hub_handin.hand_in_to_class()
    assert "most is 80" in hub_handin.hand_in_to_class("S" * 81)
    assert _listing(folder) == []


def test_a_full_disk_keeps_the_earlier_hand_in(folder, monkeypatch):
    _answer()
    hub_handin.hand_in_to_class("Sam")
    before = {n: (folder / n).read_bytes() for n in _listing(folder)}
    real_open = os.open

    def full(path, flags, mode=0o777, **kw):
        if ".handing-in-" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, mode, **kw)

    monkeypatch.setattr(hub_handin.os, "open", full)
    _answer(question="coast-cities", answer="Latakia")
    said = hub_handin.hand_in_to_class()
    assert "the disk is full" in said and "earlier hand-in is kept" in said
    assert {n: (folder / n).read_bytes() for n in _listing(folder)} == before
    assert progress.answers()["00_start_here"]["coast-cities"]  # the answer itself is kept


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_the_student_may_not_write_gets_one_sentence(folder):
    _answer()
    os.chmod(folder, 0o3710)  # looks set up, but others have no write bit
    said = hub_handin.hand_in_to_class("Sam")
    assert "not set up safely" in said or "may not write" in said


def test_safe_names():
    assert hub_handin.safe_name("Zoë O'Neil") == "zoe-o-neil"
    assert hub_handin.safe_name("../../etc/passwd") == "etc-passwd"
    assert hub_handin.safe_name("<script>") == "script"
    assert hub_handin.safe_name("منى") == "student"
    assert len(hub_handin.safe_name("x" * 500)) == hub_handin.MAX_NAME


# On a real JupyterHub, with real users ----------------------------------------------------------

def _need_root_hub() -> None:
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("useradd"):
        pytest.skip("the JupyterHub hand-in test makes real system users, so it needs root on "
                    "Linux with useradd (as CI runs); run it there")
    need_hub("JupyterHub hand-in test")


def _api(base: str, token: str, method: str, path: str, body=None):
    request = urllib.request.Request(
        f"{base}/hub/api{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def _start_server(base: str, token: str, user: str) -> str:
    _api(base, token, "POST", f"/users/{user}/server")
    deadline = time.time() + 120
    while time.time() < deadline:
        model = _api(base, token, "GET", f"/users/{user}")
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            return f"{base}/user/{user}"
        time.sleep(0.5)
    pytest.fail(f"the single-user server of {user} did not start")


@pytest.fixture
def class_on_hub(tmp_path):
    """A JupyterHub with a teacher and two students as real system users, and a hand-in folder
    set up by the course's own command (as root, the hub admin)."""
    _need_root_hub()
    tag = secrets.token_hex(3)
    users = {"teacher": f"ht{tag}", "a": f"hsa{tag}", "b": f"hsb{tag}"}
    made = []
    shared = Path(tempfile.mkdtemp(prefix="course-hub-handin-", dir="/tmp"))
    os.chmod(shared, 0o755)
    try:
        for name in users.values():
            added = subprocess.run(["useradd", "--create-home", "--user-group", "--shell",
                                    "/usr/sbin/nologin", name], capture_output=True, text=True)
            if added.returncode != 0:  # e.g. root only inside a user namespace
                pytest.skip(f"useradd could not make a test user: {added.stderr.strip()}")
            made.append(name)
        folder = shared / "class-10b"
        setup = subprocess.run([sys.executable, "-m", "lessons", "handin-folder", "setup",
                                str(folder), "--teacher", users["teacher"]],
                               cwd=ROOT, capture_output=True, text=True)
        assert setup.returncode == 0, setup.stderr
        assert "ready" in setup.stdout

        token = secrets.token_hex(32)
        hub = write_hub_config(tmp_path, {hub_handin.ENV: str(folder), "MPLBACKEND": "Agg"},
                               more=f"""
c.JupyterHub.services = [{{"name": "course-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "course-test", "services": ["course-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}}]
""")
        base = hub.base
        try:
            with running(hub.command, tmp_path / "hub.log", f"{base}/hub/login",
                         "JupyterHub", cwd=tmp_path):
                servers = {}
                for role, name in users.items():
                    _api(base, token, "POST", f"/users/{name}")
                    servers[role] = _start_server(base, token, name)
                yield {"folder": folder, "users": users, "token": token, "servers": servers,
                       "log": tmp_path / "hub.log"}
                for name in users.values():
                    _api(base, token, "DELETE", f"/users/{name}/server")
        finally:
            subprocess.run(["pkill", "-f", "--", f"--api-port {hub.api_port}"],
                           capture_output=True)
    finally:
        for name in made:
            subprocess.run(["userdel", "--force", "--remove", name], capture_output=True)
        shutil.rmtree(shared, ignore_errors=True)


HAND_IN = """
from types import SimpleNamespace
from lessons import hub_handin, progress
progress.record("00_start_here", "not-a-neighbour", {answer!r}, SimpleNamespace(status={status!r}))
print(hub_handin.hand_in_to_class({name!r}))
"""

TRY = """
import os, pwd
print(pwd.getpwuid(os.geteuid()).pw_name)
for what, act in (("list", lambda: os.listdir({folder!r})),
                  ("read", lambda: open({other!r}, "rb").read()),
                  ("remove", lambda: os.unlink({other!r}))):
    try:
        act()
        print(what, "ALLOWED")
    except PermissionError:
        print(what, "PermissionError")
"""

CHECK = """
import subprocess, sys
print(subprocess.run([sys.executable, "-m", "lessons", "handin-folder", "check", {folder!r}],
                     capture_output=True, text=True).stdout)
"""

TEACHER = """
import json, os
folder = {folder!r}
names = sorted(os.listdir(folder))
print(json.dumps({{n: open(os.path.join(folder, n), encoding="utf-8").read() for n in names}}))
"""


def test_on_the_hub_students_hand_in_and_only_the_teacher_reads_them(class_on_hub):
    hub = class_on_hub
    folder, token, servers = str(hub["folder"]), hub["token"], hub["servers"]

    said = run_in_kernel(servers["a"], token, HAND_IN.format(answer="Iraq", status="wrong",
                                                             name="Student A"))
    assert said.strip() == ("Your answers are handed in to your teacher under the name "
                            "Student A; if you hand in again, this copy is replaced.")
    said = run_in_kernel(servers["b"], token, HAND_IN.format(answer="Egypt", status="right",
                                                             name="Student B"))
    assert "under the name Student B" in said
    # Student A hands in again, after a second try: still one copy of A's.
    said = run_in_kernel(servers["a"], token, HAND_IN.format(answer="Egypt", status="right",
                                                             name="Student A"))
    assert "this copy is replaced" in said

    handed = json.loads(run_in_kernel(servers["teacher"], token, TEACHER.format(folder=folder)))
    a_files = [n for n in handed if n.startswith("student-a-")]
    b_files = [n for n in handed if n.startswith("student-b-")]
    assert len(a_files) == len(b_files) >= 1 and len(handed) == len(a_files) + len(b_files)
    a_text = next(handed[n] for n in a_files if n.endswith(".md"))
    b_text = next(handed[n] for n in b_files if n.endswith(".md"))
    assert "Iraq" in a_text and "Egypt" in a_text  # both of A's tries, in the later copy
    assert "Egypt" in b_text and "Iraq" not in b_text
    for name in handed:
        info = os.stat(Path(folder) / name)
        assert stat.S_IMODE(info.st_mode) == 0o640
        assert info.st_uid != os.stat(folder).st_uid  # each file is its student's own

    checked = run_in_kernel(servers["teacher"], token, CHECK.format(folder=folder))
    assert "The hand-in folder is safe" in checked, checked

    b_file = str(Path(folder) / next(n for n in b_files if n.endswith(".md")))
    tried = run_in_kernel(servers["a"], token, TRY.format(folder=folder, other=b_file))
    assert tried.split() == [hub["users"]["a"], "list", "PermissionError", "read",
                             "PermissionError", "remove", "PermissionError"], tried

    # A broken setup (mode 0777, as an admin might "fix" it) is refused by the student's check.
    os.chmod(folder, 0o777)
    try:
        said = run_in_kernel(servers["b"], token, HAND_IN.format(answer="Egypt",
                                                                 status="right",
                                                                 name="Student B"))
        assert "not set up safely" in said and "every user can list it" in said
        again = json.loads(run_in_kernel(servers["teacher"], token,
                                         TEACHER.format(folder=folder)))
        assert again == handed  # nothing was written or changed
    finally:
        os.chmod(folder, 0o3733)

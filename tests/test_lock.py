"""The lock: binder/requirements.lock.txt holds the exact version of every package that Binder and
the hub image (deploy/) install, so an upstream release cannot change a class's software in the
middle of a term. It must agree with pyproject.toml, and be what binder/requirements.txt installs.
(tests/test_binder.py checks that the environment built from binder/ has exactly these versions.)
"""

from __future__ import annotations

import re

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (in the test extra)
    import tomli as tomllib

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from servers import ROOT, script

LOCK = ROOT / "binder" / "requirements.lock.txt"
PROJECT = "syria-war-course"


def read_lock(text: str) -> tuple[dict[str, str], dict[str, set[str]], list[str]]:
    """(name -> pinned version, name -> what it is there for, lines that are not a pin)."""
    pins, via, odd, current = {}, {}, [], None
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            reason = re.sub(r"^#\s*(via\s+)?", "", stripped).strip()
            if current and line.startswith("    #") and reason:
                via[current].add(reason.split(" (")[0])
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)", stripped)
        if not match:
            odd.append(f"line {number}: {stripped}")
            current = None
            continue
        current = canonicalize_name(match[1])
        pins[current] = match[2]
        via[current] = set()
    return pins, via, odd


def lock_problems(text: str, pyproject: dict, python: str) -> list[str]:
    """Every way the lock disagrees with pyproject.toml, one sentence each ([] when it agrees)."""
    pins, via, odd = read_lock(text)
    found = [f"not an exact pin ({line}): the lock must say name==version" for line in odd]
    env = {**default_environment(), "python_version": python,
           "python_full_version": f"{python}.0", "sys_platform": "linux",
           "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix"}
    wanted = [*pyproject["project"]["dependencies"],
              *pyproject["project"]["optional-dependencies"]["hub"]]
    direct = set()
    for line in wanted:
        need = Requirement(line)
        if need.marker and not need.marker.evaluate(env):
            continue
        name = canonicalize_name(need.name)
        direct.add(name)
        if name not in pins:
            found.append(f"{need.name} is in pyproject.toml but not pinned in the lock")
        elif not need.specifier.contains(pins[name], prereleases=True):
            found.append(f"{need.name}=={pins[name]} is outside pyproject's {need.specifier}")
    for name, reasons in sorted(via.items()):
        if PROJECT in reasons and name not in direct:
            found.append(f"{name} is in the lock for the course itself, but pyproject.toml's "
                         "dependencies and hub extra do not name it (a test-only package?)")
    return found


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _python() -> str:
    return (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")


def test_the_lock_agrees_with_pyproject():
    assert lock_problems(LOCK.read_text(encoding="utf-8"), _pyproject(), _python()) == []


def test_the_lock_check_finds_each_kind_of_disagreement():
    text = LOCK.read_text(encoding="utf-8")
    pins, _via, _odd = read_lock(text)
    assert len(pins) > 50 and {"jupyterlab", "nbgitpuller", "text2qti"} <= set(pins)
    # a package pyproject needs, missing from the lock
    missing = re.sub(r"(?m)^nbgitpuller==.*\n(    #.*\n)*", "", text)
    assert lock_problems(missing, _pyproject(), _python()) == [
        "nbgitpuller is in pyproject.toml but not pinned in the lock"]
    # a pin outside pyproject's range
    old = re.sub(r"(?m)^jupyterlab==.*$", "jupyterlab==3.6.0", text)
    assert lock_problems(old, _pyproject(), _python()) == [
        "jupyterlab==3.6.0 is outside pyproject's <5,>=4.2"]
    # a range instead of a pin
    loose = re.sub(r"(?m)^pandas==.*$", "pandas>=2.1", text)
    assert any(p.startswith("not an exact pin (line") and "pandas>=2.1" in p
               for p in lock_problems(loose, _pyproject(), _python()))
    # a test-only package locked as if the course needed it (compiled with --all-extras)
    extra = text + "playwright==1.50.0\n    # via syria-war-course (pyproject.toml)\n"
    assert lock_problems(extra, _pyproject(), _python()) == [
        "playwright is in the lock for the course itself, but pyproject.toml's dependencies "
        "and hub extra do not name it (a test-only package?)"]


def test_the_lock_was_made_by_the_command_course_py_runs():
    """`python3 course.py lock` refreshes it; the lock's own header says what made it, and the
    Python it resolved for is binder/runtime.txt's."""
    header = LOCK.read_text(encoding="utf-8").splitlines()[:2]
    assert header[0] == "# This file was autogenerated by uv via the following command:"
    assert header[1].split() == ["#", *script(ROOT / "course.py", "course_script").lock_command()]
    assert f"--python-version {_python()} " in header[1]


def test_binder_installs_the_lock_and_the_course_and_nothing_else():
    requirements = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").split()
    assert requirements == ["-r", "requirements.lock.txt", "-e", "."]

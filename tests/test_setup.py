"""The README's quick start, CI and Binder stay true to each other."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands_one_to_open_one_to_test():
    assert _quick_start_commands() == ["python3 course.py lab", "python3 course.py test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines()
                if line.strip() and not line.lstrip().startswith(("#", "set ", "cd ", "export "))]
    assert commands == [_quick_start_commands()[1]]


def test_lab_command_opens_lesson_00():
    source = (ROOT / "course.py").read_text(encoding="utf-8")
    assert '"00_start_here.ipynb"' in source


def test_course_script_explains_itself_when_called_wrongly():
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "nonsense"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "python3 course.py lab" in result.stdout and "Traceback" not in result.stderr


def test_readme_lists_every_lesson_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"(notebooks/{notebook.name})" in readme


def test_every_test_the_readme_names_exists():
    # The faults table promises a test per case; a renamed or deleted test must not leave the
    # README promising one that is not there.
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_[a-z0-9_]+)`", readme))
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("*.py"))
    defined = set(re.findall(r"^def (test_[a-z0-9_]+)", source, re.M))
    assert named and named <= defined, sorted(named - defined)

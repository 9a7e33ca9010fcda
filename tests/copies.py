"""A copy of the catalogue and the notebooks that a test may break (used by the catalogue and
quiz-bank fault tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_catalog(tmp_path: Path, monkeypatch):
    """lessons/catalog and notebooks/ copied to a temporary folder and used instead of the real
    ones (a test file makes this its `catalog_copy` fixture); the test may edit lesson.yaml,
    teacher.md and notebook files there."""
    from lessons import catalog

    copy = tmp_path / "lessons" / "catalog"
    shutil.copytree(ROOT / "lessons" / "catalog", copy,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    monkeypatch.setattr(catalog, "CATALOG", copy)
    catalog._cached.cache_clear()
    yield copy
    catalog._cached.cache_clear()


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a text file (the test fails at once if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The line of a text file where ``needle`` first appears."""
    text = path.read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1

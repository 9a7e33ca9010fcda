"""What the course's commands share (``python -m lessons`` and its quiz export): reading a list
of lessons as a teacher types it, and checking a folder can take the files before any work."""

from __future__ import annotations

import tempfile
from pathlib import Path

from lessons.errors import CourseError


def lesson_ids(spec: str | None) -> list[str] | None:
    """'01,05' -> the ids of those lessons; None -> every lesson."""
    from lessons.catalog import all_lessons

    if not spec:
        return None
    ids = []
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        matches = [lesson.id for lesson in all_lessons()
                   if lesson.id == part or lesson.id.startswith(part.zfill(2) + "_")]
        if not matches:
            raise CourseError(f"There is no lesson {part!r}. Use numbers like 01,05 or full ids.")
        ids += matches
    return ids


def ready_to_write(folder: Path, targets: list[Path], force: bool) -> list[Path]:
    """Check, before any work is done, that ``folder`` can be written and that no file in
    ``targets`` would be replaced unless ``force`` says so; return the ones already there."""
    there = [path for path in targets if path.exists()]
    if there and not force:
        names = ", ".join(str(path) for path in there[:3])
        more = f" and {len(there) - 3} more" if len(there) > 3 else ""
        one = len(there) == 1
        raise CourseError(f"{names}{more} {'is' if one else 'are'} already there. To replace "
                          f"{'it' if one else 'them'}, run the command again with --force, or "
                          "choose another folder with --out.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".course-write-test-"):
            pass
    except OSError as exc:
        raise CourseError(f"The folder {folder} cannot be written ({exc.strerror or exc}). "
                          "Choose a folder you can write in with --out.") from None
    return there

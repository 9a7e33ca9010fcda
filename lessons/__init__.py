"""The course's helper library: load the cited data, draw the house charts and maps, run quizzes.

Notebooks import what they need, for example ``from lessons import load, cite``. The heavier
parts (``plots``, ``maps``, ``quiz``) are imported only when a lesson asks for them.
"""

from lessons.errors import CourseDataError, CourseError, ProgressError, QuizError
from lessons.kernel import install_in_running_kernel

install_in_running_kernel()  # a cell run before the cells above it gets a plain sentence

__all__ = [
    "CourseDataError",
    "CourseError",
    "ProgressError",
    "QuizError",
    "cite",
    "load",
    "source_list",
]

__version__ = "0.1.0"


def load(name: str):
    """Return the dataset ``name`` (for example ``"places"``) as a checked pandas DataFrame."""
    from lessons.data import load as _load

    return _load(name)


def cite(source_id: str) -> str:
    """Return one source as a line of text: publisher, title, date and address."""
    from lessons.sources import cite as _cite

    return _cite(source_id)


def source_list(source_ids):
    """Show the numbered list of sources a lesson used (for the end of each notebook)."""
    from lessons.sources import source_list as _source_list

    return _source_list(source_ids)

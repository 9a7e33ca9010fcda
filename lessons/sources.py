"""The source registry (data/sources.csv): every figure in the course cites a row here."""

from __future__ import annotations

from lessons.errors import CourseDataError


def _registry():
    from lessons.data import load

    return load("sources").set_index("source_id")


def _line(registry, source_id: str) -> str:
    if source_id not in registry.index:
        raise CourseDataError([f"data/sources.csv: there is no source with the id {source_id!r}"])
    row = registry.loc[source_id]
    author = f" ({row['author']})" if row["author"] else ""
    published = row["published"] or "undated"
    return (f"{row['publisher']}{author}, \u201c{row['title']}\u201d, {published}. "
            f"{row['url']} (read {row['accessed']:%Y-%m-%d})")


def cite(source_id: str) -> str:
    """Return one source as a line: publisher, title, date, address and when we read it."""
    return _line(_registry(), source_id)


def source_lines(source_ids) -> list[str]:
    """The numbered source lines for a list of ids, in the order given, without repeats."""
    registry = _registry()  # once for the whole list, not once per source
    unique = list(dict.fromkeys(source_ids))
    return [f"{n}. [{sid}] {_line(registry, sid)}" for n, sid in enumerate(unique, start=1)]


def source_list(source_ids):
    """Show the sources a lesson used as a numbered list (Markdown in a notebook)."""
    text = "\n".join(source_lines(source_ids))
    try:
        from IPython.display import Markdown
    except ImportError:  # outside Jupyter: plain text is enough
        return text
    return Markdown(text)


def for_lesson(lesson_id: str):
    """Show the sources listed in a lesson's catalogue file, for the end of its notebook."""
    from lessons.catalog import get_lesson

    return source_list(get_lesson(lesson_id).sources)

"""Tables and record cards for students to read: full text, wrapped, left-aligned, no index,
only the columns the lesson needs, numbers and dates written the way people write them.

pandas' own display cuts long text at 50 characters, prints an index and writes NaN; a lesson
shows ``table(frame, ...)`` or ``card(frame, key, ...)`` instead. Everything is escaped before it
becomes HTML, so text from a data file is shown as text, never run as markup.
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass

import pandas as pd

from lessons.data import records
from lessons.errors import CourseDataError

EMPTY = "\u2014"  # an em dash where a table has no value: never "NaN" or "None"

STYLE = (
    "<style>"
    ".course-table{border-collapse:collapse;margin:0.4em 0 0.8em 0;font-size:0.95em}"
    ".course-table th,.course-table td{text-align:left!important;vertical-align:top;"
    "padding:0.3em 0.7em;"
    "border-bottom:1px solid #cccccc;white-space:normal;overflow-wrap:break-word;max-width:38em}"
    ".course-table th{background:#f2f2f2;font-weight:bold;overflow-wrap:normal}"
    ".course-table td.course-number{text-align:right!important;white-space:nowrap}"
    ".course-card{border:1px solid #bbbbbb;border-radius:4px;padding:0.5em 0.9em;margin:0.4em 0;"
    "max-width:46em}"
    ".course-card dl{display:grid;grid-template-columns:minmax(8em,max-content) 1fr;"
    "column-gap:1em;row-gap:0.35em;margin:0.3em 0}"
    ".course-card dt{font-weight:bold;float:none!important;width:auto!important;"
    "text-align:left!important;max-width:16em;margin:0!important}"
    ".course-card dd{margin:0!important;white-space:normal}"
    ".course-card dd ul{margin:0.1em 0;padding-left:1.2em}"
    ".course-caption{font-style:italic;margin:0.2em 0}"
    "</style>"
)


class Sentence(str):
    """A plain sentence for a student, shown as text (not as a quoted Python string)."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        return html.escape(str(self))


def readable(value) -> str:
    """One value as a person would write it: 1,134 not 1134.0; 13 December 2016 not a timestamp;
    a dash for a missing value; a list of ids with commas."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return EMPTY
    if value is pd.NaT or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return EMPTY
    if isinstance(value, pd.Timestamp):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if hasattr(value, "item"):  # a numpy number
        return readable(value.item())
    text = str(value).strip()
    return text if text else EMPTY


def _columns(frame: pd.DataFrame, columns) -> dict[str, str]:
    """The columns to show, as {column: heading}; a list of names gets headings from the names."""
    if columns is None:
        columns = list(frame.columns)
    if isinstance(columns, dict):
        chosen = dict(columns)
    else:
        chosen = {name: name.replace("_", " ") for name in columns}
    missing = [name for name in chosen if name not in frame.columns]
    if missing:
        known = ", ".join(frame.columns)
        raise CourseDataError([f"this table has no column {missing[0]!r} (it has: {known})"])
    return chosen


@dataclass(frozen=True)
class Table:
    """A table for reading. Shown as HTML in a notebook and as wrapped plain text elsewhere."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    caption: str = ""

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in self.headings)
        body = "".join(
            "<tr>" + "".join(
                f'<td class="course-number">{html.escape(cell)}</td>' if number
                else f"<td>{html.escape(cell)}</td>"
                for cell, number in zip(row, self.numeric)) + "</tr>"
            for row in self.rows)
        caption = (f'<p class="course-caption">{html.escape(self.caption)}</p>'
                   if self.caption else "")
        if not self.rows:
            body = f'<tr><td colspan="{len(self.headings)}">No rows match.</td></tr>'
        return (f"{STYLE}{caption}<table class=\"course-table course-record\"><thead><tr>{head}"
                f"</tr></thead><tbody>{body}</tbody></table>")

    def __repr__(self) -> str:
        blocks = [self.caption] if self.caption else []
        for row in self.rows:
            lines = [textwrap.fill(f"{h}: {cell}", 90, subsequent_indent="    ")
                     for h, cell in zip(self.headings, row)]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) if blocks else "No rows match."

    @property
    def text(self) -> str:
        """Every cell's text, for the reading-level test."""
        return " ".join(cell for row in self.rows for cell in row)

    def __len__(self) -> int:
        return len(self.rows)


def table(frame: pd.DataFrame, columns=None, *, caption: str = "", sort: str | None = None,
          limit: int | None = None) -> Table:
    """Show ``frame`` for reading: ``columns`` is a list of column names, or a mapping from
    column name to the heading students see. Nothing is cut; missing values show as a dash."""
    chosen = _columns(frame, columns)
    rows = frame.sort_values(sort) if sort else frame
    if limit is not None:
        rows = rows.head(limit)
    cells = tuple(tuple(readable(row[name]) for name in chosen)
                  for row in records(rows[list(chosen)]))
    numeric = tuple(pd.api.types.is_numeric_dtype(frame[name]) for name in chosen)
    return Table(tuple(chosen.values()), cells, numeric, caption)


def _html_value(value: str | tuple[str, ...]) -> str:
    """A card field's value as HTML: text, or a list of items as a bulleted list."""
    if isinstance(value, tuple):
        return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in value) + "</ul>"
    return html.escape(value)


def _sentences(value: str | tuple[str, ...]) -> str:
    """A field's text for the reading-level test: each list item is read as its own line."""
    if not isinstance(value, tuple):
        return value
    return " ".join(item if item.endswith((".", "!", "?")) else f"{item}." for item in value)


def field_lines(fields) -> list[str]:
    """A card's fields as wrapped plain-text lines; a tuple value becomes a list of items."""
    lines = []
    for name, value in fields:
        if isinstance(value, tuple):
            lines += [f"{name}:", *(textwrap.fill(f"  - {item}", 90, subsequent_indent="    ")
                                    for item in value)]
        else:
            lines.append(textwrap.fill(f"{name}: {value}", 90, subsequent_indent="    "))
    return lines


@dataclass(frozen=True)
class Card:
    """One record, field by field, for reading a long row in full. A field's value is text, or
    a tuple of items shown one to a line as a bulleted list."""

    title: str
    fields: tuple[tuple[str, str | tuple[str, ...]], ...]

    def _repr_html_(self) -> str:
        items = "".join(f"<dt>{html.escape(name)}</dt><dd>{_html_value(value)}</dd>"
                        for name, value in self.fields)
        title = f"<p><strong>{html.escape(self.title)}</strong></p>" if self.title else ""
        return f'{STYLE}<div class="course-card course-record">{title}<dl>{items}</dl></div>'

    def __repr__(self) -> str:
        return "\n".join(([self.title] if self.title else []) + field_lines(self.fields))

    @property
    def text(self) -> str:
        """The card's text, for the reading-level test."""
        return " ".join(_sentences(value) for _name, value in self.fields)


def find_row(frame: pd.DataFrame, key: str) -> pd.Series:
    """The row whose id (the table's first column) is ``key``, or an error naming the id."""
    id_column = frame.columns[0]
    rows = frame[frame[id_column] == key]
    if rows.empty:
        raise CourseDataError([f"no row with {id_column.replace('_', ' ')} {key!r} in this table"])
    return rows.iloc[0]


def card(frame: pd.DataFrame, key: str, columns=None, *, title: str | None = None) -> Card:
    """One row of ``frame`` (found by its id) as a card: each chosen column on its own line, in
    full. ``columns`` is a list of names or a mapping from name to the label students see."""
    row = find_row(frame, key)
    chosen = _columns(frame, columns)
    fields = tuple((label, readable(row[name])) for name, label in chosen.items())
    return Card(title if title is not None else "", fields)

"""The source registry (data/sources.csv): every figure in the course cites a row here."""

from __future__ import annotations

import re

from lessons.errors import CourseDataError
from lessons.sourcing import agency
from lessons.tables import Sentence

# [the shared sources table, it indexed by source_id, each id's name as a reader sees it]
_INDEXED: list = [None, None, None]


def _made_from_registry() -> list:
    """The registry indexed by id, and each source's short name, made again only when
    data/sources.csv has changed (a lesson names sources hundreds of times)."""
    from lessons.data import shared

    table = shared("sources")
    if _INDEXED[0] is not table:
        names = {sid: f"{publisher} ({published})" if published else publisher
                 for sid, publisher, published in zip(table["source_id"], table["publisher"],
                                                      table["published"])}
        _INDEXED[:] = [table, table.set_index("source_id"), names]
    return _INDEXED


def _registry():
    """The registry indexed by id."""
    return _made_from_registry()[1]


def _line(registry, source_id: str) -> str:
    if source_id not in registry.index:
        raise CourseDataError([f"data/sources.csv: there is no source with the id {source_id!r}"])
    row = registry.loc[source_id]
    author = f" ({row['author']})" if row["author"] else ""
    published = row["published"] or "undated"
    copy = row.get("copy_read_url", "")
    where = (f"{row['url']} (read {row['accessed']:%Y-%m-%d} in a copy at {copy})"
             if copy and copy != row["url"] else f"{row['url']} (read {row['accessed']:%Y-%m-%d})")
    carrier = row.get("carried_by", "")
    carried = f" (carried by {carrier})" if carrier else ""
    if agency(row["publisher"]):  # a wire story: agency, date, headline, who carried it
        return (f"{row['publisher']}{author}, {_day(row['published'])}, "
                f"{shown_title(row['title'])}{carried}. {where}")
    return f"{row['publisher']}{author}, {shown_title(row['title'])}, {published}{carried}. {where}"


def _day(published: str) -> str:
    """A date as people write it: "2011-11-16" -> "16 November 2011", "2011-11" -> "November
    2011", "2011" -> "2011"; "undated" when none is known."""
    parts = published.split("-") if published else []
    if not parts:
        return "undated"
    month = MONTHS[int(parts[1]) - 1] if len(parts) > 1 else ""
    return " ".join(p for p in (str(int(parts[2])) if len(parts) > 2 else "", month, parts[0]) if p)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


# Our registry marks a title it had to describe, because the page read did not show one, in
# square brackets ("[AFP report from Geneva...; headline not shown in stored copy]"), and one
# taken from a web address with "[title from URL]". A reader sees a description, not a quotation.
_NOT_SHOWN = re.compile(
    r"[;(]?\s*(the )?(headline|title)s?( was)? not (shown|recorded|given)[^\]]*", re.I)


def shown_title(title: str) -> str:
    """A source's title as a reader should see it: a real title in quotation marks; a title we
    had to describe, without quotation marks and marked as our description."""
    title = title.strip()
    if title.startswith("[title from URL]"):
        from_address = title.removeprefix("[title from URL]").strip()
        return f"\u201c{from_address}\u201d (title from its web address)"
    if title.startswith("[") and "]" in title:
        note, rest = title[1:].split("]", 1)
        if rest.strip():  # a note about a real title: "[Arabic headline not recorded] SOHR: ..."
            return f"\u201c{rest.strip()}\u201d ({note.strip()})"
        described = _NOT_SHOWN.sub("", note).strip(" ;,")
        described = described.removeprefix("Untitled excerpt:").strip()
        return f"{described} (no headline recorded)"
    return f"\u201c{title}\u201d"


def cite(source_id: str) -> Sentence:
    """Return one source as a line: publisher, title, date, address and when we read it."""
    return Sentence(_line(_registry(), source_id))


def named(source_ids, known: dict | None = None) -> str:
    """Sources as a reader names them, "Reuters (2016-12-13); Wikipedia", not as ids: for a
    table or card column beside the text. Takes a list of ids or one ";"-separated string."""
    known = _made_from_registry()[2] if known is None else known
    if isinstance(source_ids, str):
        source_ids = source_ids.split(";")
    names = []
    for sid in dict.fromkeys(s.strip() for s in source_ids if s.strip()):
        if sid not in known:
            raise CourseDataError([f"data/sources.csv: there is no source with the id {sid!r}"])
        names.append(known[sid])
    return "; ".join(dict.fromkeys(names))


def named_each(column) -> list[str]:
    """``named`` for each cell of a table's source_ids column, with the registry looked up
    once for the column, not once a row."""
    known = _made_from_registry()[2]
    return [named(ids, known) for ids in column]


def source_lines(source_ids) -> list[str]:
    """The numbered source lines for a list of ids, in the order given, without repeats."""
    registry = _registry()  # once for the whole list, not once per source
    unique = list(dict.fromkeys(source_ids))
    return [f"{n}. [{sid}] {_line(registry, sid)}" for n, sid in enumerate(unique, start=1)]


# What Markdown, or the HTML it lets through, reads as markup anywhere in a line. A backslash
# before each shows it as itself in every CommonMark reader (JupyterLab, nbconvert, mistune).
MARKUP = re.compile(r"([\\`*_\[\]<>&#|~$])")
# A web address, with the brackets of "(...)" inside it but not the one that closes a sentence,
# and without the full stop or comma that ends a sentence (an address may end in "...").
WEB_ADDRESS = re.compile(r"(https?://(?:[^\s<>()]|\([^\s<>()]*\))+(?<![,;:!?'\"*_~])(?<!\w\.))")


def plain_markdown(text) -> str:
    """Text from a course file as Markdown that shows exactly that text on one line, with its web
    addresses as links: no HTML, emphasis, code, heading, list or quotation is made from it."""
    parts = WEB_ADDRESS.split(" ".join(str(text).split()))
    shown = "".join(f"<{part}>" if n % 2 else MARKUP.sub(r"\\\1", part)
                    for n, part in enumerate(parts))
    return re.sub(r"^(\d*)([-+.)])", r"\1\\\2", shown)  # "- x", "+ x", "1. x" open a list


class SourceList:
    """A numbered list of sources: Markdown in a notebook (escaped, so nothing in the source
    file becomes markup, and each address is a link), plain numbered lines anywhere else."""

    def __init__(self, lines: list[str]):
        self.lines = lines

    def __repr__(self) -> str:
        return "\n".join(self.lines)

    def _repr_markdown_(self) -> str:
        numbered = (re.match(r"(\d+\. )?(.*)", line, re.S).groups() for line in self.lines)
        return "\n".join((number or "") + plain_markdown(text) for number, text in numbered)


def source_list(source_ids) -> SourceList:
    """Show the sources a lesson used as a numbered list (Markdown in a notebook)."""
    return SourceList(source_lines(source_ids))


def lesson_source_ids(lesson_id: str) -> list[str]:
    """A lesson's sources: those its catalogue file lists, then those of the documents it reads
    (each document's card names its own, so the list at the end of the lesson holds them all)."""
    from lessons.catalog import get_lesson
    from lessons.documents import for_lesson as documents_for

    ids = list(get_lesson(lesson_id).sources)
    for source_ids in documents_for(lesson_id)["source_ids"]:
        ids += source_ids.split(";")
    return list(dict.fromkeys(ids))


def for_lesson(lesson_id: str):
    """Show the sources listed in a lesson's catalogue file, for the end of its notebook."""
    return source_list(lesson_source_ids(lesson_id))


class ReadingList(SourceList):
    """Further reading as a bulleted list: author (year), title, publisher, and what is in it."""

    def _repr_markdown_(self) -> str:
        return "\n".join("- " + plain_markdown(line) for line in self.lines)


def reading_lines(lesson_id: str) -> list[str]:
    """A lesson's further reading, one line a work, from data/further_reading.csv."""
    from lessons.data import load

    registry = _registry()
    reading = load("further_reading")
    lines = []
    for _, row in reading[reading["lesson"] == lesson_id].iterrows():
        work = registry.loc[row["source_id"]]
        lines.append(f"{work['author']} ({work['published']}), \u201c{work['title']}\u201d, "
                     f"{work['publisher']} ({work['kind']}). {row['note']} {work['url']}")
    return lines


def reading_for(lesson_id: str) -> ReadingList:
    """Show a lesson's further reading: books, articles and reports by researchers."""
    return ReadingList(reading_lines(lesson_id))

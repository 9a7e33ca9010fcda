"""First-hand documents students read: testimony, speeches, statements, UN texts, news reports.

Each row of data/documents.csv is one short excerpt, quoted exactly as its source printed it (or,
where marked, put in our words), with who said it, their role as they describe it and as others
do, when and where, the language and who translated it, and what is known of its reliability.
``document("id")`` shows one as a card; ``documents("a", "b")`` shows two or more side by side,
so a lesson can set one account beside another.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

import pandas as pd

from lessons.dates import as_known
from lessons.errors import CourseDataError
from lessons.tables import STYLE, Table, field_lines, table

# Kinds whose excerpt may be longer: a UN or court text is often read at more length.
LONG_KINDS = {"UN resolution", "UN report", "UN press release", "investigation finding",
              "court ruling", "official document"}
MAX_WORDS = 60
# How the data says that no translator is named; on a card it is said once, with the language.
UNNAMED_TRANSLATOR = {"translator not stated", "translator not named", "no translator named"}
# Words about people's deaths: a card that uses them, in the quotation or in our framing,
# carries a content note ("mentions deaths").
DEATH_WORDS = re.compile(r"\b(kill\w*|deaths?|died|die|dying|deadly|deadliest|executions?|"
                         r"tolls?|martyrs?|casualt\w*|massacres?|genocide|murder\w*)\b",
                         re.IGNORECASE)
# A written-out date ("13 December 2016") is kept on one line on a card.
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")
WRITTEN_DATE = re.compile(rf"\b(?:\d{{1,2}} (?:{MONTHS})(?: \d{{4}})?|(?:{MONTHS}) \d{{4}})\b")
MAX_WORDS_LONG = 110

CARD_STYLE = (
    "<style>"
    ".course-docs{display:flex;flex-wrap:wrap;gap:0.8em;align-items:flex-start}"
    ".course-doc{border:1px solid #999999;border-left:6px solid #0072B2;border-radius:4px;"
    "padding:0.5em 0.9em;margin:0.4em 0;max-width:46em;flex:1 1 22em;background:#ffffff}"
    ".course-doc .course-doc-kind{font-size:0.9em;color:#333333;margin:0}"
    ".course-doc h4{margin:0.2em 0 0.3em 0;font-size:1.05em}"
    ".course-doc blockquote{margin:0.5em 0;padding:0.3em 0.8em;border-left:3px solid #cccccc;"
    "font-size:1.05em;white-space:normal}"
    ".course-doc .course-doc-ours{font-style:italic}"
    # JupyterLab's output area floats a dd at 80% beside a dt at 20%
    # (.jp-OutputArea-output dd{float:left;width:80%}); unfloat both so no label wraps into a
    # narrow column beside the text above it.
    ".course-doc dl{margin:0.3em 0;display:block!important;width:auto!important}"
    ".course-doc dt{font-weight:bold;margin-top:0.3em;float:none!important;width:auto!important;"
    "max-width:none!important;text-align:left!important;clear:both!important}"
    ".course-doc dd{margin:0 0 0 1.2em!important;white-space:normal;float:none!important;"
    "width:auto!important;max-width:none!important}"
    ".course-doc .course-doc-date{white-space:nowrap}"
    ".course-doc .course-doc-note{font-size:0.9em;margin:0.3em 0;padding:0.2em 0.5em;"
    "background:#f2f2f2}"
    "</style>"
)

def load_documents() -> pd.DataFrame:
    """Every document, checked against its schema."""
    from lessons.data import load

    return load("documents")


def when(row) -> str:
    """The date a document was said or written, only as precisely as it is known."""
    return as_known(row["date"], row["date_precision"])


def _language(row) -> str:
    """The language line: the original language and who put it into English, each said once
    ("Original language and translator not stated", never "not stated" twice)."""
    language, translation = row["language"], row["translation"]
    if language == "English" and translation.startswith("original in English"):
        rest = translation.removeprefix("original in English").strip(" ;,")
        return "English (the original)" + (f"; {rest}" if rest else "")
    if language.startswith("not stated"):
        guess = language.removeprefix("not stated").strip()
        clauses = [c.strip() for c in translation.split(";") if c.strip()]
        unknown = [c for c in clauses if c in UNNAMED_TRANSLATOR]
        known = [c for c in clauses if c not in UNNAMED_TRANSLATOR]
        subject = "Original language" + (f" {guess}" if guess else "")
        if unknown:
            return "; ".join([f"{subject} and translator not stated", *known])
        return "; ".join([f"{subject} not stated", *known])
    return f"{language}; {translation}" if translation else language


def _kind(kind: str) -> str:
    """A kind with its first letter up ("UN press release" stays "UN", not "Un")."""
    return kind[:1].upper() + kind[1:]


def _published(text: str) -> str:
    """A source's date written out: "4 October 2012", "October 2012" or "2012"."""
    parts = text.split("-")
    if not text or not all(part.isdigit() for part in parts):
        return text
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    return as_known(pd.Timestamp("-".join(parts + ["01"] * (3 - len(parts)))), precision)


def _sources(source_ids: str) -> tuple[str, ...]:
    """Each source as 'Publisher, "Title", date' for a reader, not as an id."""
    from lessons.data import load
    from lessons.sources import shown_title

    registry = load("sources").set_index("source_id")
    lines = []
    for sid in source_ids.split(";"):
        row = registry.loc[sid]
        published = f", {_published(row['published'])}" if row["published"] else ""
        lines.append(f"{row['publisher']}, {shown_title(row['title'])}{published}")
    return tuple(lines)


def _html_text(text: str) -> str:
    """Text from a data file escaped for HTML, each written-out date kept on one line."""
    return WRITTEN_DATE.sub(lambda m: f'<span class="course-doc-date">{m.group(0)}</span>',
                            html.escape(text))


def markdown_text(text: str) -> str:
    """Text from a data file made safe for Markdown: no HTML, and no character that Markdown
    reads as emphasis, a link or code."""
    escaped = html.escape(str(text).replace("\n", " "), quote=False)
    for mark in ("\\", "`", "*", "_", "[", "]", "#", "|"):
        escaped = escaped.replace(mark, "\\" + mark)
    return escaped


@dataclass(frozen=True)
class DocumentCard:
    """One document for reading: who and when above the words, then where it is from and how
    far it can be trusted. Everything from the data file is escaped before it becomes HTML."""

    document_id: str
    kind: str
    heading: str
    excerpt: str
    is_paraphrase: bool
    fields: tuple[tuple[str, str | tuple[str, ...]], ...]
    content_flag: str = ""

    def _body(self) -> str:
        items = "".join(
            f"<dt>{html.escape(name)}</dt><dd>"
            + ("<ul>" + "".join(f"<li>{_html_text(v)}</li>" for v in value) + "</ul>"
               if isinstance(value, tuple) else _html_text(value))
            + "</dd>"
            for name, value in self.fields)
        note = (f'<p class="course-doc-note">Content note: {html.escape(self.content_flag)}</p>'
                if self.content_flag else "")
        if self.is_paraphrase:
            words = ('<blockquote class="course-doc-ours">In our words (not a quotation): '
                     f"{html.escape(self.excerpt)}</blockquote>")
        else:
            words = f"<blockquote>\u201c{html.escape(self.excerpt)}\u201d</blockquote>"
        return (f'<div class="course-doc course-record" data-document="'
                f'{html.escape(self.document_id)}">'
                f'<p class="course-doc-kind">{html.escape(_kind(self.kind))}</p>'
                f"<h4>{_html_text(self.heading)}</h4>{note}{words}<dl>{items}</dl></div>")

    def _repr_html_(self) -> str:
        return STYLE + CARD_STYLE + self._body()

    def __repr__(self) -> str:
        lines = [f"{_kind(self.kind)}: {self.heading}"]
        if self.content_flag:
            lines.append(f"Content note: {self.content_flag}")
        quoted = (f"In our words (not a quotation): {self.excerpt}" if self.is_paraphrase
                  else f"\u201c{self.excerpt}\u201d")
        lines.append(textwrap.fill(quoted, 90, initial_indent="    ", subsequent_indent="    "))
        return "\n".join(lines + field_lines(self.fields))

    def _repr_markdown_(self) -> str:
        """The card in the teacher's guide and the static export (escaped like the HTML)."""
        quoted = (f"In our words (not a quotation): {self.excerpt}" if self.is_paraphrase
                  else f"\u201c{self.excerpt}\u201d")
        lines = [f"**{markdown_text(_kind(self.kind))}: {markdown_text(self.heading)}**",
                 ""]
        if self.content_flag:
            lines += [f"*Content note: {markdown_text(self.content_flag)}*", ""]
        lines += [f"> {markdown_text(quoted)}", ""]
        for name, value in self.fields:
            shown = "; ".join(value) if isinstance(value, tuple) else value
            lines.append(f"- *{markdown_text(name)}:* {markdown_text(shown)}")
        return "\n".join(lines) + "\n"

    @property
    def text(self) -> str:
        """Our framing words on the card (not the quotation), for the reading-level test."""
        framing = ("context", "How far can we trust it?")
        return " ".join(v for name, v in self.fields if name in framing and isinstance(v, str))


@dataclass(frozen=True)
class DocumentSet:
    """Two or more documents side by side (they wrap one under another on a narrow screen)."""

    cards: tuple[DocumentCard, ...]

    def _repr_html_(self) -> str:
        return (STYLE + CARD_STYLE + '<div class="course-docs">'
                + "".join(c._body() for c in self.cards) + "</div>")

    def __repr__(self) -> str:
        return "\n\n".join(repr(card) for card in self.cards)

    @property
    def text(self) -> str:
        return " ".join(card.text for card in self.cards)


def _published_line(row) -> str:
    """Where it was published, then who recorded it, after a semicolon (never a bracket inside
    a bracket); "The Daily Star, 19 April 2014; recorded by The Daily Star" says nothing new."""
    published, recorded = row["published_in"], row["recorded_by"]
    if not recorded or re.search(rf"(?<!\w){re.escape(recorded)}(?!\w)", published,
                                  re.IGNORECASE):
        return published
    return f"{published}; recorded by {recorded}"


def _row(frame: pd.DataFrame, document_id: str) -> pd.Series:
    rows = frame[frame["document_id"] == document_id]
    if rows.empty:
        raise CourseDataError([f"data/documents.csv: there is no document with the id "
                               f"{document_id!r}"])
    return rows.iloc[0]


def _card(row) -> DocumentCard:
    who = row["who"]
    place = row["place"] if row["place"] and not row["place"].startswith("not stated") else ""
    heading = f"{who}, {when(row)}" + (f", {place}" if place else "")
    fields: list[tuple[str, str | tuple[str, ...]]] = [("Who", f"{who}: {row['role']}")]
    if row["described_by_others"]:
        fields.append(("As others describe them", row["described_by_others"]))
    fields.append(("Published", _published_line(row)))
    fields.append(("Language", _language(row)))
    fields.append(("context", row["context"]))
    fields.append(("How far can we trust it?", row["reliability"]))
    fields.append(("Sources", _sources(row["source_ids"])))
    # "context" is the field's key in the data; students read it as "What was happening".
    shown = tuple(("What was happening" if n == "context" else n, v) for n, v in fields)
    card = DocumentCard(row["document_id"], row["kind"], heading, row["excerpt"],
                        row["excerpt_is"] == "paraphrase", shown, row["content_flag"])
    return card


def document(document_id: str) -> DocumentCard:
    """Show one document as a card to read: who, when, the words, where from, how reliable."""
    return _card(_row(load_documents(), document_id))


def documents(*document_ids: str) -> DocumentSet:
    """Show documents side by side, to read one account beside another."""
    if not document_ids:
        raise CourseDataError(["documents(): name at least one document id"])
    frame = load_documents()
    return DocumentSet(tuple(_card(_row(frame, d)) for d in document_ids))


def lessons_of(listed: str) -> list[str]:
    """The lessons a document's ``lesson`` cell names ("06_counting_the_dead;12_assessment")."""
    return [lesson.strip() for lesson in listed.split(";") if lesson.strip()]


def for_lesson(lesson_id: str) -> pd.DataFrame:
    """The documents a lesson reads, in date order ("05" or "05_aleppo")."""
    frame = load_documents()
    number = lesson_id.split("_")[0]
    chosen = [number in {lesson.split("_")[0] for lesson in lessons_of(listed)}
              for listed in frame["lesson"]]  # a later lesson may read a document again
    return frame[chosen].sort_values("date")


def documents_table(lesson_id: str) -> Table:
    """A list of a lesson's documents: who, when, what kind (for the teacher's guide too)."""
    frame = for_lesson(lesson_id).copy()
    frame["when"] = [when(row) for _, row in frame.iterrows()]
    return table(frame, {"who": "Who", "role": "Role", "kind": "Kind", "when": "When",
                         "published_in": "Published"})


def guide_markdown(lesson_id: str) -> str:
    """A lesson's documents for the teacher's guide: each card in full, in date order."""
    frame = for_lesson(lesson_id)
    return "\n".join(_card(row)._repr_markdown_() for _, row in frame.iterrows())


def length_problems() -> list[str]:
    """Quotations over the length rule: short excerpts only (a UN or court text may be longer),
    each named by its line in the CSV file."""
    from lessons.data import _checked_rows

    problems = []
    for line, row in _checked_rows("documents")[1]:
        words = len(row["excerpt"].split())
        limit = MAX_WORDS_LONG if row["kind"] in LONG_KINDS else MAX_WORDS
        if row["excerpt_is"] == "quotation" and words > limit:
            problems.append(f"data/documents.csv:{line}: the excerpt of {row['document_id']!r} "
                            f"is {words} words; a quotation from a {row['kind']} may be at most "
                            f"{limit}. Shorten it, or put the rest in our words.")
    return problems


def flag_problems() -> list[str]:
    """Cards whose quotation or framing speaks of deaths or killing but carry no content note
    that says so, each named by its line in the CSV file."""
    from lessons.data import _checked_rows

    problems = []
    for line, row in _checked_rows("documents")[1]:
        text = " ".join(row[name] or "" for name in ("excerpt", "context", "reliability",
                                                       "described_by_others", "role"))
        said = DEATH_WORDS.search(text)
        flag = row["content_flag"] or ""
        if said and not re.search(r"death|dead|kill|casualt|die", flag, re.IGNORECASE):
            problems.append(f"data/documents.csv:{line}: {row['document_id']!r} speaks of "
                            f"{said.group(0)!r} but its content_flag does not say so. Add a "
                            f"note such as \"mentions deaths\".")
    return problems


__all__ = ["document", "documents", "documents_table", "flag_problems", "for_lesson",
           "length_problems", "when"]

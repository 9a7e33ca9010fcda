"""The documents students read: the table's rules, the cards, and the spread across lessons."""

from __future__ import annotations

import csv
import re

import pytest

from lessons import documents
from lessons.__main__ import all_problems
from lessons.catalog import all_lessons
from lessons.data import load, read_package

FIELDS = [field["name"] for resource in read_package()["resources"]
          if resource["name"] == "documents" for field in resource["schema"]["fields"]]


def _append(path, **values) -> None:
    """Add one document row to a copy of the table (the other cells filled plainly)."""
    row = {"document_id": "2016-12-13-test", "lesson": "05_aleppo", "kind": "statement",
           "who": "A tester", "role": "a tester", "side": "civilian", "date": "2016-12-13",
           "date_precision": "day", "language": "English",
           "published_in": "Nowhere, 13 December 2016", "excerpt": "Short words.",
           "excerpt_is": "quotation", "context": "A test.", "reliability": "A test.",
           "source_ids": load("sources")["source_id"].iloc[0]}
    row.update(values)
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n").writerow(row)


def test_every_lesson_reads_at_least_three_documents():
    frame = documents.load_documents()
    for lesson in all_lessons():
        assert len(documents.for_lesson(lesson.id)) >= 3, lesson.id
    assert len(frame) >= 40


def test_many_voices_and_no_side_only_through_its_opponents():
    frame = documents.load_documents()
    sides = set(frame["side"])
    for side in ("government", "opposition", "civilian", "un", "outside government",
                 "kurdish-led", "journalist"):
        assert side in sides, side
    assert len(set(frame["kind"])) >= 6


def test_a_quotation_over_the_length_rule_is_reported(data_copy):
    long_words = " ".join(["word"] * (documents.MAX_WORDS + 1))
    _append(data_copy / "documents.csv", excerpt=long_words)
    problems = [p for p in all_problems() if "2016-12-13-test" in p]
    assert len(problems) == 1 and "at most 60" in problems[0]


def test_a_un_text_may_be_longer_but_not_without_limit(data_copy):
    words = " ".join(["word"] * (documents.MAX_WORDS + 10))
    _append(data_copy / "documents.csv", excerpt=words, kind="UN resolution")
    assert documents.length_problems() == []
    _append(data_copy / "documents.csv", document_id="2016-12-14-test",
            excerpt=" ".join(["word"] * (documents.MAX_WORDS_LONG + 1)), kind="UN resolution")
    assert len(documents.length_problems()) == 1


def test_a_document_for_a_lesson_that_does_not_exist_is_reported(data_copy):
    _append(data_copy / "documents.csv", lesson="42_nowhere")
    assert any("42_nowhere" in p for p in all_problems())


def test_text_from_the_file_is_shown_as_text_never_as_markup(data_copy):
    _append(data_copy / "documents.csv", who="<script>alert(1)</script>",
            excerpt="<b>bold</b> *star* [link](x)")
    card = documents.document("2016-12-13-test")
    shown = card._repr_html_()
    assert "<script>" not in shown and "<b>bold" not in shown
    assert "&lt;script&gt;" in shown
    markdown = card._repr_markdown_()
    assert "<b>" not in markdown and "\\*star\\*" in markdown and "\\[link\\]" in markdown


def test_a_paraphrase_is_never_shown_as_a_quotation(data_copy):
    _append(data_copy / "documents.csv", excerpt="What we say they said.", excerpt_is="paraphrase")
    shown = documents.document("2016-12-13-test")._repr_html_()
    assert "In our words (not a quotation)" in shown
    assert "\u201cWhat we say" not in shown


def test_a_card_says_who_when_where_from_and_how_reliable():
    first = documents.load_documents().iloc[0]
    card = documents.document(first["document_id"])
    names = [name for name, _value in card.fields]
    for needed in ("Who", "Published", "Language", "What was happening",
                   "How far can we trust it?", "Sources"):
        assert needed in names
    text = repr(card)
    assert first["excerpt"][:30] in text
    assert not re.search(r"\[[a-z0-9-]+\]", text)  # sources by name, not by id


def test_dates_say_only_what_is_known(data_copy):
    _append(data_copy / "documents.csv", date="2016-12-01", date_precision="month")
    assert "December 2016" in documents.document("2016-12-13-test").heading
    assert "1 December" not in documents.document("2016-12-13-test").heading


def test_an_unknown_document_gets_a_sentence():
    from lessons.errors import CourseDataError

    with pytest.raises(CourseDataError, match="no document with the id"):
        documents.document("no-such-document")


def test_the_framing_words_on_every_card_are_plain():
    # Our words on the cards (what was happening, how far to trust it) read at grade 10 or
    # below, lesson by lesson; the quotations are the speakers' own and are not measured.
    import textstat

    for lesson in all_lessons():
        shown = documents.documents(*documents.for_lesson(lesson.id)["document_id"])
        assert textstat.flesch_kincaid_grade(shown.text) <= 10, lesson.id


def test_the_framing_check_can_fail(data_copy):
    import textstat

    hard = ("Notwithstanding considerable methodological heterogeneity, the corroborating "
            "documentation substantiates the preponderance of contemporaneous testimonial "
            "evidence regarding indiscriminate bombardment.")
    _append(data_copy / "documents.csv", context=hard, reliability=hard)
    assert textstat.flesch_kincaid_grade(documents.document("2016-12-13-test").text) > 10


def test_the_guide_lists_each_lessons_documents():
    from lessons.guide import guide_markdown

    guide = guide_markdown()
    assert guide.count("### Documents students read") == len(all_lessons())
    for _, row in documents.load_documents().iterrows():
        assert documents.markdown_text(row["who"]) in guide, row["document_id"]


def _cards():
    return [documents.document(d) for d in documents.load_documents()["document_id"]]


def test_every_card_that_speaks_of_deaths_carries_a_content_note():
    assert documents.flag_problems() == []


def test_a_card_about_killing_without_a_note_is_reported(data_copy):
    _append(data_copy / "documents.csv", context="Many people were killed that day.")
    problems = documents.flag_problems()
    assert len(problems) == 1 and "2016-12-13-test" in problems[0] and "killed" in problems[0]


def test_cards_show_no_research_notes_to_students():
    # How we found a text ("the stored copy", "copy read") is for the sources file, not a card.
    notes = re.compile(r"stored|copy read|copies|\bas printed|read in a copy|byline not shown",
                       re.IGNORECASE)
    for card in _cards():
        for name, value in card.fields:
            if name == "Sources":  # titles come from the sources file
                continue
            shown = "; ".join(value) if isinstance(value, tuple) else value
            assert not notes.search(shown), (card.document_id, name, shown)


def test_the_published_and_language_lines_read_cleanly():
    nested = re.compile(r"\([^()]*\(|\)\s*\(")  # a bracket inside a bracket, or two in a row
    for card in _cards():
        lines = dict(card.fields)
        for name in ("Published", "Language"):
            assert not nested.search(lines[name]), (card.document_id, lines[name])
        assert lines["Language"].count("not stated") <= 1, (card.document_id, lines["Language"])


def test_who_is_a_short_name_with_a_capital_and_the_rest_is_the_role():
    for _, row in documents.load_documents().iterrows():
        assert row["who"][:1].isupper(), row["document_id"]
        assert len(row["who"]) <= 52, (row["document_id"], row["who"])


def test_written_dates_on_a_card_stay_on_one_line():
    shown = documents.document("2016-12-13-lina-shamy-last-video")._repr_html_()
    assert '<span class="course-doc-date">14 December 2016</span>' in shown
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", re.sub(r"<[^>]+>", "", shown))


def test_the_card_undoes_jupyterlabs_floating_description_lists():
    # JupyterLab's output area floats each dd at 80% width beside its dt; a card's labels
    # would then wrap into a narrow column beside the text above.
    for rule in ("float:none!important", "width:auto!important"):
        assert rule in documents.CARD_STYLE.split(".course-doc dd{")[1].split("}")[0]

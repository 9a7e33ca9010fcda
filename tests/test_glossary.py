"""The glossary file: a teacher's mistake in lessons/glossary.yaml is named with its line."""

from __future__ import annotations

import shutil

import pytest
from copies import ROOT, line_of, replace_in

from lessons import glossary
from lessons.__main__ import all_problems
from lessons.errors import CourseError


@pytest.fixture
def glossary_copy(tmp_path, monkeypatch):
    """A copy of lessons/glossary.yaml that a test may break, read instead of the real one."""
    copy = tmp_path / "glossary.yaml"
    shutil.copy(ROOT / "lessons" / "glossary.yaml", copy)
    monkeypatch.setattr(glossary, "GLOSSARY", copy)
    glossary.entries.cache_clear()
    yield copy
    glossary.entries.cache_clear()


def test_the_glossary_reads_and_every_entry_has_its_keys():
    assert len(glossary.entries()) > 10


def test_an_unclosed_quote_in_the_glossary_is_named_at_its_line(glossary_copy):
    line = line_of(glossary_copy, 'match: "annex')
    replace_in(glossary_copy, r'match: "annex(?:ed|es|ing|ation)?\\b"',
               r'match: "annex(?:ed|es|ing|ation)?\\b')
    with pytest.raises(CourseError) as error:
        glossary.entries()
    assert str(error.value) == (f"lessons/glossary.yaml, line {line}: a quotation mark opens on "
                                "this line and is not closed. Add the closing quotation mark.")
    assert str(error.value) in all_problems()


def test_a_byte_that_is_not_utf8_in_the_glossary_is_named_at_its_line(glossary_copy):
    line = line_of(glossary_copy, "'")
    glossary_copy.write_bytes(glossary_copy.read_bytes().replace(b"'", b"\x92", 1))
    with pytest.raises(CourseError, match=rf"lessons/glossary.yaml, line {line}: has a "
                                          "character that is not UTF-8"):
        glossary.entries()


def test_a_glossary_entry_missing_a_key_is_named_at_its_line(glossary_copy):
    line = line_of(glossary_copy, "- term: annex")
    replace_in(glossary_copy, "  lesson: 00_start_here\n  definition: \"To annex",
               "  definition: \"To annex")
    with pytest.raises(CourseError) as error:
        glossary.entries()
    assert str(error.value) == (f"lessons/glossary.yaml, entry 2 ('annex / annexed'), line "
                                f"{line}: needs the keys term, match, lesson, definition, "
                                "source_ids; 'lesson' is missing")


def test_a_misspelt_glossary_key_is_refused_with_the_known_one(glossary_copy):
    line = line_of(glossary_copy, "  definition: One of the 14")
    replace_in(glossary_copy, "  definition: One of the 14", "  defintion: One of the 14")
    with pytest.raises(CourseError) as error:
        glossary.entries()
    assert str(error.value) == (f"lessons/glossary.yaml, entry 1 ('governorate'), line {line}: "
                                "unknown key 'defintion' (did you mean 'definition'?)")


def test_a_glossary_pattern_that_does_not_compile_is_named_at_its_line(glossary_copy):
    line = line_of(glossary_copy, "  match: governorates?")
    replace_in(glossary_copy, "  match: governorates?", "  match: governorate(s?")
    with pytest.raises(CourseError, match=rf"entry 1 \('governorate'\), line {line}: bad "
                                          "pattern: 'governorate\\(s\\?' is not a regular"):
        glossary.entries()


def test_glossary_source_ids_must_be_a_list_of_ids(glossary_copy):
    replace_in(glossary_copy, "  source_ids:\n  - wikipedia-governorates-of-syria",
               "  source_ids: wikipedia-governorates-of-syria")
    with pytest.raises(CourseError, match=r"entry 1 \('governorate'\), line \d+: 'source_ids' "
                                          "should be a list"):
        glossary.entries()

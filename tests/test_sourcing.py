"""Sources a teacher can click and trust: `lessons check` reports an address on a mirror,
aggregator, blog or test server, a source with no kind, a row resting only on an encyclopaedia,
and a row resting only on a party's state media without saying whose claim it is."""

from __future__ import annotations

import pytest

from lessons import sourcing


def _append(path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("url, why", [
    ("https://wikimili.com/en/Aleppo", "wikimili"),
    ("https://news.blogspot.com/2016/12/aleppo.html", "blogspot"),
    ("https://www.devdiscourse.com/article/123", "devdiscourse"),
    ("https://test.pax.peaceagreements.org/agreements/1", "test server"),
    ("https://web.staging.ohchr.org/en/briefing", "test server"),
])
def test_weak_addresses_are_named(url, why):
    assert why in sourcing.weak_address(url)


@pytest.mark.parametrize("url", ["https://www.reuters.com/article/x",
                                 "https://undocs.org/S/RES/2118(2013)",
                                 "https://en.wikipedia.org/wiki/Aleppo",
                                 "https://www.contest.org/page", "https://www.bbc.co.uk/news/1"])
def test_original_addresses_pass(url):
    assert sourcing.weak_address(url) is None


def test_state_outlets_are_told_apart_from_names_that_contain_them():
    assert sourcing.state_outlet("SANA") == "SANA"
    assert sourcing.state_outlet("Sputnik (Japanese edition)") == "Sputnik"
    assert sourcing.state_outlet("Fars News Agency") == "Fars"
    assert sourcing.state_outlet("Reuters") is None
    assert sourcing.state_outlet("Sanaa Post") is None  # "SANA" only as a whole word


def test_the_course_data_has_no_weak_source_beyond_the_known_list(data_copy):
    assert sourcing.problems() == []
    assert len(sourcing.still_to_replace()) == len(sourcing.STILL_TO_REPLACE)


def test_a_source_taken_off_the_list_while_still_weak_is_reported(data_copy, monkeypatch):
    known = sorted(sourcing.STILL_TO_REPLACE)
    monkeypatch.setattr(sourcing, "STILL_TO_REPLACE", frozenset(known[1:]))
    assert any(f"'{known[0]}' links to" in p for p in sourcing.problems())


def test_a_fixed_source_left_on_the_list_is_reported(data_copy, monkeypatch):
    monkeypatch.setattr(sourcing, "STILL_TO_REPLACE",
                        sourcing.STILL_TO_REPLACE | {"reuters-2016-02-27-cessation"})
    assert any("'reuters-2016-02-27-cessation' no longer cites a copy" in p
               for p in sourcing.problems())


def test_a_mirror_address_and_a_missing_kind_are_reported(data_copy):
    _append(data_copy / "sources.csv", "test-mirror,WikiMili,,Aleppo,,"
            "https://wikimili.com/en/Aleppo,2026-11-25,encyclopaedia,,")
    problems = sourcing.source_problems()
    assert any("'test-mirror' links to a copy on wikimili" in p for p in problems)


def test_a_row_resting_only_on_an_encyclopaedia_is_reported(data_copy):
    text = (data_copy / "events.csv").read_text(encoding="utf-8")
    line = text.splitlines()[1]
    sources_text = line.rsplit(",", 1)[1]
    wiki = "wikipedia-siege-of-homs-copy"
    _replace(data_copy / "events.csv", line, line[: -len(sources_text)] + wiki)
    assert any(p.startswith("data/events.csv:2: rests only on an encyclopaedia")
               for p in sourcing.row_problems())


def test_a_row_resting_only_on_state_media_must_say_so(data_copy):
    text = (data_copy / "events.csv").read_text(encoding="utf-8")
    line = text.splitlines()[1]
    sources_text = line.rsplit(",", 1)[1]
    _replace(data_copy / "events.csv", line, line[: -len(sources_text)]
             + "sputnik-2016-12-09-russia-93-percent")
    assert any(p.startswith("data/events.csv:2: rests only on the state media")
               and "(Sputnik)" in p for p in sourcing.row_problems())

"""Lesson 2's chapter "Syria before 2011": the early timeline, its sources and its two cards."""

from __future__ import annotations

from lessons.data import load
from lessons.documents import for_lesson
from lessons.timeline import events_between

LESSON = "02_roots_of_the_uprising"


def test_the_timeline_runs_from_ottoman_rule_to_the_baath_coups_in_order():
    early = events_between("1918", "1969")
    years = [stamp.year for stamp in early["date"]]
    assert years == sorted(years)
    for year in (1918, 1920, 1946, 1949, 1958, 1961, 1962, 1963, 1966):
        assert year in years, year


def test_independence_is_dated_to_the_day_the_last_french_troops_left():
    events = load("events").set_index("event_id")
    row = events.loc["1946-04-17-last-french-troops-leave"]
    assert (row["date"].year, row["date"].month, row["date"].day) == (1946, 4, 17)
    assert row["date_precision"] == "day"


def test_the_emergency_law_event_says_when_it_began_and_ended():
    events = load("events").set_index("event_id")
    summary = events.loc["1963-03-08-baath-coup-and-state-of-emergency", "summary"]
    assert "state of emergency" in summary and "21 April 2011" in summary


def test_every_share_of_a_community_comes_with_a_named_source_in_the_lesson():
    sources = set(load("sources")["source_id"])
    for named in ("usdos-2010-irf-syria", "mrg-2010-minorities-syria", "cia-factbook-syria",
                  "hrw-1996-10-silenced-kurds", "usdos-2004-irf-syria"):
        assert named in sources, named


def test_the_lesson_lets_a_stateless_kurd_answer_a_government_promise():
    cards = for_lesson(LESSON).set_index("document_id")
    promise = cards.loc["2005-11-10-assad-promise-on-hasakah-nationality"]
    answer = cards.loc["2006-01-stateless-kurd-on-promises"]
    assert promise["side"] == "government" and answer["side"] == "civilian"
    assert promise["excerpt_is"] == answer["excerpt_is"] == "quotation"

"""Lesson 09's section on the journeys to Europe and host countries' rules, 2015-2016 (issue
14, item 5): the event cards it shows exist, their sources are listed at the end of the lesson,
and the numbers its questions quote are the numbers on the cards."""

from __future__ import annotations

import json
import re

from copies import ROOT

from lessons.catalog import get_lesson
from lessons.data import load
from lessons.documents import document
from lessons.sources import lesson_source_ids, named
from lessons.timeline import event_card

LESSON = "09_displacement"
NOTEBOOK = ROOT / "notebooks" / f"{LESSON}.ipynb"


def _code() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")


def _cards_shown() -> list[str]:
    return re.findall(r'event_card\("([^"]+)"\)', _code())


def _event(event_id: str):
    events = load("events").set_index("event_id")
    return events.loc[event_id]


def test_lesson_09_shows_the_journeys_and_rules_cards():
    shown = _cards_shown()
    for event_id in ("2015-12-30-unhcr-counts-million-sea-arrivals",
                     "2016-03-04-eurostat-record-asylum-claims-2015",
                     "2017-03-16-eurostat-asylum-claims-2016",
                     "2016-03-18-eu-turkey-statement",
                     "2015-01-05-lebanon-entry-rules-for-syrians",
                     "2016-02-04-london-conference-jordan-compact",
                     "2016-06-21-jordan-seals-syria-border"):
        assert event_id in shown, event_id


def test_every_event_card_in_lesson_09_draws_and_names_its_sources():
    for event_id in _cards_shown():
        text = event_card(event_id).text
        assert named(_event(event_id)["source_ids"]) in text, event_id


def test_the_sources_of_lesson_09s_event_cards_are_in_its_source_list():
    listed = set(lesson_source_ids(LESSON))
    for event_id in _cards_shown():
        cited = set(_event(event_id)["source_ids"].split(";"))
        assert cited <= listed, (event_id, sorted(cited - listed))


def test_the_arrivals_question_quotes_the_numbers_on_the_cards():
    prompt = get_lesson(LESSON).question("arrivals-or-applications").prompt
    arrivals = _event("2015-12-30-unhcr-counts-million-sea-arrivals")["summary"]
    claims = _event("2016-03-04-eurostat-record-asylum-claims-2015")["summary"]
    assert "1,000,573" in prompt and "1,000,573" in arrivals
    assert "1,255,600" in prompt and "1,255,600" in claims


def test_the_work_permit_card_belongs_to_lesson_09_and_quotes_its_words():
    assert document("2016-07-fawaz-al-jasem-work-permit").text
    row = load("documents").set_index("document_id").loc["2016-07-fawaz-al-jasem-work-permit"]
    assert row["lesson"] == LESSON and row["excerpt_is"] == "quotation"
    assert "it was like we were in prison" in row["excerpt"]
    prompt = get_lesson(LESSON).question("work-permit-voice").prompt
    assert "it was like we were in prison" in prompt

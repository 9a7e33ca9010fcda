"""Lesson 10, After Aleppo: the years 2017-2024 and the views on why the government fell so
fast. Each fact the lesson tells rests on a timeline row with sources; each view is a document
card that says who holds it; the plan fits the time the lesson claims."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lessons import load
from lessons.catalog import get_lesson
from lessons.documents import for_lesson

ROOT = Path(__file__).resolve().parent.parent
LESSON = "10_after_aleppo"
NOTEBOOK = ROOT / "notebooks" / f"{LESSON}.ipynb"

# One row for each part of the story between Aleppo and the offensive of November 2024.
YEARS_AFTER_ALEPPO = [
    "2017-01-23-astana-talks-open",
    "2017-05-04-de-escalation-zones-agreed",
    "2018-02-18-eastern-ghouta-offensive",
    "2018-04-12-government-retakes-eastern-ghouta",
    "2018-07-12-government-flag-raised-in-daraa",
    "2018-09-17-sochi-idlib-deal",
    "2019-12-01-idlib-offensive-displaces-hundreds-of-thousands",
    "2020-03-05-moscow-idlib-ceasefire",
    "2016-08-24-euphrates-shield-jarabulus",
    "2017-03-29-turkey-ends-euphrates-shield",
    "2018-01-20-operation-olive-branch-begins",
    "2019-10-09-operation-peace-spring",
    "2020-06-01-syrian-pound-collapses",
    "2020-06-17-caesar-act-sanctions-take-effect",
    "2020-11-04-assad-blames-lebanese-banks",
    "2021-10-27-un-says-nine-in-ten-below-poverty-line",
    "2022-02-wfp-12-million-short-of-food",
    "2023-03-28-us-uk-captagon-sanctions",
    "2023-02-06-earthquakes-strike-syria",
    "2023-05-07-syria-readmitted-to-arab-league",
    "2024-11-27-israel-hezbollah-ceasefire",
    "2024-12-04-assad-raises-soldiers-pay",
]
VIEWS_ON_THE_FALL = [
    "2024-12-06-ap-assad-alone",
    "2024-12-13-hamwi-hts-planning",
    "2024-12-abu-bilal-army-ran-away",
    "2024-12-mohammed-ramadan-no-orders",
    "2024-12-16-assad-statement-moscow",
]


def _code() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_each_part_of_the_years_after_aleppo_is_a_sourced_timeline_row():
    events = load("events").set_index("event_id")
    sources = set(load("sources")["source_id"])
    for event_id in YEARS_AFTER_ALEPPO:
        assert event_id in events.index, event_id
        cited = set(re.split(r"[;\s]+", events.loc[event_id, "source_ids"].strip()))
        assert cited and cited <= sources, event_id


def test_every_event_card_the_lesson_shows_is_in_the_timeline():
    shown = re.findall(r'event_card\("([^"]+)"', _code())
    assert len(shown) >= 10
    assert set(shown) <= set(load("events")["event_id"])


def test_the_views_on_the_fall_are_cards_from_more_than_one_side():
    cards = for_lesson(LESSON).set_index("document_id")
    assert set(VIEWS_ON_THE_FALL) <= set(cards.index)
    views = cards.loc[VIEWS_ON_THE_FALL]
    assert views["side"].nunique() >= 3
    assert (views["reliability"].str.len() > 40).all()


def test_the_lesson_reads_the_new_views_and_asks_about_them():
    code = _code()
    for document_id in VIEWS_ON_THE_FALL[:4]:
        assert f'"{document_id}"' in code, document_id
    for question in ("views-on-the-fall", "pay-rise-shows"):
        assert f'ask("{LESSON}", "{question}")' in code, question


def test_the_teacher_plan_adds_up_to_the_lesson_time():
    lesson = get_lesson(LESSON)
    plan = (ROOT / "lessons" / "catalog" / LESSON / "teacher.md").read_text(encoding="utf-8")
    planned = sum(int(m) for m in re.findall(r"^- (\d+) min:", plan, re.MULTILINE))
    assert planned == lesson.minutes <= 85
    assert "Why eleven days?" in plan

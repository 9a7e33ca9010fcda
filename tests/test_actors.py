"""The actors and their links (lessons.actors), and the facts lessons 02 and 03 ask students to
find in the data: each check is a small function, tried once on the real data and once on a
broken example so that it is known to be able to fail."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import textstat

from lessons import actors
from lessons.catalog import get_lesson
from lessons.data import load
from lessons.errors import CourseError
from lessons.figures import figure, words_for
from lessons.timeline import events_between, period_chart, period_name

MAX_GRADE = 10
PLAIN_COLUMNS = {"actors": ["description", "self_description", "opponents_description"],
                 "actor_links": ["note"]}


def columns_above_grade(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """The columns whose text, read as a whole, is above Flesch-Kincaid grade 10."""
    return [c for c in columns
            if textstat.flesch_kincaid_grade(" ".join(frame[c])) > MAX_GRADE]


def backed_by_one_fought_by_other(links: pd.DataFrame, backer: str, fighter: str) -> set[str]:
    """The parties that ``backer`` backed and ``fighter`` fought."""
    backed = set(links[(links["from_actor"] == backer) & (links["relation"] == "backed")]
                 ["to_actor"])
    fought = set(links[(links["from_actor"] == fighter) & (links["relation"] == "fought")]
                 ["to_actor"])
    return backed & fought


def most_common_kind(events: pd.DataFrame) -> str:
    """The kind of event that appears most often."""
    return events["category"].value_counts().idxmax()


def choice_length_problems(lesson_id: str) -> list[str]:
    """Questions whose right choice gives itself away by length: longer than 1.15 times the
    longest wrong choice, or the longest choice in more than a third of single questions."""
    problems, longest_right, singles = [], 0, 0
    for question in get_lesson(lesson_id).questions:
        choices = getattr(question, "choices", None)
        if not choices:
            continue
        right = [len(c.text) for c in choices if c.correct]
        wrong = [len(c.text) for c in choices if not c.correct]
        if max(right) > 1.15 * max(wrong):
            problems.append(question.id)
        if question.type == "single":
            singles += 1
            longest_right += max(right) >= max(wrong)
    if singles and longest_right > singles / 3:
        problems.append(f"right answer longest in {longest_right} of {singles}")
    return problems


@pytest.mark.parametrize("name", sorted(PLAIN_COLUMNS))
def test_actor_texts_read_at_grade_10_or_below(name):
    assert columns_above_grade(load(name), PLAIN_COLUMNS[name]) == []


def test_the_grade_check_finds_a_hard_column():
    hard = pd.DataFrame({"note": ["Notwithstanding considerable methodological heterogeneity, "
                                  "contemporaneous documentation initiatives systematically "
                                  "underrepresented geographically inaccessible governorates."]})
    assert columns_above_grade(hard, ["note"]) == ["note"]


def test_actor_card_shows_its_own_words_its_links_and_readable_sources():
    shown = dict(actors.actor_card("al-nusra").fields)
    assert "renamed to Jabhat Fatah al-Sham, from 28 July 2016" in shown["names and mergers"]
    assert "Julani" in shown["how it described itself"]
    assert "blacklisted" in shown["how its opponents described it"]
    assert "BBC News, 27 May 2015" in shown["sources"]
    assert "bbc-2015-05-27-julani" not in actors.actor_card("al-nusra").text


def test_who_backed_and_who_fought_read_the_links():
    assert {"Russia", "Iran", "Hezbollah"} <= set(actors.who_backed("syrian-government"))
    assert "Turkey" in actors.who_fought("islamic-state")
    assert "Qatar" not in actors.who_backed("syrian-government")


def test_renamings_table_holds_the_nusra_chain_in_order():
    rows = actors.renamings_table().rows
    assert [r[0] for r in rows] == ["Islamic State of Iraq", "al-Nusra Front",
                                    "Jabhat Fatah al-Sham"]
    assert rows[1][3] == "28 July 2016"


def test_network_descriptions_come_from_the_links_drawn(capsys):
    plt.close(figure("who-backed-whom", show=False))
    said = capsys.readouterr().out
    assert "Russia" in said and "Qatar" in said and "{" not in said
    plt.close(figure("one-actors-links", actor="turkey", show=False))
    said = capsys.readouterr().out
    assert "Whom Turkey backed" not in said  # the title is on the chart, the description here
    assert "People's Protection Units" in said.split("fought")[-1]


def test_one_actors_chart_names_its_actor_in_the_title():
    fig = actors.one_actor_chart(words_for("one-actors-links"), actor="turkey",
                                 relations=["backed", "fought"], show=False)
    shown = [t.get_text() for t in fig.findobj(lambda artist: hasattr(artist, "get_text"))]
    plt.close(fig)
    assert any("Whom Turkey backed and fought" in text for text in shown)


def test_an_actor_without_links_gets_a_message_not_a_traceback():
    with pytest.raises(CourseError, match="no backed or fought links for United Nations"):
        actors.one_actor_chart(words_for("one-actors-links"), actor="un",
                               relations=["backed", "fought"], show=False)


def test_lesson_03_compare_answer_holds_in_the_data():
    links = load("actor_links")
    assert backed_by_one_fought_by_other(links, "united-states", "turkey") == {"ypg", "sdf"}
    broken = links[~((links["from_actor"] == "turkey") & (links["relation"] == "fought"))]
    assert backed_by_one_fought_by_other(broken, "united-states", "turkey") == set()


def test_lesson_02_compare_answer_holds_in_the_data():
    assert most_common_kind(events_between("2011-08", "2011-12")) == "diplomatic"
    broken = pd.DataFrame({"category": ["military", "military", "diplomatic"]})
    assert most_common_kind(broken) == "military"


def test_period_chart_names_the_period_a_student_chose():
    fig = period_chart(words_for("protest-to-conflict-2011"), start="2011-05", end="2011-12",
                       show=False)
    title = fig.axes[0].get_title(loc="left")
    plt.close(fig)
    assert title.startswith("Syria from May 2011 to December 2011")
    assert period_name("2011") == "2011" and period_name("2011-03-18") == "18 March 2011"


@pytest.mark.parametrize("bad", ["December", 1999, "2011-13"])
def test_a_badly_typed_period_gets_a_message_saying_how_to_write_it(bad):
    with pytest.raises(CourseError, match="Write a year"):
        period_name(bad)


@pytest.mark.parametrize("lesson_id", ["02_roots_of_the_uprising", "03_the_actors"])
def test_right_choices_do_not_give_themselves_away_by_length(lesson_id):
    assert choice_length_problems(lesson_id) == []


def test_the_length_check_finds_a_long_right_answer(monkeypatch):
    from dataclasses import replace

    lesson = get_lesson("03_the_actors")
    question = lesson.question("renamed-group")
    long_text = "The al-Nusra Front, which renamed itself in July 2016 and merged in 2017"
    choices = tuple(replace(c, text=long_text) if c.correct else c for c in question.choices)
    broken = replace(lesson, questions=(replace(question, choices=choices),))
    monkeypatch.setattr(f"{__name__}.get_lesson", lambda _id: broken)
    assert choice_length_problems("03_the_actors") == ["renamed-group",
                                                       "right answer longest in 1 of 1"]

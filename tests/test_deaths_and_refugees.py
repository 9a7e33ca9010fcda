"""Lessons 06 and 07: the verbs of lessons.deaths and lessons.refugees, their figures, and the
promises the lessons make about their own data (a documented count never falls; the spelling
pair is left for the student to find before the computer reveals it)."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from figure_text import text_problems

from lessons import deaths, estimate, refugees
from lessons.catalog import get_lesson
from lessons.errors import CourseError
from lessons.figures import figure

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parent.parent
MAX_GRADE = 10


def documented_falls(counts: pd.DataFrame) -> list[str]:
    """Where one counter's documented count of all deaths is lower than its previous one."""
    problems = []
    documented = counts[counts["documented_or_estimated"] == "documented"]
    for counter, rows in documented.groupby("counter"):
        values = list(rows.sort_values("published")["value"])
        problems += [f"{counter}: {a:,.0f} then {b:,.0f}" for a, b in zip(values, values[1:])
                     if b < a]
    return problems


def test_no_counter_s_documented_count_of_all_deaths_falls():
    assert documented_falls(deaths.all_death_counts()) == []


def test_a_falling_documented_count_is_caught():
    broken = deaths.all_death_counts()
    broken.loc[broken["count_id"] == "sohr-2018-03-12-total", "documented_or_estimated"] = \
        "documented"  # the 511,000 of 2018 as it was wrongly labelled before
    assert any("511,000 then 494,438" in p for p in documented_falls(broken))


def test_sohr_2018_headline_holds_its_named_part_and_is_not_documented():
    counts = deaths.casualty_counts().set_index("count_id")
    headline = counts.loc["sohr-2018-03-12-total"]
    named = counts.loc["sohr-2018-03-12-identified"]
    assert headline["documented_or_estimated"] == "estimated"
    assert named["documented_or_estimated"] == "documented"
    assert named["value"] < headline["value"]
    assert named["qualifier"] == "more than"


def test_the_civilian_chart_counts_the_un_estimate_once():
    ids = list(deaths.civilian_counts()["count_id"])
    assert "ohchr-2022-06-civilian-estimate" in ids
    assert deaths.PART_OF_ANOTHER not in ids


def test_counter_history_lists_sohr_only_in_date_order():
    counts = deaths.counts_by("SOHR")
    assert set(deaths.short_name(c) for c in counts["counter"]) == {"SOHR"}
    assert list(counts["published"]) == sorted(counts["published"])
    assert len(deaths.counter_history("SOHR")) == len(counts)


def test_near_matches_find_the_two_spellings_and_not_the_exact_matches():
    list_a, list_b = estimate.practice_lists()
    assert estimate.near_matches(list_a, list_b) == [("Mohammad Darwish", "Muhammad Darwish")]
    assert estimate.near_matches(["Amal Haddad"], ["amal  haddad", "Omar Nassar"]) == []
    assert "No two names" in repr(estimate.near_matches_table(["Amal Haddad"], ["Omar Nassar"]))


def test_lists_table_shows_every_name_and_a_dash_where_a_list_is_shorter():
    list_a, list_b = estimate.practice_lists()
    shown = estimate.lists_table(list_a, list_b)
    assert len(shown) == max(len(list_a), len(list_b))
    cells = [cell for row in shown.rows for cell in row]
    assert all(name in cells for name in list_a + list_b)
    assert shown.rows[-1][2] == "\u2014"


def _code_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def spelling_left_for_the_student(notebook: dict) -> bool:
    """True if the notebook asks the student to look for the spelling pair before any cell
    shows it, and shows it after."""
    code = _code_cells(notebook)
    asked = [n for n, text in enumerate(code) if '"spot-the-spelling"' in text]
    shown = [n for n, text in enumerate(code)
             if "near_matches" in text or "Darwish" in text]
    return bool(asked and shown) and max(asked) < min(shown)


def test_lesson_06_asks_for_the_spelling_pair_before_revealing_it():
    notebook = json.loads((ROOT / "notebooks" / "06_counting_the_dead.ipynb").read_text())
    assert spelling_left_for_the_student(notebook)


def test_a_reveal_before_the_question_is_caught():
    cells = [{"cell_type": "code", "source": ['sorted(n for n in names if "Darwish" in n)']},
             {"cell_type": "code", "source": ['ask("06_counting_the_dead", "spot-the-spelling")']}]
    assert not spelling_left_for_the_student({"cells": cells})


LESSON_FIGURES = [("deaths-all-counts", {}), ("deaths-civilian-counts", {}),
                  ("refugees-by-host", {}), ("refugees-by-host", {"add": "Germany"}),
                  ("refugees-by-host", {"add": "Sweden"}), ("returns-since-2024", {})]


@pytest.mark.parametrize("name, changes", LESSON_FIGURES)
def test_lesson_figures_draw_with_no_overlapping_or_cut_text(name, changes, capsys):
    fig = figure(name, show=False, **changes)
    try:
        assert text_problems(fig) == []
    finally:
        plt.close(fig)
    description = capsys.readouterr().out
    assert "{" not in description and "nan" not in description.lower()


def test_adding_a_country_adds_its_line():
    def names(fig) -> set[str]:
        drawn = {line.get_label() for line in fig.axes[0].get_lines()}
        plt.close(fig)
        return drawn

    before = names(figure("refugees-by-host", show=False))
    after = names(figure("refugees-by-host", show=False, add="Germany"))
    assert after - before == {"Germany"}


def test_an_unknown_host_names_the_hosts_there_are():
    with pytest.raises(CourseError, match="Germany"):
        refugees.refugees_in(["Atlantis"])


def test_lebanon_table_shows_every_note_in_full():
    shown = refugees.host_table("Lebanon")
    notes = refugees.refugees_in(["Lebanon"])["note"]
    cells = [cell for row in shown.rows for cell in row]
    assert len(notes) >= 8 and all(note in cells for note in notes)


def test_share_of_population_in_lesson_07_comes_from_the_data():
    question = get_lesson("09_displacement").question("share-of-population")
    share = refugees.share_of_population(refugees.refugees_in_region("2019-01-01"),
                                         refugees.prewar_population())
    assert abs(share - question.answer) <= question.tolerance
    both = refugees.share_of_population(refugees.refugees_in_region("2019-01-01")
                                        + refugees.displaced_inside("2018-12-31"),
                                        refugees.prewar_population())
    assert both > 50  # "more than half", as the lesson says


def hard_sentences(shown) -> list[str]:
    """The cells of a table or card that are sentences (eight words or more) above grade 10.
    Names of counters and lists of source ids are names, not sentences, and are left out."""
    import textstat

    pairs = ([(heading, cell) for row in shown.rows for heading, cell in zip(shown.headings, row)]
             if hasattr(shown, "rows") else list(shown.fields))
    return [cell for heading, cell in pairs if "sources" not in heading
            and heading != "who counted"
            and len(cell.split()) >= 8 and textstat.flesch_kincaid_grade(cell) > MAX_GRADE]


SHOWN = [lambda: deaths.counters_table(), lambda: deaths.counter_history("SOHR"),
         lambda: deaths.count_card("hrdag-2013-01-documented-killings"),
         lambda: deaths.count_card("ohchr-2022-06-civilian-estimate"),
         lambda: refugees.host_table("Lebanon"), lambda: refugees.who_counted_table(),
         lambda: refugees.displaced_inside_table(), lambda: refugees.population_table(),
         lambda: refugees.returns_table()]


@pytest.mark.parametrize("make", SHOWN)
def test_text_the_lessons_show_reads_at_grade_10_or_below(make):
    assert hard_sentences(make()) == []


def test_a_hard_sentence_in_a_shown_table_is_caught():
    from lessons.tables import Table

    hard = ("Notwithstanding considerable methodological heterogeneity, contemporaneous "
            "documentation initiatives systematically underrepresented inaccessible regions.")
    assert hard_sentences(Table(("note",), ((hard,),), (False,))) == [hard]

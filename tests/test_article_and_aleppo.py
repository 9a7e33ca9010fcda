"""Lessons 1 and 5: the article's claims and the Aleppo figures as verbs, their figures drawn by
name, the text they show kept plain, and quiz choices that do not give the answer away."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import textstat
from figure_text import text_problems

from lessons import aleppo, article, load
from lessons.catalog import get_lesson
from lessons.figures import all_figures, figure, words_for
from lessons.quiz import parse_question

MY_LESSONS = ["01_reading_the_source", "05_aleppo"]
MY_FIGURES = [name for name, words in all_figures().items() if words.lesson_id in MY_LESSONS]
MAX_GRADE = 10


def test_counts_stop_at_the_last_day_asked_for():
    by_article_day = aleppo.counts_of("displaced", last_day="2016-12-13")
    whole_month = aleppo.counts_of("displaced", last_day="2016-12-31")
    assert by_article_day["reported_on"].max() <= whole_month["reported_on"].max()
    assert len(by_article_day) < len(whole_month)
    assert list(whole_month["reported_on"]) == sorted(whole_month["reported_on"])


def test_figures_are_written_as_their_counters_gave_them():
    figures = aleppo.aleppo_figures().set_index("figure_id")
    assert figures.loc["f05", "number"] == "at least 82"
    assert figures.loc["f01", "number"] == "1,134"
    assert figures.loc["r05", "number"] == "15,000 to 40,000"  # a range, not a missing value
    assert figures.loc["d05", "source"] == aleppo.IN_ARTICLE


def test_the_article_card_gives_the_address_and_the_day():
    shown = repr(article.article_card())
    assert "https://slate.com/" in shown and "13 December 2016" in shown


@pytest.mark.parametrize("name", MY_FIGURES)
def test_each_figure_draws_with_no_overlapping_or_cut_text(name):
    fig = figure(name, show=False)
    try:
        assert text_problems(fig) == []
        assert fig.axes[0].get_title(loc="left")
    finally:
        plt.close(fig)


def test_the_predict_then_change_settings_change_the_chart():
    for name, before, after in [("displaced-counts", "2016-12-13", "2016-12-31"),
                                ("evacuation-counts", "2016-12-16", "2016-12-23")]:
        few = figure(name, show=False, last_day=before)
        more = figure(name, show=False, last_day=after)
        assert len(few.axes[0].patches) < len(more.axes[0].patches), name
        plt.close(few)
        plt.close(more)


def _too_hard(texts) -> list[str]:
    """The texts (sentences a lesson shows in a card or table) above grade 10."""
    return [text for text in texts if textstat.flesch_kincaid_grade(text) > MAX_GRADE]


def test_the_reading_check_finds_a_hard_sentence():
    hard = ("Notwithstanding considerable methodological heterogeneity, contemporaneous "
            "documentation systematically underrepresented inaccessible governorates.")
    assert _too_hard([hard, "The army said it held 98 percent of east Aleppo."]) == [hard]


def test_the_sentences_lessons_1_and_5_show_are_plain():
    claims = article.claims().set_index("claim_id")
    shown = list(claims["claim"])
    shown += [claims.loc["ohchr-82-civilians", "original_source"],
              claims.loc["ohchr-82-civilians", "verified_then_note"],
              claims.loc["displaced-100000", "original_source"],
              claims.loc["displaced-100000", "verified_then_note"],
              claims.loc["isis-retook-palmyra", "later_finding"]]
    notes = aleppo.counts_of("evacuated")["note"]
    shown += list(notes) + [aleppo.aleppo_figures().set_index("figure_id").loc["d04", "note"]]
    assert _too_hard(shown) == []


def _gives_away(question) -> str:
    """Why a choice question's right answer stands out by its length, or "" if it does not."""
    right = max(len(c.text) for c in question.choices if c.correct)
    wrong = max(len(c.text) for c in question.choices if not c.correct)
    return f"{question.id}: right {right} characters, longest wrong {wrong}" \
        if right > 1.15 * wrong else ""


def test_the_length_check_finds_a_long_right_answer():
    raw = {"id": "long-right", "type": "single", "section": "Section 1: x", "prompt": "Which?",
           "choices": [{"text": "The UN human rights office said on 13 December that it had "
                                "received reports of at least 82 civilians killed.",
                        "correct": True, "feedback": "Right, it names who and when."},
                       {"text": "Troops killed 82.", "correct": False,
                        "feedback": "This hides who said it."}]}
    assert _gives_away(parse_question(raw, "test")) != ""


@pytest.mark.parametrize("lesson_id", MY_LESSONS)
def test_no_right_answer_is_given_away_by_its_length(lesson_id):
    questions = [q for q in get_lesson(lesson_id).questions if q.type in ("single", "multiple")]
    assert [_gives_away(q) for q in questions if _gives_away(q)] == []


def test_the_right_answer_is_the_longest_in_at_most_a_third_of_single_questions():
    singles = [q for lid in MY_LESSONS for q in get_lesson(lid).questions if q.type == "single"]
    longest = [q.id for q in singles
               if max(len(c.text) for c in q.choices if c.correct)
               >= max(len(c.text) for c in q.choices if not c.correct)]
    assert len(longest) * 3 <= len(singles), longest


SIDES_MAP = "aleppo-sides-late-2016"


def _sides_rows() -> pd.DataFrame:
    """The rows of the sides table that the late-2016 map draws, read straight from the data."""
    days = [pd.Timestamp(day) for day in words_for(SIDES_MAP).args["dates"]]
    sides = load("aleppo_district_sides")
    return sides[sides["date"].isin(days) & ~sides["place_id"].isin(aleppo.INSIDE_OLD_CITY)]


def test_the_sides_map_description_counts_each_side_from_the_table(capsys):
    rows = _sides_rows()
    fig = figure(SIDES_MAP, show=False)
    plt.close(fig)
    described = capsys.readouterr().out
    rebels = [f"{n if n else 'none'} on {day.day} {day:%B}" for day, n in
              rows[rows["side"] == "rebels"].groupby("date").size()
              .reindex(sorted(rows["date"].unique()), fill_value=0).items()]
    assert "Rebel groups held " + ", ".join(rebels[:-1]) + " and " + rebels[-1] in described
    government = rows[rows["side"] == "government"].groupby("date").size()
    assert (f"The government held {government.iloc[0]} of the places on" in described
            and f"and {government.iloc[-1]} on" in described)
    assert f"Each of the {rows['place_id'].nunique()} places" in described


def test_each_sides_panel_marks_one_place_a_row_of_that_day():
    rows = _sides_rows()
    fig = figure(SIDES_MAP, show=False)
    try:
        panels = [ax for ax in fig.axes if ax.get_title(loc="left")[:1].isdigit()]
        counts = {}
        for ax in panels:
            markers = [line for line in ax.get_lines() if line.get_marker() not in ("None", "")]
            counts[pd.Timestamp(ax.get_title(loc="left"))] = len(markers)
    finally:
        plt.close(fig)
    assert counts == rows.groupby("date").size().to_dict()


def test_every_place_the_sides_table_names_has_a_position():
    places = load("places").set_index("place_id")
    named = places.loc[sorted(set(load("aleppo_district_sides")["place_id"]))]
    assert named[["lat", "lon"]].notna().all().all()
    assert named["lat"].between(36.1, 36.3).all() and named["lon"].between(37.0, 37.3).all()


def test_the_sheikh_maqsoud_rows_cite_rudaws_own_page_not_a_blog_copy():
    registry = load("sources").set_index("source_id")
    cited = {sid for ids in load("aleppo_district_sides")["source_ids"] for sid in ids.split(";")}
    rudaw = registry.loc["countervortex-rudaw-2016-12-sheikh-maqsoud"]
    assert "countervortex-rudaw-2016-12-sheikh-maqsoud" in cited
    assert rudaw["url"].startswith("http://rudaw.net/") and rudaw["publisher"] == "Rudaw"

"""The verbs of lessons 00 and 09 (lessons.places, lessons.forecasts): what they show is the
data's, in full and plain, and the quiz answers that read numbers off them agree with the data."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pytest
import textstat
from figure_text import text_problems

from lessons import load
from lessons.catalog import get_lesson
from lessons.errors import CourseError
from lessons.figures import figure
from lessons.forecasts import (
    forecast_card,
    forecasts_of,
    outcomes_table,
    predictions_table,
    verdict_counts,
)
from lessons.places import (
    direction,
    distance_km,
    find_place,
    governorate_seats,
    place_card,
    places_table,
)

matplotlib.use("Agg")
MAX_GRADE = 10


def right_choice(lesson_id: str, question_id: str) -> str:
    question = get_lesson(lesson_id).question(question_id)
    return next(c.text for c in question.choices if c.correct)


def distance_words(start: str, end: str) -> str:
    """How a choice should state a distance: "About 370 km north-east" (to the nearest 10 km)."""
    return f"About {round(distance_km(start, end), -1):,.0f} km {direction(start, end)}"


def cut_or_blank(text: str) -> bool:
    """True if shown text was cut ("...", "…") or shows a missing value as NaN or None."""
    return any(mark in text for mark in ("...", "\u2026", "NaN", "None"))


def test_a_place_is_found_by_id_name_or_other_name_in_any_case():
    assert find_place("deir-ez-zor")["name"] == "Deir ez-Zor"
    assert find_place("deir EZ-zor")["place_id"] == "deir-ez-zor"
    assert find_place("Halab")["place_id"] == "aleppo"
    with pytest.raises(CourseError, match="no place called 'Raqqqa'.*Raqqa"):
        find_place("Raqqqa")


def test_distances_and_directions_from_damascus():
    assert distance_km("damascus", "damascus") == 0
    assert 300 < distance_km("Damascus", "Aleppo") < 320  # about 310 km in a straight line
    assert direction("damascus", "aleppo") == "north"
    assert direction("damascus", "raqqa") == "north-east"
    assert direction("damascus", "daraa") == "south"


def test_compare_raqqa_right_answer_is_what_the_map_description_says(capsys):
    stated = distance_words("damascus", "raqqa")
    assert right_choice("00_start_here", "compare-raqqa").startswith(stated)
    plt.close(figure("damascus-and-one-city", show=False, city="Raqqa"))
    assert stated.lower() in capsys.readouterr().out.lower()


def test_a_stated_distance_that_disagrees_with_the_data_is_caught():
    assert not "About 150 km east of Damascus".startswith(distance_words("damascus", "raqqa"))


def test_governorate_seats_run_north_to_south_and_match_the_count_question():
    seats = governorate_seats()
    assert list(seats["lat"]) == sorted(seats["lat"], reverse=True)
    assert len(seats) == get_lesson("00_start_here").question("count-capitals").answer


def test_compare_hedged_right_answer_agrees_with_the_verdicts():
    certain, hedged = verdict_counts("certain"), verdict_counts("hedged")
    assert right_choice("11_checking_the_forecast", "compare-hedged").startswith(
        "All the certain ones happened")
    assert certain.set_index("verdict")["predictions"]["happened"] == len(forecasts_of("certain"))
    hedged_happened = hedged.set_index("verdict")["predictions"]["happened"]
    assert hedged_happened < len(forecasts_of("hedged")) / 2  # "most hedged ones" did not


def test_an_unknown_kind_of_prediction_is_explained():
    with pytest.raises(CourseError, match='"all", "hedged" or "certain"'):
        forecasts_of("sure")


def test_forecast_tables_show_every_prediction_and_outcome_in_full():
    forecasts = load("forecasts").sort_values("position")
    shown = outcomes_table()
    assert [row[1] for row in shown.rows] == list(forecasts["prediction"])
    assert [row[2] for row in shown.rows] == list(forecasts["outcome"])
    for text in (shown.text, predictions_table().text):
        assert not cut_or_blank(text)


def test_the_cut_text_check_catches_a_cut_cell():
    assert cut_or_blank("The army declared full control of the ...")
    assert cut_or_blank("nan or NaN")
    assert not cut_or_blank("The army declared full control of the city on 22 December 2016.")


def prose(shown) -> str:
    """A card's words, without its list of source labels (ids are not sentences; the notebook
    prose test leaves them out too)."""
    return " ".join(value for name, value in shown.fields if not name.startswith("sources"))


def shown_texts() -> dict[str, str]:
    """Every table and card lessons 00 and 09 show, as the text a student reads."""
    texts = {"places": places_table(load("places"), limit=5).text,
             "seats": places_table(governorate_seats()).text,
             "predictions": predictions_table().text, "outcomes": outcomes_table().text}
    for name in ("Homs", "Douma"):
        texts[name] = prose(place_card(name))
    for forecast_id in load("forecasts")["forecast_id"]:
        shown = forecast_card(forecast_id)
        texts[forecast_id] = f"{shown.title} {prose(shown)}"
    return texts


@pytest.mark.parametrize("name", list(shown_texts()))
def test_shown_tables_and_cards_read_at_grade_10_or_below(name):
    assert textstat.flesch_kincaid_grade(shown_texts()[name]) <= MAX_GRADE


def test_the_grade_check_fails_on_a_hard_record():
    hard = ("Notwithstanding the governmental reconsolidation, the administrative "
            "incorporation of autonomous structures necessitated protracted negotiations.")
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE


@pytest.mark.parametrize("name, changes", [
    ("syria-and-neighbours", {}), ("governorate-seats", {}), ("damascus-and-one-city", {}),
    ("damascus-and-one-city", {"city": "Raqqa"}), ("forecast-verdicts", {}),
    ("forecast-verdicts", {"kind": "hedged"}), ("forecast-verdicts", {"kind": "certain"})])
def test_lesson_figures_draw_without_text_problems(name, changes):
    fig = figure(name, show=False, **changes)
    assert text_problems(fig) == []
    plt.close(fig)

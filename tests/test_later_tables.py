"""Displacement, the years after Aleppo and the article's forecasts (lessons 09-11)."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt

from lessons import load, plots

matplotlib.use("Agg")


def test_refugee_counts_cover_the_neighbours_over_the_years():
    moves = load("displacement")
    refugees = moves[moves["measure"] == "refugees (in a host country)"]
    for host in ("Turkey", "Lebanon", "Jordan", "Iraq", "Egypt"):
        years = set(refugees.loc[refugees["place"] == host, "as_of"].dt.year)
        assert len(years) >= 4, host
    assert (moves["what_is_counted"].str.len() > 5).all()
    assert (moves["counter"] != "").all()


def test_returns_after_december_2024_and_a_prewar_population_are_recorded():
    moves = load("displacement")
    returns = moves[moves["measure"].isin(["refugee returns", "IDP returns"])
                    & (moves["as_of"] > "2024-12-08")]
    assert len(returns) >= 3
    population = moves[moves["measure"] == "population"]
    assert population["as_of"].dt.year.isin([2010, 2011]).all() and len(population) >= 1


def test_share_of_population_in_the_lesson_matches_the_data():
    moves = load("displacement").set_index("row_id")
    prewar = moves.loc[moves["measure"] == "population"]
    un_2010 = prewar[prewar["counter"].str.contains("UN Population Division")]["value"].iloc[0]
    region_2019 = moves[(moves["measure"] == "refugees (region total)")
                        & (moves["as_of"] == "2019-01-01")]["value"].iloc[0]
    from lessons.catalog import get_lesson

    question = get_lesson("09_displacement").question("share-of-population")
    assert abs(region_2019 / un_2010 * 100 - question.answer) <= question.tolerance


def test_timeline_runs_through_the_fall_of_assad_and_the_transition():
    events = load("events")
    assert "2024-12-08-damascus-falls-assad-flees" in set(events["event_id"])
    offensive = events[(events["date"] >= "2024-11-27") & (events["date"] <= "2024-12-08")]
    assert len(offensive) >= 6 and (offensive["date_precision"] == "day").all()
    assert (events["date"].dt.year == 2025).sum() >= 10
    for year in range(2017, 2024):
        assert (events["date"].dt.year == year).any(), year


def test_every_forecast_has_an_outcome_a_verdict_and_sources():
    forecasts = load("forecasts")
    assert list(forecasts["position"]) == list(range(1, len(forecasts) + 1))
    assert len(forecasts) >= 7
    assert (forecasts["outcome"].str.len() > 20).all()
    assert (forecasts["verdict_reason"].str.len() > 20).all()
    assert set(forecasts["verdict"]) <= {"happened", "partly", "did not happen",
                                         "too early to say"}


def test_each_city_holder_keeps_its_colour_across_charts():
    control = load("city_control")
    early = plots.control_chart(control, title="a", description="b", start="2011-03-01",
                                end="2016-12-31", show=False)
    late = plots.control_chart(control, title="a", description="b", start="2016-01-01",
                               end="2026-02-15", show=False)
    plt.close(early)
    plt.close(late)

    def colours(fig):
        legend = fig.axes[0].get_legend()
        return {text.get_text(): patch.get_facecolor()
                for text, patch in zip(legend.get_texts(), legend.get_patches())}

    first, second = colours(early), colours(late)
    shared = set(first) & set(second)
    assert "Syrian government (Assad government)" in shared
    assert all(first[name] == second[name] for name in shared)


def test_line_chart_labels_every_line_and_its_axes():
    moves = load("displacement")
    refugees = moves[(moves["measure"] == "refugees (in a host country)")
                     & moves["place"].isin(["Turkey", "Jordan"])]
    fig = plots.lines(refugees, x="as_of", y="value", group="place", title="t",
                      x_label="date", y_label="refugees", description="d", show=False)
    plt.close(fig)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "date" and ax.get_ylabel() == "refugees"
    written = {text.get_text().strip() for text in ax.texts}
    assert {"Turkey", "Jordan"} <= written

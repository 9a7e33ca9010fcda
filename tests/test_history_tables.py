"""The timeline, the actors and the control of cities: the tables lessons 02-04 draw from."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import lessons.actors
from lessons import explore, load, plots

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def events():
    return load("events")


@pytest.fixture(scope="module")
def actors():
    return load("actors")


@pytest.fixture(scope="module")
def links():
    return load("actor_links")


@pytest.fixture(scope="module")
def control():
    return load("city_control")


def test_timeline_covers_1970_to_2016_with_every_war_year(events):
    years = set(events["date"].dt.year)
    assert min(years) <= 1971
    assert set(range(2011, 2017)) <= years
    war_years = events[events["date"].dt.year.between(2012, 2016)]
    per_year = war_years.groupby(war_years["date"].dt.year).size()
    assert (per_year >= 5).all(), per_year.to_dict()


def test_uprising_first_weeks_are_day_by_day(events):
    spring = events[(events["date"] >= "2011-03-15") & (events["date"] <= "2011-04-30")]
    assert len(spring) >= 10
    assert (spring["date_precision"] == "day").all()


def test_dates_agree_with_their_stated_precision(events):
    coarse = events[events["date_precision"] != "day"]
    assert (coarse["date"].dt.day == 1).all()
    yearly = events[events["date_precision"] == "year"]
    assert (yearly["date"].dt.month == 1).all()


def test_event_ids_start_with_their_date(events):
    for _, row in events.iterrows():
        assert row["event_id"].startswith(f"{row['date']:%Y}"), row["event_id"]


def test_renaming_chain_of_al_nusra_is_recorded(links):
    renamed = links[links["relation"].isin(["renamed to", "merged into"])]
    pairs = set(zip(renamed["from_actor"], renamed["to_actor"]))
    assert ("al-nusra", "jabhat-fatah-al-sham") in pairs
    assert ("jabhat-fatah-al-sham", "hts") in pairs


def test_every_actor_in_a_link_or_event_is_described(actors, links, events):
    known = set(actors["actor_id"])
    assert set(links["from_actor"]) | set(links["to_actor"]) <= known
    used = {a for ids in events["actor_ids"] for a in ids.split(";") if a}
    assert used <= known
    assert (actors["description"].str.len() > 20).all()


def test_control_periods_of_a_city_part_do_not_overlap(control):
    for (place, part), rows in control.groupby(["place_id", "part"]):
        rows = rows.sort_values("start")
        ends = rows["end"].fillna(pd.Timestamp("2100-01-01"))
        for (_, earlier), later_start in zip(rows.iloc[:-1].iterrows(), rows["start"].iloc[1:]):
            assert later_start >= ends.loc[earlier.name], (place, part, earlier["control_id"])
    assert ((control["end"].isna()) | (control["start"] <= control["end"])).all()


def test_filter_events_by_year_category_and_actor(events):
    chosen = explore.filter_events(events, year=2011)
    assert len(chosen) > 0 and (chosen["date"].dt.year == 2011).all()
    military = explore.filter_events(events, category="military")
    assert set(military["category"]) == {"military"}
    actor = events["actor_ids"].str.split(";").explode().value_counts().index[0]
    with_actor = explore.filter_events(events, actor=actor)
    assert with_actor["actor_ids"].str.split(";").apply(lambda ids: actor in ids).all()
    assert len(explore.filter_events(events, "(all)", "(all)", "(all)")) == len(events)
    assert explore.filter_events(events, year=1900).empty


def test_actor_card_lists_backers_and_renamings(actors, links):
    relations = lessons.actors.actor_relations("syrian-government", actors, links)
    assert any("Russia" in item for item in relations.get("backed by", []))
    card = lessons.actors.actor_card("al-nusra")._repr_html_()
    assert "renamed to" in card and "Jabhat Fatah al-Sham" in card


def test_explorer_widgets_update_when_a_choice_changes(events, actors, links):
    timeline = explore.timeline_explorer(events, actors, year="2012")
    year, _category, _actor = timeline.children[0].children
    chart = timeline.children[2].value
    assert "data:image/svg+xml;base64," in chart and "Figure description" in chart
    year.value = "2011"
    counted = timeline.children[1].value
    assert f"of {len(events)} events" in counted
    assert str(len(explore.filter_events(events, year=2011))) in counted
    picker = lessons.actors.actor_explorer()
    picker.children[0].value = "islamic-state"
    assert "Islamic State" in picker.children[1].value


def test_history_charts_draw_with_titles_labels_and_sources(events, actors, links, control):
    fig = plots.timeline(events[events["date"].dt.year == 2011], title="2011",
                         description="test", show=False)
    ax = fig.axes[0]
    plt.close(fig)
    assert ax.get_xlabel() == "date" and ax.get_ylabel() == "kind of event"
    fig = plots.control_chart(control, title="control", description="test", start="2011-03-01",
                              end="2016-12-31", show=False)
    plt.close(fig)
    assert fig.axes[0].get_ylabel() == "city" and fig.axes[0].get_legend() is not None
    fig = plots.network(links, actors, relations=["backed"], title="backers",
                        description="test", show=False)
    plt.close(fig)
    assert any("Sources:" in text.get_text() for text in fig.axes[0].texts)


def test_explorer_keeps_its_first_view_where_widgets_cannot_run(events, actors, monkeypatch):
    monkeypatch.setenv(explore.STATIC_EXPORT, "1")  # as the static export sets it
    timeline = explore.timeline_explorer(events, actors, year="2012")
    static = timeline._repr_mimebundle_()["text/html"]
    assert "<img" in static or "<svg" in static  # the chart it drew
    assert "<table" in static and "Year:" in static and "2012" in static
    assert "live lesson" in static


def test_static_view_would_be_empty_without_the_explorer_wrapper(events, actors):
    bare = explore.timeline_explorer(events, actors, year="2012").widget
    assert "text/html" not in (bare._repr_mimebundle_() or {})

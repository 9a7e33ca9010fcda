"""The 2016 article's predictions (data/forecasts.csv) as verbs a notebook cell can read like a
sentence: ``predictions_table()``, ``outcomes_table()``, ``forecast_card("next-fight-idlib")``,
and the verdict chart drawn by name (``figure("forecast-verdicts", kind="hedged")``)."""

from __future__ import annotations

import pandas as pd

from lessons.data import load
from lessons.errors import CourseError
from lessons.sources import named_each
from lessons.tables import Card, Table, card, table

VERDICTS = ["happened", "partly", "did not happen", "too early to say"]
# Which predictions a chart or table takes: every one, or only those hedged or not hedged.
KINDS = {"all": "all of them", "hedged": "those the writer hedged",
         "certain": "those stated as certain"}
ARTICLE = "slate-2016-12-13-aleppo"


def _readable_forecasts() -> pd.DataFrame:
    """The forecasts in the article's order, with the hedge and the sources written for reading."""
    forecasts = load("forecasts").sort_values("position").reset_index(drop=True)
    forecasts["hedge"] = forecasts["hedged"].map(_hedge_words)
    forecasts["sources"] = named_each(forecasts["source_ids"])
    return forecasts


def _hedge_words(hedged: bool) -> str:
    return "hedged" if hedged else "stated as certain"


def forecasts_of(kind: str = "all") -> pd.DataFrame:
    """The predictions of one kind: "all", "hedged" (with "probably", "for now" and the like)
    or "certain" (stated as certain), in the article's order."""
    if kind not in KINDS:
        raise CourseError(f"There is no kind of prediction called {kind!r}. Use \"all\", "
                          "\"hedged\" or \"certain\", with the quotation marks.")
    forecasts = _readable_forecasts()
    if kind == "all":
        return forecasts
    wanted = kind == "hedged"
    return forecasts[forecasts["hedged"] == wanted].reset_index(drop=True)


def predictions_table(kind: str = "all") -> Table:
    """What the article expected, in full and in its order, with the hedge and time horizon:
    to read and judge before seeing what happened."""
    columns = {"position": "number", "prediction": "prediction (in our words)",
               "hedge": "hedged?", "horizon": "over what time"}
    return table(forecasts_of(kind), columns,
                 caption="What the article of 13 December 2016 expected, in its order.")


def outcomes_table(kind: str = "all") -> Table:
    """Each prediction beside what happened and the verdict, every text in full."""
    columns = {"position": "number", "prediction": "prediction (in our words)",
               "outcome": "what happened", "verdict": "verdict"}
    return table(forecasts_of(kind), columns,
                 caption="The article's predictions, and what happened to each.")


def forecast_card(forecast_id: str) -> Card:
    """One prediction in full: the hedge, the time horizon, what happened and when, the verdict
    and why, and the sources it rests on, listed beside the text."""
    forecasts = _readable_forecasts()
    columns = {"hedge": "hedged?", "horizon": "over what time", "outcome": "what happened",
               "outcome_date": "key date", "verdict": "verdict", "verdict_reason": "why",
               "sources": "sources (see the list at the end of the lesson)"}
    shown = card(forecasts, forecast_id, columns)
    prediction = forecasts.loc[forecasts["forecast_id"] == forecast_id, "prediction"].iloc[0]
    return Card(prediction, shown.fields)


def verdict_counts(kind: str = "all") -> pd.DataFrame:
    """How many predictions of one kind got each verdict, in a fixed order (happened first),
    zeros included, so two charts of different kinds can be compared bar by bar."""
    counts = forecasts_of(kind)["verdict"].value_counts()
    return pd.DataFrame({"verdict": VERDICTS,
                         "predictions": [int(counts.get(v, 0)) for v in VERDICTS]})


def verdict_chart(words, *, kind: str = "all", show: bool = True):
    """The verdict chart from the catalogue: how many of the article's predictions (of one
    kind) happened, partly happened, did not happen, or cannot be judged yet."""
    from lessons import plots

    chosen = forecasts_of(kind)
    counts = verdict_counts(kind)
    facts = {"count": len(chosen), "which": KINDS[kind],
             "counts": ", ".join(f"{row['predictions']} {row['verdict']}"
                                 for _, row in counts.iterrows())}
    return plots.bar(counts, label="verdict", value="predictions", title=words.title,
                     value_label=words.label(f"value_{kind}"),
                     sources=[ARTICLE, *chosen["source_ids"]], table="forecasts",
                     description=words.describe(**facts), show=show,
                     # every kind on one scale, so the hedged and certain charts compare
                     value_max=int(verdict_counts("all")["predictions"].max()))

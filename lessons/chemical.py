"""The chemical-weapons cases (data/chemical_investigations.csv) as verbs a notebook cell can
read like a sentence: ``kinds_table()`` for the four kinds of answer, and
``investigations_table("attribution")`` for the claims, findings and attributions of one kind.

A claim, a fact-finding result, an investigation's attribution and a court's ruling answer
different questions, so every row says which one it is, who made it and who disputed it."""

from __future__ import annotations

import pandas as pd

from lessons.data import load
from lessons.errors import CourseError
from lessons.tables import Table, table

# The four kinds of answer, in the order the lesson teaches them, with the question each answers.
KINDS = {
    "claim": ("A party, a witness or a government",
              "What does this side say happened, and who does it blame?",
              "The US government's assessment of the Ghouta attack, 30 August 2013"),
    "fact-finding": ("A mission sent to the place, or working from samples and witnesses",
                     "Was a chemical used as a weapon? Which one?",
                     "The UN mission on the Ghouta (2013); the OPCW Fact-Finding Mission"),
    "attribution": ("An investigation given the job of naming who did it",
                    "Who used it?",
                    "The OPCW-UN Joint Investigative Mechanism (2015-2017); the OPCW "
                    "Investigation and Identification Team (from 2018)"),
    "court ruling": ("A court, after a trial",
                     "Is this person guilty of a crime?",
                     "None yet for these attacks, in the sources of this lesson"),
}
CHOICES = ["all", *KINDS]


def kinds_table() -> Table:
    """The four kinds of answer side by side: who gives each, the question it answers, and an
    example from this lesson."""
    frame = pd.DataFrame([{"kind": kind, "who": who, "question": question, "example": example}
                          for kind, (who, question, example) in KINDS.items()])
    return table(frame, {"kind": "kind of answer", "who": "who gives it",
                         "question": "the question it answers", "example": "example"},
                 caption="Four kinds of answer to the question \"what happened?\"")


def investigations(kind: str = "all") -> pd.DataFrame:
    """The rows of one kind ("claim", "fact-finding", "attribution", "court ruling"), or "all",
    in the order they were made public."""
    if kind not in CHOICES:
        raise CourseError(f"There is no kind of result called {kind!r}. Use one of: "
                          + ", ".join(f'"{name}"' for name in CHOICES)
                          + ", with the quotation marks.")
    rows = load("chemical_investigations").sort_values(["reported_on", "incident_date"])
    if kind != "all":
        rows = rows[rows["result_kind"] == kind]
    return rows.reset_index(drop=True)


def investigations_table(kind: str = "all") -> Table:
    """The investigations table for reading: incident, body, kind of result, when it was made
    public, what it found and who disputed it, every text in full."""
    columns = {"incident": "incident", "incident_date": "date of the incident",
               "body": "who gave the answer", "result_kind": "kind of answer",
               "reported_on": "made public", "found": "what it said",
               "disputed_by": "who disputed it"}
    shown = "every kind" if kind == "all" else f"kind: {kind}"
    return table(investigations(kind), columns,
                 caption=f"Chemical attacks in Syria: claims, findings and attributions ({shown}).")


def count_naming(kind: str = "attribution") -> dict[str, int]:
    """How many rows of one kind name the Syrian government's forces, the Islamic State group,
    or no one (for a test and a teacher's check of the quiz key)."""
    counts = {"Syrian government forces": 0, "Islamic State group": 0, "no one": 0}
    for found in investigations(kind)["found"]:
        if "Islamic State" in found:
            counts["Islamic State group"] += 1
        elif "Syria" in found:
            counts["Syrian government forces"] += 1
        else:
            counts["no one"] += 1
    return counts


__all__ = ["KINDS", "count_naming", "investigations", "investigations_table", "kinds_table"]

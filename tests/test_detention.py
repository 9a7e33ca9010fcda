"""The detention counts (data/detention_counts.csv) and the verbs lesson 08 reads them with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessons import detention
from lessons.errors import CourseError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "08_detention_and_the_missing.ipynb"


def test_counts_table_shows_every_count_with_its_kind_and_method():
    shown = detention.counts_table()
    assert len(shown) == len(detention.counts())
    assert "documented or estimated" in shown.headings
    assert "how they counted" in shown.headings
    assert "nan" not in shown.text.lower()


@pytest.mark.parametrize("kind", ["documented", "estimated"])
def test_counts_of_one_kind_keep_only_that_kind(kind):
    chosen = detention.counts(kind)
    assert len(chosen) > 0
    assert set(chosen["documented_or_estimated"]) == {kind}


def test_an_unknown_kind_names_the_kinds_to_use():
    with pytest.raises(CourseError, match='"documented", "estimated"'):
        detention.counts("guessed")


def test_every_range_runs_from_low_to_high():
    rows = detention.counts()
    assert (rows["number_low"] <= rows["number_high"]).all()


def test_estimates_are_said_to_be_estimates_in_their_own_words():
    estimated = detention.counts("estimated")
    words = ("about", "estimated", "between", "as high as")
    assert all(any(word in given for word in words) for given in estimated["number_as_given"])


def test_the_predict_then_change_cell_starts_from_documented():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    assert code.count('detention.counts_table("documented")') == 2

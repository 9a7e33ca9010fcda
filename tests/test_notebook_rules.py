"""Every code cell reads like a sentence: at most six lines, and no wrangling (pandas masks,
string building, loops) — that lives in the package, where one fix mends every lesson."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MOST_LINES = 6

# What a beginner cannot read, each with the reason a notebook shows instead of the pattern.
FORBIDDEN = {
    r"&": "a pandas mask with &",
    r"(?<![|])\|(?![|])": "a pandas mask with |",
    r"\.isin\(": ".isin(",
    r"\.str\.": "a .str. method",
    r"strftime": "strftime",
    r"itertuples|iterrows": "a loop over rows",
    r"\.map\(\{": ".map({",
    r"^\s*import pandas|^\s*from pandas|\bpd\.": "pandas used directly",
    r"groupby": "groupby",
    r"\.loc\[|\.iloc\[": ".loc/.iloc",
    r"\[\[": "a column list [[...]]",
    r"\[[^\]\n]*(==|!=|<=|>=|<|>)[^\]\n]*\]": "a comparison inside [...] (a mask)",
    r"\blambda\b": "lambda",
    r"^\s*for\s|^\s*while\s": "a loop",
    r"\bf\"|\bf'": "an f-string building text",
    r"\.head\(|\.tail\(": "a raw table (.head/.tail)",
    r"\bprint\((?!\s*\"[^\"{}]*\"\s*\))": "print of a value (show a table, card or sentence)",
}


def rule_problems(source: str) -> list[str]:
    """What breaks the notebook rules in one code cell's source."""
    lines = [line for line in source.splitlines() if line.strip()]
    problems = [f"{len(lines)} lines (at most {MOST_LINES})"] if len(lines) > MOST_LINES else []
    for pattern, name in FORBIDDEN.items():
        if re.search(pattern, source, flags=re.M):
            problems.append(name)
    return problems


def code_cells(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] == "code":
            yield number, "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_code_cells_read_like_sentences(path):
    found = [f"cell {n}: {', '.join(problems)}" for n, source in code_cells(path)
             if (problems := rule_problems(source))]
    assert not found, f"{path.name}:\n" + "\n".join(found)


def quiz_cells_without_import(path: Path) -> list[int]:
    """Quiz cells that would fail run on their own (after a restart): ask() not imported there."""
    return [n for n, source in code_cells(path)
            if re.search(r"\bask\(", source) and "from lessons.quiz import ask" not in source]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_quiz_cell_works_on_its_own(path):
    assert quiz_cells_without_import(path) == [], path.name


def test_the_quiz_cell_check_can_fail(tmp_path):
    notebook = {"cells": [{"cell_type": "code", "source": ["from lessons.quiz import ask\n",
                                                          'ask("00_start_here", "a")']},
                          {"cell_type": "code", "source": ['ask("00_start_here", "b")']}]}
    (tmp_path / "n.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    assert quiz_cells_without_import(tmp_path / "n.ipynb") == [2]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_charts_are_drawn_by_name(path):
    """A notebook asks for a figure by name; it never calls the chart functions itself."""
    for number, source in code_cells(path):
        assert not re.search(r"\b(plots|maps)\.\w+\(", source), f"{path.name} cell {number}"


BROKEN = [
    'war = events[(events["date"] >= "2011") & (events["date"] <= "2016")]',
    'taking_sides = links[links["from_actor"].isin(states["actor_id"])]',
    'first = links.groupby("from_actor")["start"].min().str[:4].astype(int)',
    "import pandas as pd",
    'labels = [f"{row.date:%d %b}" for row in table.itertuples()]',
    'control[["place_id", "part"]].head(10)',
    "print(events)",
    "\n".join(["x = 1"] * 7),
]


@pytest.mark.parametrize("source", BROKEN)
def test_the_rules_catch_wrangling(source):
    assert rule_problems(source)


def test_the_rules_pass_a_sentence():
    assert rule_problems('events_table(events_between("2011-02", "2011-04"))') == []
    assert rule_problems('figure("refugees-by-host", add="Germany")') == []
    assert rule_problems('print("Welcome to the course. This cell ran!")') == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_valid_and_saved_without_outputs(path):
    # A cell id in a version-4.4 notebook (as nbformat's new_*_cell adds) makes the file invalid,
    # and the static export refuses it.
    import nbformat

    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name

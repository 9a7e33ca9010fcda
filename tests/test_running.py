"""Running a notebook for the teacher's tools: answers into a scratch folder that is removed,
settings put back afterwards, and one lesson that fails never stopping the others."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from lessons import figure_cache
from lessons.running import environment, run_notebook


def _notebook(folder: Path, name: str, *sources: str) -> Path:
    path = folder / name
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s)
                                                   for s in sources]), path)
    return path


def test_the_kernel_saves_into_a_scratch_folder_that_is_gone_afterwards(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "students-own"))
    path = _notebook(tmp_path, "probe.ipynb",
                     "import os\nprint(os.environ['COURSE_PROGRESS_DIR'])\nprint(os.getcwd())")
    notebook = run_notebook(path, timeout=60, COURSE_PROBE="yes")
    scratch, cwd = notebook.cells[0].outputs[0]["text"].split()
    assert scratch != str(tmp_path / "students-own") and not Path(scratch).exists()
    assert cwd == str(tmp_path)
    assert os.environ["COURSE_PROGRESS_DIR"] == str(tmp_path / "students-own")
    assert "COURSE_PROBE" not in os.environ


def test_settings_are_put_back_when_the_block_fails(monkeypatch):
    monkeypatch.setenv("COURSE_EXPORT_DIR", "before")
    monkeypatch.delenv("COURSE_PROBE", raising=False)
    try:
        with environment(COURSE_EXPORT_DIR="during", COURSE_PROBE="x"):
            assert os.environ["COURSE_EXPORT_DIR"] == "during"
            raise RuntimeError
    except RuntimeError:
        pass
    assert os.environ["COURSE_EXPORT_DIR"] == "before" and "COURSE_PROBE" not in os.environ


def test_warming_goes_on_past_a_lesson_that_fails(tmp_path):
    broken = _notebook(tmp_path, "01_broken.ipynb", "raise ValueError('no')")
    fine = _notebook(tmp_path, "02_fine.ipynb", "print('drawn')")
    assert figure_cache.warm([broken, fine], timeout=60) == [
        "01_broken.ipynb could not be run ahead (CellExecutionError); its figures will be drawn "
        "when it is opened."]

"""A cell run before the cells above it (out of order, or after a restart) shows a plain
sentence saying what to run, not a NameError traceback; a NameError inside a package function
still shows its traceback, since that is a bug to see."""

from __future__ import annotations

import sys

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from lessons.kernel import RUN_ABOVE, load_ipython_extension, plain_sentence


def _error_text(cells: list[str], folder) -> str:
    """Run the cells in a fresh kernel of this environment; the text of the last cell's error."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(notebook, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    with pytest.raises(CellExecutionError):
        client.execute()
    error = [o for o in notebook.cells[-1].outputs if o.output_type == "error"][0]
    return "\n".join(error.traceback)


def _is_plain(text: str) -> bool:
    return RUN_ABOVE in text and "Traceback" not in text and "File " not in text


def test_plain_sentence_names_the_missing_name_and_the_menu_item():
    sentence = plain_sentence("places")
    assert "\u201cplaces\u201d" in sentence and RUN_ABOVE in sentence
    assert "spelling" in sentence


def test_a_lesson_kernel_explains_a_cell_run_before_the_cells_above(tmp_path):
    # The kernel reads the course's settings from this environment (course.py puts them there).
    text = _error_text(['places_table(places, limit=5)'], tmp_path)
    assert _is_plain(text), text
    assert "places_table" in text


def test_the_check_fails_when_the_kernel_has_no_handler(tmp_path):
    text = _error_text(["get_ipython().set_custom_exc((), None)", "places_table(places)"],
                       tmp_path)
    assert not _is_plain(text)
    assert "NameError" in text


def test_a_name_error_inside_a_module_keeps_its_traceback(tmp_path):
    (tmp_path / "broken_helper.py").write_text("def show():\n    return missing_thing\n")
    text = _error_text([f"import sys; sys.path.insert(0, {str(tmp_path)!r})",
                        "import broken_helper\nbroken_helper.show()"], tmp_path)
    assert not _is_plain(text)
    assert "missing_thing" in text and "broken_helper" in text


def test_importing_lessons_in_a_shell_without_the_settings_adds_the_handler(monkeypatch):
    shell = InteractiveShell.instance()
    shell.set_custom_exc((), None)
    from lessons import kernel

    monkeypatch.setitem(sys.modules, "IPython", sys.modules["IPython"])
    kernel.install_in_running_kernel()
    assert NameError in shell.custom_exceptions
    load_ipython_extension(shell)  # twice is harmless
    assert shell.custom_exceptions == (NameError,)
    shell.set_custom_exc((), None)

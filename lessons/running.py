"""Running a lesson notebook top to bottom in a kernel of its own, as the teacher's tools do
(the static export, drawing every figure ahead): answers go to a scratch folder, never into
anyone's saved progress, and the settings changed for the run are put back afterwards."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def environment(**values: str):
    """Set these environment variables for the length of a ``with`` block (the kernel started
    inside it inherits them), then put back what was there before."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_notebook(path: Path, timeout: int = 300, **env: str):
    """Run the notebook at ``path`` in a fresh python3 kernel, from its own folder, and return
    it with its outputs. Answers are saved in a scratch folder that is removed afterwards;
    ``env`` sets further environment variables for the kernel."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="course-run-", ignore_cleanup_errors=True) as scratch, \
            environment(COURSE_PROGRESS_DIR=scratch, COURSE_EXPORT_DIR=scratch, **env):
        NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook

"""Binder: an environment made from binder/ alone (as mybinder.org would build it) runs every
lesson. `python3 course.py test` builds that environment in .venv-binder before the tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from test_lock import LOCK, read_lock

ROOT = Path(__file__).resolve().parent.parent
BINDER_BIN = ROOT / ".venv-binder" / "bin"


def test_binder_environment_runs_every_lesson(tmp_path):
    if not (BINDER_BIN / "jupyter").exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(".venv-binder is missing: course.py test builds it from binder/")
        pytest.skip(".venv-binder not built (python3 course.py test builds it)")
    listed = subprocess.run([str(BINDER_BIN / "python"), "-m", "pip", "list", "--format",
                             "json"], capture_output=True, text=True, check=True).stdout
    installed = {canonicalize_name(p["name"]): p["version"] for p in json.loads(listed)}
    for test_only in ("playwright", "frictionless", "jupyterhub"):
        assert test_only not in installed  # built from binder/ alone, no test extra
    # exactly the lock's versions, and nothing installed that another package cannot use
    pins, _via, _odd = read_lock(LOCK.read_text(encoding="utf-8"))
    assert {name: installed.get(name) for name in pins} == pins
    check = subprocess.run([str(BINDER_BIN / "python"), "-m", "pip", "check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    env = {**os.environ, "COURSE_PROGRESS_DIR": str(tmp_path / "progress"),
           "COURSE_EXPORT_DIR": str(tmp_path), "MPLBACKEND": "Agg"}
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    result = subprocess.run(
        [str(BINDER_BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
         "--output-dir", str(tmp_path / "run"), *map(str, notebooks)],
        cwd=ROOT / "notebooks", env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lessons = list((ROOT / "lessons" / "catalog").glob("*/lesson.yaml"))
    assert len(list((tmp_path / "run").glob("*.ipynb"))) == len(notebooks) == len(lessons)


def test_repo2docker_reads_the_binder_folder(tmp_path):
    """mybinder.org builds images with repo2docker. `--no-build` makes it read the repository and
    write the Dockerfile it would build, without Docker and without the network."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # the working tree's binder files, in case they are changed but not yet committed
    for name in ("requirements.txt", "requirements.lock.txt", "runtime.txt"):
        (clone / "binder" / name).write_text((ROOT / "binder" / name).read_text())
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"  # installed with the test extra
    result = subprocess.run([str(r2d), "--no-build", "--no-run", "--debug", str(clone)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout + result.stderr
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()   # e.g. python-3.11
    assert f"python={runtime.split('-')[1]}" in out, "repo2docker did not take binder/runtime.txt"
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in out
    # the requirements are installed after the repository is copied in, so `-e .` can find it
    assert out.index("COPY --chown=0:0 src/ ") < out.index('-r "binder/requirements.txt"\n')

"""The README's first command, ``python3 course.py lab``, brings JupyterLab up on a fresh copy
of the course: a new virtual environment, the course installed into it, lesson 00 served. The
packages come from the wheelhouse that ``course.py test`` collected while the network was there,
so the test itself stays offline. As root (in CI) it also proves the --allow-root path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from servers import ROOT, free_port

WHEELHOUSE = ROOT / ".tools" / "wheelhouse"
SET_UP_AND_START = 600  # seconds: a fresh venv and an install from local wheels, then the server


def fresh_copy(target: Path) -> Path:
    """The course's tracked files, as a fresh clone of the working tree would have them."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_lab_command_brings_jupyterlab_up_from_a_fresh_copy(tmp_path):
    if not any(WHEELHOUSE.glob(".complete-*")):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("no wheelhouse: run the tests with 'python3 course.py test'")
        pytest.skip("no wheelhouse in .tools/: 'python3 course.py test' collects it")
    course = fresh_copy(tmp_path / "course")
    port, token = free_port(), "fresh-copy-test"
    env = {key: value for key, value in os.environ.items() if not key.startswith("VIRTUAL_ENV")}
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(WHEELHOUSE), PIP_DISABLE_PIP_VERSION_CHECK="1",
               JUPYTER_PORT=str(port), JUPYTER_PORT_RETRIES="0", JUPYTER_TOKEN=token,
               BROWSER="true", JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"))
    log_path = tmp_path / "lab.log"
    with log_path.open("w") as log:
        lab = subprocess.Popen([sys.executable, "course.py", "lab"], cwd=course, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        status, deadline = None, time.time() + SET_UP_AND_START
        while status is None and time.time() < deadline and lab.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/contents/00_start_here.ipynb"
                with urllib.request.urlopen(f"{url}?token={token}&content=0", timeout=3) as got:
                    status = got.status
            except OSError:
                time.sleep(1)
        log_text = log_path.read_text()
        assert status == 200, "JupyterLab did not come up:\n" + log_text[-3000:]
        assert (course / ".venv").is_dir()
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            assert "--allow-root" in log_text
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, 15)
            try:
                lab.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(lab.pid, 9)


def test_lab_command_without_the_root_flag_is_refused_as_root(tmp_path):
    """The broken example: what the README's command did as root before it passed the flag."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        pytest.skip("only root is refused")
    jupyter = Path(sys.executable).parent / "jupyter"
    result = subprocess.run([str(jupyter), "lab", "--no-browser", f"--port={free_port()}"],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)})
    assert result.returncode != 0 and "allow-root" in (result.stdout + result.stderr)

"""Shared test set-up: answers go to a temporary folder, and the network is refused."""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Notebook kernels started by nbval inherit this, so test runs never touch a real student's file.
os.environ.setdefault("COURSE_PROGRESS_DIR", tempfile.mkdtemp(prefix="course-progress-"))
os.environ.setdefault("COURSE_EXPORT_DIR", tempfile.mkdtemp(prefix="course-export-"))
os.environ.setdefault("COURSE_FIGURE_CACHE", tempfile.mkdtemp(prefix="course-figures-"))
os.environ.setdefault("MPLBACKEND", "Agg")

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    """Refuse any connection that is not to this machine (tests must run offline)."""
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise OSError(f"network access blocked in tests: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture
def progress_dir(tmp_path, monkeypatch):
    """A fresh, empty progress folder for one test."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(folder))
    return folder


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that a test may break, used by the loader instead of the real one."""
    import shutil

    from lessons import data

    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("COURSE_DATA_DIR", str(copy))
    data._load_checked.cache_clear()
    yield copy
    data._load_checked.cache_clear()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One JupyterLab on loopback for a test file's lessons (each notebook gets its own kernel,
    stopped after its test)."""
    from servers import jupyter_lab, need_browser

    need_browser()
    with jupyter_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server

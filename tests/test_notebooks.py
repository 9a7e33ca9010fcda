"""The notebooks as files: stored clean, and run offline (nbval runs each one, see README)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name} cell {number} has stored output"
            assert cell["execution_count"] is None, f"{path.name} cell {number} was run"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_network_is_refused_inside_the_tests():
    with pytest.raises(OSError, match="network access blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_notebook_tests_run_with_only_loopback_when_required():
    """In CI the whole suite (nbval kernels and the browser too) runs in a network namespace
    whose only interface is loopback; .ci/run sets REQUIRE_NETNS so this cannot pass silently."""
    if os.environ.get("COURSE_NETNS") != "1":
        if os.environ.get("REQUIRE_NETNS") == "1":
            pytest.fail("REQUIRE_NETNS is set but the tests are not in a network namespace")
        pytest.skip("not in a network namespace (only CI requires one)")
    assert [name for _index, name in socket.if_nameindex()] == ["lo"]
    # A fresh process (no socket guard) cannot even route a packet off this machine.
    probe = ("import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
             "s.connect(('192.0.2.1', 53))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode != 0 and "unreachable" in result.stderr.lower()

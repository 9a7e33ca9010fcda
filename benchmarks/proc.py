"""A process's memory and CPU time from Linux's /proc, for the benchmarks (run.py, classroom.py)."""

from __future__ import annotations

import os
from pathlib import Path


def status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (the peak resident memory) of a process in kB; {} if it has gone."""
    found = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key = line.split(":", 1)[0]
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(line.split()[1])
    except OSError:
        pass
    return found


def stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds used so far, user + system) of a process; None if it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

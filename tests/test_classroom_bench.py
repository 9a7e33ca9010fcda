"""The classroom benchmark (benchmarks/classroom.py) on a real JupyterHub, smallest size: two
students log in, start their servers, run lesson 00 in real kernels and click Check. Every
reported figure must be there and plausible, and no hub, proxy, server or kernel may be left.
A step whose lessons cannot finish in time must count failed runs and still stop everything.

Real parts, as in tests/test_hub.py: jupyterhub, its proxy (configurable-http-proxy from the npm
registry), the dummy authenticator and a local-process spawner; loopback only.
"""

from __future__ import annotations

import os

import pytest
from servers import ROOT, script

pytestmark = pytest.mark.browser

LESSON = "00_start_here"


classroom = script(ROOT / "benchmarks" / "classroom.py")


@pytest.fixture
def need_hub():
    if missing := classroom.missing():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("missing for the classroom benchmark: " + ", ".join(missing))
        pytest.skip("missing for the classroom benchmark: " + ", ".join(missing))


def _spread_problems(name: str, spread, low: float, high: float) -> list[str]:
    if not spread or set(spread) != {"p50", "p95", "max"}:
        return [f"{name}: missing or incomplete ({spread!r})"]
    if not low < spread["p50"] <= spread["p95"] <= spread["max"] < high:
        return [f"{name}: {spread} not within {low} < p50 <= p95 <= max < {high}"]
    return []


def problems(result: dict, students: int) -> list[str]:
    """Everything implausible or missing in a benchmark result of one step."""
    found = []
    run = result["run"]
    for key in ("id", "date", "lesson", "question", "limit_p95_s", "timeout_s",
                "spawn_timeout_s", "machine", "load_before", "load_after",
                "other_processes_before", "jupyterhub", "spawner", "processes_left",
                "stopped_because"):
        if key not in run:
            found.append(f"run.{key} missing")
    if run.get("processes_left"):
        found.append(f"processes left: {run['processes_left']}")
    if len(result["steps"]) != 1:
        return [*found, f"{len(result['steps'])} steps, not 1"]
    step = result["steps"][0]
    if step["students"] != students:
        found.append(f"{step['students']} students, not {students}")
    for key in ("failed_logins", "failed_spawns", "failed_runs"):
        if step[key]:
            found.append(f"{key.replace('_', ' ')}: {step[key]} ({step['errors']})")
    found += _spread_problems("spawn_s", step["spawn_s"], 0, run["spawn_timeout_s"])
    found += _spread_problems("lesson_s", step["lesson_s"], 0.1, run["timeout_s"])
    found += _spread_problems("check_s", step["check_s"], 0, 10)
    total = run["machine"]["mem_total_mb"]
    for key, low in (("server_mb", 30), ("kernel_mb", 60)):  # a kernel imports matplotlib
        value = step[key]
        if not value or not low < value["mean"] <= value["max"] < 2000:
            found.append(f"{key}: {value!r} not within {low} < mean <= max < 2000")
    if step["server_mb"] and step["kernel_mb"] and step["per_student_mb"] is not None:
        both = step["server_mb"]["mean"] + step["kernel_mb"]["mean"]
        if abs(step["per_student_mb"] - both) > 2:
            found.append(f"per_student_mb {step['per_student_mb']} is not server + kernel")
    else:
        found.append("per_student_mb missing")
    if not (step["cpu_s_per_student"] or 0) > 0.5:
        found.append(f"cpu_s_per_student: {step['cpu_s_per_student']!r}")
    memory = step["mem_used_mb"]
    if not 0 < memory["before"] <= memory["peak"] <= total:
        found.append(f"mem_used_mb: {memory} not within 0 < before <= peak <= {total}")
    cpu = step["cpu_busy_percent"]
    if not 0 < cpu["mean"] <= 100 or not 0 < cpu["peak"] <= 100:
        found.append(f"cpu_busy_percent: {cpu}")
    if step["lesson_s"] and step["wall_s"] < step["lesson_s"]["max"]:
        found.append("wall_s shorter than the slowest lesson")
    if not step["kept_up"]:
        found.append("the step did not keep up")
    return found


def test_two_students_run_a_lesson_and_every_figure_is_plausible(need_hub, tmp_path):
    result = classroom.benchmark([2], LESSON, timeout=180, spawn_timeout=180, work=tmp_path)
    assert problems(result, 2) == []
    assert result["run"]["question"] == "not-a-neighbour"
    assert classroom.tagged(result["run"]["id"]) == []  # no hub, proxy, server or kernel left
    assert "| 2 | 0 / 0 / 0 |" in classroom.table(result)


def test_a_step_out_of_time_counts_failed_runs_and_stops_everything(need_hub, tmp_path):
    result = classroom.benchmark([2], LESSON, timeout=0.001, spawn_timeout=180, work=tmp_path)
    step = result["steps"][0]
    assert step["failed_runs"] == 2 and step["lesson_s"] is None and not step["kept_up"]
    assert all("timed out" in error for error in step["errors"])
    found = problems(result, 2)
    assert any(problem.startswith("failed runs: 2") for problem in found), found
    assert result["run"]["processes_left"] == []
    assert classroom.tagged(result["run"]["id"]) == []


def test_a_machine_without_the_hub_gets_one_sentence(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(classroom, "hub_missing", lambda: ["configurable-http-proxy (npm)"])
    assert classroom.main(["--students", "2", "--out", str(tmp_path / "r.json")]) == 2
    said = capsys.readouterr().err
    assert "cannot run here: it needs configurable-http-proxy" in said
    assert "python3 course.py classroom" in said and "Traceback" not in said
    assert not (tmp_path / "r.json").exists()

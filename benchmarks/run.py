"""Measure each notebook: seconds to run top to bottom in a fresh kernel, and peak kernel memory,
beside the floor measured in the same run (a notebook that only starts a kernel and imports
matplotlib, ipywidgets and the course package). Also times `import lessons`, and optionally the
set-up.

    python benchmarks/run.py            # notebooks, import time, nbval time (about a minute)
    python benchmarks/run.py --setup    # also: set-up from a fresh clone (a few minutes)
    python benchmarks/run.py --drawn    # every figure drawn every time (no kept figures)

Numbers are printed as a Markdown table for the README, and kept in benchmarks/lessons_results.json
under "kept" or "drawn" (the mode), with the date, so benchmarks/sizing.py can size a hub from the
heaviest lesson. Not a test: nothing here can fail a build.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from proc import stat, status

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "lessons_results.json"
# What every lesson needs before any lesson code runs: a kernel, matplotlib, ipywidgets (the
# quizzes; lessons.quiz imports it only when a question is first shown) and the course package.
FLOOR_CODE = ("import matplotlib.pyplot\nimport ipywidgets\nimport lessons\n"
              "from lessons import plots, maps, quiz")


def peak_kb(pid: int) -> int:
    """Peak resident memory (VmHWM) of a process, in kB."""
    return status(pid).get("VmHWM", 0)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far."""
    return stat(pid)[1]


def run_notebook(notebook, folder: Path) -> tuple[float, float, float]:
    """Run a notebook in a fresh kernel; return (seconds, peak kernel memory in MB, the
    kernel's CPU seconds). CPU time moves less than wall time when other work shares the
    machine, so it shows whether a change helped even when the wall times are noisy."""
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        memory = peak_kb(pid) / 1024
        cpu = cpu_seconds(pid)
    return seconds, memory, cpu


def median_run(make, folder: Path, repeat: int) -> tuple[float, float, float]:
    runs = [run_notebook(make(), folder) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs),
            statistics.median(r[2] for r in runs))


def import_seconds(repeat: int = 5) -> float:
    def timed(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start
    bare = statistics.median(timed("pass") for _ in range(repeat))
    full = statistics.median(timed("import lessons; lessons.load('places')")
                             for _ in range(repeat))
    return full - bare


def explorer_step_seconds() -> float:
    """One step of the who-held-what explorer (draw a day, write its image), median of five,
    after the first image (which measures the frame once)."""
    code = (
        "import statistics, time\n"
        "import matplotlib\n"
        "matplotlib.use('agg')\n"
        "from lessons.control_map import ControlMap\n"
        "from lessons.figures import words_for\n"
        "chart = ControlMap(words_for('who-held-what'))\n"
        "chart.draw('2014-01-31'); chart.figure_html()\n"
        "times = []\n"
        "for day in ('2014-02-28', '2015-06-30', '2016-12-31', '2020-03-31', '2024-12-31'):\n"
        "    start = time.perf_counter(); chart.draw(day); chart.figure_html()\n"
        "    times.append(time.perf_counter() - start)\n"
        "print(statistics.median(times))\n")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True, cwd=ROOT)
    return float(done.stdout.strip().splitlines()[-1])


def setup_seconds() -> float:
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "course"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(clone / "course.py"), "install"], check=True,
                       cwd=clone)
        return time.perf_counter() - start


def nbval_seconds() -> float:
    """All ten notebooks under nbval on two workers, as the test suite runs them."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile",
                    "--nbval-lax", "-p", "no:cacheprovider", "notebooks"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--drawn", action="store_true",
                        help="draw every figure every time (COURSE_FIGURE_CACHE=off): a "
                             "student's very first run without `course.py install`'s warm-up")
    parser.add_argument("--only", nargs="*", metavar="LESSON",
                        help="time only these notebooks (names or their first digits), and "
                             "skip the other measurements")
    args = parser.parse_args()
    os.environ.setdefault("COURSE_PROGRESS_DIR", tempfile.mkdtemp(prefix="bench-progress-"))
    os.environ.setdefault("COURSE_EXPORT_DIR", tempfile.mkdtemp(prefix="bench-export-"))
    # Figures are kept in a store of the benchmark's own, filled by the warm-up run as
    # `course.py install` fills the course's; with --drawn every figure is drawn every time.
    os.environ["COURSE_FIGURE_CACHE"] = ("off" if args.drawn
                                         else tempfile.mkdtemp(prefix="bench-figures-"))
    folder = ROOT / "notebooks"

    def floor():
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CODE)])

    run_notebook(floor(), folder)  # warm-up, not counted: later runs find files in the cache
    floor_s, floor_mb, floor_cpu = median_run(floor, folder, args.repeat)
    print(f"| notebook | seconds (median of {args.repeat}) | x floor | peak kernel MB "
          "| kernel CPU s | x floor (CPU) |")
    print("|---|---|---|---|---|---|")
    print(f"| floor (kernel + matplotlib + ipywidgets + lessons) | {floor_s:.2f} | 1.00 "
          f"| {floor_mb:.0f} | {floor_cpu:.2f} | 1.00 |")
    chosen = [path for path in sorted(folder.glob("*.ipynb"))
              if not args.only or any(path.name.startswith(o) for o in args.only)]
    kept = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "repeat": args.repeat, "cpus": os.cpu_count(),
            "floor": {"seconds": round(floor_s, 3), "peak_kernel_mb": round(floor_mb, 1),
                      "kernel_cpu_s": round(floor_cpu, 3)},
            "notebooks": {}}
    for path in chosen:
        if not args.drawn:  # the lesson's figures drawn and kept once, as set-up does
            run_notebook(nbformat.read(path, as_version=4), folder)
        seconds, memory, cpu = median_run(lambda p=path: nbformat.read(p, as_version=4),
                                          folder, args.repeat)
        print(f"| {path.name} | {seconds:.2f} | {seconds / floor_s:.2f} | {memory:.0f} "
              f"| {cpu:.2f} | {cpu / floor_cpu:.2f} |")
        kept["notebooks"][path.stem] = {
            "seconds": round(seconds, 3), "x_floor": round(seconds / floor_s, 2),
            "peak_kernel_mb": round(memory, 1), "kernel_cpu_s": round(cpu, 3),
            "x_floor_cpu": round(cpu / floor_cpu, 2)}
    if args.only:
        return
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results["drawn" if args.drawn else "kept"] = kept
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\n`import lessons` and load one table: {import_seconds():.2f} s")
    print(f"one step of the who-held-what explorer (draw a day, write its image): "
          f"{explorer_step_seconds():.2f} s")
    print(f"all ten notebooks under nbval, 2 workers: {nbval_seconds():.1f} s")
    if args.setup:
        print(f"set-up from a fresh clone (`python3 course.py install`): {setup_seconds():.0f} s")


if __name__ == "__main__":
    main()

"""How big a hub the course needs, worked out from what was measured here, by the published rules.

    .venv/bin/python benchmarks/sizing.py            # the figures, and the README's table

Inputs: benchmarks/classroom_results.json (benchmarks/classroom.py: students on one JupyterHub)
and benchmarks/lessons_results.json (benchmarks/run.py: every lesson alone, beside the floor).
The deployment files (deploy/z2jh/config.yaml, deploy/tljh/install-course.sh) and the README's
sizing guide carry these figures; tests/test_deploy.py checks that they agree with this module.

The rules, each from a published source (quoted in the README's sizing guide):

- memory one student needs: their single-user server at its peak, plus the heaviest lesson's
  kernel at its peak (the biggest either benchmark saw), plus 40% headroom: the top of the
  "20-40% headroom" The Littlest JupyterHub recommends;
- memory guarantee (Zero to JupyterHub, Kubernetes' "request"): that need, rounded up to a
  multiple of 128 MiB;
- memory limit: twice the guarantee, the "ratio of 2 to 1" Zero to JupyterHub suggests starting
  with. A student who leaves earlier lessons open keeps their kernels: the limit leaves room for
  several at once (``lessons_open``);
- CPU guarantee: a student's measured CPU time to start their server and kernel, run a lesson
  and click Check, spread over one minute: what each student is sure of when a whole class
  starts together (rounded up to 0.05 of a core);
- CPU limit: one core. A lesson runs in one Python process, so more would not make it faster;
- a hub for N students online at once: The Littlest JupyterHub's formulas, memory =
  N x the memory one student needs + 128 MB, CPU = N x CPU per student + 20% of a core, where
  CPU per student is the CPU guarantee above.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASSROOM = ROOT / "benchmarks" / "classroom_results.json"
LESSONS = ROOT / "benchmarks" / "lessons_results.json"

HEADROOM = 1.4  # TLJH: "add 20-40% headroom"; we take the top of it
LIMIT_TO_GUARANTEE = 2  # Z2JH: "starting with a ratio of 2 to 1"
HUB_OVERHEAD_MB = 128  # TLJH: "The `128MB` is overhead for TLJH and related services."
HUB_OVERHEAD_CPU = 0.2  # TLJH: "The `20%` is overhead ... around 20% of a single modern CPU"
START_WINDOW_S = 60  # a class's start-up spread over one minute of each student's guarantee
CPU_LIMIT = 1.0
SHARE_ONLINE = (0.4, 0.6)  # TLJH: "between 40-60% of your total class size to start with"
GROUPS = (("a class of 30", 30, False), ("a year group of 150", 150, True),
          ("a university course of 300", 300, True))


def _up(value: float, step: float) -> float:
    return math.ceil(round(value / step, 6)) * step


def measured(classroom: dict, lessons: dict) -> dict:
    """The figures the rules start from, each with where it came from."""
    steps = [s for s in classroom["steps"] if s["kept_up"]]
    if not steps:
        raise ValueError("the classroom benchmark has no step that kept up: run it again")
    server = max(s["server_mb"]["max"] for s in steps)
    kernels = {f"lesson {classroom['run']['lesson'][:2]} on the hub":
               max(s["kernel_mb"]["max"] for s in steps)}
    ways = {"drawn": "with every figure drawn", "kept": "with its figures kept"}
    for mode, run in lessons.items():
        for name, notebook in run["notebooks"].items():
            kernels[f"lesson {name[:2]} run alone {ways.get(mode, mode)}"] = \
                notebook["peak_kernel_mb"]
    heaviest = max(kernels, key=kernels.get)
    cpu = max(s["cpu_s_per_student"] for s in steps)
    return {"server_mb": server, "kernel_mb": kernels[heaviest], "heaviest": heaviest,
            "cpu_s_per_student": cpu, "kept_up_to": max(s["students"] for s in steps),
            "machine": classroom["run"]["machine"], "date": classroom["run"]["date"][:10]}


def sizing(classroom: dict, lessons: dict) -> dict:
    """Per-student guarantees and limits, and hubs for the three sizes of group."""
    m = measured(classroom, lessons)
    need_mb = (m["server_mb"] + m["kernel_mb"]) * HEADROOM
    guarantee_mb = int(_up(need_mb, 128))
    limit_mb = guarantee_mb * LIMIT_TO_GUARANTEE
    cpu_guarantee = round(_up(m["cpu_s_per_student"] / START_WINDOW_S, 0.05), 2)
    groups = []
    for label, size, share in GROUPS:
        online = ([math.ceil(size * f) for f in SHARE_ONLINE] if share else [size, size])
        groups.append({
            "group": label, "students": size, "online": online,
            "memory_gb": [round((n * need_mb + HUB_OVERHEAD_MB) / 1024, 1) for n in online],
            "cores": [round(n * cpu_guarantee + HUB_OVERHEAD_CPU, 1) for n in online]})
    return {"measured": m, "need_mb": round(need_mb),
            "memory_guarantee": f"{guarantee_mb}M",
            "memory_limit": f"{limit_mb // 1024}G" if limit_mb % 1024 == 0 else f"{limit_mb}M",
            "lessons_open": int((limit_mb - m["server_mb"]) // m["kernel_mb"]),
            "cpu_guarantee": cpu_guarantee, "cpu_limit": CPU_LIMIT, "groups": groups}


def load() -> dict:
    """The sizing from the results files kept in benchmarks/."""
    return sizing(json.loads(CLASSROOM.read_text(encoding="utf-8")),
                  json.loads(LESSONS.read_text(encoding="utf-8")))


def _span(pair, unit: str = "") -> str:
    low, high = pair
    return f"{low:g}{unit}" if low == high else f"{low:g}-{high:g}{unit}"


def table(result: dict) -> str:
    """The README's table: what each size of group needs."""
    rows = ["| | " + " | ".join(g["group"] for g in result["groups"]) + " |",
            "|---|" + "---|" * len(result["groups"])]

    def row(name, cells):
        rows.append(f"| {name} | " + " | ".join(cells) + " |")

    row("online at once", [_span(g["online"]) + (" (all)" if g["online"][0] == g["students"]
                                                 else " (40-60%)") for g in result["groups"]])
    row(f"memory ({result['need_mb']} MB each + 128 MB)",
        [_span(g["memory_gb"], " GB") for g in result["groups"]])
    row(f"CPU cores ({result['cpu_guarantee']:g} each + 0.2)",
        [_span(g["cores"]) for g in result["groups"]])
    return "\n".join(rows)


def main() -> int:
    result = load()
    m = result["measured"]
    print(f"measured {m['date']} on {m['machine']['cpus']} cores: server {m['server_mb']:.0f} MB, "
          f"heaviest kernel {m['kernel_mb']:.0f} MB ({m['heaviest']}), "
          f"{m['cpu_s_per_student']} CPU s per student (kept up to {m['kept_up_to']} students)")
    print(f"each student: memory guarantee {result['memory_guarantee']}, limit "
          f"{result['memory_limit']} (room for {result['lessons_open']} lessons open), CPU "
          f"guarantee {result['cpu_guarantee']:g}, limit {result['cpu_limit']:g}")
    print()
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A class on one JupyterHub, measured: N students log in at once, each gets a single-user
server, runs one lesson top to bottom in a real kernel and clicks Check on one quiz question.

    python3 course.py classroom --students 5,10,20,30,40   # from a clean clone: sets up
                                                           # JupyterHub and its proxy, runs
    .venv/bin/python benchmarks/classroom.py --students 2  # later: one step of 2 students

What runs (real parts, nothing mocked, loopback only): the jupyterhub package from .venv, its
proxy (configurable-http-proxy from .tools/node_modules), the dummy authenticator and
SimpleLocalProcessSpawner, configured by tests/hub_config.py as for the hub tests: every
student's server runs as the same unix user as the benchmark (one machine, one account; a real
hub gives each student an account or a container, which adds a little memory per student). An
admin service token creates each student and makes their token ("log in" below); with their own
token each student starts their server through the hub's REST API, starts a kernel through the
server's REST API (behind the proxy, as a browser would), and runs the lesson's code cells in
order over the kernel's websocket. Then the Check button of the lesson's first single-choice
question is clicked as JupyterLab clicks it: a widget "click" message to the button, timed
until the feedback widget's new value comes back. Figures come from the course's kept-figure
store, as on a hub set up as the README says.

Steps of a ramp run one after another on the same hub; each step's servers are stopped before
the next. The ramp stops after a step that does not keep up: a failed login, spawn or run, or a
p95 lesson time above --limit seconds. Everything started is stopped at the end and /proc is
searched for any process left (each carries COURSE_BENCH_RUN=<run id> in its environment).

Output: a Markdown table on stdout, and JSON (--out, default benchmarks/classroom_results.json):

    run: {id (the COURSE_BENCH_RUN tag), date (UTC), lesson, question (the Check timed),
          limit_p95_s, timeout_s, spawn_timeout_s, machine {cpus, mem_total_mb},
          load_before, load_after (from /proc/loadavg: 1, 5, 15 minute),
          other_processes_before (the busiest other processes, by CPU share, when the run
          started), jupyterhub (version), spawner,
          processes_left (pids still alive at the end: [] when all stopped), stopped_because}
    steps: one per step, in order:
      students               students in the step
      failed_logins          students whose account or token could not be made
      failed_spawns          students whose server did not start within --spawn-timeout
      failed_runs            students whose lesson or Check failed or took over --timeout
      errors                 the first few error messages, "student: what"
      spawn_s                {p50, p95, max} seconds from asking for a server to its being ready
      lesson_s               {p50, p95, max} seconds from asking for a kernel to the last cell done
      check_s                {p50, p95, max} seconds from the Check click to its feedback
      server_mb, kernel_mb   {mean, max} per student of the peak resident memory (VmHWM from
                             /proc/<pid>/status) of the single-user server and of its kernel
      per_student_mb         mean of server + kernel peak memory
      cpu_s_per_student      mean CPU seconds (user + system) of server + kernel, per student
      mem_used_mb            {before, peak} machine memory in use (MemTotal - MemAvailable)
      cpu_busy_percent       all cores busy during the step (100 = every core all the time),
                             from /proc/stat, {mean, peak} (peak over 1-second samples)
      wall_s                 seconds from the first login to the last student done
      kept_up                true when nothing failed and lesson_s.p95 <= limit_p95_s

Times are None (JSON null) when no student got that far. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from hub_config import Hub, hub_missing, write_hub_config  # noqa: E402  (tests/)
from proc import stat as _stat  # noqa: E402  (benchmarks/)
from proc import status as _status  # noqa: E402

RESULTS = ROOT / "benchmarks" / "classroom_results.json"
SERVICE = "classroom-bench"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy


class Failed(Exception):
    """One student's step failed (the message says which and why)."""


# ---------------------------------------------------------------- /proc readings (Linux only)

def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0")
                if "=" in item)


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def tagged(run_id: str) -> list[int]:
    """Every live process started by this run (they all carry its id in their environment)."""
    return [pid for pid in _pids() if pid != os.getpid()
            and _environ(pid).get("COURSE_BENCH_RUN") == run_id and _stat(pid) is not None]


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])  # guest time is already counted in user
    return total - idle, total


def mem_used_mb() -> float:
    info = {line.split(":")[0]: int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()}
    return (info["MemTotal"] - info["MemAvailable"]) / 1024


def loadavg() -> list[float]:
    return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]


def busiest_others(run_id: str | None = None, seconds: float = 1.0, top: int = 5) -> list[str]:
    """The processes (not this run's) using most CPU over ``seconds``, as "name: NN%"."""
    mine = set(tagged(run_id)) if run_id else set()
    first = {pid: s[1] for pid in _pids() if (s := _stat(pid))}
    time.sleep(seconds)
    shares = []
    for pid, before in first.items():
        now = _stat(pid)
        if now is None or pid in mine or pid == os.getpid():
            continue
        share = (now[1] - before) / seconds * 100
        if share >= 1:
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            shares.append((share, f"{name} (pid {pid}): {share:.0f}% of one core"))
    return [text for _share, text in sorted(shares, reverse=True)[:top]]


class Sampler(threading.Thread):
    """Every ``every`` seconds: machine memory and CPU, and the peak memory and CPU time of
    each single-user server (the hub's children carrying JUPYTERHUB_USER) and of its kernels
    (the server's children)."""

    def __init__(self, hub_pid: int, every: float = 1.0):
        super().__init__(daemon=True)
        self.hub_pid, self.every = hub_pid, every
        self.stop_event = threading.Event()
        self.users: dict[int, str] = {}  # server pid -> user
        self.server = {}  # user -> {"hwm": kB, "cpu": s}
        self.kernel = {}  # user -> {"hwm": kB (the biggest of its kernels), "cpu": s (summed)}
        self._kernel_cpu: dict[tuple[str, int], float] = {}
        self.mem_before = mem_used_mb()
        self.mem_peak = self.mem_before
        self.cpu_start = cpu_times()
        self.cpu_peak = 0.0

    def sample(self) -> None:
        parents: dict[int, list[int]] = {}
        stats = {}
        for pid in _pids():
            s = _stat(pid)
            if s:
                stats[pid] = s
                parents.setdefault(s[0], []).append(pid)
        for pid in parents.get(self.hub_pid, []):
            if pid not in self.users:
                user = _environ(pid).get("JUPYTERHUB_USER")
                if not user:
                    continue  # the proxy
                self.users[pid] = user
            user = self.users[pid]
            hwm = _status(pid).get("VmHWM", 0)
            seen = self.server.setdefault(user, {"hwm": 0, "cpu": 0.0})
            seen["hwm"], seen["cpu"] = max(seen["hwm"], hwm), stats[pid][1]
            for kid in parents.get(pid, []):
                kernel = self.kernel.setdefault(user, {"hwm": 0, "cpu": 0.0})
                kernel["hwm"] = max(kernel["hwm"], _status(kid).get("VmHWM", 0))
                self._kernel_cpu[(user, kid)] = stats[kid][1]
                kernel["cpu"] = sum(cpu for (u, _k), cpu in self._kernel_cpu.items()
                                    if u == user)
        self.mem_peak = max(self.mem_peak, mem_used_mb())

    def run(self) -> None:
        last = cpu_times()
        while not self.stop_event.wait(self.every):
            self.sample()
            now = cpu_times()
            if now[1] > last[1]:
                self.cpu_peak = max(self.cpu_peak, 100 * (now[0] - last[0]) / (now[1] - last[1]))
            last = now

    def finish(self) -> dict:
        self.stop_event.set()
        self.join(timeout=10)
        self.sample()
        end = cpu_times()
        busy = end[0] - self.cpu_start[0]
        total = max(1, end[1] - self.cpu_start[1])
        return {"mem_used_mb": {"before": round(self.mem_before), "peak": round(self.mem_peak)},
                "cpu_busy_percent": {"mean": round(100 * busy / total, 1),
                                     "peak": round(self.cpu_peak, 1)}}


# ---------------------------------------------------------------- the hub

def missing() -> list[str]:
    """What this machine lacks to run the benchmark (empty when it can run)."""
    needs = [("websocket-client", _has("websocket")), ("Linux /proc", Path("/proc/stat").exists())]
    return hub_missing() + [name for name, ok in needs if not ok]


def _has(module: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(module) is not None


def hub_config(folder: Path, run_id: str, token: str, spawn_timeout: float) -> Hub:
    """The tests' loopback hub (tests/hub_config.py), with an admin service for the benchmark,
    no limit on servers starting at once, and every process tagged with the run's id."""
    home = folder / "home"
    home.mkdir()
    return write_hub_config(folder, {"COURSE_BENCH_RUN": run_id}, home=home,
                            password=secrets.token_hex(8), more=f"""
c.Spawner.start_timeout = {int(spawn_timeout) + 1}
c.Spawner.http_timeout = {int(spawn_timeout) + 1}
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.services = [{{"name": {SERVICE!r}, "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": [{SERVICE!r}]}}]
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
""")


def api(url: str, token: str, method: str = "GET", body=None, timeout: float = 30):
    """One JSON request; returns (status, decoded answer or None). Raises Failed on an error
    status or no answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Authorization": f"token {token}",
                                              "Content-Type": "application/json"})
    try:
        with _OPENER.open(request, timeout=max(timeout, 0.001)) as answer:
            text = answer.read()
            return answer.status, (json.loads(text) if text.strip() else None)
    except urllib.error.HTTPError as exc:
        raise Failed(f"{method} {url} answered {exc.code}: {exc.read()[:200]!r}") from None
    except (OSError, ValueError) as exc:
        raise Failed(f"{method} {url}: {exc}") from None


@contextlib.contextmanager
def hub(folder: Path, run_id: str, spawn_timeout: float):
    """Start the hub; yield (address, admin token, hub process); stop everything afterwards."""
    token = secrets.token_hex(24)
    setup = hub_config(folder, run_id, token, spawn_timeout)
    base = setup.base
    log = (folder / "hub.log").open("w")
    env = {**os.environ, "COURSE_BENCH_RUN": run_id}
    process = subprocess.Popen(setup.command, cwd=folder,
                               stdout=log, stderr=subprocess.STDOUT, env=env,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                api(f"{base}/hub/api/", token, timeout=2)
                break
            except Failed:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError("JupyterHub did not start:\n"
                                       + (folder / "hub.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield base, token, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def stop_left(run_id: str, grace: float = 10) -> list[int]:
    """Stop (by pid) any process of this run still alive; return the pids alive afterwards."""
    left = tagged(run_id)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = tagged(run_id)
        if not left:
            break
    return left


# ---------------------------------------------------------------- one student

def code_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"
            and "".join(c["source"]).strip()]


def first_single_question(lesson_id: str) -> str:
    from lessons.catalog import get_lesson
    return next(q.id for q in get_lesson(lesson_id).questions if q.type == "single")


class Kernel:
    """A kernel of one student's server, driven over its websocket as JupyterLab drives it."""

    def __init__(self, server: str, token: str, deadline: float):
        import websocket

        self.server, self.token, self.deadline = server, token, deadline
        self.session = uuid.uuid4().hex
        _status_code, model = api(f"{server}/api/kernels", token, "POST", {"name": "python3"},
                                  timeout=self.left())
        self.id = model["id"]
        try:
            self.ws = websocket.create_connection(
                f"ws{server.removeprefix('http')}/api/kernels/{self.id}/channels",
                header=[f"Authorization: token {token}"], timeout=self.left())
        except Exception as exc:
            self.close()
            raise Failed(f"kernel websocket: {exc}") from None

    def left(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise Failed("timed out")
        return remaining

    def send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "student", "session": self.session,
                       "msg_type": msg_type, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": content}))
        return msg_id

    def replies(self, msg_id: str):
        """The kernel's messages answering ``msg_id``, until it is idle again."""
        import websocket

        while True:
            self.ws.settimeout(self.left())
            try:
                message = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                raise Failed("timed out") from None
            except (websocket.WebSocketException, OSError) as exc:
                raise Failed(f"kernel connection: {exc}") from None
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            yield message
            if (message["msg_type"] == "status"
                    and message["content"].get("execution_state") == "idle"):
                return

    def run(self, code: str) -> str:
        """Run a cell; return what it printed; raise Failed on an error in it."""
        msg_id = self.send("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        printed = []
        for message in self.replies(msg_id):
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                raise Failed(f"{content.get('ename')}: {content.get('evalue')} in\n{code}")
        return "".join(printed)

    def click(self, button: str, feedback: str) -> float:
        """Click a widget button; return seconds until the feedback widget's value changes."""
        start = time.perf_counter()
        msg_id = self.send("comm_msg", {"comm_id": button, "data": {
            "method": "custom", "content": {"event": "click"}}})
        for message in self.replies(msg_id):
            content = message["content"]
            if (message["msg_type"] == "comm_msg" and content.get("comm_id") == feedback
                    and content.get("data", {}).get("state", {}).get("value")):
                return time.perf_counter() - start
            if message["msg_type"] == "error":
                raise Failed(f"Check: {content.get('ename')}: {content.get('evalue')}")
        raise Failed("Check gave no feedback")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()
        with contextlib.suppress(Failed):
            api(f"{self.server}/api/kernels/{self.id}", self.token, "DELETE", timeout=20)


def student(base: str, admin: str, name: str, cells: list[str], lesson_id: str,
            question_id: str, timeout: float, spawn_timeout: float, start: threading.Barrier):
    """One student's visit. Returns a dict of what happened and how long each part took."""
    done = {"name": name, "stage": "login"}
    start.wait(timeout=60)
    try:
        api(f"{base}/hub/api/users/{name}", admin, "POST", {}, timeout=60)
        _s, made = api(f"{base}/hub/api/users/{name}/tokens", admin, "POST",
                       {"note": "classroom benchmark", "expires_in": 7200}, timeout=60)
        token = made["token"]
        done["stage"] = "spawn"
        asked = time.monotonic()
        spawn_deadline = asked + spawn_timeout
        api(f"{base}/hub/api/users/{name}/server", token, "POST", {},
            timeout=spawn_timeout)
        server = f"{base}/user/{name}"
        while True:
            left = spawn_deadline - time.monotonic()
            if left <= 0:
                raise Failed("server not ready in time")
            _s, model = api(f"{base}/hub/api/users/{name}", token, timeout=min(left, 30))
            if model.get("server") and not model.get("pending"):
                try:
                    api(f"{server}/api/status", token, timeout=min(left, 30))
                    break
                except Failed:
                    pass
            elif not model.get("pending") and time.monotonic() - asked > 5:
                raise Failed("the hub stopped trying to start the server")
            time.sleep(0.5)
        done["spawn_s"] = time.monotonic() - asked
        done["stage"] = "run"
        begun = time.monotonic()
        kernel = Kernel(server, token, begun + timeout)
        try:
            for code in cells:
                kernel.run(code)
            done["lesson_s"] = time.monotonic() - begun
            ids = kernel.run(
                "from lessons.quiz import ask as _ask\n"
                f"_view = _ask({lesson_id!r}, {question_id!r})\n"
                "_view.input.value = _view.choices[0].text\n"
                "print(_view.button.model_id, _view.feedback.model_id)")
            button, feedback = ids.split()
            done["check_s"] = kernel.click(button, feedback)
        finally:
            kernel.close()
        done["stage"] = "done"
    except (Failed, threading.BrokenBarrierError) as exc:
        done["error"] = str(exc).splitlines()[0][:300]
    return done


# ---------------------------------------------------------------- a step and a ramp

def _spread(values: list[float]) -> dict | None:
    if not values:
        return None
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "max": round(ordered[-1], 2)}


def _mean_max(values: list[float]) -> dict | None:
    if not values:
        return None
    return {"mean": round(statistics.fmean(values), 1), "max": round(max(values), 1)}


def step(base: str, admin: str, hub_pid: int, run_id: str, n: int, prefix: str,
         notebook: Path, question_id: str, timeout: float, spawn_timeout: float,
         limit: float) -> dict:
    """N students at once; returns the step's figures (see the module's docstring)."""
    lesson_id = notebook.stem
    cells = code_cells(notebook)
    names = [f"{prefix}{i:03d}" for i in range(1, n + 1)]
    sampler = Sampler(hub_pid)
    sampler.start()
    began = time.monotonic()
    barrier = threading.Barrier(n)
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(student, base, admin, name, cells, lesson_id, question_id,
                               timeout, spawn_timeout, barrier) for name in names]
        visits = [f.result() for f in futures]
    wall = time.monotonic() - began
    machine = sampler.finish()
    stop_servers(base, admin, names, hub_pid, timeout=max(60, spawn_timeout))
    failed = {stage: sum(v["stage"] == stage for v in visits) for stage in ("login", "spawn",
                                                                            "run")}
    servers = [sampler.server[u]["hwm"] / 1024 for u in names if u in sampler.server]
    kernels = [sampler.kernel[u]["hwm"] / 1024 for u in names if u in sampler.kernel]
    both = [(sampler.server[u]["hwm"] + sampler.kernel[u]["hwm"]) / 1024 for u in names
            if u in sampler.server and u in sampler.kernel]
    cpu = [sampler.server[u]["cpu"] + sampler.kernel.get(u, {"cpu": 0})["cpu"] for u in names
           if u in sampler.server]
    lesson = _spread([v["lesson_s"] for v in visits if "lesson_s" in v])
    result = {
        "students": n, "failed_logins": failed["login"], "failed_spawns": failed["spawn"],
        "failed_runs": failed["run"],
        "errors": [f"{v['name']}: {v['error']}" for v in visits if "error" in v][:5],
        "spawn_s": _spread([v["spawn_s"] for v in visits if "spawn_s" in v]),
        "lesson_s": lesson,
        "check_s": _spread([v["check_s"] for v in visits if "check_s" in v]),
        "server_mb": _mean_max(servers), "kernel_mb": _mean_max(kernels),
        "per_student_mb": round(statistics.fmean(both)) if both else None,
        "cpu_s_per_student": round(statistics.fmean(cpu), 2) if cpu else None,
        **machine, "wall_s": round(wall, 1)}
    result["kept_up"] = (not any(failed.values()) and lesson is not None
                         and lesson["p95"] <= limit)
    return result


def stop_servers(base: str, admin: str, names: list[str], hub_pid: int, timeout: float):
    """Stop the step's servers through the hub and wait until their processes are gone."""
    def stop(name):
        with contextlib.suppress(Failed):
            api(f"{base}/hub/api/users/{name}/server", admin, "DELETE", timeout=timeout)
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(len(names), 20)) as pool:
        list(pool.map(stop, names))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = [pid for pid in _pids() if (s := _stat(pid)) and s[0] == hub_pid
                    and _environ(pid).get("JUPYTERHUB_USER")]
        if not children:
            return
        time.sleep(0.5)


def table(result: dict) -> str:
    """The steps as a Markdown table."""
    def t(spread, key="p50"):
        return "-" if not spread else f"{spread[key]:.1f}"

    def m(spread):
        return "-" if not spread else f"{spread['mean']:.0f} ({spread['max']:.0f})"

    lines = ["| students | failed logins / spawns / runs | spawn s p50 / p95 | lesson s p50 / "
             "p95 | Check s p50 / p95 | server MB mean (max) | kernel MB mean (max) | "
             "CPU s per student | memory used MB before / peak | CPU busy % mean / peak | "
             "kept up |",
             "|" + "---|" * 11]
    for s in result["steps"]:
        check = s["check_s"]
        check_text = "-" if not check else f"{check['p50']:.2f} / {check['p95']:.2f}"
        lines.append(
            f"| {s['students']} | {s['failed_logins']} / {s['failed_spawns']} / "
            f"{s['failed_runs']} | {t(s['spawn_s'])} / {t(s['spawn_s'], 'p95')} | "
            f"{t(s['lesson_s'])} / {t(s['lesson_s'], 'p95')} | {check_text} | "
            f"{m(s['server_mb'])} | {m(s['kernel_mb'])} | {s['cpu_s_per_student']} | "
            f"{s['mem_used_mb']['before']} / {s['mem_used_mb']['peak']} | "
            f"{s['cpu_busy_percent']['mean']:.0f} / {s['cpu_busy_percent']['peak']:.0f} | "
            f"{'yes' if s['kept_up'] else 'no'} |")
    return "\n".join(lines)


def benchmark(students: list[int], lesson: str = "05_aleppo", timeout: float = 600,
              spawn_timeout: float = 300, limit: float = 60, question: str | None = None,
              work: Path | None = None) -> dict:
    """Run the ramp; return the result (see the module's docstring). Stops everything."""
    if problems := missing():
        raise RuntimeError("cannot run the classroom benchmark, missing: " + ", ".join(problems))
    notebook = ROOT / "notebooks" / f"{lesson}.ipynb"
    question = question or first_single_question(lesson)
    run_id = uuid.uuid4().hex
    import jupyterhub

    run = {"id": run_id,
           "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "lesson": lesson, "question": question, "limit_p95_s": limit, "timeout_s": timeout,
           "spawn_timeout_s": spawn_timeout,
           "machine": {"cpus": os.cpu_count(),
                       "mem_total_mb": round(int(Path("/proc/meminfo").read_text().split()[1])
                                             / 1024)},
           "load_before": loadavg(), "other_processes_before": busiest_others(),
           "jupyterhub": jupyterhub.__version__,
           "spawner": "SimpleLocalProcessSpawner (every student the same unix user)"}
    steps = []
    with contextlib.ExitStack() as stack:
        folder = Path(work) if work else Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="classroom-bench-")))
        try:
            with hub(folder, run_id, spawn_timeout) as (base, admin, process):
                for number, n in enumerate(students, 1):
                    steps.append(step(base, admin, process.pid, run_id, n, f"s{number}x",
                                      notebook, question, timeout, spawn_timeout, limit))
                    print(f"step {number}: {n} students, kept up: {steps[-1]['kept_up']}",
                          file=sys.stderr, flush=True)
                    if not steps[-1]["kept_up"]:
                        run["stopped_because"] = f"step of {n} students did not keep up"
                        break
                else:
                    run["stopped_because"] = "the list of steps ended"
        finally:
            run["processes_left"] = stop_left(run_id)
    run["load_after"] = loadavg()
    return {"run": run, "steps": steps}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", default="5,10,20,30,40",
                        help="students per step, comma-separated (default 5,10,20,30,40)")
    parser.add_argument("--lesson", default="05_aleppo", help="notebook to run (default "
                        "05_aleppo)")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds each student's lesson and Check may take (default 600)")
    parser.add_argument("--spawn-timeout", type=float, default=300,
                        help="seconds each server may take to start (default 300)")
    parser.add_argument("--limit", type=float, default=60,
                        help="p95 lesson seconds above which a step has not kept up (60)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args(argv)
    students = [int(n) for n in args.students.split(",") if n.strip()]
    if not students or min(students) < 1 or max(students) > 200:
        parser.error("--students: between 1 and 200 per step")
    if problems := missing():
        print("The classroom benchmark cannot run here: it needs " + ", ".join(problems)
              + ". From the course folder, python3 course.py classroom sets these up and runs "
              "it.", file=sys.stderr)
        return 2
    result = benchmark(students, args.lesson, args.timeout, args.spawn_timeout, args.limit)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\nload (1, 5, 15 min) before {result['run']['load_before']}, after "
          f"{result['run']['load_after']}; processes left: {result['run']['processes_left']}")
    return 0 if not result["run"]["processes_left"] else 1


if __name__ == "__main__":
    sys.exit(main())

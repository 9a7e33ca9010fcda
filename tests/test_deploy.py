"""deploy/: the course on Zero to JupyterHub (Kubernetes) and on The Littlest JupyterHub.

What can be checked without a cluster is checked here: the chart configuration against the
chart's own values schema (tests/reference/z2jh, with its licence and version), the image
definition through repo2docker's dry run of deploy/z2jh/build-image.sh, the TLJH recipe on a
stand-in of TLJH's folders, and every resource figure against benchmarks/sizing.py, the one
place they are worked out from the measurements, and against the README's sizing guide.
"""

from __future__ import annotations

import copy
import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml
from servers import ROOT, script

from lessons.guide import nbgitpuller_link

CONFIG = ROOT / "deploy" / "z2jh" / "config.yaml"
BUILD = ROOT / "deploy" / "z2jh" / "build-image.sh"
TLJH = ROOT / "deploy" / "tljh" / "install-course.sh"
KERNELS = ROOT / "deploy" / "syria-war-course-kernels.json"
CHART = ROOT / "tests" / "reference" / "z2jh"


sizing = script(ROOT / "benchmarks" / "sizing.py")


def _config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the chart's values schema

def merged(defaults, values):
    """Values as Helm merges them: maps key by key, anything else replaced, null removes."""
    if not isinstance(defaults, dict) or not isinstance(values, dict):
        return copy.deepcopy(values)
    out = copy.deepcopy(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merged(out.get(key), value)
    return out


def schema_problems(values: dict) -> list[str]:
    """Where ``values`` (merged over the chart's defaults) breaks the chart's values schema."""
    schema = yaml.safe_load((CHART / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return sorted(f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                  for e in validator.iter_errors(merged(defaults, values)))


def test_the_chart_reference_says_where_it_is_from():
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    assert "zero-to-jupyterhub-k8s" in readme and "commit" in readme and "BSD" in readme
    assert "BSD" in (CHART / "LICENSE").read_text(encoding="utf-8") or \
        "Redistribution and use" in (CHART / "LICENSE").read_text(encoding="utf-8")


def test_the_configuration_is_valid_for_the_chart():
    assert schema_problems(_config()) == []


def test_the_schema_check_finds_a_mistyped_key_and_a_wrong_type():
    broken = _config()
    broken["singleuser"]["memmory"] = broken["singleuser"].pop("memory")
    broken["singleuser"]["cpu"]["limit"] = "one core"
    broken["cull"]["timeout"] = "an hour"
    found = schema_problems(broken)
    assert any(p.startswith("singleuser: Additional properties") and "memmory" in p
               for p in found), found
    assert "singleuser.cpu.limit: 'one core' is not of type 'number', 'null'" in found
    assert any(p.startswith("cull.timeout:") for p in found), found


# ------------------------------------------------------------------ what the students get

def test_the_course_is_pulled_into_the_folder_the_course_links_open():
    single = _config()["singleuser"]
    command = single["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[0] == "gitpuller" and len(command) == 4
    _git_pull, repo, branch, folder = command
    assert folder == PurePosixPath(urlparse(repo).path).name.removesuffix(".git")
    link = nbgitpuller_link("https://hub.example.org", repo, branch, "00_start_here")
    assert f"targetpath={folder}" in link
    assert single["defaultUrl"] == f"/lab/tree/{folder}/notebooks/00_start_here.ipynb"
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()
    # saved answers live in the home folder, which is the student's own persistent disk
    assert single["storage"]["type"] == "dynamic"
    assert single["storage"]["homeMountPath"] == "/home/jovyan"


def test_idle_kernels_are_shut_down_the_same_way_on_both_hubs():
    kernels = json.loads(KERNELS.read_text(encoding="utf-8"))
    files = _config()["singleuser"]["extraFiles"]
    assert [f["data"] for f in files.values()] == [kernels]
    mount = PurePosixPath(next(iter(files.values()))["mountPath"])
    assert mount.parent.name == "jupyter_server_config.d" and mount.name == KERNELS.name
    assert f"deploy/{KERNELS.name}" in TLJH.read_text(encoding="utf-8")
    assert kernels["MappingKernelManager"]["cull_idle_timeout"] >= 600


# ------------------------------------------------------------------ figures from the sizing

def test_resource_figures_are_the_sizing_worked_out_from_the_measurements():
    result = sizing.load()
    single = _config()["singleuser"]
    assert single["memory"] == {"guarantee": result["memory_guarantee"],
                                "limit": result["memory_limit"]}
    assert single["cpu"] == {"guarantee": result["cpu_guarantee"],
                             "limit": result["cpu_limit"]}
    lines = TLJH.read_text(encoding="utf-8")
    assert f'"$tljh_config" set limits.memory {result["memory_limit"]}\n' in lines
    assert f'"$tljh_config" set limits.cpu {result["cpu_limit"]:g}\n' in lines
    assert "cull:\n  enabled: true\n  timeout: 3600\n" in CONFIG.read_text(encoding="utf-8")
    assert '"$tljh_config" set services.cull.timeout 3600\n' in lines
    # the README's sizing guide shows the same figures, from the same measurements
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sizing.table(result) in readme
    for figure in (result["memory_guarantee"], result["memory_limit"],
                   f"{result['cpu_guarantee']:g} of a core"):
        assert figure in readme, figure


def test_the_readme_shows_the_classroom_benchmark_as_it_measured():
    classroom = script(ROOT / "benchmarks" / "classroom.py")
    measured = json.loads(sizing.CLASSROOM.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert classroom.table(measured) in readme
    assert f"JupyterHub {measured['run']['jupyterhub']}" in readme


def test_the_sizing_follows_its_rules_and_refuses_a_run_that_never_kept_up():
    step = {"students": 10, "kept_up": True, "server_mb": {"mean": 100, "max": 100},
            "kernel_mb": {"mean": 150, "max": 150}, "cpu_s_per_student": 12.0}
    classroom = {"run": {"lesson": "05_aleppo", "machine": {"cpus": 2, "mem_total_mb": 1000},
                         "date": "2026-12-03T00:00:00+00:00"}, "steps": [step]}
    lessons = {"kept": {"notebooks": {"09_x": {"peak_kernel_mb": 200.0}}}}
    result = sizing.sizing(classroom, lessons)
    assert result["measured"]["kernel_mb"] == 200
    assert result["measured"]["heaviest"] == "lesson 09 run alone with its figures kept"
    assert result["need_mb"] == 420  # (100 + 200) x 1.4
    assert (result["memory_guarantee"], result["memory_limit"]) == ("512M", "1G")
    assert result["cpu_guarantee"] == 0.2  # 12 CPU-s over a minute
    assert result["lessons_open"] == 4  # (1024 - 100) // 200
    thirty = result["groups"][0]
    assert thirty["online"] == [30, 30] and thirty["memory_gb"] == [12.4, 12.4]
    assert thirty["cores"] == [6.2, 6.2]
    assert result["groups"][1]["online"] == [60, 90]
    with pytest.raises(ValueError, match="no step that kept up"):
        sizing.sizing({**classroom, "steps": [{**step, "kept_up": False}]}, lessons)


# ------------------------------------------------------------------ the image (repo2docker)

def test_the_image_is_built_from_binder_by_repo2docker(tmp_path):
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"
    env = {**os.environ, "DRY_RUN": "1",
           "PATH": f"{r2d.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", str(BUILD), "course-image:test"], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout + done.stderr
    # what the script asked of repo2docker, read by repo2docker's own argument parser
    asked = next(line for line in out.splitlines() if line.startswith("+ jupyter-repo2docker"))
    from repo2docker.__main__ import make_r2d

    app = make_r2d(shlex.split(asked)[2:])
    home = PurePosixPath(_config()["singleuser"]["storage"]["homeMountPath"])
    assert app.target_repo_dir == "/srv/course" and home not in PurePosixPath(
        app.target_repo_dir).parents  # the student's disk, mounted over home, hides nothing
    chart_uid = yaml.safe_load((CHART / "values.yaml").read_text())["singleuser"]["uid"]
    assert (app.user_name, app.user_id) == ("jovyan", 1000) == (
        "jovyan", _config()["singleuser"].get("uid", chart_uid))
    assert app.output_image_spec == "course-image:test"
    # the Dockerfile it would build: git for nbgitpuller (binder/apt.txt), the lock through
    # binder/requirements.txt after the course is copied in, and binder/postBuild
    assert "git" in (ROOT / "binder" / "apt.txt").read_text().split()
    assert "apt-get install --yes --no-install-recommends git &&" in out, "no binder/apt.txt"
    assert out.index("COPY --chown=1000:1000 src/ ") < out.index(
        'pip install --no-cache-dir -r "binder/requirements.txt"')
    assert "RUN ./binder/postBuild" in out
    assert "docker push" not in out


def test_the_build_script_says_how_to_call_it(tmp_path):
    done = subprocess.run(["bash", str(BUILD)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and "name and tag" in done.stderr


# ------------------------------------------------------------------ The Littlest JupyterHub

def _shim(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/usr/bin/env bash\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def fake_tljh(tmp_path):
    """TLJH's folders with stand-ins for its Python and tljh-config that write down how they
    were called (installing for real needs the network, which the tests do not have)."""
    log = tmp_path / "calls.log"
    env_dir = tmp_path / "opt-tljh-user"
    python = env_dir / "bin" / "python"
    _shim(python, f'''if [ "$1" = "-c" ]; then exec {shlex.quote(sys.executable)} "$@"; fi
echo "python $*" >> {shlex.quote(str(log))}
''')
    config = tmp_path / "tljh-config"
    _shim(config, f'echo "tljh-config $*" >> {shlex.quote(str(log))}\n')
    env = {**os.environ, "TLJH_USER_ENV": str(env_dir), "TLJH_CONFIG": str(config)}
    return {"env": env, "log": log, "env_dir": env_dir}


def _run_tljh(env) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(TLJH)], capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_tljh_recipe_installs_the_lock_then_the_course_and_sets_the_limits(fake_tljh):
    wanted = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    if f"{sys.version_info[0]}.{sys.version_info[1]}" != wanted:
        pytest.skip(f"the stand-in Python is this one, not binder/runtime.txt's {wanted}")
    done = _run_tljh(fake_tljh["env"])
    assert done.returncode == 0, done.stderr
    calls = fake_tljh["log"].read_text().splitlines()
    result = sizing.load()
    assert calls == [
        f"python -m pip install --quiet --no-cache-dir -r {ROOT}/binder/requirements.lock.txt",
        f"python -m pip install --quiet --no-cache-dir --no-deps -e {ROOT}",
        "python -m lessons warm",
        f"tljh-config set limits.memory {result['memory_limit']}",
        f"tljh-config set limits.cpu {result['cpu_limit']:g}",
        "tljh-config set services.cull.timeout 3600",
        "tljh-config set user_environment.default_app jupyterlab",
        "tljh-config reload"]
    env_dir = fake_tljh["env_dir"]
    assert (env_dir / "etc" / "ipython" / "ipython_kernel_config.py").read_bytes() == (
        ROOT / "lessons" / "kernel_config" / "ipython_kernel_config.py").read_bytes()
    kernels = env_dir / "etc" / "jupyter" / "jupyter_server_config.d" / KERNELS.name
    assert kernels.read_bytes() == KERNELS.read_bytes()


def test_the_tljh_recipe_explains_what_is_missing(fake_tljh, tmp_path):
    env = {**fake_tljh["env"], "TLJH_USER_ENV": str(tmp_path / "nothing-here")}
    done = _run_tljh(env)
    assert done.returncode == 1
    assert "The Littlest JupyterHub is not installed here" in done.stderr
    assert "Traceback" not in done.stderr and not fake_tljh["log"].exists()


def test_the_tljh_recipe_explains_a_python_the_lock_was_not_made_for(fake_tljh):
    python = fake_tljh["env_dir"] / "bin" / "python"
    _shim(python, 'if [ "$1" = "-c" ]; then echo 3.99; exit 0; fi\necho "python $*" >> '
          f'{shlex.quote(str(fake_tljh["log"]))}\n')
    done = _run_tljh(fake_tljh["env"])
    assert done.returncode == 1
    assert "made for Python" in done.stderr and "has Python 3.99" in done.stderr
    assert "COURSE_WITHOUT_LOCK=1" in done.stderr and not fake_tljh["log"].exists()

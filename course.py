#!/usr/bin/env python3
"""Set up the course and open it, or set up and run every test. Needs only Python 3.10+.

    python3 course.py lab     make .venv, install the course, open lesson 00 in JupyterLab
    python3 course.py test    make .venv, install the course and its test tools, run all tests
    python3 course.py install make .venv and install the course, without opening it
    python3 course.py lock    refresh binder/requirements.lock.txt (the exact versions Binder
                              and the hub image install) to the newest pyproject.toml allows
    python3 course.py classroom [--students 5,10,20,30,40 ...]
                              set up JupyterHub and its proxy, then run the classroom
                              benchmark (benchmarks/classroom.py; --help for its options)

Re-running is cheap: the install is skipped while pyproject.toml is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DEBIAN_PACKAGES = ["chromium", "chromium-driver", "iproute2", "util-linux"]


def say(text: str) -> None:
    print(f"[course] {text}", flush=True)


def run(*command, **kwargs) -> None:
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def install(extra: str) -> None:
    """Create .venv and install the course (with an extra such as 'test') unless already done."""
    if sys.version_info < (3, 10):  # noqa: UP036 - says so clearly on an older Python
        sys.exit("The course needs Python 3.10 or newer; this is " + sys.version.split()[0])
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV}")
        venv.create(VENV, with_pip=True)
    kernel_config()
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{extra or 'base'}-{digest}"
    if stamp.exists():
        say("already installed (pyproject.toml unchanged)")
        return
    say("installing the course and its packages (a minute or two the first time)")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target, cwd=ROOT)
    stamp.touch()
    if not extra:  # for students: draw every figure once now, so each lesson opens quicker
        say("drawing every lesson's figures once, so the lessons open quicker (about a minute)")
        # The kernels' own start-up warnings are not for students; problems come on stdout.
        subprocess.run([str(PYTHON), "-m", "lessons", "warm"], cwd=ROOT,
                       stderr=subprocess.DEVNULL)


def kernel_config() -> None:
    """Put the course's IPython kernel settings in .venv/etc/ipython, where every kernel of the
    environment reads them (an editable install does not copy pyproject's data files there):
    a cell run before the cells above it then shows a plain sentence, not a traceback."""
    source = ROOT / "lessons" / "kernel_config" / "ipython_kernel_config.py"
    target = VENV / "etc" / "ipython" / "ipython_kernel_config.py"
    if not target.exists() or target.read_bytes() != source.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def debian_browser() -> None:
    """On Debian/Ubuntu as root, install Chromium and its driver for the browser tests."""
    if Path("/usr/bin/chromium").exists() or not shutil.which("apt-get"):
        return
    if os.geteuid() != 0:
        say("the browser test needs Debian's Chromium: run "
            f"'sudo apt-get install -y {' '.join(DEBIAN_PACKAGES)}' (it will be skipped, and "
            "reported as skipped, until then)")
        return
    say("installing Chromium from Debian for the browser tests")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES, env=env)


BINDER_VENV = ROOT / ".venv-binder"
LOCK = ROOT / "binder" / "requirements.lock.txt"


def lock_command() -> list[str]:
    """uv's command that writes the lock: pyproject.toml's packages and its hub extra, resolved
    for the Python of binder/runtime.txt on the Linux that Binder's and the hub's images run."""
    python = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    return ["uv", "pip", "compile", "pyproject.toml", "--extra", "hub", "--python-version",
            python, "--python-platform", "x86_64-manylinux_2_28", "-o",
            "binder/requirements.lock.txt"]


def lock() -> None:
    """Re-resolve the lock to the newest versions pyproject.toml allows (uv is in the test
    extra); then run the tests, which check the lock and build Binder's environment from it."""
    install("test")
    command = lock_command()
    say("refreshing binder/requirements.lock.txt: " + " ".join(command))
    run(BIN / command[0], *command[1:], "--upgrade", "--quiet", cwd=ROOT)
    say("done: now run 'python3 course.py test', then commit binder/requirements.lock.txt")


def binder_env() -> None:
    """Build an environment from binder/requirements.txt alone, as Binder would, so a test can
    run every notebook in it (skipped while binder/ and pyproject.toml are unchanged)."""
    python = BINDER_VENV / ("Scripts" if os.name == "nt" else "bin") / "python"
    digest = hashlib.sha256((ROOT / "binder" / "requirements.txt").read_bytes()
                            + LOCK.read_bytes()
                            + (ROOT / "binder" / "postBuild").read_bytes()
                            + (ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = BINDER_VENV / f".installed-{digest}"
    if stamp.exists():
        return
    say("building an environment from binder/ alone, for the Binder test")
    shutil.rmtree(BINDER_VENV, ignore_errors=True)
    venv.create(BINDER_VENV, with_pip=True)
    run(python, "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt", cwd=ROOT)
    run("bash", "binder/postBuild", cwd=ROOT, env={**os.environ, "PATH": f"{python.parent}"
                                                    f"{os.pathsep}{os.environ.get('PATH', '')}"})
    stamp.touch()


def hub_proxy() -> None:
    """Install JupyterHub's proxy (configurable-http-proxy, from the npm registry) into .tools/
    for the JupyterHub test, when npm is there and it is not installed yet."""
    tools = ROOT / ".tools"
    if (tools / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        return
    if not shutil.which("npm"):
        say("the JupyterHub test needs configurable-http-proxy from npm (install Node.js); it "
            "will be skipped, and reported as skipped, until then")
        return
    say("installing configurable-http-proxy from npm for the JupyterHub test")
    tools.mkdir(exist_ok=True)
    run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", tools,
        "configurable-http-proxy@4")


def offline_prefix() -> list[str]:
    """Run the tests in a network namespace that has only loopback, where the system allows."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip") or "/usr/sbin/ip"
    if not unshare or not Path(ip).exists() or sys.platform != "linux":
        return []
    as_root = [] if os.geteuid() == 0 else ["--map-root-user"]
    probe = subprocess.run([unshare, *as_root, "--net", ip, "link", "set", "lo", "up"],
                           capture_output=True)
    if probe.returncode != 0:
        return []
    return [unshare, *as_root, "--net", "sh", "-c", f'{ip} link set lo up && exec "$@"', "sh"]


def lab_command() -> list[str]:
    """The command that opens lesson 00. JupyterLab refuses to run as root unless told it may,
    and containers and cloud machines often run as root: then we say so and pass its flag."""
    command = [str(BIN / "jupyter"), "lab", str(ROOT / "notebooks" / "00_start_here.ipynb")]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        say("you are the root user (as in many containers): starting JupyterLab with its "
            "--allow-root flag")
        command.append("--allow-root")
    return command


def lab() -> None:
    install("")
    say("opening JupyterLab at lesson 00 (press Ctrl+C in this window to stop it)")
    command = lab_command()
    os.execv(command[0], command)


WHEELHOUSE = ROOT / ".tools" / "wheelhouse"


def wheelhouse() -> None:
    """Download the course's packages into .tools/wheelhouse while the network is there, so a
    test can set up a fresh copy of the course from them with the network cut off."""
    kernel_config()
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = WHEELHOUSE / f".complete-{digest}"
    if stamp.exists():
        return
    say("collecting the course's packages for the fresh-set-up test")
    shutil.rmtree(WHEELHOUSE, ignore_errors=True)
    WHEELHOUSE.mkdir(parents=True)
    run(PYTHON, "-m", "pip", "download", "--quiet", "--dest", WHEELHOUSE, ".", "setuptools>=69",
        "wheel", "pip", cwd=ROOT)
    for built in WHEELHOUSE.glob("syria_war_course-*"):
        built.unlink()  # the course itself is installed from the copy, not from here
    stamp.touch()


def test(extra_args: list[str]) -> int:
    install("test")
    debian_browser()
    hub_proxy()
    binder_env()
    wheelhouse()
    prefix = offline_prefix()
    env = dict(os.environ)
    if prefix:
        env["COURSE_NETNS"] = "1"
        say("running the tests with the network cut off (only loopback)")
    else:
        say("running the tests (no network namespace here; a socket guard blocks the network)")
    command = [*prefix, str(PYTHON), "-m", "pytest", "-n", "2", "--dist", "loadfile",
               "--nbval-lax", "tests", "notebooks", *extra_args]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def classroom(extra_args: list[str]) -> int:
    """The classroom benchmark needs what the hub tests need: JupyterHub (test extra) and its
    proxy (npm). Set those up, then run it with the arguments given."""
    install("test")
    hub_proxy()
    command = [str(PYTHON), str(ROOT / "benchmarks" / "classroom.py"), *extra_args]
    return subprocess.run(command, cwd=ROOT).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("lab", "test", "install", "lock", "classroom"):
        print(__doc__)
        return 2
    if sys.argv[1] == "lab":
        lab()
        return 0
    if sys.argv[1] == "install":
        install("")
        return 0
    if sys.argv[1] == "lock":
        lock()
        return 0
    if sys.argv[1] == "classroom":
        return classroom(sys.argv[2:])
    return test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())

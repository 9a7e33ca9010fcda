"""Helpers for the tests that start real servers (JupyterLab, JupyterHub) and drive Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hub_config import free_port, hub_missing, proxy_command, write_hub_config  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def script(path: Path, name: str | None = None):
    """A Python file that is not a package module (course.py, a benchmark) loaded as a module,
    so a test can call its functions."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def running(command, log_path: Path, ready_url: str, what: str, **popen):
    """Start a server, wait (up to a minute) until ``ready_url`` answers, and stop it afterwards.
    If it dies or never answers, the test fails with the end of its log."""
    log = log_path.open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **popen)
    deadline = time.time() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    log.flush()
                    pytest.fail(f"{what} did not start:\n" + log_path.read_text()[-3000:])
                time.sleep(0.3)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def need_hub(test: str, *more: tuple[str, bool]) -> None:
    """Skip (or, where REQUIRE_BROWSER=1 as in CI, fail) ``test`` when the loopback hub cannot
    start here, or when one of ``more`` ((name, present) pairs) is missing."""
    missing = [name for name, ok in more if not ok] + hub_missing()
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"missing for the {test}: " + ", ".join(missing))
        pytest.skip(f"missing for the {test}: " + ", ".join(missing))


def need_browser():
    """Skip (or, where REQUIRE_BROWSER=1 as in CI, fail) when Debian's Chromium is missing."""
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("REQUIRE_BROWSER is set but /usr/bin/chromium is missing "
                    "(apt-get install chromium chromium-driver)")
    pytest.skip("Debian's Chromium is not installed (apt-get install chromium chromium-driver)")


def quiet_settings(folder: Path) -> None:
    """JupyterLab user settings: no news pop-up covering the page, no autosave writing back, and
    every cell kept on the page (no virtual scrolling), so a test can find every output."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for name, value in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")


@contextlib.contextmanager
def jupyter_lab(tmp_path: Path):
    """Start a fresh JupyterLab server on 127.0.0.1 serving a temporary copy of the notebooks;
    yield its address, token and progress folder; stop it afterwards."""
    work = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", work)
    progress = tmp_path / "progress"
    quiet_settings(tmp_path / "lab-settings")
    env = {**os.environ, "COURSE_PROGRESS_DIR": str(progress),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    token = secrets.token_hex(16)
    for attempt in (1, 2, 3):
        # The port was free a moment ago, but another test's server or kernel may take it
        # first. With port_retries=0 the server then stops at once (instead of moving to a port
        # this test does not know), and we start again on a new port.
        port = free_port()
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                   "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
                   "--LabApp.news_url=",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        base = f"http://127.0.0.1:{port}"
        log = tmp_path / f"jupyter-{attempt}.log"
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(running(command, log, f"{base}/api/status?token={token}",
                                            "JupyterLab", env=env))
            except pytest.fail.Exception:
                if attempt < 3 and "already in use" in log.read_text(errors="replace"):
                    continue
                raise
            yield {"base": base, "token": token, "progress": progress, "folder": work}
            return


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def run_in_kernel(server: str, token: str, code: str, timeout: float = 180) -> str:
    """Run ``code`` in a new kernel of the Jupyter server at ``server`` (for example a hub
    user's ``http://127.0.0.1:8000/user/sam``), through the server's REST and websocket API as
    a browser would; return what it printed. The kernel is shut down afterwards. An error in
    the code fails the test with its traceback."""
    import uuid

    import websocket

    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    request = urllib.request.Request(f"{server}/api/kernels", data=b"{}", headers=headers,
                                     method="POST")
    with urllib.request.urlopen(request, timeout=60) as answer:
        kernel = json.load(answer)["id"]
    try:
        channel = websocket.create_connection(
            f"ws{server.removeprefix('http')}/api/kernels/{kernel}/channels",
            header=[f"Authorization: token {token}"], timeout=timeout)
        try:
            msg_id = uuid.uuid4().hex
            channel.send(json.dumps({
                "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": False,
                            "user_expressions": {}, "allow_stdin": False,
                            "stop_on_error": True}}))
            printed, error = [], None
            while True:
                message = json.loads(channel.recv())
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "stream":
                    printed.append(content["text"])
                elif kind == "error":
                    error = "\n".join(content.get("traceback", [])) or content.get("evalue")
                elif kind == "status" and content.get("execution_state") == "idle":
                    break
        finally:
            channel.close()
    finally:
        request = urllib.request.Request(f"{server}/api/kernels/{kernel}", headers=headers,
                                         method="DELETE")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=30).close()
    if error:
        pytest.fail(f"the code failed in the kernel at {server}:\n{error}")
    return "".join(printed)

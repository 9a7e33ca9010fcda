"""The course handed out on a real JupyterHub: a generated nbgitpuller link opens the lesson, and
a second visit after the course is updated pulls the update and keeps the student's work.

Real parts, nothing mocked: the jupyterhub package with its proxy (configurable-http-proxy, from
the npm registry), the dummy authenticator and a local-process spawner, nbgitpuller, a git
repository served over HTTP on loopback, and Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

import functools
import json
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from servers import ARTIFACTS, CHROMIUM, ROOT, chromium, need_hub, running, write_hub_config

from lessons.guide import nbgitpuller_link

pytestmark = pytest.mark.browser


def _git(*args, cwd=None) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def hub(tmp_path):
    need_hub("JupyterHub test", ("Debian's chromium", CHROMIUM.exists()))
    served = tmp_path / "served"
    served.mkdir()
    _git("clone", "-q", "--bare", str(ROOT), str(served / "course.git"))
    _git("--git-dir", str(served / "course.git"), "update-server-info")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(served))
    git_server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=git_server.serve_forever, daemon=True).start()
    repo_url = f"http://127.0.0.1:{git_server.server_port}/course.git"

    home, progress = tmp_path / "home", tmp_path / "progress"
    home.mkdir()
    for plugin, values in (("apputils-extension/notification",
                            {"fetchNews": "false", "checkForUpdates": False}),
                           ("docmanager-extension/plugin", {"autosave": False})):
        path = tmp_path / "lab-settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    setup = write_hub_config(tmp_path, {"NBGITPULLER_DEPTH": "0",
                                        "COURSE_PROGRESS_DIR": str(progress),
                                        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings")},
                             home=home)
    base = setup.base
    try:
        with running(setup.command, tmp_path / "hub.log", f"{base}/hub/login", "JupyterHub",
                     cwd=tmp_path):
            yield {"base": base, "repo": repo_url, "served": served / "course.git",
                   "home": home, "progress": progress, "work": tmp_path}
    finally:
        subprocess.run(["pkill", "-f", "--", f"--api-port {setup.api_port}"], capture_output=True)
        git_server.shutdown()


def _open_lesson(page, link: str) -> None:
    page.goto(link)
    page.locator(".jp-DebuggerBugButton[aria-disabled='false']").wait_for(timeout=120_000)


def test_hub_link_opens_the_lesson_and_an_update_keeps_the_students_work(hub):
    from playwright.sync_api import expect

    link = nbgitpuller_link(hub["base"], hub["repo"], "main", "00_start_here")
    course = hub["home"] / "student" / "course"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        try:
            page.goto(f"{hub['base']}/hub/login")
            page.fill("#username_input", "student")
            page.fill("#password_input", "course")
            page.click("#login_submit")
            page.wait_for_load_state()
            _open_lesson(page, link)
            expect(page.get_by_role("tab", name="00_start_here.ipynb")).to_be_visible()
            assert "/lab/tree/course/notebooks/00_start_here.ipynb" in page.url

            # The student's own work: an edited lesson and a saved answer.
            lesson = course / "notebooks" / "00_start_here.ipynb"
            notebook = json.loads(lesson.read_text(encoding="utf-8"))
            notebook["cells"][0]["source"] = "My notes: read the content note first.\n"
            lesson.write_text(json.dumps(notebook), encoding="utf-8")
            hub["progress"].mkdir(parents=True, exist_ok=True)
            answers = hub["progress"] / "progress.json"
            answers.write_text('{"format": 1, "answers": {"00_start_here": {}}}')

            # The teacher updates the course.
            clone = hub["work"] / "teacher"
            _git("clone", "-q", str(hub["served"]), str(clone))
            (clone / "UPDATE.md").write_text("Lesson 10 is coming next week.\n")
            _git("add", "UPDATE.md", cwd=clone)
            _git("-c", "user.name=Teacher", "-c", "user.email=t@example.org",
                 "commit", "-qm", "Course update", cwd=clone)
            _git("push", "-q", "origin", "HEAD:main", cwd=clone)
            _git("--git-dir", str(hub["served"]), "update-server-info")

            _open_lesson(page, link)  # the same link, a second time
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "hub-failure.png"), full_page=True)
            raise

    assert (course / "UPDATE.md").read_text() == "Lesson 10 is coming next week.\n"
    kept = json.loads(lesson.read_text(encoding="utf-8"))
    assert "".join(kept["cells"][0]["source"]) == "My notes: read the content note first.\n"
    assert answers.read_text() == '{"format": 1, "answers": {"00_start_here": {}}}'

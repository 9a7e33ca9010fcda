"""A real browser: JupyterLab on loopback, Debian's Chromium driven by Playwright.

Lesson 00 is run from the JupyterLab interface, a quiz is answered wrongly then rightly, the
feedback is read off the page, and the answers are found in the progress file.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest
from servers import CHROMIUM, CHROMIUM_ARGS, free_port, running

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


def _need_browser():
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("REQUIRE_BROWSER is set but /usr/bin/chromium is missing "
                    "(apt-get install chromium chromium-driver)")
    pytest.skip("Debian's Chromium is not installed (apt-get install chromium chromium-driver)")


def _quiet_settings(folder: Path) -> None:
    """JupyterLab user settings: no news pop-up covering the page, no autosave writing back."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
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
    _quiet_settings(tmp_path / "lab-settings")
    env = {**os.environ, "COURSE_PROGRESS_DIR": str(progress),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={work}", "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    base = f"http://127.0.0.1:{port}"
    with running(command, tmp_path / "jupyter.log", f"{base}/api/status?token={token}",
                 "JupyterLab", env=env):
        yield {"base": base, "token": token, "progress": progress}


@pytest.fixture
def lab(tmp_path):
    """A fresh JupyterLab for one test (a reopened notebook would reuse an old kernel)."""
    _need_browser()
    with jupyter_lab(tmp_path) as server:
        yield server


def _quiz(page, prompt_start: str):
    return page.locator(".course-quiz").filter(has_text=prompt_start)


def test_lesson_00_runs_in_jupyterlab_and_a_quiz_answer_is_saved(lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{lab['base']}/lab/tree/00_start_here.ipynb?token={lab['token']}")
            # The kernel is ready when the debugger button is enabled and the status says Idle.
            page.locator(".jp-DebuggerBugButton[aria-disabled='false']").wait_for(
                timeout=60_000)
            expect(page.locator("#jp-main-statusbar")).to_contain_text("Idle", timeout=60_000)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            quiz = _quiz(page, "does NOT share a border")
            quiz.wait_for(timeout=90_000)
            expect(page.locator(".course-quiz")).to_have_count(5, timeout=90_000)
            expect(page.locator(".jp-OutputArea-output[data-mime-type*='error']")).to_have_count(0)

            quiz.get_by_text("Turkey", exact=True).click()
            quiz.get_by_role("button", name="Check answer").click()
            feedback = quiz.locator(".course-feedback")
            expect(feedback).to_contain_text("Not yet", timeout=20_000)
            expect(feedback).to_contain_text("northern border")

            quiz.get_by_text("Egypt", exact=True).click()
            quiz.get_by_role("button", name="Check answer").click()
            expect(feedback).to_contain_text("Correct", timeout=20_000)
            expect(feedback).to_contain_text("does not touch Syria")
            page.screenshot(path=str(ARTIFACTS / "lesson00-quiz.png"), full_page=False)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "lesson00-failure.png"), full_page=True)
            raise
        finally:
            browser.close()

    saved = json.loads((lab["progress"] / "progress.json").read_text(encoding="utf-8"))
    attempts = saved["answers"]["00_start_here"]["not-a-neighbour"]
    assert [(a["answer"], a["status"]) for a in attempts] == [("Turkey", "wrong"),
                                                              ("Egypt", "right")]

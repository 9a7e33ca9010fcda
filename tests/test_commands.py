"""`python -m lessons` for teachers: bad addresses, folders that cannot be written and files
already there are each told in one sentence, before any lesson runs (issue 16, item 10)."""

from __future__ import annotations

import re

import pytest

from lessons import guide
from lessons.__main__ import main

HUB, REPO = "https://hub.school.org", "https://github.com/org/course"


@pytest.fixture
def no_export(monkeypatch):
    """Records the lessons an export would run, without running them."""
    ran = []

    def fake_export(lesson_id, out_dir, timeout=300):
        ran.append(lesson_id)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{lesson_id}.html"
        target.write_text("<html></html>", encoding="utf-8")
        return target

    monkeypatch.setattr(guide, "export_html", fake_export)
    return ran


@pytest.mark.parametrize("hub", ["https://", "https:///hub", "https://hub school.org",
                                 "https://hub.school.org/?next=x"])
def test_links_refuse_a_hub_address_without_a_host(hub, capsys):
    assert main(["links", "--hub", hub, "--repo", REPO, "--lessons", "00"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "--hub" in out.err and "Traceback" not in out.err


@pytest.mark.parametrize("repo", ["https://github.com", "https://github.com/org",
                                  "https://github.com/org/course/tree/main",
                                  "https://github.com/org/my course", "https://example.org/",
                                  "https://", "https://github.com/org/course?tab=readme"])
def test_links_refuse_an_address_that_is_not_a_repository(repo, capsys):
    assert main(["links", "--hub", HUB, "--repo", repo, "--lessons", "00"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "--repo" in out.err and "is not the address of a repository" \
        in out.err


@pytest.mark.parametrize("repo", [REPO, REPO + ".git", REPO + "/",
                                  "https://gitlab.com/school/history/course",
                                  "https://git.school.org/course.git"])
def test_links_accept_the_addresses_of_repositories(repo, capsys):
    assert main(["links", "--hub", HUB + "/", "--repo", repo, "--lessons", "00"]) == 0
    assert "JupyterHub: https://hub.school.org/hub/user-redirect/git-pull?" in \
        capsys.readouterr().out


@pytest.mark.parametrize("repo", [REPO, "https://github.com/org/my course",
                                  "https://github.com/org/kurs-\u00fc"])
def test_no_link_is_printed_that_is_not_url_encoded(repo, capsys):
    code = main(["links", "--hub", "https://hub.school.org/jupyter", "--repo", repo,
                 "--branch", "term#2/2025", "--lessons", "00,05"])
    links = re.findall(r"(?:JupyterHub|Binder): +(\S.*)", capsys.readouterr().out)
    assert code == 1 or links  # refused, or links printed
    assert all(re.fullmatch(r"[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+", link) for link in links), links


def test_links_refuse_a_branch_name_git_does_not_allow(capsys):
    assert main(["links", "--hub", HUB, "--repo", REPO, "--branch", "spring term"]) == 1
    assert "--branch 'spring term' is not a branch name" in capsys.readouterr().err


def test_guide_to_a_folder_that_cannot_be_written_is_one_sentence(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["guide", "--out", str(blocker / "guide"), "--lessons", "00"]) == 1
    err = capsys.readouterr().err
    assert "cannot be written" in err and str(blocker / "guide") in err


def test_export_to_a_folder_that_cannot_be_written_stops_before_any_lesson_runs(
        tmp_path, capsys, no_export):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["export", "--out", str(blocker / "html"), "--lessons", "00"]) == 1
    assert no_export == []
    assert "cannot be written" in capsys.readouterr().err


def test_guide_is_not_overwritten_without_a_word(tmp_path, capsys):
    assert main(["guide", "--out", str(tmp_path), "--lessons", "00"]) == 0
    (tmp_path / "guide.md").write_text("my own notes", encoding="utf-8")
    capsys.readouterr()
    assert main(["guide", "--out", str(tmp_path), "--lessons", "00"]) == 1
    err = capsys.readouterr().err
    assert "guide.md" in err and "--force" in err
    assert (tmp_path / "guide.md").read_text(encoding="utf-8") == "my own notes"
    assert main(["guide", "--out", str(tmp_path), "--lessons", "00", "--force"]) == 0
    assert "Replaced" in capsys.readouterr().out
    assert (tmp_path / "guide.md").read_text(encoding="utf-8") != "my own notes"


def test_export_is_not_overwritten_without_a_word(tmp_path, capsys, no_export):
    page = tmp_path / "00_start_here.html"
    page.write_text("kept", encoding="utf-8")
    assert main(["export", "--out", str(tmp_path), "--lessons", "00,01"]) == 1
    assert no_export == [] and page.read_text(encoding="utf-8") == "kept"
    err = capsys.readouterr().err
    assert "00_start_here.html" in err and "--force" in err
    assert main(["export", "--out", str(tmp_path), "--lessons", "00,01", "--force"]) == 0
    assert no_export == ["00_start_here", "01_reading_the_source"]

"""Text from the course's files is shown as text. Whatever lesson.yaml, teacher.md, the glossary
or sources.csv holds, the teacher's guide and the static export run no script from it and turn
none of it into markup; teacher.md keeps its Markdown formatting, but not raw HTML."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import mistune
import pytest
import yaml
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from servers import chromium, need_browser

from lessons import catalog, glossary, guide
from lessons.sources import SourceList

LESSON = "00_start_here"
SOURCE = "natural-earth-admin0"  # a source the lesson cites at its end

# A script, an image whose error runs script, a tag, and Markdown marks: all must show as text.
TEXT = ('<script>window.injected = "script"; alert("script")</script>'
        '<img src="missing.png" onerror="window.injected = \'img\'; alert(\'img\')">'
        '<b class="injected">bold</b> *stars* _under_ `ticks` [text](page.html) ~~strike~~ '
        '$x$ a|b # 1. \\*')
URL = "https://example.org/a_b_(c)"  # a source's address: it stays a working link
COPY = "https://example.org/copy_of_a_b"  # and the copy we read, where it is another page
# In teacher.md the Markdown is the teacher's and is kept; the HTML is shown as text.
NOTES_SCRIPT = '<script>window.injected = "notes"; alert("notes")</script>'
NOTES_INLINE = ('Some <b class="injected">bold</b> and '
                '<img src="missing.png" onerror="alert(\'notes\')"> here, and **real bold**.')
NOTES_COMMENT = "<!-- a note to myself -->"
# Text that a Markdown reader takes for a heading, a list or a quotation when it opens a line.
LEADING = ["# not a heading", "1. not a list", "> not a quote", "- not an item", "+ not one"]
TAGS = ("<script", "<img", "<b class", "<em>stars", "<code>ticks", "<del>", 'href="page.html"')


@pytest.fixture
def planted_sources(data_copy):
    """A copy of sources.csv with the payload in the fields a source line shows."""
    path = data_copy / "sources.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        if row["source_id"] == SOURCE:
            row.update(publisher=TEXT, author=TEXT, title=TEXT, url=URL, copy_read_url=COPY)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return data_copy


@pytest.fixture
def planted(tmp_path, monkeypatch, planted_sources):
    """Copies of lesson.yaml, teacher.md and the glossary too, with the payload in every field
    the guide shows."""
    folder = tmp_path / "catalog"
    shutil.copytree(catalog.CATALOG, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(catalog, "CATALOG", folder)

    lesson_file = folder / LESSON / "lesson.yaml"
    raw = yaml.safe_load(lesson_file.read_text(encoding="utf-8"))
    raw.update(title=TEXT, content_note=TEXT, objectives=[TEXT, *LEADING],
               prerequisites=[TEXT])
    question = raw["questions"][0]
    question.update(prompt=TEXT, section=TEXT)
    question["choices"][0].update(text=TEXT, feedback=TEXT)
    lesson_file.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")

    notes = folder / LESSON / "teacher.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n## Planted\n\n" + NOTES_SCRIPT
                     + "\n\n" + NOTES_INLINE + "\n\n" + NOTES_COMMENT + "\n", encoding="utf-8")

    words = yaml.safe_load(glossary.GLOSSARY.read_text(encoding="utf-8"))
    words.append({"term": TEXT, "match": "planted-never-matches", "lesson": LESSON,
                  "definition": TEXT, "source_ids": []})
    planted_glossary = tmp_path / "glossary.yaml"
    planted_glossary.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(glossary, "GLOSSARY", planted_glossary)
    glossary.entries.cache_clear()
    yield tmp_path
    glossary.entries.cache_clear()


# Elements the payload would make if it were read as HTML or Markdown, and scripts it would add.
INJECTED = """() => [...document.querySelectorAll('*')].filter(e =>
  e.matches('.injected, img[src="missing.png"]') ||
  (e.matches('em, strong, code, del, a') &&
   ['stars', 'under', 'ticks', 'strike', 'text', 'bold'].includes(e.textContent.trim())) ||
  (e.matches('script') && e.textContent.includes('window.injected'))).length"""


def shown_in_chromium(path) -> dict:
    """Open a page in Debian's Chromium, offline, and report what ran and what it shows."""
    need_browser()
    with chromium() as browser:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith("file:") else route.abort())
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(500)  # time for an image's error handler, were there one
        return {"dialogs": dialogs,
                "script ran": page.evaluate("typeof window.injected !== 'undefined'"),
                "injected elements": page.evaluate(INJECTED),
                "links to the source": page.locator(f'a[href="{URL}"]').count(),
                "links to the copy": page.locator(f'a[href="{COPY}"]').count(),
                "bold from the notes": page.locator("strong", has_text="real bold").count(),
                "text": " ".join(page.inner_text("body").split())}


def test_guide_markdown_shows_planted_text_as_text_in_any_markdown_viewer(planted):
    markdown = guide.guide_markdown([LESSON])
    page = mistune.html(markdown)  # a viewer that lets raw HTML through, as many do
    assert [tag for tag in TAGS if tag in page] == []
    assert "real bold" in page and "<strong>real bold</strong>" in page  # teacher's Markdown
    assert "a note to myself" not in page
    assert f'href="{URL}"' in page
    for line in LEADING:
        assert f"<li>{mistune.escape(line)}</li>" in page


def test_guide_page_shows_raw_html_as_text_and_each_character_once():
    page = guide.guide_html()
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for lesson in catalog.all_lessons():  # "Syria's", not "Syria&#x27;s" or "Syria\'s"
        for text in (lesson.title, lesson.content_note, *lesson.objectives):
            assert text in shown
    renderer = guide._PageWithoutHTML(escape=False)
    shown = mistune.create_markdown(renderer=renderer)(f"{NOTES_SCRIPT}\n\n{NOTES_INLINE}")
    assert "<script" not in shown and "<b " not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown and "<strong>real bold</strong>" in shown


def test_source_list_in_a_notebook_shows_planted_text_as_text_and_links_work(
        planted_sources):
    from lessons.sources import for_lesson

    page = markdown2html_mistune(for_lesson(LESSON)._repr_markdown_())  # as the export does
    assert [tag for tag in TAGS if tag in page] == []
    assert f'href="{URL}"' in page and "%5C" not in page


def test_source_list_keeps_every_real_source_address_as_its_link():
    from lessons.data import load

    registry = load("sources")
    lines = [f"{n}. [{sid}] see {url} (read it)"
             for n, (sid, url) in enumerate(zip(registry["source_id"], registry["url"]), 1)]
    page = markdown2html_mistune(SourceList(lines)._repr_markdown_())
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', page)
    assert [(unquote(html.unescape(href)), html.unescape(text)) for href, text in links] == [
        (unquote(url), url) for url in registry["url"]]


@pytest.mark.browser
def test_guide_page_runs_no_planted_script_and_shows_it_as_text(planted):
    path = planted / "guide.html"
    path.write_text(guide.guide_html([LESSON]), encoding="utf-8")
    shown = shown_in_chromium(path)
    assert shown["dialogs"] == [] and not shown["script ran"]
    assert shown["injected elements"] == 0
    for seen in (f"{LESSON}: {TEXT}", f"to prepare for): {TEXT}", f"{TEXT} (single; {TEXT})",
                 f"{TEXT}: {TEXT}", f"[{SOURCE}] {TEXT} ({TEXT}), \u201c{TEXT}\u201d"):
        assert seen in shown["text"]
    assert 'Some <b class="injected">bold</b> and <img src="missing.png"' in shown["text"]
    assert NOTES_SCRIPT in shown["text"] and "a note to myself" not in shown["text"]
    assert shown["bold from the notes"] == 1 and shown["links to the source"] >= 1


@pytest.mark.browser
def test_static_export_runs_no_planted_script_and_shows_it_as_text(planted_sources,
                                                                   tmp_path):
    path = guide.export_html(LESSON, tmp_path / "export")
    shown = shown_in_chromium(path)
    assert shown["dialogs"] == [] and not shown["script ran"]
    assert shown["injected elements"] == 0
    assert f"[{SOURCE}] {TEXT} ({TEXT}), \u201c{TEXT}\u201d" in shown["text"]
    assert shown["links to the source"] == 1 and shown["links to the copy"] == 1


@pytest.mark.browser
def test_source_list_in_jupyterlab_runs_no_planted_script_and_shows_it_as_text(lab):
    from in_browser import open_lesson, shut_down_kernels

    # JupyterLab's MathJax sets text between two dollar signs as mathematics even when Markdown
    # escapes them (it makes no link or script of it), so here the payload leaves them out.
    text = TEXT.replace("$x$ ", "")
    line = f"1. [{SOURCE}] {text}, \u201c{text}\u201d. {URL} (read 2026-11-25)"
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "planted",
                           "metadata": {}, "outputs": [], "source": [
                               "from lessons.sources import SourceList\n",
                               f"SourceList([{line!r}])"]}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (lab["folder"] / "planted.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            open_lesson(page, lab, "planted.ipynb")
            output = page.locator(".jp-OutputArea-output[data-mime-type='text/markdown']")
            output.wait_for()
            page.wait_for_timeout(500)
            assert dialogs == [] and not page.evaluate("typeof window.injected !== 'undefined'")
            assert page.evaluate(INJECTED) == 0
            shown = " ".join(output.inner_text().split())
            assert f"[{SOURCE}] {text}, \u201c{text}\u201d. {URL} (read 2026-11-25)" in shown
            assert output.locator(f'a[href="{URL}"]').count() == 1
        finally:
            shut_down_kernels(lab)


# A student's words in the hand-in, the class report and the gradebook ---------------------------

STUDENT_TEXT = TEXT + " [link](javascript:alert('link')) <a href=\"javascript:alert(2)\">a</a>"
NAME = "<img src=\"missing.png\" onerror=\"alert('name')\"> **bold** =1+1"  # under 80 characters
JS_LINKS = "() => document.querySelectorAll('a[href^=\"javascript\"]').length"


@pytest.fixture
def planted_hand_in(tmp_path, monkeypatch):
    """A hand-in with the payload in a checked answer, a reflection, an essay and the name."""
    from lessons import progress
    from lessons.quiz import Result

    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "progress"))
    progress.record(LESSON, "not-a-neighbour", STUDENT_TEXT, Result("wrong", "no"))
    progress.record(LESSON, "what-do-you-know", STUDENT_TEXT + "\n# " + STUDENT_TEXT,
                    Result("saved", "ok"))
    progress.record("12_assessment", "dbq-essay", STUDENT_TEXT, Result("saved", "ok"))
    progress.set_chosen_name(NAME)
    hand_ins = tmp_path / "hand-ins" / "student"
    hand_ins.mkdir(parents=True)
    progress.export(hand_ins / "my-answers.md")
    return tmp_path


def _report_of(planted_hand_in):
    from lessons import classroom

    out = planted_hand_in / "report"
    classroom.write_report(planted_hand_in / "hand-ins", out)
    return out


def _hand_in_page(planted_hand_in) -> Path:
    """The Markdown hand-in as JupyterLab would show it: Markdown with raw HTML allowed."""
    from markdown_it import MarkdownIt

    text = (planted_hand_in / "hand-ins" / "student" / "my-answers.md").read_text("utf-8")
    page = planted_hand_in / "hand-in.html"
    page.write_text("<!DOCTYPE html><meta charset='utf-8'><body>"
                    + MarkdownIt("commonmark", {"html": True}).render(text) + "</body>",
                    encoding="utf-8")
    return page


def test_hand_in_markdown_shows_student_text_as_text(planted_hand_in):
    page = _hand_in_page(planted_hand_in).read_text(encoding="utf-8")
    assert [tag for tag in TAGS if tag in page] == [] and 'href="javascript' not in page
    assert page.count("<h1>") == 1  # the title: a line of the student's starting "# " is not one
    assert html.escape(NAME).replace("&#x27;", "'") in page  # the name, as text


def test_gradebook_keeps_a_name_that_looks_like_a_formula_as_text(planted_hand_in):
    out = _report_of(planted_hand_in)
    with (out / "gradebook.csv").open(encoding="utf-8-sig", newline="") as file:
        (row,) = list(csv.DictReader(file))
    assert row["Name handed in under"] == NAME  # starts with "<": no quote needed
    from lessons import classroom

    assert classroom._cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert classroom._cell("@SUM(A1)").startswith("'") and classroom._cell("Sam") == "Sam"


def test_class_report_source_has_no_student_markup(planted_hand_in):
    page = (_report_of(planted_hand_in) / "class-report.html").read_text(encoding="utf-8")
    body = page.split("</style>", 1)[1]
    assert [tag for tag in TAGS if tag in body] == [] and 'href="javascript' not in body


@pytest.mark.browser
@pytest.mark.parametrize("which", ["class report", "hand-in"])
def test_student_text_runs_no_script_and_shows_as_text_in_chromium(planted_hand_in, which):
    path = (_report_of(planted_hand_in) / "class-report.html" if which == "class report"
            else _hand_in_page(planted_hand_in))
    need_browser()
    with chromium() as browser:
        page = browser.new_page()
        dialogs, asked = [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: asked.append(request.url))
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith("file:") else route.abort())
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        assert [url for url in asked if not url.startswith("file:")] == []  # self-contained
        page.screenshot(path=str(path.with_suffix(".png")), full_page=True)
        for link in page.locator("a").all():  # a link, were one made, is followed too
            link.click(timeout=1000, no_wait_after=True)
        page.wait_for_timeout(300)
        assert dialogs == []
        assert not page.evaluate("typeof window.injected !== 'undefined'")
        assert page.evaluate(INJECTED) == 0 and page.evaluate(JS_LINKS) == 0
        shown = " ".join(page.inner_text("body").split())
    assert "<script>window.injected" in shown and "[link](javascript:alert('link'))" in shown
    assert "<img src=\"missing.png\" onerror=\"alert('name')\"> **bold**" in shown


def test_the_escaping_checks_catch_text_left_unescaped(planted_hand_in, monkeypatch):
    from lessons import classroom, report

    monkeypatch.setattr(classroom, "_e", str)
    with pytest.raises(AssertionError):
        test_class_report_source_has_no_student_markup(planted_hand_in)
    monkeypatch.setattr(report, "_md", lambda text, line_start=False: str(text))
    from lessons import progress

    progress.export(planted_hand_in / "hand-ins" / "student" / "my-answers.md")
    with pytest.raises(AssertionError):
        test_hand_in_markdown_shows_student_text_as_text(planted_hand_in)

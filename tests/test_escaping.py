"""Text from the course's files is shown as text. Whatever lesson.yaml, teacher.md, the glossary
or sources.csv holds, the teacher's guide and the static export run no script from it and turn
none of it into markup; teacher.md keeps its Markdown formatting, but not raw HTML."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
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

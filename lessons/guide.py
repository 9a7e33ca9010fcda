"""The teacher's guide and the links that hand lessons out, built from the catalogue.

The guide's facts (objectives, minutes, questions, answer key, feedback, content notes, sources)
come from each lesson's lesson.yaml and the source registry; the instructor's own notes come
from teacher.md beside it. Nothing is copied by hand. Text from those files is shown as text: it
never becomes HTML or markup, and teacher.md keeps its Markdown but not raw HTML.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlparse

import mistune
from mistune.renderers.markdown import MarkdownRenderer

from lessons.errors import CourseError
from lessons.explore import STATIC_EXPORT
from lessons.sources import plain_markdown as plain

MARKDOWN_PLUGINS = ["strikethrough", "footnotes", "table"]
COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.S)


class _WithoutHTML(MarkdownRenderer):
    """Writes Markdown back as it came, but raw HTML as plain text (and an HTML comment, which no
    reader shows, not at all): a teacher's formatting is kept, their HTML never runs."""

    def inline_html(self, token, state) -> str:
        return "" if COMMENT.fullmatch(token["raw"]) else plain(token["raw"])

    def block_html(self, token, state) -> str:
        if COMMENT.fullmatch(token["raw"]):
            return ""
        return "\n".join(plain(line) for line in token["raw"].strip().splitlines()) + "\n\n"


class _PageWithoutHTML(mistune.HTMLRenderer):
    """Makes the guide's page from its Markdown, showing any raw HTML left in it as text.
    (mistune's own escape=True would also escape "&#x27;" twice, and show it.)"""

    def inline_html(self, html: str) -> str:
        return mistune.escape(html)

    def block_html(self, html: str) -> str:
        return "<p>" + mistune.escape(html.strip()) + "</p>\n"


def _notes(markdown: str, headings: str = "####") -> str:
    """A lesson's teacher.md (or a course page) for the guide: its title dropped, its headings
    set below the guide's own (``headings`` deep), and any raw HTML in it shown as text."""
    notes = markdown.strip()
    body = notes.partition("\n")[2] if notes.startswith("# ") else notes
    body = mistune.create_markdown(renderer=_WithoutHTML(), plugins=MARKDOWN_PLUGINS)(body)
    return ("\n" + body).replace("\n## ", f"\n{headings} ").strip()


# Course pages the whole guide opens with, each (heading, file in the repository).
COURSE_PAGES = (("Planning the course", "lessons/catalog/course_plans.md"),
                ("Looking after yourself: for students and teachers",
                 "notebooks/looking_after_yourself.md"))


def _course_parts() -> list[str]:
    """The parts of the guide about the whole course: the unit plans and where the course
    fits, the course check and its key, and the page on looking after yourself."""
    from lessons import course_check
    from lessons.catalog import CATALOG, text_of

    root = CATALOG.parent.parent
    out: list[str] = []
    for heading, name in COURSE_PAGES:
        out += [f"## {heading}", "", _notes(text_of(root / name, name), "###"), ""]
    out += ["## The course check, before and after", "",
            "The same questions open the course (lesson 0) and close it (lesson 11), the second "
            "time in another order. Each student's first tries are set side by side in lesson "
            "11, in `my_progress()` and in the hand-in.", ""]
    for number, question in enumerate(course_check.questions(), start=1):
        first, *rest = _answer_lines(question)
        out += [f"{number}. {first}", *rest]
    return out


def _code(text: str) -> str:
    """Text as a Markdown code span, fenced so that no backtick in it can end the span early."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _answer_lines(question) -> list[str]:
    lines = [f"**{plain(question.prompt)}** ({question.type}; {plain(question.section)})", ""]
    if question.type in ("single", "multiple"):
        for choice in question.choices:
            mark = "[x]" if choice.correct else "[ ]"
            lines.append(f"- {mark} {plain(choice.text)} - *{plain(choice.feedback)}*")
    elif question.type == "order":
        labels = question.shown_labels
        letters = ", ".join(labels[item.text][0] for item in question.items)
        lines += [f"Right answer as students type it: **{plain(letters)}**", ""]
        for n, item in enumerate(question.items, start=1):
            lines.append(f"{n}. {plain(labels[item.text])} - *{plain(item.feedback)}*")
        for key in ("right", "wrong"):
            if question.feedback.get(key):
                lines.append(f"- feedback when {key}: *{plain(question.feedback[key])}*")
    elif question.type == "number":
        lines.append(f"- answer: {question.answer:g} {plain(question.unit)} "
                     f"(accepted within {question.tolerance:g})")
        for key in ("right", "too_low", "too_high"):
            lines.append(f"- {key.replace('_', ' ')}: *{plain(question.feedback[key])}*")
    elif question.type == "essay":
        lines.append("- essay: saved with its time and word count, not graded; mark it with the "
                     "rubric in the teacher's notes."
                     + (f" Length asked for: about {question.min_words:,} words."
                        if question.min_words else ""))
        lines += [f"  - plan step {n}: {plain(step)}" for n, step in
                  enumerate(question.plan, start=1)]
    else:
        saved = question.feedback.get("saved")
        lines.append("- open reflection: saved, not graded."
                     + (f" *{plain(saved)}*" if saved else ""))
    return lines + [""]


def guide_markdown(lesson_ids=None) -> str:
    """The teacher's guide as Markdown, for the chosen lessons (all when None)."""
    from lessons import documents, glossary
    from lessons.catalog import all_lessons, get_lesson
    from lessons.sources import lesson_source_ids, source_list

    lessons = [get_lesson(i) for i in lesson_ids] if lesson_ids else all_lessons()
    total = sum(lesson.minutes for lesson in lessons)
    count = f"{len(lessons)} lesson{'s' if len(lessons) != 1 else ''}"
    out = ["# Teacher's guide: the Syrian civil war, source by source", "",
           f"{count}, about {total} minutes in all. Each lesson's facts below come "
           "from its quiz bank (`lessons/catalog/<lesson>/lesson.yaml`) and the course's source "
           "registry; the notes come from `teacher.md` beside it.", ""]
    if not lesson_ids:  # the whole guide: first what concerns the whole course
        out += _course_parts()
    for lesson in lessons:
        out += [f"## {lesson.id}: {plain(lesson.title)}", "",
                f"**Time:** about {lesson.minutes} minutes. **Notebook:** "
                f"{_code(f'notebooks/{lesson.notebook}')}", "",
                f"**Content note (sensitivities to prepare for):** {plain(lesson.content_note)}",
                "", "**Objectives:**", ""]
        out += [f"- {plain(objective)}" for objective in lesson.objectives] + [""]
        new_words = glossary.for_lesson(lesson.id)
        if new_words:
            out += ["**Words explained in this lesson** (from `lessons/glossary.yaml`):", ""]
            out += [f"- *{plain(e['term'])}*: {plain(e['definition'])}" for e in new_words]
            out += [""]
        prerequisites = "; ".join(plain(p) for p in lesson.prerequisites) or "none"
        out += [f"**Prerequisites:** {prerequisites}", "", "### Questions and answer key", ""]
        for number, question in enumerate(lesson.questions, start=1):
            first, *rest = _answer_lines(question)
            out += [f"{number}. {first}", *rest]
        read = documents.guide_markdown(lesson.id)
        if read:
            out += ["### Documents students read", "", read]
        notes = _notes(lesson.teacher_notes)
        if notes:
            out += ["### Teacher notes", "", notes, ""]
        cited = lesson_source_ids(lesson.id)
        if cited:
            out += ["### Sources cited in the lesson", "", source_list(cited)._repr_markdown_(),
                    ""]
    return "\n".join(out)


def guide_html(lesson_ids=None) -> str:
    """The teacher's guide as one self-contained HTML page (no external files). Any HTML left
    in the Markdown is shown as text, never run."""
    body = mistune.create_markdown(renderer=_PageWithoutHTML(escape=False),
                                   plugins=MARKDOWN_PLUGINS)(guide_markdown(lesson_ids))
    style = ("body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;"
             "padding:0 1rem;line-height:1.5;color:#1a1a1a}h2{border-top:2px solid #0072B2;"
             "padding-top:1rem;margin-top:2.5rem}em{color:#333}code{background:#f2f2f2}")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Teacher's guide: the Syrian civil war, source by source</title>"
            f"<style>{style}</style></head><body>\n{body}</body></html>\n")


def _notebook_path(lesson_id: str) -> str:
    from lessons.catalog import get_lesson

    return f"notebooks/{get_lesson(lesson_id).notebook}"


def nbgitpuller_link(hub: str, repo: str, branch: str, lesson_id: str) -> str:
    """A link that, on a JupyterHub with nbgitpuller, pulls the course and opens the lesson."""
    if not hub.startswith(("http://", "https://")) or not repo.startswith(("http://", "https://")):
        raise CourseError("The hub and the repository must be web addresses starting with "
                          "http:// or https://")
    folder = PurePosixPath(urlparse(repo).path.rstrip("/")).name.removesuffix(".git")
    # targetpath names the folder the course is pulled into, so the lesson's path is certain.
    query = urlencode({"repo": repo, "branch": branch, "targetpath": folder,
                       "urlpath": f"lab/tree/{folder}/{_notebook_path(lesson_id)}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def binder_link(repo: str, branch: str, lesson_id: str) -> str:
    """A mybinder.org link that builds the course from a GitHub repository and opens the lesson."""
    parts = urlparse(repo)
    if parts.netloc != "github.com":
        raise CourseError("Binder links are made for repositories on github.com; "
                          f"{repo!r} is not one.")
    owner_name = parts.path.strip("/").removesuffix(".git")
    path = quote(f"lab/tree/{_notebook_path(lesson_id)}", safe="")
    return f"https://mybinder.org/v2/gh/{owner_name}/{quote(branch, safe='')}?urlpath={path}"


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def export_html(lesson_id: str, out_dir, timeout: int = 300):
    """Run a lesson top to bottom and save it as a static HTML page: figures with their text
    descriptions, and each quiz as printable questions instead of live widgets."""
    from pathlib import Path

    from nbconvert import HTMLExporter

    from lessons.catalog import CATALOG, get_lesson
    from lessons.running import run_notebook

    lesson = get_lesson(lesson_id)
    folder = CATALOG.parent.parent / "notebooks"
    # Explorers draw their views without widgets; answers go to a scratch folder, so
    # exporting never touches anyone's saved answers.
    notebook = run_notebook(folder / lesson.notebook, timeout,
                            MPLBACKEND="module://matplotlib_inline.backend_inline",
                            **{STATIC_EXPORT: "1"})
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "text/html" in data:
                del data[WIDGET_VIEW]  # keep the printable version of the quiz
    body, _resources = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    # The page must open offline: drop the template's scripts from the web (require.js and
    # MathJax; the lessons use neither).
    body = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", body)
    body = body.replace("</head>", f"<style>{READABLE_EXPORT_CSS}</style></head>", 1)
    target = Path(out_dir) / f"{Path(lesson.notebook).stem}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


# The exporter's own page style has some text too faint to read (the In/Out prompts, code
# comments) and links told apart by colour alone; these rules fix that for our pages.
READABLE_EXPORT_CSS = (
    ".jp-InputPrompt,.jp-OutputPrompt{color:#545454!important;opacity:1!important}"
    ".highlight .c,.highlight .c1,.highlight .cm,.highlight .ch,.highlight .cs"
    "{color:#2e5d5d!important}"
    ".highlight .ow,.highlight .nd{color:#7a1ab8!important}"
    ".highlight .m,.highlight .mi,.highlight .mf,.highlight .mh,.highlight .mo,.highlight .il"
    "{color:#006400!important}"
    ".highlight .si,.highlight .se,.highlight .ne,.highlight .ni,.highlight .nl"
    "{color:#8a2d1b!important}"
    "a,.jp-RenderedHTMLCommon a{text-decoration:underline!important}"
)

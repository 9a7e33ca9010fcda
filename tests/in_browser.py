"""Drive one lesson the way a student does: JupyterLab in Debian's Chromium, Run All Cells, then
every quiz answered once wrongly with the mouse and once rightly with the keyboard alone.

Used by the test_browser_*.py files (two files so that pytest-xdist runs them side by side).
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from pathlib import Path

import axe_playwright_python
from playwright.sync_api import expect
from servers import ARTIFACTS, ROOT, chromium

from lessons import course_check
from lessons.catalog import get_lesson
from lessons.quiz import word_count

BROKEN_WIDGET_TEXT = ("Loading widget", "Error displaying widget")
QUIZ_BADGE = {"right": "Correct", "wrong": "Not yet", "saved": "Saved",
              "invalid": "Can't check that yet"}


def open_lesson(page, lab: dict, notebook: str) -> None:
    """Open a notebook, wait for its kernel, run all cells from the Run menu and wait until every
    cell has run."""
    # A workspace of its own, so that no tab from an earlier lesson is open beside it.
    workspace = notebook.removesuffix(".ipynb")
    page.goto(f"{lab['base']}/lab/workspaces/{workspace}/tree/{notebook}?token={lab['token']}")
    page.locator(".jp-DebuggerBugButton[aria-disabled='false']").wait_for(timeout=90_000)
    expect(page.locator("#jp-main-statusbar")).to_contain_text("Idle", timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    code_cells = page.locator(".jp-CodeCell")
    last_prompt = code_cells.last.locator(".jp-InputPrompt")
    # A cell shows [*] while it waits or runs, and its number when it has run.
    expect(last_prompt).to_have_text(re.compile(r"\[\d+\]"), timeout=180_000)
    expect(page.locator(".jp-InputPrompt", has_text="[*]")).to_have_count(0, timeout=60_000)
    expect(page.locator("#jp-main-statusbar")).to_contain_text("Idle", timeout=60_000)


def check_outputs(page, notebook: str) -> None:
    """No error output, and every widget output drawn (none left loading or broken)."""
    expect(page.locator(".jp-OutputArea-output[data-mime-type*='error']")).to_have_count(0)
    # A drawn widget replaces its output's content with a .jupyter-widgets view; a widget that
    # could not be drawn leaves a message instead.
    outputs = page.locator(".jp-OutputArea-output:not([data-mime-type])")
    assert outputs.count() > 0, f"{notebook}: no widget output at all"
    for n in range(outputs.count()):
        expect(outputs.nth(n).locator(".jupyter-widgets").first).to_be_visible(timeout=30_000)
    text = page.locator(".jp-Notebook").inner_text()
    for broken in BROKEN_WIDGET_TEXT:
        assert broken not in text, f"{notebook}: a widget shows '{broken}'"


PROGRAMMER_TEXT = ("NaN", "dtype", "PosixPath", "Traceback", "<IPython", "object at 0x",
                   "Name: ", "[ids:")


def programmer_text(text: str) -> list[str]:
    """What in a lesson's output only a programmer could read, or a table cell cut short."""
    found = [marker for marker in PROGRAMMER_TEXT if marker in text]
    found += [f"a cut cell: {line.strip()[-40:]}" for line in text.splitlines()
              if line.rstrip().endswith(("...", "\u2026"))]
    return found


def check_output_text(page, notebook: str) -> None:
    """No rendered output shows programmer text or cut text."""
    outputs = page.locator(".jp-OutputArea-output")
    text = "\n".join(outputs.nth(n).inner_text() for n in range(outputs.count()))
    assert programmer_text(text) == [], f"{notebook}: {programmer_text(text)}"


OVERLAPS = """() => {
  const hits = [];
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 &&
                            a.top < b.bottom - 1 && b.top < a.bottom - 1;
  // Where the words really are: a label's box can stay small while its text runs out of it.
  const extent = (label) => {
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    let box = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      box = box ? {left: Math.min(box.left, r.left), right: Math.max(box.right, r.right),
                   top: Math.min(box.top, r.top), bottom: Math.max(box.bottom, r.bottom)} : r;
    }
    return box || label.getBoundingClientRect();
  };
  for (const group of document.querySelectorAll('.course-quiz .course-choices')) {
    const labels = [...group.querySelectorAll('label')].filter(
      l => l.offsetParent !== null && l.innerText.trim() !== '');
    const boxes = labels.map(extent);
    for (let i = 0; i < boxes.length; i++) {
      const name = labels[i].innerText.slice(0, 40);
      for (let j = i + 1; j < boxes.length; j++) {
        if (overlap(boxes[i], boxes[j])) hits.push(name + ' / ' + labels[j].innerText.slice(0, 40));
      }
      if (labels[i].scrollWidth > labels[i].clientWidth + 1 ||
          labels[i].scrollHeight > labels[i].clientHeight + 1)
        hits.push('words run out of their box: ' + name);
      const input = labels[i].querySelector('input') ||
                    labels[i].parentElement.querySelector('input');
      const r = input && input.getBoundingClientRect();
      if (!r || r.width === 0 || r.bottom < boxes[i].top || r.top > boxes[i].bottom)
        hits.push('no visible button: ' + name);
      else if (overlap(r, boxes[i]))
        hits.push('button on the words: ' + name);
    }
  }
  return hits;
}"""


DOCUMENT_CALL = re.compile(r"documents?\(([^)]*)\)")


def shown_documents(notebook: str) -> list[str]:
    """The ids of the documents a notebook shows with document(...) or documents(...)."""
    source = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in source["cells"] if c["cell_type"] == "code")
    return [i for call in DOCUMENT_CALL.findall(code) for i in re.findall(r'"([a-z0-9-]+)"', call)]


def check_documents(page, notebook: str) -> None:
    """Every document the lesson shows is on the page as a card a student can read: the words,
    who said them, and how far they can be trusted."""
    for document_id in shown_documents(notebook):
        card = page.locator(f'.course-doc[data-document="{document_id}"]')
        expect(card).to_have_count(1)
        text = card.inner_text()
        for needed in ("Who", "Published", "How far can we trust it?", "Sources"):
            assert needed in text, f"{notebook}: the card {document_id} has no {needed!r}"
        assert card.locator("blockquote").inner_text().strip(), document_id


def choice_overlaps(page) -> list[str]:
    """Quiz choices whose labels overlap, or whose button is not beside its words."""
    return page.evaluate(OVERLAPS)


PANELS = "'.jp-WindowedPanel-outer, .jp-NotebookPanel-notebook'"
SCREENFUL = 12_000  # pixels of one picture: Chromium cannot take one much taller than 16,000


def whole_lesson_screenshot(page, path: Path) -> list[Path]:
    """Pictures of the whole lesson at 100%: JupyterLab scrolls inside its notebook panel, so
    the window is made tall and the panel is scrolled a tall screenful at a time, each picture
    overlapping the one before by 200 pixels (path, then path-2.png, path-3.png ...)."""
    height = page.evaluate(f"""() => Math.max(...[...document.querySelectorAll({PANELS})]
        .map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height) + 200, 1000),
                                                         SCREENFUL)})
    pictures, top = [], 0
    while True:
        # The run left the notebook scrolled to its end: each picture sets its own place.
        reached = page.evaluate(f"""(top) => {{
            const panels = [...document.querySelectorAll({PANELS})];
            panels.forEach(e => {{ e.scrollTop = top; }});
            return Math.max(...panels.map(e => e.scrollTop + e.clientHeight));
        }}""", top)
        page.wait_for_timeout(1500)
        shot = path if not pictures else path.with_name(f"{path.stem}-{len(pictures) + 1}.png")
        page.screenshot(path=str(shot))
        pictures.append(shot)
        view = page.evaluate(f"""() => Math.min(...[...document.querySelectorAll({PANELS})]
            .map(e => e.clientHeight))""")
        if reached >= height or len(pictures) >= 20:
            return pictures
        top += max(int(view) - 200, 500)


def quiz_box(page, question):
    """The widget of one question, found by its prompt (must be on the page exactly once)."""
    box = page.locator(".course-quiz").filter(has_text=question.prompt[:70])
    expect(box).to_have_count(1)
    box.scroll_into_view_if_needed()
    return box


def _feedback_seen(box, status: str, detail: str | None) -> None:
    feedback = box.locator(".course-feedback")
    expect(feedback).to_contain_text(QUIZ_BADGE[status], timeout=20_000)
    expect(feedback).to_have_attribute("role", "status")
    if detail:
        expect(feedback).to_contain_text(detail[:40], timeout=5_000)


# What the test robot types into an essay box: several sentences and a line break, as a student
# would write, so the word count and the hand-in's quoting are exercised.
ESSAY = ("The counts differ because each counter counts something else. SOHR counts deaths it "
         "has documented by name or report.\nHRDAG estimates the deaths no list recorded.")


def answer_box(box, question):
    """A quiz's text box, found by the label a screen reader announces for it (so a box without
    a label is not found, and the test fails)."""
    label = {"order": "Your order", "number": "Answer", "reflection": "Your answer",
             "essay": "Your essay"}
    return box.get_by_role("textbox", name=re.compile(f"^{label[question.type]}"))


def _wrong_number(question) -> float:
    return question.answer + 10 * question.tolerance + max(10, abs(question.answer))


def answer_wrongly_with_mouse(box, question) -> str:
    """Give a wrong answer by pointing and clicking (for a reflection: an empty one) and return
    the status the course should record."""
    kind = question.type
    if kind == "single":
        wrong = next(c for c in question.choices if not c.correct)
        box.get_by_role("radio", name=wrong.text, exact=True).click()
        detail = wrong.feedback
    elif kind == "multiple":
        wrong = next(c for c in question.choices if not c.correct)
        box.get_by_role("checkbox", name=wrong.text, exact=True).click()
        detail = None
    elif kind == "order":
        field = answer_box(box, question)
        field.click()
        field.fill(", ".join(question.shown_labels[i.text][0] for i in reversed(question.items)))
        detail = None
    elif kind == "number":
        field = answer_box(box, question)
        field.click()
        field.fill(f"{_wrong_number(question):g}")
        detail = None
    else:  # reflection or essay: nothing written yet
        detail = None
    box.get_by_role("button", name=re.compile(r"^(Check|Save) (answer|essay)$")).click()
    status = "wrong" if question.graded else "invalid"
    _feedback_seen(box, status, detail)
    return status


def shown_order(box, selector: str, question) -> list:
    """The question's choices in the order this student's page shows them (they are shuffled
    per student), read off the labels."""
    by_text = {" ".join(c.text.split()): c for c in question.choices}
    texts = [" ".join(t.replace("\u200b", "").split())
             for t in box.locator(selector).all_inner_texts()]
    texts = [t for t in texts if t]  # ipywidgets adds an empty description label beside each
    assert sorted(texts) == sorted(by_text), f"{question.id}: the page shows {texts}"
    return [by_text[t] for t in texts]


def answer_rightly_with_keyboard(page, box, question) -> str:
    """Give the right answer with the keyboard alone. Focus is put on the first answer control
    (where a Tab into the quiz lands); from there only Tab, Space, typing and Enter are used.

    Arrow keys are not used: in JupyterLab's command mode they move between cells, even from a
    radio button. Tab reaches each choice, Space ticks it, and text boxes take typing."""
    kind, keys = question.type, page.keyboard
    if kind == "single":
        box.get_by_role("radio").first.focus()
        shown = shown_order(box, ".widget-radio-box label", question)
        target = next(n for n, c in enumerate(shown) if c.correct)
        for _ in range(target):
            keys.press("Tab")
        keys.press("Space")
        for _ in range(len(question.choices) - target):
            keys.press("Tab")
    elif kind == "multiple":
        boxes = box.get_by_role("checkbox")
        boxes.first.focus()
        for n, choice in enumerate(shown_order(box, ".widget-checkbox label", question)):
            if boxes.nth(n).is_checked() != choice.correct:
                keys.press("Space")
            keys.press("Tab")
    elif kind == "order":
        answer_box(box, question).focus()
        keys.press("Control+A")
        keys.type(", ".join(question.shown_labels[i.text][0] for i in question.items))
        keys.press("Tab")
    elif kind == "number":
        field = answer_box(box, question)
        field.focus()
        keys.press("Control+A")
        keys.type(f"{question.answer:g}")
        expect(field).to_have_value(f"{question.answer:g}")
        keys.press("Tab")
    elif kind == "essay":
        answer_box(box, question).focus()
        keys.type(ESSAY)
        keys.press("Tab")
    else:
        answer_box(box, question).focus()
        keys.type("Both counts are careful, but they count different things.")
        keys.press("Tab")
    # A person takes a moment between Tab and Enter. ipywidgets holds back a value change while
    # an earlier message is unanswered but sends a click at once, so keys pressed with no pause
    # at all could let the click reach Python before the value typed.
    page.wait_for_timeout(300)
    focused = page.evaluate("document.activeElement && document.activeElement.innerText")
    assert (focused or "").strip() in ("Check answer", "Save answer", "Save essay"), (
        f"{question.id}: Tab from the last answer control went to {focused!r}, not the button")
    keys.press("Enter")
    status = "right" if question.graded else "saved"
    _feedback_seen(box, status, f"{word_count(ESSAY)} words saved" if kind == "essay" else None)
    return status


AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")  # axe-core, as shipped
SEVERE = ("serious", "critical")
OUR_CONTENT = ".jp-RenderedMarkdown, .jp-OutputArea"  # the lesson's text, outputs and quizzes


def axe_violations(page, ours: str | None = None) -> list[dict]:
    """Run axe-core over the whole page and return its violations, each as rule id, impact,
    help text and the first few elements it found. With ``ours`` (a CSS selector), each element
    is sorted by whether it lies inside that part of the page, and each violation comes back
    once per side that has elements, marked "ours": true or false."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate("""async (ours) => {
        const result = await axe.run(document, {resultTypes: ["violations"], elementRef: true});
        const report = (v, nodes, mine) => ({id: v.id, impact: v.impact, help: v.help,
            ours: mine, count: nodes.length,
            where: nodes.slice(0, 3).map(n => n.target.join(" ")),
            html: nodes.slice(0, 3).map(n => n.html.slice(0, 120)),
            why: nodes.slice(0, 1).map(n => (n.failureSummary || "").slice(0, 300))});
        const out = [];
        for (const v of result.violations) {
            if (!ours) { out.push(report(v, v.nodes, null)); continue; }
            const inside = v.nodes.filter(n => n.element && n.element.closest(ours));
            const outside = v.nodes.filter(n => !(n.element && n.element.closest(ours)));
            if (inside.length) out.push(report(v, inside, true));
            if (outside.length) out.push(report(v, outside, false));
        }
        return out;
    }""", ours)


def severe(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in SEVERE]


def check_accessibility(page, lesson_id: str) -> None:
    """axe over the page: nothing serious or critical may lie in the lesson's own content (its
    text, outputs and quiz widgets). What axe finds in JupyterLab's own interface is written to
    test-artifacts/axe-jupyterlab-<lesson>.json and not counted against the lesson."""
    found = axe_violations(page, OUR_CONTENT)
    ours = [v for v in found if v["ours"]]
    jupyterlab = [v for v in found if not v["ours"]]
    (ARTIFACTS / f"axe-jupyterlab-{lesson_id}.json").write_text(
        json.dumps(jupyterlab, indent=1), encoding="utf-8")
    assert not severe(ours), f"{lesson_id}: axe found in the lesson's content: {severe(ours)}"


def explorers_work_by_keyboard(page) -> int:
    """In each explorer, the first list is changed with the keyboard alone (Space opens it, an
    arrow key moves, Enter chooses) and the explorer redraws what it shows."""
    explorers, tried = page.locator(".course-explorer"), 0
    for n in range(explorers.count()):
        explorer = explorers.nth(n)
        lists = explorer.get_by_role("combobox")
        if lists.count() == 0:
            continue
        chosen = lists.first
        chosen.scroll_into_view_if_needed()
        before_value, before_text = chosen.input_value(), explorer.inner_text()
        chosen.focus()
        for key in ("Space", "ArrowDown", "Enter"):
            page.keyboard.press(key)
        expect(chosen).not_to_have_value(before_value, timeout=5_000)
        expect(explorer).not_to_have_text(before_text, timeout=20_000)
        tried += 1
    return tried


def shut_down_kernels(lab: dict) -> None:
    """Stop the lesson's kernel through JupyterLab's REST API (the next lesson starts its own)."""
    headers = {"Authorization": f"token {lab['token']}"}
    with urllib.request.urlopen(urllib.request.Request(f"{lab['base']}/api/sessions",
                                                       headers=headers), timeout=10) as reply:
        sessions = json.load(reply)
    for session in sessions:
        request = urllib.request.Request(f"{lab['base']}/api/sessions/{session['id']}",
                                         headers=headers, method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def run_lesson_in_browser(lab: dict, lesson_id: str) -> None:
    """The whole check for one lesson; a screenshot is left in test-artifacts/ if it fails."""
    lesson = get_lesson(lesson_id)
    ARTIFACTS.mkdir(exist_ok=True)
    expected: dict[str, dict[str, list[str]]] = {}  # {lesson or check: {question: statuses}}
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            open_lesson(page, lab, lesson.notebook)
            check_outputs(page, lesson.notebook)
            check_output_text(page, lesson.notebook)
            check_documents(page, lesson.notebook)
            checks = course_check_shown(lesson.notebook)
            asked = [(lesson_id, q) for q in lesson.questions] + [
                (when, q) for when in checks for q in course_check.questions()]
            expect(page.locator(".course-quiz")).to_have_count(len(asked))
            for where, question in asked:
                box = quiz_box(page, question)
                first = answer_wrongly_with_mouse(box, question)
                second = answer_rightly_with_keyboard(page, box, question)
                expected.setdefault(where, {})[question.id] = [
                    s for s in (first, second) if s != "invalid"]
            source = (ROOT / "notebooks" / lesson.notebook).read_text(encoding="utf-8")
            with_lists = len(re.findall(r"(?:timeline|actor)_explorer\(|explore=True", source))
            assert explorers_work_by_keyboard(page) == with_lists
            check_accessibility(page, lesson_id)  # with every quiz's feedback on the page
            assert choice_overlaps(page) == []
            whole_lesson_screenshot(page, ARTIFACTS / f"{lesson_id}-whole.png")
        except Exception:
            page.screenshot(path=str(ARTIFACTS / f"{lesson_id}-failure.png"), full_page=True)
            raise
        finally:
            shut_down_kernels(lab)

    saved = json.loads((Path(lab["progress"]) / "progress.json").read_text(encoding="utf-8"))
    for where, questions in expected.items():
        for question_id, statuses in questions.items():
            assert [a["status"] for a in saved["answers"][where][question_id]] == statuses, (
                where, question_id)
    if any(q.type == "essay" for q in lesson.questions):
        check_essay_handed_in(lab)


def course_check_shown(notebook: str) -> list[str]:
    """Which course checks a notebook shows (before, after or none), read from its cells."""
    source = (ROOT / "notebooks" / notebook).read_text(encoding="utf-8")
    return [when for when, call in ((course_check.BEFORE, "course_check.before()"),
                                    (course_check.AFTER, "course_check.after()"))
            if call in source]


def check_essay_handed_in(lab: dict) -> None:
    """The essay typed in the browser is in the hand-in, every line, with its word count."""
    from lessons import progress

    before = os.environ.get("COURSE_PROGRESS_DIR")
    os.environ["COURSE_PROGRESS_DIR"] = str(lab["progress"])
    try:
        text = progress.export(Path(lab["progress"]) / "hand-in.md").read_text(encoding="utf-8")
    finally:
        if before is None:
            del os.environ["COURSE_PROGRESS_DIR"]
        else:
            os.environ["COURSE_PROGRESS_DIR"] = before
    assert f"({word_count(ESSAY)} words):" in text
    for line in ESSAY.splitlines():
        assert f"> {line}" in text, line

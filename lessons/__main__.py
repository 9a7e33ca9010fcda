"""Commands for instructors and maintainers.

    python -m lessons check          check the data package and every quiz bank
    python -m lessons key LESSON     print a lesson's answer key, from its quiz bank
    python -m lessons guide          write the teacher's guide (guide.html and guide.md)
    python -m lessons links --hub URL --repo URL [--branch main] [--lessons 01,05]
                                     print a JupyterHub (nbgitpuller) and a Binder link per lesson
    python -m lessons export --out DIR [--lessons 01,05]
                                     save lessons as static HTML pages, quizzes as printable text
    python -m lessons headers [--check]
                                     write (or only check) each notebook's first cell from its
                                     lesson.yaml
    python -m lessons new SLUG --title "..." [--after LESSON_ID]
                                     scaffold a draft lesson (lesson.yaml, teacher.md, notebook);
                                     later lessons are renumbered, the closing lesson stays last
    python -m lessons class FOLDER --out REPORT
                                     a class report and gradebooks from the students' hand-ins
    python -m lessons handin-folder setup PATH --teacher USER [--group GROUP]
                                     make a class hand-in folder on a JupyterHub (as root or the
                                     teacher); `handin-folder check PATH` says if one is safe
    python -m lessons sources        list the sources still cited through a copy, and the share
                                     of data rows citing an original or reputable source
    python -m lessons warm           run every lesson once so its figures are drawn and kept
    python -m lessons quiz-export --format gift|qti --out DIR [LESSONS...]
                                     the quizzes for Moodle (GIFT) or Canvas (QTI), with the
                                     feedback of every choice
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from lessons.command_line import lesson_ids, ready_to_write
from lessons.errors import CourseError

# Prose cites sources as "(source: `id`)" or "(sources: `id1`, `id2`)".
CITED = re.compile(r"sources?:\s+((?:`[a-z0-9][a-z0-9-]*`(?:,\s+|;\s+|\s+and\s+)?)+)")
CITED_ID = re.compile(r"`([a-z0-9][a-z0-9-]*)`")


def cited_ids(text: str) -> set[str]:
    """The source ids a notebook's text cites."""
    return {sid for group in CITED.findall(text) for sid in CITED_ID.findall(group)}


def _notebook_cells(path: Path, shown: str) -> list[dict]:
    """A notebook's cells, or a CourseError naming the notebook and the line that is wrong."""
    from lessons.catalog import text_of

    try:
        cells = json.loads(text_of(path, shown))["cells"]
    except json.JSONDecodeError as exc:
        raise CourseError(f"{shown}, line {exc.lineno}: is not a readable notebook ({exc.msg}). "
                          "Get a fresh copy of it, or open it in JupyterLab and save it "
                          "again.") from None
    except (KeyError, TypeError):
        cells = None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise CourseError(f"{shown}: is not a readable notebook (it has no list of cells)")
    return cells


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _notebook_text(path: Path) -> str:
    cells = _notebook_cells(path, f"notebooks/{path.name}")
    return "\n".join(_source(c) for c in cells)


ASK_CALL = re.compile(r"""\bask\(\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']""")


def asks(cells: list[dict]) -> list[tuple[int, str | None, str | None]]:
    """Every ``ask(lesson, question)`` in a notebook's code cells, as (cell number, lesson id,
    question id); an id that is not written as text (or as a name set to text) is None."""
    found, names = [], {}
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        # IPython's own lines (%magic, !shell) are not Python.
        code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                         for line in _source(cell).splitlines())
        try:
            tree = ast.parse(code)
        except SyntaxError:  # a cell meant to be fixed by the student: read it as text
            found += [(number, lid, qid) for lid, qid in ASK_CALL.findall(code)]
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                        names[target.id] = node.value.value
        for node in ast.walk(tree):
            func = node.func if isinstance(node, ast.Call) else None
            if getattr(func, "id", getattr(func, "attr", None)) != "ask":
                continue
            given = list(node.args) + [None, None]
            keywords = {k.arg: k.value for k in node.keywords}
            ids = [_text_value(keywords.get(key, given[n]), names)
                   for n, key in enumerate(("lesson_id", "question_id"))]
            found.append((number, *ids))
    return found


def _text_value(node, names: dict) -> str | None:
    """The text an argument gives: "text" itself, or a name set to text in an earlier cell."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    return None


def ask_problems(lesson, notebook: Path) -> list[str]:
    """What is wrong between a notebook's ask(...) cells and its lesson's quiz bank: a question
    the bank lacks, another lesson's question, one asked twice, one never asked."""
    shown = f"notebooks/{notebook.name}"
    bank = [q.id for q in lesson.questions]
    problems, first_cell = [], {}
    for cell, lesson_id, question_id in asks(_notebook_cells(notebook, shown)):
        where = f"{shown}, cell {cell}"
        if lesson_id is None or question_id is None:
            problems.append(f"{where}: ask(...) should name the lesson and the question in "
                            "quotation marks, so that they can be checked against the bank")
        elif lesson_id != lesson.id:
            problems.append(f"{where}: asks for a question of lesson {lesson_id!r}; this "
                            f"notebook is lesson {lesson.id!r}")
        elif question_id not in bank:
            near = difflib.get_close_matches(question_id, bank, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"it has: {', '.join(bank)}"
            problems.append(f"{where}: asks for question {question_id!r}, which "
                            f"{lesson.shown_path} does not have ({hint})")
        elif question_id in first_cell:
            problems.append(f"{where}: asks for question {question_id!r} again (it is asked in "
                            f"cell {first_cell[question_id]}); ask each question once")
        else:
            first_cell[question_id] = cell
    for question_id in bank:
        if question_id not in first_cell:
            problems.append(f"{shown}: question {question_id!r} in {lesson.shown_path} is never "
                            f"asked (add a cell with ask({lesson.id!r}, {question_id!r}), or "
                            "remove it from the bank)")
    return problems


def all_problems() -> list[str]:
    """Every problem in the data package and the catalogue, as 'file:row: what is wrong'."""
    from lessons import catalog, course_check, data, sourcing

    problems: list[str] = []
    try:
        names = data.table_names()
        package = data.read_package()
    except CourseError as exc:
        return [str(exc)]
    for name in names:
        problems += data.check_table(name)
    for resource in package["resources"]:
        if not resource["path"].endswith(".csv") and \
                not (data.data_dir() / resource["path"]).is_file():
            problems.append(f"data/{resource['path']}: listed in datapackage.json but missing")
    known = set(data.load("sources")["source_id"]) if not problems else set()
    used: set[str] = set()
    for resource in package["resources"]:
        used |= set(resource.get("x-source-ids", []))
        if problems or resource["name"] not in names:
            continue
        # A table cites the sources its linked columns name (source_ids, or one source_id).
        schema = resource["schema"]
        for link in schema.get("foreignKeys", []) + schema.get("x-foreignKeys", []):
            if link["reference"].get("resource") == "sources":
                column = data.load(resource["name"])[link["fields"]]
                used |= {s.strip() for ids in column for s in ids.split(";") if s.strip()}
    notebooks = Path(catalog.CATALOG).parent.parent / "notebooks"
    problems += _catalogue_gaps(catalog, notebooks)
    for path in catalog.lesson_files():
        try:
            lesson = catalog.get_lesson(path.parent.name)
            lesson.teacher_notes  # noqa: B018 (read, to find a file that cannot be)
        except CourseError as exc:
            problems.append(str(exc))
            continue
        where = lesson.shown_path
        for sid in lesson.sources:
            used.add(sid)
            if known and sid not in known:
                problems.append(f"{where}: source {sid!r} is not in data/sources.csv")
        notebook = notebooks / lesson.notebook
        if not notebook.is_file():
            problems.append(f"{where}: its notebook notebooks/{lesson.notebook} is missing")
            continue
        try:
            text = _notebook_text(notebook)
            problems += ask_problems(lesson, notebook)
        except CourseError as exc:
            problems.append(str(exc))
            continue
        for sid in sorted(cited_ids(text)):
            if sid not in lesson.sources:
                problems.append(f"notebooks/{lesson.notebook}: cites {sid!r}, which is not in "
                                f"the 'sources' list of {where}")
    if not problems:
        problems += _document_problems({lesson.id for lesson in catalog.all_lessons()})
        problems += sourcing.problems()  # originals, not copies; no row on state media alone
        try:
            course_check.questions()
        except CourseError as exc:
            problems.append(str(exc))
    from lessons import glossary

    try:
        glossary_entries = glossary.entries()
    except CourseError as exc:
        problems.append(str(exc))
        glossary_entries = ()
    catalogued = [path.parent.name for path in catalog.lesson_files()]
    for entry in glossary_entries:
        if entry["lesson"] not in catalogued:
            problems.append(f"{glossary.SHOWN}: {entry['term']!r} is for lesson "
                            f"{entry['lesson']!r}, which is not in the catalogue (the lessons "
                            f"are: {', '.join(catalogued)})")
        for sid in entry["source_ids"]:
            used.add(sid)
            if known and sid not in known:
                problems.append(f"{glossary.SHOWN}: {entry['term']!r} cites {sid!r}, which is "
                                "not in data/sources.csv")
    if known:
        for sid in sorted(known - used):
            problems.append(f"data/sources.csv: source {sid!r} is not cited by any table or "
                            "lesson (cite it or remove it)")
    return problems


def _catalogue_gaps(catalog, notebooks: Path) -> list[str]:
    """A lesson folder without its lesson.yaml, or a notebook no lesson names: either way a
    lesson would silently drop out of the course."""
    problems = []
    for folder in sorted(p for p in Path(catalog.CATALOG).iterdir() if p.is_dir()):
        if folder.name != "__pycache__" and not (folder / "lesson.yaml").is_file():
            problems.append(f"lessons/catalog/{folder.name}/lesson.yaml: the file is missing "
                            "(every lesson folder needs one)")
    named = set()
    for path in catalog.lesson_files():
        try:
            named.add(catalog.get_lesson(path.parent.name).notebook)
        except CourseError:
            return problems  # that lesson's own problem is reported; its notebook is unknown
    for notebook in sorted(notebooks.glob("*.ipynb")):
        if notebook.name not in named:
            problems.append(f"notebooks/{notebook.name}: no lesson in lessons/catalog names "
                            "this notebook, so it is not part of the course")
    return problems


def _document_problems(lesson_ids: set[str]) -> list[str]:
    """The documents table's own rules: quotations kept short, each document in a real lesson."""
    from lessons import data, documents

    problems = documents.length_problems() + documents.flag_problems()
    for line, row in data.rows_with_lines("documents"):
        for lesson in documents.lessons_of(row["lesson"]):
            if lesson not in lesson_ids:
                problems.append(f"data/documents.csv:{line}: lesson {lesson!r} is not a "
                                f"lesson in the catalogue ({', '.join(sorted(lesson_ids))})")
    return problems


def answer_key(lesson_id: str) -> str:
    """The answer key of one lesson, as Markdown, straight from its quiz bank."""
    from lessons.catalog import get_lesson
    from lessons.guide import _answer_lines

    lesson = get_lesson(lesson_id)
    lines = [f"# Answer key: {lesson.id} {lesson.title}", ""]
    for number, question in enumerate(lesson.questions, start=1):
        first, *rest = _answer_lines(question)
        lines += [f"{number}. {first}", *rest]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessons", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="check the data package and every quiz bank")
    key = sub.add_parser("key", help="print a lesson's answer key")
    key.add_argument("lesson", help="for example 01_reading_the_source")
    guide = sub.add_parser("guide", help="write the teacher's guide as HTML and Markdown")
    guide.add_argument("--out", default=".", help="folder to write guide.html and guide.md in")
    guide.add_argument("--lessons", help="lesson numbers, for example 01,05,06 (default: all)")
    guide.add_argument("--force", action="store_true", help="replace a guide already there")
    links = sub.add_parser("links", help="print hub and Binder links for lessons")
    links.add_argument("--hub", required=True, help="your JupyterHub, e.g. https://hub.school.org")
    links.add_argument("--repo", required=True, help="the course repository's web address")
    links.add_argument("--branch", default="main")
    links.add_argument("--lessons", help="lesson numbers, for example 01,05,06 (default: all)")
    export = sub.add_parser("export", help="save lessons as static HTML pages")
    export.add_argument("--out", default="lessons-html", help="folder for the HTML pages")
    export.add_argument("--lessons", help="lesson numbers, for example 01,05,06 (default: all)")
    export.add_argument("--force", action="store_true", help="replace pages already there")
    headers = sub.add_parser("headers", help="write each notebook's header from lesson.yaml")
    headers.add_argument("--check", action="store_true",
                         help="only say which notebooks differ; change nothing")
    new = sub.add_parser("new", help="scaffold a new lesson, renumbering the later ones")
    new.add_argument("slug", help="the lesson's name in small letters, e.g. chemical_weapons")
    new.add_argument("--title", required=True, help='e.g. "Chemical weapons - who used them"')
    new.add_argument("--after", help="the lesson it follows (default: the one before the last)")
    from lessons import hub_handin  # python -m lessons handin-folder setup|check PATH

    hub_handin.add_command(sub)
    from lessons import classroom  # python -m lessons class FOLDER --out REPORT

    classroom.add_command(sub)
    from lessons import sourcing  # python -m lessons sources

    sourcing.add_command(sub)
    from lessons import quiz_export  # python -m lessons quiz-export --format gift|qti

    quiz_export.add_command(sub)
    sub.add_parser("warm", help="run every lesson once so its figures are drawn and kept")
    args = parser.parse_args(argv)
    try:
        if args.command == "warm":
            from lessons import figure_cache

            problems = figure_cache.warm()
            for problem in problems:
                print(problem)
            print("Every lesson's figures are drawn and kept." if not problems else
                  "The other lessons' figures are drawn and kept.")
            return 0
        if args.command == "quiz-export":
            return quiz_export.run_command(args)
        if args.command == "sources":
            return sourcing.run_command(args)
        if args.command == "handin-folder":
            return hub_handin.run_command(args)
        if args.command == "class":
            return classroom.run_command(args)
        if args.command in ("headers", "new"):
            return _tooling(args)
        if args.command == "check":
            problems = all_problems()
            for problem in problems:
                print(problem)
            print(f"{len(problems)} problem(s) found." if problems
                  else "All data and quiz banks OK.")
            return 1 if problems else 0
        if args.command == "key":
            print(answer_key(args.lesson))
        elif args.command == "guide":
            _write_guide(Path(args.out), lesson_ids(args.lessons), args.force)
        elif args.command == "export":
            _export(Path(args.out), lesson_ids(args.lessons), args.force)
        else:
            _print_links(args.hub, args.repo, args.branch, lesson_ids(args.lessons))
    except CourseError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:  # the disk filled up, or a file turned out not to be writable
        print(f"{exc.filename or 'A file'} could not be written ({exc.strerror or exc}).",
              file=sys.stderr)
        return 1
    return 0


def _tooling(args) -> int:
    """The ``headers`` and ``new`` commands, on this course's own folder."""
    from lessons import catalog, scaffold

    root = Path(catalog.CATALOG).parent.parent
    if args.command == "new":
        before = [p.parent.name for p in catalog.lesson_files()]
        lesson_id = scaffold.new_lesson(root, args.slug, args.title, args.after)
        after = {p.parent.name[3:]: p.parent.name for p in catalog.lesson_files()}
        for old in before:
            if after[old[3:]] != old:
                print(f"Renumbered {old} to {after[old[3:]]}")
        print(f"Wrote lessons/catalog/{lesson_id}/lesson.yaml, teacher.md and "
              f"notebooks/{lesson_id}.ipynb. It is a draft: `python -m lessons check` refuses "
              "it until you have written it and deleted the line 'draft: true'.")
        return 0
    if args.check:
        problems = scaffold.header_problems(root)
        for problem in problems:
            print(problem)
        print(f"{len(problems)} header(s) differ; run `python -m lessons headers` to write "
              "them." if problems else "Every notebook's header matches its lesson.yaml.")
        return 1 if problems else 0
    changed = scaffold.write_headers(root)
    for shown in changed:
        print(f"Rewrote the header of {shown}")
    print(f"{len(changed)} header(s) rewritten." if changed
          else "Every notebook's header already matches its lesson.yaml.")
    return 0


# ----------------------------------------------------------------------------- writing files


def _said(path: Path, there: list[Path]) -> str:
    return f"{'Replaced' if path in there else 'Wrote'} {path}"


def _write_guide(folder: Path, lesson_ids, force: bool = False) -> None:
    from lessons.guide import guide_html, guide_markdown

    targets = [folder / "guide.html", folder / "guide.md"]
    there = ready_to_write(folder, targets, force)
    page, markdown = guide_html(lesson_ids), guide_markdown(lesson_ids)
    targets[0].write_text(page, encoding="utf-8")
    targets[1].write_text(markdown, encoding="utf-8")
    print(f"{_said(targets[0], there)} and {_said(targets[1], there).split(' ', 1)[1]}"
          if (targets[0] in there) == (targets[1] in there)
          else f"{_said(targets[0], there)}; {_said(targets[1], there)}")


def _export(folder: Path, lesson_ids, force: bool = False) -> None:
    from lessons import guide
    from lessons.catalog import all_lessons, get_lesson

    lessons = [get_lesson(i) for i in lesson_ids] if lesson_ids else all_lessons()
    targets = [folder / f"{Path(lesson.notebook).stem}.html" for lesson in lessons]
    there = ready_to_write(folder, targets, force)
    for lesson in lessons:
        print(_said(guide.export_html(lesson.id, folder), there))


# ----------------------------------------------------------------------------- links

HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
                  r"[A-Za-z0-9])?)*(?::\d{1,5})?")
SEGMENT = r"[A-Za-z0-9._~-]+"
# The form of a repository's path on the big hosts (owner/name; GitLab allows groups in
# between); on any other host, one or more plain segments.
REPO_PATHS = {"github.com": r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+",
              "bitbucket.org": rf"{SEGMENT}/{SEGMENT}",
              "gitlab.com": rf"{SEGMENT}(?:/{SEGMENT})+"}
ANY_REPO_PATH = rf"{SEGMENT}(?:/{SEGMENT})*"
WEB = "the hub and the repository must be web addresses starting with http:// or https://"


def _check_hub(hub: str) -> None:
    """Refuse a --hub that is not a web address with a host (``https://`` alone, spaces)."""
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https"):
        raise CourseError(f"--hub {hub!r} is not a hub's address: {WEB}.")
    if not HOST.fullmatch(parts.netloc) or parts.query or parts.fragment \
            or not re.fullmatch(r"[A-Za-z0-9._~/-]*", parts.path):
        raise CourseError(f"--hub {hub!r} is not a hub's address. Give the address students "
                          "open, like https://hub.school.org.")


def _check_repo(repo: str) -> None:
    """Refuse a --repo that is not the address of a git repository: a host alone, a page
    inside a repository, or characters a repository name cannot have."""
    parts = urlsplit(repo)
    if parts.scheme not in ("http", "https"):
        raise CourseError(f"--repo {repo!r} is not the address of a repository: {WEB}.")
    path = parts.path.strip("/").removesuffix(".git")
    host = parts.netloc.lower().removeprefix("www.")
    if not HOST.fullmatch(parts.netloc) or parts.query or parts.fragment \
            or not re.fullmatch(REPO_PATHS.get(host, ANY_REPO_PATH), path):
        raise CourseError(f"--repo {repo!r} is not the address of a repository. Give the "
                          "address you would clone, like https://github.com/owner/course.")


def _check_branch(branch: str) -> None:
    """Refuse a --branch that git would not allow as a branch name."""
    if not branch or re.search(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//", branch) \
            or branch.startswith(("/", "-", ".")) or branch.endswith(("/", ".", ".lock")):
        raise CourseError(f"--branch {branch!r} is not a branch name git allows (no spaces, "
                          "and none of ~ ^ : ? * [ \\).")


def _print_links(hub: str, repo: str, branch: str, lesson_ids) -> None:
    from lessons.catalog import all_lessons, get_lesson
    from lessons.guide import binder_link, nbgitpuller_link

    _check_hub(hub)
    _check_repo(repo)
    _check_branch(branch)
    for lesson in [get_lesson(i) for i in lesson_ids] if lesson_ids else all_lessons():
        hub_link = nbgitpuller_link(hub, repo, branch, lesson.id)
        print(f"{lesson.id}: {lesson.title}")
        print(f"  JupyterHub: {hub_link}")
        try:
            print(f"  Binder:     {binder_link(repo, branch, lesson.id)}")
        except CourseError as exc:
            print(f"  Binder:     (none: {exc})")


if __name__ == "__main__":
    sys.exit(main())

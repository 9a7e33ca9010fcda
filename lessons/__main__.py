"""Commands for instructors and maintainers.

    python -m lessons check          check the data package and every quiz bank
    python -m lessons key LESSON     print a lesson's answer key, from its quiz bank
    python -m lessons guide          write the teacher's guide (guide.html and guide.md)
    python -m lessons links --hub URL --repo URL [--branch main] [--lessons 01,05]
                                     print a JupyterHub (nbgitpuller) and a Binder link per lesson
    python -m lessons export --out DIR [--lessons 01,05]
                                     save lessons as static HTML pages, quizzes as printable text
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from lessons.errors import CourseError

# Prose cites sources as "(source: `id`)" or "(sources: `id1`, `id2`)".
CITED = re.compile(r"sources?:\s+((?:`[a-z0-9][a-z0-9-]*`(?:,\s+|;\s+|\s+and\s+)?)+)")
CITED_ID = re.compile(r"`([a-z0-9][a-z0-9-]*)`")


def cited_ids(text: str) -> set[str]:
    """The source ids a notebook's text cites."""
    return {sid for group in CITED.findall(text) for sid in CITED_ID.findall(group)}


def _notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells)


def all_problems() -> list[str]:
    """Every problem in the data package and the catalogue, as 'file:row: what is wrong'."""
    from lessons import catalog, data

    problems: list[str] = []
    try:
        names = data.table_names()
    except CourseError as exc:
        return [str(exc)]
    for name in names:
        problems += data.check_table(name)
    package = data.read_package()
    for resource in package["resources"]:
        if not (data.data_dir() / resource["path"]).is_file():
            problems.append(f"data/{resource['path']}: listed in datapackage.json but missing")
    known = set(data.load("sources")["source_id"]) if not problems else set()
    used: set[str] = set()
    for name in names:
        table = data.load(name) if not problems else None
        if table is not None and "source_ids" in table:
            used |= {s for ids in table["source_ids"] for s in ids.split(";")}
    for resource in package["resources"]:
        used |= set(resource.get("x-source-ids", []))
    notebooks = Path(catalog.CATALOG).parent.parent / "notebooks"
    for path in catalog.lesson_files():
        try:
            lesson = catalog.get_lesson(path.parent.name)
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
        for sid in sorted(cited_ids(_notebook_text(notebook))):
            if sid not in lesson.sources:
                problems.append(f"notebooks/{lesson.notebook}: cites {sid!r}, which is not in "
                                f"the 'sources' list of {where}")
    if not problems:
        problems += _document_problems({lesson.id for lesson in catalog.all_lessons()})
    from lessons import glossary

    try:
        glossary_entries = glossary.entries()
    except CourseError as exc:
        problems.append(str(exc))
        glossary_entries = ()
    for entry in glossary_entries:
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


def _document_problems(lesson_ids: set[str]) -> list[str]:
    """The documents table's own rules: quotations kept short, each document in a real lesson."""
    from lessons import data, documents

    problems = documents.length_problems()
    for line, row in data._checked_rows("documents")[1]:
        if row["lesson"] not in lesson_ids:
            problems.append(f"data/documents.csv:{line}: lesson {row['lesson']!r} is not a "
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


def _lesson_ids(spec: str | None) -> list[str] | None:
    """'01,05' -> the ids of those lessons; None -> every lesson."""
    from lessons.catalog import all_lessons

    if not spec:
        return None
    ids = []
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        matches = [lesson.id for lesson in all_lessons()
                   if lesson.id == part or lesson.id.startswith(part.zfill(2) + "_")]
        if not matches:
            raise CourseError(f"There is no lesson {part!r}. Use numbers like 01,05 or full ids.")
        ids += matches
    return ids


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
    links = sub.add_parser("links", help="print hub and Binder links for lessons")
    links.add_argument("--hub", required=True, help="your JupyterHub, e.g. https://hub.school.org")
    links.add_argument("--repo", required=True, help="the course repository's web address")
    links.add_argument("--branch", default="main")
    links.add_argument("--lessons", help="lesson numbers, for example 01,05,06 (default: all)")
    export = sub.add_parser("export", help="save lessons as static HTML pages")
    export.add_argument("--out", default="lessons-html", help="folder for the HTML pages")
    export.add_argument("--lessons", help="lesson numbers, for example 01,05,06 (default: all)")
    args = parser.parse_args(argv)
    if args.command == "check":
        problems = all_problems()
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found." if problems else "All data and quiz banks OK.")
        return 1 if problems else 0
    try:
        if args.command == "key":
            print(answer_key(args.lesson))
        elif args.command == "guide":
            _write_guide(Path(args.out), _lesson_ids(args.lessons))
        elif args.command == "export":
            from lessons.catalog import all_lessons
            from lessons.guide import export_html

            for lesson_id in _lesson_ids(args.lessons) or [x.id for x in all_lessons()]:
                print(f"Wrote {export_html(lesson_id, Path(args.out))}")
        else:
            _print_links(args.hub, args.repo, args.branch, _lesson_ids(args.lessons))
    except CourseError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _write_guide(folder: Path, lesson_ids) -> None:
    from lessons.guide import guide_html, guide_markdown

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "guide.md").write_text(guide_markdown(lesson_ids), encoding="utf-8")
    (folder / "guide.html").write_text(guide_html(lesson_ids), encoding="utf-8")
    print(f"Wrote {folder / 'guide.html'} and {folder / 'guide.md'}")


def _print_links(hub: str, repo: str, branch: str, lesson_ids) -> None:
    from lessons.catalog import all_lessons, get_lesson
    from lessons.guide import binder_link, nbgitpuller_link

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

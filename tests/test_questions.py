"""The shape of the quiz code: the questions' model with no widget in it, one class a question
type listed in one place, and no import cycle anywhere in the package."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lessons import questions, quiz
from lessons.catalog import all_lessons
from lessons.questions import KINDS, Kind, Question, Result, check, parse_question

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lessons"


def test_the_model_loads_and_checks_every_bank_with_ipywidgets_blocked():
    """In a fresh interpreter where ``import ipywidgets`` fails, every lesson's questions are
    read and checked: the model, parsing and checking need no widget."""
    code = (
        "import json, sys\n"
        "sys.modules['ipywidgets'] = None\n"
        "from lessons.catalog import all_lessons\n"
        "from lessons.questions import check\n"
        "seen = 0\n"
        "for lesson in all_lessons():\n"
        "    for q in lesson.questions:\n"
        "        check(q, 'x')\n"
        "        seen += 1\n"
        "print(json.dumps({'seen': seen, 'widgets': 'ipywidgets' in sys.modules\n"
        "                  and sys.modules['ipywidgets'] is not None}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["seen"] == sum(len(lesson.questions) for lesson in all_lessons()) > 50
    assert report["widgets"] is False


def test_with_ipywidgets_blocked_the_widget_module_is_what_fails():
    """The same blocked import does stop the widget: the check above can fail."""
    code = ("import sys\nsys.modules['ipywidgets'] = None\n"
            "from lessons.quiz import ask\nask('01_reading_the_source', 'careful-wording')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode != 0 and "ipywidgets" in done.stderr


def test_no_module_of_the_questions_package_names_a_widget():
    for path in (PACKAGE / "questions").glob("*.py"):
        assert "ipywidgets" not in path.read_text(encoding="utf-8"), path.name


def test_each_type_is_one_class_in_a_file_of_its_own_listed_once():
    files = {path.stem for path in (PACKAGE / "questions").glob("*.py")}
    for name, kind in KINDS.items():
        assert isinstance(kind, Kind) and kind.name == name
        assert type(kind).__module__ == f"lessons.questions.{name}"
        assert name in files
    assert questions.TYPES == tuple(KINDS) == ("single", "multiple", "order", "number",
                                               "reflection", "essay")
    assert questions.WRITTEN == ("reflection", "essay")
    registry = (PACKAGE / "questions" / "registry.py").read_text(encoding="utf-8")
    assert all(registry.count(f"{type(kind).__name__}()") == 1 for kind in KINDS.values())


def test_a_new_type_is_one_class_and_one_registration(monkeypatch):
    """A yes-or-no type, made here as a new file would make it, is read from a bank, checked,
    and shown by the widget, with no other change."""
    class YesNo(Kind):
        name = "yesno"
        keys = ("answer", "feedback")
        feedback_keys = ("right", "wrong")

        def parse(self, raw, common, where):
            return Question(**common, answer=float(raw["answer"] == "yes"),
                            feedback=self.feedback(raw, where))

        def check(self, question, answer):
            right = (answer == "yes") == bool(question.answer)
            return Result("right" if right else "wrong",
                          question.feedback["right" if right else "wrong"])

    monkeypatch.setitem(KINDS, "yesno", YesNo())
    question = parse_question({"id": "q", "type": "yesno", "prompt": "Was it 2011?",
                               "section": "Section 1", "answer": "yes",
                               "feedback": {"right": "Yes: March 2011.", "wrong": "Look again."}},
                              "test.yaml, question 1")
    assert check(question, "yes").status == "right"
    assert check(question, "no").message == "Look again."
    assert question.graded
    view = quiz.QuizView("01_reading_the_source", question)
    view.input.value = "yes"
    assert view.submit().status == "right"
    with pytest.raises(Exception, match="unknown key 'answr'"):
        parse_question({"id": "q", "type": "yesno", "prompt": "?", "section": "S",
                        "answr": "yes"}, "test.yaml, question 2")


def test_the_widget_module_still_gives_the_names_other_code_takes_from_it():
    for name in ("Choice", "Question", "Result", "check", "parse_question", "shown_choices",
                 "order_from_letters", "word_count", "at_line", "refuse_unknown_keys"):
        assert getattr(quiz, name) is getattr(questions, name)


# ------------------------------------------------------------------- no import cycle


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path, name: str) -> set[str]:
    """The package's modules a module imports when it is loaded (not those a function imports
    when it runs, which cannot make a cycle at load time)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {f for f in found if f == "lessons" or f.startswith("lessons.")}


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module of the package, and the package modules it imports at load time."""
    modules = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        graph[name] = {m for m in _top_level_imports(path, name) if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle found by a depth-first walk, each as the modules around it. A
    package importing its own submodules (``lessons.questions`` -> ``.registry``) is not one:
    Python loads the package first, so only a submodule importing back a *module* counts."""
    found, state = [], {}

    def walk(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if node.startswith(nxt + "."):
                continue  # a submodule importing its own package: loaded already
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt, path + [nxt])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            walk(start, [start])
    return found


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert "lessons.questions.registry" in graph["lessons.questions"]
    assert cycles(graph) == []


def test_the_cycle_check_finds_a_cycle_in_a_broken_graph():
    broken = {"lessons.a": {"lessons.b"}, "lessons.b": {"lessons.c"}, "lessons.c": {"lessons.a"}}
    assert cycles(broken) == [["lessons.a", "lessons.b", "lessons.c", "lessons.a"]]


def test_the_cycle_check_finds_a_cycle_written_in_files(tmp_path):
    package = tmp_path / "lessons"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text("from lessons.two import thing\n")
    (package / "two.py").write_text("from . import one\nthing = 1\n\n\ndef later():\n"
                                    "    from lessons import three\n")
    (package / "three.py").write_text("import lessons.one\n")
    graph = import_graph(package)
    # The import inside a function is not counted; the package itself is loaded already.
    assert graph["lessons.two"] == {"lessons", "lessons.one"}
    assert cycles(graph) == [["lessons.one", "lessons.two", "lessons.one"]]


def test_every_module_imports_alone_in_a_fresh_interpreter():
    code = ("import importlib, sys\n"
            "names = sys.argv[1:]\n"
            "bad = []\n"
            "for name in names:\n"
            "    for loaded in [m for m in sys.modules if m == 'lessons' or "
            "m.startswith('lessons.')]:\n"
            "        del sys.modules[loaded]\n"
            "    try:\n"
            "        importlib.import_module(name)\n"
            "    except Exception as exc:\n"
            "        bad.append(f'{name}: {exc!r}')\n"
            "print('\\n'.join(bad))\n")
    names = sorted(n for n in import_graph()
                   if not n.endswith("__main__") and ".kernel_config" not in n)
    done = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""

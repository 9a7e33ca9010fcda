"""The class report and the gradebook say exactly what five simulated students did.

Each student answers in a progress folder of their own, through the package (``check`` marks
each answer, ``progress.record`` saves it, ``progress.hand_in`` writes the hand-in), as a class
downloaded from a learning platform: one sub-folder a student. One more hand-in is damaged and
one comes from another version of the course; both are listed as not used, with the reason, and
the rest of the class is still reported. Each check is also shown failing on a broken report.
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from lessons import catalog, classroom, progress, report
from lessons.quiz import check

LESSON = "00_start_here"
SINGLE, MULTI, WRITE = "not-a-neighbour", "coast-cities", "what-do-you-know"
ESSAY_LESSON, ESSAY = "12_assessment", "dbq-essay"

# What each student does: (lesson, question, answer) in order. The results come from check().
PLANS = {
    "Amal H.": [(LESSON, SINGLE, "Egypt"), (LESSON, MULTI, ["Latakia", "Tartus"]),
                (LESSON, WRITE, "My grandmother lived in Homs.")],
    "Ben T.": [(LESSON, SINGLE, "Turkey"), (LESSON, SINGLE, "Egypt"),
               (LESSON, MULTI, ["Latakia", "Raqqa"])],
    "Chloé D.": [(LESSON, SINGLE, "Turkey"), (LESSON, SINGLE, "Iraq"),
                 (ESSAY_LESSON, ESSAY, "The sources disagree because they count differently.")],
    "Dan O.": [(LESSON, SINGLE, "Turkey"), (LESSON, MULTI, ["Latakia", "Tartus"])],
    "Eve S.": [(LESSON, WRITE, "I knew only what I saw on the news.")],
}


def _hand_in_as(root: Path, monkeypatch, name: str, plan, folder: str) -> Path:
    """One student: a progress folder of their own, their answers, their hand-in files."""
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(root / "progress" / folder))
    for lesson_id, question_id, answer in plan:
        question = catalog.get_lesson(lesson_id).question(question_id)
        progress.record(lesson_id, question_id, answer, check(question, answer))
    out = root / "downloaded" / folder
    out.mkdir(parents=True)
    monkeypatch.setenv("COURSE_EXPORT_DIR", str(out))
    said = progress.hand_in(name)
    assert "my-answers.json" in str(said)
    return out


@pytest.fixture
def class_folder(tmp_path, monkeypatch):
    """Five students' hand-ins, one damaged and one from another course version."""
    for n, (name, plan) in enumerate(PLANS.items(), start=1):
        _hand_in_as(tmp_path, monkeypatch, name, plan, f"student-{n}")
    damaged = _hand_in_as(tmp_path, monkeypatch, "Fay G.", [(LESSON, SINGLE, "Egypt")],
                          "student-6")
    text = (damaged / "my-answers.json").read_text(encoding="utf-8")
    (damaged / "my-answers.json").write_text(text[: len(text) // 2], encoding="utf-8")
    monkeypatch.setattr(report, "COURSE_VERSION", "0.0.1")
    _hand_in_as(tmp_path, monkeypatch, "Gus K.", [(LESSON, SINGLE, "Egypt")], "student-7")
    monkeypatch.undo()
    return tmp_path / "downloaded"


def _question(summary, lesson, question):
    (row,) = [q for q in summary["questions"]
              if q["lesson"] == lesson and q["question"] == question]
    return row


def _student(summary, name):
    (row,) = [s for s in summary["students"] if s["name"] == name]
    return row


def test_the_json_hand_in_follows_its_schema(class_folder):
    schema = json.loads(report.SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((class_folder / "student-3" / "my-answers.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert data["name"] == "Chloé D." and data["course_version"] == report.COURSE_VERSION
    (first,) = [q for q in data["lessons"][0]["questions"] if q["id"] == SINGLE]
    assert [(a["answer"], a["result"]) for a in first["attempts"]] == [
        ("Turkey", "wrong"), ("Iraq", "wrong")]
    broken = dict(data, schema_version="1")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_summary_says_exactly_what_each_student_did(class_folder, tmp_path):
    summary = classroom.write_report(class_folder, tmp_path / "report")
    assert sorted(s["name"] for s in summary["students"]) == sorted(PLANS)
    single = _question(summary, LESSON, SINGLE)
    assert (single["tried"], single["right_first_time"], single["right_in_the_end"]) == (4, 1, 2)
    assert [(w["answer"], w["students"]) for w in single["wrong_answers"]] == [
        ("Turkey", 3), ("Iraq", 1)]
    turkey = catalog.get_lesson(LESSON).question(SINGLE).choices[0]
    assert turkey.text == "Turkey" and turkey.feedback in single["wrong_answers"][0]["feedback"]
    multi = _question(summary, LESSON, MULTI)
    assert (multi["tried"], multi["right_first_time"], multi["right_in_the_end"]) == (3, 2, 2)
    assert [w["answer"] for w in multi["wrong_answers"]] == ["Latakia; Raqqa"]
    assert _question(summary, LESSON, WRITE)["tried"] == 2
    assert _student(summary, "Amal H.")["right_first_time"] == 2
    assert _student(summary, "Ben T.")["right_first_time"] == 0
    assert _student(summary, "Ben T.")["tried"] == 2
    assert _student(summary, "Dan O.")["lessons"][LESSON]["right_first_time"] == 1
    assert _student(summary, "Eve S.")["tried"] == 0
    assert [w["text"] for w in _student(summary, "Chloé D.")["writing"]] == [
        "The sources disagree because they count differently."]
    reasons = {p["file"]: p["reason"] for p in summary["problems"]}
    assert set(reasons) == {"student-6/my-answers.json", "student-7/my-answers.json"}
    assert "damaged" in reasons["student-6/my-answers.json"]
    assert "version 0.0.1" in reasons["student-7/my-answers.json"]


class _Page(HTMLParser):
    """The text of the report's tables and writing, by the class of their element."""

    def __init__(self):
        super().__init__()
        self.stack, self.rows, self.cells, self.writing, self.question = [], [], None, [], None
        self.by_question = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs.get("class", "")))
        if tag == "div" and "data-question" in attrs:
            self.question = attrs["data-question"]
        if tag == "tr":
            self.cells = []
        if tag == "td":
            self.cells.append("")
        if tag == "blockquote":
            self.writing.append("")

    def handle_endtag(self, tag):
        opened, cls = self.stack.pop() if self.stack else (None, "")
        if tag == "tr" and self.cells:
            self.rows.append((cls, self.cells))
            if self.question:
                self.by_question.setdefault(self.question, []).append((cls, self.cells))
            self.cells = None

    def handle_data(self, data):
        if self.cells is not None and self.cells and any(t == "td" for t, _ in self.stack):
            self.cells[-1] += data
        if any(t == "blockquote" for t, _ in self.stack):
            self.writing[-1] += data


def _page(out: Path) -> _Page:
    page = _Page()
    page.feed((out / "class-report.html").read_text(encoding="utf-8"))
    return page


def test_the_page_shows_the_same_numbers(class_folder, tmp_path):
    classroom.write_report(class_folder, tmp_path / "report")
    page = _page(tmp_path / "report")
    rows = page.by_question[f"{LESSON}/{SINGLE}"]
    assert rows[0] == ("", ["4", "1 (25%)", "2 (50%)"])
    assert [cells[:2] for cls, cells in rows if cls == "wrong"] == [["Turkey", "3"],
                                                                   ["Iraq", "1"]]
    students = {cells[0]: cells[1:] for cls, cells in page.rows if cls == "student"}
    assert students["Amal H."][1] == "2 of 2 tried" and students["Ben T."][1] == "0 of 2 tried"
    assert students["Amal H."][0].startswith("0 of ")  # no lesson has every question answered
    assert "My grandmother lived in Homs." in page.writing
    problems = [cells for cls, cells in page.rows if cls == "problem"]
    assert [p[0] for p in problems] == ["student-6/my-answers.json", "student-7/my-answers.json"]
    html_text = (tmp_path / "report" / "class-report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?https?:""", html_text)  # offline
    assert "<svg" in html_text and 'aria-label="A bar chart of' in html_text


def test_gradebooks_carry_each_students_points_per_lesson(class_folder, tmp_path):
    classroom.write_report(class_folder, tmp_path / "report")
    with (tmp_path / "report" / "gradebook.csv").open(encoding="utf-8-sig", newline="") as f:
        moodle = list(csv.DictReader(f))
    with (tmp_path / "report" / "gradebook-canvas.csv").open(encoding="utf-8-sig",
                                                             newline="") as f:
        canvas = list(csv.reader(f))
    column = f"{LESSON}: right first time"
    assert {r["Name handed in under"]: r[column] for r in moodle} == {
        "Amal H.": "2", "Ben T.": "0", "Chloé D.": "0", "Dan O.": "1", "Eve S.": "0"}
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert sorted(row[0] for row in canvas[1:]) == sorted(PLANS)


def test_the_same_student_twice_uses_the_newer_hand_in(class_folder, tmp_path):
    first = class_folder / "student-1" / "my-answers.json"
    data = json.loads(first.read_text(encoding="utf-8"))
    data["exported_at"] = "2020-01-01T00:00:00+00:00"
    (class_folder / "old").mkdir()
    (class_folder / "old" / "amal.json").write_text(json.dumps(data), encoding="utf-8")
    (class_folder / "notes.txt").write_text("not a hand-in", encoding="utf-8")
    summary = classroom.write_report(class_folder, tmp_path / "report")
    reasons = {p["file"]: p["reason"] for p in summary["problems"]}
    assert "handed in twice" in reasons["old/amal.json"]
    assert "not a hand-in" in reasons["notes.txt"]
    assert len(summary["students"]) == 5


def test_command_writes_the_report(class_folder, tmp_path, capsys):
    from lessons.__main__ import main

    assert main(["class", str(class_folder), "--out", str(tmp_path / "r")]) == 0
    said = capsys.readouterr().out
    assert "Read 5 hand-in(s)" in said and "student-6/my-answers.json" in said
    assert (tmp_path / "r" / "class-report.html").exists()


# Each check above, shown failing on a broken report ---------------------------------------------

def test_counting_right_first_time_wrongly_is_caught(class_folder, tmp_path, monkeypatch):
    real = classroom._tries
    monkeypatch.setattr(classroom, "_tries", lambda attempts: real(attempts)[::-1])
    with pytest.raises(AssertionError):
        test_summary_says_exactly_what_each_student_did(class_folder, tmp_path)


def test_a_page_that_drops_a_row_is_caught(class_folder, tmp_path, monkeypatch):
    real = classroom.report_html
    monkeypatch.setattr(classroom, "report_html",
                        lambda summary: real(summary).replace('class="wrong"', 'class="x"', 1))
    with pytest.raises(AssertionError):
        test_the_page_shows_the_same_numbers(class_folder, tmp_path)


def test_a_gradebook_with_wrong_points_is_caught(class_folder, tmp_path, monkeypatch):
    real = classroom.gradebook_rows
    monkeypatch.setattr(classroom, "gradebook_rows",
                        lambda summary, platform: [r[:2] + r[3:] for r in real(summary, platform)])
    with pytest.raises((AssertionError, KeyError)):
        test_gradebooks_carry_each_students_points_per_lesson(class_folder, tmp_path)


def test_each_part_of_a_hand_in_that_breaks_its_schema_is_named(class_folder, tmp_path):
    """A hand-in is read by its published JSON Schema: each kind of damage gets its own
    reason, and the rest of the class is still reported."""
    data = json.loads((class_folder / "student-1" / "my-answers.json").read_text("utf-8"))
    question = data["lessons"][0]["questions"][0]
    breaks = {
        "no-lessons": {k: v for k, v in data.items() if k != "lessons"},
        "no-time": {k: v for k, v in data.items() if k != "exported_at"},
        "name": dict(data, name=["Amal"]),
        "attempt": dict(data, lessons=[dict(data["lessons"][0], questions=[
            dict(question, attempts=[{"at": "now", "answer": "Egypt"}])])]),
        "lesson": dict(data, lessons=[{"id": LESSON}]),
        "extra": dict(data, grade="A+"),
    }
    folder = tmp_path / "broken"
    for name, broken in breaks.items():
        (folder / name).mkdir(parents=True)
        (folder / name / "my-answers.json").write_text(json.dumps(broken), encoding="utf-8")
    (folder / "good").mkdir()
    (folder / "good" / "my-answers.json").write_text(json.dumps(data), encoding="utf-8")
    found = classroom.read_folder(folder)
    reasons = {p.path.split("/")[0]: p.reason for p in found.problems}
    assert reasons == {
        "no-lessons": "it has no list of lessons, so it is damaged; ask the student to hand in "
                      "again",
        "no-time": "it has no time of export, so it is damaged; ask the student to hand in again",
        "name": "its name is damaged; ask the student to hand in again",
        "attempt": f"a question in lesson {LESSON} is damaged; ask the student to hand in again",
        "lesson": "a lesson in it is damaged; ask the student to hand in again",
        "extra": "a part of it is missing or not one this course writes, so it is damaged; ask "
                 "the student to hand in again"}
    assert [h.name for h in found.hand_ins] == ["Amal H."]

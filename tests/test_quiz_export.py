"""The quizzes for Moodle (GIFT) and Canvas (QTI), read back by parsers that are not ours:
pygiftparser for GIFT, and the standard XML parser for the QTI package text2qti writes. Every
question, choice, right answer and piece of feedback is compared with the quiz bank."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

import pytest
from pygiftparser import parser as giftparser
from pygiftparser.utils import transformSpecials

from lessons import quiz_export
from lessons.__main__ import main
from lessons.catalog import all_lessons
from lessons.questions import Choice, Question, check, parse_question
from lessons.questions.model import plain_right, see

LESSONS = all_lessons()
# Text with every character either format gives a meaning to, as a teacher might write it.
TRICKY = 'A: "quoted" = {braced} ~tilde #hash \\back *star* _under_ <b>bold</b> & $5 [x](y) 1.'


def _one_line(text: str) -> str:
    """Text as a page shows it: runs of spaces and line breaks as one space."""
    return " ".join(text.split())


def _expected_feedback(question: Question, choice: Choice) -> str:
    """What the notebook says for one choice, from the model (not the exporter)."""
    if question.type == "single":
        return _one_line(check(question, choice.text).message)
    return _one_line(see(question, plain_right(choice.feedback) if choice.correct
                         else choice.feedback))


# ----------------------------------------------------------------------------- GIFT


def _read_gift(text: str) -> dict:
    return {q.title: q for q in giftparser.parseFile(io.StringIO(text))}


def _plain(text: str) -> str:
    return _one_line(transformSpecials(text or ""))


def _compare_gift(lesson, parsed) -> None:
    for question in lesson.questions:
        got = parsed[f"{lesson.id} {question.id}"]
        assert got.valid, question.id
        kind = type(got.answers).__name__
        answers = getattr(got.answers, "answers", None) or []
        if question.type in ("single", "multiple"):
            assert _plain(got.text) == question.prompt
            assert kind == ("SelectSet" if question.type == "single" else "MultipleChoicesSet")
            assert [_plain(a.answer) for a in answers] == [c.text for c in question.choices]
            assert [a.fraction > 0 for a in answers] == [c.correct for c in question.choices]
            assert [_plain(a.feedback) for a in answers] == \
                [_expected_feedback(question, c) for c in question.choices]
            if question.type == "multiple":
                assert sum(a.fraction for a in answers if a.fraction > 0) == pytest.approx(100,
                                                                                          abs=1e-3)
        elif question.type == "number":
            assert kind == "NumericAnswerSet"
            assert _plain(got.text).startswith(question.prompt)
            right, *wrong = answers
            assert (right.value, right.tolerance) == (question.answer, question.tolerance)
            assert _plain(right.feedback) == _one_line(check(question, question.answer).message)
            for answer in wrong:  # each range, checked with a number inside it
                inside = (float(answer.mini) + float(answer.maxi)) / 2
                if float(answer.maxi) <= question.answer - question.tolerance:
                    inside = float(answer.mini) + (float(answer.maxi) - float(answer.mini)) / 3
                assert _plain(answer.feedback) == _one_line(check(question, inside).message)
            assert len(wrong) == (2 if question.answer - question.tolerance > 0 else 1)
        elif question.type == "order":
            assert kind == "MatchingSet"
            pairs = {a.question.strip(): a.answer.strip() for a in answers}
            count = len(question.items)
            assert pairs == {item.text: f"{n} of {count}"
                             for n, item in enumerate(question.items, start=1)}
            note = _plain(got.generalFeedback)
            assert all(_one_line(item.text) in note and _one_line(item.feedback) in note
                       for item in question.items)
        else:
            assert kind == "Essay"
            assert _plain(got.text).startswith(question.prompt)
            saved = re.sub(r"^Saved\.\s*", "", question.feedback.get("saved", ""))
            assert _plain(got.generalFeedback) == (_one_line(saved) or _plain(got.generalFeedback))


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_every_lesson_in_gift_is_read_back_as_its_bank(lesson):
    text, written = quiz_export.gift_text(lesson)
    parsed = _read_gift(text)
    assert len(parsed) == written.questions == len(lesson.questions)
    assert written.left_out == []
    _compare_gift(lesson, parsed)


def _tricky_single(wrong: str = "Wrong {no}") -> Question:
    return parse_question({
        "id": "tricky", "type": "single", "prompt": TRICKY, "section": "Section 1: Start",
        "choices": [{"text": "Right = yes: #1 ~ok", "correct": True, "feedback": "Because: # ="},
                    {"text": wrong, "correct": False, "feedback": "Not ~this~ one."}]},
        "test.yaml, question 1")


class _Lesson:
    def __init__(self, *questions):
        self.id, self.title, self.questions = "99_test", "A test: lesson", questions


def test_gift_escapes_what_gift_reads_as_marks():
    """(A brace inside a choice is escaped too, as Moodle's documentation says; pygiftparser
    itself misreads an escaped closing brace, so this choice has none.)"""
    text, _ = quiz_export.gift_text(_Lesson(_tricky_single("Wrong: no = ~ #")))
    assert "Wrong {no}" not in quiz_export.gift_text(_Lesson(_tricky_single()))[0]
    got = _read_gift(text)["99_test tricky"]
    answers = got.answers.answers
    assert _plain(got.text) == TRICKY
    assert [_plain(a.answer) for a in answers] == ["Right = yes: #1 ~ok", "Wrong: no = ~ #"]
    assert [a.fraction for a in answers] == [100, 0]
    assert _plain(answers[0].feedback) == "Because: # = (See Section 1: Start)"


def test_gift_without_escaping_is_read_back_wrong(monkeypatch):
    """The read-back can fail: with escaping broken, the parser reads other choices."""
    monkeypatch.setattr(quiz_export, "gift_escape", lambda text: text)
    text, _ = quiz_export.gift_text(_Lesson(_tricky_single("Wrong: no = ~ #")))
    got = _read_gift(text).get("99_test tricky")
    answers = getattr(getattr(got, "answers", None), "answers", None) or []
    assert [_plain(a.answer) for a in answers] != ["Right = yes: #1 ~ok", "Wrong: no = ~ #"]


# ----------------------------------------------------------------------------- QTI

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def _shown(mattext) -> str:
    """What a browser shows for a QTI mattext: its HTML, tags dropped, entities read."""
    reader = _Text()
    reader.feed(mattext.text or "")
    return _one_line(html.unescape("".join(reader.parts)))


def _read_qti(data: bytes) -> dict:
    """Each item of the package's assessment, by title: type, prompt, choices with right flags
    and feedback, numeric range, general feedback."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert "imsmanifest.xml" in names
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        hrefs = {f.get("href") for f in manifest.iter() if f.tag.endswith("file")}
        assessment = [n for n in names if n.endswith(".xml") and n != "imsmanifest.xml"
                      and not n.endswith("assessment_meta.xml")]
        assert len(assessment) == 1 and set(assessment) <= hrefs
        root = ET.fromstring(package.read(assessment[0]))
    items = {}
    for item in root.iterfind(".//q:item", NS):
        fields = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry",
                                                                        namespaces=NS)
                  for f in item.iterfind(".//q:qtimetadatafield", NS)}
        feedback = {fb.get("ident"): _shown(fb.find(".//q:mattext", NS))
                    for fb in item.iterfind("q:itemfeedback", NS)}
        labels = [(lab.get("ident"), _shown(lab.find(".//q:mattext", NS)))
                  for lab in item.iterfind(".//q:render_choice/q:response_label", NS)]
        right = set()
        for cond in item.iterfind(".//q:respcondition", NS):
            if cond.findtext("q:setvar", namespaces=NS) == "100":
                negated = {v.text for v in cond.iterfind(".//q:not//q:varequal", NS)}
                right |= {v.text for v in cond.iterfind(".//q:varequal", NS)} - negated
        gte = item.findtext(".//q:vargte", namespaces=NS)
        lte = item.findtext(".//q:varlte", namespaces=NS)
        items[item.get("title")] = {
            "type": fields["question_type"],
            "prompt": _shown(item.find("q:presentation/q:material/q:mattext", NS)),
            "choices": [(text, ident in right, feedback.get(f"{ident}_fb"))
                        for ident, text in labels],
            "range": (float(gte), float(lte)) if gte else None,
            "feedback": feedback}
    return items


QTI_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "number": "numerical_question", "reflection": "essay_question",
             "essay": "essay_question"}


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_every_lesson_in_qti_is_read_back_as_its_bank(lesson):
    data, written = quiz_export.qti_zip(lesson)
    items = _read_qti(data)
    orders = [q.id for q in lesson.questions if q.type == "order"]
    assert sorted(items) == sorted(q.id for q in lesson.questions if q.type != "order")
    assert [note.split(":")[0] for note in written.left_out] == orders
    for question in lesson.questions:
        if question.type == "order":
            continue
        got = items[question.id]
        assert got["type"] == QTI_TYPES[question.type]
        assert got["prompt"].startswith(question.prompt)
        if question.type in ("single", "multiple"):
            assert got["choices"] == [(c.text, c.correct, _expected_feedback(question, c))
                                      for c in question.choices]
        elif question.type == "number":
            assert got["range"] == pytest.approx((question.answer - question.tolerance,
                                                  question.answer + question.tolerance))
            assert got["feedback"]["correct_fb"] == _one_line(check(question,
                                                                    question.answer).message)
            wrong = got["feedback"]["general_incorrect_fb"]
            assert _one_line(question.feedback["too_low"]) in wrong
            assert _one_line(question.feedback["too_high"]) in wrong
        else:
            saved = re.sub(r"^Saved\.\s*", "", question.feedback.get("saved", ""))
            assert got["feedback"]["general_fb"] == (_one_line(saved)
                                                     or got["feedback"]["general_fb"])


def test_qti_shows_every_marked_character_as_written():
    data, _ = quiz_export.qti_zip(_Lesson(_tricky_single()))
    got = _read_qti(data)["tricky"]
    assert got["prompt"] == TRICKY
    assert got["choices"][0][:2] == ("Right = yes: #1 ~ok", True)


def test_qti_without_escaping_is_read_back_wrong(monkeypatch):
    """The read-back can fail: unescaped, Markdown makes *star* emphasis and <b> a tag."""
    monkeypatch.setattr(quiz_export, "markdown_escape", lambda text: text)
    data, _ = quiz_export.qti_zip(_Lesson(_tricky_single()))
    assert _read_qti(data)["tricky"]["prompt"] != TRICKY


# ----------------------------------------------------------------------------- the command


def test_the_command_writes_one_file_a_lesson_and_says_what_was_left_out(tmp_path, capsys):
    assert main(["quiz-export", "--format", "qti", "--out", str(tmp_path), "00", "05"]) == 0
    said = capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00_start_here.qti.zip",
                                                          "05_aleppo.qti.zip"]
    assert "Left out (north-to-south, docs-date-order): text2qti" in said
    assert main(["quiz-export", "--format", "gift", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.gift.txt"))) == len(LESSONS)


def test_the_command_does_not_replace_files_without_a_word(tmp_path, capsys):
    assert main(["quiz-export", "--format", "gift", "--out", str(tmp_path), "01"]) == 0
    before = (tmp_path / "01_reading_the_source.gift.txt").read_text(encoding="utf-8")
    (tmp_path / "01_reading_the_source.gift.txt").write_text("mine", encoding="utf-8")
    assert main(["quiz-export", "--format", "gift", "--out", str(tmp_path), "01"]) == 1
    assert "already there" in capsys.readouterr().err
    assert (tmp_path / "01_reading_the_source.gift.txt").read_text(encoding="utf-8") == "mine"
    assert main(["quiz-export", "--format", "gift", "--out", str(tmp_path), "--force",
                 "01"]) == 0
    assert (tmp_path / "01_reading_the_source.gift.txt").read_text(encoding="utf-8") == before


def test_an_unknown_lesson_is_one_sentence(tmp_path, capsys):
    assert main(["quiz-export", "--format", "gift", "--out", str(tmp_path), "77"]) == 1
    assert capsys.readouterr().err.strip() == ("There is no lesson '77'. Use numbers like 01,05 "
                                               "or full ids.")
    assert not list(tmp_path.iterdir())


def test_the_command_reaches_no_home_folder_settings(tmp_path, monkeypatch):
    """text2qti would read or create ~/.text2qti.bespon; the export never does."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert main(["quiz-export", "--format", "qti", "--out", str(tmp_path / "out"), "01"]) == 0
    assert list((tmp_path / "home").iterdir()) == []

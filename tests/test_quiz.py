"""The quiz engine: each question type, friendly handling of unusable answers, bad quiz files."""

from __future__ import annotations

import re
import textwrap

import pytest

from lessons import catalog, progress
from lessons.errors import QuizError
from lessons.quiz import QuizView, check, parse_question

SINGLE = parse_question({
    "id": "capital", "type": "single", "prompt": "Which city is Syria's capital?",
    "section": "Section 2",
    "choices": [
        {"text": "Aleppo", "correct": False, "feedback": "Aleppo is the largest city."},
        {"text": "Damascus", "correct": True, "feedback": "Damascus is the capital."},
    ]}, "test.yaml, question 1")
MULTIPLE = parse_question({
    "id": "neighbours", "type": "multiple", "prompt": "Which border Syria?", "section": "S",
    "choices": [
        {"text": "Turkey", "correct": True, "feedback": "north"},
        {"text": "Iraq", "correct": True, "feedback": "east"},
        {"text": "Egypt", "correct": False, "feedback": "no border"},
    ]}, "test.yaml, question 2")
ORDER = parse_question({
    "id": "order", "type": "order", "prompt": "Put in order", "section": "S",
    "items": [{"text": "first", "feedback": "1"}, {"text": "second", "feedback": "2"},
              {"text": "third", "feedback": "3"}],
    "feedback": {"right": "Yes.", "wrong": "No."}}, "test.yaml, question 3")
NUMBER = parse_question({
    "id": "share", "type": "number", "prompt": "How many?", "section": "S", "answer": 82,
    "tolerance": 0.5, "unit": "people",
    "feedback": {"right": "Right.", "too_low": "Too low.", "too_high": "Too high."}},
    "test.yaml, question 4")
REFLECTION = parse_question({"id": "think", "type": "reflection", "prompt": "Why?",
                             "section": "S"}, "test.yaml, question 5")


def test_single_choice_right_and_wrong_give_the_choice_feedback_and_section():
    assert check(SINGLE, "Damascus").status == "right"
    wrong = check(SINGLE, 0)
    assert wrong.status == "wrong"
    assert "largest city" in wrong.message and "Section 2" in wrong.message


def test_feedback_points_back_to_its_section_once():
    # A bank's feedback may already end "See Section 2."; the student reads one pointer, the
    # full one, not "See Section 2. (See Section 2: ...)".
    question = parse_question({
        "id": "capital", "type": "single", "prompt": "Which city is Syria's capital?",
        "section": "Section 2: Cities",
        "choices": [
            {"text": "Aleppo", "correct": False, "feedback": "The largest city. See Section 2."},
            {"text": "Damascus", "correct": True, "feedback": "The capital."},
        ]}, "test.yaml, question 1")
    message = check(question, "Aleppo").message
    assert message == "The largest city. (See Section 2: Cities)"
    assert message.count("See Section") == 1


@pytest.mark.parametrize("answer", [None, "", "Paris", 7, True, 2.5, {"a": 1}])
def test_single_choice_unusable_answer_is_invalid_not_an_error(answer):
    assert check(SINGLE, answer).status == "invalid"


def test_multiple_choice_needs_exactly_the_right_set():
    assert check(MULTIPLE, ["Turkey", "Iraq"]).status == "right"
    partial = check(MULTIPLE, ["Turkey"])
    assert partial.status == "wrong" and "left this out" in partial.message
    assert check(MULTIPLE, ["Turkey", "Iraq", "Egypt"]).status == "wrong"
    assert check(MULTIPLE, []).status == "invalid"
    assert check(MULTIPLE, ["Mars"]).status == "invalid"


def test_order_counts_items_in_place_and_explains_the_misplaced_ones():
    assert check(ORDER, ["first", "second", "third"]).status == "right"
    wrong = check(ORDER, ["second", "first", "third"])
    assert wrong.status == "wrong" and "1 of 3" in wrong.message
    assert check(ORDER, ["first", "first", "third"]).status == "invalid"
    assert check(ORDER, "first").status == "invalid"
    assert ORDER.shown_items != ["first", "second", "third"]


def test_order_can_be_typed_as_the_letters_shown():
    letter = {text: label[0] for text, label in ORDER.shown_labels.items()}
    assert [label[:3] for label in ORDER.shown_labels.values()] == ["A. ", "B. ", "C. "]
    right = "".join(letter[t] for t in ["first", "second", "third"])
    assert check(ORDER, ", ".join(right)).status == "right"
    assert check(ORDER, right.lower()).status == "right"
    assert check(ORDER, " ".join(reversed(right))).status == "wrong"
    for bad in ("A, B", "A, A, B", "A, B, Z", "1, 2, 3", ""):
        result = check(ORDER, bad)
        assert result.status == "invalid" and "from A to C" in result.message, bad


@pytest.mark.parametrize("answer,status", [
    ("82", "right"), (82.4, "right"), ("82,0", "right"), ("8,2", "wrong"), ("80", "wrong"),
    (" 1,000 ", "wrong"), ("1,2,3", "invalid"),
    ("eighty-two", "invalid"), ("", "invalid"), (None, "invalid"), ("nan", "invalid"),
    ([82], "invalid"),
])
def test_number_accepts_typed_numbers_and_explains_text(answer, status):
    assert check(NUMBER, answer).status == status


def test_number_feedback_says_too_low_or_too_high():
    assert "Too low" in check(NUMBER, "10").message
    assert "Too high" in check(NUMBER, 1000).message
    assert "'eighty-two'" in check(NUMBER, "eighty-two").message


def test_reflection_is_saved_not_graded():
    assert check(REFLECTION, "Because the sources disagreed.").status == "saved"
    assert check(REFLECTION, "ok").status == "invalid"
    assert check(REFLECTION, "Because the sources disagreed.").correct is None


def test_saved_is_said_once():
    # The badge says "Saved."; a bank's message starting "Saved." must not repeat it.
    question = parse_question({"id": "think", "type": "reflection", "prompt": "Why?",
                               "section": "S", "feedback": {"saved": "Saved. Now compare."}},
                              "test.yaml, question 6")
    assert check(question, "Because the sources disagreed.").message == "Now compare."


@pytest.mark.parametrize("raw,expected", [
    ({"type": "single", "prompt": "p", "section": "s"}, "'id' is missing"),
    ({"id": "x", "type": "poem", "prompt": "p", "section": "s"}, "type 'poem'"),
    ({"id": "x", "type": "single", "prompt": "p", "section": "s",
      "choices": [{"text": "a", "correct": True, "feedback": "f"},
                  {"text": "b", "correct": True, "feedback": "f"}]}, "exactly one correct"),
    ({"id": "x", "type": "single", "prompt": "p", "section": "s",
      "choices": [{"text": "a", "correct": True, "feedback": "f"}, {"text": "b"}]},
     "choices 2: 'feedback' is missing"),
    ({"id": "x", "type": "number", "prompt": "p", "section": "s", "answer": "ten",
      "feedback": {"right": "r", "too_low": "l", "too_high": "h"}}, "'answer' should be"),
    ({"id": "x", "type": "number", "prompt": "p", "section": "s", "answer": 3},
     "'right' is missing"),
])
def test_malformed_question_names_the_file_and_question(raw, expected):
    with pytest.raises(QuizError) as error:
        parse_question(raw, "lessons/catalog/99_x/lesson.yaml, question 3")
    message = str(error.value)
    assert "lessons/catalog/99_x/lesson.yaml, question 3" in message
    assert expected in message


def test_malformed_quiz_file_names_the_file(tmp_path):
    folder = tmp_path / "07_bad"
    folder.mkdir()
    (folder / "lesson.yaml").write_text("id: 07_bad\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(QuizError, match=r"lessons/catalog/07_bad/lesson.yaml, line \d+"):
        catalog.parse_lesson(folder / "lesson.yaml")
    (folder / "lesson.yaml").write_text(textwrap.dedent("""\
        id: 07_bad
        title: Bad
        notebook: 07_bad.ipynb
        minutes: 10
        content_note: none
        objectives: [one]
        questions:
          - id: q1
            type: single
            prompt: Pick
            section: S
            choices:
              - {text: a, correct: true, feedback: right}
              - {text: b, correct: true, feedback: wrong}
        """), encoding="utf-8")
    with pytest.raises(QuizError, match=r"07_bad/lesson.yaml, question 1 \('q1'\).*exactly one"):
        catalog.parse_lesson(folder / "lesson.yaml")


def test_widget_check_button_saves_wrong_then_right_answer(progress_dir):
    view = QuizView("00_start_here", SINGLE)
    view.button.click()  # nothing chosen yet
    assert "Choose one answer" in view.feedback.value
    assert not progress.progress_file().exists()
    view.input.value = "Aleppo"
    view.button.click()
    assert "Not yet" in view.feedback.value and "largest city" in view.feedback.value
    view.input.value = "Damascus"
    view.button.click()
    assert "Correct" in view.feedback.value
    attempts = progress.answers()["00_start_here"]["capital"]
    assert [a["answer"] for a in attempts] == ["Aleppo", "Damascus"]
    assert [a["status"] for a in attempts] == ["wrong", "right"]


def test_widget_number_box_with_text_gives_friendly_message(progress_dir):
    view = QuizView("00_start_here", NUMBER)
    view.input.value = "lots"
    result = view.submit()
    assert result.status == "invalid"
    assert "Please type a number" in view.feedback.value
    assert "Traceback" not in view.feedback.value


def test_widget_order_and_multiple_read_their_inputs(progress_dir):
    view = QuizView("00_start_here", ORDER)
    letter = {text: label[0] for text, label in ORDER.shown_labels.items()}
    view.input.value = ", ".join(letter[t] for t in ["first", "second", "third"])
    assert view.submit().status == "right"
    assert "A. " in view.prompt.value and "Your order" in view.printable_html()
    view = QuizView("00_start_here", MULTIPLE)
    view.boxes[0].value = view.boxes[1].value = True
    assert view.submit().status == "right"


def test_programmer_text_check_catches_reprs_and_cut_cells():
    from in_browser import programmer_text

    assert programmer_text("PosixPath('/home/x/my-answers.md')")
    assert programmer_text("claim\nResidents described the situation in east...")
    assert programmer_text("Name: count, dtype: int64")
    assert programmer_text("Your answers are saved in my-answers.md.") == []


# ------------------------------------------------------ banks that break for students (issue 16, 7)


def _number(**extra):
    raw = {"id": "n", "type": "number", "prompt": "How many?", "section": "S", "answer": 82,
           "tolerance": 0.5, "unit": "people",
           "feedback": {"right": "Right.", "too_low": "Too low.", "too_high": "Too high."}}
    raw.update(extra)
    return raw


@pytest.mark.parametrize("raw,expected", [
    (_number(tolerence=2), "unknown key 'tolerence' (did you mean 'tolerance'?)"),
    ({"id": "x", "type": "single", "prompt": "p", "section": "s",
      "choices": [{"text": "a", "Correct": True, "feedback": "f"},
                  {"text": "b", "correct": False, "feedback": "f"}]},
     "choices 1: unknown key 'Correct' (did you mean 'correct'?)"),
    ({"id": "x", "type": "order", "prompt": "p", "section": "s",
      "items": [{"text": "a", "feedback": "1", "correct": True}, {"text": "b", "feedback": "2"}]},
     "items 1: unknown key 'correct' (the keys are: text, feedback)"),
    ({"id": "x", "type": "reflection", "prompt": "p", "section": "s",
      "feedback": {"save": "Compare."}}, "feedback: unknown key 'save' (did you mean 'saved'?)"),
    ({"id": "x", "type": "single", "prompt": "p", "section": "s", "feedback": {"right": "r"},
      "choices": [{"text": "a", "correct": True, "feedback": "f"},
                  {"text": "b", "correct": False, "feedback": "f"}]},
     "unknown key 'feedback'"),
    ({"id": "x", "type": "order", "prompt": "p", "section": "s",
      "items": [{"text": "a", "feedback": "1"}, {"text": "b", "feedback": "2"}],
      "feedback": {"right": ["Yes."]}}, "feedback: 'right' should be str, not list"),
    ({"id": "x", "type": "reflection", "prompt": "p", "section": "s",
      "feedback": {"saved": 5}}, "feedback: 'saved' should be str, not int"),
    (_number(unit=["people"]), "'unit' should be str, not list"),
    (_number(answer=float("nan")), "'answer' should be a number"),
    (_number(tolerance=float("inf")), "'tolerance' should be a number of 0 or more"),
    ({"id": 7, "type": "single", "prompt": "p", "section": "s"}, "'id' should be str, not int"),
])
def test_a_quiz_bank_with_an_unknown_key_or_wrong_type_is_refused(raw, expected):
    with pytest.raises(QuizError) as error:
        parse_question(raw, "lessons/catalog/99_x/lesson.yaml, question 3")
    assert "lessons/catalog/99_x/lesson.yaml, question 3" in str(error.value)
    assert expected in str(error.value)


# ----------------------------------------------------------- smaller faults (issue 16, item 10)

THOUSANDS = parse_question(_number(answer=1134, tolerance=0), "test.yaml, question 6")


@pytest.mark.parametrize("typed", ["1\u2009134", "1\u00a0134", "1\u202f134", "1 134",
                                   "1,134", "1134"])
def test_a_number_typed_with_a_thin_or_no_break_space_between_thousands_is_read(typed):
    assert check(THOUSANDS, typed).status == "right"


@pytest.mark.parametrize("typed", ["1\u2009134,5", "1\u00a0134.5"])
def test_a_number_with_spaced_thousands_and_a_decimal_part_is_read(typed):
    assert check(THOUSANDS, typed).status == "wrong"  # read as 1134.5, which is too high
    assert "Too high" in check(THOUSANDS, typed).message


def test_spaces_that_do_not_group_thousands_are_not_read_as_one_number():
    assert check(THOUSANDS, "11 34").status == "invalid"


@pytest.mark.parametrize("question", [SINGLE, NUMBER], ids=["single", "number"])
def test_a_huge_answer_is_not_echoed_back_in_full(question):
    result = check(question, "x" * 100_000)
    assert result.status == "invalid"
    assert len(result.message) < 300 and "\u2026" in result.message


@pytest.mark.parametrize("answer", [10 ** 400, "9" * 400, "1e999", -(10 ** 400)],
                         ids=["huge-int", "400-nines", "1e999", "huge-negative"])
def test_check_on_a_number_that_overflows_says_it_is_too_big(answer):
    result = check(NUMBER, answer)
    assert result.status == "invalid" and "too big" in result.message


@pytest.mark.parametrize("text", ["因为消息来源不同。", "情報源が違うから。", "เพราะแหล่งข่าวต่างกัน"])
def test_a_reflection_in_a_language_written_without_spaces_is_saved(text):
    assert check(REFLECTION, text).status == "saved"


@pytest.mark.parametrize("text", ["ok", "不知道", "   idk   "])
def test_a_reflection_of_a_word_or_two_is_still_too_short(text):
    assert check(REFLECTION, text).status == "invalid"


def test_right_feedback_does_not_say_right_twice():
    # The badge reads "Correct."; "Correct. Right. Damascus..." says it twice.
    question = parse_question({
        "id": "capital", "type": "single", "prompt": "Which city is Syria's capital?",
        "section": "S", "choices": [
            {"text": "Aleppo", "correct": False, "feedback": "Right idea, wrong city."},
            {"text": "Damascus", "correct": True, "feedback": "Right. Damascus is the capital."},
        ]}, "test.yaml, question 1")
    assert check(question, "Damascus").message.startswith("Damascus is the capital.")
    assert check(question, "Aleppo").message.startswith("Right idea, wrong city.")


# ----------------------------------------------------------------------------- essays

ESSAY = parse_question({"id": "dbq", "type": "essay", "prompt": "How do we know?",
                        "section": "Section 3: Write", "min_words": 300,
                        "plan": ["Your answer in one sentence.", "Three documents that back it."],
                        "feedback": {"saved": "Read it through once more before you hand in."}},
                       "test bank")


def test_an_essay_is_saved_with_its_word_count_and_never_graded():
    result = check(ESSAY, "The counts differ.\nEach counter counts something else, so they differ.")
    assert result.status == "saved" and result.correct is None
    assert result.message.startswith("11 words saved.")
    assert "about 300 words" in result.message and "Read it through" in result.message
    assert not ESSAY.graded


def test_an_empty_essay_is_not_saved():
    assert check(ESSAY, "   ").status == "invalid"


def test_word_count_counts_words_not_spaces():
    from lessons.quiz import word_count

    assert word_count("It's the war's end - don't stop.") == 6
    assert word_count("  two\n\nwords ") == 2
    assert word_count("\u53d9\u5229\u4e9a") == 3  # a script written without spaces
    assert word_count("") == 0


@pytest.mark.parametrize("raw, message", [
    ({"plan": "one step"}, "'plan' should be a list of steps"),
    ({"plan": ["", "b"]}, "'plan' should be a list of steps"),
    ({"min_words": -5}, "'min_words' should be a whole number"),
    ({"min_words": True}, "'min_words' should be a whole number"),
    ({"min_word": 300}, "did you mean 'min_words'?"),
])
def test_a_broken_essay_entry_is_refused_with_its_reason(raw, message):
    entry = {"id": "dbq", "type": "essay", "prompt": "p", "section": "s", **raw}
    with pytest.raises(QuizError, match=re.escape(message)):
        parse_question(entry, "test bank")


def test_an_essay_widget_shows_the_plan_and_a_large_box(progress_dir):
    view = QuizView("00_start_here", ESSAY)
    assert "Three documents that back it." in view.prompt.value
    assert view.input.description == "Your essay" and view.button.description == "Save essay"
    assert "Three documents" in view.printable_html() and "about 300 words" in view.printable_html()


def test_an_essay_is_handed_in_with_its_time_word_count_and_every_line():
    lines = progress._question_lines("How do we know?", [
        {"at": "2026-12-02T10:00:00+00:00", "answer": "First line.\nSecond line here.",
         "status": "saved"}], True, essay=True)
    text = "\n".join(lines)
    assert "2026-12-02T10:00:00+00:00 (5 words):" in text
    assert "  > First line." in text and "  > Second line here." in text


def test_an_essay_too_long_to_save_stays_in_its_box_and_says_so(progress_dir):
    view = QuizView("00_start_here", ESSAY)
    view.input.value = "word " * 5_000  # 25,000 characters: more than one answer may hold
    result = view.submit()
    assert result.status == "saved"  # checked fine, but the save was refused:
    assert "make it shorter and save it again" in view.feedback.value
    assert view.input.value == "word " * 5_000
    assert "00_start_here" not in progress.answers()


def test_an_essay_that_cannot_be_saved_says_why_and_keeps_the_text(progress_dir, monkeypatch):
    from lessons.errors import ProgressAccessError

    def refuse(*_args, **_kwargs):
        raise ProgressAccessError("Your answers cannot be saved: the folder is read-only.")

    monkeypatch.setattr(progress, "record", refuse)
    view = QuizView("00_start_here", ESSAY)
    view.input.value = "A short essay of more than ten characters."
    view.submit()
    assert "cannot be saved: the folder is read-only" in view.feedback.value
    assert view.input.value == "A short essay of more than ten characters."

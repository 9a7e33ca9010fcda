"""The quiz widget a student clicks: a question's prompt, an answer box, a Check button and
feedback. What a question is, how it is read from a quiz bank and how an answer is checked live
in ``lessons.questions``, which has no widget in it; the names other code takes from here
(``check``, ``parse_question``, ``Question``...) are that package's.
"""

from __future__ import annotations

import html

from lessons.errors import CourseError
from lessons.questions import (
    QUESTION_KEYS,
    TYPES,
    WRITTEN,
    Choice,
    Question,
    Result,
    at_line,
    check,
    order_from_letters,
    parse_question,
    refuse_unknown_keys,
    shown_choices,
    word_count,
)

__all__ = ["QUESTION_KEYS", "TYPES", "WRITTEN", "Choice", "Question", "QuizView", "Result",
           "ask", "at_line", "check", "order_from_letters", "parse_question",
           "refuse_unknown_keys", "shown_choices", "word_count"]


# ----------------------------------------------------------------------------- widgets


# ipywidgets draws each radio choice and check box on one line of fixed height, so a long choice
# loses its button and runs over the next one. These rules let the words wrap beside their box.
QUIZ_STYLE = """<style>
.course-quiz .widget-radio-box label, .course-quiz .widget-checkbox label {
  white-space: normal !important; height: auto !important; line-height: 1.35 !important;
  overflow: visible !important; text-overflow: clip !important;
  display: flex !important; align-items: flex-start; gap: 0.45em; margin: 0.15em 0 0.35em 0;
}
.course-quiz .widget-radio-box input, .course-quiz .widget-checkbox input {
  flex: none; margin-top: 0.2em !important; order: -1;
}
.course-quiz .widget-radio-box, .course-quiz .widget-checkbox, .course-quiz .course-choices {
  height: auto !important; max-width: 46em;
}
.course-quiz .widget-checkbox { width: 100% !important; }
</style>"""


def _plan_html(question: Question) -> str:
    """An essay's planning steps, numbered, and how long a full answer is."""
    steps = "".join(f"<li>{html.escape(step)}</li>" for step in question.plan)
    length = (f"<p>A full answer is usually about {question.min_words:,} words or more.</p>"
              if question.min_words else "")
    return (f"<p>Plan before you write:</p><ol>{steps}</ol>" if steps else "") + length


def _as_html(result: Result) -> str:
    badge = {"right": "\u2714 Correct.", "wrong": "\u2718 Not yet.", "saved": "\u2714 Saved.",
             "invalid": "\u2753 Can't check that yet."}[result.status]
    body = html.escape(result.message).replace("\n", "<br>")
    return (f'<div class="course-feedback course-{result.status}" role="status">'
            f"<strong>{badge}</strong> {body}</div>")


# Layouts and styles shared by every quiz of a kernel: each is a widget of its own, and a quiz
# that made its own would open three times as many widgets (about two thirds of a quiz's time).
# None is ever changed after it is made; one that was closed is made again.
_SHARED_PARTS: dict = {}


def _shared_style(widget_class, **traits):
    """One style widget of the kind ``widget_class`` takes (ipywidgets names most style
    classes only through the widget's trait), with these settings, for all quizzes."""
    return _shared(widget_class.class_traits()["style"].klass, **traits)


def _shared(maker, **traits):
    """One Layout or style widget with these settings for all quizzes."""
    key = (maker.__module__, maker.__name__, tuple(sorted(traits.items())))
    part = _SHARED_PARTS.get(key)
    if part is None or getattr(part, "comm", None) is None:
        part = _SHARED_PARTS[key] = maker(**traits)
    return part


class QuizView:
    """The widget for one question: the prompt, an answer box, a Check button and feedback."""

    def __init__(self, lesson_id: str, question: Question, student: str = ""):
        import ipywidgets as w

        self.lesson_id, self.question = lesson_id, question
        self.choices = shown_choices(question, student)
        label = f"Question {question.id}"
        self.prompt = w.HTML(QUIZ_STYLE
                             + f"<p><strong>{html.escape(question.prompt)}</strong></p>",
                             layout=_shared(w.Layout), style=_shared_style(w.HTML))
        if question.type == "single":
            self.input = w.RadioButtons(options=[c.text for c in self.choices], value=None,
                                        description="", layout=_shared(w.Layout, width="auto"),
                                        style=_shared_style(w.RadioButtons))
            self.input.add_class("course-choices")
        elif question.type == "multiple":
            self.boxes = [w.Checkbox(value=False, description=c.text, indent=False,
                                     layout=_shared(w.Layout, width="auto"),
                                     style=_shared_style(w.Checkbox)) for c in self.choices]
            self.input = w.VBox(self.boxes, layout=_shared(w.Layout))
            self.input.add_class("course-choices")
        elif question.type == "order":
            # Letters typed in a text box, not lists to pick from: JupyterLab takes the arrow
            # and letter keys pressed on a list for its own shortcuts, so a keyboard user could
            # not choose; a text box keeps every key.
            listed = "".join(f"<li>{html.escape(label)}</li>"
                             for label in question.shown_labels.values())
            self.prompt.value += f'<ul style="list-style:none">{listed}</ul>'
            self.input = w.Text(continuous_update=False, description="Your order",
                                placeholder="letters in order, with commas between them",
                                style=_shared_style(w.Text, description_width="initial"),
                                layout=_shared(w.Layout, width="30em"))
        elif question.type == "number":
            unit = f" ({question.unit})" if question.unit else ""
            self.input = w.Text(continuous_update=False, placeholder="type a number",
                                description=f"Answer{unit}",
                                style=_shared_style(w.Text, description_width="initial"),
                                layout=_shared(w.Layout))
        elif question.type == "essay":
            self.prompt.value += _plan_html(question)
            self.input = w.Textarea(continuous_update=False, description="Your essay",
                                    placeholder="Write your essay here. Save as often as you "
                                                "like: each save keeps the time and word count.",
                                    style=_shared_style(w.Text, description_width="initial"),
                                    layout=_shared(w.Layout, width="95%", height="24em"))
        else:
            self.input = w.Textarea(continuous_update=False, description="Your answer",
                                    placeholder="Write your answer here",
                                    style=_shared_style(w.Text, description_width="initial"),
                                    layout=_shared(w.Layout, width="95%", height="6em"))
        # Text boxes send their value once, when the student leaves the box (by Tab or by
        # clicking the button), so the value always reaches Python before the click does.
        self.input.add_class("course-answer")
        self.button = w.Button(description={"reflection": "Save answer", "essay": "Save essay"}
                               .get(question.type, "Check answer"),
                               tooltip=f"Check your answer to {label}",
                               layout=_shared(w.Layout), style=_shared_style(w.Button))
        self.feedback = w.HTML("", layout=_shared(w.Layout), style=_shared_style(w.HTML))
        self.button.on_click(lambda _button: self.submit())
        self.widget = w.VBox([self.prompt, self.input, self.button, self.feedback],
                             layout=_shared(w.Layout))
        self.widget.add_class("course-quiz")

    def current_answer(self):
        """What the student has entered, in the form ``quiz.check`` takes."""
        kind = self.question.type
        if kind == "multiple":
            return [b.description for b in self.boxes if b.value]
        if kind == "order":
            return order_from_letters(self.question, self.input.value) or self.input.value
        return self.input.value

    def submit(self) -> Result:
        """Check the answer, save it to the student's progress, and show the feedback."""
        from lessons import progress

        answer = self.current_answer()
        result = check(self.question, answer)
        note = ""
        if result.status != "invalid":
            try:
                note = progress.record(self.lesson_id, self.question.id, answer, result)
            except CourseError as exc:
                note = str(exc)
        self.feedback.value = _as_html(result) + (
            f"<p><em>{html.escape(note)}</em></p>" if note else "")
        return result

    def printable_html(self) -> str:
        """The question as printable HTML, for a page without widgets (static export, print)."""
        q = self.question
        if q.type in ("single", "multiple"):
            marker = "&#9675;" if q.type == "single" else "&#9744;"
            body = "".join(f"<li>{marker} {html.escape(c.text)}</li>" for c in self.choices)
            body = f'<ul style="list-style:none">{body}</ul>'
        elif q.type == "order":
            body = ('<ul style="list-style:none">'
                    + "".join(f"<li>{html.escape(t)}</li>" for t in q.shown_labels.values())
                    + "</ul><p>Your order (letters): ____________________</p>")
        elif q.type == "number":
            body = f"<p>Answer: ________ {html.escape(q.unit)}</p>"
        elif q.type == "essay":
            body = _plan_html(q) + "<p>" + "<br>".join(["_" * 60] * 16) + "</p>"
        else:
            body = "<p>" + "_" * 60 + "<br>" + "_" * 60 + "</p>"
        return (f'<div class="course-quiz-printable"><p><strong>Question: '
                f"{html.escape(q.prompt)}</strong></p>{body}</div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget in JupyterLab; printable HTML where widgets cannot run."""
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/html"] = self.printable_html()
        return bundle


def ask(lesson_id: str, question_id: str) -> QuizView:
    """Show one question of a lesson's quiz bank as a widget (put it last in a cell)."""
    from lessons import progress
    from lessons.catalog import get_lesson

    return QuizView(lesson_id, get_lesson(lesson_id).question(question_id),
                    student=progress.student_key())

"""Errors written for people: each says which file (and row or question) is wrong and what to do."""


class CourseError(Exception):
    """Something a student or an instructor can fix; the message says what and where."""


class CourseDataError(CourseError):
    """A data file does not match its schema in data/datapackage.json."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more problems" if more > 0 else "")
        super().__init__(text)


class QuizError(CourseError):
    """A quiz bank (lessons/catalog/<lesson>/lesson.yaml) is malformed."""


class ProgressError(CourseError):
    """The saved-answers file could not be written."""


class ProgressAccessError(ProgressError):
    """The saved-answers file or its folder cannot be read or written (permissions, no home
    folder, a name the computer cannot store). Nothing was changed; the message names the place."""


class ProgressBusyError(ProgressError):
    """Another lesson held the saved-answers file for too long. Nothing was changed; try again."""


class AnswerTooLongError(ProgressError):
    """An answer is longer than the course saves. It was not saved and is still in its box."""

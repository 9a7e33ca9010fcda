"""Estimating a total from incomplete lists: the two-list capture-recapture method.

If two lists of names were made independently, the share of list B that also appears on list A
estimates the share of *everyone* that list A caught. Lincoln-Petersen: N = n1 * n2 / m, where n1
and n2 are the lengths of the lists and m the number of names on both. Chapman's version,
(n1 + 1)(n2 + 1) / (m + 1) - 1, is less biased for small lists and works when m is 0.
Real estimates (HRDAG's for the UN) use more lists and statistical models; see lesson 06.
"""

from __future__ import annotations

import difflib

from lessons.errors import CourseError
from lessons.explore import Explorer
from lessons.tables import EMPTY, Table

# Two names this alike (0 to 1, by difflib's ratio) but not the same may be one person spelled
# two ways: "Mohammad Darwish" and "Muhammad Darwish" score 0.94; different people score lower.
NEAR = 0.85


def _counts(n1, n2, m) -> tuple[int, int, int]:
    values = []
    for name, value in (("the first list", n1), ("the second list", n2), ("both lists", m)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise CourseError(f"The number of names on {name} must be a whole number of 0 or "
                              f"more, not {value!r}.")
        values.append(value)
    n1, n2, m = values
    if m > min(n1, n2):
        raise CourseError(f"{m} names cannot be on both lists when one list has only "
                          f"{min(n1, n2)} names.")
    return n1, n2, m


class Estimate(float):
    """A number that shows itself the way a person writes an estimate: 54, or 1,234.5, never
    54.0. It is still a number, so it can be added, compared and rounded."""

    def __repr__(self) -> str:
        return f"{self:,.0f}" if float(self).is_integer() else f"{self:,.1f}"

    __str__ = __repr__


def lincoln_petersen(n1: int, n2: int, m: int) -> float:
    """Estimated total N = n1 * n2 / m (needs at least one name on both lists)."""
    n1, n2, m = _counts(n1, n2, m)
    if m == 0:
        raise CourseError("No name is on both lists, so this method cannot estimate a total: "
                          "the lists may not overlap at all, or the total may be very large.")
    return Estimate(n1 * n2 / m)


def chapman(n1: int, n2: int, m: int) -> float:
    """Chapman's estimate (n1 + 1)(n2 + 1)/(m + 1) - 1: less biased for small lists."""
    n1, n2, m = _counts(n1, n2, m)
    return Estimate((n1 + 1) * (n2 + 1) / (m + 1) - 1)


def normalise(name: str) -> str:
    """A name as compared across lists: spaces and capitals ignored."""
    return " ".join(str(name).split()).casefold()


def overlap(list_a, list_b) -> list[str]:
    """The names found on both lists (compared without regard to spaces or capitals)."""
    seen = {normalise(n) for n in list_a}
    found, taken = [], set()
    for name in list_b:
        key = normalise(name)
        if key in seen and key not in taken:
            found.append(name)
            taken.add(key)
    return found


def near_matches(list_a, list_b) -> list[tuple[str, str]]:
    """Pairs of names, one from each list, that are spelled almost but not exactly alike: a
    person a letter-by-letter comparison misses, for a reader to check by hand."""
    pairs = []
    for first in list_a:
        for second in list_b:
            a, b = normalise(first), normalise(second)
            if a != b and difflib.SequenceMatcher(None, a, b).ratio() >= NEAR:
                pairs.append((first, second))
    return pairs


def near_matches_table(list_a, list_b) -> Table:
    """The near matches as a table to read: the spelling on list A beside the one on list B."""
    rows = tuple(near_matches(list_a, list_b))
    caption = ("Names spelled almost alike on the two lists: are they the same person?"
               if rows else "No two names on the lists are spelled almost alike.")
    return Table(("on list A", "on list B"), rows, (False, False), caption)


def lists_table(list_a, list_b) -> Table:
    """The two lists side by side, in the order their names were recorded, to read and compare."""
    length = max(len(list_a), len(list_b))
    rows = tuple((str(n + 1),
                  list_a[n] if n < len(list_a) else EMPTY,
                  list_b[n] if n < len(list_b) else EMPTY) for n in range(length))
    return Table(("line", "list A: hospital register", "list B: neighbourhood list"), rows,
                 (True, False, False), "Two invented lists, made up for this exercise.")


def estimate_explorer(n1: int = 60, n2: int = 50, m: int = 20):
    """Three number boxes (list sizes and overlap) and the estimate they give, updated as they
    change. Number boxes, not sliders: a slider's handle has no name a screen reader can read."""
    import ipywidgets as w

    style = {"description_width": "initial"}
    first = w.BoundedIntText(value=n1, min=1, max=200, description="names on list A:",
                             style=style)
    second = w.BoundedIntText(value=n2, min=1, max=200, description="names on list B:",
                              style=style)
    both = w.BoundedIntText(value=m, min=0, max=200, description="names on both:", style=style)
    result = w.HTML()

    def update(_change=None):
        both.max = min(first.value, second.value)
        a, b, c = first.value, second.value, both.value
        recorded = a + b - c
        if c == 0:
            text = (f"No name on both lists: the two-list method cannot estimate a total. "
                    f"At least {recorded} different people are on the lists.")
        else:
            text = (f"Lincoln-Petersen estimate: <b>{lincoln_petersen(a, b, c):,.0f}</b> people "
                    f"in all (Chapman: {chapman(a, b, c):,.0f}). The two lists together name "
                    f"{recorded} different people, so about "
                    f"{lincoln_petersen(a, b, c) - recorded:,.0f} are on neither list.")
        result.value = f'<p role="status">{text}</p>'

    for box in (first, second, both):
        box.observe(update, names="value")
    update()
    box = w.VBox([first, second, both, result])
    box.add_class("course-explorer")
    return Explorer(box)


def practice_lists() -> tuple[list[str], list[str]]:
    """The two invented lists of names for the lesson 06 exercise (not real people)."""
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parent / "catalog" / "06_counting_the_dead" / \
        "practice_lists.yaml"
    try:
        lists = yaml.safe_load(path.read_text(encoding="utf-8"))
        return list(lists["list_a_hospital_register"]), list(lists["list_b_neighbourhood_list"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise CourseError(f"lessons/catalog/06_counting_the_dead/practice_lists.yaml cannot be "
                          f"read ({exc}).") from None

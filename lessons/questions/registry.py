"""Every type of question, in one list. A new type is a file with one ``Kind`` subclass and one
line here."""

from __future__ import annotations

from lessons.questions.essay import Essay
from lessons.questions.kind import Kind
from lessons.questions.multiple import Multiple
from lessons.questions.number import Number
from lessons.questions.order import Order
from lessons.questions.reflection import Reflection
from lessons.questions.single import Single

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Single(),
    Multiple(),
    Order(),
    Number(),
    Reflection(),
    Essay(),
)}

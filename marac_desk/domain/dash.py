"""Risk checklists (Dash and its variants) as data, and how a completed one is scored.

A checklist is read from a file so that an area can load its licensed full wording or
another tool (young people's, Northern Ireland, police DASH) without a code change. The
score is the number of questions answered with an answer that the checklist counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from marac_desk.errors import ValidationError


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    DONT_KNOW = "dont_know"
    NOT_ASKED = "not_asked"

    @property
    def label(self) -> str:
        return ANSWER_LABELS[self]


ANSWER_LABELS = {
    Answer.YES: "Yes",
    Answer.NO: "No",
    Answer.DONT_KNOW: "Don't know",
    Answer.NOT_ASKED: "Not asked",
}


@dataclass(frozen=True)
class Question:
    number: int
    label: str
    asks_who_at_risk: bool = False


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    questions: tuple[Question, ...]
    counts: frozenset[Answer] = frozenset({Answer.YES})
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(q.number for q in self.questions)


@dataclass(frozen=True)
class QuestionAnswer:
    answer: Answer = Answer.NOT_ASKED
    source: str = ""  # who gave the answer, when it was not the victim
    comment: str = ""


@dataclass(frozen=True)
class DashAssessment:
    """One completed (or partly completed) checklist for one referral."""

    checklist_id: str
    checklist_version: str
    completed_on: str = ""  # ISO date
    completed_by: str = ""
    answers: Mapping[int, QuestionAnswer] = field(default_factory=dict)
    who_at_risk: str = ""  # the "afraid of what, and for whom" question


def score(checklist: Checklist, answers: Mapping[int, QuestionAnswer]) -> int:
    """How many of the checklist's questions carry an answer the checklist counts.

    Answers to numbers the checklist does not have are ignored: they cannot raise a score.
    """
    return sum(
        1
        for q in checklist.questions
        if (given := answers.get(q.number)) is not None and given.answer in checklist.counts
    )


def unanswered(checklist: Checklist, answers: Mapping[int, QuestionAnswer]) -> list[int]:
    return [
        q.number
        for q in checklist.questions
        if answers.get(q.number, QuestionAnswer()).answer is Answer.NOT_ASKED
    ]


def parse_checklist(data: Any, source: str = "checklist") -> Checklist:
    """Build a checklist from a decoded JSON document, or say exactly what is wrong."""
    if not isinstance(data, dict):
        raise ValidationError(f"{source}: the file must hold one JSON object.")
    for name in ("id", "version", "title"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise ValidationError(f"{source}: '{name}' must be a non-empty text.")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise ValidationError(f"{source}: 'questions' must be a non-empty list.")
    questions: list[Question] = []
    seen: set[int] = set()
    for position, raw in enumerate(raw_questions, start=1):
        where = f"{source}: question {position}"
        if not isinstance(raw, dict):
            raise ValidationError(f"{where} must be an object with a number and a label.")
        number, label = raw.get("number"), raw.get("label")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ValidationError(f"{where}: 'number' must be a whole number from 1.")
        if number in seen:
            raise ValidationError(f"{where}: number {number} is used twice.")
        if not isinstance(label, str) or not label.strip():
            raise ValidationError(f"{where}: 'label' must be a non-empty text.")
        seen.add(number)
        questions.append(Question(number, label.strip(), bool(raw.get("asks_who_at_risk"))))
    raw_counts = data.get("counts", ["yes"])
    try:
        counts = frozenset(Answer(value) for value in raw_counts)
    except (TypeError, ValueError):
        allowed = ", ".join(a.value for a in Answer)
        raise ValidationError(f"{source}: 'counts' may only hold {allowed}.") from None
    if not counts or Answer.NOT_ASKED in counts:
        raise ValidationError(
            f"{source}: 'counts' must name the answers that score, not 'not_asked'."
        )
    return Checklist(
        id=data["id"].strip(),
        version=data["version"].strip(),
        title=data["title"].strip(),
        questions=tuple(questions),
        counts=counts,
        note=str(data.get("note", "")),
    )

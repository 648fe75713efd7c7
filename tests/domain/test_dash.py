"""Dash checklists as data: loading, refusing bad files, scoring."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marac_desk import paths
from marac_desk.domain.dash import Answer, QuestionAnswer, parse_checklist, score, unanswered
from marac_desk.errors import ValidationError


def shipped() -> dict:  # type: ignore[type-arg]
    return json.loads((paths.resources_dir() / "checklists" / "safelives-dash.json").read_text())


def test_shipped_checklist_has_the_24_safelives_questions() -> None:
    checklist = parse_checklist(shipped())
    assert checklist.numbers == tuple(range(1, 25))
    assert checklist.questions[2].asks_who_at_risk
    assert checklist.counts == frozenset({Answer.YES})


answers = st.dictionaries(
    st.integers(min_value=-3, max_value=30),
    st.builds(QuestionAnswer, st.sampled_from(list(Answer))),
)


@given(answers)
def test_score_is_the_number_of_yes_answers_to_the_checklists_questions(given_answers) -> None:  # type: ignore[no-untyped-def]
    checklist = parse_checklist(shipped())
    expected = sum(1 for n, a in given_answers.items() if 1 <= n <= 24 and a.answer is Answer.YES)
    assert score(checklist, given_answers) == expected
    assert 0 <= score(checklist, given_answers) <= 24
    assert len(unanswered(checklist, given_answers)) <= 24


@given(answers, st.integers(min_value=1, max_value=24))
def test_changing_one_answer_to_yes_never_lowers_the_score(given_answers, number) -> None:  # type: ignore[no-untyped-def]
    checklist = parse_checklist(shipped())
    before = score(checklist, given_answers)
    after = score(checklist, {**given_answers, number: QuestionAnswer(Answer.YES)})
    assert after in (before, before + 1)


def test_a_checklist_that_counts_dont_know_scores_it() -> None:
    data = {**shipped(), "counts": ["yes", "dont_know"]}
    checklist = parse_checklist(data)
    got = {1: QuestionAnswer(Answer.YES), 2: QuestionAnswer(Answer.DONT_KNOW), 3: QuestionAnswer()}
    assert score(checklist, got) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": ""}, "'id'"),
        ({"questions": []}, "'questions'"),
        ({"questions": [{"number": 1, "label": "a"}, {"number": 1, "label": "b"}]}, "used twice"),
        ({"questions": [{"number": 0, "label": "a"}]}, "'number'"),
        ({"questions": [{"number": 1, "label": " "}]}, "'label'"),
        ({"counts": ["maybe"]}, "'counts'"),
        ({"counts": ["not_asked"]}, "'counts'"),
    ],
)
def test_bad_checklist_files_are_refused_with_the_reason(change, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=message):
        parse_checklist({**shipped(), **change}, "regional.json")


def test_a_file_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ValidationError, match="one JSON object"):
        parse_checklist([1, 2, 3])

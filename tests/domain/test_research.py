"""Audiences (who may read an item) and where an agency stands with a case."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain.research import (
    ALL_INVOLVED,
    RECORD_ONLY,
    Audience,
    AudienceKind,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    Standing,
    audience_problem,
    content_from_json,
    content_to_json,
    named,
    standing,
)

CODES = ["POLICE", "IDVA", "CSC", "HOUSING"]
audiences = st.one_of(
    st.just(ALL_INVOLVED),
    st.just(RECORD_ONLY),
    st.sets(st.sampled_from(CODES), min_size=1).map(lambda s: named(*s)),
)


@given(audiences)
def test_every_audience_is_within_itself_and_record_only_is_within_all(a: Audience) -> None:
    assert a.is_within(a)
    assert RECORD_ONLY.is_within(a)
    assert a.is_within(ALL_INVOLVED)


@given(audiences, audiences, audiences)
def test_narrowing_is_transitive(a: Audience, b: Audience, c: Audience) -> None:
    if a.is_within(b) and b.is_within(c):
        assert a.is_within(c)


@given(audiences, audiences)
def test_narrowing_never_lets_a_new_reader_in(a: Audience, b: Audience) -> None:
    """If b is within a, every agency b names was already allowed by a."""
    if b.is_within(a) and a.kind is AudienceKind.NAMED and b.kind is AudienceKind.NAMED:
        assert set(b.agencies) <= set(a.agencies)
    if b.is_within(a) and a.kind is AudienceKind.RECORD:
        assert b.kind is AudienceKind.RECORD


def test_audience_labels_and_problems() -> None:
    directory = {"POLICE": "Police", "IDVA": "IDVA service"}
    assert named("idva", "police").label(directory) == "Only IDVA service, Police"
    assert audience_problem(Audience(AudienceKind.NAMED), directory) is not None
    assert "CSC" in (audience_problem(named("CSC"), directory) or "")
    assert audience_problem(Audience(AudienceKind.RECORD, ("POLICE",)), directory) is not None
    assert audience_problem(ALL_INVOLVED, directory) is None


def test_nil_return_and_standing() -> None:
    nobody = ReturnContent((PersonResearch(1, Known.NO), PersonResearch(2, Known.NO)))
    known = ReturnContent(
        (PersonResearch(1, Known.YES, (Item(ItemKind.RISK, "Escalating", Nature.OPINION),)),)
    )
    deadline = date(2026, 11, 27)
    assert nobody.is_nil and not known.is_nil and known.knows_family
    assert standing(True, nobody, deadline, date(2026, 12, 1)) is Standing.NIL
    assert standing(True, known, deadline, date(2026, 12, 1)) is Standing.RETURNED
    assert standing(True, None, deadline, date(2026, 11, 27)) is Standing.REQUESTED
    assert standing(True, None, deadline, date(2026, 11, 28)) is Standing.OVERDUE
    assert standing(False, None, deadline, date(2026, 11, 28)) is Standing.NOT_REQUESTED


items = st.builds(
    Item,
    st.sampled_from(list(ItemKind)),
    st.text(min_size=1, max_size=40),
    st.sampled_from(list(Nature)),
    audiences,
)
contents = st.lists(
    st.builds(
        PersonResearch,
        st.integers(1, 50),
        st.sampled_from(list(Known)),
        st.lists(items, max_size=4).map(tuple),
    ),
    max_size=5,
    unique_by=lambda p: p.person_id,
).map(lambda people: ReturnContent(tuple(people)))


@given(contents, st.sets(st.integers(1, 50)))
def test_a_draft_reads_back_as_typed_for_the_people_still_on_the_case(
    content: ReturnContent, on_case: set[int]
) -> None:
    back = content_from_json(content_to_json(content), on_case)
    assert back.people == tuple(p for p in content.people if p.person_id in on_case)

"""Who reads what in the minutes: random meetings with a unique marker in every field of
every item, and for every recipient each marker must appear exactly where the rules
allow it and nowhere else. The rules are restated here from the issue, independently of
the code under test (no call to its involvement or audience helpers)."""

from __future__ import annotations

import itertools
import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from marac_desk.domain.action_plan import action_plan_for
from marac_desk.domain.actions import Action, ActionStatus
from marac_desk.domain.conference import Attendance, Attendee, CaseRecord, RiskLevel, SharedInfo
from marac_desk.domain.minutes import (
    FULL_RECORD,
    CaseFacts,
    MeetingFacts,
    ResearchLine,
    ReviewLine,
    minutes_for,
    recipients,
)
from marac_desk.domain.research import ALL_INVOLVED, RECORD_ONLY, Audience, AudienceKind, named

AGENCIES = ("POLICE", "IDVA", "HOUSING", "CSC", "HEALTH", "PROBATION", "SCHOOL")
NAMES = {code: f"Agency {code.title()}" for code in AGENCIES}
EVERYONE = frozenset(AGENCIES)

agency = st.sampled_from(AGENCIES)
audiences = st.one_of(
    st.just(ALL_INVOLVED),
    st.just(RECORD_ONLY),
    st.lists(agency, min_size=1, max_size=3, unique=True).map(lambda codes: named(*codes)),
)


def readers(audience: Audience, involved: frozenset[str]) -> frozenset[str]:
    """The rule, restated: all involved; the named ones that are involved; nobody."""
    if audience.kind is AudienceKind.INVOLVED:
        return involved
    if audience.kind is AudienceKind.NAMED:
        return frozenset(audience.agencies) & involved
    return frozenset()


@st.composite
def meetings(draw: st.DrawFn) -> tuple[MeetingFacts, dict[str, frozenset[str]]]:
    """A meeting, and for each marker the agencies (besides the record) that may read it."""
    numbers = itertools.count()
    allowed: dict[str, frozenset[str]] = {}

    def marker(who: frozenset[str]) -> str:
        text = f"Q{next(numbers):05d}Z"
        allowed[text] = who
        return text

    header = [marker(EVERYONE) for _ in range(5)]
    record_only = frozenset[str]()
    attendees = tuple(
        Attendee(
            n + 1,
            "",
            marker(record_only),
            marker(record_only),
            status=Attendance.PRESENT,
            agreed=draw(st.booleans()),
        )
        for n in range(draw(st.integers(0, 3)))
    )
    review = []
    for _ in range(draw(st.integers(0, 4))):
        owner = draw(agency)
        mine = frozenset({owner})
        review.append(
            ReviewLine(
                marker(mine),
                date(2026, 11, 1),
                owner,
                marker(mine),
                marker(mine),
                draw(st.sampled_from(list(ActionStatus))),
                marker(mine),
            )
        )
    cases = []
    for case_id in range(draw(st.integers(0, 5))):
        referrer = draw(agency)
        known_to = frozenset(draw(st.lists(agency, max_size=3)))
        shared_by = draw(st.lists(st.tuples(agency, audiences), max_size=3))
        owners = draw(st.lists(agency, max_size=3))
        research_drawn = draw(st.lists(st.tuples(agency, audiences, st.booleans()), max_size=4))
        informs = draw(agency)
        # The agency that informs the victim, and every agency a shared item's audience
        # names, is involved too (what is held back names no one).
        named_in = {
            code
            for _, audience, held in research_drawn
            if not held and audience.kind is AudienceKind.NAMED
            for code in audience.agencies
        } | {
            code
            for _, audience in shared_by
            if audience.kind is AudienceKind.NAMED
            for code in audience.agencies
        }
        involved = frozenset(
            {referrer, *known_to, *(a for a, _ in shared_by), *owners, informs, *named_in}
        )
        research = []
        for by, audience, held in research_drawn:
            who = frozenset() if held else readers(audience, involved)
            research.append(
                ResearchLine(by, marker(who), "Risks identified", marker(who), audience, held)
            )
        shared = tuple(
            SharedInfo(by, marker(readers(audience, involved)), audience)
            for by, audience in shared_by
        )
        record = CaseRecord(
            notes=marker(record_only),
            risk_victim=marker(involved),
            risk_children=marker(involved),
            risk_adults=marker(involved),
            risk_perpetrator=marker(involved),
            risk_level=RiskLevel.HIGH,
            informs_agency=informs,
            informs_person=marker(involved),
        )
        actions = tuple(
            Action(marker(involved), owner, marker(involved), date(2026, 12, 8)) for owner in owners
        )
        cases.append(
            CaseFacts(
                case_id,
                marker(involved),
                marker(involved),
                (("Referred by", marker(involved)), ("Dash score", marker(involved))),
                referrer,
                known_to,
                tuple(research),
                shared,
                record,
                actions,
            )
        )
    facts = MeetingFacts(
        header[0],
        header[1],
        header[2],
        header[3],
        header[4],
        "OFFICIAL-SENSITIVE",
        marker(record_only),
        NAMES,
        attendees,
        tuple(review),
        tuple(cases),
        tuple(
            (marker(record_only), marker(record_only), "2025-12-01")
            for _ in range(draw(st.integers(0, 2)))
        ),
    )
    return facts, allowed


@settings(max_examples=300, deadline=None)
@given(meetings())
def test_each_marker_reaches_exactly_the_agencies_the_rules_allow(drawn) -> None:
    facts, allowed = drawn
    for recipient in (FULL_RECORD, *AGENCIES):
        text = minutes_for(facts, recipient).text
        for marker, who in allowed.items():
            expected = recipient == FULL_RECORD or recipient in who
            assert (marker in text) == expected, (recipient, marker, sorted(who))


@settings(max_examples=100, deadline=None)
@given(meetings())
def test_the_recipients_are_the_agencies_with_something_to_read(drawn) -> None:
    facts, allowed = drawn
    listed = set(recipients(facts))
    header = {facts.marac_name, facts.title, facts.where, facts.chair, facts.minute_taker}
    for code in AGENCIES:
        text = minutes_for(facts, code).text
        has_own = any(m in text for m in allowed if m not in header)
        assert (code in listed) == has_own, code


def test_the_agency_that_informs_the_victim_and_one_named_receive_the_case() -> None:
    """An IDVA named to tell the victim, and a school named in a police item's audience,
    each receive the case though neither researched, shared nor owns an action."""
    case = CaseFacts(
        1,
        "M2026-00001",
        "HUSSAIN, Fatima",
        (),
        "POLICE",
        frozenset(),
        (ResearchLine("POLICE", "Victim", "Risks identified", "Q-police-item", named("SCHOOL")),),
        (),
        CaseRecord(risk_level=RiskLevel.HIGH, informs_agency="IDVA", informs_person="Priya"),
    )
    facts = MeetingFacts(
        "Testshire MARAC", "1 Dec", "Room 4", "", "", "O-S", "", NAMES, cases=(case,)
    )
    assert {"IDVA", "SCHOOL"} <= set(recipients(facts))
    idva, school = minutes_for(facts, "IDVA").text, minutes_for(facts, "SCHOOL").text
    assert "M2026-00001" in idva and "Priya" in idva and "Q-police-item" not in idva
    assert "M2026-00001" in school and "Q-police-item" in school


def test_a_case_an_agency_is_not_involved_in_is_not_even_counted() -> None:
    case = CaseFacts(
        1, "NT-1", "ADAMS, Zora", (("Referred by", "Police"),), "POLICE", frozenset({"IDVA"})
    )
    other = CaseFacts(2, "NT-2", "BROWN, Yusuf", (), "HOUSING", frozenset())
    facts = MeetingFacts(
        "Northtown MARAC",
        "Tuesday 1 December 2026",
        "Room 4",
        "Chair",
        "Minutes",
        "OS",
        "",
        NAMES,
        cases=(case, other),
    )
    idva = minutes_for(facts, "IDVA")
    assert "NT-1" in idva.text and "NT-2" not in idva.text and "BROWN" not in idva.text
    assert "(1)" not in idva.text and "(2)" not in idva.text
    assert "Cases discussed (2)" in minutes_for(facts).text


def test_the_review_keeps_circumstances_changed_apart_from_not_done() -> None:
    lines = tuple(
        ReviewLine("NT-0", date(2026, 11, 1), "POLICE", "PC Lee", f"Action {s.value}", s, "why")
        for s in (ActionStatus.CIRCUMSTANCES_CHANGED, ActionStatus.NOT_COMPLETED)
    )
    facts = MeetingFacts("M", "today", "", "", "", "OS", "", NAMES, review=lines)
    text = minutes_for(facts, "POLICE").text
    assert ActionStatus.CIRCUMSTANCES_CHANGED.label in text
    assert ActionStatus.NOT_COMPLETED.label in text
    assert ActionStatus.CIRCUMSTANCES_CHANGED.label != ActionStatus.NOT_COMPLETED.label


@settings(max_examples=200, deadline=None)
@given(meetings())
def test_an_action_plan_carries_nothing_its_agency_may_not_read(drawn) -> None:
    facts, allowed = drawn
    for recipient in AGENCIES:
        text = action_plan_for(facts, recipient).text
        may = {m for m, who in allowed.items() if recipient in who}
        assert set(re.findall(r"Q\d{5}Z", text)) <= may, recipient
        for case in facts.cases:
            for action in case.actions:
                assert (action.text in text) == (action.owner_agency == recipient)
    record = action_plan_for(facts).text
    for case in facts.cases:
        assert all(action.text in record for action in case.actions)

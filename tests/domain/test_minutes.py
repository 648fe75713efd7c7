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
    not_in_record: set[str] = set()

    def marker(who: frozenset[str], in_record: bool = True) -> str:
        text = f"Q{next(numbers):05d}Z"
        allowed[text] = who
        if not in_record:
            not_in_record.add(text)
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
        # A case never reached at the meeting is in the record only (listed as carried
        # to the next meeting), in no agency's minutes.
        discussed = draw(st.booleans())
        if not discussed:
            involved = frozenset()

        def detail(who: frozenset[str], _discussed: bool = discussed) -> str:
            """What the case held: in the record only when the case was discussed (a case
            not reached is listed by reference and victim, and waits)."""
            return marker(who, in_record=_discussed)

        research = []
        for by, audience, held in research_drawn:
            who = frozenset() if held else readers(audience, involved)
            research.append(
                ResearchLine(by, detail(who), "Risks identified", detail(who), audience, held)
            )
        shared = tuple(
            SharedInfo(by, detail(readers(audience, involved)), audience)
            for by, audience in shared_by
        )
        record = CaseRecord(
            notes=detail(record_only),
            risk_victim=detail(involved),
            risk_children=detail(involved),
            risk_adults=detail(involved),
            risk_perpetrator=detail(involved),
            risk_level=RiskLevel.HIGH,
            informs_agency=informs,
            informs_person=detail(involved),
        )
        actions = tuple(
            Action(detail(involved), owner, detail(involved), date(2026, 12, 8)) for owner in owners
        )
        cases.append(
            CaseFacts(
                case_id,
                marker(involved),
                marker(involved),
                (("Referred by", detail(involved)), ("Dash score", detail(involved))),
                referrer,
                known_to,
                tuple(research),
                shared,
                record,
                actions,
                discussed,
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
    return facts, allowed, not_in_record


@settings(max_examples=300, deadline=None)
@given(meetings())
def test_each_marker_reaches_exactly_the_agencies_the_rules_allow(drawn) -> None:
    facts, allowed, not_in_record = drawn
    for recipient in (FULL_RECORD, *AGENCIES):
        text = minutes_for(facts, recipient).text
        for marker, who in allowed.items():
            in_record = marker not in not_in_record
            expected = in_record if recipient == FULL_RECORD else recipient in who
            assert (marker in text) == expected, (recipient, marker, sorted(who))


@settings(max_examples=100, deadline=None)
@given(meetings())
def test_the_recipients_are_the_agencies_with_something_to_read(drawn) -> None:
    facts, allowed, _ = drawn
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


def test_the_record_counts_only_the_cases_discussed_and_lists_the_rest_apart() -> None:
    """3 of 20 cases discussed: "Cases discussed (3)", the 17 others carried to the next
    meeting in the record only, and no agency receives a case it was not discussed in."""
    cases = tuple(
        CaseFacts(
            n,
            f"M2026-{n:05d}",
            f"VICTIM{n}, Ann",
            (),
            "POLICE",
            frozenset({"IDVA"}),
            discussed=n < 3,
        )
        for n in range(20)
    )
    facts = MeetingFacts("T MARAC", "1 Dec", "Room", "", "", "O-S", "", NAMES, cases=cases)
    record = minutes_for(facts).text
    assert "Cases discussed (3)" in record
    assert "Cases not reached: carried to the next meeting (17)" in record
    police = minutes_for(facts, "POLICE").text
    assert "M2026-00002" in police and "M2026-00003" not in police
    assert "Attendance" in record and "None recorded." in record


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
    facts, allowed, _ = drawn
    for recipient in AGENCIES:
        text = action_plan_for(facts, recipient).text
        may = {m for m, who in allowed.items() if recipient in who}
        assert set(re.findall(r"Q\d{5}Z", text)) <= may, recipient
        for case in facts.cases:
            for action in case.actions:
                expected = case.discussed and action.owner_agency == recipient
                assert (action.text in text) == expected
    record = action_plan_for(facts).text
    for case in facts.cases:
        assert all((action.text in record) == case.discussed for action in case.actions)

"""Research returns through the services: recording, replacing, history, audiences, and
an agency representative who only ever sees their own agency's work."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from marac_desk.domain.research import (
    RECORD_ONLY,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    Source,
    Standing,
    named,
)
from marac_desk.errors import PermissionDeniedError, ValidationError
from marac_desk.storage import (
    agencies,
    audit,
    case_file,
    meetings,
    research,
    research_drafts,
    research_packs,
)
from marac_desk.storage import research_status as status
from tests.storage.test_meetings import NEXT_TUESDAY, accepted_case, representative


def planned_meeting(vault, count: int = 2) -> tuple[int, list[int]]:
    case_ids = [accepted_case(vault, name) for name in ("Adams", "Brown", "Clark")[:count]]
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, case_ids)
    return meeting, case_ids


def findings(vault, case_id: int, text: str = "Known to the safeguarding team") -> ReturnContent:
    people = case_file.people(vault.conn, case_id)
    victim, *others = people
    return ReturnContent(
        (
            PersonResearch(
                victim.person_id,
                Known.YES,
                (
                    Item(ItemKind.INVOLVEMENT, text, Nature.FACT),
                    Item(ItemKind.SHARE, "Attended A&E twice in October", Nature.FACT),
                    Item(
                        ItemKind.SHARE,
                        "Appears very frightened",
                        Nature.OPINION,
                        named("POLICE", "IDVA"),
                    ),
                    Item(
                        ItemKind.HELD,
                        "Counselling notes: not relevant to risk",
                        Nature.UNSTATED,
                        RECORD_ONLY,
                    ),
                ),
            ),
            *(PersonResearch(p.person_id, Known.NO) for p in others),
        )
    )


def nil(vault, case_id: int) -> ReturnContent:
    return ReturnContent(
        tuple(PersonResearch(p.person_id, Known.NO) for p in case_file.people(vault.conn, case_id))
    )


def test_a_phoned_in_return_is_recorded_as_such_and_read_back(vault) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    with pytest.raises(ValidationError, match="Say who phoned"):
        research.save_return(
            vault, meeting, case_id, "HEALTH-ACUTE", findings(vault, case_id), source=Source.PHONE
        )
    research.save_return(
        vault,
        meeting,
        case_id,
        "HEALTH-ACUTE",
        findings(vault, case_id),
        source=Source.PHONE,
        source_note="Dr Patel, 25 Nov",
    )
    stored = research.current_return(vault, meeting, case_id, "health-acute")
    assert stored is not None and stored.source is Source.PHONE
    assert stored.content == findings(vault, case_id)
    assert [e.action for e in audit.entries(vault.conn)][-2:] == [
        "research_recorded",
        "research_viewed",
    ]


def test_a_second_return_needs_replace_and_the_first_is_kept_in_history(vault) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    research.save_return(
        vault,
        meeting,
        case_id,
        "HOUSING",
        nil(vault, case_id),
        source=Source.EMAIL,
        source_note="housing@example.org",
    )
    with pytest.raises(research.ReturnExistsError, match="replace"):
        research.save_return(
            vault,
            meeting,
            case_id,
            "HOUSING",
            findings(vault, case_id),
            source=Source.EMAIL,
            source_note="again",
        )
    research.save_return(
        vault,
        meeting,
        case_id,
        "HOUSING",
        findings(vault, case_id),
        source=Source.EMAIL,
        source_note="corrected",
        replace=True,
    )
    kept = research.history(vault, meeting, case_id, "HOUSING")
    assert [(r.current, r.content.is_nil) for r in kept] == [(False, True), (True, False)]
    assert "research_replaced" in [e.action for e in audit.for_case(vault.conn, case_id)]


def test_a_return_about_someone_not_in_the_case_changes_nothing(vault) -> None:
    meeting, (first, second) = planned_meeting(vault)
    wrong = findings(vault, second)  # the people of another case
    with pytest.raises(ValidationError, match="not in this case"):
        research.save_return(
            vault, meeting, first, "POLICE", wrong, source=Source.PHONE, source_note="PC Jones"
        )
    assert research.history(vault, meeting, first, "POLICE") == []


def test_unknown_person_with_information_and_named_audiences_are_checked(vault) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    victim = case_file.people(vault.conn, case_id)[0].person_id
    contradictory = ReturnContent(
        (PersonResearch(victim, Known.NO, (Item(ItemKind.SHARE, "Something", Nature.FACT),)),)
    )
    with pytest.raises(ValidationError, match="not known"):
        research.save_return(
            vault, meeting, case_id, "POLICE", contradictory, source=Source.PHONE, source_note="x"
        )
    unknown_agency = ReturnContent(
        (
            PersonResearch(
                victim, Known.YES, (Item(ItemKind.SHARE, "Something", Nature.FACT, named("NOPE")),)
            ),
        )
    )
    with pytest.raises(ValidationError, match="NOPE"):
        research.save_return(
            vault, meeting, case_id, "POLICE", unknown_agency, source=Source.PHONE, source_note="x"
        )


def test_the_coordinator_can_narrow_an_audience_but_never_widen_it(vault) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    research.save_return(
        vault,
        meeting,
        case_id,
        "POLICE",
        findings(vault, case_id),
        source=Source.PHONE,
        source_note="PC Jones",
    )
    stored = research.current_return(vault, meeting, case_id, "POLICE")
    assert stored is not None
    to_all, to_two = (s.item_id for s in stored.items if s.item.kind is ItemKind.SHARE)
    research.narrow_audience(vault, to_two, named("IDVA"))
    with pytest.raises(ValidationError, match="only be narrowed"):
        research.narrow_audience(vault, to_two, named("IDVA", "CSC"))
    research.narrow_audience(vault, to_all, RECORD_ONLY)
    with pytest.raises(ValidationError, match="only be narrowed"):
        research.narrow_audience(vault, to_all, named("POLICE"))
    after = research.current_return(vault, meeting, case_id, "POLICE")
    assert after is not None
    assert [s.item.audience for s in after.items if s.item.kind is ItemKind.SHARE] == [
        RECORD_ONLY,
        named("IDVA"),
    ]


def test_the_grid_shows_requested_returned_nil_and_overdue(vault) -> None:
    meeting, (first, second) = planned_meeting(vault)
    for code in ("POLICE", "HOUSING"):
        data = research_packs.pack_data(vault, meeting, code)
        research_packs.record_pack(vault, data, f"{code}.docx")
    research.save_return(
        vault,
        meeting,
        first,
        "POLICE",
        findings(vault, first),
        source=Source.PHONE,
        source_note="PC Jones",
    )
    research.save_return(
        vault,
        meeting,
        second,
        "POLICE",
        nil(vault, second),
        source=Source.PHONE,
        source_note="PC Jones",
    )
    before = status.grid(vault, meeting, today=date(2026, 11, 26))
    assert before.agencies == ["HOUSING", "POLICE"]
    assert before.cells[("POLICE", first)] is Standing.RETURNED
    assert before.cells[("POLICE", second)] is Standing.NIL
    # A pack made but not recorded as sent asks nobody, so it is never overdue.
    assert before.cells[("HOUSING", first)] is Standing.NOT_SENT
    late = status.grid(vault, meeting, today=date(2026, 11, 28))  # the deadline was the 27th
    assert late.count("HOUSING", Standing.NOT_SENT) == 2
    assert late.count("HOUSING", Standing.OVERDUE) == 0
    police, housing = research_packs.packs(vault, meeting)
    with pytest.raises(ValidationError, match="Say how"):
        research_packs.record_sent(vault, police.pack_id, " ", date(2026, 11, 24))
    research_packs.record_sent(vault, police.pack_id, "Secure email", date(2026, 11, 24))
    assert status.grid(vault, meeting, date(2026, 11, 26)).sent == {
        "POLICE": "2026-11-24, Secure email"
    }
    research_packs.record_sent(vault, housing.pack_id, "Secure email", date(2026, 11, 25))
    assert (
        status.grid(vault, meeting, date(2026, 11, 26)).cells[("HOUSING", first)]
        is Standing.REQUESTED
    )
    after = status.grid(vault, meeting, today=date(2026, 11, 28))
    assert after.count("HOUSING", Standing.OVERDUE) == 2


def test_overdue_runs_from_the_deadline_the_sent_pack_gave(vault) -> None:
    meeting, (first, _second) = planned_meeting(vault)
    data = research_packs.pack_data(vault, meeting, "HOUSING")
    pack = research_packs.record_pack(vault, data, "HOUSING.docx")
    research_packs.record_sent(vault, pack, "Secure email", date(2026, 11, 20))
    details = meetings.read(vault.conn, meeting).details
    # The coordinator moves the meeting's deadline earlier after the pack went out: the
    # agency was told the 27th, so it is not overdue before then.
    meetings.update(vault, meeting, replace(details, research_deadline=date(2026, 11, 24)))
    grid = status.grid(vault, meeting, today=date(2026, 11, 26))
    assert grid.cells[("HOUSING", first)] is Standing.REQUESTED
    assert (
        status.grid(vault, meeting, date(2026, 11, 28)).cells[("HOUSING", first)]
        is Standing.OVERDUE
    )


def test_the_summary_waits_only_for_agencies_whose_pack_was_sent(vault) -> None:
    from marac_desk.storage import case_summary

    meeting, (first, _second) = planned_meeting(vault)
    data = research_packs.pack_data(vault, meeting, "HOUSING")
    pack = research_packs.record_pack(vault, data, "HOUSING.docx")
    assert case_summary.load(vault, meeting, first).missing == ()
    research_packs.record_sent(vault, pack, "Secure email", date(2026, 11, 20))
    assert case_summary.load(vault, meeting, first).missing == ("Local authority housing",)


def test_packs_are_suggested_for_agencies_involved_or_asked_last_time(vault) -> None:
    meeting, (first, _second) = planned_meeting(vault)
    suggested = research_packs.suggested_agencies(vault, meeting)
    referrer = vault.conn.execute(
        "SELECT upper(referring_agency) FROM referrals WHERE case_id = ?", (first,)
    ).fetchone()[0]
    assert suggested[referrer] == "referred a case on the agenda"
    # No earlier meeting asked anyone: the core MARAC agencies are suggested.
    assert suggested["POLICE"] in ("a core MARAC agency", "referred a case on the agenda")
    assert "IDVA" in suggested
    active = {a.code for a in agencies.list_agencies(vault, include_inactive=False)}
    assert set(suggested) < active  # not every agency: the coordinator chooses
    # Once a meeting has asked some agencies, the next meeting suggests those.
    data = research_packs.pack_data(vault, meeting, "HOUSING")
    sent = research_packs.record_pack(vault, data, "HOUSING.docx")
    research_packs.record_sent(vault, sent, "Secure email", date(2026, 11, 20))
    later = meetings.create(vault, replace(NEXT_TUESDAY, meeting_date=date(2027, 1, 5)))
    meetings.add_cases(vault, later, [accepted_case(vault, "Evans")])
    again = research_packs.suggested_agencies(vault, later)
    assert again.get("HOUSING") == "asked for the last meeting's research"
    assert "IDVA" not in again or again["IDVA"] != "a core MARAC agency"


def test_research_needs_a_meeting_that_collects_it(vault) -> None:
    case_id = accepted_case(vault, "Adams")
    meeting = meetings.create(
        vault, NEXT_TUESDAY.__class__(**{**NEXT_TUESDAY.__dict__, "research_deadline": None})
    )
    meetings.add_cases(vault, meeting, [case_id])
    with pytest.raises(ValidationError, match="research deadline"):
        research_packs.pack_data(vault, meeting, "POLICE")
    with pytest.raises(ValidationError, match="research deadline"):
        research.save_return(
            vault,
            meeting,
            case_id,
            "POLICE",
            nil(vault, case_id),
            source=Source.PHONE,
            source_note="x",
        )


def test_a_representative_enters_and_reads_only_their_own_agency(vault, data_dir) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    research.save_return(
        vault,
        meeting,
        case_id,
        "POLICE",
        findings(vault, case_id, "POLICE"),
        source=Source.PHONE,
        source_note="PC Jones",
    )
    rep = representative(vault, data_dir, "HOUSING")
    try:
        mine = findings(rep, case_id, "Tenancy since 2022")
        with pytest.raises(PermissionDeniedError, match="own agency"):
            research.save_return(rep, meeting, case_id, "POLICE", mine, source=Source.SCREEN)
        with pytest.raises(PermissionDeniedError):
            research.save_return(
                rep, meeting, case_id, "HOUSING", mine, source=Source.PHONE, source_note="x"
            )
        research.save_return(rep, meeting, case_id, "HOUSING", mine, source=Source.SCREEN)
        with pytest.raises(PermissionDeniedError, match="own agency"):
            research.current_return(rep, meeting, case_id, "POLICE")
        with pytest.raises(PermissionDeniedError, match="own agency"):
            research.history(rep, meeting, case_id, "POLICE")
        for call in (
            lambda: status.grid(rep, meeting, date(2026, 11, 26)),
            lambda: research_packs.packs(rep, meeting),
            lambda: research_packs.pack_data(rep, meeting, "HOUSING"),
            lambda: meetings.agenda(rep, meeting),
        ):
            with pytest.raises(PermissionDeniedError):
                call()
        own = research.current_return(rep, meeting, case_id, "HOUSING")
        assert own is not None and own.source is Source.SCREEN
        listed = status.assignments(rep, today=date(2026, 11, 24))
        assert (listed[0].case_id, listed[0].standing) == (case_id, Standing.RETURNED)
        assert listed[1].standing is Standing.REQUESTED
        assert "POLICE" not in repr(listed)
    finally:
        rep.close(action=None)


def test_a_draft_is_the_typists_own_and_goes_when_the_return_is_saved(vault, data_dir) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    rep = representative(vault, data_dir, "HOUSING")
    try:
        typed = findings(rep, case_id, "Tenancy since 2022, rent arrears")
        research_drafts.save_draft(rep, meeting, case_id, "HOUSING", typed)
        research_drafts.save_draft(rep, meeting, case_id, "HOUSING", typed)  # saved again
        kept = research_drafts.load_draft(rep, meeting, case_id, "HOUSING")
        assert kept is not None and kept.content == typed
        # Nobody else reads it: another agency is refused, and the coordinator has none.
        with pytest.raises(PermissionDeniedError):
            research_drafts.save_draft(rep, meeting, case_id, "POLICE", typed)
        assert research_drafts.load_draft(vault, meeting, case_id, "HOUSING") is None
        # A draft is never research: the coordinator's grid still waits for a return.
        assert research.current_return(vault, meeting, case_id, "HOUSING") is None
        research.save_return(rep, meeting, case_id, "HOUSING", typed, source=Source.SCREEN)
        assert research_drafts.load_draft(rep, meeting, case_id, "HOUSING") is None
    finally:
        rep.close(action=None)


def test_a_draft_keeps_only_people_still_on_the_case(vault) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    typed = findings(vault, case_id, "Phoned: known since March")
    gone = PersonResearch(999_999, Known.YES, (Item(ItemKind.SHARE, "About someone removed"),))
    research_drafts.save_draft(
        vault, meeting, case_id, "POLICE", ReturnContent((*typed.people, gone))
    )
    kept = research_drafts.load_draft(vault, meeting, case_id, "POLICE")
    assert kept is not None and kept.content == typed
    with pytest.raises(ValidationError, match="not on this meeting's agenda"):
        research_drafts.save_draft(vault, meeting, 999_999, "POLICE", typed)

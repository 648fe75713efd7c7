"""The combined case summary, built from what agencies returned."""

from __future__ import annotations

from datetime import date

from marac_desk.domain.research import (
    RECORD_ONLY,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    Source,
)
from marac_desk.storage import audit, case_file, case_summary, research, research_packs
from tests.storage.test_case_file import three_referrals_of_one_victim
from tests.storage.test_meetings import NEXT_TUESDAY
from tests.storage.test_research import findings, nil, planned_meeting


def test_the_summary_brings_every_agency_together_and_never_shows_what_was_held(vault) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    for code in ("POLICE", "HOUSING", "CSC", "GP"):
        pack = research_packs.record_pack(
            vault, research_packs.pack_data(vault, meeting, code), "f"
        )
        research_packs.record_sent(vault, pack, "Secure email", date(2026, 11, 20))
    research.save_return(
        vault,
        meeting,
        case_id,
        "POLICE",
        findings(vault, case_id, "Open DA case"),
        source=Source.PHONE,
        source_note="PC Jones",
    )
    research.save_return(
        vault,
        meeting,
        case_id,
        "HOUSING",
        nil(vault, case_id),
        source=Source.EMAIL,
        source_note="housing team",
    )
    child = case_file.people(vault.conn, case_id)[2]
    school = ReturnContent(
        (
            PersonResearch(
                child.person_id,
                Known.YES,
                (
                    Item(ItemKind.RISK, "Withdrawn at school since September", Nature.OPINION),
                    Item(ItemKind.SHARE, "Attendance 71%", Nature.FACT, RECORD_ONLY),
                    Item(
                        ItemKind.HELD, "Safeguarding file: third-party information", Nature.UNSTATED
                    ),
                ),
            ),
        )
    )
    research.save_return(
        vault,
        meeting,
        case_id,
        "CSC",
        school,
        source=Source.PHONE,
        source_note="duty social worker",
    )
    built = case_summary.load(vault, meeting, case_id)
    assert built.referral.reference and built.referral.dash_score == 14
    assert "Visible high risk" in built.referral.criteria
    victim, perpetrator, kid = built.people
    assert victim.title.startswith("Victim: ") and victim.known_to == ("Police",)
    assert victim.not_known_to == ("Local authority housing",)
    assert [(s.agency, s.kind, s.body) for s in victim.shared][:2] == [
        ("Police", ItemKind.INVOLVEMENT, "Open DA case"),
        ("Police", ItemKind.SHARE, "Attended A&E twice in October"),
    ]
    assert [s.audience for s in kid.shared] == ["All agencies involved", "MARAC record only"]
    assert built.risks == (("Children's social care", ("Withdrawn at school since September",)),)
    assert built.know_family == ("Children's social care", "Police")  # by name
    assert built.do_not_know == ("Local authority housing",)
    assert built.missing == ("Primary care (GP safeguarding lead)",)
    # Held items: only counted, with their reasons; never among what is shared.
    assert [(h.agency, h.count) for h in built.held_back] == [
        ("Children's social care", 1),
        ("Police", 1),
    ]
    every_shared = " ".join(s.body for p in built.people for s in p.shared)
    assert "Counselling notes" not in every_shared and "third-party" not in every_shared
    assert perpetrator.shared == ()
    assert "summary_viewed" in [e.action for e in audit.for_case(vault.conn, case_id)]


def test_the_summary_shows_earlier_referrals_of_the_same_victim(vault) -> None:
    from marac_desk.storage import meetings

    first, second, third, _other = three_referrals_of_one_victim(vault)
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, [second.case_id])
    built = case_summary.load(vault, meeting, second.case_id)
    assert [h.reference for h in built.history] == [first.reference, third.reference]
    assert built.missing == () and built.people[0].known_to == ()

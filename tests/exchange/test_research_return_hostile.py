"""A Word research return is imported only as the agency wrote it: never with an audience
wider than its words, never with an item on a person other than the one it was written
under. Each test here failed on the reader before this was so."""

from __future__ import annotations

import shutil

import pytest

from marac_desk.domain.research import ALL_INVOLVED, RECORD_ONLY, ItemKind, named
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import research_import
from marac_desk.storage import meetings, research
from tests.exchange.packs import Answers, fill, make_pack, person_ids
from tests.fixtures import hostile_returns as hostile


def returns_count(vault) -> int:
    return vault.conn.execute("SELECT count(*) FROM research_returns").fetchone()[0]


def imported(vault, meeting: int, case_id: int, pack, replace=False):
    planned = research_import.plan(vault, pack, meeting)
    research_import.run(vault, planned, replace=replace)
    stored = research.current_return(vault, meeting, case_id, "POLICE")
    assert stored is not None
    return planned, stored


def refused(vault, meeting: int, pack, *words: str) -> str:
    before = returns_count(vault)
    with pytest.raises(MaracDeskError) as caught:
        research_import.plan(vault, pack, meeting)
    message = str(caught.value)
    assert "\n" not in message, message  # one refusal, one line
    for word in words:
        assert word in message, message
    assert returns_count(vault) == before
    return message


def test_a_restriction_merged_down_over_rows_covers_each_of_them(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(
        pack,
        {
            victim: Answers(
                known="Yes",
                involvement="Open to the DA unit",
                involvement_audience="Only Police, IDVA service",
                risks="Threats to kill",
                share=[
                    ("Bail conditions", "Fact", "Only Police, IDVA service"),
                    ("Firearms licence", "Fact", ""),
                ],
            )
        },
    )
    hostile.merge_audience_down(pack, victim)
    _, stored = imported(vault, meeting, first, pack)
    audiences = {s.item.body: s.item.audience for s in stored.items}
    assert audiences["Threats to kill"] == named("POLICE", "IDVA")
    assert audiences["Firearms licence"] == named("POLICE", "IDVA")
    assert audiences["Open to the DA unit"] == named("POLICE", "IDVA")


def test_a_row_added_with_its_own_audience_is_an_item_of_its_own(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(pack, {victim: Answers(known="Yes", risks="Stalking since June")})
    hostile.add_row_under_risks(pack, victim, "He has a shotgun licence", "MARAC record only")
    _, stored = imported(vault, meeting, first, pack)
    risks = [(s.item.body, s.item.audience) for s in stored.items if s.item.kind is ItemKind.RISK]
    assert risks == [
        ("Stalking since June", ALL_INVOLVED),
        ("He has a shotgun licence", RECORD_ONLY),
    ]


def test_a_row_added_without_an_audience_keeps_the_one_above(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(pack, {victim: Answers(known="Yes", risks="Stalking since June")})
    hostile.add_row_under_risks(pack, victim, "Seen outside her work", "")
    _, stored = imported(vault, meeting, first, pack)
    risks = [s.item for s in stored.items if s.item.kind is ItemKind.RISK]
    assert [(i.body, i.audience) for i in risks] == [
        ("Stalking since June\nSeen outside her work", ALL_INVOLVED)
    ]


def test_an_audience_written_in_the_information_narrows_it(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(
        pack,
        {
            victim: Answers(
                known="Yes",
                share=[
                    ("She is pregnant. Only IDVA service.", "Fact", "All agencies involved"),
                    ("Only IDVA service", "", ""),
                    ("New address in Leeds (MARAC record only)", "Fact", ""),
                ],
            )
        },
    )
    planned, stored = imported(vault, meeting, first, pack)
    shares = [s.item for s in stored.items if s.item.kind is ItemKind.SHARE]
    assert [(i.body, i.audience) for i in shares] == [
        ("She is pregnant.", named("IDVA")),
        ("New address in Leeds", RECORD_ONLY),
    ]
    assert any("“Only IDVA service”" in w for w in planned.warnings)


def test_two_different_audiences_for_one_item_are_refused(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(
        pack,
        {victim: Answers(known="Yes", share=[("Pregnant. Only IDVA service.", "", "Only Police")])},
    )
    refused(vault, meeting, pack, "row 1", "Only IDVA service", "Only Police")


def test_a_restriction_naming_no_known_agency_is_refused(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(pack, {victim: Answers(known="Yes", share=[("Only the GP and Police may know", "", "")])})
    refused(vault, meeting, pack, "row 1", "Who may read it")


def test_a_second_document_part_is_refused(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    other = tmp_path / "other.docx"
    shutil.copy(pack, other)
    fill(pack, {victim: Answers(known="No")})
    fill(other, {victim: Answers(known="Yes", share=[("Planted", "Fact", "")])})
    hostile.second_document_part(pack, other)
    refused(vault, meeting, pack, "two copies")


def test_the_main_part_is_the_one_the_relationships_name(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(pack, {victim: Answers(known="Yes", risks="Threats to kill")})
    hostile.main_part_renamed(pack)
    _, stored = imported(vault, meeting, first, pack)
    assert [s.item.body for s in stored.items] == ["Threats to kill"]


def test_strict_open_xml_is_read(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(pack, {victim: Answers(known="Yes", risks="Threats to kill", share=[("A", "Fact", "")])})
    hostile.strict_open_xml(pack)
    _, stored = imported(vault, meeting, first, pack)
    assert [s.item.body for s in stored.items] == ["Threats to kill", "A"]


def test_person_ids_swapped_between_tables_are_refused(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, perpetrator, _child = person_ids(vault, first)
    fill(
        pack,
        {
            victim: Answers(known="Yes", share=[("Her new address is 4 Elm Road", "Fact", "")]),
            perpetrator: Answers(known="Yes", risks="Violent"),
        },
    )
    hostile.swap_person_ids(pack, victim, perpetrator)
    refused(vault, meeting, pack, "wrong person", "Victim:", "perpetrator")


def perpetrator_answered(vault, tmp_path):
    """A pack with the victim known and the perpetrator's bail breach to share."""
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, perpetrator, _child = person_ids(vault, first)
    fill(
        pack,
        {
            victim: Answers(known="Yes"),
            perpetrator: Answers(known="Yes", share=[("Breach of bail in 2025", "Fact", "")]),
        },
    )
    return meeting, perpetrator, pack


def test_a_deleted_person_table_does_not_put_answers_on_the_person_above(vault, tmp_path) -> None:
    meeting, perpetrator, pack = perpetrator_answered(vault, tmp_path)
    hostile.delete_person_table(pack, perpetrator)
    refused(vault, meeting, pack, "Perpetrator:", "lost its Person ID table")


def test_a_deleted_heading_and_person_table_are_refused(vault, tmp_path) -> None:
    meeting, perpetrator, pack = perpetrator_answered(vault, tmp_path)
    hostile.delete_heading_and_person_table(pack, perpetrator)
    refused(vault, meeting, pack, f"MARAC-PERSON-{perpetrator} is under", "wrong person")


def test_a_persons_tables_without_their_markers_are_still_counted(vault, tmp_path) -> None:
    """Packs made before the tables named their person: a second table of one kind
    under a person means the next person's heading and Person ID table were deleted."""
    meeting, perpetrator, pack = perpetrator_answered(vault, tmp_path)
    hostile.remove_table_markers(pack)
    hostile.delete_heading_and_person_table(pack, perpetrator)
    refused(vault, meeting, pack, "two “Information to share")


@pytest.mark.parametrize("answer", ["Yes/No", "Y / N", "yes or no", "No / Yes"])
def test_both_answers_to_known_are_refused(vault, tmp_path, answer) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(pack, {victim: Answers(known=answer, risks="Threats")})
    refused(vault, meeting, pack, f"“{answer}”", "Write Yes or No")


def test_a_blank_case_taken_off_the_agenda_does_not_refuse_the_rest(vault, tmp_path) -> None:
    meeting, (first, second), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(pack, {victim: Answers(known="Yes", risks="Threats")})
    meetings.remove_case(vault, meeting, second, "Heard at the emergency MARAC")
    planned, _stored = imported(vault, meeting, first, pack)
    assert [r.case_id for r in planned.returns] == [first]
    assert any("taken off this meeting's agenda" in w for w in planned.warnings)


def test_a_filled_case_taken_off_the_agenda_is_refused_with_what_to_do(vault, tmp_path) -> None:
    meeting, (_first, second), pack = make_pack(vault, tmp_path)
    fill(pack, {person_ids(vault, second)[0]: Answers(known="Yes", risks="Threats")})
    meetings.remove_case(vault, meeting, second, "Heard at the emergency MARAC")
    refused(vault, meeting, pack, f"MARAC-CASE-{second}", "list it again")


def test_an_unreadable_audience_over_two_lines_is_refused_on_one(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, *_ = person_ids(vault, first)
    fill(pack, {victim: Answers(known="Yes", share=[("Text", "Fact", "Only\nthe neighbours")])})
    refused(vault, meeting, pack, "“Only the neighbours”")


def test_replacing_is_chosen_per_case_and_the_preview_says_what_happens(vault, tmp_path) -> None:
    meeting, (first, second), pack = make_pack(vault, tmp_path)
    one, two = person_ids(vault, first)[0], person_ids(vault, second)[0]
    earlier = tmp_path / "earlier.docx"
    fill(pack, {one: Answers(known="No"), two: Answers(known="No")}, out=earlier)
    research_import.run(vault, research_import.plan(vault, earlier, meeting))
    fill(
        pack,
        {one: Answers(known="Yes", risks="Threats"), two: Answers(known="Yes", risks="Stalking")},
    )
    planned = research_import.plan(vault, pack, meeting)
    rows = research_import.preview(vault, planned)
    victims = [r for r in rows if r.person.startswith("Victim:")]
    assert [(r.case_id, r.counts[ItemKind.RISK], bool(r.replaces)) for r in victims] == [
        (first, 1, True),
        (second, 1, True),
    ]
    assert research_import.run(vault, planned, replace={second}) == 1
    kept = research.current_return(vault, meeting, first, "POLICE")
    replaced = research.current_return(vault, meeting, second, "POLICE")
    assert kept is not None and kept.items == []
    assert replaced is not None and [s.item.body for s in replaced.items] == ["Stalking"]

"""Research by sealed exchange files: a request goes from the MARAC to an agency's own
workspace, the research comes back sealed to the MARAC, and every file that is not exactly
what it should be (for someone else, from someone else, for another meeting, again) is
refused with a message that says which."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marac_desk.domain.research import (
    ALL_INVOLVED,
    RECORD_ONLY,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    Source,
    named,
)
from marac_desk.errors import ValidationError
from marac_desk.exchange import research_exchange, research_import, sealed, workspace
from marac_desk.exchange.key_card import read_card
from marac_desk.exchange.pack_reading import ImportRefusedError
from marac_desk.storage import (
    agency_keys,
    audit,
    exchange_identity,
    meetings,
    research,
    research_packs,
)
from tests.fixtures.exchange_parties import introduce, marac_card, new_workspace
from tests.storage.test_meetings import NEXT_TUESDAY
from tests.storage.test_research import planned_meeting


def research_for(request: object, case_id: int) -> ReturnContent:
    case = request.case(case_id)  # type: ignore[attr-defined]
    victim, *others = case.people
    return ReturnContent(
        (
            PersonResearch(
                victim.person_id,
                Known.YES,
                (
                    Item(ItemKind.INVOLVEMENT, "Open to the safeguarding hub", Nature.FACT),
                    Item(ItemKind.SHARE, "Two call-outs in November", Nature.FACT),
                    Item(ItemKind.SHARE, "Seems very frightened", Nature.OPINION, named("IDVA")),
                    Item(
                        ItemKind.HELD, "Intelligence source: not to be shared", audience=RECORD_ONLY
                    ),
                ),
            ),
            *(PersonResearch(p.person_id, Known.NO) for p in others),
        )
    )


@pytest.fixture
def parties(vault, tmp_path: Path):
    police = new_workspace(tmp_path / "police", "POLICE")
    idva = new_workspace(tmp_path / "idva", "IDVA")
    introduce(vault, police)
    introduce(vault, idva)
    yield vault, police, idva
    police.close(action=None)
    idva.close(action=None)


def send_request(marac, meeting: int, code: str, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    return research_exchange.make_request(marac, meeting, code, folder).path


def answer(space, request_file: Path, folder: Path) -> tuple[Path, dict[int, ReturnContent]]:
    request_id = workspace.open_request(space, request_file.read_bytes(), request_file.name)
    request, _ = workspace.load_request(space, request_id)
    entered = {}
    for case in request.cases:
        entered[case.case_id] = research_for(request, case.case_id)
        workspace.save_research(space, request_id, case.case_id, entered[case.case_id])
    folder.mkdir(exist_ok=True)
    path, count = workspace.make_return(space, request_id, folder)
    assert count == len(request.cases)
    return path, entered


def test_police_and_idva_research_comes_back_exactly_as_entered(parties, tmp_path) -> None:
    marac, police, idva = parties
    meeting, case_ids = planned_meeting(marac)
    outbox, inbox = tmp_path / "out", tmp_path / "in"
    returned = {}
    for code, space in (("POLICE", police), ("IDVA", idva)):
        request_file = send_request(marac, meeting, code, outbox)
        # Nothing about a case is readable in the file itself.
        assert b"Adams" not in request_file.read_bytes()
        path, entered = answer(space, request_file, inbox)
        returned[code] = entered
        planned = research_import.plan(marac, path, meeting)
        assert planned.agency_code == code and not planned.conflicts
        assert research_import.run(marac, planned) == len(case_ids)
    for code, entered in returned.items():
        for case_id in case_ids:
            stored = research.current_return(marac, meeting, case_id, code)
            assert stored is not None and stored.source is Source.PACK
            assert "signed by " + code in stored.source_note
            assert stored.content == entered[case_id]
    packs = research_packs.packs(marac, meeting)
    assert {p.agency_code: p.form for p in packs} == {"POLICE": "sealed", "IDVA": "sealed"}


def test_the_same_return_is_never_imported_twice(parties, tmp_path) -> None:
    marac, police, _ = parties
    meeting, _ = planned_meeting(marac)
    path, _ = answer(police, send_request(marac, meeting, "POLICE", tmp_path / "o"), tmp_path / "i")
    research_import.run(marac, research_import.plan(marac, path))
    before = len(audit.entries(marac.conn))
    with pytest.raises(ImportRefusedError, match="already imported on"):
        research_import.plan(marac, path)
    assert len(audit.entries(marac.conn)) == before


def test_a_request_opens_only_in_the_workspace_it_was_sealed_for(parties, tmp_path) -> None:
    marac, police, idva = parties
    meeting, _ = planned_meeting(marac)
    request_file = send_request(marac, meeting, "POLICE", tmp_path / "o")
    with pytest.raises(sealed.NotForUsError, match=r"sealed for Police .*not for Testshire IDVA"):
        workspace.open_request(idva, request_file.read_bytes(), request_file.name)
    assert workspace.requests(idva) == []
    workspace.open_request(police, request_file.read_bytes(), request_file.name)
    with pytest.raises(ValidationError, match="already opened here"):
        workspace.open_request(police, request_file.read_bytes(), request_file.name)


def test_a_return_for_another_meeting_is_refused_by_name(parties, tmp_path) -> None:
    marac, police, _ = parties
    meeting, _ = planned_meeting(marac)
    other = meetings.create(marac, NEXT_TUESDAY)
    path, _ = answer(police, send_request(marac, meeting, "POLICE", tmp_path / "o"), tmp_path / "i")
    with pytest.raises(ImportRefusedError, match="not the one you are importing into"):
        research_import.plan(marac, path, other)


def test_a_return_signed_by_one_agency_for_anothers_request_is_refused(parties, tmp_path) -> None:
    """IDVA cannot answer the police request (its token) in the police's name."""
    marac, police, idva = parties
    meeting, case_ids = planned_meeting(marac)
    police_file = send_request(marac, meeting, "POLICE", tmp_path / "o")
    idva_file = send_request(marac, meeting, "IDVA", tmp_path / "o2")
    request_id = workspace.open_request(idva, idva_file.read_bytes(), idva_file.name)
    request, _ = workspace.load_request(idva, request_id)
    police_token = workspace.open_request(police, police_file.read_bytes(), police_file.name)
    police_request, _ = workspace.load_request(police, police_token)
    # The IDVA workspace forges a return naming the police request's token.
    forged = sealed.seal_file(
        "research_return",
        {
            "version": 1,
            "token": police_request.token,
            "meeting_uid": police_request.meeting_uid,
            "agency": "POLICE",
            "cases": [],
        },
        sender=exchange_identity.identity(idva),
        sender_name="Testshire IDVA Service (IDVA)",
        recipient=workspace.marac_party(idva)[1],
        created_at="2026-12-01T10:00:00Z",
    )[0]
    path = tmp_path / "forged.marac"
    path.write_bytes(forged)
    with pytest.raises(ImportRefusedError, match=r"signed by IDVA .* request sent to POLICE"):
        research_import.plan(marac, path)
    assert request.agency_code == "IDVA" and case_ids


def test_a_return_from_a_workspace_whose_key_was_never_recorded_is_refused(vault, tmp_path) -> None:
    marac = vault
    meeting, _ = planned_meeting(marac)
    police = new_workspace(tmp_path / "police", "POLICE")
    introduce(marac, police)
    stranger = new_workspace(tmp_path / "stranger", "POLICE")
    # The stranger knows the MARAC's public key (key cards are not secret) and signs a return.
    workspace.record_marac_key(stranger, read_card(marac_card(marac)))
    body, _ = sealed.seal_file(
        "research_return",
        {"version": 1, "token": "X", "meeting_uid": "Y", "agency": "POLICE", "cases": []},
        sender=exchange_identity.identity(stranger),
        sender_name="Testshire Police (POLICE)",
        recipient=workspace.marac_party(stranger)[1],
        created_at="2026-12-01T10:00:00Z",
    )
    path = tmp_path / "stranger.marac"
    path.write_bytes(body)
    with pytest.raises(ImportRefusedError, match="not in your directory"):
        research_import.plan(marac, path, meeting)
    police.close(action=None)
    stranger.close(action=None)


def test_an_unconfirmed_key_needs_a_yes_to_send_and_the_yes_is_audited(vault, tmp_path) -> None:
    marac = vault
    meeting, _ = planned_meeting(marac)
    police = new_workspace(tmp_path / "police", "POLICE")
    introduce(marac, police, confirm=False)
    (tmp_path / "o").mkdir()
    with pytest.raises(agency_keys.UnconfirmedKeyError, match="not been confirmed"):
        research_exchange.make_request(marac, meeting, "POLICE", tmp_path / "o")
    assert research_packs.packs(marac, meeting) == []
    made = research_exchange.make_request(
        marac, meeting, "POLICE", tmp_path / "o", unconfirmed=True
    )
    assert not made.confirmed
    assert audit.entries(marac.conn, action="sent_to_unconfirmed_key")
    request_id = workspace.open_request(police, made.path.read_bytes(), made.path.name)
    request, _ = workspace.load_request(police, request_id)
    workspace.save_research(
        police,
        request_id,
        request.cases[0].case_id,
        research_for(request, request.cases[0].case_id),
    )
    with pytest.raises(workspace.UnconfirmedMaracKeyError):
        workspace.make_return(police, request_id, tmp_path)
    police.close(action=None)


def test_a_fingerprint_read_back_wrong_confirms_nothing(parties) -> None:
    marac = parties[0]
    with pytest.raises(ValidationError, match="not the fingerprint of the key recorded"):
        agency_keys.confirm_key(marac, "POLICE", "AAAA-BBBB-CCCC-DDDD")


def test_research_with_a_problem_is_not_sealed(parties, tmp_path) -> None:
    marac, police, _ = parties
    meeting, _ = planned_meeting(marac)
    request_file = send_request(marac, meeting, "POLICE", tmp_path / "o")
    request_id = workspace.open_request(police, request_file.read_bytes(), request_file.name)
    request, _ = workspace.load_request(police, request_id)
    case = request.cases[0]
    wrong = ReturnContent(
        (
            PersonResearch(
                case.people[0].person_id,
                Known.NO,
                (Item(ItemKind.SHARE, "Shared while not known", Nature.FACT),),
            ),
        )
    )
    workspace.save_research(police, request_id, case.case_id, wrong)
    with pytest.raises(ValidationError, match="marked as not known"):
        workspace.make_return(police, request_id, tmp_path)
    assert list(tmp_path.glob("Research return*")) == []


CODES = ("POLICE", "IDVA", "CSC", "GP")
bodies = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
    lambda t: t.strip() == t and t != ""
)
audiences = st.one_of(
    st.just(ALL_INVOLVED),
    st.just(RECORD_ONLY),
    st.sets(st.sampled_from(CODES), min_size=1).map(lambda codes: named(*codes)),
)


@st.composite
def person_research(draw: st.DrawFn, person_id: int) -> PersonResearch:
    known = draw(st.sampled_from(list(Known)))
    kinds = [ItemKind.HELD] if known is Known.NO else list(ItemKind)
    items = draw(
        st.lists(
            st.builds(
                Item,
                st.sampled_from(kinds),
                bodies,
                st.sampled_from(list(Nature)),
                audiences,
            ),
            max_size=4,
        )
    )
    return PersonResearch(person_id, known, tuple(items))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_a_return_imports_exactly_what_the_agency_entered(parties, tmp_path, data) -> None:
    """Whatever the agency enters, with whatever audiences, the MARAC's vault ends up with
    exactly that: no audience wider, no item moved to another person."""
    marac, police, _ = parties
    meeting = getattr(marac, "_property_meeting", None)
    if meeting is None:
        meeting, _ = planned_meeting(marac)
        marac._property_meeting = meeting  # type: ignore[attr-defined]
    folder = tmp_path / f"x{len(list(tmp_path.iterdir()))}"
    request_file = send_request(marac, meeting, "POLICE", folder)
    request_id = workspace.open_request(police, request_file.read_bytes(), request_file.name)
    request, _ = workspace.load_request(police, request_id)
    entered: dict[int, ReturnContent] = {}
    for case in request.cases:
        people = tuple(data.draw(person_research(p.person_id)) for p in case.people)
        entered[case.case_id] = ReturnContent(people)
        workspace.save_research(police, request_id, case.case_id, entered[case.case_id])
    path, _ = workspace.make_return(police, request_id, folder)
    planned = research_import.plan(marac, path, meeting)
    research_import.run(marac, planned, replace=True)
    for case_id, content in entered.items():
        stored = research.current_return(marac, meeting, case_id, "POLICE")
        assert stored is not None and stored.content == content

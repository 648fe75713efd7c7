"""Action plans out to an agency's workspace and action updates back, sealed: the agency
updates only its own actions, and the MARAC takes an update only for an action it sent
that agency, from that agency's key, once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marac_desk.domain.actions import Action, ActionStatus
from marac_desk.errors import ValidationError
from marac_desk.exchange import action_exchange, sealed, workspace, workspace_actions
from marac_desk.storage import actions, audit, exchange_identity
from marac_desk.storage.vault import Vault
from tests.fixtures.exchange_parties import introduce, new_workspace
from tests.storage.test_research import planned_meeting


@pytest.fixture
def parties(vault, tmp_path: Path):
    police = new_workspace(tmp_path / "police", "POLICE")
    idva = new_workspace(tmp_path / "idva", "IDVA")
    introduce(vault, police)
    introduce(vault, idva)
    meeting, (first, second) = planned_meeting(vault)
    ids = {
        "visit": actions.save(
            vault, meeting, first, Action("Flag the address", "POLICE", "PS Ray", date(2026, 12, 8))
        ),
        "check": actions.save(vault, meeting, second, Action("Bail check", "POLICE", "PC Lee")),
        "plan": actions.save(vault, meeting, first, Action("Safety plan", "IDVA", "Priya")),
    }
    yield vault, police, idva, ids
    police.close(action=None)
    idva.close(action=None)


def send_plan(marac: Vault, space: Vault, code: str, folder: Path) -> int:
    folder.mkdir(exist_ok=True)
    path, count = action_exchange.make_plan(marac, code, folder)
    assert workspace_actions.open_plan(space, path.read_bytes(), path.name) == count
    return count


def test_the_police_get_their_plan_and_their_update_comes_back(parties, tmp_path) -> None:
    marac, police, _, ids = parties
    assert send_plan(marac, police, "POLICE", tmp_path / "out") == 2
    listed = workspace_actions.listed(police)
    assert [a.text for a in listed] == ["Flag the address", "Bail check"]  # soonest first
    assert all(a.text != "Safety plan" for a in listed)  # never another agency's
    workspace_actions.record_update(
        police, ids["visit"], ActionStatus.COMPLETED, "Marker added on 2 December"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    path, count = workspace_actions.make_update(police, folder)
    assert count == 1
    planned = action_exchange.plan_updates(marac, path)
    assert [u.action_id for u in planned.updates] == [ids["visit"]]
    assert action_exchange.take_updates(marac, planned) == 1
    history = actions.updates(marac, ids["visit"])
    assert history[-1].status is ActionStatus.COMPLETED
    assert history[-1].note == "Marker added on 2 December"
    assert history[-1].by == "POLICE (action update file)" and not history[-1].at_meeting
    with pytest.raises(ValidationError, match="already taken in"):
        action_exchange.plan_updates(marac, path)
    # Sent: nothing is waiting any more.
    with pytest.raises(ValidationError, match="No action has an update waiting"):
        workspace_actions.make_update(police, folder)


def test_an_update_for_an_action_never_sent_to_that_agency_is_refused(parties, tmp_path) -> None:
    """The IDVA workspace signs an update to a police action: refused whole."""
    marac, police, idva, ids = parties
    send_plan(marac, idva, "IDVA", tmp_path / "out")
    _, marac_party = workspace.marac_party(idva)
    body, _ = sealed.seal_file(
        "action_update",
        {
            "version": 1,
            "agency": "IDVA",
            "updates": [{"action": ids["visit"], "status": "completed", "note": "Done", "at": "x"}],
        },
        sender=exchange_identity.identity(idva),
        sender_name="IDVA",
        recipient=marac_party,
        created_at="2026-12-02T10:00:00Z",
    )
    path = tmp_path / "forged.marac"
    path.write_bytes(body)
    before = actions.updates(marac, ids["visit"])
    with pytest.raises(ValidationError, match="never sent to IDVA"):
        action_exchange.plan_updates(marac, path)
    assert actions.updates(marac, ids["visit"]) == before
    assert police  # the police's own workspace was not involved


def test_a_plan_opens_only_in_its_agencys_workspace(parties, tmp_path) -> None:
    marac, police, idva, _ = parties
    folder = tmp_path / "out"
    folder.mkdir()
    path, _ = action_exchange.make_plan(marac, "POLICE", folder)
    with pytest.raises(sealed.NotForUsError):
        workspace_actions.open_plan(idva, path.read_bytes(), path.name)
    workspace_actions.open_plan(police, path.read_bytes(), path.name)
    with pytest.raises(ValidationError, match="already opened"):
        workspace_actions.open_plan(police, path.read_bytes(), path.name)
    assert audit.entries(marac.conn, action="action_plan_sent")


def test_an_update_needs_a_note_when_an_action_was_not_done(parties, tmp_path) -> None:
    marac, police, _, ids = parties
    send_plan(marac, police, "POLICE", tmp_path / "out")
    with pytest.raises(ValidationError):
        workspace_actions.record_update(police, ids["check"], ActionStatus.NOT_COMPLETED, "")

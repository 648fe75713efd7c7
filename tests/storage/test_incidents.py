"""Incidents between meetings in a real vault: recorded or refused whole, listed on Home
while a repeat waits for a decision, and a repeat referral started from one."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from marac_desk.domain.incidents import Decision
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, incidents
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault, sign_in

TODAY = date.today()


@pytest.fixture
def trained(register: Path, tmp_path: Path):
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    opened = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    yield opened
    opened.close(action=None)


def heard_case(vault: Vault) -> tuple[int, date]:
    """A heard case whose repeat window is still open."""
    row = vault.conn.execute(
        "SELECT id, last_referral_on FROM cases WHERE status = 'heard' "
        "AND last_referral_on >= ? ORDER BY last_referral_on LIMIT 1",
        ((TODAY - timedelta(days=300)).isoformat(),),
    ).fetchone()
    return int(row[0]), date.fromisoformat(row[1])


def test_a_repeat_incident_waits_on_home_until_referred(trained: Vault) -> None:
    case_id, last = heard_case(trained)
    before = {p.incident.incident_id for p in incidents.waiting(trained)}
    history = incidents.record(
        trained, case_id, day=last - timedelta(days=3), agency="police", what="Earlier call"
    )
    repeat = incidents.record(
        trained,
        case_id,
        day=TODAY - timedelta(days=2),
        agency="police",
        what="Called to the address: door kicked in",
        police_reference="PR/26/991",
    )
    waiting = {p.incident.incident_id: p for p in incidents.waiting(trained)}
    assert repeat.incident_id in waiting and history.incident_id not in waiting
    assert set(waiting) - before == {repeat.incident_id}
    assert [i.incident_id for i in incidents.for_case(trained, case_id)][:2] == [
        repeat.incident_id,
        history.incident_id,
    ]
    prompt = waiting[repeat.incident_id]
    assert prompt.reference and prompt.victim

    new_case = incidents.start_repeat_referral(trained, repeat.incident_id)
    assert new_case != case_id
    form = json.loads(
        trained.conn.execute(
            "SELECT form FROM referrals WHERE case_id = ?", (new_case,)
        ).fetchone()[0]
    )
    old = json.loads(
        trained.conn.execute(
            "SELECT form FROM referrals WHERE case_id = ? ORDER BY id DESC", (case_id,)
        ).fetchone()[0]
    )
    assert form["victim"]["surname"] == old["victim"]["surname"]
    assert form["referral"]["incident_date"] == (TODAY - timedelta(days=2)).isoformat()
    assert "PR/26/991" in form["referral"]["reason"] and "dash" not in form
    status = trained.conn.execute("SELECT status FROM cases WHERE id = ?", (new_case,)).fetchone()
    assert status == ("draft",)
    decided = incidents.read(trained, repeat.incident_id)
    assert decided.decision is Decision.REFERRED and decided.repeat_case_id == new_case
    assert repeat.incident_id not in {p.incident.incident_id for p in incidents.waiting(trained)}
    with pytest.raises(ValidationError, match="already recorded"):
        incidents.start_repeat_referral(trained, repeat.incident_id)  # never a second draft
    # The audit log says which case and incident, never what happened.
    logged = audit.entries(trained.conn, action="incident_recorded")
    assert logged and all("door" not in json.dumps(e.detail) for e in logged)


def test_not_referred_needs_a_reason(trained: Vault) -> None:
    case_id, _ = heard_case(trained)
    found = incidents.record(trained, case_id, day=TODAY, agency="HOUSING", what="Noise report")
    with pytest.raises(ValidationError, match="Say why"):
        incidents.not_referred(trained, found.incident_id, "  ")
    incidents.not_referred(trained, found.incident_id, "Not the same person causing harm")
    decided = incidents.read(trained, found.incident_id)
    assert decided.decision is Decision.NOT_REFERRED and "same person" in decided.decision_note
    assert found.incident_id not in {p.incident.incident_id for p in incidents.waiting(trained)}


def test_a_wrong_incident_is_refused_and_nothing_is_written(trained: Vault) -> None:
    case_id, _ = heard_case(trained)
    count = trained.conn.execute("SELECT count(*) FROM incidents").fetchone()
    for kwargs, says in (
        ({"day": TODAY + timedelta(days=1)}, "in the future"),
        ({"agency": "NOWHERE"}, "not in the agency directory"),
        ({"what": ""}, "Say what happened"),
    ):
        values = {"day": TODAY, "agency": "POLICE", "what": "Call"} | kwargs
        with pytest.raises(ValidationError, match=says):
            incidents.record(trained, case_id, **values)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="no longer in the vault"):
        incidents.record(trained, 10**9, day=TODAY, agency="POLICE", what="Call")
    assert trained.conn.execute("SELECT count(*) FROM incidents").fetchone() == count

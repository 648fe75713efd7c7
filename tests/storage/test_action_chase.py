"""Actions to chase from a real vault: the tracker's late actions by agency, and the chase
recorded by ids only."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from marac_desk.domain import settings
from marac_desk.errors import ValidationError
from marac_desk.storage import action_chase, actions, audit
from marac_desk.storage import settings as stored_settings
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import sign_in


@pytest.fixture
def trained(register: Path, tmp_path: Path):
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    opened = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    yield opened
    opened.close(action=None)


def test_late_actions_follow_the_tracker_and_the_setting(trained) -> None:
    today = date.today()
    rows = actions.tracker(trained)
    late = action_chase.late(trained, today)
    expected = {
        r.action.action_id
        for r in rows
        if r.action.due_on is not None and r.action.due_on < today - timedelta(days=7)
    }
    assert expected, "the training meeting held a fortnight ago left actions overdue"
    assert {a.action_id for found in late for a in found.actions} == expected
    stored_settings.change(trained, settings.ACTION_CHASE_DAYS, 90)
    assert action_chase.late(trained, today) == []
    stored_settings.change(trained, settings.ACTION_CHASE_DAYS, 0)
    assert {a.action_id for f in action_chase.late(trained, today) for a in f.actions} == {
        r.action.action_id for r in rows if r.overdue(today)
    }
    text = action_chase.text_for(trained, late[0], today)
    words = {r.action.text for r in rows}
    assert not any(w in text for w in words)  # never an action's wording
    with pytest.raises(ValidationError, match="Tick the agencies"):
        action_chase.record(trained, [])
    action_chase.record(trained, late[:1])
    (entry,) = audit.entries(trained.conn, action="actions_chased")
    assert set(entry.detail) == {"agency", "actions"}
    assert not any(w in json.dumps(entry.detail) for w in words)

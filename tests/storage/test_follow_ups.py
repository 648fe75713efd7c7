"""Follow-ups in a real vault: set on a heard case only, listed on Home as they come due,
done with what was found."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from marac_desk.errors import ValidationError
from marac_desk.storage import audit, follow_ups, home
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


def case_with(vault: Vault, status: str) -> int:
    return int(
        vault.conn.execute("SELECT id FROM cases WHERE status = ? LIMIT 1", (status,)).fetchone()[0]
    )


def test_a_follow_up_comes_due_on_home_and_is_done(trained: Vault) -> None:
    before = {line.follow_up.follow_up_id for line in home.read(trained, TODAY).follow_ups or ()}
    assert before, "the training vault has one due this week"
    case_id = case_with(trained, "heard")
    later = follow_ups.set_follow_up(
        trained, case_id, due=TODAY + timedelta(days=30), what="Secret detail: locks"
    )
    soon = follow_ups.set_follow_up(trained, case_id, due=TODAY + timedelta(days=7), what="Soon")
    listed = {line.follow_up.follow_up_id for line in home.read(trained, TODAY).follow_ups or ()}
    assert listed - before == {soon.follow_up_id}  # a week ahead, not a month
    with pytest.raises(ValidationError, match="Say what the follow-up found"):
        follow_ups.done(trained, soon.follow_up_id, "")
    follow_ups.done(trained, soon.follow_up_id, "Locks changed; order served.")
    assert not follow_ups.read(trained, soon.follow_up_id).open
    listed = {line.follow_up.follow_up_id for line in home.read(trained, TODAY).follow_ups or ()}
    assert listed == before
    with pytest.raises(ValidationError, match="already done"):
        follow_ups.done(trained, soon.follow_up_id, "Again")
    assert [f.follow_up_id for f in follow_ups.for_case(trained, case_id)][:1] == [
        later.follow_up_id
    ]  # open first
    logged = audit.entries(trained.conn, action="follow_up_set")
    assert logged and all("Secret" not in json.dumps(e.detail) for e in logged)


def test_only_a_heard_case_gets_one_and_nothing_is_written_otherwise(trained: Vault) -> None:
    count = trained.conn.execute("SELECT count(*) FROM follow_ups").fetchone()
    with pytest.raises(ValidationError, match="hear it first"):
        follow_ups.set_follow_up(trained, case_with(trained, "listed"), due=TODAY, what="Check")
    with pytest.raises(ValidationError, match="has passed"):
        follow_ups.set_follow_up(
            trained, case_with(trained, "heard"), due=TODAY - timedelta(days=1), what="Check"
        )
    assert trained.conn.execute("SELECT count(*) FROM follow_ups").fetchone() == count

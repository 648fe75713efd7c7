"""The training vault: fictional cases written like real ones, repeats found by the check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marac_desk.domain.actions import ActionStatus
from marac_desk.domain.research import Standing
from marac_desk.errors import VaultExistsError
from marac_desk.storage import actions, case_summary, cases, meetings, referrals, repeats
from marac_desk.storage import research_status as status
from marac_desk.storage.training import make_training_vault


def test_training_register_is_complete_and_its_repeats_are_found(tmp_path: Path) -> None:
    vault = make_training_vault(tmp_path / "vault", 400)
    try:
        rows = cases.register(vault)
        assert len(rows) == 400
        assert all(r.reference.startswith("TRAINING-") for r in rows)
        assert all(r.last_referral_on and r.referring_agency for r in rows)
        assert all(r.dash_score is not None for r in rows)
        repeat = next(r for r in rows if r.is_repeat)
        doc, _, _ = referrals.load(vault, repeat.case_id)
        earlier = repeats.find_earlier(vault, doc, repeat.case_id)
        linked = {e.earlier_case_id for e in repeats.links_of(vault, repeat.case_id)}
        assert linked and linked & {e.case_id for e in earlier}
        # Next week's meeting, part way through collecting research.
        meeting, past = meetings.listed(vault)
        assert meeting.details.meeting_date > date.today() and meeting.cases == 20
        # A fortnight ago: held and closed, its actions part done, so there is a review.
        assert past.closed and past.details.meeting_date < date.today()
        review = actions.for_review(vault, meeting.meeting_id)
        assert {r.action.status for r in review} >= {ActionStatus.OPEN, ActionStatus.IN_PROGRESS}
        assert any(r.overdue(date.today()) for r in review)
        ahead = (meeting.details.meeting_date - date.today()).days
        assert meeting.details.meeting_date.weekday() == 1 and 2 <= ahead <= 8  # next week
        grid = status.grid(vault, meeting.meeting_id, date.today())
        states = set(grid.cells.values())
        assert {Standing.RETURNED, Standing.NIL, Standing.OVERDUE} <= states
        built = [case_summary.load(vault, meeting.meeting_id, c.case_id) for c in grid.cases]
        assert any(s.risks for s in built) and any(s.held_back for s in built)
    finally:
        vault.close(action=None)


def test_an_existing_vault_is_never_replaced(tmp_path: Path) -> None:
    make_training_vault(tmp_path / "vault", 5).close(action=None)
    with pytest.raises(VaultExistsError):
        make_training_vault(tmp_path / "vault", 5)


def test_a_kept_training_vault_opens_again_and_never_a_real_one(tmp_path, data_dir) -> None:
    import pytest

    from marac_desk.errors import ValidationError
    from marac_desk.storage import cases
    from marac_desk.storage.training import open_kept_training_vault

    kept = tmp_path / "training"
    first = open_kept_training_vault(kept)
    made = len(cases.register(first))
    referral_ids = [r.case_id for r in cases.register(first)][:1]
    first.close(action=None)
    again = open_kept_training_vault(kept)
    assert [r.case_id for r in cases.register(again)][:1] == referral_ids
    assert len(cases.register(again)) == made  # the same vault, not a new one
    again.close(action=None)
    with pytest.raises(ValidationError, match="not a training vault"):
        open_kept_training_vault(data_dir)  # a real vault: refused, not opened
    with pytest.raises(ValidationError, match="where the real vault lives"):
        open_kept_training_vault(tmp_path / "elsewhere", real_data_dir=tmp_path / "elsewhere")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("someone's notes")
    with pytest.raises(ValidationError, match="other files"):
        open_kept_training_vault(busy)

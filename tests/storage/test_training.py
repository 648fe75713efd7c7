"""The training vault: fictional cases written like real ones, repeats found by the check."""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desk.errors import VaultExistsError
from marac_desk.storage import cases, referrals, repeats
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
    finally:
        vault.close(action=None)


def test_an_existing_vault_is_never_replaced(tmp_path: Path) -> None:
    make_training_vault(tmp_path / "vault", 5).close(action=None)
    with pytest.raises(VaultExistsError):
        make_training_vault(tmp_path / "vault", 5)

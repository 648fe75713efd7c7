"""An urgent referral: it needs its reason, and Home lists it until it is heard."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from marac_desk.storage import home, referrals
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import sign_in
from tests.domain.test_return_fields import findings


def test_urgent_needs_its_reason() -> None:
    doc = {"referral": {"urgent": "Yes"}}
    assert "referral.urgent_reason" in findings(doc, complete=True)
    assert "Say why the case is urgent" in findings(doc)["referral.urgent_reason"]
    doc["referral"]["urgent_reason"] = "Threats to kill yesterday."
    assert "referral.urgent_reason" not in findings(doc, complete=True)
    stray = findings({"referral": {"urgent": "No", "urgent_reason": "Why?"}})
    assert "answer Yes to Urgent" in stray["referral.urgent"]


def test_home_lists_an_urgent_case_until_it_is_heard(register: Path, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    vault = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    try:
        today = date.today()
        (urgent,) = home.read(vault, today).urgent or ()
        assert urgent.reference == "TRAINING-00600"
        with vault.transaction():
            vault.conn.execute("UPDATE cases SET status = 'heard' WHERE id = ?", (urgent.case_id,))
        assert home.read(vault, today).urgent == ()
        # A draft marked urgent is listed as soon as it is saved.
        saved = referrals.save_draft(
            vault,
            {
                "victim": {"surname": "Example", "forenames": "Ann"},
                "referral": {"urgent": "Yes", "urgent_reason": "Weapon seen today."},
            },
        )
        assert [c.case_id for c in home.read(vault, today).urgent or ()] == [saved.case_id]
    finally:
        vault.close(action=None)

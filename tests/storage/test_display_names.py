"""Names shown in capitals keep every letter of their alphabet, in every list that shows
them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault, sign_in


@pytest.fixture
def trained(register: Path, tmp_path: Path):
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    opened = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    yield opened
    opened.close(action=None)


def test_names_in_capitals_keep_their_accents(trained: Vault) -> None:
    """SQLite's upper() folds only A to Z; every list shows surnames in capitals as
    Python does, so "Ó Súilleabháin" is "Ó SÚILLEABHÁIN", never "Ó SúILLEABHáIN"."""
    from marac_desk.storage import cases

    surnames = {
        case_id: surname
        for case_id, surname in trained.conn.execute(
            "SELECT cp.case_id, p.surname FROM case_persons cp JOIN persons p "
            "ON p.id = cp.person_id WHERE cp.role = 'victim'"
        )
    }
    accented = [
        s for s in surnames.values() if s.upper() != s.upper().encode("ascii", "ignore").decode()
    ]
    assert accented, "the training register has names with accents"
    for row in cases.register(trained):
        assert row.victim.split(", ")[0] == surnames[row.case_id].upper()

"""The throwaway training vault: a temporary folder, never the real data folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from marac_desk.domain.roles import Role
from marac_desk.domain.training import generate_cases
from marac_desk.security import kdf
from marac_desk.storage.cases import insert_case
from marac_desk.storage.vault import Vault, create_vault

TRAINING_USER = "trainee"
# Shown on the training lock screen: the vault is fictional and thrown away at exit.
TRAINING_PASSWORD = "training-only"  # noqa: S105
DEFAULT_TRAINING_CASES = 60


def create_training_vault(cases: int = DEFAULT_TRAINING_CASES, parent: Path | None = None) -> Vault:
    """A fresh vault in a new temporary folder, signed in as an all-roles trainee.

    Its password is printed on the lock screen: the data is fictional and the
    vault exists only for this run; the caller removes the folder when done
    (`discard_data_dir`).
    """
    folder = Path(tempfile.mkdtemp(prefix="marac-desk-training-", dir=parent))
    vault, _ = create_vault(
        folder,
        marac_name="TRAINING MARAC (fictional)",
        username=TRAINING_USER,
        full_name="Training User",
        password=TRAINING_PASSWORD,
        user_roles=frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
        kdf_n=kdf.MIN_N,  # fictional, throwaway data: nothing to slow guessing down for
    )
    populate(vault, cases)
    return vault


def populate(vault: Vault, cases: int, seed: int = 2026) -> None:
    with vault.transaction() as conn:
        for case in generate_cases(cases, seed=seed):
            insert_case(conn, case)
        vault.audit("training_data_created", {"cases": cases})

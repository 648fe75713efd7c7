"""The throwaway training vault: a temporary folder, never the real data folder."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from marac_desk.domain.criteria import Decision
from marac_desk.domain.roles import Role
from marac_desk.domain.training import generate
from marac_desk.security import kdf
from marac_desk.storage import audit, checklists, name_index
from marac_desk.storage import settings as settings_store
from marac_desk.storage.referrals import write_case
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
    return make_training_vault(folder, cases)


def make_training_vault(data_dir: Path, cases: int, seed: int = 2026) -> Vault:
    """A lasting vault of fictional cases in `data_dir` (which must not hold a vault yet),
    for training rooms and benchmarks. Signed in as the trainee; the caller closes it."""
    vault, _ = create_vault(
        data_dir,
        marac_name="TRAINING MARAC (fictional)",
        username=TRAINING_USER,
        full_name="Training User",
        password=TRAINING_PASSWORD,
        user_roles=frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
        kdf_n=kdf.MIN_N,  # fictional data: nothing to slow guessing down for
    )
    populate(vault, cases, seed=seed)
    return vault


def populate(vault: Vault, cases: int, seed: int = 2026, today: date | None = None) -> None:
    """Write `cases` generated referrals in one transaction, with the coordinator's
    decisions on the repeats already recorded, as a real register would have them."""
    rules = settings_store.rules(vault)
    questions = len(checklists.default().questions)
    generated = generate(cases, seed=seed, today=today or date.today(), dash_questions=questions)
    case_ids: list[int] = []
    now = audit.now_iso()
    with vault.transaction() as conn:
        for case in generated:
            written = write_case(
                conn,
                vault.actor,
                case.doc,
                None,
                today=case.referral_date,
                complete=case.status.value != "draft",
                rules=rules,
                reference=case.reference,
                status=case.status.value,
                is_repeat=case.is_repeat,
                created_at=f"{case.referral_date.isoformat()}T09:00:00.000000Z",
            )
            case_ids.append(written.case_id)
            if case.earlier is not None:
                conn.execute(
                    "INSERT INTO case_links (case_id, earlier_case_id, decision, within_window, "
                    "score, reasons, decided_by, decided_at) VALUES (?, ?, ?, 1, 100, ?, ?, ?)",
                    (
                        written.case_id,
                        case_ids[case.earlier],
                        Decision.SAME_PAIR.value,
                        json.dumps(["training data"]),
                        vault.actor,
                        now,
                    ),
                )
        vault.audit("training_data_created", {"cases": cases})
    name_index.forget(vault)

"""The vault the meeting benchmarks share: 25 accepted cases listed on one meeting, in a
new temporary folder, with the 15 default agencies."""

from __future__ import annotations

import tempfile
from datetime import date
from datetime import time as clock
from pathlib import Path

from marac_desk.domain.meetings import MeetingDetails
from marac_desk.security import kdf
from marac_desk.storage import meetings, referrals
from marac_desk.storage.vault import Vault
from marac_desk.storage.vault_setup import create_vault
from tests.storage.test_referrals import referral

AGENCIES = [
    "POLICE", "IDVA", "CSC", "ASC", "HEALTH-ACUTE", "HEALTH-MH", "HEALTH-HV", "GP",
    "HOUSING", "HA", "PROBATION", "EDUCATION", "SUBSTANCE", "DA-SERVICE", "REFUGE",
]  # fmt: skip


def meeting_vault(name: str, cases: int = 25) -> tuple[Path, Vault, int, list[int]]:
    """(its folder, the vault, the meeting's id, the cases' ids)."""
    folder = Path(tempfile.mkdtemp(prefix=f"marac-desk-bench-{name}-"))
    vault, _ = create_vault(
        folder / "vault",
        marac_name="Benchmark MARAC",
        username="bench",
        full_name="Bench",
        password="quartz lantern meadow harbour",  # noqa: S106  (a throwaway benchmark vault)
        kdf_n=kdf.MIN_N,
    )
    today = date(2026, 11, 24)
    ids = [
        referrals.complete(vault, referral(surname=f"Person{i}"), today=today).case_id
        for i in range(cases)
    ]
    meeting = meetings.create(
        vault,
        MeetingDetails(
            date(2026, 12, 1), clock(9, 30), venue="Room 4", research_deadline=date(2026, 11, 27)
        ),
    )
    meetings.add_cases(vault, meeting, ids)
    return folder, vault, meeting, ids

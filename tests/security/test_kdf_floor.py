"""The key derivation's cost has a floor in code: a key-slot file edited to a lower cost
makes no new slot cheaper, and a slot below the hard minimum is never tried."""

from __future__ import annotations

import json

import pytest

from marac_desk.security import kdf
from marac_desk.security.keyslots import KeySlots
from tests.conftest import REAL_WRITE_FLOOR


def test_a_file_cannot_lower_the_cost_of_new_slots(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(kdf, "WRITE_FLOOR", REAL_WRITE_FLOOR)
    slots = KeySlots.create(
        vault_id="v", vault_key=b"k" * 32, recovery_raw=b"r" * 20, kdf_n=kdf.MIN_N
    )
    assert slots.kdf_n == REAL_WRITE_FLOOR >= 2**15
    data = json.loads(slots.to_bytes())
    data["kdf_n"] = 2  # an edited file asks for almost no work
    edited = KeySlots.from_bytes(json.dumps(data).encode())
    edited.set_password("cora", "a long enough password", b"k" * 32)
    assert edited.users["cora"].kdf.n >= REAL_WRITE_FLOOR


def test_a_slot_below_the_hard_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="not acceptable"):
        kdf.derive_key("pw", kdf.KdfParams.fresh(n=kdf.MIN_N // 2))

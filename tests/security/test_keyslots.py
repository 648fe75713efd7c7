"""Key slots: the vault key opens only with the right password or recovery key."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marac_desk.errors import (
    NotAVaultError,
    RateLimitedError,
    ValidationError,
    WrongCredentialsError,
)
from marac_desk.security import kdf, keyslots, recovery_key

KEY = os.urandom(32)


def make_slots() -> tuple[keyslots.KeySlots, bytes]:
    raw = recovery_key.generate()
    slots = keyslots.KeySlots.create(
        vault_id="v1", vault_key=KEY, recovery_raw=raw, kdf_n=kdf.MIN_N
    )
    slots.set_password("ada", "a good long password", KEY)
    return slots, raw


def test_right_password_opens_the_vault_key() -> None:
    slots, _ = make_slots()
    assert slots.user_keys("ada", "a good long password") == [KEY]


def test_wrong_password_and_unknown_user_give_the_same_message() -> None:
    slots, _ = make_slots()
    with pytest.raises(WrongCredentialsError) as wrong:
        slots.user_keys("ada", "not the password")
    with pytest.raises(WrongCredentialsError) as unknown:
        slots.user_keys("nobody", "not the password")
    assert str(wrong.value) == str(unknown.value)
    assert [f["user"] for f in slots.pending_failures] == ["ada", "(unknown user)"]


def test_repeated_failures_are_throttled_then_released() -> None:
    slots, _ = make_slots()
    now = 1_000_000.0
    for _ in range(keyslots.FREE_ATTEMPTS + 1):
        with pytest.raises(WrongCredentialsError):
            slots.user_keys("ada", "wrong password", now=now)
    with pytest.raises(RateLimitedError) as limited:
        slots.user_keys("ada", "a good long password", now=now + 1)
    assert limited.value.retry_after_seconds > 0
    assert "Wait" in str(limited.value)
    assert slots.user_keys("ada", "a good long password", now=now + 3600) == [KEY]
    assert "ada" not in slots.throttles


def test_throttle_state_survives_a_save_and_load(tmp_path) -> None:
    slots, _ = make_slots()
    for _ in range(keyslots.FREE_ATTEMPTS + 1):
        with pytest.raises(WrongCredentialsError):
            slots.user_keys("ada", "wrong password", now=100.0)
    slots.save(tmp_path / "slots.json")
    again = keyslots.KeySlots.load(tmp_path / "slots.json")
    with pytest.raises(RateLimitedError):
        again.user_keys("ada", "a good long password", now=101.0)


def test_recovery_key_opens_and_a_wrong_one_does_not() -> None:
    slots, raw = make_slots()
    assert slots.recovery_keys(raw) == [KEY]
    with pytest.raises(WrongCredentialsError):
        slots.recovery_keys(recovery_key.generate())


def test_reseal_keeps_both_generations_until_keep_only() -> None:
    slots, raw = make_slots()
    new = os.urandom(32)
    slots.reseal_all(new)
    assert slots.user_keys("ada", "a good long password") == [KEY, new]
    slots.keep_only(new)
    assert slots.user_keys("ada", "a good long password") == [new]
    assert slots.recovery_keys(raw) == [new]


def test_tampered_ciphertext_is_refused() -> None:
    slots, _ = make_slots()
    sealed = slots.users["ada"].sealed[0]
    flipped = bytes([sealed.ciphertext[0] ^ 1]) + sealed.ciphertext[1:]
    slots.users["ada"].sealed[0] = type(sealed)(
        sealed.key_id, sealed.ephemeral_public, sealed.nonce, flipped
    )
    with pytest.raises(WrongCredentialsError):
        slots.user_keys("ada", "a good long password")


def test_slot_file_holds_no_key_or_password_in_the_clear() -> None:
    slots, raw = make_slots()
    data = slots.to_bytes()
    for secret in (KEY, KEY.hex().encode(), raw, b"a good long password"):
        assert secret not in data


@pytest.mark.parametrize("content", [b"", b"not json", b"{}", b'{"format": 99}', b"\xff\xfe"])
def test_damaged_slot_file_gives_a_clear_error(content: bytes) -> None:
    with pytest.raises(NotAVaultError, match="damaged"):
        keyslots.KeySlots.from_bytes(content)


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=20, max_size=20))
def test_recovery_key_formats_and_parses_back(raw: bytes) -> None:
    text = recovery_key.format_key(raw)
    assert len(recovery_key.groups(text)) == recovery_key.GROUPS
    assert recovery_key.parse(text) == raw
    assert recovery_key.parse(text.lower().replace("-", " ")) == raw
    assert recovery_key.parse(text.replace("O", "0").replace("I", "1")) == raw


@pytest.mark.parametrize("text", ["", "ABCD", "!!!!-!!!!-!!!!-!!!!-!!!!-!!!!-!!!!-!!!!" + "A" * 32])
def test_malformed_recovery_key_is_explained(text: str) -> None:
    with pytest.raises(ValidationError):
        recovery_key.parse(text)


def test_confirmation_groups_are_two_different_groups() -> None:
    for _ in range(100):
        first, second = recovery_key.pick_confirmation_groups()
        assert 1 <= first < second <= recovery_key.GROUPS


def test_slot_with_trivial_cost_is_refused() -> None:
    with pytest.raises(ValueError):
        kdf.derive_key("x", kdf.KdfParams(salt=b"s" * 16, n=2))


def test_a_slot_file_edited_to_forget_failed_sign_ins_waits_the_longest(data_dir) -> None:
    """Throttling whose state was taken out of the file falls back to the strictest delay,
    not to none."""
    import json

    from marac_desk.errors import RateLimitedError
    from marac_desk.security.keyslots import MAX_DELAY_SECONDS
    from marac_desk.storage.vault import sign_in
    from tests.conftest import ADMIN, PASSWORD

    path = data_dir / "keyslots.json"
    data = json.loads(path.read_text())
    del data["throttles"]
    path.write_text(json.dumps(data))
    with pytest.raises(RateLimitedError) as raised:
        sign_in(data_dir, ADMIN, PASSWORD)
    assert raised.value.retry_after_seconds > MAX_DELAY_SECONDS - 5

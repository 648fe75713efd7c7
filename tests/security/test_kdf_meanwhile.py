"""A sign-in derives the password's key on a worker thread while the window gets ready:
the key is the same either way, the work stops once the key is ready, and neither a wrong
password nor a failing step changes what the sign-in decides."""

from __future__ import annotations

import os
import threading

import pytest

from marac_desk.errors import WrongCredentialsError
from marac_desk.security import kdf, keyslots, recovery_key

KEY = os.urandom(32)
PASSWORD = "a good long password"


def test_the_key_is_the_same_with_work_done_meanwhile() -> None:
    params = kdf.KdfParams.fresh(n=2**14)
    threads: list[str] = []

    def step() -> bool:
        threads.append(threading.current_thread().name)
        return len(threads) < 3

    assert kdf.derive_key(PASSWORD, params, meanwhile=step) == kdf.derive_key(PASSWORD, params)
    # The steps run on the calling thread, never the worker's.
    assert set(threads) == {threading.current_thread().name}


def test_the_steps_stop_once_the_key_is_ready() -> None:
    params = kdf.KdfParams.fresh(n=2**14)
    calls: list[int] = []
    release = threading.Event()

    def endless() -> bool:
        # Always more to do: only the derivation finishing ends the steps.
        calls.append(1)
        release.wait(0.01)
        return True

    assert len(kdf.derive_key(PASSWORD, params, meanwhile=endless)) == 32
    assert 0 < len(calls) < 1000


def test_a_failing_step_is_raised_only_after_the_derivation() -> None:
    params = kdf.KdfParams.fresh(n=2**14)
    derivations = threading.active_count()

    def broken() -> bool:
        raise RuntimeError("a step failed")

    with pytest.raises(RuntimeError, match="a step failed"):
        kdf.derive_key(PASSWORD, params, meanwhile=broken)
    # The worker was waited for: no derivation is left running behind the error.
    assert threading.active_count() == derivations


def test_a_refused_cost_is_refused_before_any_step() -> None:
    steps: list[int] = []
    with pytest.raises(ValueError, match="not acceptable"):
        kdf.derive_key(
            PASSWORD, kdf.KdfParams.fresh(n=kdf.MIN_N // 2), meanwhile=lambda: bool(steps)
        )
    assert steps == []


def _slots() -> keyslots.KeySlots:
    slots = keyslots.KeySlots.create(
        vault_id="v1", vault_key=KEY, recovery_raw=recovery_key.generate(), kdf_n=kdf.MIN_N
    )
    slots.set_password("ada", PASSWORD, KEY)
    return slots


def test_unlocking_with_steps_opens_and_refuses_as_without() -> None:
    slots = _slots()

    def step() -> bool:
        return False

    keys, _private = slots.unlock("ada", PASSWORD, meanwhile=step)
    assert keys == [KEY]
    with pytest.raises(WrongCredentialsError):
        slots.unlock("ada", "not the password", meanwhile=step)
    with pytest.raises(WrongCredentialsError):
        slots.unlock("nobody", PASSWORD, meanwhile=step)  # the same effort, the same answer
    assert [f["user"] for f in slots.pending_failures] == ["ada", "(unknown user)"]

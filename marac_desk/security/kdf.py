"""Password to key-encryption key, with scrypt (memory-hard, in the standard library)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

# n=2**17, r=8 costs 128 MiB of memory and about half a second on a 2020s
# laptop core: slow enough that guessing passwords from a stolen key-slot file
# is expensive, quick enough that a coordinator signing in does not wait.
# Each slot stores its own parameters, so the cost can rise later without
# locking anybody out.
DEFAULT_N = 2**17
DEFAULT_R = 8
DEFAULT_P = 1
MIN_N = 2**10  # refuse a slot file edited down to a trivial cost
# New slots are never made cheaper than this, whatever the key-slot file's own kdf_n says:
# 2**15 is 32 MiB and about 0.1 s here, so a file edited to lower the cost cannot make
# the next password change easy to guess. (The test suite lowers it, in code, for speed.)
WRITE_FLOOR = 2**15
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    n: int = DEFAULT_N
    r: int = DEFAULT_R
    p: int = DEFAULT_P

    @classmethod
    def fresh(cls, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P) -> KdfParams:
        return cls(salt=os.urandom(SALT_BYTES), n=n, r=r, p=p)


def derive_key(
    password: str, params: KdfParams, *, meanwhile: Callable[[], bool] | None = None
) -> bytes:
    """Derive a 32-byte key-encryption key from a password.

    `meanwhile`, when given, is called on this thread, again and again, while the key is
    derived on another: each call does one small piece of work and says whether there is
    more. scrypt lets go of the interpreter, so the half second a sign-in spends deriving
    can be spent getting the unlocked window ready. The calls stop once the key is ready
    (so a sign-in never waits long on them); an error from one is raised after the
    derivation has finished."""
    if params.n < MIN_N or params.n & (params.n - 1):
        raise ValueError("scrypt cost parameter is not acceptable")
    if meanwhile is None:
        return _scrypt(password, params)
    derived: list[bytes] = []
    failed: list[BaseException] = []

    def derive() -> None:
        try:
            derived.append(_scrypt(password, params))
        except BaseException as exc:  # handed to the caller's thread below
            failed.append(exc)

    worker = threading.Thread(target=derive, name="marac-desk key derivation", daemon=True)
    worker.start()
    try:
        while worker.is_alive() and meanwhile():
            pass
    finally:
        worker.join()
    if failed:
        raise failed[0]
    return derived[0]


def _scrypt(password: str, params: KdfParams) -> bytes:
    maxmem = 128 * params.r * params.n * params.p + 16 * 1024 * 1024
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=params.salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=maxmem,
        dklen=32,
    )

"""Password to key-encryption key, with scrypt (memory-hard, in the standard library)."""

from __future__ import annotations

import hashlib
import os
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


def derive_key(password: str, params: KdfParams) -> bytes:
    """Derive a 32-byte key-encryption key from a password."""
    if params.n < MIN_N or params.n & (params.n - 1):
        raise ValueError("scrypt cost parameter is not acceptable")
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

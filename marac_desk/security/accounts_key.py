"""The administrators' key: an Ed25519 key that signs the list of accounts and their roles.

Its private half is sealed (X25519 + AES-256-GCM, as the vault key is) to each
administrator's slot and to the recovery key, never to a coordinator's: whoever holds
only the vault key can change the `users` table with SQL, but cannot sign the change, so
the next sign-in refuses it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from marac_desk.security import sealing


@dataclass
class AccountsKey:
    public: bytes  # Ed25519 public key, 32 bytes
    sealed: dict[str, sealing.Sealed] = field(default_factory=dict)  # recipient -> seed


@dataclass(frozen=True)
class AccountRow:
    """What the signature covers of one account: who it is and what it may do."""

    user_id: int
    username: str
    roles: str  # comma-separated, as stored
    agency_code: str
    active: bool


def new_seed() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes_raw()


def public_of(seed: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()


def content(vault_id: str, rows: Iterable[AccountRow]) -> bytes:
    """The exact bytes signed: the vault's id and every account, in id order."""
    listed = sorted(rows, key=lambda r: r.user_id)
    body = {
        "vault_id": vault_id,
        "accounts": [
            [r.user_id, r.username, ",".join(sorted(r.roles.split(","))), r.agency_code, r.active]
            for r in listed
        ],
    }
    return b"marac-desk accounts\x00" + json.dumps(body, sort_keys=True).encode("utf-8")


def sign(seed: bytes, signed: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).sign(signed)


def verifies(public: bytes, signed: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, signed)
    except (InvalidSignature, ValueError):
        return False
    return True

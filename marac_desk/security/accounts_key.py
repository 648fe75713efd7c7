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
    # Every earlier public key, oldest first, each with the next key signed by it: an
    # administrator's slot bound to an earlier key accepts today's only through this chain.
    history: list[tuple[bytes, bytes]] = field(default_factory=list)  # (public, signature)

    def descends_from(self, earlier: bytes) -> bool:
        """True when `earlier` is this key, or this key was handed on from it, each step
        signed by the key before."""
        if earlier == self.public:
            return True
        chain = [*self.history, (self.public, b"")]
        for index, (public, _) in enumerate(chain[:-1]):
            if public != earlier:
                continue
            for (key, signature), (following, _) in zip(
                chain[index:-1], chain[index + 1 :], strict=True
            ):
                if not verifies(key, HANDOVER + following, signature):
                    return False
            return True
        return False


HANDOVER = b"marac-desk administrators' key handed on\x00"


def hand_on(previous_seed: bytes, new_public: bytes) -> bytes:
    """The old key's signature of the new one: an administrator who was given the old key
    trusts the new one because of it."""
    return sign(previous_seed, HANDOVER + new_public)


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

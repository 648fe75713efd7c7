"""Sealing the vault key to a recipient's X25519 public key, and wrapping private keys.

Every user, and the recovery key, owns an X25519 key pair. The vault key is
sealed to each public key, so an administrator can rotate the vault key and
re-seal it to everybody without knowing anybody's password. A user's private
key is wrapped with AES-256-GCM under the key derived from their password.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
KEY_BYTES = 32


class UnsealError(Exception):
    """The wrapped material could not be opened: wrong key, or it was altered."""


@dataclass(frozen=True)
class Sealed:
    key_id: str
    ephemeral_public: bytes
    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class Wrapped:
    nonce: bytes
    ciphertext: bytes


def key_id(key: bytes) -> str:
    """A short, non-secret name for a vault key generation."""
    return hashlib.sha256(b"marac-desk key id\x00" + key).hexdigest()[:16]


def new_keypair() -> tuple[bytes, bytes]:
    """Return (private, public) as raw 32-byte strings."""
    private = X25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


def public_of(private: bytes) -> bytes:
    """The X25519 public key of a raw private key."""
    return _raw_public(X25519PrivateKey.from_private_bytes(private).public_key())


def keypair_from_seed(seed: bytes, context: bytes) -> tuple[bytes, bytes]:
    """A deterministic key pair from high-entropy input (the recovery key)."""
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=context, info=b"marac-desk x25519"
    ).derive(seed)
    private = X25519PrivateKey.from_private_bytes(raw)
    return _raw_private(private), _raw_public(private.public_key())


def seal(secret: bytes, recipient_public: bytes, aad: bytes) -> Sealed:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    box_key = _box_key(shared, ephemeral_public, recipient_public)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(box_key).encrypt(nonce, secret, aad)
    return Sealed(key_id(secret), ephemeral_public, nonce, ciphertext)


def unseal(sealed: Sealed, recipient_private: bytes, aad: bytes) -> bytes:
    private = X25519PrivateKey.from_private_bytes(recipient_private)
    recipient_public = _raw_public(private.public_key())
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(sealed.ephemeral_public))
        box_key = _box_key(shared, sealed.ephemeral_public, recipient_public)
        secret = AESGCM(box_key).decrypt(sealed.nonce, sealed.ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise UnsealError("sealed key could not be opened") from exc
    if key_id(secret) != sealed.key_id:
        raise UnsealError("sealed key does not match its id")
    return secret


def wrap(secret: bytes, wrapping_key: bytes, aad: bytes) -> Wrapped:
    nonce = os.urandom(NONCE_BYTES)
    return Wrapped(nonce, AESGCM(wrapping_key).encrypt(nonce, secret, aad))


def unwrap(wrapped: Wrapped, wrapping_key: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(wrapping_key).decrypt(wrapped.nonce, wrapped.ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise UnsealError("wrapped key could not be opened") from exc


def _box_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=ephemeral_public + recipient_public,
        info=b"marac-desk sealed vault key",
    ).derive(shared)


# The raw forms need no `serialization` import, whose SSH key support alone costs several
# milliseconds of every start.
def _raw_private(private: X25519PrivateKey) -> bytes:
    return private.private_bytes_raw()


def _raw_public(public: X25519PublicKey) -> bytes:
    return public.public_bytes_raw()

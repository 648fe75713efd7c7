"""Tags made with keys derived from the vault key: proof that whoever wrote a file beside
the vault (its audit head, a backup's manifest) held the key the vault is under."""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derive(vault_key: bytes, vault_id: str, purpose: bytes) -> bytes:
    """A key for one purpose only (HKDF-SHA256, salted with the vault's id)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=vault_id.encode(), info=purpose).derive(
        vault_key
    )


def tag(vault_key: bytes, vault_id: str, purpose: bytes, message: bytes) -> str:
    return hmac.new(derive(vault_key, vault_id, purpose), message, hashlib.sha256).hexdigest()


def genuine(
    found: str, vault_keys: list[bytes], vault_id: str, purpose: bytes, message: bytes
) -> bool:
    """True when one of `vault_keys` made `found` for `message` (constant-time compare)."""
    return any(
        hmac.compare_digest(found, tag(key, vault_id, purpose, message)) for key in vault_keys
    )

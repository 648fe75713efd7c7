"""'Remember on this computer': the vault key cached in the OS keychain, never in a file."""

from __future__ import annotations

import json
import logging
from typing import Any

# keyring is imported when first needed: it costs a noticeable part of start-up
# and training mode never uses it.

SERVICE = "marac-desk"
log = logging.getLogger(__name__)

NO_KEYRING_MESSAGE = (
    "This computer has no keychain marac-desk can use, so it cannot remember the vault: "
    "you will be asked for your password each time."
)


def _entry(vault_id: str) -> str:
    return f"vault:{vault_id}"


def _keyring() -> Any:
    import keyring

    return keyring


def _errors() -> tuple[type[BaseException], ...]:
    import keyring.errors

    return (keyring.errors.KeyringError, RuntimeError, OSError)


def available() -> bool:
    """True when a real keychain answers (headless Linux often has one that only raises)."""
    try:
        backend = _keyring().get_keyring()
        if getattr(backend, "priority", 0) <= 0:
            return False
        backend.get_password(SERVICE, "probe")
    except _errors():
        return False
    return True


def remember(vault_id: str, username: str, vault_key: bytes) -> bool:
    """Cache the key; False (and nothing stored) when no keychain can take it."""
    payload = json.dumps({"user": username, "key": vault_key.hex()})
    try:
        _keyring().set_password(SERVICE, _entry(vault_id), payload)
    except _errors():
        log.info("no usable keychain; the vault key is not cached")
        return False
    return True


def recall(vault_id: str) -> tuple[str, bytes] | None:
    try:
        payload = _keyring().get_password(SERVICE, _entry(vault_id))
    except _errors():
        return None
    if not payload:
        return None
    try:
        data = json.loads(payload)
        key = bytes.fromhex(data["key"])
        username = str(data["user"])
    except (ValueError, KeyError, TypeError):
        forget(vault_id)
        return None
    if len(key) != 32:
        forget(vault_id)
        return None
    return username, key


def forget(vault_id: str) -> None:
    try:
        _keyring().delete_password(SERVICE, _entry(vault_id))
    except _errors():
        return

"""The recovery key: 160 random bits shown once as eight groups of four characters."""

from __future__ import annotations

import base64
import os
import secrets

from marac_desk.errors import ValidationError

RECOVERY_BYTES = 20  # 160 bits: far beyond guessing, short enough to type back
GROUP_LENGTH = 4
GROUPS = 8
# Base32 leaves out 0, 1 and 8 because they look like O, I and B; read them as those.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def generate() -> bytes:
    return os.urandom(RECOVERY_BYTES)


def format_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii")
    return "-".join(text[i : i + GROUP_LENGTH] for i in range(0, len(text), GROUP_LENGTH))


def groups(formatted: str) -> list[str]:
    return formatted.split("-")


def parse(text: str) -> bytes:
    """Read a typed recovery key, forgiving spaces, dashes, case and look-alike digits."""
    if any(not (ch.isalnum() or ch in "- \t\r\n") for ch in text):
        raise ValidationError(
            "A recovery key holds only letters, digits and dashes. "
            "Check the printed copy and type it again."
        )
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != GROUPS * GROUP_LENGTH:
        raise ValidationError(
            "A recovery key has 32 letters and digits in eight groups of four "
            f"(you typed {len(cleaned)}). Check the printed copy and type it again."
        )
    try:
        raw = base64.b32decode(cleaned)
    except ValueError as exc:
        raise ValidationError(
            "That is not a recovery key: it has characters a recovery key never contains. "
            "Check the printed copy and type it again."
        ) from exc
    return raw


def pick_confirmation_groups() -> tuple[int, int]:
    """Two different group numbers (1-based) the user must type back at set-up."""
    first = secrets.randbelow(GROUPS) + 1
    second = secrets.randbelow(GROUPS - 1) + 1
    if second >= first:
        second += 1
    return tuple(sorted((first, second)))  # type: ignore[return-value]

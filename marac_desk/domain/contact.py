"""What counts as an email address or a phone number, wherever the app asks for one."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def is_phone(text: str) -> bool:
    return bool(_PHONE.match(text))

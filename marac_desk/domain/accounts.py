"""Rules for user names and passwords."""

from __future__ import annotations

import re

MIN_PASSWORD_LENGTH = 10
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


def normalise_username(text: str) -> str:
    return text.strip().lower()


def username_problems(username: str) -> list[str]:
    if not USERNAME_PATTERN.fullmatch(username):
        return [
            "A user name is 2 to 32 characters: lower-case letters, digits, dots, dashes or "
            "underscores, starting with a letter or digit."
        ]
    return []


def password_problems(password: str, username: str = "") -> list[str]:
    """What is wrong with a new password, in words a user can act on (empty when it is fine)."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            f"Use at least {MIN_PASSWORD_LENGTH} characters (a short phrase works well)."
        )
    if password and len(set(password)) < 4:
        problems.append("Use more than three different characters.")
    if username and password.strip().lower() == username.lower():
        problems.append("The password must not be the user name.")
    if password != password.strip():
        problems.append("The password must not start or end with a space.")
    return problems


def full_name_problems(full_name: str) -> list[str]:
    if not full_name.strip():
        return ["Enter the person's full name."]
    if len(full_name) > 120:
        return ["A full name is at most 120 characters."]
    return []

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


# zxcvbn's guess-count scores (0 to 4): 3 is "safely unguessable" against an attacker with
# a stolen slot file who must pay the scrypt cost for each guess; administrators, who can
# change every account, need 4.
MIN_SCORE = 3
MIN_ADMIN_SCORE = 4
# zxcvbn estimates at most 72 characters (and refuses more): a longer password is judged on
# its start, which is fair, since a password that long is not the weak one.
_ESTIMATE_CHARS = 72


def password_problems(
    password: str,
    username: str = "",
    *,
    administrator: bool = False,
    context: tuple[str, ...] = (),
) -> list[str]:
    """What is wrong with a new password, in words a user can act on (empty when it is fine).

    `context`: words that make a password easy to guess here (the person's name, the
    MARAC's), which the strength estimate counts against it.
    """
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
    if not problems:
        problems += _strength_problems(password, (username, *context), administrator)
    return problems


def _strength_problems(password: str, context: tuple[str, ...], administrator: bool) -> list[str]:
    from zxcvbn import zxcvbn  # a few tens of milliseconds to load: only when a password is set

    # zxcvbn matches each of these as a whole dictionary word: a full name or a MARAC's
    # name counts only split into its words.
    words = sorted({w.lower() for text in context for w in re.split(r"\W+", text) if len(w) > 2})
    found = zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=words)
    needed = MIN_ADMIN_SCORE if administrator else MIN_SCORE
    if int(found["score"]) >= needed:
        return []
    feedback = found.get("feedback") or {}
    said = " ".join(
        str(part).rstrip(".") + "."
        for part in [feedback.get("warning"), *(feedback.get("suggestions") or [])]
        if part
    )
    first = (
        "An administrator's password must be harder to guess than this."
        if administrator
        else "This password is too easy to guess."
    )
    tip = "A phrase of four or more unrelated words is strong and easy to remember."
    return [" ".join(part for part in (first, said, tip) if part)]


def full_name_problems(full_name: str) -> list[str]:
    if not full_name.strip():
        return ["Enter the person's full name."]
    if len(full_name) > 120:
        return ["A full name is at most 120 characters."]
    return []

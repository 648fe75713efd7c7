"""Getting the unlocked window ready while a password's key is derived.

A sign-in spends about half a second deriving the key from the password (scrypt, on a
worker thread: it lets go of the interpreter). The modules the unlocked window needs
first are imported in that time, one a step, so the window is built as soon as the vault
opens. Nothing here touches the vault or any case: only code is loaded.
"""

from __future__ import annotations

import importlib
import sys

# In the order the unlocked window needs them: the sign-in's own checks, the Home page
# (the first page shown) and what it reads, then what the first minute of work uses (the
# name index warmed after the first paint, the case register).
UNLOCKED_WINDOW_MODULES = (
    "marac_desk.storage.signed_accounts",
    "marac_desk.storage.minutes_passwords",
    "marac_desk.storage.representatives",
    "marac_desk.storage.home",
    "marac_desk.ui.pages.home",
    "marac_desk.storage.name_index",
    "marac_desk.ui.pages.register",
)


class Preparation:
    """One module imported per step; `step()` says whether there is more to do."""

    def __init__(self, modules: tuple[str, ...] = UNLOCKED_WINDOW_MODULES) -> None:
        self._left = [name for name in modules if name not in sys.modules]

    def step(self) -> bool:
        if not self._left:
            return False
        name = self._left.pop(0)
        try:
            importlib.import_module(name)
        except Exception:
            # Loading early is only a head start. Whatever failed fails again, with its
            # own message, where it is really used; a sign-in must never fail (or count
            # as a wrong password) because of it.
            self._left.clear()
            return False
        return bool(self._left)

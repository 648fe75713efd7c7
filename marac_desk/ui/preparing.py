"""Getting the unlocked window ready while the user signs in.

The sign-in screen is painted before the vault's own modules are loaded. They are loaded
once it is painted, one module a step with the event loop running between steps (so
typing is never lost), while the user name and password are typed; whatever is left is
loaded while the password's key is derived (about half a second of scrypt, on a worker
thread that lets go of the interpreter). The unlocked window is then built as soon as the
vault opens. Nothing here touches the vault or any case: only code is loaded.
"""

from __future__ import annotations

import importlib
import sys

# In the order the unlocked window needs them: the sign-in's own checks, the Home page
# (the first page shown) and what it reads, then what the first minute of work uses (the
# name index warmed after the first paint, the case register).
UNLOCKED_WINDOW_MODULES = (
    "marac_desk.storage.vault",
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
        self._left = list(modules)

    def step(self) -> bool:
        while self._left and self._left[0] in sys.modules:
            self._left.pop(0)  # loaded meanwhile, by whatever needed it
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

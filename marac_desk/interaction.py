"""How the core asks the user something: the Qt layer implements this, tests stub it."""

from __future__ import annotations

from typing import Protocol

# The title of restore's second question, asked only when a backup is of another vault:
# an answer given for every question (--yes) does not answer this one.
OTHER_VAULT_TITLE = "Restore another vault's backup"


class Asker(Protocol):
    def confirm(self, title: str, message: str) -> bool:
        """Ask a yes/no question; True means go ahead."""
        ...

    def progress(self, message: str, fraction: float | None = None) -> None:
        """Report what is happening now; fraction is 0..1 when known."""
        ...


class AlwaysYes:
    """For scripts that were told --yes."""

    def confirm(self, title: str, message: str) -> bool:
        return True

    def progress(self, message: str, fraction: float | None = None) -> None:
        return None

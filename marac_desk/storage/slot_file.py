"""Rewriting keyslots.json: only under the folder's lock, from what is on disk now."""

from __future__ import annotations

from pathlib import Path

from marac_desk.errors import KeySlotsChangedError, NotAVaultError
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import folder_lock
from marac_desk.storage.connection import open_vault_file
from marac_desk.storage.vault_paths import VaultPaths


def write_slots(
    vault_paths: VaultPaths,
    slots: KeySlots,
    key: bytes | None,
    database: Path | None = None,
    *,
    prove: bool = True,
) -> None:
    """The one way keyslots.json is rewritten: under this process's lock on the folder,
    after reading the file again, and only with slots that open the database's key now.

    - The file on disk must be the generation these slots were read as: if another
      marac-desk (on a network share, out of the lock's sight) wrote it since, saving would
      put back slots it replaced, so the save is refused and nothing is written.
    - With `key` (the key this process has the database open under), every account's slot
      and the recovery slot must hold that key, and the key must open `database` (the
      vault, unless given) as it is on disk now: a key rotated elsewhere fails here.
      Without it only sign-in throttling changes, on slots just read from the file.
    - `prove=False` skips opening the database, for a save that changes no sealed key (the
      audit log's head after each audited change): the generation check has already
      shown the file is the one these slots were read from.
    """
    if not folder_lock.held_here(vault_paths.data_dir):
        raise RuntimeError("keyslots.json is only written under the data folder's lock")
    if vault_paths.keyslots.exists():
        on_disk = KeySlots.load(vault_paths.keyslots)
        if on_disk.vault_id != slots.vault_id or on_disk.generation != slots.generation:
            raise KeySlotsChangedError(
                f"The key-slot file in {vault_paths.data_dir} was changed by another "
                "marac-desk after this one read it (a second copy of marac-desk on this vault, "
                "perhaps on another computer). Nothing was saved, so that neither undoes the "
                "other. Quit this window, sign in again, and repeat what you were doing."
            )
    if key is not None:
        missing = slots.without_key(key)
        if missing:
            raise KeySlotsChangedError(
                "marac-desk refused to save key slots that would not open the vault "
                f"(no current key for: {', '.join(missing)}). Nothing was saved. Sign in "
                "again and repeat what you were doing."
            )
        try:
            if prove:
                open_vault_file(database or vault_paths.vault, key).close()
        except NotAVaultError as exc:
            raise KeySlotsChangedError(
                "The vault's key was changed by another marac-desk after this one opened it "
                "(the key was rotated elsewhere). Nothing was saved. Quit this window and "
                "sign in again."
            ) from exc
    slots.generation += 1
    try:
        slots.save(vault_paths.keyslots)
    except BaseException:
        slots.generation -= 1
        raise

"""Where a vault's files are in its data folder, and what a folder holding part of one means."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marac_desk import paths as app_paths
from marac_desk.errors import NotAVaultError, VaultNotFoundError


@dataclass(frozen=True)
class VaultPaths:
    data_dir: Path

    @property
    def vault(self) -> Path:
        return self.data_dir / app_paths.VAULT_FILE

    @property
    def keyslots(self) -> Path:
        return self.data_dir / app_paths.KEYSLOTS_FILE

    @property
    def safety_dir(self) -> Path:
        return self.data_dir / app_paths.SAFETY_COPIES_DIR

    @property
    def remembered_note(self) -> Path:
        """Present while this computer's keychain holds the vault key. Start-up asks the
        keychain only then: loading the keychain library and finding its backend costs
        more than everything else before the sign-in screen. The file is empty; all it
        says is that a key was cached, which the keychain itself already shows."""
        return self.data_dir / app_paths.REMEMBERED_NOTE

    def exists(self) -> bool:
        return self.vault.is_file()


def vault_parts(vault_paths: VaultPaths) -> list[Path]:
    return [
        vault_paths.vault,
        vault_paths.keyslots,
        *(vault_paths.vault.with_name(vault_paths.vault.name + s) for s in ("-wal", "-shm")),
    ]


def building_file(vault_paths: VaultPaths, vault_id: str) -> Path:
    return vault_paths.data_dir / f".vault-{vault_id}.building"


def interrupted_setup(vault_paths: VaultPaths) -> Path | None:
    """The half-made vault of a set-up that was killed after writing its key slots and
    before putting vault.db in place, or None. Such a vault never held any case: it
    opens only at the end of the set-up, after the rename."""
    if vault_paths.vault.exists() or not vault_paths.keyslots.exists():
        return None
    # Here, not at the top: the sign-in screen asks this before it is painted, and the
    # key slots bring the cryptography library.
    from marac_desk.security.keyslots import KeySlots

    try:
        vault_id = KeySlots.load(vault_paths.keyslots).vault_id
    except NotAVaultError:
        return None
    building = building_file(vault_paths, vault_id)
    return building if building.is_file() else None


def require_vault(data_dir: Path) -> VaultPaths:
    vault_paths = VaultPaths(Path(data_dir))
    if vault_paths.exists():
        return vault_paths
    if interrupted_setup(vault_paths) is not None:
        raise VaultNotFoundError(
            f"The set-up of the vault in {vault_paths.data_dir} was interrupted before it "
            "finished, so there is no vault there yet. Run the set-up again (start "
            "marac-desk, or `marac-desk init`); it starts afresh with a new recovery key."
        )
    if vault_paths.keyslots.exists():
        raise VaultNotFoundError(
            f"{vault_paths.vault} is missing, though its key-slot file ({app_paths.KEYSLOTS_FILE}) "
            "is still there: the vault's database was moved or deleted. Put vault.db back, or "
            "restore the vault from a backup (marac-desk restore --from FILE). Do not run the "
            "set-up here: it would refuse, to keep the old vault openable. Nothing was changed."
        )
    raise VaultNotFoundError(
        f"There is no vault in {vault_paths.data_dir}. Run the set-up first "
        "(start marac-desk, or `marac-desk init`), or point --data-dir at the right folder."
    )

"""Making a new vault: never where any part of an old one is, always whole or not at all."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import sqlcipher3

from marac_desk import paths as app_paths
from marac_desk.domain import accounts, roles, settings
from marac_desk.domain.roles import Role
from marac_desk.errors import ValidationError, VaultExistsError
from marac_desk.security import accounts_key, kdf, recovery_key
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import (
    agency_defaults,
    audit,
    audit_anchor,
    exchange_identity,
    faults,
    folder_lock,
    migrations,
    signed_accounts,
)
from marac_desk.storage.connection import open_vault_file
from marac_desk.storage.slot_file import write_slots
from marac_desk.storage.vault import DEFAULT_PURPOSE, Vault, open_with_key, write_setting
from marac_desk.storage.vault_paths import (
    VaultPaths,
    building_file,
    interrupted_setup,
    vault_parts,
)


def create_vault(
    data_dir: Path,
    *,
    marac_name: str,
    username: str,
    full_name: str,
    password: str,
    user_roles: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
    kdf_n: int = kdf.DEFAULT_N,
    migrations_dir: Path | None = None,
    recovery_raw: bytes | None = None,
    fictional: bool = False,
    workspace: tuple[str, str] | None = None,
) -> tuple[Vault, str]:
    """Make a new vault with its first administrator. Returns it and the formatted recovery key.

    `fictional`: a training vault, whose password is published in the app itself, so no
    strength is asked of it (it holds no real case).
    `workspace`: (agency code, agency name) for an agency workspace instead of a MARAC's
    vault; its first account researches for that agency and administers the workspace.
    """
    username = accounts.normalise_username(username)
    problems = [
        *accounts.username_problems(username),
        *accounts.full_name_problems(full_name),
        *(
            []
            if fictional
            else accounts.password_problems(
                password, username, administrator=True, context=(full_name, marac_name)
            )
        ),
    ]
    name_problem = settings.problem(settings.MARAC_NAME, marac_name.strip())
    if name_problem:
        problems.append(name_problem)
    if Role.ADMINISTRATOR not in user_roles:
        problems.append("The first account must be an administrator.")
    if workspace is not None:
        code, agency_name = workspace[0].strip().upper(), workspace[1].strip()
        if not code or len(code) > 20 or not code.replace("_", "").replace("-", "").isalnum():
            problems.append("Give the agency's code as the MARAC knows it, for example POL.")
        if not agency_name:
            problems.append("Give the agency's name.")
        workspace = (code, agency_name)
        user_roles = frozenset({Role.ADMINISTRATOR, Role.AGENCY_REPRESENTATIVE})
    problems += roles.role_problems(
        user_roles, workspace[0] if workspace else None, workspace=workspace is not None
    )
    if problems:
        raise ValidationError(" ".join(problems))
    vault_paths = VaultPaths(Path(data_dir))
    refuse_existing(vault_paths)
    try:
        vault_paths.data_dir.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            vault_paths.data_dir.chmod(0o700)
    except OSError as exc:
        raise folder_lock.folder_fault(vault_paths.data_dir, exc) from exc
    migrations_dir = migrations_dir or app_paths.migrations_dir()
    with folder_lock.acquire(vault_paths.data_dir, DEFAULT_PURPOSE):
        _clear_interrupted_setup(vault_paths)
        # Again under the lock: another set-up may have finished while this one waited.
        refuse_existing(vault_paths)
        return _build_vault(
            vault_paths,
            migrations_dir,
            marac_name,
            username,
            full_name,
            password,
            user_roles,
            kdf_n,
            recovery_raw,
            workspace,
        )


def _build_vault(
    vault_paths: VaultPaths,
    migrations_dir: Path,
    marac_name: str,
    username: str,
    full_name: str,
    password: str,
    user_roles: frozenset[Role],
    kdf_n: int,
    recovery_raw: bytes | None,
    workspace: tuple[str, str] | None,
) -> tuple[Vault, str]:
    key = os.urandom(32)
    vault_id = uuid.uuid4().hex
    # The set-up wizard makes the recovery key first, so the person can copy it
    # down and type part of it back before anything is written to disk.
    recovery_raw = recovery_raw or recovery_key.generate()
    slots = KeySlots.create(
        vault_id=vault_id, vault_key=key, recovery_raw=recovery_raw, kdf_n=kdf_n
    )
    # The administrators' key signs the accounts from the first one on, and the first
    # administrator's slot is bound to it.
    accounts_seed = accounts_key.new_seed()
    slots.set_password(username, password, key, bound_to=accounts_key.public_of(accounts_seed))

    # Built under a temporary name and renamed into place, so a failure part
    # way leaves no half-made vault for the next start to trip over.
    building = building_file(vault_paths, vault_id)
    try:
        conn = open_vault_file(building, key, create=True)
        try:
            migrations.migrate(conn, building, migrations_dir, vault_paths.safety_dir)
            now = audit.now_iso()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (vault_id,))
            conn.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?)", (now,))
            write_setting(conn, settings.MARAC_NAME, marac_name.strip(), username)
            if workspace is None:
                agency_defaults.seed(conn, now)
            else:
                conn.execute("INSERT INTO meta (key, value) VALUES ('vault_kind', 'agency')")
                conn.execute(
                    "INSERT INTO workspace (id, agency_code, agency_name) VALUES (1, ?, ?)",
                    workspace,
                )
            conn.execute(
                "INSERT INTO users (username, full_name, roles, agency_code, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    username,
                    full_name.strip(),
                    roles.format_roles(user_roles),
                    workspace[0] if workspace else None,
                    now,
                    now,
                ),
            )
            audit.append(
                conn,
                username,
                "vault_created",
                {"vault_id": vault_id, **({"agency": workspace[0]} if workspace else {})},
            )
            slots.set_accounts_key(accounts_seed, [username], accounts_key.public_of(accounts_seed))
            signed_accounts.sign(conn, slots, accounts_seed)
            passwords_key = os.urandom(32)
            slots.set_passwords_key(passwords_key)
            identity = exchange_identity.create_identity(conn)
            audit.append(
                conn, username, "exchange_key_created", {"fingerprint": identity.public.fingerprint}
            )
            conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (audit_anchor.ANCHORED,))
            conn.execute("COMMIT")
            audit_anchor.stamp(conn, slots, key)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        write_slots(vault_paths, slots, key, database=building)
        try:
            building.replace(vault_paths.vault)
        except BaseException:
            # Key slots without their database would block the next set-up for nothing.
            vault_paths.keyslots.unlink(missing_ok=True)
            raise
    except sqlcipher3.Error as exc:
        raise faults.storage_fault(exc, "Making the vault", vault_paths.data_dir) from exc
    except OSError as exc:
        raise faults.os_fault(exc, "Making the vault") from exc
    finally:
        for leftover in (
            building,
            *(building.with_name(building.name + s) for s in ("-wal", "-shm")),
        ):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    vault = open_with_key(vault_paths, key, slots=slots, username=username)
    vault.accounts_seed = accounts_seed
    vault.passwords_key = passwords_key
    return vault, recovery_key.format_key(recovery_raw)


def _clear_interrupted_setup(vault_paths: VaultPaths) -> None:
    """Under the lock, before a new set-up: an interrupted one is discarded whole (its
    recovery key may never have been shown, so finishing it could leave a vault that only
    a forgotten key opens)."""
    building = interrupted_setup(vault_paths)
    if building is None:
        return
    vault_paths.keyslots.unlink()
    for leftover in (building, *(building.with_name(building.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)


def refuse_existing(vault_paths: VaultPaths) -> None:
    """Never make a new vault where any part of an old one is: new key slots beside an old
    vault.db (or a new vault.db beside old slots) would leave the old one unopenable for
    ever, recovery key included."""
    there = [p.name for p in vault_parts(vault_paths) if p.exists()]
    if not there or interrupted_setup(vault_paths) is not None:
        return
    folder = vault_paths.data_dir
    if vault_paths.vault.exists() and vault_paths.keyslots.exists():
        raise VaultExistsError(
            f"There is already a vault in {folder}. Sign in to it, or choose another folder "
            "with --data-dir. Nothing was changed."
        )
    missing = app_paths.KEYSLOTS_FILE if vault_paths.vault.exists() else app_paths.VAULT_FILE
    raise VaultExistsError(
        f"{folder} holds part of a vault ({', '.join(there)}) but {missing} is missing. "
        f"A new vault here would make the old one impossible to open, even with the recovery "
        f"key, so marac-desk will not make one. Put {missing} back, or restore the vault "
        f"from a backup (marac-desk restore --from FILE), or choose another folder with "
        "--data-dir. Nothing was changed."
    )

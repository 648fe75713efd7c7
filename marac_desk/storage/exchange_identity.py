"""This vault's exchange identity: made with the vault (or on first use in a vault made
before exchange files), kept only inside it, shown to people as a fingerprint."""

from __future__ import annotations

from marac_desk.security.exchange_keys import Identity, new_identity
from marac_desk.storage import audit
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

MARAC = "marac"
AGENCY = "agency"


def vault_kind(conn: Connection) -> str:
    """ "marac" for a MARAC's vault, "agency" for an agency workspace."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'vault_kind'").fetchone()
    return str(row[0]) if row else MARAC


def is_workspace(vault: Vault) -> bool:
    return vault_kind(vault.conn) == AGENCY


def read_identity(conn: Connection) -> Identity | None:
    row = conn.execute(
        "SELECT seal_private, sign_private FROM exchange_identity WHERE id = 1"
    ).fetchone()
    return Identity(bytes(row[0]), bytes(row[1])) if row else None


def create_identity(conn: Connection) -> Identity:
    """Inside the caller's transaction, which audits it (`exchange_key_created`)."""
    identity = new_identity()
    conn.execute(
        "INSERT INTO exchange_identity (id, seal_private, sign_private, created_at) "
        "VALUES (1, ?, ?, ?)",
        (identity.seal_private, identity.sign_private, audit.now_iso()),
    )
    return identity


def identity(vault: Vault) -> Identity:
    """This vault's identity, made now if the vault predates exchange files."""
    found = read_identity(vault.conn)
    if found is not None:
        return found
    with vault.transaction() as conn:
        found = read_identity(conn)
        if found is None:
            found = create_identity(conn)
            vault.audit("exchange_key_created", {"fingerprint": found.public.fingerprint})
        return found

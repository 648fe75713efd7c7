"""Verifying a vault: page authentication, SQLite structure and the audit chain."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import sqlcipher3

from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import audit, audit_anchor, signed_accounts
from marac_desk.storage.connection import Connection, open_vault_file
from marac_desk.storage.vault import Vault


@dataclass
class VerifyReport:
    cipher: list[str] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)
    audit_chain: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.cipher or self.structure or self.audit_chain or self.accounts)

    def lines(self) -> list[str]:
        out = [
            "Encryption (every page authenticated): "
            + ("OK" if not self.cipher else f"{len(self.cipher)} problem(s)"),
            *(f"  - {p}" for p in self.cipher),
            "Database structure: "
            + ("OK" if not self.structure else f"{len(self.structure)} problem(s)"),
            *(f"  - {p}" for p in self.structure),
            "Audit log chain: "
            + ("OK" if not self.audit_chain else f"{len(self.audit_chain)} problem(s)"),
            *(f"  - {p}" for p in self.audit_chain),
            "Accounts and roles (signed by the administrators' key): "
            + ("OK" if not self.accounts else f"{len(self.accounts)} problem(s)"),
            *(f"  - {p}" for p in self.accounts),
        ]
        return out


def _pages_and_structure(conn: Connection) -> tuple[list[str], list[str]]:
    try:
        cipher = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
    except sqlcipher3.DatabaseError as exc:
        cipher = [str(exc)]
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        structure = [] if rows == ["ok"] else rows
        structure += [
            f"Broken link in {r[0]} (row {r[1]})" for r in conn.execute("PRAGMA foreign_key_check")
        ]
    except sqlcipher3.DatabaseError as exc:
        structure = [str(exc)]
    return cipher, structure


def _chain(conn: Connection) -> list[str]:
    try:
        return audit.verify(conn)
    except sqlcipher3.DatabaseError as exc:
        return [str(exc)]


def check_connection(
    conn: Connection, *, second: Callable[[], Connection] | None = None
) -> VerifyReport:
    """Check the pages, the structure and the audit chain of the database behind `conn`.

    With `second`, a way to open another connection to the same file, the pages and the
    structure are checked on that connection in a worker thread while this thread hashes
    the audit chain: SQLite lets go of the interpreter while it reads, so the two run on
    two cores, and a year's log costs little more than the integrity checks alone.
    """
    report = VerifyReport()
    if second is None:
        report.cipher, report.structure = _pages_and_structure(conn)
        report.audit_chain = _chain(conn)
        return report

    def checked() -> tuple[list[str], list[str]]:
        other = second()
        try:
            return _pages_and_structure(other)
        finally:
            other.close()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify") as pool:
        pages = pool.submit(checked)
        report.audit_chain = _chain(conn)
        try:
            report.cipher, report.structure = pages.result()
        except (MaracDeskError, sqlcipher3.Error) as exc:
            report.cipher = [str(exc)]
    return report


def verify(vault: Vault) -> VerifyReport:
    vault.require(Permission.VERIFY_VAULT)
    paths, key = vault.paths, vault.key
    report = check_connection(vault.conn, second=lambda: open_vault_file(paths.vault, key))
    # The log against its head as the key-slot file holds it now (not as it was read at
    # sign-in), and what was found wrong then, which the head has been kept at since.
    on_disk: KeySlots | None = None
    try:
        on_disk = KeySlots.load(vault.paths.keyslots)
        found = audit_anchor.problems(vault.conn, on_disk, [vault.key])
    except MaracDeskError as exc:
        found = [str(exc)]
    report.audit_chain += [
        p for p in [*vault.audit_warnings, *found] if p not in report.audit_chain
    ]
    signed = signed_accounts.problem(vault.conn, on_disk or vault.slots)
    if signed is not None:
        report.accounts.append(f"{signed} An administrator must review the accounts.")
    with vault.transaction():
        vault.audit(
            "vault_verified",
            {
                "ok": report.ok,
                "cipher_problems": len(report.cipher),
                "structure_problems": len(report.structure),
                "audit_problems": len(report.audit_chain),
                "accounts_problems": len(report.accounts),
            },
        )
    return report

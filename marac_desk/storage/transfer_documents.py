"""Documents that came with a case transferred in from another MARAC.

They are kept inside the vault (encrypted with everything else), never in a folder
beside it. Saving a copy out is something the user chooses, to a place they choose,
and is audited as an export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import audit
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

# Minutes, a case summary, a referral form, a letter: far below this. The vault is
# opened whole on a laptop, so one oversized scan should not be allowed to bloat it.
MAX_BYTES = 25 * 1024 * 1024
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    case_id: int
    filename: str
    size: int
    received_at: str
    received_by: str

    @property
    def size_text(self) -> str:
        if self.size < 1024:
            return f"{self.size} bytes"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:.0f} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"


def safe_filename(name: str) -> str:
    """The name kept for a document: no path, no characters a file system refuses."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    if len(cleaned) > 150:
        stem, dot, suffix = cleaned.rpartition(".")
        cleaned = (stem[: 150 - len(suffix) - 1] + dot + suffix) if dot else cleaned[:150]
    return cleaned or "document"


def listed(conn: Connection, case_id: int) -> list[DocumentInfo]:
    rows = conn.execute(
        "SELECT id, case_id, filename, length(content), received_at, received_by "
        "FROM transfer_documents WHERE case_id = ? ORDER BY received_at, id",
        (case_id,),
    )
    return [DocumentInfo(int(r[0]), int(r[1]), r[2], int(r[3]), r[4], r[5]) for r in rows]


def _case_transfer(conn: Connection, case_id: int) -> tuple[str, str]:
    row = conn.execute(
        "SELECT reference, transfer_from FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    if row is None:
        raise ValidationError("That case is no longer in the vault.")
    return str(row[0]), str(row[1])


def add(vault: Vault, case_id: int, path: Path) -> DocumentInfo:
    vault.require(Permission.EDIT_CASES)
    reference, transfer_from = _case_transfer(vault.conn, case_id)
    if not transfer_from:
        raise ValidationError(
            f"{reference} is not recorded as a transfer in. Enter the sending MARAC under "
            "'Transferred in from' on the referral first."
        )
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ValidationError(f"{path.name} is not a file: choose a document.")
        if size == 0:
            raise ValidationError(f"{path.name} is empty: nothing to keep.")
        if size > MAX_BYTES:
            raise ValidationError(
                f"{path.name} is {size / (1024 * 1024):.0f} MB; a transfer document may be at "
                f"most {MAX_BYTES // (1024 * 1024)} MB. Ask the sending MARAC for a smaller copy "
                "(a PDF rather than a scan, for example)."
            )
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path.name} cannot be read ({exc.strerror or exc}).") from None
    filename = safe_filename(path.name)
    now = audit.now_iso()
    with vault.transaction() as conn:
        doc_id = int(
            conn.execute(
                "INSERT INTO transfer_documents (case_id, filename, content, received_at, "
                "received_by) VALUES (?, ?, ?, ?, ?)",
                (case_id, filename, content, now, vault.actor),
            ).lastrowid
            or 0
        )
        vault.audit(
            "transfer_document_added",
            {"case_id": case_id, "document_id": doc_id, "filename": filename, "bytes": size},
        )
    return DocumentInfo(doc_id, case_id, filename, len(content), now, vault.actor)


def _get(conn: Connection, document_id: int) -> tuple[int, str, bytes]:
    row = conn.execute(
        "SELECT case_id, filename, content FROM transfer_documents WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        raise ValidationError("That document is no longer in the vault.")
    return int(row[0]), str(row[1]), bytes(row[2])


def save_copy(vault: Vault, document_id: int, target: Path) -> None:
    """Write the document where the user chose; the file written is theirs to look after."""
    vault.require(Permission.VIEW_ALL_CASES)
    case_id, filename, content = _get(vault.conn, document_id)
    if not target.parent.is_dir():
        raise ValidationError(f"The folder {target.parent} does not exist.")
    with vault.transaction():
        # Recorded first: if the write fails the log says it was tried, never the reverse.
        vault.audit(
            "transfer_document_saved",
            {"case_id": case_id, "document_id": document_id, "filename": filename},
        )
    try:
        atomic_write_bytes(target, content)
    except OSError as exc:
        raise ValidationError(f"Could not write {target.name} ({exc.strerror or exc}).") from None


def remove(vault: Vault, document_id: int, reason: str) -> None:
    """Remove a document added by mistake (the wrong family's file, say), with a reason."""
    vault.require(Permission.EDIT_CASES)
    if not reason.strip():
        raise ValidationError("Say why the document is removed: the audit log keeps the reason.")
    with vault.transaction() as conn:
        case_id, filename, _ = _get(conn, document_id)
        conn.execute("DELETE FROM transfer_documents WHERE id = ?", (document_id,))
        vault.audit(
            "transfer_document_removed",
            {
                "case_id": case_id,
                "document_id": document_id,
                "filename": filename,
                "reason": reason.strip(),
            },
        )

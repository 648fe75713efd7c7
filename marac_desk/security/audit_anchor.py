"""The audit log's head kept outside the database, authenticated with the vault key.

The hash chain inside the vault catches an edited or removed entry, but not a log that was
cut short with its head moved back, wiped, rebuilt with recomputed hashes, or a vault.db
put back from an older copy (or left behind by a lost WAL): each of those is a consistent
chain on its own. So the last entry's sequence number and hash are also kept in
keyslots.json and in every backup's manifest, with an HMAC under a key derived from the
vault key. A database whose log ends before that entry, or holds another entry there, is
reported. Whoever holds the vault key could forge a head too: the anchor is for changes
made without it (a file copied back, a WAL deleted) and for a rewrite that forgot it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marac_desk.security import vault_macs

_INFO = b"marac-desk audit anchor v1"


@dataclass(frozen=True)
class AuditAnchor:
    seq: int
    hash: str
    mac: str

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "mac": self.mac}

    @classmethod
    def from_json(cls, data: Any) -> AuditAnchor | None:
        """None for anything that is not an anchor (checked as unauthenticated later)."""
        try:
            seq, digest, mac = int(data["seq"]), str(data["hash"]), str(data["mac"])
        except (KeyError, TypeError, ValueError):
            return None
        return cls(seq, digest, mac) if seq >= 0 else None


def _message(vault_id: str, seq: int, digest: str) -> bytes:
    return f"{vault_id}|{seq}|{digest}".encode()


def make(vault_key: bytes, vault_id: str, seq: int, digest: str) -> AuditAnchor:
    return AuditAnchor(
        seq, digest, vault_macs.tag(vault_key, vault_id, _INFO, _message(vault_id, seq, digest))
    )


def authentic(anchor: AuditAnchor, vault_keys: list[bytes], vault_id: str) -> bool:
    """True when one of `vault_keys` made this anchor for this vault (a key rotation that
    stopped half way leaves the anchor under the key before)."""
    message = _message(vault_id, anchor.seq, anchor.hash)
    return vault_macs.genuine(anchor.mac, vault_keys, vault_id, _INFO, message)

"""The audit log's hash chain: each entry's hash covers the one before it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str


def canonical_detail(detail: dict[str, Any]) -> str:
    return json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(
    prev_hash: str, seq: int, at: str, actor: str, action: str, detail: dict[str, Any]
) -> str:
    body = json.dumps(
        [prev_hash, seq, at, actor, action, canonical_detail(detail)],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def chain_problems(
    entries: list[AuditEntry], head_seq: int | None, head_hash: str | None
) -> list[str]:
    """Every break in the chain, in words. Empty means the log is whole.

    `head_seq`/`head_hash` are the last entry as recorded separately, so that
    removing entries from the end is detected too.
    """
    problems: list[str] = []
    prev_hash = GENESIS
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(
                f"Entries {expected_seq} to {entry.seq - 1} are missing."
                if entry.seq > expected_seq
                else f"Entry {entry.seq} is out of order."
            )
        if entry.prev_hash != prev_hash:
            problems.append(f"Entry {entry.seq} does not follow the entry before it.")
        actual = entry_hash(
            entry.prev_hash, entry.seq, entry.at, entry.actor, entry.action, entry.detail
        )
        if actual != entry.hash:
            problems.append(f"Entry {entry.seq} ({entry.action}) was changed after it was written.")
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
    last_seq = entries[-1].seq if entries else 0
    last_hash = entries[-1].hash if entries else GENESIS
    if head_seq is not None and head_seq != last_seq:
        problems.append(
            f"The log should end at entry {head_seq} but ends at entry {last_seq}: "
            "entries were removed."
        )
    elif head_hash is not None and head_hash != last_hash:
        problems.append("The last entry of the log was replaced.")
    return problems

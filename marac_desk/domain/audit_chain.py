"""The audit log's hash chain: each entry's hash covers the one before it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
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


# What json.dumps(..., ensure_ascii=False) writes for a string: the hash body is written
# with it directly, which costs a fraction of encoding a list (and a test holds the two
# to the same bytes). A year's log is some 200,000 entries, all hashed at every verify.
_STRING = json.encoder.encode_basestring


def text_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, detail_text: str) -> str:
    """The hash of an entry whose detail, as canonical JSON text, is `detail_text`."""
    string = _STRING
    try:
        if type(seq) is not int:  # a bool is an int, but JSON writes it apart
            raise TypeError
        body = (
            f"[{string(prev_hash)},{seq:d},{string(at)},{string(actor)},{string(action)},"
            f"{string(detail_text)}]"
        )
    except TypeError:  # not the types the log holds: encode as JSON would, value by value
        body = json.dumps(
            [prev_hash, seq, at, actor, action, detail_text],
            separators=(",", ":"),
            ensure_ascii=False,
        )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def entry_hash(
    prev_hash: str, seq: int, at: str, actor: str, action: str, detail: dict[str, Any]
) -> str:
    return text_hash(prev_hash, seq, at, actor, action, canonical_detail(detail))


@dataclass(frozen=True)
class Link:
    """One entry as the chain sees it: where it sits, what it points back to, its own
    hash, and whether that hash still matches what the entry says."""

    seq: int
    action: str
    prev_hash: str
    hash: str
    intact: bool


def link_problems(links: Iterable[Link], head_seq: int | None, head_hash: str | None) -> list[str]:
    """Every break in a chain of links, oldest first, in words. Empty means it is whole.

    `head_seq`/`head_hash` are the last entry as recorded separately, so that
    removing entries from the end is detected too.
    """
    problems: list[str] = []
    prev_hash = GENESIS
    expected_seq = 1
    last_seq, last_hash = 0, GENESIS
    for link in links:
        if link.seq != expected_seq:
            problems.append(
                f"Entries {expected_seq} to {link.seq - 1} are missing."
                if link.seq > expected_seq
                else f"Entry {link.seq} is out of order."
            )
        if link.prev_hash != prev_hash:
            problems.append(f"Entry {link.seq} does not follow the entry before it.")
        if not link.intact:
            problems.append(f"Entry {link.seq} ({link.action}) was changed after it was written.")
        prev_hash = link.hash
        expected_seq = link.seq + 1
        last_seq, last_hash = link.seq, link.hash
    if head_seq is not None and head_seq != last_seq:
        problems.append(
            f"The log should end at entry {head_seq} but ends at entry {last_seq}: "
            "entries were removed."
        )
    elif head_hash is not None and head_hash != last_hash:
        problems.append("The last entry of the log was replaced.")
    return problems


def chain_problems(
    entries: list[AuditEntry], head_seq: int | None, head_hash: str | None
) -> list[str]:
    """Every break in the chain of `entries`, in words. Empty means the log is whole."""
    return link_problems(
        (
            Link(
                e.seq,
                e.action,
                e.prev_hash,
                e.hash,
                entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.detail) == e.hash,
            )
            for e in entries
        ),
        head_seq,
        head_hash,
    )

"""Sealed exchange files: what passes between a MARAC and an agency workspace.

A file is encrypted to its recipient's X25519 key (AES-256-GCM, the header as associated
data) and signed by its sender's Ed25519 key over every byte before the signature, so it
can travel by any route: only the named recipient can open it, and a file altered on the
way, signed by a key the recipient does not hold, or addressed to someone else is refused
with a message that says which. Layout, all integers big-endian:

    MAGIC (16 bytes) | version (2) | header length (4) | header (UTF-8 JSON)
    | ciphertext length (8) | ciphertext | Ed25519 signature (64)

Whether a file belongs to this meeting, or was opened before, is for the caller to check
against what its vault holds; `Opened.file_id` and the payload carry what it needs.
"""

from __future__ import annotations

import json
import os
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from marac_desk.errors import ValidationError
from marac_desk.security.exchange_keys import Identity, PublicKeys, SignatureError, verify

MAGIC = b"MARACDESK-SEALED"
VERSION = 1
SIGNATURE_BYTES = 64
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
SUFFIX = ".marac"

KINDS = {
    "research_request": "research request",
    "research_return": "research return",
    "action_plan": "action plan",
    "action_update": "action update",
}


class ExchangeFileError(ValidationError):
    """An exchange file that cannot be opened here; the message says why and what to do."""


class NotExchangeFileError(ExchangeFileError):
    pass


class TooNewError(ExchangeFileError):
    pass


class NotForUsError(ExchangeFileError):
    pass


class UnknownSenderError(ExchangeFileError):
    pass


class AlteredError(ExchangeFileError):
    pass


@dataclass(frozen=True)
class Party:
    """Who sends or receives: a name for people to read and the keys that decide."""

    name: str
    keys: PublicKeys


@dataclass(frozen=True)
class Opened:
    kind: str
    file_id: str
    created_at: str
    sender: Party
    payload: dict[str, Any]


def seal_file(
    kind: str,
    payload: Mapping[str, Any],
    *,
    sender: Identity,
    sender_name: str,
    recipient: Party,
    created_at: str,
) -> tuple[bytes, str]:
    """The file's bytes and its id (recorded by the sender, checked against replays)."""
    if kind not in KINDS:
        raise ValueError(f"unknown exchange file kind {kind!r}")
    file_id = uuid.uuid4().hex
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    nonce = os.urandom(12)
    sender_keys = sender.public
    header = {
        "kind": kind,
        "file_id": file_id,
        "created_at": created_at,
        "sender": {
            "name": sender_name,
            "fingerprint": sender_keys.fingerprint,
            "keys": sender_keys.to_text(),
        },
        "recipient": {"name": recipient.name, "fingerprint": recipient.keys.fingerprint},
        "ephemeral": ephemeral_public.hex(),
        "nonce": nonce.hex(),
    }
    header_bytes = json.dumps(header, sort_keys=True, ensure_ascii=True).encode("ascii")
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient.keys.seal))
    box = _box_key(shared, ephemeral_public, recipient.keys.seal)
    inner = {"kind": kind, "file_id": file_id, "payload": dict(payload)}
    plaintext = json.dumps(inner, ensure_ascii=False).encode("utf-8")
    ciphertext = AESGCM(box).encrypt(nonce, plaintext, _aad(header_bytes))
    body = (
        MAGIC
        + struct.pack(">HI", VERSION, len(header_bytes))
        + header_bytes
        + struct.pack(">Q", len(ciphertext))
        + ciphertext
    )
    return body + sender.sign(body), file_id


def read_file(path: Path) -> bytes:
    """An exchange file's bytes, never more than any exchange file can hold (a huge file
    chosen by mistake is refused before it is read into memory). OSError when unreadable."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise NotExchangeFileError(
            f"{path.name} is far larger than any exchange file marac-desk makes: it was not opened."
        )
    return data


def peek_kind(data: bytes) -> str:
    """The kind a file says it is, before it is opened (for choosing what to do with it)."""
    return str(_read(data)[1].get("kind", ""))


def open_file(
    data: bytes,
    *,
    me: Identity,
    my_name: str,
    senders: Mapping[str, Party],
    expect_kinds: tuple[str, ...],
) -> Opened:
    """Check and open a file sent to `me`. `senders` maps the fingerprints this vault trusts
    to who they are. Raises an ExchangeFileError that says what is wrong."""
    body, header, header_bytes, ciphertext, signature = _read(data)
    kind = header.get("kind")
    if kind not in expect_kinds:
        wanted = " or ".join(KINDS[k] for k in expect_kinds)
        said = KINDS.get(str(kind), "something else")
        raise ExchangeFileError(
            f"This file is a {said}, not a {wanted}. Open it where {said}s are opened."
        )
    my_fingerprint = me.public.fingerprint
    recipient = _object(header.get("recipient"))
    if recipient.get("fingerprint") != my_fingerprint:
        raise NotForUsError(
            f"This file was sealed for {_text(recipient.get('name'))} "
            f"(key {_text(recipient.get('fingerprint'))}), not for {my_name} "
            f"(key {my_fingerprint}). Only its recipient can open it: ask the sender to "
            "send it to the right key."
        )
    sender = _object(header.get("sender"))
    claimed = _text(sender.get("name"))
    try:
        claimed_keys = PublicKeys.from_text(sender.get("keys"))
    except ValueError as exc:
        raise AlteredError(_altered()) from exc
    known = senders.get(claimed_keys.fingerprint)
    if known is None or known.keys != claimed_keys:
        raise UnknownSenderError(
            f"This file is signed by a key that is not in your directory: it says it is "
            f"from {claimed}, with key {claimed_keys.fingerprint}. Nothing was opened. If it "
            "is from who it says, record their key card and confirm its fingerprint with "
            "them by phone first."
        )
    try:
        verify(known.keys, signature, body)
    except SignatureError as exc:
        raise AlteredError(_altered()) from exc
    try:
        ephemeral = bytes.fromhex(_text(header.get("ephemeral")))
        nonce = bytes.fromhex(_text(header.get("nonce")))
        private = X25519PrivateKey.from_private_bytes(me.seal_private)
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        box = _box_key(shared, ephemeral, me.public.seal)
        plaintext = AESGCM(box).decrypt(nonce, ciphertext, _aad(header_bytes))
        inner = json.loads(plaintext.decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError) as exc:
        raise AlteredError(_altered()) from exc
    if (
        not isinstance(inner, dict)
        or inner.get("kind") != kind
        or inner.get("file_id") != header.get("file_id")
        or not isinstance(inner.get("payload"), dict)
    ):
        raise AlteredError(_altered())
    return Opened(
        str(kind),
        _text(header.get("file_id")),
        _text(header.get("created_at")),
        known,
        inner["payload"],
    )


def _read(data: bytes) -> tuple[bytes, dict[str, Any], bytes, bytes, bytes]:
    if len(data) > MAX_FILE_BYTES:
        raise NotExchangeFileError(
            "This file is far larger than any exchange file marac-desk makes: it was not opened."
        )
    if not data.startswith(MAGIC):
        raise NotExchangeFileError(
            "This is not a marac-desk exchange file (a research request, research return, "
            "action plan or action update). Check you chose the file that was sent."
        )
    at = len(MAGIC)
    try:
        version, header_length = struct.unpack_from(">HI", data, at)
    except struct.error as exc:
        raise AlteredError(_altered()) from exc
    if version > VERSION:
        raise TooNewError(
            f"This exchange file was made by a newer marac-desk (format {version}; this "
            f"version reads up to {VERSION}). Update marac-desk, then open it again."
        )
    if version < 1 or header_length > MAX_HEADER_BYTES:
        raise AlteredError(_altered())
    at += 6
    header_bytes = data[at : at + header_length]
    at += header_length
    try:
        (cipher_length,) = struct.unpack_from(">Q", data, at)
    except struct.error as exc:
        raise AlteredError(_altered()) from exc
    at += 8
    if len(header_bytes) != header_length or at + cipher_length + SIGNATURE_BYTES != len(data):
        raise AlteredError(_altered())
    ciphertext = data[at : at + cipher_length]
    try:
        header = json.loads(header_bytes.decode("ascii"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise AlteredError(_altered()) from exc
    if not isinstance(header, dict):
        raise AlteredError(_altered())
    end = at + cipher_length
    return data[:end], header, header_bytes, ciphertext, data[end:]


def _altered() -> str:
    return (
        "This exchange file was changed or damaged after it was sealed, so nothing in it "
        "can be trusted and nothing was opened. Ask the sender to send it again."
    )


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    """A header field for a message: printable and short, whatever the file holds."""
    text = value if isinstance(value, str) else ""
    return "".join(ch for ch in text if ch.isprintable())[:120] or "(not given)"


def _aad(header_bytes: bytes) -> bytes:
    return b"marac-desk exchange file\x00" + header_bytes


def _box_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=b"marac-desk exchange file",
    ).derive(shared)

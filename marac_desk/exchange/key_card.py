"""Key cards: the public half of an exchange identity, as a small file one side gives the
other (by email, USB, anything). A card is signed by its own key, so its name and role
cannot be changed on the way; whether it is the right key at all is settled by reading
its fingerprint to each other over the phone, which the directory then records."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from marac_desk.errors import ValidationError
from marac_desk.security.exchange_keys import Identity, PublicKeys, SignatureError, verify

FORMAT = "marac-desk key card"
VERSION = 1
SUFFIX = ".marac-key"
MAX_BYTES = 16 * 1024
ROLES = ("marac", "agency")


@dataclass(frozen=True)
class KeyCard:
    role: str  # "marac" or "agency"
    name: str  # the MARAC's name, or the agency's
    agency_code: str  # for an agency; "" for a MARAC
    keys: PublicKeys

    @property
    def fingerprint(self) -> str:
        return self.keys.fingerprint


def make_card(identity: Identity, role: str, name: str, agency_code: str = "") -> bytes:
    body = {
        "format": FORMAT,
        "version": VERSION,
        "role": role,
        "name": name,
        "agency_code": agency_code.upper(),
        "keys": identity.public.to_text(),
        "fingerprint": identity.public.fingerprint,
    }
    signature = identity.sign(_signed_bytes(body))
    body["signature"] = base64.b64encode(signature).decode("ascii")
    return (json.dumps(body, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def read_card(data: bytes) -> KeyCard:
    """A card from untrusted bytes; ValidationError saying what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise ValidationError("That file is far too large to be a marac-desk key card.")
    try:
        body = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(
            "That is not a marac-desk key card (a .marac-key file). Ask for the card again."
        ) from exc
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ValidationError(
            "That is not a marac-desk key card (a .marac-key file). Ask for the card again."
        )
    version = body.get("version")
    if not isinstance(version, int) or version < 1:
        raise ValidationError("This key card is damaged: ask for it again.")
    if version > VERSION:
        raise ValidationError(
            f"This key card was made by a newer marac-desk (format {version}; this version "
            f"reads up to {VERSION}). Update marac-desk, then record it again."
        )
    role, name, code = body.get("role"), body.get("name"), body.get("agency_code", "")
    try:
        keys = PublicKeys.from_text(body.get("keys"))
        signature = base64.b64decode(str(body.get("signature", "")), validate=True)
    except ValueError as exc:
        raise ValidationError("This key card is damaged: ask for it again.") from exc
    if (
        role not in ROLES
        or not isinstance(name, str)
        or not name.strip()
        or len(name) > 200
        or not isinstance(code, str)
        or len(code) > 20
        or (role == "agency") != bool(code)
    ):
        raise ValidationError("This key card is damaged: ask for it again.")
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    try:
        verify(keys, signature, _signed_bytes(unsigned))
    except SignatureError as exc:
        raise ValidationError(
            "This key card was changed after it was made: do not use it. Ask for it again."
        ) from exc
    if body.get("fingerprint") != keys.fingerprint:
        raise ValidationError("This key card is damaged: ask for it again.")
    clean = "".join(ch for ch in name if ch.isprintable()).strip()
    return KeyCard(str(role), clean, code.upper(), keys)


def _signed_bytes(body: dict[str, object]) -> bytes:
    return b"marac-desk key card\x00" + json.dumps(body, sort_keys=True).encode("utf-8")

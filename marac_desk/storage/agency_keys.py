"""Agencies' exchange keys in the MARAC's directory: recorded from a key card, confirmed
once their fingerprint has been read back over the phone, and the only keys a research
return or action update is accepted from."""

from __future__ import annotations

import json
from dataclasses import dataclass

from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.exchange.key_card import KeyCard
from marac_desk.exchange.sealed import Party
from marac_desk.security.exchange_keys import PublicKeys, normalise_fingerprint
from marac_desk.storage import audit
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class AgencyKey:
    code: str
    name: str
    keys: PublicKeys
    recorded_at: str
    confirmed_at: str  # "" until the fingerprint was confirmed
    confirmed_by: str

    @property
    def fingerprint(self) -> str:
        return self.keys.fingerprint

    @property
    def confirmed(self) -> bool:
        return bool(self.confirmed_at)

    @property
    def party(self) -> Party:
        return Party(self.name, self.keys)


def agency_key(conn: Connection, code: str) -> AgencyKey | None:
    row = conn.execute(
        "SELECT code, name, exchange_keys, coalesce(key_recorded_at, ''), "
        "coalesce(key_confirmed_at, ''), key_confirmed_by FROM agencies WHERE code = ?",
        (code.strip(),),
    ).fetchone()
    if row is None or not row[2]:
        return None
    keys = PublicKeys.from_text(json.loads(row[2]))
    return AgencyKey(str(row[0]).upper(), row[1], keys, row[3], row[4], row[5])


class UnconfirmedKeyError(ValidationError):
    """The agency's key is recorded but its fingerprint was never confirmed."""


def key_to_send(conn: Connection, code: str, *, unconfirmed: bool, instead: str) -> AgencyKey:
    """The key to seal a file to `code` with. Refused when none is recorded (`instead`
    says what to send then), or when it is not confirmed and `unconfirmed` (the person
    was told and chose to send anyway) is not given."""
    key = agency_key(conn, code)
    if key is None:
        raise ValidationError(
            f"No exchange key is recorded for {code}. Record the key card from its agency "
            f"workspace in the agency directory, or {instead}."
        )
    if not key.confirmed and not unconfirmed:
        raise UnconfirmedKeyError(
            f"The key recorded for {code} ({key.fingerprint}) has not been confirmed: no one "
            "has read its fingerprint back with the agency. Confirm it first, or send anyway "
            "only if you are sure the key card came from the agency."
        )
    return key


def all_keys(conn: Connection) -> dict[str, AgencyKey]:
    """Fingerprint -> agency, for every agency whose key is recorded."""
    found: dict[str, AgencyKey] = {}
    for (code,) in conn.execute("SELECT code FROM agencies WHERE exchange_keys IS NOT NULL"):
        key = agency_key(conn, code)
        if key is not None:
            found[key.fingerprint] = key
    return found


def record_key(vault: Vault, code: str, card: KeyCard) -> AgencyKey:
    """Record an agency's key from its card, unconfirmed until the fingerprint is read back.
    A different key replacing a recorded one is audited with both fingerprints."""
    vault.require(Permission.MANAGE_AGENCIES)
    code = code.strip().upper()
    if card.role != "agency":
        raise ValidationError(
            f"That is the key card of a MARAC ({card.name}), not of an agency's workspace."
        )
    if card.agency_code != code:
        raise ValidationError(
            f"That key card is for agency {card.agency_code} ({card.name}), not {code}. "
            "Record it against the agency it names, or ask for the right card."
        )
    with vault.transaction() as conn:
        row = conn.execute("SELECT exchange_keys FROM agencies WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise ValidationError(f"{code} is not in the agency directory: add the agency first.")
        taken = all_keys(conn).get(card.fingerprint)
        if taken is not None and taken.code != code:
            raise ValidationError(
                f"That key is already recorded for {taken.code} ({taken.name}): one key "
                "belongs to one agency."
            )
        earlier = agency_key(conn, code)
        if earlier is not None and earlier.keys == card.keys:
            return earlier
        conn.execute(
            "UPDATE agencies SET exchange_keys = ?, key_recorded_at = ?, key_confirmed_at = NULL, "
            "key_confirmed_by = '' WHERE code = ?",
            (json.dumps(card.keys.to_text()), audit.now_iso(), code),
        )
        vault.audit(
            "agency_key_recorded",
            {
                "agency": code,
                "fingerprint": card.fingerprint,
                **({"replaced": earlier.fingerprint} if earlier else {}),
            },
        )
        recorded = agency_key(conn, code)
    assert recorded is not None
    return recorded


def confirm_key(vault: Vault, code: str, read_out: str) -> AgencyKey:
    """The agency read its fingerprint out and it matched what is recorded."""
    vault.require(Permission.MANAGE_AGENCIES)
    code = code.strip().upper()
    key = agency_key(vault.conn, code)
    if key is None:
        raise ValidationError(f"No key is recorded for {code}: record its key card first.")
    if normalise_fingerprint(read_out) != key.fingerprint:
        # The recorded fingerprint is not shown: it would invite copying it in, which is
        # the one thing this check is there to stop.
        raise ValidationError(
            f"That is not the fingerprint of the key recorded for {code}. Do not send "
            "anything to this key: ask them to read it again, and if it still differs, ask "
            "for a new key card by another route."
        )
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE agencies SET key_confirmed_at = ?, key_confirmed_by = ? WHERE code = ?",
            (audit.now_iso(), vault.actor, code),
        )
        vault.audit("agency_key_confirmed", {"agency": code, "fingerprint": key.fingerprint})
        confirmed = agency_key(conn, code)
    assert confirmed is not None
    return confirmed

"""Sealed exchange files with the raw primitives: a file opens only for its recipient,
from a sender it trusts, exactly as it was sealed."""

from __future__ import annotations

import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marac_desk.exchange import sealed
from marac_desk.exchange.key_card import make_card, read_card
from marac_desk.security.exchange_keys import Identity, new_identity, normalise_fingerprint

MARAC, POLICE, IDVA = new_identity(), new_identity(), new_identity()
PAYLOAD = {"token": "ABC123", "cases": [{"case": 1, "people": []}], "note": "Ms A, born 1990"}


def party(identity: Identity, name: str) -> sealed.Party:
    return sealed.Party(name, identity.public)


def seal(payload=PAYLOAD, sender=POLICE, recipient=MARAC, kind="research_return") -> bytes:
    body, _ = sealed.seal_file(
        kind,
        payload,
        sender=sender,
        sender_name="Police",
        recipient=party(recipient, "MARAC"),
        created_at="2026-12-01T09:00:00Z",
    )
    return body


def open_as(data: bytes, me=MARAC, trusted=(POLICE,), kinds=("research_return",)):
    senders = {i.public.fingerprint: party(i, "sender") for i in trusted}
    return sealed.open_file(data, me=me, my_name="MARAC", senders=senders, expect_kinds=kinds)


SEALED = seal()


def test_the_recipient_opens_what_was_sealed_and_nobody_else_reads_it() -> None:
    opened = open_as(SEALED)
    assert opened.payload == PAYLOAD and opened.kind == "research_return"
    assert opened.sender.keys == POLICE.public
    assert b"born 1990" not in SEALED and b"ABC123" not in SEALED


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_any_change_of_one_byte_is_refused(data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(SEALED) - 1))
    flip = data.draw(st.integers(1, 255))
    changed = bytearray(SEALED)
    changed[position] ^= flip
    with pytest.raises(sealed.ExchangeFileError):
        open_as(bytes(changed))


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=0, max_size=64))
def test_bytes_added_or_cut_are_refused(extra: bytes) -> None:
    with pytest.raises(sealed.ExchangeFileError):
        open_as(SEALED + extra if extra else SEALED[:-1])


def test_a_file_for_someone_else_is_refused_and_says_for_whom() -> None:
    with pytest.raises(sealed.NotForUsError, match="sealed for MARAC"):
        open_as(SEALED, me=IDVA)


def test_an_unknown_signer_is_refused_and_named() -> None:
    with pytest.raises(sealed.UnknownSenderError, match=r"not in your directory.*from Police"):
        open_as(SEALED, trusted=(IDVA,))


def test_a_sender_re_signing_someone_elses_file_is_refused() -> None:
    """IDVA takes the police's file, puts its own key in the header and signs it: the
    contents were sealed with the police's header, so they no longer open."""
    header_at = len(sealed.MAGIC) + 6
    (length,) = struct.unpack_from(">I", SEALED, len(sealed.MAGIC) + 2)
    header = SEALED[header_at : header_at + length]
    swapped = header.replace(
        POLICE.public.to_text()["seal"].encode(), IDVA.public.to_text()["seal"].encode()
    ).replace(POLICE.public.to_text()["verify"].encode(), IDVA.public.to_text()["verify"].encode())
    swapped = swapped.replace(POLICE.public.fingerprint.encode(), IDVA.public.fingerprint.encode())
    assert len(swapped) == len(header)
    body = SEALED[:header_at] + swapped + SEALED[header_at + length : -64]
    forged = body + IDVA.sign(body)
    with pytest.raises(sealed.AlteredError):
        open_as(forged, trusted=(POLICE, IDVA))


def test_a_newer_format_is_refused_as_too_new() -> None:
    newer = sealed.MAGIC + struct.pack(">H", sealed.VERSION + 1) + SEALED[len(sealed.MAGIC) + 2 :]
    with pytest.raises(sealed.TooNewError, match="newer marac-desk"):
        open_as(newer)


@pytest.mark.parametrize("junk", [b"", b"PK\x03\x04 a zip", b"MARACDESK-SEALED", b"\x00" * 100])
def test_files_that_are_not_exchange_files_are_refused(junk: bytes) -> None:
    with pytest.raises(sealed.ExchangeFileError):
        open_as(junk)


def test_a_file_of_another_kind_is_refused_by_kind() -> None:
    request = seal(kind="research_request", sender=MARAC, recipient=POLICE)
    with pytest.raises(sealed.ExchangeFileError, match="is a research request, not a research"):
        open_as(request, me=POLICE, trusted=(MARAC,))


def test_key_cards_travel_signed_and_fingerprints_read_back_forgivingly() -> None:
    card = read_card(make_card(POLICE, "agency", "Testshire Police", "police"))
    assert card.keys == POLICE.public and card.agency_code == "POLICE"
    typed = card.fingerprint.lower().replace("-", " ").replace("O", "0")
    assert normalise_fingerprint(typed) == card.fingerprint
    tampered = make_card(POLICE, "agency", "Testshire Police", "POLICE").replace(
        b"Testshire Police", b"Testshire Polite"
    )
    with pytest.raises(Exception, match="changed after it was made"):
        read_card(tampered)


def test_a_key_card_from_a_newer_marac_desk_is_refused_as_too_new() -> None:
    import json

    card = json.loads(make_card(POLICE, "agency", "Testshire Police", "POLICE"))
    card["version"] = 2
    with pytest.raises(Exception, match="newer marac-desk"):
        read_card(json.dumps(card).encode())


def test_contents_from_a_newer_marac_desk_are_refused_as_too_new() -> None:
    from marac_desk.exchange import research_files

    with pytest.raises(research_files.PayloadError, match="newer marac-desk"):
        research_files.read_return(
            {"version": 2, "token": "T", "meeting_uid": "U", "agency": "POLICE", "cases": []},
            {},
        )
    with pytest.raises(research_files.PayloadError, match="not what marac-desk writes"):
        research_files.read_return(
            {
                "version": 1,
                "token": "T",
                "meeting_uid": "U",
                "agency": "POLICE",
                "cases": [],
                "extra": "a field marac-desk never writes",
            },
            {},
        )


def test_a_huge_file_is_refused_before_it_is_read(tmp_path) -> None:
    huge = tmp_path / "holiday-video.marac"
    with huge.open("wb") as handle:
        handle.truncate(sealed.MAX_FILE_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(sealed.NotExchangeFileError, match="far larger"):
        sealed.read_file(huge)

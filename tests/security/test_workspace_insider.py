"""An agency representative with their workspace's password, its key-slot file and the raw
sqlcipher3 and cryptography APIs tries to read the MARAC's vault and another agency's
exchange files. Every attempt fails: their credential opens their workspace only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from marac_desk.security.keyslots import KeySlots
from marac_desk.storage.connection import key_pragma
from tests.conftest import PASSWORD
from tests.exchange.test_sealed_research import send_request
from tests.fixtures.exchange_parties import introduce, new_workspace
from tests.storage.test_research import planned_meeting

REP_PASSWORD = PASSWORD + " workspace"  # as tests.fixtures.exchange_parties sets it


def _reads(database: Path, key: bytes) -> bool:
    raw = sqlcipher3.connect(str(database))
    try:
        raw.execute(key_pragma(key))
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        raw.close()


def test_a_workspace_credential_opens_nothing_of_the_marac(vault, data_dir, tmp_path) -> None:
    marac = vault
    meeting, _ = planned_meeting(marac)
    police = new_workspace(tmp_path / "police", "POLICE")
    idva = new_workspace(tmp_path / "idva", "IDVA")
    introduce(marac, police)
    introduce(marac, idva)
    idva_request = send_request(marac, meeting, "IDVA", tmp_path / "out")
    police.close(action=None)
    idva.close(action=None)
    marac.close(action=None)

    # Everything the police representative's password unseals from their own slot file.
    (workspace_key,) = KeySlots.load(tmp_path / "police" / "keyslots.json").user_keys(
        "policerep", REP_PASSWORD
    )
    assert _reads(tmp_path / "police" / "vault.db", workspace_key)  # their own: yes
    assert not _reads(data_dir / "vault.db", workspace_key)  # the MARAC's: no
    # Their password against the MARAC's slot file: no slot of theirs is in it at all.
    marac_slots = KeySlots.load(data_dir / "keyslots.json")
    assert "policerep" not in marac_slots.users
    # The workspace's own exchange key cannot open a request sealed to the IDVA service.
    raw = sqlcipher3.connect(str(tmp_path / "police" / "vault.db"))
    raw.execute(key_pragma(workspace_key))
    (seal_private,) = raw.execute("SELECT seal_private FROM exchange_identity").fetchone()
    raw.close()
    data = idva_request.read_bytes()
    header_length = int.from_bytes(data[18:22], "big")
    header = json.loads(data[22 : 22 + header_length])
    ephemeral = X25519PublicKey.from_public_bytes(bytes.fromhex(header["ephemeral"]))
    shared = X25519PrivateKey.from_private_bytes(bytes(seal_private)).exchange(ephemeral)
    own_public = X25519PrivateKey.from_private_bytes(bytes(seal_private)).public_key()
    box = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral.public_bytes_raw() + own_public.public_bytes_raw(),
        info=b"marac-desk exchange file",
    ).derive(shared)
    cipher_at = 22 + header_length + 8
    ciphertext = data[cipher_at:-64]
    with pytest.raises(InvalidTag):
        AESGCM(box).decrypt(
            bytes.fromhex(header["nonce"]),
            ciphertext,
            b"marac-desk exchange file\x00" + data[22 : 22 + header_length],
        )

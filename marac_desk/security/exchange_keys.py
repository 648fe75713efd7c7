"""The exchange identity of a MARAC or an agency workspace: an X25519 key pair that exchange
files are sealed to, an Ed25519 key pair that signs what it sends, and the short
fingerprint of both that two people read to each other over the phone."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from marac_desk.security import sealing

FINGERPRINT_BYTES = 10  # 80 bits: no one can make a second key with the same fingerprint
FINGERPRINT_GROUP = 4
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class SignatureError(Exception):
    """A signature did not verify, or a key was not a key."""


@dataclass(frozen=True)
class PublicKeys:
    """What others need to seal to and check the signature of one MARAC or workspace."""

    seal: bytes  # X25519, 32 bytes
    verify: bytes  # Ed25519, 32 bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self)

    def to_text(self) -> dict[str, str]:
        return {"seal": _b64(self.seal), "verify": _b64(self.verify)}

    @classmethod
    def from_text(cls, data: object) -> PublicKeys:
        """Read keys from untrusted JSON; ValueError when they are not two 32-byte keys."""
        if not isinstance(data, dict):
            raise ValueError("keys are not an object")
        seal, verify = (_unb64(data.get(name)) for name in ("seal", "verify"))
        if len(seal) != 32 or len(verify) != 32:
            raise ValueError("a key has the wrong length")
        return cls(seal, verify)


@dataclass(frozen=True)
class Identity:
    """Both private keys. Kept only inside an encrypted vault."""

    seal_private: bytes
    sign_private: bytes

    @property
    def public(self) -> PublicKeys:
        seal_public = sealing.public_of(self.seal_private)
        verify = Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key()
        return PublicKeys(seal_public, verify.public_bytes_raw())

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_private).sign(message)


def new_identity() -> Identity:
    seal_private, _ = sealing.new_keypair()
    return Identity(seal_private, Ed25519PrivateKey.generate().private_bytes_raw())


def verify(keys: PublicKeys, signature: bytes, message: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(keys.verify).verify(signature, message)
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError("the signature does not match") from exc


def fingerprint(keys: PublicKeys) -> str:
    """Four groups of four letters and digits, the same on both sides when the keys are."""
    digest = hashlib.sha256(b"marac-desk exchange keys\x00" + keys.verify + keys.seal).digest()
    text = base64.b32encode(digest[:FINGERPRINT_BYTES]).decode("ascii")
    return "-".join(text[i : i + FINGERPRINT_GROUP] for i in range(0, len(text), FINGERPRINT_GROUP))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, spaces or dashes, 0/1/8 for O/I/B) in its shown form."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    return "-".join(
        cleaned[i : i + FINGERPRINT_GROUP] for i in range(0, len(cleaned), FINGERPRINT_GROUP)
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str) or len(text) > 200:
        raise ValueError("not base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise ValueError("not base64 text") from exc

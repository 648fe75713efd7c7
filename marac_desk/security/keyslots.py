"""The key-slot file beside the vault: the vault key sealed to every user and to the recovery key.

The file holds no secret in the clear. For each user: scrypt parameters, their
X25519 private key wrapped under the key derived from their password, their
public key, and the vault key sealed to that public key. For the recovery key:
its public key and the sealed vault key. During a key rotation a slot may hold
two generations of the vault key; unlocking tries each against the vault.
It also carries sign-in throttling state, because a failed sign-in happens
before the vault can be opened to record it.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marac_desk.errors import NotAVaultError, RateLimitedError, WrongCredentialsError
from marac_desk.fileio import atomic_write_bytes
from marac_desk.security import kdf, sealing
from marac_desk.security.accounts_key import AccountsKey
from marac_desk.security.audit_anchor import AuditAnchor

FORMAT = 1
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300
UNKNOWN_USER_BUCKET = "*"
RECOVERY_BUCKET = "recovery"
MAX_PENDING_FAILURES = 200
WRONG_CREDENTIALS = (
    "The user name or password is not right. Check Caps Lock and try again; "
    "an administrator can reset a forgotten password."
)


@dataclass
class UserSlot:
    kdf: kdf.KdfParams
    wrapped_private: sealing.Wrapped
    public_key: bytes
    sealed: list[sealing.Sealed] = field(default_factory=list)
    # An administrator's slot names the administrators' key it was given, inside the
    # associated data of its wrapped private key: a key-slot file whose administrators'
    # key was removed or replaced is then noticed at that administrator's sign-in.
    bound_to: bytes | None = None


@dataclass
class RecoverySlot:
    public_key: bytes
    sealed: list[sealing.Sealed] = field(default_factory=list)


@dataclass
class Throttle:
    failures: int = 0
    blocked_until: float = 0.0


@dataclass
class KeySlots:
    vault_id: str
    users: dict[str, UserSlot]
    recovery: RecoverySlot
    throttles: dict[str, Throttle] = field(default_factory=dict)
    # Failed sign-ins not yet written to the audit log (the vault was shut).
    pending_failures: list[dict[str, str]] = field(default_factory=list)
    # scrypt cost for slots made from now on; each slot keeps the cost it was made with.
    kdf_n: int = kdf.DEFAULT_N
    # Counts the file's rewrites: a writer that finds another number on disk than the one
    # it read refuses to save (storage.slot_file.write_slots).
    generation: int = 0
    # The audit log's last entry, authenticated (security.audit_anchor); None before the
    # first one. `audit_anchor_damaged`: the file held something there that is not one.
    audit_anchor: AuditAnchor | None = None
    audit_anchor_damaged: bool = False
    # The administrators' key that signs the accounts (security.accounts_key); None in a
    # vault made before it, until an administrator signs in with a password.
    accounts_key: AccountsKey | None = None
    # Key-encryption keys derived from passwords in this process, so that an administrator's
    # slot can be bound again to a key handed on; never written anywhere.
    _keks: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    # The key agencies' minutes passwords are encrypted under in the vault, sealed to each
    # account and the recovery key (storage.minutes_passwords); None until first made.
    passwords_key: dict[str, sealing.Sealed] | None = None

    # -- building -----------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        vault_id: str,
        vault_key: bytes,
        recovery_raw: bytes,
        kdf_n: int = kdf.DEFAULT_N,
    ) -> KeySlots:
        _, recovery_public = sealing.keypair_from_seed(recovery_raw, vault_id.encode())
        slots = cls(vault_id=vault_id, users={}, recovery=RecoverySlot(recovery_public))
        slots.recovery.sealed.append(
            sealing.seal(vault_key, recovery_public, slots._aad(RECOVERY_BUCKET))
        )
        slots.kdf_n = max(kdf_n, kdf.WRITE_FLOOR)
        return slots

    def set_password(
        self, username: str, password: str, vault_key: bytes, *, bound_to: bytes | None = None
    ) -> None:
        """Give `username` a fresh key pair wrapped under `password`, sealed to `vault_key`.

        Used for new accounts, password changes and administrator resets alike:
        the old slot, if any, is replaced whole. `bound_to`: for an administrator, the
        administrators' key (public) the slot is given.
        """
        private, public = sealing.new_keypair()
        params = kdf.KdfParams.fresh(n=max(self.kdf_n, kdf.WRITE_FLOOR))
        kek = kdf.derive_key(password, params)
        wrapped = sealing.wrap(private, kek, self._private_aad(username, bound_to))
        slot = UserSlot(params, wrapped, public, bound_to=bound_to)
        slot.sealed.append(sealing.seal(vault_key, public, self._aad(f"user:{username}")))
        self.users[username] = slot
        self.throttles.pop(username, None)
        self._keks[username] = kek

    def bind(self, username: str, private: bytes, public: bytes) -> bool:
        """Bind an administrator's slot to the administrators' key `public`, rewrapping its
        private key under the key its password gave at this sign-in; False when the
        password was not used in this process (the slot stays bound as it was)."""
        kek = self._keks.get(username)
        slot = self.users.get(username)
        if kek is None or slot is None:
            return False
        slot.wrapped_private = sealing.wrap(private, kek, self._private_aad(username, public))
        slot.bound_to = public
        return True

    def _private_aad(self, username: str, bound_to: bytes | None) -> bytes:
        if bound_to is None:
            return self._aad(f"user:{username}:private")
        return self._aad(f"user:{username}:private|accounts:{_b64(bound_to)}")

    def remove_user(self, username: str) -> None:
        self.users.pop(username, None)
        self.throttles.pop(username, None)
        if self.accounts_key is not None:
            self.accounts_key.sealed.pop(f"user:{username}", None)
        if self.passwords_key is not None:
            self.passwords_key.pop(f"user:{username}", None)

    # -- the minutes passwords' key ----------------------------------------------

    def set_passwords_key(self, key: bytes) -> None:
        """A new key for minutes passwords, sealed to every account and the recovery key."""
        self.passwords_key = {}
        for username in self.users:
            self.seal_passwords_key(key, username)
        self.passwords_key[RECOVERY_BUCKET] = sealing.seal(
            key, self.recovery.public_key, self._aad("passwords-key:recovery")
        )

    def seal_passwords_key(self, key: bytes, username: str) -> None:
        assert self.passwords_key is not None
        self.passwords_key[f"user:{username}"] = sealing.seal(
            key, self.users[username].public_key, self._aad(f"passwords-key:user:{username}")
        )

    def open_passwords_key(self, recipient: str, private: bytes) -> bytes | None:
        sealed = (self.passwords_key or {}).get(recipient)
        if sealed is None:
            return None
        try:
            return sealing.unseal(sealed, private, self._aad(f"passwords-key:{recipient}"))
        except sealing.UnsealError:
            return None

    # -- the administrators' key -------------------------------------------------

    def set_accounts_key(
        self,
        seed: bytes,
        administrators: list[str],
        public: bytes,
        previous_seed: bytes | None = None,
    ) -> None:
        """A new administrators' key, sealed to these accounts and the recovery key only;
        handed on from `previous_seed`'s key when there was one."""
        history: list[tuple[bytes, bytes]] = []
        if self.accounts_key is not None and previous_seed is not None:
            from marac_desk.security.accounts_key import hand_on

            history = [
                *self.accounts_key.history,
                (self.accounts_key.public, hand_on(previous_seed, public)),
            ]
        self.accounts_key = AccountsKey(public, history=history)
        for username in administrators:
            self.seal_accounts_key(seed, username)
        self.accounts_key.sealed[RECOVERY_BUCKET] = sealing.seal(
            seed, self.recovery.public_key, self._aad("accounts-key:recovery")
        )

    def seal_accounts_key(self, seed: bytes, username: str) -> None:
        """Give an administrator's slot (as it is now) the administrators' key."""
        assert self.accounts_key is not None
        slot = self.users[username]
        self.accounts_key.sealed[f"user:{username}"] = sealing.seal(
            seed, slot.public_key, self._aad(f"accounts-key:user:{username}")
        )

    def drop_accounts_key(self, username: str) -> None:
        if self.accounts_key is not None:
            self.accounts_key.sealed.pop(f"user:{username}", None)

    def open_accounts_key(self, recipient: str, private: bytes) -> bytes | None:
        """The administrators' key, if it is sealed to `recipient` ("user:NAME" or
        "recovery") and `private` opens it; None otherwise."""
        if self.accounts_key is None:
            return None
        sealed = self.accounts_key.sealed.get(recipient)
        if sealed is None:
            return None
        try:
            return sealing.unseal(sealed, private, self._aad(f"accounts-key:{recipient}"))
        except sealing.UnsealError:
            return None

    def reseal_all(self, new_key: bytes) -> None:
        """Seal a new vault key to every recipient, keeping the old one until `keep_only`."""
        for username, slot in self.users.items():
            slot.sealed.append(
                sealing.seal(new_key, slot.public_key, self._aad(f"user:{username}"))
            )
        self.recovery.sealed.append(
            sealing.seal(new_key, self.recovery.public_key, self._aad(RECOVERY_BUCKET))
        )

    def without_key(self, vault_key: bytes) -> list[str]:
        """The recipients (accounts, "the recovery key") holding no sealed copy of `vault_key`."""
        wanted = sealing.key_id(vault_key)
        missing = [
            name
            for name, slot in self.users.items()
            if all(s.key_id != wanted for s in slot.sealed)
        ]
        if all(s.key_id != wanted for s in self.recovery.sealed):
            missing.append("the recovery key")
        return missing

    def keep_only(self, vault_key: bytes) -> None:
        wanted = sealing.key_id(vault_key)
        for slot in self.users.values():
            slot.sealed = [s for s in slot.sealed if s.key_id == wanted]
        self.recovery.sealed = [s for s in self.recovery.sealed if s.key_id == wanted]

    # -- unlocking ----------------------------------------------------------

    def user_keys(self, username: str, password: str, now: float | None = None) -> list[bytes]:
        """Every vault key generation `username` can open with `password`.

        Raises WrongCredentialsError or RateLimitedError; the caller saves the
        file afterwards either way, since throttling state changes.
        """
        return self.unlock(username, password, now)[0]

    def unlock(
        self,
        username: str,
        password: str,
        now: float | None = None,
        *,
        meanwhile: Callable[[], bool] | None = None,
    ) -> tuple[list[bytes], bytes]:
        """`user_keys`, with the account's private key (for the administrators' key).
        `meanwhile` runs while the password's key is derived (kdf.derive_key)."""
        now = time.time() if now is None else now
        bucket = username if username in self.users else UNKNOWN_USER_BUCKET
        self._check_throttle(bucket, now)
        slot = self.users.get(username)
        if slot is None:
            # Spend the same effort as a real attempt, so timing does not tell
            # which user names exist.
            kdf.derive_key(password, kdf.KdfParams.fresh(n=self.kdf_n), meanwhile=meanwhile)
            self._fail(bucket, username, now)
        assert slot is not None
        try:
            kek = kdf.derive_key(password, slot.kdf, meanwhile=meanwhile)
            private = sealing.unwrap(
                slot.wrapped_private, kek, self._private_aad(username, slot.bound_to)
            )
            self._keks[username] = kek
            keys = [sealing.unseal(s, private, self._aad(f"user:{username}")) for s in slot.sealed]
        except (sealing.UnsealError, ValueError):
            self._fail(bucket, username, now)
        self.throttles.pop(bucket, None)
        return keys, private

    def recovery_keys(self, recovery_raw: bytes, now: float | None = None) -> list[bytes]:
        return self.recovery_unlock(recovery_raw, now)[0]

    def recovery_unlock(
        self, recovery_raw: bytes, now: float | None = None
    ) -> tuple[list[bytes], bytes]:
        now = time.time() if now is None else now
        self._check_throttle(RECOVERY_BUCKET, now)
        private, public = sealing.keypair_from_seed(recovery_raw, self.vault_id.encode())
        if public != self.recovery.public_key:
            self._fail(RECOVERY_BUCKET, "(recovery key)", now, message=WRONG_RECOVERY_KEY)
        try:
            keys = [
                sealing.unseal(s, private, self._aad(RECOVERY_BUCKET)) for s in self.recovery.sealed
            ]
        except sealing.UnsealError:
            self._fail(RECOVERY_BUCKET, "(recovery key)", now, message=WRONG_RECOVERY_KEY)
        self.throttles.pop(RECOVERY_BUCKET, None)
        return keys, private

    def take_pending_failures(self) -> list[dict[str, str]]:
        taken, self.pending_failures = self.pending_failures, []
        return taken

    # -- throttling ---------------------------------------------------------

    def _check_throttle(self, bucket: str, now: float) -> None:
        throttle = self.throttles.get(bucket)
        if throttle and throttle.blocked_until > now:
            wait = int(throttle.blocked_until - now) + 1
            raise RateLimitedError(
                f"Too many failed attempts. Wait {wait} seconds, then try again.", wait
            )

    def _fail(self, bucket: str, who: str, now: float, message: str = WRONG_CREDENTIALS) -> Any:
        throttle = self.throttles.setdefault(bucket, Throttle())
        throttle.failures += 1
        if throttle.failures > FREE_ATTEMPTS:
            delay = min(MAX_DELAY_SECONDS, 5 * 2 ** (throttle.failures - FREE_ATTEMPTS - 1))
            throttle.blocked_until = now + delay
        record = {"user": who if who in self.users or who == "(recovery key)" else "(unknown user)"}
        record["at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
        self.pending_failures = [*self.pending_failures, record][-MAX_PENDING_FAILURES:]
        raise WrongCredentialsError(message)

    def _aad(self, recipient: str) -> bytes:
        return f"marac-desk|{self.vault_id}|{recipient}".encode()

    # -- persistence --------------------------------------------------------

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_bytes())

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_json(), indent=1, sort_keys=True).encode("utf-8")

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "generation": self.generation,
            "vault_id": self.vault_id,
            "kdf_n": self.kdf_n,
            "users": {
                name: {
                    "kdf": {"salt": _b64(s.kdf.salt), "n": s.kdf.n, "r": s.kdf.r, "p": s.kdf.p},
                    "private": {
                        "nonce": _b64(s.wrapped_private.nonce),
                        "ciphertext": _b64(s.wrapped_private.ciphertext),
                    },
                    "public": _b64(s.public_key),
                    "sealed": [_sealed_json(x) for x in s.sealed],
                    **({"bound_to": _b64(s.bound_to)} if s.bound_to else {}),
                }
                for name, s in self.users.items()
            },
            "recovery": {
                "public": _b64(self.recovery.public_key),
                "sealed": [_sealed_json(x) for x in self.recovery.sealed],
            },
            "throttles": {
                k: {"failures": t.failures, "blocked_until": t.blocked_until}
                for k, t in self.throttles.items()
            },
            "pending_failures": self.pending_failures,
            **({"audit_head": self.audit_anchor.to_json()} if self.audit_anchor else {}),
            **(
                {
                    "accounts_key": {
                        "public": _b64(self.accounts_key.public),
                        "sealed": {k: _sealed_json(v) for k, v in self.accounts_key.sealed.items()},
                        "history": [
                            {"public": _b64(p), "hands_on": _b64(sig)}
                            for p, sig in self.accounts_key.history
                        ],
                    }
                }
                if self.accounts_key
                else {}
            ),
            **(
                {"passwords_key": {k: _sealed_json(v) for k, v in self.passwords_key.items()}}
                if self.passwords_key is not None
                else {}
            ),
        }

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise NotAVaultError(
                f"The key-slot file {path.name} is missing from {path.parent}, so the vault "
                "cannot be opened. Restore it from a backup."
            ) from exc
        return cls.from_bytes(raw, source=str(path))

    @classmethod
    def from_bytes(cls, raw: bytes, source: str = "key-slot file") -> KeySlots:
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("format")
            slots = cls(
                vault_id=str(data["vault_id"]),
                users={
                    str(name): UserSlot(
                        kdf=kdf.KdfParams(
                            salt=_unb64(u["kdf"]["salt"]),
                            n=int(u["kdf"]["n"]),
                            r=int(u["kdf"]["r"]),
                            p=int(u["kdf"]["p"]),
                        ),
                        wrapped_private=sealing.Wrapped(
                            _unb64(u["private"]["nonce"]), _unb64(u["private"]["ciphertext"])
                        ),
                        public_key=_unb64(u["public"]),
                        sealed=[_sealed_from(x) for x in u["sealed"]],
                        bound_to=_unb64(u["bound_to"]) if "bound_to" in u else None,
                    )
                    for name, u in data["users"].items()
                },
                recovery=RecoverySlot(
                    public_key=_unb64(data["recovery"]["public"]),
                    sealed=[_sealed_from(x) for x in data["recovery"]["sealed"]],
                ),
                throttles={
                    str(k): Throttle(int(t["failures"]), float(t["blocked_until"]))
                    for k, t in data.get("throttles", {}).items()
                },
                pending_failures=[
                    {"user": str(p["user"]), "at": str(p["at"])}
                    for p in data.get("pending_failures", [])
                ],
            )
            if "throttles" not in data:
                slots.throttles = _strictest(slots)
            slots.kdf_n = max(int(data.get("kdf_n", kdf.DEFAULT_N)), kdf.WRITE_FLOOR)
            slots.generation = int(data.get("generation", 0))
            if "audit_head" in data:
                slots.audit_anchor = AuditAnchor.from_json(data["audit_head"])
                slots.audit_anchor_damaged = slots.audit_anchor is None
            if "accounts_key" in data:
                key = data["accounts_key"]
                slots.accounts_key = AccountsKey(
                    _unb64(key["public"]),
                    {str(k): _sealed_from(v) for k, v in key["sealed"].items()},
                    [(_unb64(h["public"]), _unb64(h["hands_on"])) for h in key.get("history", [])],
                )
            if "passwords_key" in data:
                slots.passwords_key = {
                    str(k): _sealed_from(v) for k, v in data["passwords_key"].items()
                }
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise NotAVaultError(
                f"The key-slot file ({source}) is damaged or is not a marac-desk key-slot file. "
                "Restore it from a backup."
            ) from exc
        return slots


def _strictest(slots: KeySlots) -> dict[str, Throttle]:
    """Every file marac-desk writes holds its sign-in throttling state; one without it was
    edited to forget past failures, so every way in waits the longest delay instead."""
    until = time.time() + MAX_DELAY_SECONDS
    failures = FREE_ATTEMPTS + 8  # the next failure too is met with the longest delay
    buckets = [*slots.users, UNKNOWN_USER_BUCKET, RECOVERY_BUCKET]
    return {bucket: Throttle(failures, until) for bucket in buckets}


WRONG_RECOVERY_KEY = (
    "That recovery key does not open this vault. Check each group against the printed copy."
)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _sealed_json(s: sealing.Sealed) -> dict[str, str]:
    return {
        "key_id": s.key_id,
        "ephemeral": _b64(s.ephemeral_public),
        "nonce": _b64(s.nonce),
        "ciphertext": _b64(s.ciphertext),
    }


def _sealed_from(d: dict[str, str]) -> sealing.Sealed:
    return sealing.Sealed(
        str(d["key_id"]), _unb64(d["ephemeral"]), _unb64(d["nonce"]), _unb64(d["ciphertext"])
    )

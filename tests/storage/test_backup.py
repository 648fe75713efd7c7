"""Backups are encrypted and verified; restore shows what it replaces and keeps the old vault."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path

import pytest

from marac_desk.domain.cases import CaseRole, CaseStatus, NewCase, PersonDetails
from marac_desk.errors import BackupError
from marac_desk.interaction import AlwaysYes
from marac_desk.storage import audit, backup, keyrotation
from marac_desk.storage.cases import register
from marac_desk.storage.referrals import add_case
from marac_desk.storage.vault import sign_in
from tests.conftest import ADMIN, PASSWORD


class Recorder(AlwaysYes):
    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def confirm(self, title: str, message: str) -> bool:
        self.asked.append(message)
        return self.answer


def one_case(vault, surname: str) -> None:
    add_case(
        vault,
        NewCase(f"REF-{surname}", CaseStatus.DRAFT, [(CaseRole.VICTIM, PersonDetails(surname))]),
    )


def test_backup_then_restore_brings_back_the_old_state(vault, data_dir, tmp_path: Path) -> None:
    one_case(vault, "Before")
    info = backup.create_backup(vault, tmp_path)
    assert info.path.suffix == backup.SUFFIX and info.size > 0
    one_case(vault, "After")
    vault.close()

    asker = Recorder()
    result = backup.restore_backup(
        data_dir, info.path, username=ADMIN, password=PASSWORD, asker=asker
    )
    assert result is not None and result.kept_copy is not None
    assert "Cases: 1" in asker.asked[0]
    restored = sign_in(data_dir, ADMIN, PASSWORD)
    assert [r.reference for r in register(restored)] == ["REF-Before"]
    actions = [e.action for e in audit.entries(restored.conn)]
    restored.close()
    # The restored vault's own log shows the backup it came from, then the restore.
    assert actions[-3:] == ["backup_created", "vault_restored", "sign_in"]
    kept = sorted(p.name for p in result.kept_copy.iterdir())
    assert "vault.db" in kept and "keyslots.json" in kept


def test_backup_file_is_encrypted(vault, tmp_path: Path) -> None:
    one_case(vault, "Zzyzxplanted")
    info = backup.create_backup(vault, tmp_path / "b.mdbackup")
    raw = info.path.read_bytes()
    assert b"Zzyzxplanted" not in raw and b"SQLite format 3" not in raw
    with zipfile.ZipFile(info.path) as archive:
        assert not archive.read("vault.db").startswith(b"SQLite format 3")


def test_saying_no_changes_nothing(vault, data_dir, tmp_path: Path) -> None:
    info = backup.create_backup(vault, tmp_path)
    vault.close()
    before = (data_dir / "vault.db").read_bytes()
    result = backup.restore_backup(
        data_dir, info.path, username=ADMIN, password=PASSWORD, asker=Recorder(False)
    )
    assert result is None
    assert (data_dir / "vault.db").read_bytes() == before


@pytest.mark.parametrize(
    "damage", ["not_zip", "truncated", "flipped_byte", "missing_part", "empty"]
)
def test_damaged_backup_is_refused_and_changes_nothing(
    vault, data_dir, tmp_path: Path, damage: str
) -> None:
    info = backup.create_backup(vault, tmp_path / "good.mdbackup")
    vault.close()
    raw = info.path.read_bytes()
    bad = tmp_path / "bad.mdbackup"
    if damage == "not_zip":
        bad.write_bytes(b"this is a letter, not a backup")
    elif damage == "truncated":
        bad.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped_byte":
        data = bytearray(raw)
        data[len(data) // 2] ^= 0xFF
        bad.write_bytes(bytes(data))
    elif damage == "missing_part":
        with zipfile.ZipFile(info.path) as src, zipfile.ZipFile(bad, "w") as dst:
            for name in ("manifest.json", "vault.db"):
                dst.writestr(name, src.read(name))
    else:
        bad.write_bytes(b"")
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    with pytest.raises(BackupError):
        backup.restore_backup(data_dir, bad, username=ADMIN, password=PASSWORD, asker=Recorder())
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert after == before
    assert not (data_dir / "safety-copies").exists()


def test_full_disk_during_backup_leaves_no_partial_file(vault, tmp_path: Path, monkeypatch) -> None:
    original = zipfile.ZipFile.write

    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    drive = tmp_path / "usb"
    drive.mkdir()
    monkeypatch.setattr(zipfile.ZipFile, "write", full_disk)
    with pytest.raises(BackupError, match="disk is full"):
        backup.create_backup(vault, drive / "b.mdbackup")
    monkeypatch.setattr(zipfile.ZipFile, "write", original)
    assert list(drive.iterdir()) == []
    actions = [e.action for e in audit.entries(vault.conn)]
    assert actions[-2:] == ["backup_created", "backup_failed"]


def test_backup_that_fails_verification_is_deleted(vault, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        backup, "verify_backup_file", lambda path, keys: ["page 3 did not read back"]
    )
    with pytest.raises(BackupError, match="did not read back"):
        backup.create_backup(vault, tmp_path / "b.mdbackup")
    assert not (tmp_path / "b.mdbackup").exists()


def test_restore_needs_an_administrator_of_the_backup(vault, data_dir, tmp_path: Path) -> None:
    info = backup.create_backup(vault, tmp_path)
    vault.close()
    with pytest.raises(Exception, match="not right"):
        backup.restore_backup(
            data_dir, info.path, username=ADMIN, password="wrong password!", asker=Recorder()
        )


def test_key_rotation_keeps_data_and_passwords(
    vault, data_dir, recovery_text, tmp_path: Path
) -> None:
    one_case(vault, "Kept")
    old_key = vault.key
    keyrotation.rotate_key(vault)
    assert vault.key != old_key
    vault.close()
    again = sign_in(data_dir, ADMIN, PASSWORD)
    assert [r.reference for r in register(again)] == ["REF-Kept"]
    assert again.key != old_key
    again.close()
    from marac_desk.storage.vault_recovery import recover

    recover(data_dir, recovery_text, ADMIN, "after rotation pw").close()


def test_backup_from_before_rotation_still_restores_with_its_password(
    vault, data_dir, tmp_path: Path
) -> None:
    info = backup.create_backup(vault, tmp_path)
    keyrotation.rotate_key(vault)
    keys = [vault.key]
    vault.close()
    with pytest.raises(backup.BackupKeyError):
        backup.restore_backup(data_dir, info.path, username=ADMIN, keys=keys, asker=Recorder())
    assert backup.restore_backup(
        data_dir, info.path, username=ADMIN, keys=keys, password=PASSWORD, asker=Recorder()
    )


def _rewrite(source: Path, target: Path, change) -> None:
    """Copy a backup, letting `change(name, data)` alter each member."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))


@pytest.mark.parametrize("part", ["manifest", "keyslots"])
def test_a_backup_edited_inside_is_refused(vault, data_dir, tmp_path: Path, part: str) -> None:
    """Checksums can be recomputed by anyone; the manifest's tag needs the vault key."""
    import hashlib
    import json

    info = backup.create_backup(vault, tmp_path)

    def change(name: str, data: bytes) -> bytes:
        if name == "keyslots.json" and part == "keyslots":
            slots = json.loads(data)
            slots["kdf_n"] = 1024  # any edit at all
            return json.dumps(slots).encode()
        if name == "manifest.json":
            manifest = json.loads(data)
            if part == "manifest":
                manifest["created_at"] = "2020-01-01T00:00:00Z"
            return json.dumps(manifest).encode()
        return data

    edited = tmp_path / "edited.mdbackup"
    _rewrite(info.path, edited, change)
    if part == "keyslots":
        # Recompute the checksum so that only the tag can tell.
        def fix(name: str, data: bytes) -> bytes:
            if name != "manifest.json":
                return data
            with zipfile.ZipFile(edited) as z:
                slots_bytes = z.read("keyslots.json")
            manifest = json.loads(data)
            manifest["sha256"]["keyslots.json"] = hashlib.sha256(slots_bytes).hexdigest()
            return json.dumps(manifest).encode()

        fixed = tmp_path / "fixed.mdbackup"
        _rewrite(edited, fixed, fix)
        edited = fixed
    before = (data_dir / "vault.db").read_bytes()
    with pytest.raises(BackupError, match="changed after it was made"):
        backup.restore_backup(data_dir, edited, username=ADMIN, asker=AlwaysYes(), keys=[vault.key])
    assert (data_dir / "vault.db").read_bytes() == before


def test_a_backup_of_another_vault_needs_its_own_yes(vault, data_dir, tmp_path: Path) -> None:
    from marac_desk.security import kdf
    from marac_desk.storage.vault_setup import create_vault

    other, _ = create_vault(
        tmp_path / "other",
        marac_name="Elsewhere MARAC",
        username=ADMIN,
        full_name="Ada Admin",
        password=PASSWORD,
        kdf_n=kdf.MIN_N,
    )
    made = backup.create_backup(other, tmp_path)
    other.close(action=None)
    current = backup.summarise(vault.conn)
    vault.close(action=None)

    class FirstYesOnly(Recorder):
        def confirm(self, title: str, message: str) -> bool:
            self.asked.append(message)
            return len(self.asked) == 1

    asker = FirstYesOnly()
    result = backup.restore_backup(
        data_dir, made.path, username=ADMIN, password=PASSWORD, asker=asker, current=current
    )
    assert result is None and len(asker.asked) == 2
    assert "Elsewhere MARAC" in asker.asked[1] and "Testshire MARAC" in asker.asked[1]
    again = sign_in(data_dir, ADMIN, PASSWORD)
    assert backup.summarise(again.conn).marac_name == "Testshire MARAC"
    again.close(action=None)

"""One writer per vault: a second process is refused (and told by whom), a crashed holder's
lock is taken over, and key slots are never saved over a newer file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from marac_desk.errors import (
    KeySlotsChangedError,
    MaracDeskError,
    VaultExistsError,
    VaultNotFoundError,
)
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import accounts, audit, folder_lock
from marac_desk.storage.keyrotation import rotate_key
from marac_desk.storage.slot_file import write_slots
from marac_desk.storage.vault import Vault, sign_in
from marac_desk.storage.vault_recovery import recover
from marac_desk.storage.vault_setup import create_vault
from tests.conftest import ADMIN, PASSWORD

HOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "hold_vault.py"
pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    return {**os.environ, "MARAC_DESK_PASSWORD": PASSWORD}


@pytest.fixture
def holder(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Another marac-desk, signed in to `data_dir` as the administrator."""
    process = subprocess.Popen(
        [sys.executable, str(HOLDER), str(data_dir), ADMIN],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=30)  # also closes the pipes


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marac_desk", *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_a_command_is_refused_while_another_process_has_the_vault(
    data_dir: Path, holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    before = (data_dir / "keyslots.json").read_bytes()
    for command in (["backup", "--to", str(tmp_path)], ["verify"]):
        done = _cli(*command, "--data-dir", str(data_dir))
        assert done.returncode == 1, done.stderr
        message = done.stderr
        assert "is open in the marac-desk window" in message
        assert f"signed in as {ADMIN}" in message
        assert socket.gethostname() in message and f"(process {holder.pid})" in message
        assert "--wait" in message and "unexpected" not in message
    assert not list(tmp_path.glob("*.mdbackup"))
    assert (data_dir / "keyslots.json").read_bytes() == before


def test_signing_in_in_a_second_process_is_refused(
    data_dir: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(folder_lock.VaultInUseError) as raised:
        sign_in(data_dir, ADMIN, PASSWORD)
    assert raised.value.holder is not None and raised.value.holder.pid == holder.pid
    assert not folder_lock.held_here(data_dir)


def test_a_killed_holder_leaves_a_lock_the_next_one_takes(
    data_dir: Path, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    # The owner note of the dead process is still there; the lock went with the process.
    assert folder_lock.read_holder(data_dir) is not None
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        found = folder_lock.read_holder(data_dir)
        assert found is not None and found.pid == os.getpid()
        # Recognised, not silently overwritten: the sign-in's audit names who did not close.
        taken = [e for e in audit.entries(vault.conn) if e.action == "folder_lock_taken_over"]
        assert len(taken) == 1 and taken[0].detail["pid"] == holder.pid
    finally:
        vault.close(action=None)


def test_wait_goes_ahead_once_the_other_closes(
    data_dir: Path, holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    waiting = subprocess.Popen(
        [
            *(sys.executable, "-m", "marac_desk", "backup", "--to", str(tmp_path)),
            *("--data-dir", str(data_dir), "--wait", "120"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert waiting.stderr is not None and holder.stdin is not None and holder.stdout is not None
    # The waiter says it is waiting only once it has found the vault in use.
    assert "is open in" in waiting.stderr.readline()
    assert "waiting up to 120" in waiting.stderr.readline()
    holder.stdin.write("close\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "closed"
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "Backup written and verified" in out
    assert len(list(tmp_path.glob("*.mdbackup"))) == 1


def test_rotation_in_one_and_a_password_change_in_another_leave_the_vault_openable(
    data_dir: Path, recovery_text: str
) -> None:
    """The accident of two windows, with the lock out of sight (as on a network share):
    both vaults here share this process's hold, so only the key-slot rules protect."""
    first = sign_in(data_dir, ADMIN, PASSWORD)
    second = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        rotate_key(second)
        # Refused, by the key-slot file's generation or by the database's new key.
        with pytest.raises(MaracDeskError, match=r"[Aa]nother marac-desk"):
            accounts.change_own_password(first, PASSWORD, "a different long password")
    finally:
        second.close(action=None)
        first.close(action=None)
    sign_in(data_dir, ADMIN, PASSWORD).close(action=None)
    recover(data_dir, recovery_text, ADMIN, "a brand new password here").close(action=None)


def test_slots_that_do_not_hold_the_current_key_are_never_written(vault: Vault) -> None:
    before = vault.paths.keyslots.read_bytes()
    stale = KeySlots.from_bytes(before)
    stale.keep_only(os.urandom(32))  # as if every slot held another key only
    with pytest.raises(KeySlotsChangedError, match="would not open"):
        write_slots(vault.paths, stale, vault.key)
    assert vault.paths.keyslots.read_bytes() == before


def test_a_key_that_no_longer_opens_the_database_is_refused(vault: Vault) -> None:
    before = vault.paths.keyslots.read_bytes()
    other = os.urandom(32)
    vault.slots.reseal_all(other)  # the slots hold `other`, but the vault is not under it
    with pytest.raises(KeySlotsChangedError, match="rotated elsewhere"):
        write_slots(vault.paths, vault.slots, other)
    assert vault.paths.keyslots.read_bytes() == before


def test_key_slots_are_written_only_under_the_lock(data_dir: Path) -> None:
    from marac_desk.storage.vault_paths import VaultPaths

    slots = KeySlots.load(data_dir / "keyslots.json")
    with pytest.raises(RuntimeError, match="lock"):
        write_slots(VaultPaths(data_dir), slots, None)


def test_every_save_moves_the_generation_on(vault: Vault) -> None:
    first = KeySlots.load(vault.paths.keyslots).generation
    accounts.change_own_password(vault, PASSWORD, "another long password 1")
    # The new slot, then the audit log's head once the change committed: each a rewrite.
    assert KeySlots.load(vault.paths.keyslots).generation == first + 2 == vault.slots.generation


@pytest.mark.parametrize("missing", ["vault.db", "keyslots.json"])
def test_no_new_vault_where_part_of_an_old_one_is(data_dir: Path, missing: str) -> None:
    (data_dir / missing).unlink()
    kept = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    with pytest.raises(VaultExistsError, match=f"{missing} is missing") as raised:
        create_vault(
            data_dir, marac_name="X MARAC", username="new", full_name="N", password=PASSWORD * 2
        )
    assert "recovery key" in str(raised.value) and "restore" in str(raised.value)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == kept


def test_cli_names_the_missing_database_and_init_refuses(data_dir: Path) -> None:
    (data_dir / "vault.db").unlink()
    slots_before = (data_dir / "keyslots.json").read_bytes()
    done = _cli("verify", "--data-dir", str(data_dir))
    assert done.returncode == 1
    assert "vault.db is missing" in done.stderr and "Run the set-up" not in done.stderr
    done = _cli("init", "--data-dir", str(data_dir), "--user", "other", "--marac-name", "Y MARAC")
    assert done.returncode == 1 and "vault.db is missing" in done.stderr
    assert (data_dir / "keyslots.json").read_bytes() == slots_before
    with pytest.raises(VaultNotFoundError, match="restore"):
        sign_in(data_dir, ADMIN, PASSWORD)


def test_a_set_up_killed_before_the_rename_can_be_run_again(tmp_path: Path) -> None:
    """Killed after writing keyslots.json, before vault.db was in place: no vault ever
    opened, so the next set-up starts afresh rather than refusing for ever."""
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from marac_desk.storage import vault_setup as v\n"
        "real = v.write_slots\n"
        "def then_die(*a, **k):\n"
        "    real(*a, **k)\n"
        "    os._exit(9)\n"
        "v.write_slots = then_die\n"
        "v.create_vault(Path(sys.argv[1]), marac_name='Killed MARAC', username='ada',\n"
        "               full_name='Ada', password='a long and careful passphrase')\n"
    )
    folder = tmp_path / "vault"
    done = subprocess.run([sys.executable, "-c", script, str(folder)], timeout=120, check=False)
    assert done.returncode == 9
    assert (folder / "keyslots.json").exists() and not (folder / "vault.db").exists()
    with pytest.raises(VaultNotFoundError, match="interrupted"):
        sign_in(folder, "ada", "a long and careful passphrase")
    vault, _ = create_vault(
        folder, marac_name="Again MARAC", username="ada", full_name="Ada", password=PASSWORD
    )
    vault.close(action=None)
    sign_in(folder, "ada", PASSWORD).close(action=None)
    assert not list(folder.glob(".vault-*.building*"))


@pytest.mark.parametrize(
    "note",
    [
        b"",
        b"not json",
        b'{"purpose": "x"}',
        b'{"purpose": "\\u001b[2J\\u001b]0;pwned\\u0007", "account": "a", "computer": "c",'
        b' "pid": 1, "since": 1e300}',
        b'{"purpose": "\\u001b[31mred", "account": "<b>ada</b>", "computer": "'
        + b"c" * 10_000
        + b'", "pid": 1, "since": 0}',
        b"{" * 5_000_000,
    ],
)
def test_a_hostile_owner_note_is_read_as_untrusted_text(data_dir: Path, note: bytes) -> None:
    """Anyone who can write in the folder can write the note: it never breaks the message,
    never reaches a terminal as control codes, and is never read whole if huge."""
    (data_dir / folder_lock.OWNER_FILE).write_bytes(note)
    holder = folder_lock.read_holder(data_dir)
    message = folder_lock.in_use_message(data_dir, holder)
    assert "\x1b" not in message and "\x07" not in message
    assert len(message) < 1_000


def test_a_lock_note_from_another_computer_is_said_at_sign_in(data_dir: Path) -> None:
    """On a network share another computer's lock may not be visible: its note left behind
    is the only sign it may still be open there, so the person is told."""
    note = folder_lock.Holder("the marac-desk window", "bea", "OTHER-LAPTOP", 4242, 1.8e9)
    (data_dir / folder_lock.OWNER_FILE).write_bytes(note.to_bytes())
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        (notice,) = vault.notices
        assert "OTHER-LAPTOP" in notice and "close it there" in notice
    finally:
        vault.close(action=None)
    # A note of this computer's own (a crash here) needs no such warning.
    here = folder_lock.Holder("the marac-desk window", "bea", socket.gethostname(), 4242, 1.8e9)
    (data_dir / folder_lock.OWNER_FILE).write_bytes(here.to_bytes())
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        assert vault.notices == []
    finally:
        vault.close(action=None)

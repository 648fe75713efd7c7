"""The command line on a full disk, after an unexpected error, and the process's crash
output: clear messages, an honest audit log, no core dumps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from marac_desk import cli
from marac_desk.storage import audit
from marac_desk.storage.vault import sign_in
from tests.cli.test_commands import run
from tests.conftest import ADMIN, PASSWORD
from tests.fixtures import disks


def test_a_backup_to_a_full_disk_is_audited_as_failed_and_leaves_no_file(
    data_dir: Path, tmp_path: Path
) -> None:
    with disks.small_disk(tmp_path / "usb", megabytes=8) as usb:
        filler = disks.fill(usb)
        done = run("backup", "--data-dir", str(data_dir), "--to", str(usb))
        assert done.returncode == 1
        assert "full" in done.stderr and "unexpected" not in done.stderr
        assert [p.name for p in usb.iterdir()] == [filler.name]
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        actions = [e.action for e in audit.entries(vault.conn)]
    finally:
        vault.close(action=None)
    assert actions[actions.index("backup_created") + 1] == "backup_failed"


def test_a_full_disk_under_the_vault_is_said_as_such(template_vault, tmp_path: Path) -> None:
    import shutil

    with disks.small_disk(tmp_path / "disk") as disk:
        data_dir = disk / "vault"
        shutil.copytree(template_vault, data_dir)
        disks.fill(disk)
        done = run("backup", "--data-dir", str(data_dir), "--to", str(tmp_path))
        assert done.returncode == 1
        assert "is full" in done.stderr and "unexpected" not in done.stderr
        assert not list(tmp_path.glob("*.mdbackup"))


def test_debug_prints_the_traceback_only_when_asked(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = "case-" + "detail-in-a-message"

    def broken(_args: object, _data_dir: Path) -> int:
        raise RuntimeError(marker)

    monkeypatch.setattr(cli, "cmd_verify", broken)
    assert cli.run(["verify", "--data-dir", str(data_dir)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "unexpected internal error (RuntimeError)" in err and marker not in err
    monkeypatch.setenv("MARAC_DESK_DEBUG", "1")
    assert cli.run(["verify", "--data-dir", str(data_dir)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "Traceback" in err and marker in err and "in broken" in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_the_app_switches_core_dumps_off_before_anything_else(tmp_path: Path) -> None:
    """marac-desk's own entry point, with its work replaced by a report of the process."""
    probe = (
        "import marac_desk.cli as cli\n"
        "from marac_desk.crash_output import core_dumps_forbidden\n"
        "cli.run = lambda argv: print('forbidden' if core_dumps_forbidden() else 'ALLOWED') or 0\n"
        "from marac_desk.__main__ import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "forbidden"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's core_pattern")
def test_a_crash_after_signing_in_writes_no_core_file(data_dir: Path, tmp_path: Path) -> None:
    """A real crash (SIGSEGV) of a process holding the vault key, in a folder where the
    kernel would otherwise write `core`, with the limit raised first as a user might."""
    crash = (
        "import os, resource, signal, sys\n"
        "resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)\n"
        "from marac_desk.crash_output import forbid_core_dumps\n"
        "forbid_core_dumps()\n"
        "from marac_desk.storage.vault import sign_in\n"
        f"vault = sign_in({str(data_dir)!r}, {ADMIN!r}, {PASSWORD!r})\n"
        "os.kill(os.getpid(), signal.SIGSEGV)\n"
    )
    pattern = Path("/proc/sys/kernel/core_pattern").read_text().strip()
    if pattern.startswith("|") or "/" in pattern:
        pytest.skip(f"core dumps go elsewhere here ({pattern})")
    done = subprocess.run(
        [sys.executable, "-c", crash], cwd=tmp_path, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == -11
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("core")]


def _init(folder: Path, name: str, password: str) -> None:
    done = run(
        "init", "--data-dir", str(folder), "--user", "ada", "--marac-name", name, password=password
    )
    assert done.returncode == 0, done.stderr


def test_restore_over_a_vault_that_opens_needs_its_own_administrator(tmp_path: Path) -> None:
    """A backup and the password it was made with are not enough to replace today's vault:
    the administrator changed the password since, and only the new one restores."""
    from marac_desk.storage import accounts
    from marac_desk.storage.vault import sign_in as open_vault

    data = tmp_path / "vault"
    old, new = "the password at backup time", "the password changed since"
    _init(data, "Northtown MARAC", old)
    made = run(
        "backup", "--data-dir", str(data), "--to", str(tmp_path / "b.mdbackup"), password=old
    )
    assert made.returncode == 0, made.stderr
    vault = open_vault(data, "ada", old)
    accounts.change_own_password(vault, old, new)
    vault.close(action=None)
    before = (data / "vault.db").read_bytes()

    refused = run(
        "restore",
        "--data-dir",
        str(data),
        "--from",
        str(tmp_path / "b.mdbackup"),
        "--yes",
        password=old,
    )
    assert refused.returncode == 1
    assert "needs the password of one of its administrators" in refused.stderr
    assert (data / "vault.db").read_bytes() == before

    env_old = {"MARAC_DESK_BACKUP_PASSWORD": old}
    restored = run(
        "restore",
        "--data-dir",
        str(data),
        "--from",
        str(tmp_path / "b.mdbackup"),
        "--yes",
        password=new,
        extra_env=env_old,
    )
    assert restored.returncode == 0, restored.stderr


def test_restoring_another_vaults_backup_needs_other_vault(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    _init(here, "Northtown MARAC", PASSWORD)
    _init(there, "Southtown MARAC", PASSWORD)
    made = run("backup", "--data-dir", str(there), "--to", str(tmp_path / "s.mdbackup"))
    assert made.returncode == 0, made.stderr
    args = ("restore", "--data-dir", str(here), "--from", str(tmp_path / "s.mdbackup"), "--yes")
    refused = run(*args)
    assert refused.returncode == 1 and "Southtown MARAC" in refused.stderr
    assert "--other-vault" in refused.stderr
    assert run(*args, "--other-vault").returncode == 0

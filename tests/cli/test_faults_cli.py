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

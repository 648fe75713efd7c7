"""The command line, run as a user runs it: a real process, exit codes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from marac_desk.cli import build_parser

PASSWORD = "correct horse battery"


def run(
    *args: str,
    password: str | None = PASSWORD,
    cwd: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("MARAC_DESK_PASSWORD", None)
    if password is not None:
        env["MARAC_DESK_PASSWORD"] = password
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "marac_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
        cwd=cwd,
    )


@pytest.mark.parametrize(
    "command",
    [
        "init",
        "verify",
        "backup",
        "restore",
        "import-register",
        "import-research",
        "export-minutes",
        "find-document",
        "data-return",
        "key-card",
        "record-key",
        "confirm-key",
        "send-research-request",
        "open-request",
        "send-research-return",
        "send-action-plan",
        "open-action-plan",
        "update-action",
        "send-action-update",
        "import-action-update",
    ],
)
def test_every_command_has_help(command: str) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as done:
        parser.parse_args([command, "--help"])
    assert done.value.code == 0


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("marac-desk ")


def test_init_verify_backup_restore_round_trip(tmp_path: Path) -> None:
    data = str(tmp_path / "vault")
    created = run("init", "--data-dir", data, "--user", "admin", "--marac-name", "Testshire MARAC")
    assert created.returncode == 0, created.stderr
    assert "RECOVERY KEY" in created.stdout and "offline" in created.stdout

    verified = run("verify", "--data-dir", data)
    assert verified.returncode == 0, verified.stderr
    assert "Audit log chain: OK" in verified.stdout

    made = run("backup", "--data-dir", data, "--to", str(tmp_path / "b.mdbackup"))
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "b.mdbackup").is_file()

    refused = run("restore", "--data-dir", data, "--from", str(tmp_path / "b.mdbackup"))
    assert refused.returncode == 1 and "--yes" in refused.stderr

    restored = run("restore", "--data-dir", data, "--from", str(tmp_path / "b.mdbackup"), "--yes")
    assert restored.returncode == 0, restored.stderr

    # The data directory can also come from the environment.
    env_run = subprocess.run(
        [sys.executable, "-m", "marac_desk", "verify"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MARAC_DESK_DATA_DIR": data, "MARAC_DESK_PASSWORD": PASSWORD},
        stdin=subprocess.DEVNULL,
    )
    assert env_run.returncode == 0, env_run.stderr


@pytest.mark.parametrize(
    ("args", "password", "expected"),
    [
        (("verify",), PASSWORD, "no vault"),
        (("backup", "--to", "x.mdbackup"), PASSWORD, "no vault"),
        (("init", "--user", "admin", "--marac-name", "M"), "short", "at least"),
        (("init", "--marac-name", "M"), PASSWORD, "needed"),
        (("verify",), None, "no vault"),
    ],
)
def test_failures_print_one_clear_line_and_exit_non_zero(
    tmp_path: Path, args, password, expected
) -> None:
    result = run(*args[:1], "--data-dir", str(tmp_path / "nothing"), *args[1:], password=password)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0].lower(), result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_password_and_bad_backup(tmp_path: Path) -> None:
    data = str(tmp_path / "vault")
    assert run("init", "--data-dir", data, "--user", "admin", "--marac-name", "M").returncode == 0
    wrong = run("verify", "--data-dir", data, password="not the password")
    assert wrong.returncode == 1 and "not right" in wrong.stderr
    junk = tmp_path / "junk.mdbackup"
    junk.write_text("hello")
    bad = run("restore", "--data-dir", data, "--from", str(junk), "--yes")
    assert bad.returncode == 1 and "not a marac-desk backup" in bad.stderr
    assert run("verify", "--data-dir", data).returncode == 0


def test_smoke_test() -> None:
    result = run("--smoke-test", password=None)
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stdout


def test_import_register_previews_refuses_imports_and_never_doubles(
    data_dir: Path, tmp_path: Path
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "Case No,Date Referred,Surname of person at risk,First Name,Notes\n"
        "NT/1,02/03/2026,Hassan,Leila,x\n"
        "NT/2,31/02/2026,Okafor,Grace,\n",
        encoding="utf-8",
    )
    common = ("--data-dir", str(data_dir), str(register))
    unmapped = run("import-register", *common, "--dry-run")
    assert unmapped.returncode == 1 and "Victim surname" in unmapped.stderr

    mapped = ("--map", "Victim surname=Surname of person at risk")
    refused = run("import-register", *common, *mapped)
    assert refused.returncode == 1, refused.stderr
    assert "problem: row 3, Referral date: “31/02/2026” is not a real date." in refused.stdout
    assert "Columns not imported: Notes" in refused.stdout
    assert "Nothing was imported" in refused.stdout

    register.write_text(register.read_text().replace("31/02/2026", "28/02/2026"))
    dry = run("import-register", *common, *mapped, "--dry-run")
    assert dry.returncode == 0 and "to create: 2" in dry.stdout and "Dry run" in dry.stdout
    done = run("import-register", *common, *mapped)
    assert done.returncode == 0 and "Imported 2 cases" in done.stdout, done.stderr
    again = run("import-register", *common, *mapped)
    assert again.returncode == 0 and "already imported: 2" in again.stdout
    assert "Imported 0 cases" in again.stdout


def test_make_training_vault(tmp_path: Path) -> None:
    data = str(tmp_path / "training")
    made = run("make-training-vault", "--cases", "30", "--data-dir", data, password=None)
    assert made.returncode == 0, made.stderr
    assert "30 fictional cases" in made.stdout and "training-only" in made.stdout
    again = run("make-training-vault", "--cases", "30", "--data-dir", data, password=None)
    assert again.returncode == 1 and "already" in again.stderr.lower()
    checked = run("verify", "--data-dir", data, "--user", "trainee", password="training-only")
    assert checked.returncode == 0, checked.stderr


def test_import_research_imports_good_packs_and_refuses_the_others(data_dir, tmp_path) -> None:
    """A folder of email attachments: one good pack, one hostile file. The good one is
    imported, the other named and refused, and the exit status says not everything went."""
    from marac_desk.storage.vault import sign_in
    from tests.conftest import ADMIN
    from tests.exchange.packs import Answers, fill, make_pack, person_ids

    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        _meeting, (first, _), pack = make_pack(vault, tmp_path)
        fill(pack, {person_ids(vault, first)[0]: Answers(known="No")})
    finally:
        vault.close(action=None)
    junk = tmp_path / "not-a-pack.docx"
    junk.write_text("hello")
    common = ("--data-dir", str(data_dir), "--user", ADMIN)
    dry = run("import-research", *common, "--dry-run", str(pack))
    assert dry.returncode == 0 and "dry run" in dry.stdout
    result = run("import-research", *common, str(pack), str(junk))
    assert result.returncode != 0
    assert "imported 1 case." in result.stdout
    assert "refused: not-a-pack.docx: this is not a Word document" in result.stderr
    again = run("import-research", *common, str(pack))
    assert again.returncode != 0 and "already returned research" in again.stderr
    assert run("import-research", *common, "--replace", str(pack)).returncode == 0


def test_export_minutes_writes_logs_and_traces_every_file(held_template, tmp_path) -> None:
    """An administrator exports a closed meeting's minutes from a script, one agency
    without a current agreement needing a reason, and traces a file by its id."""
    import shutil

    from marac_desk.storage.training_account import TRAINING_PASSWORD

    data = tmp_path / "vault"
    shutil.copytree(held_template, data)
    out = tmp_path / "out"
    out.mkdir()
    day = (date.today() + timedelta(days=8 - date.today().weekday())).isoformat()
    common = ("--data-dir", str(data), "--user", "trainee")

    refused = run(
        "export-minutes",
        *common,
        "--meeting",
        day,
        "--out",
        str(out),
        password=TRAINING_PASSWORD,
    )
    assert refused.returncode == 1 and "information-sharing agreement" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and not any(out.iterdir())

    bad_date = run(
        "export-minutes",
        *common,
        "--meeting",
        "1 Dec",
        "--out",
        str(out),
        password=TRAINING_PASSWORD,
    )
    assert bad_date.returncode == 1 and "YYYY-MM-DD" in bad_date.stderr

    done = run(
        "export-minutes",
        *common,
        "--meeting",
        day,
        "--out",
        str(out),
        "--format",
        "pdf",
        "--agency",
        "HOUSING",
        "--override",
        "HEALTH-MH=Chair agreed pending renewal",
        password=TRAINING_PASSWORD,
    )
    assert done.returncode == 0, done.stderr
    assert [p.suffix for p in out.iterdir()] == [".pdf"]
    document_id = done.stdout.split()[0]
    found = run("find-document", *common, document_id.lower(), password=TRAINING_PASSWORD)
    assert found.returncode == 0 and "HOUSING" in found.stdout and "not recorded" in found.stdout
    missing = run("find-document", *common, "MD-00000-00000-00000", password=TRAINING_PASSWORD)
    assert missing.returncode == 1


def test_keep_without_training_is_refused(tmp_path: Path) -> None:
    said = run("--data-dir", str(tmp_path / "vault"), "--keep", str(tmp_path / "kept"))
    assert said.returncode == 1 and "--keep goes with --training" in said.stderr
    assert not (tmp_path / "kept").exists()

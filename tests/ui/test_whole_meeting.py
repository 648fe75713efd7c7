"""The whole training meeting, as a coordinator runs it: the real app, keys only, twenty
cases, the shared screen, and the power cut in case 12 (SIGKILL), then a restart that
lands back in case 12 and carries on to the close.

The coordinator is `tests/fixtures/meeting_driver.py`, run as its own process so that
the kill is a real one. What it printed as shown saved must all be there afterwards.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from marac_desk.domain.conference import RiskLevel
from marac_desk.domain.minutes import cases_for
from marac_desk.domain.minutes_files import DocumentKind, Format
from marac_desk.storage import (
    actions,
    audit,
    conference,
    distribution,
    integrity,
    meetings,
    minutes,
)
from marac_desk.storage.training import (
    MEETING_CASES,
    TRAINING_PASSWORD,
    TRAINING_USER,
    make_training_vault,
)
from marac_desk.storage.vault import Vault, sign_in
from tests.exchange.minutes_checks import pdf_text

KILLED_IN = 12
OVERDUE = "HEALTH-MH"  # the training agency whose information-sharing review is overdue
RUN_LIMIT = 240  # seconds for each half; a stuck screen fails the test, never hangs it


def driver(
    phase: str, data_dir: Path, home: Path, *extra: str, minutes: Path | None = None
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        **({"MEETING_DRIVER_MINUTES": str(minutes)} if minutes else {}),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
        # The app's own settings file and the keyring stay inside the test's folder.
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fixtures.meeting_driver", phase, str(data_dir), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )


def failure(process: subprocess.Popen[str], lines: list[str]) -> str:
    process.kill()
    _, err = process.communicate(timeout=30)
    wanted = [line for line in err.splitlines() if "does not support" not in line]
    return "\n".join([*lines[-5:], *wanted[-20:]])


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_coordinator_runs_the_training_meeting_and_survives_a_power_cut(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "vault"
    make_training_vault(data_dir, 60).close(action=None)
    rng = random.Random(12)

    # First half: to case 12, where the power goes while notes and actions are typed.
    first = driver("first", data_dir, tmp_path)
    assert first.stdout is not None
    kept: list[str] = []
    lines: list[str] = []
    cut_after = rng.randint(2, 6)
    started = time.monotonic()
    for line in first.stdout:
        lines.append(line.strip())
        if line.startswith("fail") or time.monotonic() - started > RUN_LIMIT:
            pytest.fail(failure(first, lines))
        if line.startswith("in case"):
            assert line.split()[2] == str(KILLED_IN)
        if line.startswith("saved "):
            kept.append(line.split()[2])
            if len(kept) >= cut_after:
                time.sleep(rng.uniform(0.0, 0.3))  # mid-keystroke, mid-save, or between
                first.send_signal(signal.SIGKILL)
                break
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL, failure(first, lines)
    first.stdout.close()
    assert first.stderr is not None
    first.stderr.close()
    assert kept, "\n".join(lines[-20:])

    # Second half: back in, where it stopped, on to the close, and the minutes out.
    outbox = tmp_path / "minutes"
    outbox.mkdir()
    second = driver("second", data_dir, tmp_path, ",".join(kept), minutes=outbox)
    try:
        out, err = second.communicate(timeout=RUN_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(failure(second, []))
    said = out.splitlines()
    assert second.returncode == 0 and "done" in said, "\n".join([*said[-5:], err[-3000:]])
    assert "fact missing 0" in said
    assert "minutes done" in said, "\n".join([*said[-5:], err[-3000:]])

    vault = sign_in(data_dir, TRAINING_USER, TRAINING_PASSWORD)
    try:
        report = integrity.verify(vault)
        assert report.ok, report.lines
        meeting = next(m for m in meetings.listed(vault) if m.cases == MEETING_CASES)
        assert meetings.get(vault, meeting.meeting_id).closed
        cases = [c.case_id for c in meetings.agenda_cases(vault.conn, meeting.meeting_id)]
        records = conference.records(vault.conn, meeting.meeting_id)
        assert set(records) == set(cases)
        assert all(r.risk_level is RiskLevel.HIGH and r.informs_agency for r in records.values())
        twelfth = records[cases[KILLED_IN - 1]]
        notes = [m for m in kept if m.startswith("kept")]
        assert all(m in twelfth.notes for m in notes), (notes, twelfth.notes)
        texts = " ".join(a.text for _, a in actions.for_meeting(vault.conn, meeting.meeting_id))
        assert all(m in texts for m in kept if m.startswith("act"))
        for number in range(1, MEETING_CASES + 1):
            assert f"(case {number})" in texts
        shared = [conference.shared(vault.conn, meeting.meeting_id, c) for c in cases]
        assert all(len(items) == 1 for items in shared)
        done = {entry.action for entry in audit.entries(vault.conn)}
        assert {"meeting_opened", "case_opened", "action_created", "meeting_closed"} <= done
        exported_as_logged(vault, meeting.meeting_id, outbox)
    finally:
        vault.close(action=None)


def exported_as_logged(vault: Vault, meeting_id: int, outbox: Path) -> None:
    """What the coordinator exported from the Minutes page: the record and every agency's
    version as PDF and DOCX, each file logged with its hash, and each agency's holding
    only the cases it was involved in (all of them, in its minutes), with the document id
    at the foot of every page."""
    facts = minutes.gather(vault, meeting_id)
    plan = distribution.plan(vault, facts, date.today())
    logged = distribution.entries(vault, meeting_id)
    files = {entry.produced.file_name: entry.produced for entry in logged}
    assert set(files) == {path.name for path in outbox.iterdir()}
    assert len(files) == 2 * len(plan)
    assert {(p.agency_code, p.kind) for p in files.values()} == {(r.code, r.kind) for r in plan}
    for name, produced in files.items():
        content = (outbox / name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == produced.content_hash
        assert bool(produced.override) == (produced.agency_code == OVERDUE)
        if produced.format is not Format.PDF:
            continue
        password = distribution.export_password(vault, produced.agency_code)
        text = pdf_text(content, password)
        shown = {c.reference for c in facts.cases if c.reference in text}
        if not produced.agency_code:
            assert shown == {c.reference for c in facts.cases}, name
        else:
            involved = {c.reference for c in cases_for(facts, produced.agency_code)}
            if produced.kind is DocumentKind.MINUTES:
                assert shown == involved, name
            assert shown <= involved, name
        pages = len(PdfReader(io.BytesIO(content), password=password or None).pages)
        assert text.count(produced.document_id) == pages, name

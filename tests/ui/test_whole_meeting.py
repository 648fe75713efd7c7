"""The whole training meeting, as a coordinator runs it: the real app, keys only, twenty
cases, the shared screen, and the power cut in case 12 (SIGKILL), then a restart that
lands back in case 12 and carries on to the close.

The coordinator is `tests/fixtures/meeting_driver.py`, run as its own process so that
the kill is a real one. What it printed as shown saved must all be there afterwards.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marac_desk.domain.conference import RiskLevel
from marac_desk.storage import actions, audit, conference, integrity, meetings
from marac_desk.storage.training import (
    MEETING_CASES,
    TRAINING_PASSWORD,
    TRAINING_USER,
    make_training_vault,
)
from marac_desk.storage.vault import sign_in

KILLED_IN = 12
RUN_LIMIT = 240  # seconds for each half; a stuck screen fails the test, never hangs it


def driver(phase: str, data_dir: Path, home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
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

    # Second half: back in, where it stopped, and on to the close.
    second = driver("second", data_dir, tmp_path, ",".join(kept))
    try:
        out, err = second.communicate(timeout=RUN_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(failure(second, []))
    said = out.splitlines()
    assert second.returncode == 0 and "done" in said, "\n".join([*said[-5:], err[-3000:]])
    assert "fact missing 0" in said

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
    finally:
        vault.close(action=None)

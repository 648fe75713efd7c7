"""Power lost mid-meeting, many times over: the typing process is killed (SIGKILL) at
random moments, and after each restart everything it reported saved is in the vault,
and the vault passes verify."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from marac_desk.storage import actions, conference, integrity, meetings
from marac_desk.storage.vault import sign_in
from tests.conftest import ADMIN, PASSWORD
from tests.storage.test_meetings import NEXT_TUESDAY, accepted_case

KILLS = 10


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_nothing_shown_as_saved_is_lost_when_the_process_is_killed(vault, data_dir) -> None:
    case_ids = [accepted_case(vault, name) for name in ("Adams", "Brown", "Clark")]
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, case_ids)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    vault.close(action=None)
    rng = random.Random(5)
    saved_notes: dict[int, list[str]] = {}
    saved_actions: list[str] = []
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for run in range(KILLS):
        typist = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.fixtures.conference_typist",
                str(data_dir),
                ADMIN,
                PASSWORD,
                str(run),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert typist.stdout is not None
        assert typist.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        typist.send_signal(signal.SIGKILL)
        typist.wait(timeout=30)
        # A line cut short by the kill was never shown whole: only whole lines count.
        for line in typist.stdout.read().split("\n")[:-1]:
            kind, case_id, marker = line.split()
            if kind == "note":
                saved_notes.setdefault(int(case_id), []).append(marker)
            else:
                saved_actions.append(marker)
        typist.stdout.close()

        after = sign_in(data_dir, ADMIN, PASSWORD)
        try:
            report = integrity.verify(after)
            assert report.ok, report.lines
            for case_id, markers in saved_notes.items():
                notes = conference.record(after.conn, meeting, case_id).notes
                # Each run starts from what the last one saved, so every marker stays.
                missing = [m for m in markers if m not in notes.split()]
                assert not missing, (run, case_id, missing[:5])
            texts = {a.text for _, a in actions.for_meeting(after.conn, meeting)}
            assert {f"Action {m}" for m in saved_actions} <= texts
        finally:
            after.close(action=None)
    assert sum(len(m) for m in saved_notes.values()) > KILLS  # it really typed

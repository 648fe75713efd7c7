"""Sealed research by command line, both sides in real processes: an agency workspace made
with `init --agency`, key cards swapped and confirmed, a request sealed, opened and
answered, and the return imported by the MARAC."""

from __future__ import annotations

from pathlib import Path

from marac_desk.domain.actions import Action
from marac_desk.exchange import workspace
from marac_desk.storage import actions
from marac_desk.storage.vault import sign_in
from tests.cli.test_commands import PASSWORD, run
from tests.conftest import ADMIN
from tests.exchange.test_sealed_research import research_for
from tests.storage.test_research import planned_meeting

REP_PASSWORD = "Police research only, 2026 edition"


def test_a_research_request_goes_out_and_its_return_comes_back(data_dir, tmp_path) -> None:
    marac = sign_in(data_dir, ADMIN, PASSWORD)
    meeting, case_ids = planned_meeting(marac)
    marac.close(action=None)
    police = str(tmp_path / "police")
    made = run(
        "init",
        "--data-dir",
        police,
        "--agency",
        "police",
        "--agency-name",
        "Testshire Police",
        "--user",
        "pcrep",
        password=REP_PASSWORD,
    )
    assert made.returncode == 0, made.stderr
    assert "agency workspace for Testshire Police (POLICE)" in made.stdout
    assert "RECOVERY KEY" in made.stdout

    def marac_run(*args: str):
        return run(*args, "--data-dir", str(data_dir))

    def police_run(*args: str):
        return run(*args, "--data-dir", police, password=REP_PASSWORD)

    cards = tmp_path / "cards"
    cards.mkdir()
    police_card = police_run("key-card", "--out", str(cards / "police.marac-key"))
    marac_card = marac_run("key-card", "--out", str(cards / "marac.marac-key"))
    assert police_card.returncode == 0 and marac_card.returncode == 0, police_card.stderr
    police_print = police_card.stdout.split("Fingerprint: ")[1].split()[0]
    marac_print = marac_card.stdout.split("Fingerprint: ")[1].split()[0]

    recorded = marac_run("record-key", str(cards / "police.marac-key"))
    assert recorded.returncode == 0 and police_print in recorded.stdout, recorded.stderr
    outbox = tmp_path / "out"
    outbox.mkdir()
    refused = marac_run(
        "send-research-request",
        "--meeting",
        "2026-12-01",
        "--agency",
        "POLICE",
        "--out",
        str(outbox),
    )
    assert refused.returncode == 1 and "not been confirmed" in refused.stderr
    wrong = marac_run("confirm-key", "AAAA-BBBB-CCCC-DDDD", "--agency", "POLICE")
    assert wrong.returncode == 1 and "not the fingerprint of the key recorded" in wrong.stderr
    confirmed = marac_run("confirm-key", police_print.lower(), "--agency", "POLICE")
    assert confirmed.returncode == 0, confirmed.stderr
    sent = marac_run(
        "send-research-request",
        "--meeting",
        "2026-12-01",
        "--agency",
        "POLICE",
        "--out",
        str(outbox),
    )
    assert sent.returncode == 0, sent.stderr
    request_file = next(outbox.glob("*.marac"))

    unknown = police_run("open-request", str(request_file))
    assert unknown.returncode == 1 and "Record your MARAC's key card first" in unknown.stderr
    assert police_run("record-key", str(cards / "marac.marac-key")).returncode == 0
    assert police_run("confirm-key", marac_print).returncode == 0
    opened = police_run("open-request", str(request_file))
    assert opened.returncode == 0, opened.stderr
    assert "Request 1 from Testshire MARAC" in opened.stdout and "Victim" in opened.stdout

    space = sign_in(Path(police), "pcrep", REP_PASSWORD)
    request, _ = workspace.load_request(space, 1)
    for case in request.cases:
        workspace.save_research(space, 1, case.case_id, research_for(request, case.case_id))
    space.close(action=None)
    inbox = tmp_path / "in"
    inbox.mkdir()
    answered = police_run("send-research-return", "--request", "1", "--out", str(inbox))
    assert answered.returncode == 0, answered.stderr
    return_file = next(inbox.glob("*.marac"))

    imported = marac_run("import-research", str(return_file))
    assert imported.returncode == 0, imported.stderr
    assert f"imported {len(case_ids)} cases" in imported.stdout
    again = marac_run("import-research", str(return_file))
    assert again.returncode == 1 and "already imported" in again.stderr
    # After the meeting: the police's action plan goes out, and an update comes back.
    marac = sign_in(data_dir, ADMIN, PASSWORD)
    action_id = actions.save(
        marac, meeting, case_ids[0], Action("Flag the address", "POLICE", "PS Ray")
    )
    marac.close(action=None)
    plans = tmp_path / "plans"
    plans.mkdir()
    sent_plan = marac_run("send-action-plan", "--agency", "POLICE", "--out", str(plans))
    assert sent_plan.returncode == 0 and "1 action sealed" in sent_plan.stdout, sent_plan.stderr
    opened_plan = police_run("open-action-plan", str(next(plans.glob("*.marac"))))
    assert opened_plan.returncode == 0 and "Flag the address" in opened_plan.stdout
    vague = police_run("update-action", str(action_id), "--status", "not_completed")
    assert vague.returncode == 1
    updated = police_run(
        "update-action", str(action_id), "--status", "completed", "--note", "Marker added"
    )
    assert updated.returncode == 0, updated.stderr
    updates = tmp_path / "updates"
    updates.mkdir()
    assert police_run("send-action-update", "--out", str(updates)).returncode == 0
    taken = marac_run("import-action-update", str(next(updates.glob("*.marac"))))
    assert taken.returncode == 0 and "1 action update recorded" in taken.stdout, taken.stderr
    marac = sign_in(data_dir, ADMIN, PASSWORD)
    assert actions.updates(marac, action_id)[-1].note == "Marker added"
    marac.close(action=None)

    # The workspace's password opens nothing of the MARAC's.
    cross = run("verify", "--data-dir", str(data_dir), "--user", "pcrep", password=REP_PASSWORD)
    assert cross.returncode == 1

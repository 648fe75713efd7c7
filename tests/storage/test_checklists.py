"""Risk checklists an area adds: checked, kept in the vault, chosen per MARAC and per referral."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marac_desk.domain import settings as defs
from marac_desk.errors import ValidationError
from marac_desk.interaction import AlwaysYes
from marac_desk.storage import audit, backup, checklists, referrals, settings
from marac_desk.storage.vault import sign_in
from tests.conftest import ADMIN, PASSWORD
from tests.storage.test_referrals import referral

YOUNG = {
    "id": "area-young-people",
    "version": "2026-1",
    "title": "Young people's risk checklist (area wording)",
    "counts": ["yes"],
    "questions": [{"number": n, "label": f"Young person question {n}"} for n in range(1, 11)],
}


def checklist_file(tmp_path: Path, data: object = YOUNG, name: str = "young.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_added_checklist_is_kept_in_the_vault_and_scores_referrals(vault, tmp_path) -> None:
    added = checklists.add(vault, checklist_file(tmp_path))
    assert added.key == "area-young-people@2026-1"
    assert added.key in checklists.available(vault.conn)
    assert audit.entries(vault.conn, action="checklist_added")[-1].detail["questions"] == 10
    # Adding the same file again changes nothing.
    checklists.add(vault, checklist_file(tmp_path))
    assert vault.conn.execute("SELECT count(*) FROM checklists").fetchone()[0] == 1

    doc = referral()
    doc["dash"] = {
        "checklist": added.key,
        "answers": {str(n): {"answer": "yes"} for n in (1, 2, 3, 12, 13)},
    }
    saved = referrals.save_draft(vault, doc)
    stored = vault.conn.execute(
        "SELECT dash_checklist, dash_score FROM referrals WHERE id = ?", (saved.referral_id,)
    ).fetchone()
    # Numbers the checklist does not have (12, 13) cannot raise its score.
    assert stored == (added.key, 3)


def test_checklist_travels_with_a_backup(vault, tmp_path) -> None:
    checklists.add(vault, checklist_file(tmp_path))
    info = backup.create_backup(vault, tmp_path)
    elsewhere = tmp_path / "another-laptop"
    backup.restore_backup(
        elsewhere, info.path, username=ADMIN, password=PASSWORD, asker=AlwaysYes()
    )
    restored = sign_in(elsewhere, ADMIN, PASSWORD)
    assert "area-young-people@2026-1" in checklists.available(restored.conn)
    restored.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "x", "version": "1",\n "title": ', "broken at line 2"),
        ("Fragebögen".encode("utf-16"), "not UTF-8"),
        (json.dumps({**YOUNG, "questions": []}).encode(), "'questions' must be a non-empty list"),
        (
            json.dumps({**YOUNG, "counts": ["not_asked"]}).encode(),
            "'counts' must name the answers that score",
        ),
        (b"[1, 2, 3]", "one JSON object"),
        (b" " * (checklists.MAX_FILE_BYTES + 1), "too large"),
    ],
)
def test_bad_checklist_files_are_refused_with_the_reason(vault, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        checklists.add(vault, path)
    assert vault.conn.execute("SELECT count(*) FROM checklists").fetchone()[0] == 0


def test_other_wording_under_a_version_already_held_is_refused(vault, tmp_path) -> None:
    checklists.add(vault, checklist_file(tmp_path))
    reworded = {**YOUNG, "title": "Something else"}
    with pytest.raises(ValidationError, match="its own version"):
        checklists.add(vault, checklist_file(tmp_path, reworded, "reworded.json"))
    shipped = json.loads(
        (Path(checklists.paths.resources_dir()) / "checklists" / "safelives-dash.json").read_text()
    )
    shipped["questions"] = shipped["questions"][:3]
    with pytest.raises(ValidationError, match="already installed"):
        checklists.add(vault, checklist_file(tmp_path, shipped, "dash-cut.json"))


def test_new_referrals_start_on_the_chosen_checklist(vault, tmp_path) -> None:
    assert checklists.for_new_referrals(vault.conn).key == checklists.DEFAULT_KEY
    with pytest.raises(ValidationError, match="add its file first"):
        settings.change(vault, defs.DASH_CHECKLIST, "area-young-people@2026-1")
    checklists.add(vault, checklist_file(tmp_path))
    settings.change(vault, defs.DASH_CHECKLIST, "area-young-people@2026-1")
    assert checklists.for_new_referrals(vault.conn).key == "area-young-people@2026-1"

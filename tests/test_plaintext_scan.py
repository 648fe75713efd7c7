"""Nothing about a case, and no key, reaches disk in the clear.

Unique markers go in through the services (MARAC name, a person's names,
account names, settings); then every file written under the test's folders
(vault, WAL, key slots, backups, safety copies, Qt settings, the home folder)
is scanned for them, in UTF-8 and UTF-16, with the vault open and after.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from marac_desk.domain.cases import CaseRole, CaseStatus, NewCase, PersonDetails
from marac_desk.domain.research import Item, ItemKind, Known, PersonResearch, ReturnContent
from marac_desk.domain.roles import Role
from marac_desk.exchange import research_import, research_pack
from marac_desk.interaction import AlwaysYes
from marac_desk.security import kdf
from marac_desk.storage import (
    accounts,
    backup,
    case_summary,
    checklists,
    keyrotation,
    meetings,
    referrals,
    research_drafts,
    settings,
    transfer_documents,
)
from marac_desk.storage.referrals import add_case
from marac_desk.storage.vault import sign_in
from marac_desk.storage.vault_setup import create_vault
from tests.exchange.packs import Answers, fill, person_ids
from tests.storage.test_meetings import NEXT_TUESDAY
from tests.storage.test_referrals import TODAY, referral

MARKERS = {
    "marac": "Qxmarkerzmaracname",
    "victim_surname": "Qxmarkerzvictimsurname",
    "victim_forenames": "Qxmarkerzforenames",
    "child": "Qxmarkerzchildname",
    "colleague": "Qxmarkerzcolleaguefullname",
    "marking": "QXMARKERZMARKING",
    "password": "Qxmarkerz password one",
    "transfer_document": "Qxmarkerztransferdocument",
    "checklist": "Qxmarkerzchecklistwording",
    "research": "Qxmarkerzresearchreturned",
    "draft": "Qxmarkerzresearchdrafttyped",
}


def encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def scan(root: Path, secrets: dict[str, bytes]) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for name, needle in secrets.items():
            if needle in data:
                hits.append(f"{name} in {path.relative_to(root)}")
    return hits


def needles(key: bytes) -> dict[str, bytes]:
    found = {
        f"{name}/{i}": enc
        for name, text in MARKERS.items()
        for i, enc in enumerate(encodings(text))
    }
    found["key_raw"] = key
    found["key_hex"] = key.hex().encode()
    found["key_hex_upper"] = key.hex().upper().encode()
    return found


def test_markers_and_keys_never_reach_disk_in_the_clear(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, qtbot, monkeypatch
) -> None:
    home = Path(os.environ["HOME"])
    data_dir = tmp_path / "vault"
    vault, _ = create_vault(
        data_dir,
        marac_name=MARKERS["marac"],
        username="admin",
        full_name="Ada Admin",
        password=MARKERS["password"],
        kdf_n=kdf.MIN_N,
    )
    settings.change(vault, "export.protective_marking", MARKERS["marking"])
    accounts.create_user(
        vault,
        username="colleague",
        full_name=MARKERS["colleague"],
        user_roles=frozenset({Role.COORDINATOR}),
        temporary_password="temporary pass 1",
    )
    add_case(
        vault,
        NewCase(
            "REF-1",
            CaseStatus.DRAFT,
            [
                (
                    CaseRole.VICTIM,
                    PersonDetails(MARKERS["victim_surname"], MARKERS["victim_forenames"]),
                ),
                (CaseRole.CHILD, PersonDetails(MARKERS["victim_surname"], MARKERS["child"])),
            ],
        ),
    )
    # A transfer-in document and an area's checklist wording come from files outside
    # the scanned folders, and are then kept only inside the vault.
    incoming = tmp_path_factory.mktemp("incoming")
    letter = incoming / "handover.txt"
    letter.write_text(f"Handover letter {MARKERS['transfer_document']}", "utf-8")
    moved = referrals.save_draft(
        vault,
        {
            "referral": {"transfer_from": "Northtown MARAC"},
            "victim": {"surname": MARKERS["victim_surname"]},
        },
    )
    transfer_documents.add(vault, moved.case_id, letter)
    wording = incoming / "area-checklist.json"
    wording.write_text(
        json.dumps(
            {
                "id": "area",
                "version": "1",
                "title": "Area checklist",
                "questions": [{"number": 1, "label": MARKERS["checklist"]}],
            }
        ),
        "utf-8",
    )
    checklists.add(vault, wording)
    # A research pack goes out to a folder the user chose and comes back filled in.
    listed = referrals.complete(
        vault, referral(surname=MARKERS["victim_surname"]), today=TODAY
    ).case_id
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, [listed])
    [pack] = research_pack.make_packs(vault, meeting, ["POLICE"], incoming)
    answers = Answers(
        known="Yes",
        involvement=MARKERS["research"],
        held=[(f"{MARKERS['research']} held", "third party")],
    )
    fill(pack.path, {person_ids(vault, listed)[0]: answers})
    research_import.run(vault, research_import.plan(vault, pack.path, meeting))
    # Research typed on screen and kept as a draft lives in the vault like everything else.
    typed = PersonResearch(
        person_ids(vault, listed)[0], Known.YES, (Item(ItemKind.SHARE, MARKERS["draft"]),)
    )
    research_drafts.save_draft(vault, meeting, listed, "IDVA", ReturnContent((typed,)))
    secrets = needles(vault.key)
    assert scan(tmp_path, secrets) == [], "while open"

    (tmp_path / "backups").mkdir()
    info = backup.create_backup(vault, tmp_path / "backups")
    keyrotation.rotate_key(vault)
    secrets |= {f"new_{k}": v for k, v in needles(vault.key).items() if k.startswith("key")}
    vault.close()
    backup.restore_backup(
        data_dir, info.path, username="admin", password=MARKERS["password"], asker=AlwaysYes()
    )

    # The Qt layer too: a window opened on the vault, locked and closed writes its settings.
    from marac_desk.ui.app import make_application
    from marac_desk.ui.main_window import MainWindow

    make_application()
    window = MainWindow(data_dir, sign_in(data_dir, "admin", MARKERS["password"]))
    qtbot.addWidget(window)
    window.show()
    register = window.workspace.page_titled("Case register")
    register.open_case(moved.case_id)  # the case view on screen, then locked
    assert register.case_view is not None and register.case_view.documents.rowCount() == 1
    window.workspace.go_to(1)  # the meetings page, with the combined summary open
    from marac_desk.ui.summary_view import SummaryDialog

    shown = SummaryDialog(case_summary.load(window.workspace.vault, meeting, listed), window)
    shown.show()
    assert MARKERS["research"] in shown.browser.toPlainText()
    window.lock()
    window.close()

    for root in (tmp_path, home):
        assert scan(root, secrets) == [], f"after close, under {root}"
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "vault.db" for p in written) and any(
        p.suffix == ".mdbackup" for p in written
    )


@pytest.mark.parametrize("marker", ["Qxmarkerzcrashdetail"])
def test_crash_handler_prints_no_exception_message(capsys, marker: str) -> None:
    import sys

    from marac_desk.ui import app as app_module

    app_module.make_application()
    shown: list[str] = []
    monkey = app_module.QMessageBox
    original = monkey.critical
    monkey.critical = staticmethod(lambda *args: shown.append(args[2]))  # type: ignore[method-assign]
    try:
        app_module.install_crash_handler()
        try:
            raise ValueError(f"bad value {marker}")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        monkey.critical = original  # type: ignore[method-assign]
        sys.excepthook = sys.__excepthook__
    captured = capsys.readouterr()
    assert marker not in captured.err + captured.out
    assert "ValueError" in captured.err
    assert shown and marker not in shown[0]


def test_an_agency_workspace_and_exchange_files_hold_nothing_in_the_clear(
    tmp_path: Path, qtbot
) -> None:
    """The MARAC's vault, an agency workspace, a research request and its sealed return,
    all under one folder: no case detail, research, name of a person or key in the clear.
    (A file's envelope names its sender and recipient organisations, as an email would.)"""
    from marac_desk.exchange import research_exchange, workspace
    from marac_desk.storage import exchange_identity
    from tests.fixtures.exchange_parties import introduce

    marac, _ = create_vault(
        tmp_path / "marac",
        marac_name="Testshire MARAC",
        username="admin",
        full_name="Ada Admin",
        password=MARKERS["password"],
        kdf_n=kdf.MIN_N,
    )
    space, _ = workspace.create_workspace(
        tmp_path / "police",
        agency_code="POLICE",
        agency_name="Testshire Police",
        username="rep",
        full_name=MARKERS["colleague"],
        password=MARKERS["password"] + " workspace",
        kdf_n=kdf.MIN_N,
    )
    introduce(marac, space)
    listed = referrals.complete(
        marac,
        referral(surname=MARKERS["victim_surname"], forenames=MARKERS["victim_forenames"]),
        today=TODAY,
    ).case_id
    meeting = meetings.create(marac, NEXT_TUESDAY)
    meetings.add_cases(marac, meeting, [listed])
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    request_file = research_exchange.make_request(marac, meeting, "POLICE", exchange).path
    request_id = workspace.open_request(space, request_file.read_bytes(), request_file.name)
    request, _ = workspace.load_request(space, request_id)
    case = request.cases[0]
    typed = ReturnContent(
        (
            PersonResearch(
                case.people[0].person_id,
                Known.YES,
                (
                    Item(ItemKind.SHARE, MARKERS["research"]),
                    Item(ItemKind.HELD, MARKERS["draft"]),
                ),
            ),
        )
    )
    workspace.save_research(space, request_id, case.case_id, typed)
    return_file, _ = workspace.make_return(space, request_id, exchange)
    research_import.run(marac, research_import.plan(marac, return_file, meeting))
    secrets = needles(marac.key) | {f"ws_{k}": v for k, v in needles(space.key).items()}
    for name, vault in (("marac", marac), ("workspace", space)):
        identity = exchange_identity.identity(vault)
        secrets[f"{name}_seal_private"] = identity.seal_private
        secrets[f"{name}_sign_private"] = identity.sign_private
    assert scan(tmp_path, secrets) == [], "while open"
    marac.close()
    space.close()
    assert scan(tmp_path, secrets) == [], "after close"
    assert {p.suffix for p in exchange.iterdir()} == {".marac"}

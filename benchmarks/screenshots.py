"""Screenshots of the main screens, for looking at what a coordinator sees, on a screen of a
given size; and, with --check, every window checked for clipped content as it is shot.

    .venv/bin/python benchmarks/screenshots.py [OUT_DIR] [--size 1366x768] [--check]
        [--no-documents]
Writes PNGs into OUT_DIR (default: screenshots/). Uses a temporary data folder, Qt's
offscreen platform with one screen of that size, and the DejaVu fonts shipped in
resources/fonts, so every machine measures text alike. --check prints each clipped widget
and exits 1 when there is any; --no-documents skips rendering PDFs and Word files.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test helpers that fill a pack


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="screenshots")
    parser.add_argument("--size", default="1366x768", help="the screen, WIDTHxHEIGHT")
    parser.add_argument("--check", action="store_true", help="fail on clipped content")
    parser.add_argument("--no-documents", action="store_true", help="skip PDFs and Word files")
    return parser.parse_args()


OPTIONS = _options()
WIDTH, HEIGHT = (int(n) for n in OPTIONS.size.lower().split("x"))
# One screen of the size asked for: Qt's offscreen platform reads it from a file.
_SCREEN = Path(tempfile.mkstemp(suffix=".json")[1])
_SCREEN.write_text(
    json.dumps(
        {
            "screens": [
                {
                    "name": "laptop",
                    "x": 0,
                    "y": 0,
                    "width": WIDTH,
                    "height": HEIGHT,
                    "logicalDpi": 96,
                    "logicalBaseDpi": 96,
                    "dpr": 1,
                }
            ]
        }
    )
)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
# A settings folder of its own: window sizes saved by an earlier run are not restored here,
# and nothing of this run is saved into the user's.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="marac-desk-shots-")

from PySide6.QtGui import QFontDatabase  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea, QWizard  # noqa: E402

from marac_desk import paths  # noqa: E402
from marac_desk.storage.training import create_training_vault  # noqa: E402
from marac_desk.storage.vault import discard_data_dir  # noqa: E402
from marac_desk.ui.app import make_application  # noqa: E402
from marac_desk.ui.main_window import MainWindow  # noqa: E402
from marac_desk.ui.wizard import SetupWizard  # noqa: E402
from tests.fixtures import fit  # noqa: E402

CLIPPED: list[str] = []


def snap(widget, out: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")
    if OPTIONS.check:
        screen = QApplication.primaryScreen().availableGeometry()
        CLIPPED.extend(fit.problems(widget.window(), name, screen))


def fixed_fonts() -> None:
    """DejaVu Sans for the interface and DejaVu Sans Mono for the recovery key, from the
    fonts marac-desk ships, so text measures the same on every machine."""
    for path in sorted((paths.resources_dir() / "fonts").glob("DejaVu*.ttf")):
        QFontDatabase.addApplicationFont(str(path))
    app = QApplication.instance()
    font = app.font()
    font.setFamily("DejaVu Sans")
    app.setFont(font)


def main() -> None:
    out = Path(OPTIONS.out)
    out.mkdir(parents=True, exist_ok=True)
    # The walk makes and drops dozens of windows without an event loop to delete them; the
    # collector would otherwise free them at random moments inside Qt's own work.
    gc.disable()
    make_application()
    fixed_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        wizard = SetupWizard(Path(tmp) / "vault")
        wizard.show()
        snap(wizard, out, "01-wizard-welcome")
        wizard.next()
        page = wizard.account
        page.marac_name.setText("Northtown MARAC")
        page.full_name.setText("Sam Coordinator")
        page.username.setText("s.coordinator")
        page.password.setText("short")
        snap(wizard, out, "02-wizard-account-problem")
        page.password.setText("a long pass phrase")
        page.confirm.setText("a long pass phrase")
        wizard.next()
        snap(wizard, out, "03-wizard-recovery-key")
        wizard.next()
        snap(wizard, out, "04-wizard-confirm")
        wizard.button(QWizard.WizardButton.CancelButton).click()

    vault = create_training_vault()
    window = MainWindow(vault.paths.data_dir, vault, training=True)
    window.show()  # at the size it opens at on this screen
    snap(window, out, "05-home")
    home_page = window.workspace.pages.currentWidget()
    incident_card = next(c for c in home_page.cards if c.title == "Repeat incidents")
    incident_card.lines[0].linkActivated.emit("incident")  # the case, at its incidents
    snap(window, out, "42-case-incidents")
    window.workspace.page_titled("Case register").case_view.closed.emit()
    go(window, "Case register")
    snap(window, out, "05-main-register")
    for title, name in (
        ("Accounts", "06-accounts"),
        ("Agency directory", "19-agency-directory"),
        ("Audit log", "07-audit-log"),
        ("Vault tools", "08-vault-tools"),
        ("Settings", "09-settings"),
        ("My account", "10-my-account"),
        ("Actions", "37-actions-tracker"),
        ("Minutes", "38-minutes"),
        ("Data return", "39-data-return"),
    ):
        go(window, title)
        snap(window, out, name)
    snap_data_return(vault, window, out)
    go(window, "Settings")
    settings_page = window.workspace.pages.currentWidget()
    bar = settings_page.findChild(QScrollArea).verticalScrollBar()
    bar.setValue(bar.maximum())  # the confidentiality statement and its Save button
    snap(window, out, "09-settings-statement")
    snap_dialogs(vault, window, out)
    window.workspace.go_to_title("Case register")
    register = window.workspace.page_titled("Case register")
    surname = register.model.row_at(0).victim.split(",")[0].title()
    register.search.setText(surname[:2] + surname[3:])  # misspelled on purpose
    register.apply_filters()
    snap(window, out, "12-register-misspelled-search")
    register.search.clear()
    register.apply_filters()
    register.new_referral()
    editor = register.editor
    victim = editor.sections["victim"].fields
    victim["surname"].set_value(register.model.row_at(0).victim.split(",")[0].title())
    victim["forenames"].set_value(register.model.row_at(0).victim.split(", ")[1])
    victim["date_of_birth"].set_value("2031-01-01")
    editor.sections["referral"].fields["referrer_name"].set_value("PC Example")
    editor.sections["referral"].fields["referrer_email"].set_value("not-an-email")
    for number in range(1, 12):
        editor.dash.answers[number][0].setCurrentIndex(1)
    editor.validate_now()
    snap(window, out, "13-referral-form")
    victim["date_of_birth"].set_value(register.model.row_at(0).victim_dob)
    editor.validate_now()
    editor.navigation.setCurrentRow(editor.navigation.count() - 2)
    snap(window, out, "14-referral-dash")
    editor.save_now()
    editor.run_repeat_check()
    from marac_desk.ui.referral.matches import MatchDialog

    dialog = MatchDialog(vault, editor.case_id, editor._earlier, window)
    dialog.show()
    snap(dialog, out, "15-match-dialog")
    dialog.close()
    editor.close_editor()
    window._on_help()  # F1 on the register: the guide, open at its page
    snap(window.guide, out, "36-user-guide")
    window.guide.close()
    snap_case(vault, window, out)
    snap_import(vault, window, out)
    snap_meeting(vault, window, out)
    snap_representative(vault, window, out)
    snap_conference(vault, window, out)
    window.lock()
    snap(window, out, "11-locked")
    data_dir = window.data_dir
    window.close()
    discard_data_dir(data_dir)


def tr_(text: str) -> str:
    return text


def snap_dialogs(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The small dialogs, each at the size it opens at."""
    from datetime import date

    from marac_desk.domain.conference import Attendee
    from marac_desk.storage import actions, agencies, case_file, meetings, research
    from marac_desk.ui.agenda_break import BreakDialog
    from marac_desk.ui.case_view import StatusDialog
    from marac_desk.ui.conference.attendance import AttendeeDialog
    from marac_desk.ui.conference.entry import ActionDialog, SharedInfoDialog
    from marac_desk.ui.conference.help import GoToCaseDialog, ShortcutsDialog, panel_keys
    from marac_desk.ui.main_window import SHORTCUTS
    from marac_desk.ui.pages.accounts import AccountDialog
    from marac_desk.ui.pages.action_tracker import UpdateDialog
    from marac_desk.ui.pages.agencies import AgencyDialog
    from marac_desk.ui.pages.meetings import AddCasesDialog, MeetingDialog
    from marac_desk.ui.research_editor import ItemDialog
    from marac_desk.ui.signin import RecoveryDialog
    from marac_desk.ui.tick_list import TickListDialog
    from marac_desk.ui.unsaved import UnsavedEditsDialog

    planned = next(m for m in meetings.listed(vault) if not m.closed)
    names = research.directory(vault.conn)
    listed = meetings.agenda_cases(vault.conn, planned.meeting_id)
    tracked = actions.tracker(vault)
    ticks = [(code, name, code == "POLICE") for code, name in names.items()]
    for dialog, name in (
        (AgencyDialog(vault, agencies.get(vault, "POLICE"), window), "40-agency-dialog"),
        (MeetingDialog(vault, planned, window), "41-meeting-dialog"),
        (BreakDialog(vault, planned.meeting_id, planned.cases, 10, window), "42-break-dialog"),
        (AddCasesDialog(vault, window), "44-add-cases"),
        (
            TickListDialog(tr_("Make research packs"), tr_("Tick the agencies."), ticks, window),
            "45-tick-agencies",
        ),
        (StatusDialog(vault, case_file.load(vault, listed[0].case_id), window), "46-status"),
        (UpdateDialog(vault, tracked[0], window), "47-action-update"),
        (AccountDialog(vault, None, window), "48-account"),
        (ShortcutsDialog(list(SHORTCUTS), window, "Keyboard shortcuts"), "49-shortcuts"),
        (ShortcutsDialog(panel_keys(), window), "50-conference-keys"),
        (GoToCaseDialog(listed, {}, None, window), "51-go-to-case"),
        (
            ActionDialog(names, set(names), date.today(), None, None, lambda _a: 0, window),
            "52-action-entry",
        ),
        (SharedInfoDialog(names, None, lambda _i: 0, window), "53-shared-info-entry"),
        (
            AttendeeDialog(
                names, Attendee(1, "POLICE", "Police", "DI Example"), lambda _a: 0, window
            ),
            "54-attendee",
        ),
        (ItemDialog(names, None, window), "55-research-item"),
        (RecoveryDialog(vault.paths.data_dir, window), "56-recovery-sign-in"),
        (UnsavedEditsDialog(vault, [], window), "57-unsaved-edits"),
    ):
        dialog.show()
        snap(dialog, out, name)
        dialog.close()
    go(window, "Minutes")
    page = window.workspace.pages.currentWidget()
    held = [m for m in meetings.listed(vault) if m.closed]
    if held and page.model.rowCount():
        from marac_desk.exchange import minutes_export
        from marac_desk.ui.minutes_preview import PreviewDialog

        line = page.model.row_at(min(2, page.model.rowCount() - 1))
        document = minutes_export.preview(
            vault, page.meeting_id(), line.recipient.code, line.recipient.kind
        )
        preview = PreviewDialog(document, window, lambda: None)
        preview.show()
        snap(preview, out, "43-minutes-preview")
        preview.close()


def snap_data_return(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Last quarter's return: a count chosen with the cases behind it, as the local report
    shows it, and the steering group's PDF."""
    from marac_desk import data_return_commands

    go(window, "Data return")
    page = window.workspace.pages.currentWidget()
    page.local.setChecked(True)
    page.table.setCurrentIndex(page.model.index(page.row_of("repeats"), 0))
    snap(window, out, "39-data-return-cases")
    with tempfile.TemporaryDirectory() as tmp:
        quarter = page.chosen_quarter().code
        for suppress in (False, True):
            data_return_commands.export(vault, quarter, Path(tmp), suppress=suppress)
        render_pdf(
            Path(tmp) / f"data-return-{quarter}-local-suppressed.pdf", out, "39-data-return-local"
        )
        render_pdf(
            Path(tmp) / f"data-return-{quarter}-local-suppressed.pdf",
            out,
            "41-data-return-local-charts",
            showing="Cases by referring agency",
        )
    from marac_desk.ui.ethnicity_mapping import EthnicityMappingDialog

    mapping = EthnicityMappingDialog(vault, window)
    mapping.choices[0].setCurrentIndex(1 + 12)  # White: English, Welsh, Scottish...
    mapping.show()
    snap(mapping, out, "39-ethnicity-groups")
    mapping.close()
    go(window, "Dashboard")
    dashboard = window.workspace.pages.currentWidget()
    snap(window, out, "41-dashboard")  # this quarter so far: the actions and research charts
    dashboard.area.verticalScrollBar().setValue(dashboard.area.verticalScrollBar().maximum())
    snap(window, out, "41-dashboard-agencies")


def go(window, title: str) -> None:  # type: ignore[no-untyped-def]
    """Open the page called `title` in the navigation list."""
    navigation = window.workspace.navigation
    rows = [navigation.item(r).text() for r in range(navigation.count())]
    window.workspace.go_to(rows.index(title))


def render_pdf(pdf: Path, out: Path, name: str, showing: str = "") -> None:
    """One page of a PDF as PNG (the first that shows `showing`, else page 1), where
    poppler's pdftoppm is installed."""
    if shutil.which("pdftoppm") is None:
        print(f"(pdftoppm not installed: {name} skipped)")
        return
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(str(pdf)).pages]
    number = next((n for n, text in enumerate(pages, start=1) if showing in text), 1)
    page = str(number)
    command = ["pdftoppm", "-r", "70", "-png", "-f", page, "-l", page, "-singlefile"]
    subprocess.run([*command, str(pdf), str(out / name)], check=True)
    print(out / f"{name}.png")


def snap_meeting(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Next week's training meeting: its agenda, the research grid, a return and its
    history, the phoned-in form, the summary on screen and printed, and a filled pack."""
    from marac_desk.exchange import summary_export
    from marac_desk.storage import case_summary, research
    from marac_desk.ui.research_returns import RecordReturnDialog, ReturnDialog
    from marac_desk.ui.summary_view import SummaryDialog

    go(window, "Meetings")
    page = window.workspace.pages.currentWidget()
    page.tabs.setCurrentIndex(0)
    page.agenda_table.selectRow(2)
    snap(window, out, "23-meeting-agenda")
    page.tabs.setCurrentIndex(1)
    snap(window, out, "24-research-grid")
    from datetime import date

    from marac_desk.ui.research_chase import ChaseDialog

    chase = ChaseDialog(vault, page.meeting.meeting_id, date.today(), window)
    chase.show()
    snap(chase, out, "24-research-chase")
    chase.close()
    meeting = page.meeting
    grid = page.research.grid
    richest = max(
        grid.cases,
        key=lambda c: len(case_summary.load(vault, meeting.meeting_id, c.case_id).risks),
    )
    built = case_summary.load(vault, meeting.meeting_id, richest.case_id)
    summary = SummaryDialog(built, window, save_pdf=lambda path: path)
    summary.show()
    snap(summary, out, "25-case-summary")
    summary.close()
    if not OPTIONS.no_documents:
        with tempfile.TemporaryDirectory() as tmp:
            printed = summary_export.export_summary(
                vault, meeting.meeting_id, richest.case_id, Path(tmp) / "summary.pdf"
            )
            render_pdf(printed, out, "26-case-summary-printed")
    returned = research.current_returns(vault.conn, meeting.meeting_id, richest.case_id)
    agency = next(r.agency_code for r in returned if not r.content.is_nil)
    view = ReturnDialog(vault, meeting.meeting_id, richest, agency, grid.names, window)
    view.show()
    snap(view, out, "27-research-return")
    view.close()
    record = RecordReturnDialog(
        vault, meeting.meeting_id, grid.cases, grid.names, "HEALTH-MH", window
    )
    record.source_note.setText("Duty nurse, Northtown mental health team, 10:15")
    record.show()
    snap(record, out, "28-record-phoned-research")
    record.reject()
    if not OPTIONS.no_documents:
        snap_filled_pack(vault, meeting.meeting_id, richest.case_id, out)


def snap_filled_pack(vault, meeting_id: int, case_id: int, out: Path) -> None:  # type: ignore[no-untyped-def]
    """A police research pack filled in as an officer would in Word, rendered by
    LibreOffice (where installed) to show it reads cleanly outside marac-desk."""
    from marac_desk.exchange import research_pack
    from marac_desk.storage import case_file
    from tests.exchange.packs import Answers, fill

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("(LibreOffice not installed: the filled pack is not rendered)")
        return
    victim, perpetrator, *_ = case_file.people(vault.conn, case_id)
    with tempfile.TemporaryDirectory() as tmp:
        [made] = research_pack.make_packs(vault, meeting_id, ["PROBATION"], Path(tmp))
        filled = fill(
            made.path,
            {
                victim.person_id: Answers(known="No"),
                perpetrator.person_id: Answers(
                    known="Yes",
                    involvement="Supervised on licence until March; reports fortnightly.",
                    risks="Missed two appointments since the incident.",
                    share=[("Licence condition: not to enter Northtown estate.", "Fact", "")],
                    held=[("Psychology report", "Clinical detail; not relevant to risk")],
                ),
            },
            Path(tmp) / "filled.docx",
        )
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(filled)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        render_pdf(Path(tmp) / "filled.pdf", out, "29-filled-research-pack", "Supervised")


def snap_representative(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """What a housing representative sees in the agency's own workspace: the research
    request the MARAC sealed to it, opened, with its cases and people to search for."""
    from marac_desk.exchange import research_exchange, workspace
    from marac_desk.exchange.key_card import make_card, read_card
    from marac_desk.security import kdf
    from marac_desk.storage import agency_keys, exchange_identity, meetings
    from marac_desk.ui.pages.workspace_requests import WorkspaceRequestsPage

    meeting = next(m for m in meetings.listed(vault) if m.collects_research and not m.closed)
    with tempfile.TemporaryDirectory() as tmp:
        space, _ = workspace.create_workspace(
            Path(tmp) / "housing",
            agency_code="HOUSING",
            agency_name="Local authority housing",
            username="housing.rep",
            full_name="Hana Housing",
            password="housing rep's own long password",  # noqa: S106 (a throwaway workspace)
            kdf_n=kdf.MIN_N,
        )
        card = read_card(
            make_card(exchange_identity.identity(space), "agency", "Housing", "HOUSING")
        )
        agency_keys.record_key(vault, "HOUSING", card)
        agency_keys.confirm_key(vault, "HOUSING", card.fingerprint)
        marac = read_card(make_card(exchange_identity.identity(vault), "marac", "Training MARAC"))
        workspace.record_marac_key(space, marac)
        workspace.confirm_marac_key(space, marac.fingerprint)
        made = research_exchange.make_request(vault, meeting.meeting_id, "HOUSING", Path(tmp))
        workspace.open_request(space, made.path.read_bytes(), made.path.name)
        page = WorkspaceRequestsPage(space)
        page.resize(WIDTH - 200, HEIGHT - 120)  # the page's share of the window
        page.show()
        page.refresh()
        page.cases.setCurrentRow(min(2, page.cases.count() - 1))
        snap(page, out, "30-agency-workspace-research")
        page.close()
        space.close(action=None)


def snap_case(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """A repeat whose earlier case was itself a repeat: the longest history on show."""
    row = (
        vault.conn.execute(
            "SELECT l.case_id FROM case_links l JOIN case_links e ON e.case_id = l.earlier_case_id "
            "WHERE l.decision <> 'not_same' AND e.decision <> 'not_same' LIMIT 1"
        ).fetchone()
        or vault.conn.execute("SELECT case_id FROM case_links LIMIT 1").fetchone()
    )
    register = window.workspace.page_titled("Case register")
    register.open_case(int(row[0]))
    view = register.case_view
    view.tabs.setCurrentIndex(1)
    snap(window, out, "20-case-view-history")
    view.tabs.setCurrentIndex(3)
    snap(window, out, "21-case-view-timeline")
    view.tabs.setCurrentIndex(0)
    snap(window, out, "22-case-view-people")
    view.back_button.click()


def snap_import(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    from marac_desk.ui.register_import import ImportRegisterDialog

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "northtown-register-2025.csv"
        path.write_text(
            "Case No,Date Referred,Referred by,Surname of person at risk,First Name,DOB,"
            "Perp Surname,Children,DASH,Repeat,Notes\n"
            "NT/25/014,03/02/2025,Police,Hassan,Leila,12/04/1990,Barker,"
            "Kit Barker (2019-03-02),16,No,\n"
            "NT/25/015,31/02/2025,IDVA,Okafor,Grace,,,2,15,Yes,\n"
            'NT/25/016,10/03/2025,Housing,=HYPERLINK("x"),Ann,1984-01-01,,,14,,\n'
            "NT/25/017,03/02/2025,Police,Hasan,Layla,12/04/1990,,,12,,copy?\n",
            encoding="utf-8",
        )
        dialog = ImportRegisterDialog(vault, window)
        dialog.path.setText(str(path))
        dialog.show()
        snap(dialog, out, "16-import-file")
        dialog.next_step()
        snap(dialog, out, "17-import-columns")
        surname = dialog.column_choices["victim_surname"]
        surname.setCurrentIndex(surname.findData(3))
        dialog.next_step()
        snap(dialog, out, "18-import-preview")
        dialog.close()


def snap_conference(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The 20-case training meeting run as a coordinator would: attendance, a case in
    progress, the shared screen and the close check."""
    from dataclasses import replace
    from datetime import timedelta

    from marac_desk.domain.actions import Action
    from marac_desk.domain.conference import Attendance, RiskLevel, SharedInfo
    from marac_desk.storage import actions, attendance, conference, meetings

    meeting = next(m for m in meetings.listed(vault) if not m.closed).meeting_id
    window.start_conference(meeting)
    view = window.conference_view
    names = ["DI Example", "Priya Shah", "Jo Bell", "Sam Okafor", "Dr Lee", "Ali Khan"]
    for i, line in enumerate(attendance.register(vault, meeting)[:11]):
        status = Attendance.APOLOGIES if i == 9 else Attendance.PRESENT
        attendance.save(
            vault,
            meeting,
            replace(
                line,
                name=f"{names[i % len(names)]} (fictional)" if status is Attendance.PRESENT else "",
                status=status,
                info_sent=i == 9,
                agreed=status is Attendance.PRESENT and i != 4,
            ),
        )
    view.attendance.read()
    view._on_register_changed()
    snap(window, out, "31-conference-attendance")
    view.show_stage("review")
    snap(window, out, "32-conference-review")
    view.show_stage("case")
    case_id = view.current_case
    view.case.notes.setPlainText(
        "IDVA: victim wants to stay in the property; locks changed last week.\n"
        "Police: two call-outs since the referral; bail conditions in place."
    )
    view.case.flush()
    conference.save_shared(
        vault, meeting, case_id, SharedInfo("POLICE", "Two call-outs since the referral.")
    )
    due = meetings.get(vault, meeting).details.meeting_date + timedelta(days=7)
    actions.save(
        vault,
        meeting,
        case_id,
        Action("Fit a door alarm and change the locks.", "HOUSING", "Housing officer", due),
    )
    actions.save(
        vault, meeting, case_id, Action("Share the bail conditions with the school.", "POLICE")
    )
    record = conference.record(vault.conn, meeting, case_id)
    conference.save_record(
        vault,
        meeting,
        case_id,
        replace(
            record,
            risk_victim="Threats to kill; strangulation in October.",
            risk_level=RiskLevel.HIGH,
            informs_agency="IDVA",
            informs_person="Training IDVA",
        ),
    )
    # Saved behind the view's back: the view is shown it, or it would (rightly) take its
    # next save for one made over a newer save it has not seen.
    view._show_case(conference.record(vault.conn, meeting, case_id))
    view.open_case(case_id)
    view.case.show_tab(4)
    snap(window, out, "33-conference-case")
    view.toggle_presenting()
    snap(window, out, "34-conference-shared-screen")
    view.toggle_presenting()
    view.show_stage("close")
    snap(window, out, "35-conference-close-check")
    view.leave()


if __name__ == "__main__":
    try:
        main()
    finally:
        _SCREEN.unlink(missing_ok=True)
    if OPTIONS.check:
        for line in CLIPPED:
            print(f"CLIPPED {line}")
        sys.exit(1 if CLIPPED else 0)

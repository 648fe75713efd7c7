"""The issue's day, as a coordinator has it on a 1366×768 laptop: sign in to Home, see what
needs doing, type dates as she always has, print the agenda, chase two overdue agencies,
add a break, and run the meeting with a clock that makes sense."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from marac_desk.domain.meetings import LineKind
from marac_desk.storage import audit, research_chase
from marac_desk.storage.training import make_training_vault
from marac_desk.ui import printing
from marac_desk.ui.agenda_break import BreakDialog
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.home import HomePage
from marac_desk.ui.pages.meetings import MeetingsPage
from marac_desk.ui.research_chase import ChaseDialog


def test_a_coordinators_day_before_and_at_the_meeting(qtbot, tmp_path: Path, monkeypatch) -> None:
    vault = make_training_vault(tmp_path / "vault", 40)
    window = MainWindow(vault.paths.data_dir, vault, training=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    workspace = window.workspace
    assert workspace is not None
    home = workspace.pages.currentWidget()
    assert isinstance(home, HomePage)
    meeting_card = next(c for c in home.cards if c.title == "Next meeting")
    overdue = [line for line in meeting_card.lines if line.text().count("Overdue")]
    assert len(overdue) >= 2

    # Her dates, typed as she always has, in a referral.
    workspace.go_to_title("Case register")
    register = workspace.pages.currentWidget()
    register.new_referral()
    born = register.editor.sections["victim"].fields["date_of_birth"]
    qtbot.keyClicks(born.editor, "8 Dec 1981")
    born.editor.editingFinished.emit()
    assert born.editor.text() == "08/12/1981" and born.value() == "1981-12-08"
    register.editor.close_editor()

    # From Home's overdue line to the research tab, and two agencies chased.
    workspace.go_to(0)  # Home again, read afresh
    card = next(c for c in workspace.pages.currentWidget().cards if c.title == "Next meeting")
    next(line for line in card.lines if "Overdue" in line.text()).linkActivated.emit("research")
    meetings_page = workspace.pages.currentWidget()
    assert isinstance(meetings_page, MeetingsPage) and meetings_page.tabs.currentIndex() == 1
    meeting_id = meetings_page.meeting.meeting_id

    def chase_two(dialog: ChaseDialog) -> int:
        for row in (0, 1):
            dialog.list.setCurrentRow(row)
            assert dialog.overdue[row].references[0] in dialog.text.toPlainText()
            dialog.list.item(row).setCheckState(dialog.list.item(row).checkState().Checked)
        dialog.record()
        return 1

    monkeypatch.setattr(ChaseDialog, "exec", chase_two)
    meetings_page.research.chase()
    assert len(research_chase.chases(vault, meeting_id)) == 2

    # A break after the tenth case, then the agenda printed with it.
    meetings_page.tabs.setCurrentIndex(0)
    rows = meetings_page.agenda_model.rows()
    tenth = [r for r, line in enumerate(rows) if line.kind is LineKind.CASE][9]
    meetings_page.agenda_table.selectRow(tenth)

    def coffee(dialog: BreakDialog) -> int:
        dialog.name.setText("Coffee")
        dialog._save()
        return 1

    monkeypatch.setattr(BreakDialog, "exec", coffee)
    meetings_page.add_break()
    kinds = [line.kind for line in meetings_page.agenda_model.rows()]
    assert kinds[tenth + 1] is LineKind.BREAK
    printed: list[str] = []
    monkeypatch.setattr(printing, "choose_printer", lambda *_a: QPrinter())
    monkeypatch.setattr(QTextDocument, "print_", lambda d, _p: printed.append(d.toPlainText()))
    meetings_page.print_agenda()
    assert printed and "Coffee" in printed[0]
    assert audit.entries(vault.conn)[-1].detail["what"] == "agenda"

    # The meeting, run today although planned for another day: timed from its start.
    window.start_conference(meeting_id)
    view = window.conference_view
    assert view is not None
    clock = view.bar.meeting_clock.text()
    assert clock.startswith(("On time", "Ends about")) and "late" not in clock
    view.leave()
    window.close()

"""The two lists the meeting builds for the case under discussion: what each agency
shared, and the actions agreed. Each change goes through its dialog to the vault, then
the lists (or the shared screen, when it is on) are shown again."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from marac_desk.domain.actions import Action, warnings
from marac_desk.domain.conference import SharedInfo
from marac_desk.errors import MaracDeskError
from marac_desk.storage import actions, attendance, conference, meetings, presentation
from marac_desk.ui.conference.entry import ActionDialog, SharedInfoDialog
from marac_desk.ui.widgets import QtAsker, show_error, tr

if TYPE_CHECKING:
    from marac_desk.ui.conference.view import ConferenceView

SHARED_TAB = 1
ACTIONS_TAB = 4


class CaseLists:
    """Information shared and actions for the view's current case."""

    def __init__(self, view: ConferenceView) -> None:
        self.view = view
        panel = view.case
        panel.on_add_shared = self.edit_shared
        panel.on_remove_shared = self.remove_shared
        panel.on_add_action = self.edit_action
        panel.on_remove_action = self.remove_action

    def load(self) -> None:
        view = self.view
        if view.current_case is None:
            return
        conn = view.vault.conn
        present = attendance.present_agencies(conn, view.meeting_id)
        view.case.show_lists(
            conference.shared(conn, view.meeting_id, view.current_case),
            actions.for_case(conn, view.meeting_id, view.current_case),
            lambda a: warnings(a, present, view.names),
        )

    def edit_shared(self, info: SharedInfo | None) -> None:
        view = self.view
        case_id = view.current_case
        if case_id is None or self._refuse_frozen():
            return
        dialog = SharedInfoDialog(
            view.names,
            info,
            lambda s: conference.save_shared(view.vault, view.meeting_id, case_id, s, view.reason),
            view,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(SHARED_TAB)

    def remove_shared(self, info: SharedInfo) -> None:
        view = self.view
        case_id = view.current_case
        if case_id is None or info.info_id is None or self._refuse_frozen():
            return
        agency = view.names.get(info.agency_code, info.agency_code)
        if not self._confirm(tr("Remove what {0} shared from the record?").format(agency)):
            return
        try:
            conference.remove_shared(
                view.vault, view.meeting_id, case_id, info.info_id, view.reason
            )
        except MaracDeskError as exc:
            show_error(view, tr("Conference"), str(exc))
        self._after_change(SHARED_TAB)

    def edit_action(self, action: Action | None) -> None:
        view = self.view
        case_id = view.current_case
        if case_id is None or self._refuse_frozen():
            return
        dialog = ActionDialog(
            view.names,
            attendance.present_agencies(view.vault.conn, view.meeting_id),
            view.meeting.details.meeting_date,
            meetings.next_meeting_date(view.vault.conn, view.meeting),
            action,
            lambda a: actions.save(view.vault, view.meeting_id, case_id, a, view.reason),
            view,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(ACTIONS_TAB)

    def remove_action(self, action: Action) -> None:
        view = self.view
        case_id = view.current_case
        if case_id is None or action.action_id is None or self._refuse_frozen():
            return
        if not self._confirm(
            tr("Remove the action “{0}”? Only an action typed in error should go.").format(
                action.short
            )
        ):
            return
        try:
            actions.remove(view.vault, view.meeting_id, case_id, action.action_id)
        except MaracDeskError as exc:
            show_error(view, tr("Conference"), str(exc))
        self._after_change(ACTIONS_TAB)

    def _after_change(self, tab: int) -> None:
        view = self.view
        if view.presenting and view.current_case is not None:
            view.presentation.show_case(
                presentation.load(view.vault, view.meeting_id, view.current_case)
            )
            return
        self.load()
        view.case.show_tab(tab)
        view.bar.show_saved(datetime.now().isoformat())

    def _confirm(self, question: str) -> bool:
        return QtAsker(self.view).confirm(tr("Conference"), question)

    def _refuse_frozen(self) -> bool:
        if self.view.frozen:
            show_error(
                self.view,
                tr("The meeting is closed"),
                tr(
                    "Its record is frozen. Choose Amend the closed record (Ctrl+Shift+M) and "
                    "give a reason first."
                ),
            )
            return True
        return False

"""My agency's actions, in an agency workspace: the actions the MARAC's action plans gave
this agency, updated here as they happen, and sent back to the MARAC as a sealed update."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from marac_desk.domain.actions import REVIEW_CHOICES, ActionStatus
from marac_desk.domain.dates import long_date
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import sealed, workspace, workspace_actions
from marac_desk.exchange.workspace_actions import WorkspaceAction
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, fit_columns, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import (
    QtAsker,
    add_button,
    attempt,
    form_dialog,
    hint_label,
    show_error,
    show_info,
    tr,
)


def _due(action: WorkspaceAction, today: date) -> str:
    if not action.due_on:
        return tr("No date")
    due = date.fromisoformat(action.due_on)
    late = due < today and action.shown_status.outstanding
    return long_date(due) + (tr(" — OVERDUE") if late else "")


def _status(action: WorkspaceAction) -> str:
    if action.update_status is not None:
        return tr("{0} (not sent yet)").format(action.update_status.label)
    return action.status.label


def columns(today: date) -> list[Column[WorkspaceAction]]:
    return [
        Column(tr("Due"), lambda a: _due(a, today), lambda a: a.due_on or "9999"),
        Column(tr("Case"), lambda a: a.reference),
        Column(tr("Victim"), lambda a: a.victim),
        Column(tr("Owner"), lambda a: a.owner_name),
        Column(tr("Status"), _status),
        Column(tr("Action"), lambda a: a.text),
    ]


class WorkspaceUpdateDialog(QDialog):
    def __init__(self, vault: Vault, action: WorkspaceAction, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault = vault
        self.action = action
        self.setWindowTitle(tr("Update an action"))
        self.status = QComboBox()
        self.status.setAccessibleName(tr("What happened"))
        for status in REVIEW_CHOICES:
            self.status.addItem(status.label, status)
        self.note = QLineEdit(action.update_note)
        self.note.setAccessibleName(tr("Note"))
        form = QFormLayout()
        text = QLabel(action.text)
        text.setWordWrap(True)
        form.addRow(tr("Action"), text)
        form.addRow(tr("&What happened"), self.status)
        form.addRow(tr("&Note"), self.note)
        self.error = form_dialog(self, form, self._save, ok=QDialogButtonBox.StandardButton.Save)

    def _save(self) -> None:
        status = ActionStatus(self.status.currentData())
        if attempt(
            lambda: workspace_actions.record_update(
                self.vault, self.action.action_key, status, self.note.text()
            ),
            self.error,
        ):
            self.accept()


class WorkspaceActionsPage(Page):
    title = tr("My agency's actions")
    intro = tr(
        "The actions the MARAC agreed for your agency, from the action plans it sent you. "
        "Record how each went as it happens, then send the update back to the MARAC: it is "
        "reviewed at the next meeting."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        row = QHBoxLayout()
        add_button(row, tr("&Open an action plan file…"), self.choose_plan)
        add_button(row, tr("&Update…"), self.update_chosen)
        self.send_button = add_button(row, tr("&Send action update…"), self.send_update)
        row.addStretch(1)
        self.page_layout.addLayout(row)
        self.counts = hint_label()
        self.page_layout.addWidget(self.counts)
        self.model: RowsModel[WorkspaceAction] = RowsModel(columns(date.today()), self)
        self.table = make_table(tr("My agency's actions"))
        self.table.setModel(self.model)
        self.table.activated.connect(lambda _: self.update_chosen())
        self.page_layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        rows = workspace_actions.listed(self.vault)
        self.model.set_rows(rows)
        fit_columns(self.table)
        waiting = sum(1 for a in rows if a.update_status is not None)
        self.counts.setText(
            plural("%n action(s)", len(rows)) + "; " + plural("%n update(s) not sent yet.", waiting)
            if rows
            else tr("No action plan opened yet: open the file the MARAC sent you.")
        )
        self.send_button.setEnabled(waiting > 0)

    def chosen(self) -> WorkspaceAction | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def choose_plan(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self,
            tr("Open an action plan"),
            "",
            tr("Action plan files (*{0})").format(sealed.SUFFIX),
        )
        if source:
            self.open_plan(Path(source))

    def open_plan(self, path: Path) -> int | None:
        try:
            count = workspace_actions.open_plan(self.vault, sealed.read_file(path), path.name)
        except OSError as exc:
            show_error(self, tr("Action plan"), tr("{0} cannot be read: {1}").format(path, exc))
            return None
        except MaracDeskError as exc:
            show_error(self, tr("Action plan not opened"), str(exc))
            return None
        self.refresh()
        return count

    def update_chosen(self) -> None:
        action = self.chosen()
        if action is None:
            return
        if WorkspaceUpdateDialog(self.vault, action, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def send_update(self) -> None:
        found = workspace.info(self.vault)
        unconfirmed = not found.marac_confirmed_at
        if unconfirmed and not QtAsker(self).confirm(
            tr("Send to an unconfirmed key?"),
            tr(
                "No one has confirmed the MARAC's fingerprint by phone. If its key card did "
                "not come from {0}, someone else could read these updates. Send anyway?"
            ).format(found.marac_name),
        ):
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Save the action update into"))
        if not folder:
            return
        try:
            path, count = workspace_actions.make_update(
                self.vault, Path(folder), unconfirmed=unconfirmed
            )
        except MaracDeskError as exc:
            show_error(self, tr("Action update not made"), str(exc))
            return
        self.refresh()
        show_info(
            self,
            tr("Action update made"),
            tr("{0} sealed to {1} in\n{2}\n\nSend it to the MARAC.").format(
                plural("%n update(s)", count), found.marac_name, path
            ),
        )

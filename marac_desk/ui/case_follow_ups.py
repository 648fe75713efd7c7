"""A heard case's follow-ups (a tab of the case view): a date to check on the case again,
by default the end of its repeat window, and what to check; marked done with what was
found."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain import follow_ups as rules
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.dates import parse_iso, uk_date
from marac_desk.domain.follow_ups import FollowUp
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.storage import follow_ups
from marac_desk.storage import settings as settings_store
from marac_desk.storage.vault import Vault
from marac_desk.ui.date_field import DateField
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import fit_columns, keep_within_width, make_table
from marac_desk.ui.widgets import error_label, fit_to_screen, hint_label, tr


class SetFollowUpDialog(QDialog):
    def __init__(
        self, vault: Vault, case_id: int, suggested: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.saved: FollowUp | None = None
        self.setWindowTitle(tr("Set a follow-up"))
        self.due = DateField()
        self.due.setAccessibleName(tr("Follow up on"))
        self.due.set_day(suggested)
        self.what = QPlainTextEdit()
        self.what.setAccessibleName(tr("What to check"))
        self.what.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(tr("Follow up on"), self.due)
        form.addRow(tr("What to check"), self.what)
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(
            hint_label(
                tr(
                    "The date given is the end of the repeat window: after it, a further "
                    "incident is a new referral, not a repeat."
                )
            )
        )
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        fit_to_screen(self, 560, 340)

    def save(self) -> None:
        if problem := self.due.not_a_date():
            self.error.setText(problem)
            return
        day = self.due.day()
        try:
            self.saved = follow_ups.set_follow_up(
                self.vault, self.case_id, due=day, what=self.what.toPlainText()
            )
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class FollowUpsTab(QWidget):
    def __init__(self, vault: Vault, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.status = CaseStatus.DRAFT
        self.last_referral: date | None = None
        today = date.today
        self.model: RowsModel[FollowUp] = RowsModel(
            [
                Column(tr("Follow up on"), lambda f: uk_date(f.due_on), lambda f: f.due_on),
                Column(tr("What to check"), lambda f: f.what.replace("\n", " ")),
                Column(
                    tr("State"),
                    lambda f: (
                        tr("Done {0}: {1}").format(uk_date(f.done_on), f.done_note)
                        if f.done_on
                        else tr("Overdue")
                        if rules.overdue(f, today())
                        else tr("Open")
                    ),
                    alert=lambda f: rules.overdue(f, today()),
                ),
            ],
            self,
        )
        self.table = make_table(tr("Follow-ups"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setWordWrap(False)
        keep_within_width(self.table, (1, 2))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.set_button = QPushButton(tr("Set &follow-up…"))
        self.done_button = QPushButton(tr("&Done…"))
        self.set_button.clicked.connect(self.set_follow_up)
        self.done_button.clicked.connect(self.mark_done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        self.hint = hint_label(
            tr(
                "After a case is heard, a date to check on it again and what to check. Home "
                "lists it from a week before."
            )
        )
        self.error = error_label()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(self.hint)
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        column.addWidget(self.error)
        self._enable()

    def load(self, status: CaseStatus, last_referral_on: str) -> int:
        self.status = status
        self.last_referral = parse_iso(last_referral_on)
        found = follow_ups.for_case(self.vault, self.case_id)
        self.model.set_rows(found)
        fit_columns(self.table)
        self._enable()
        return len(found)

    def clear(self) -> None:
        self.model.clear()

    def selected(self) -> FollowUp | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_due(self) -> None:
        for row in range(self.model.rowCount()):
            if rules.is_due(self.model.row_at(row), date.today()):
                self.table.selectRow(row)
                return

    def _enable(self) -> None:
        may_edit = self.vault.may(Permission.EDIT_CASES)
        self.set_button.setEnabled(may_edit and self.status is CaseStatus.HEARD)
        chosen = self.selected()
        self.done_button.setEnabled(may_edit and chosen is not None and chosen.open)

    def _reload(self) -> None:
        self.load(self.status, self.last_referral.isoformat() if self.last_referral else "")

    def set_follow_up(self) -> None:
        suggested = rules.default_due(
            self.last_referral, date.today(), settings_store.rules(self.vault)
        )
        dialog = SetFollowUpDialog(self.vault, self.case_id, suggested, self)
        if dialog.exec() and self.vault.is_open:
            self._reload()

    def mark_done(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        note, ok = QInputDialog.getMultiLineText(
            self, tr("Follow-up done"), tr("What did the follow-up find?")
        )
        if not ok:
            return
        self.error.clear()
        try:
            follow_ups.done(self.vault, chosen.follow_up_id, note)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self._reload()

"""The action tracker between meetings: open actions by agency, owner, due date and
overdue state. An agency representative sees and updates only their agency's actions
(the service decides, not this page)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from marac_desk.domain.actions import REVIEW_CHOICES, ActionStatus
from marac_desk.domain.dates import uk_date
from marac_desk.domain.roles import Permission
from marac_desk.storage import actions, research
from marac_desk.storage.actions import ActionRow
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel, filtering_proxy
from marac_desk.ui.pages.base import Page, fit_columns, keep_within_width, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import add_button, attempt, form_dialog, hint_label, tr


def tracker_columns(names: dict[str, str], today: date) -> list[Column[ActionRow]]:
    return [
        Column(
            tr("Due"),
            lambda r: (
                uk_date(r.action.due_on, tr("No date"))
                + (tr(" — OVERDUE") if r.overdue(today) else "")
            ),
            lambda r: r.action.due_on.isoformat() if r.action.due_on else "9999",
            alert=lambda r: r.overdue(today) or r.action.due_on is None,
        ),
        Column(
            tr("Agency"),
            lambda r: names.get(r.action.owner_agency, r.action.owner_agency) or tr("No agency"),
        ),
        Column(tr("Owner"), lambda r: r.action.owner_name),
        Column(tr("Case"), lambda r: r.reference),
        Column(tr("Victim"), lambda r: r.victim),
        Column(tr("Agreed"), lambda r: uk_date(r.agreed_on), lambda r: r.agreed_on.isoformat()),
        Column(tr("Status"), lambda r: r.action.status.label),
        Column(tr("Action"), lambda r: r.action.text),
    ]


class UpdateDialog(QDialog):
    """What happened to one action, with a note; saved as a line of its history."""

    def __init__(self, vault: Vault, row: ActionRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.row = row
        self.setWindowTitle(tr("Update an action"))
        self.status = QComboBox()
        self.status.setAccessibleName(tr("What happened"))
        for status in REVIEW_CHOICES:
            self.status.addItem(status.label, status)
        self.note = QLineEdit(row.action.status_note)
        self.note.setAccessibleName(tr("Note"))
        form = QFormLayout()
        action_text = QLabel(row.action.text)
        action_text.setWordWrap(True)
        form.addRow(tr("Action"), action_text)
        form.addRow(tr("&What happened"), self.status)
        form.addRow(tr("&Note"), self.note)
        self.error = form_dialog(self, form, self._save, ok=QDialogButtonBox.StandardButton.Save)

    def _save(self) -> None:
        action_id = self.row.action.action_id
        assert action_id is not None
        status = ActionStatus(self.status.currentData())
        if attempt(
            lambda: actions.update_status(self.vault, action_id, status, self.note.text()),
            self.error,
        ):
            self.accept()


class ActionTrackerPage(Page):
    title = tr("Actions")
    intro = tr(
        "Actions agreed at meetings, soonest due first. Record progress as it happens: the "
        "next meeting's review starts from here."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.names = research.directory(vault.conn)
        self.model: RowsModel[ActionRow] = RowsModel(
            tracker_columns(self.names, date.today()), self
        )
        self.proxy = filtering_proxy(self.model)
        self.search = QLineEdit()
        self.search.setAccessibleName(tr("Find actions"))
        self.search.setPlaceholderText(tr("Find by agency, owner, case or words in the action"))
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.everything = QCheckBox(tr("Show finished actions too"))
        self.everything.toggled.connect(lambda _: self.refresh())
        self.counts = hint_label()
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.everything)
        add_button(row, tr("&Update…"), self.update_chosen)
        if vault.may(Permission.EDIT_CASES):
            add_button(row, tr("Send action &plans…"), self.send_plans)
            add_button(row, tr("Take in action up&dates…"), self.take_updates)
        self.page_layout.addLayout(row)
        self.page_layout.addWidget(self.counts)
        self.table = make_table(tr("Actions"))
        # The action itself is the long text; it wraps off in "…", whole in the update form.
        keep_within_width(self.table, (1, 2, 4, 7))
        self.table.setModel(self.proxy)
        self.table.activated.connect(lambda _: self.update_chosen())
        self.page_layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        rows = actions.tracker(self.vault, outstanding_only=not self.everything.isChecked())
        self.model.set_rows(rows)
        fit_columns(self.table)
        today = date.today()
        overdue = sum(1 for r in rows if r.overdue(today))
        self.counts.setText(
            plural("%n action(s) listed, ", len(rows)) + tr("{0} overdue.").format(overdue)
        )

    def chosen(self) -> ActionRow | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.row_at(index.row()) if index.isValid() else None

    def send_plans(self) -> None:
        from marac_desk.ui.action_files import send_plans

        send_plans(self, self.vault)

    def take_updates(self) -> None:
        from marac_desk.ui.action_files import take_updates

        if take_updates(self, self.vault):
            self.refresh()

    def update_chosen(self) -> None:
        row = self.chosen()
        if row is None:
            return
        if UpdateDialog(self.vault, row, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

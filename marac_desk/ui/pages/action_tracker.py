"""The action tracker between meetings: open actions by agency, owner, due date and
overdue state. An agency representative sees and updates only their agency's actions
(the service decides, not this page)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
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

from marac_desk.domain import settings as defs
from marac_desk.domain.actions import REVIEW_CHOICES, ActionStatus
from marac_desk.domain.dates import uk_date
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.storage import actions, printed, research
from marac_desk.storage.actions import ActionRow
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel, filtering_proxy
from marac_desk.ui.pages.base import Page, fit_columns, keep_within_width, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.printing import print_html, table_html
from marac_desk.ui.widgets import (
    add_button,
    attempt,
    form_dialog,
    hint_label,
    show_error,
    show_info,
    tr,
)


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
        self.overdue_only = QCheckBox(tr("Overdue only"))
        self.overdue_only.toggled.connect(lambda _: self.refresh())
        self.agency = QComboBox()
        self.agency.setAccessibleName(tr("Show the actions of"))
        self.agency.addItem(tr("All agencies"), "")
        for code, name in sorted(self.names.items(), key=lambda item: item[1]):
            self.agency.addItem(name, code)
        self.agency.currentIndexChanged.connect(lambda _: self.refresh())
        self.counts = hint_label()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.agency)
        filters.addWidget(self.overdue_only)
        filters.addWidget(self.everything)
        self.page_layout.addLayout(filters)
        row = QHBoxLayout()
        add_button(row, tr("&Update…"), self.update_chosen)
        if vault.may(Permission.EDIT_CASES):
            add_button(row, tr("Send action &plans…"), self.send_plans)
            add_button(row, tr("Take in action up&dates…"), self.take_updates)
        if vault.may(Permission.VIEW_ALL_CASES):
            add_button(row, tr("&Chase overdue…"), lambda: self.chase())
        row.addStretch(1)
        add_button(row, tr("&Export…"), self.export_shown)
        add_button(row, tr("P&rint…"), self.print_shown, "Ctrl+P")
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
        today = date.today()
        agency = self.agency.currentData()
        if agency:
            rows = [r for r in rows if r.action.owner_agency == agency]
        if self.overdue_only.isChecked():
            rows = [r for r in rows if r.overdue(today)]
        self.model.set_rows(rows)
        fit_columns(self.table)
        overdue = sum(1 for r in rows if r.overdue(today))
        self.counts.setText(
            plural("%n action(s) listed, ", len(rows)) + tr("{0} overdue.").format(overdue)
        )

    def shown(self) -> list[ActionRow]:
        """The actions listed, as filtered and sorted on screen."""
        return [
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            for row in range(self.proxy.rowCount())
        ]

    def export_shown(self) -> None:
        """The actions listed, to a file the user names (.xlsx or .pdf); logged."""
        from marac_desk.exchange import actions_export

        rows = self.shown()
        if not rows:
            show_error(self, tr("Export actions"), tr("No action is listed to export."))
            return
        agency = self.agency.currentData() or None
        suggested = f"MARAC actions {date.today().isoformat()} {agency or 'all'}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            tr("Export the actions listed"),
            suggested,
            tr("Excel workbook (*.xlsx);;PDF document (*.pdf)"),
        )
        if not chosen:
            return
        try:
            written = actions_export.export_actions(self.vault, rows, Path(chosen), agency=agency)
        except MaracDeskError as exc:
            show_error(self, tr("Export actions"), str(exc))
            return
        show_info(self, tr("Export actions"), tr("Saved: {0}").format(written))

    def print_shown(self) -> None:
        from marac_desk.exchange.actions_export import action_table

        rows = self.shown()
        if not rows:
            return
        table = action_table(rows, self.names, date.today())
        agency = self.agency.currentData() or "all"
        print_html(
            self,
            tr("Print the actions"),
            table_html(
                tr("Actions: {0}").format(self.agency.currentText()),
                table,
                str(self.vault.setting(defs.PROTECTIVE_MARKING)),
            ),
            lambda: printed.record(self.vault, "actions", actions=len(rows), agency=agency),
        )

    def chosen(self) -> ActionRow | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.row_at(index.row()) if index.isValid() else None

    def chase(self, agency: str = "") -> None:
        """The chasers for actions overdue by more than the setting (`agency` chosen)."""
        from marac_desk.ui.action_chase import ActionChaseDialog

        ActionChaseDialog(self.vault, date.today(), agency, self).exec()

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

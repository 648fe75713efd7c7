"""A case's incidents between meetings (a tab of the case view): recording one an agency
notified, and for one that is a repeat of a heard case, starting the repeat referral or
recording why it does not come back to the MARAC."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain import incidents as rules
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.dates import parse_iso, uk_date
from marac_desk.domain.incidents import Decision, Incident
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.storage import agencies, incidents
from marac_desk.storage import settings as settings_store
from marac_desk.storage.vault import Vault
from marac_desk.ui.date_field import DateField
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import fit_columns, keep_within_width, make_table
from marac_desk.ui.widgets import error_label, fit_to_screen, hint_label, tr


class RecordIncidentDialog(QDialog):
    """The incident as the agency told it: when, who told you, what happened."""

    def __init__(self, vault: Vault, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.recorded: Incident | None = None
        self.setWindowTitle(tr("Record an incident"))
        form = QFormLayout()
        self.day = DateField()
        self.day.setAccessibleName(tr("Date of the incident"))
        self.agency = QComboBox()
        self.agency.setAccessibleName(tr("Agency that told you"))
        self.agency.addItem(tr("Choose…"), "")
        for agency in agencies.list_agencies(vault, include_inactive=False):
            self.agency.addItem(agency.name, agency.code)
        self.what = QPlainTextEdit()
        self.what.setAccessibleName(tr("What happened"))
        self.what.setTabChangesFocus(True)
        self.reference = QLineEdit()
        self.reference.setAccessibleName(tr("Police reference"))
        self.reference.setMaxLength(rules.MAX_REFERENCE)
        form.addRow(tr("Date of the incident"), self.day)
        form.addRow(tr("Agency that told you"), self.agency)
        form.addRow(tr("What happened"), self.what)
        form.addRow(tr("Police reference"), self.reference)
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
                    "As the agency told it. What happened is kept on the case; the audit log "
                    "records only that an incident was recorded."
                )
            )
        )
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        fit_to_screen(self, 620, 420)

    def save(self) -> None:
        if problem := self.day.not_a_date():
            self.error.setText(problem)
            return
        day = self.day.day()
        try:
            self.recorded = incidents.record(
                self.vault,
                self.case_id,
                day=day,
                agency=str(self.agency.currentData() or ""),
                what=self.what.toPlainText(),
                police_reference=self.reference.text(),
            )
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class IncidentsTab(QWidget):
    """The case's incidents, most recent first, each with what it means for the repeat
    window and what was decided."""

    referral_started = Signal(int)  # the new repeat referral's case, to open its form

    def __init__(self, vault: Vault, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.status = CaseStatus.DRAFT
        self.last_referral: date | None = None
        self.repeat_rules = settings_store.rules(vault)
        self.names: dict[str, str] = {}
        self.model: RowsModel[Incident] = RowsModel(
            [
                Column(tr("Date"), lambda i: uk_date(i.day), lambda i: i.day),
                Column(tr("Told by"), lambda i: self.names.get(i.agency.upper(), i.agency)),
                Column(tr("What happened"), lambda i: i.what.replace("\n", " ")),
                Column(tr("Police reference"), lambda i: i.police_reference),
                Column(
                    tr("Repeat window"),
                    lambda i: tr(
                        rules.window_note(i.day, self.status, self.last_referral, self.repeat_rules)
                    ),
                ),
                Column(tr("Decision"), self._decision, alert=self._asks),
            ],
            self,
        )
        self.table = make_table(tr("Incidents between meetings"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # most recent first
        self.table.setWordWrap(False)
        keep_within_width(self.table, (2, 4))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        may_edit = vault.may(Permission.EDIT_CASES)
        self.record_button = QPushButton(tr("Record &incident…"))
        self.record_button.setEnabled(may_edit)
        self.refer_button = QPushButton(tr("Start re&peat referral"))
        self.refer_button.setObjectName("primary")
        self.not_button = QPushButton(tr("&Not referred…"))
        self.record_button.clicked.connect(self.record)
        self.refer_button.clicked.connect(self.start_referral)
        self.not_button.clicked.connect(self.not_referred)
        buttons = QHBoxLayout()
        for button in (self.record_button, self.refer_button, self.not_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.hint = hint_label(
            tr(
                "Incidents agencies told you of between meetings. One inside the repeat window "
                "of a heard case is a repeat: start a repeat referral from it, or record why "
                "it does not come back to the MARAC."
            )
        )
        # The chosen incident in full: the table's cells are cut to one line.
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(tr("The chosen incident"))
        self.error = error_label()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(self.hint)
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        column.addWidget(self.detail)
        column.addWidget(self.error)
        self._enable()

    def _decision(self, incident: Incident) -> str:
        if incident.decision is Decision.REFERRED:
            return tr("Repeat referral started")
        if incident.decision is Decision.NOT_REFERRED:
            return tr("Not referred: {0}").format(incident.decision_note)
        if self._asks(incident):
            return tr("Waiting")
        return ""

    def _asks(self, incident: Incident) -> bool:
        return rules.prompts(incident, self.status, self.last_referral, self.repeat_rules)

    def load(self, status: CaseStatus, last_referral_on: str) -> int:
        """Show the case's incidents; returns how many there are."""
        self.status = status
        self.last_referral = parse_iso(last_referral_on)
        self.names = {a.code.upper(): a.name for a in agencies.list_agencies(self.vault)}
        found = incidents.for_case(self.vault, self.case_id)
        self.model.set_rows(found)
        fit_columns(self.table)
        self._enable()
        return len(found)

    def clear(self) -> None:
        self.model.clear()

    def selected(self) -> Incident | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_waiting(self) -> None:
        """Choose the first incident that waits for a decision, if one does."""
        for row in range(self.model.rowCount()):
            if self._asks(self.model.row_at(row)):
                self.table.selectRow(row)
                return

    def _enable(self) -> None:
        chosen = self.selected()
        self.detail.setText(
            ""
            if chosen is None
            else tr("{0}, told by {1}: {2}").format(
                uk_date(chosen.day),
                self.names.get(chosen.agency.upper(), chosen.agency),
                chosen.what,
            )
            + (
                "\n" + tr("Not referred: {0}").format(chosen.decision_note)
                if chosen.decision is Decision.NOT_REFERRED
                else ""
            )
        )
        open_repeat = (
            chosen is not None
            and chosen.decision is Decision.OPEN
            and self.vault.may(Permission.EDIT_CASES)
        )
        self.refer_button.setEnabled(open_repeat)
        self.not_button.setEnabled(open_repeat)

    def record(self) -> None:
        dialog = RecordIncidentDialog(self.vault, self.case_id, self)
        if dialog.exec() and self.vault.is_open:
            self.load(self.status, self.last_referral.isoformat() if self.last_referral else "")
            if dialog.recorded is not None and self._asks(dialog.recorded):
                self.select_waiting()

    def start_referral(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self.error.clear()
        try:
            new_case = incidents.start_repeat_referral(self.vault, chosen.incident_id)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.referral_started.emit(new_case)

    def not_referred(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self,
            tr("Not referred back to the MARAC"),
            tr("Why does this incident not come back to the MARAC?"),
        )
        if not ok:
            return
        self.error.clear()
        try:
            incidents.not_referred(self.vault, chosen.incident_id, reason)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.load(self.status, self.last_referral.isoformat() if self.last_referral else "")

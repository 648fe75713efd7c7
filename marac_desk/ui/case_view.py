"""One case: its people, its referrals and Dash history, decisions about earlier referrals,
what happened to it, the documents that came with a transfer in, the incidents
agencies told of between meetings, and follow-ups for long-term safety.

Reached from the register; the referral form is one click (Ctrl+E) away. Everything shown
comes from `storage.case_file`, which audits the view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.cases import CaseRole, CaseStatus
from marac_desk.domain.dates import uk_from_iso
from marac_desk.domain.roles import Permission
from marac_desk.domain.timeline import Event
from marac_desk.errors import MaracDeskError
from marac_desk.storage import case_file, cases, transfer_documents
from marac_desk.storage.case_file import CaseFile, CasePerson, LinkEntry, ReferralEntry
from marac_desk.storage.cases import ROLE_LABELS
from marac_desk.storage.transfer_documents import DocumentInfo
from marac_desk.storage.vault import Vault
from marac_desk.ui.case_follow_ups import FollowUpsTab
from marac_desk.ui.case_incidents import IncidentsTab
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import fit_columns, keep_within_width, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import QtAsker, error_label, hint_label, tr

# The reason for referral can run to pages; the summary shows its start, the form has all.
REASON_SHOWN = 600
# A case still to be heard: urgency is flagged until it is.
OPEN_STATUSES = (CaseStatus.DRAFT, CaseStatus.ACCEPTED, CaseStatus.LISTED, CaseStatus.RETURNED)


def _day(stamp: str) -> str:
    """A stored timestamp (UTC) as people read it: local date and time to the minute.
    A plain date (the date of a referral) is shown as 08/12/2026."""
    if "T" not in stamp:
        return uk_from_iso(stamp)
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


PEOPLE_COLUMNS: list[Column[CasePerson]] = [
    Column(tr("Role"), lambda p: tr(ROLE_LABELS[p.role])),
    Column(tr("Name"), lambda p: p.name),
    Column(tr("Date of birth"), lambda p: p.born, lambda p: p.date_of_birth),
    Column(tr("Gender"), lambda p: p.gender),
    Column(tr("Aliases and other spellings"), lambda p: "; ".join(p.aliases)),
    Column(tr("Address"), lambda p: p.address.replace("\n", ", ")),
    Column(tr("Notes"), lambda p: p.note),
]

REFERRAL_COLUMNS: list[Column[ReferralEntry]] = [
    Column(
        tr("Date of referral"), lambda r: uk_from_iso(r.referral_date), lambda r: r.referral_date
    ),
    Column(tr("Reference"), lambda r: r.reference),
    Column(tr("Linked as"), lambda r: tr(r.relation)),
    Column(tr("Status"), lambda r: tr(r.status.label)),
    Column(tr("Referring agency"), lambda r: r.referring_agency),
    Column(
        tr("Dash score"),
        lambda r: "" if r.dash_score is None else r.dash_score,
        lambda r: -1 if r.dash_score is None else r.dash_score,
    ),
    Column(tr("Criteria met"), lambda r: ", ".join(tr(c) for c in r.criteria)),
    Column(tr("Referral"), lambda r: tr("Complete") if r.state == "complete" else tr("Draft")),
    Column(tr("Checklist"), lambda r: r.checklist),
]

LINK_COLUMNS: list[Column[LinkEntry]] = [
    Column(tr("Referral"), lambda e: tr(e.direction)),
    Column(tr("Reference"), lambda e: e.reference),
    Column(tr("Decision"), lambda e: tr(e.decision.label)),
    Column(tr("Repeat window"), lambda e: tr("Inside") if e.within_window else tr("Outside")),
    Column(tr("Decided by"), lambda e: e.decided_by),
    Column(tr("When"), lambda e: _day(e.decided_at), lambda e: e.decided_at),
]

TIMELINE_COLUMNS: list[Column[Event]] = [
    Column(tr("When"), lambda e: _day(e.at), lambda e: e.at),
    Column(tr("What"), lambda e: tr(e.what) + (f" ({e.times}×)" if e.times > 1 else "")),
    Column(tr("Details"), lambda e: e.detail),
    Column(tr("Who"), lambda e: e.actor),
]

DOCUMENT_COLUMNS: list[Column[DocumentInfo]] = [
    Column(tr("Document"), lambda d: d.filename),
    Column(tr("Size"), lambda d: d.size_text, lambda d: d.size),
    Column(tr("Received"), lambda d: _day(d.received_at), lambda d: d.received_at),
    Column(tr("Added by"), lambda d: d.received_by),
]


class StatusDialog(QDialog):
    """Change a case's status; declining, returning or transferring out needs a reason."""

    def __init__(self, vault: Vault, case: CaseFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case = case
        self.setWindowTitle(tr("Change the status of {0}").format(case.reference))
        self.setMinimumWidth(460)
        self.status = QComboBox()
        self.status.setAccessibleName(tr("New status"))
        for status in CaseStatus:
            self.status.addItem(tr(status.label), status.value)
        self.status.setCurrentIndex(self.status.findData(case.status.value))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(tr("Reason"))
        self.reason.setPlaceholderText(
            tr("Needed when a case is declined, returned for more information or transferred out.")
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(tr("&Status"), self.status)
        form.addRow(tr("&Reason"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        self.error.clear()
        try:
            cases.set_status(
                self.vault,
                self.case.case_id,
                CaseStatus(self.status.currentData()),
                self.reason.toPlainText(),
            )
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class CaseView(QWidget):
    closed = Signal()
    edit_requested = Signal(int)
    case_requested = Signal(int)

    def __init__(self, vault: Vault, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.case: CaseFile | None = None

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags = QLabel()
        self.flags.setObjectName("flagText")
        self.back_button = QPushButton(tr("Back to the register"))
        self.back_button.setToolTip("Esc")
        self.status_button = QPushButton(tr("Change &status…"))
        self.edit_button = QPushButton(tr("&Edit referral"))
        self.edit_button.setObjectName("primary")
        self.edit_button.setToolTip("Ctrl+E")
        may_edit = vault.may(Permission.EDIT_CASES)
        self.status_button.setEnabled(may_edit)
        self.back_button.clicked.connect(self.closed.emit)
        self.status_button.clicked.connect(self.change_status)
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.case_id))
        QShortcut(QKeySequence("Ctrl+E"), self, lambda: self.edit_requested.emit(self.case_id))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for button in (self.back_button, self.status_button, self.edit_button):
            top.addWidget(button)

        self.summary = QFrame()
        self.summary.setObjectName("caseSummary")
        summary_form = QFormLayout(self.summary)
        summary_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.facts: dict[str, QLabel] = {}
        for key, label in (
            ("victim", tr("Victim")),
            ("last", tr("Last referral")),
            ("dash", tr("Dash")),
            ("criteria", tr("Criteria met")),
            ("consent", tr("Consent")),
            ("reason", tr("Reason for referral")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            summary_form.addRow(label, value)
            self.facts[key] = value

        self.people = RowsModel(PEOPLE_COLUMNS, self)
        self.referrals = RowsModel(REFERRAL_COLUMNS, self)
        self.links = RowsModel(LINK_COLUMNS, self)
        self.timeline = RowsModel(TIMELINE_COLUMNS, self)
        self.documents = RowsModel(DOCUMENT_COLUMNS, self)
        self.tabs = QTabWidget()
        self.people_table = self._tab(self.people, tr("People on the case"))
        keep_within_width(self.people_table, (1, 4, 5, 6))
        self.referrals_table = self._tab(self.referrals, tr("Referrals and Dash history"))
        keep_within_width(self.referrals_table, (4, 6, 8))
        self.referrals_table.activated.connect(self._on_referral_activated)
        self.links_table = self._tab(self.links, tr("Earlier referrals checked"))
        self.timeline_table = self._tab(self.timeline, tr("Timeline"))
        self.documents_tab = self._documents_tab(may_edit)
        self.incidents_tab = IncidentsTab(vault, case_id)
        self.incidents_tab.referral_started.connect(self.edit_requested.emit)
        self.tabs.addTab(self.incidents_tab, tr("Incidents"))
        self.follow_ups_tab = FollowUpsTab(vault, case_id)
        self.tabs.addTab(self.follow_ups_tab, tr("Follow-ups"))
        self.referrals_hint = hint_label(
            tr(
                "Every referral of this victim that a coordinator confirmed as the same person, "
                "oldest first. Open one with Enter or a double click."
            )
        )
        self.error = error_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addLayout(top)
        layout.addWidget(self.flags)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        self.reload()

    def _tab(self, model: QAbstractItemModel, name: str) -> QTableView:
        table = make_table(name)
        table.setModel(model)
        table.setSortingEnabled(False)  # each list has its own meaningful order
        table.setWordWrap(False)
        self.tabs.addTab(table, name)
        return table

    def _documents_tab(self, may_edit: bool) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 6, 0, 0)
        self.documents_hint = hint_label()
        buttons = QHBoxLayout()
        self.add_document_button = QPushButton(tr("&Add document…"))
        self.save_document_button = QPushButton(tr("Save a &copy…"))
        self.remove_document_button = QPushButton(tr("&Remove…"))
        self.remove_document_button.setObjectName("danger")
        self.add_document_button.setEnabled(may_edit)
        self.remove_document_button.setEnabled(may_edit)
        self.add_document_button.clicked.connect(self._on_add_document)
        self.save_document_button.clicked.connect(self._on_save_document)
        self.remove_document_button.clicked.connect(self._on_remove_document)
        for button in (
            self.add_document_button,
            self.save_document_button,
            self.remove_document_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.documents_table = make_table(tr("Transfer documents"))
        self.documents_table.setModel(self.documents)
        self.documents_table.setSortingEnabled(False)  # in the order received
        column.addWidget(self.documents_hint)
        column.addLayout(buttons)
        column.addWidget(self.documents_table, 1)
        self.tabs.addTab(holder, tr("Transfer documents"))
        return holder

    # -- showing ------------------------------------------------------------------

    def reload(self) -> None:
        self.error.clear()
        try:
            case = case_file.load(self.vault, self.case_id)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.case = case
        self.title.setText(tr("Case {0}: {1}").format(case.reference, case.victim))
        flags = [tr(case.status.label)]
        if case.urgent and case.status in OPEN_STATUSES:
            shown = case.urgent if len(case.urgent) <= 120 else case.urgent[:117] + "…"
            flags.append(tr("URGENT: {0}").format(shown))
        if case.is_repeat:
            flags.append(tr("Repeat referral"))
        if case.transfer_from:
            flags.append(tr("Transferred in from {0}").format(case.transfer_from))
        if case.imported:
            flags.append(tr("Brought in from the earlier register"))
        self.flags.setText("  ·  ".join(flags))
        own = next((r for r in case.referrals if r.is_this_case), None)
        self.facts["victim"].setText(
            next(
                (
                    f"{p.name}" + (f", born {p.born}" if p.born else "")
                    for p in case.people
                    if p.role is CaseRole.VICTIM
                ),
                "",
            )
        )
        earlier = len(case.referrals) - 1
        self.facts["last"].setText(
            uk_from_iso(case.last_referral_on, tr("No date yet"))
            + (tr(" (by {0})").format(own.referring_agency) if own and own.referring_agency else "")
            + (plural("; %n other referral(s) of this victim", earlier) if earlier else "")
        )
        score = own.dash_score if own else None
        self.facts["dash"].setText(
            tr("Score {0} (threshold {1}), on the {2}").format(
                tr("not recorded") if score is None else score,
                case.dash_threshold,
                case_file.checklist_title(own.checklist, self.vault.conn) if own else "",
            )
        )
        self.facts["criteria"].setText(
            ", ".join(tr(c) for c in own.criteria) if own and own.criteria else tr("None recorded")
        )
        self.facts["consent"].setText(case.consent or tr("Not recorded"))
        reason = case.reason or tr("Not recorded")
        if len(reason) > REASON_SHOWN:
            reason = reason[:REASON_SHOWN].rsplit(" ", 1)[0] + tr("… (the rest is on the form)")
        self.facts["reason"].setText(reason)

        self.people.set_rows(case.people)
        self.referrals.set_rows(case.referrals)
        self.links.set_rows(case.links)
        self.timeline.set_rows(case.timeline)
        self.documents.set_rows(case.documents)
        counts = (
            len(case.people),
            len(case.referrals),
            len(case.links),
            len(case.timeline),
            len(case.documents),
        )
        names = (
            tr("People"),
            tr("Referrals and Dash history"),
            tr("Earlier referrals checked"),
            tr("Timeline"),
            tr("Transfer documents"),
        )
        for index, (name, count) in enumerate(zip(names, counts, strict=True)):
            self.tabs.setTabText(index, f"{name} ({count})")
        incidents = self.incidents_tab.load(case.status, case.last_referral_on)
        self.tabs.setTabText(
            self.tabs.indexOf(self.incidents_tab), f"{tr('Incidents')} ({incidents})"
        )
        later = self.follow_ups_tab.load(case.status, case.last_referral_on)
        self.tabs.setTabText(
            self.tabs.indexOf(self.follow_ups_tab), f"{tr('Follow-ups')} ({later})"
        )
        self.add_document_button.setEnabled(
            self.vault.may(Permission.EDIT_CASES) and bool(case.transfer_from)
        )
        self.documents_hint.setText(
            tr(
                "Documents sent by {0} with this case. They are kept inside the vault; a copy "
                "saved to a file is yours to look after."
            ).format(case.transfer_from)
            if case.transfer_from
            else tr(
                "This case is not a transfer in. To keep documents from a sending MARAC, enter "
                "it under 'Transferred in from' on the referral."
            )
        )
        for table in (
            self.people_table,
            self.referrals_table,
            self.links_table,
            self.timeline_table,
            self.documents_table,
        ):
            fit_columns(table)

    def clear(self) -> None:
        """Drop every case detail held on screen (the window is locking)."""
        for model in (self.people, self.referrals, self.links, self.timeline, self.documents):
            model.clear()
        self.incidents_tab.clear()
        self.follow_ups_tab.clear()
        for label in (self.title, self.flags, *self.facts.values()):
            label.clear()
        self.case = None

    def show_incidents(self) -> None:
        """Open at the incidents, the first one waiting for a decision chosen (from Home)."""
        self.tabs.setCurrentWidget(self.incidents_tab)
        self.incidents_tab.select_waiting()

    def show_follow_ups(self) -> None:
        """Open at the follow-ups, the first one due chosen (from Home)."""
        self.tabs.setCurrentWidget(self.follow_ups_tab)
        self.follow_ups_tab.select_due()

    # -- acting ---------------------------------------------------------------------

    def _on_referral_activated(self) -> None:
        rows = self.referrals_table.selectionModel().selectedRows()
        if rows:
            chosen = self.referrals.row_at(rows[0].row())
            if chosen.case_id != self.case_id:
                self.case_requested.emit(chosen.case_id)

    def change_status(self) -> None:
        if self.case is None:
            return
        dialog = StatusDialog(self.vault, self.case, self)
        if dialog.exec() and self.vault.is_open:
            self.reload()

    def _selected_document(self) -> DocumentInfo | None:
        rows = self.documents_table.selectionModel().selectedRows()
        return self.documents.row_at(rows[0].row()) if rows else None

    def _act(self, call: Callable[[], object]) -> bool:
        """Run one change through its service; show what it refuses, else show the result."""
        self.error.clear()
        try:
            call()
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return False
        self.reload()
        return True

    def add_document(self, path: Path) -> bool:
        added = self._act(lambda: transfer_documents.add(self.vault, self.case_id, path))
        if added:
            self.tabs.setCurrentWidget(self.documents_tab)
        return added

    def save_document_copy(self, document: DocumentInfo, target: Path) -> bool:
        return self._act(lambda: transfer_documents.save_copy(self.vault, document.id, target))

    def remove_document(self, document: DocumentInfo, reason: str) -> bool:
        return self._act(lambda: transfer_documents.remove(self.vault, document.id, reason))

    def _on_add_document(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("Add a document from the sending MARAC"))
        if chosen:
            self.add_document(Path(chosen))

    def _on_save_document(self) -> None:
        document = self._selected_document()
        if document is None:
            self.error.setText(tr("Choose a document in the list first."))
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self, tr("Save a copy of {0}").format(document.filename), document.filename
        )
        if chosen:
            self.save_document_copy(document, Path(chosen))

    def _on_remove_document(self) -> None:
        document = self._selected_document()
        if document is None:
            self.error.setText(tr("Choose a document in the list first."))
            return
        reason, given = QInputDialog.getText(
            self,
            tr("Remove {0}").format(document.filename),
            tr("Why is this document removed? (The audit log keeps the reason.)"),
        )
        if given and QtAsker(self).confirm(
            tr("Remove the document"),
            tr("Remove {0} from this case? It cannot be brought back.").format(document.filename),
        ):
            self.remove_document(document, reason)

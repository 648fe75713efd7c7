"""The coordinator's view of one agency's research on one case: what it returned, each
earlier return it replaced, narrowing who may read an item, and typing in research an
agency phoned or emailed in."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.meetings import AgendaCase
from marac_desk.domain.research import ItemKind, Source
from marac_desk.errors import MaracDeskError
from marac_desk.storage import agencies, case_file, research, research_drafts
from marac_desk.storage.research import StoredItem, StoredReturn
from marac_desk.storage.vault import Vault
from marac_desk.ui.research_editor import ItemDialog, ResearchEditor, items_table
from marac_desk.ui.widgets import QtAsker, error_label, fit_to_screen, hint_label, show_error, tr


def when(stamp: str) -> str:
    """A recorded time (ISO) as a coordinator reads it: date and minutes."""
    return uk_date_time(stamp)


def return_line(found: StoredReturn) -> str:
    state = tr("Current") if found.current else tr("Replaced")
    line = tr("{0} · {1} · {2} by {3}").format(
        state, found.source.label, when(found.recorded_at), found.recorded_by
    )
    return f"{line} · {found.source_note}" if found.source_note else line


class ReturnDialog(QDialog):
    """One agency's research on one case, with its history (coordinator)."""

    def __init__(
        self,
        vault: Vault,
        meeting_id: int,
        case: AgendaCase,
        agency_code: str,
        names: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault, self.meeting_id, self.case, self.agency = vault, meeting_id, case, agency_code
        self.names = names
        self.recorded = False
        agency = names.get(agency_code, agency_code)
        self.setWindowTitle(tr("{0}: research on {1}").format(agency, case.reference))
        fit_to_screen(self, 940, 620)
        self.history = QListWidget()
        self.history.setAccessibleName(tr("Returns, newest last"))
        self.history.setMaximumHeight(110)
        self.history.currentRowChanged.connect(self._show_return)
        self.table = items_table(tr("What the agency returned"))
        self.table.insertColumn(0)
        self.table.setHorizontalHeaderItem(0, QTableWidgetItem(tr("Person")))
        self.narrow_button = QPushButton(tr("&Narrow who may read it…"))
        self.narrow_button.clicked.connect(self.narrow)
        self.record_button = QPushButton(tr("&Record phoned or emailed research…"))
        self.record_button.clicked.connect(self.record)
        self.note = hint_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.narrow_button)
        row.addWidget(self.record_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(tr("{0} · victim {1}").format(case.reference, case.victim or tr("not named")))
        )
        layout.addWidget(self.history)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.returns: list[StoredReturn] = []
        self.shown_items: list[StoredItem] = []
        self.reload()

    def reload(self) -> None:
        # The history read checks the caller may see this agency's research.
        self.returns = research.history(self.vault, self.meeting_id, self.case.case_id, self.agency)
        self.history.clear()
        for found in self.returns:
            self.history.addItem(return_line(found))
        if not self.returns:
            self.note.setText(tr("Nothing returned yet by this agency for this case."))
        self.history.setCurrentRow(len(self.returns) - 1)
        self._show_return(self.history.currentRow())

    def _show_return(self, row: int) -> None:
        found = self.returns[row] if 0 <= row < len(self.returns) else None
        self.narrow_button.setEnabled(bool(found and found.current))
        self.shown_items = []
        self.table.setRowCount(0)
        if found is None:
            return
        people = []
        for pid, (role, name, known) in found.people.items():
            items = [s for s in found.items if s.person_id == pid]
            self.shown_items.extend(items)
            people.append(f"{role.label} {name}: {known.label.lower()}")
            for stored in items:
                self._add_row(f"{role.label}: {name}", stored)
        self.table.resizeRowsToContents()
        nil = tr("Nil return. ") if found.content.is_nil else ""
        self.note.setText(nil + "; ".join(people))

    def _add_row(self, person: str, stored: StoredItem) -> None:
        item = stored.item
        row = self.table.rowCount()
        self.table.insertRow(row)
        held = item.kind is ItemKind.HELD
        cells = (
            person,
            item.kind.label,
            "" if held else item.nature.label,
            tr("Nobody: held back") if held else item.audience.label(self.names),
            item.body,
        )
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            self.table.setItem(row, column, cell)

    def narrow(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.shown_items):
            show_error(self, tr("Narrow who may read it"), tr("Choose an item first."))
            return
        stored = self.shown_items[row]
        dialog = ItemDialog(self.names, stored.item, self, audience_only=True)
        dialog.setWindowTitle(tr("Narrow who may read it"))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_item is None:
            return
        try:
            research.narrow_audience(self.vault, stored.item_id, dialog.result_item.audience)
        except MaracDeskError as exc:
            show_error(self, tr("Narrow who may read it"), str(exc))
            return
        self.reload()
        self.table.selectRow(row)

    def record(self) -> None:
        dialog = RecordReturnDialog(
            self.vault, self.meeting_id, [self.case], self.names, self.agency, self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.recorded = True
            self.reload()


class RecordReturnDialog(QDialog):
    """Research an agency phoned or emailed in, typed by the coordinator, who says who
    from. What is typed is kept as the coordinator's draft until it is saved."""

    def __init__(
        self,
        vault: Vault,
        meeting_id: int,
        cases: Sequence[AgendaCase],
        names: dict[str, str],
        agency_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault, self.meeting_id, self.cases = vault, meeting_id, list(cases)
        self.setWindowTitle(tr("Record phoned or emailed research"))
        fit_to_screen(self, 1000, 700)
        self.agency = QComboBox()
        self.agency.setAccessibleName(tr("Agency"))
        for listed in agencies.list_agencies(vault, include_inactive=False):
            self.agency.addItem(listed.name, listed.code.upper())
        if agency_code:
            self.agency.setCurrentIndex(self.agency.findData(agency_code))
        self.case = QComboBox()
        self.case.setAccessibleName(tr("Case"))
        for case in self.cases:
            self.case.addItem(f"{case.reference} · {case.victim}", case.case_id)
        self.phoned = QRadioButton(tr("&Phoned in"))
        self.emailed = QRadioButton(tr("E&mailed in"))
        self.phoned.setChecked(True)
        self.source_note = QLineEdit()
        self.source_note.setPlaceholderText(tr("For example: Dr Patel, GP surgery, 24 Nov 10:15"))
        how = QHBoxLayout()
        how.addWidget(self.phoned)
        how.addWidget(self.emailed)
        how.addStretch(1)
        form = QFormLayout()
        form.addRow(tr("&Agency"), self.agency)
        form.addRow(tr("&Case"), self.case)
        form.addRow(tr("How it came in"), how)
        form.addRow(tr("&From whom, and when"), self.source_note)
        self.editor = ResearchEditor(names, vault)
        self.status = hint_label()
        self.error = error_label()
        self.editor.draft_saved.connect(
            lambda problem: self.error.setText(
                tr("Draft not kept: {0}").format(problem) if problem else ""
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            tr("&Save the return"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("primary")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._loaded: tuple[int, str] | None = None
        self.has_return = False
        self.agency.currentIndexChanged.connect(lambda _i: self._load())
        self.case.currentIndexChanged.connect(lambda _i: self._load())
        self._load()

    def _chosen(self) -> tuple[int, str] | None:
        case_id, code = self.case.currentData(), self.agency.currentData()
        return (int(case_id), str(code)) if case_id is not None and code else None

    def _load(self) -> None:
        """Open the chosen agency and case: the draft if one is waiting, else what the
        agency returned before (to correct it), else a blank form."""
        self.editor.save_draft()
        chosen = self._chosen()
        self._loaded = chosen
        if chosen is None:
            return
        case_id, code = chosen
        try:
            current = research.current_return(self.vault, self.meeting_id, case_id, code)
            draft = research_drafts.load_draft(self.vault, self.meeting_id, case_id, code)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.has_return = current is not None
        self.editor.load(
            case_file.people(self.vault.conn, case_id),
            draft.content if draft else current.content if current else None,
            (self.meeting_id, case_id, code),
        )
        if draft:
            self.status.setText(tr("Your draft from {0}.").format(when(draft.saved_at)))
        elif current:
            self.status.setText(
                tr("Already returned ({0}). Saving replaces it; the earlier one is kept.").format(
                    return_line(current)
                )
            )
        else:
            self.status.setText(tr("Nothing returned yet by this agency for this case."))

    def save(self) -> None:
        if self._loaded is None:
            return
        case_id, code = self._loaded
        if self.has_return and not QtAsker(self).confirm(
            tr("Replace the earlier return?"),
            tr(
                "This agency already returned research for this case. Replace it? "
                "The earlier return is kept in the history."
            ),
        ):
            return
        source = Source.PHONE if self.phoned.isChecked() else Source.EMAIL
        try:
            research.save_return(
                self.vault,
                self.meeting_id,
                case_id,
                code,
                self.editor.content(),
                source=source,
                source_note=self.source_note.text(),
                replace=self.has_return,
            )
        except MaracDeskError as exc:
            self.editor.save_draft()
            self.error.setText(str(exc))
            return
        self.editor.forget_changes()
        self.accept()

    def reject(self) -> None:
        # Closing (or the window locking) keeps what was typed as the draft.
        self.editor.save_draft()
        super().reject()

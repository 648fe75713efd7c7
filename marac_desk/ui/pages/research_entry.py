"""Research for my agency (agency representatives): the cases their agency is asked to
research for coming meetings, and a form to enter what their records show.

A representative sees their own agency's research only: the list and every read behind
it come from services that check the agency, not from this page hiding rows. What is
typed is kept as the representative's own draft a moment after typing stops and before
the window locks, until they save it as their agency's return.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from marac_desk.domain.dates import long_date
from marac_desk.domain.research import Source, Standing, content_to_json
from marac_desk.errors import MaracDeskError
from marac_desk.storage import research, research_drafts
from marac_desk.storage.research_status import Assignment, assignments
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, make_table
from marac_desk.ui.research_editor import ResearchEditor
from marac_desk.ui.unsaved import UnsavedEdit
from marac_desk.ui.widgets import QtAsker, hint_label, show_error, tr


def _victim(a: Assignment) -> str:
    return a.people[0].name if a.people else ""


def _deadline(a: Assignment) -> str:
    deadline = a.meeting.details.research_deadline
    return long_date(deadline) if deadline else ""


COLUMNS: list[Column[Assignment]] = [
    Column(tr("Meeting"), lambda a: a.meeting.details.title),
    Column(tr("Research by"), _deadline),
    Column(tr("Case"), lambda a: a.reference),
    Column(tr("Victim"), _victim),
    Column(tr("Where it stands"), lambda a: a.standing.label),
]


class ResearchEntryPage(Page):
    title = tr("Research for my agency")
    intro = tr(
        "The cases your agency is asked to research for coming meetings. Choose a case, "
        "search your records for each person, and say for each whether they are known. "
        "What you type is kept as your draft until you save it as your agency's return."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.agency = research.own_agency(vault) or ""
        self.names = research.directory(vault.conn)
        self.title_note = hint_label(
            tr("Signed in for {0}.").format(self.names.get(self.agency, self.agency))
        )
        self.page_layout.addWidget(self.title_note)
        self.model: RowsModel[Assignment] = RowsModel(COLUMNS, self)
        self.table = make_table(tr("Cases to research"))
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._open_selected())
        self.editor = ResearchEditor(self.names, vault)
        self.status = hint_label()
        self.editor.changed.connect(
            lambda: self.status.setText(tr("Draft: changes are being kept…"))
        )
        self.editor.draft_saved.connect(self._on_draft_saved)
        self.save_button = QPushButton(tr("&Save as my agency's return"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save_return)
        self.discard_button = QPushButton(tr("Discard my draft"))
        self.discard_button.clicked.connect(self.discard_draft)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_return)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        column.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([180, 520])
        self.page_layout.addWidget(splitter, 1)
        self.assignment: Assignment | None = None
        self.has_return = False

    # -- list ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list and reopen the case that was open, fresh from the vault."""
        self.save_draft()
        keep = (
            (self.assignment.meeting.meeting_id, self.assignment.case_id)
            if self.assignment
            else None
        )
        self.assignment = None
        rows = assignments(self.vault, date.today())
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        chosen = next(
            (i for i, a in enumerate(rows) if (a.meeting.meeting_id, a.case_id) == keep), 0
        )
        if rows:
            self.table.selectRow(chosen)
            if self.assignment is None:  # the same row was already current: no signal
                self._open(rows[chosen])
        else:
            self.editor.load([], None)
            self.status.setText(tr("No research has been asked of your agency for now."))
        self._enable()

    def _enable(self) -> None:
        open_case = self.assignment is not None
        self.editor.setEnabled(open_case)
        self.save_button.setEnabled(open_case)
        self.discard_button.setEnabled(open_case)

    def _open_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        chosen = self.model.row_at(index.row())
        if self.assignment and (
            (chosen.meeting.meeting_id, chosen.case_id)
            == (self.assignment.meeting.meeting_id, self.assignment.case_id)
        ):
            return
        self.save_draft()
        self._open(chosen)

    def _open(self, chosen: Assignment) -> None:
        meeting_id = chosen.meeting.meeting_id
        try:
            current = research.current_return(self.vault, meeting_id, chosen.case_id, self.agency)
            draft = research_drafts.load_draft(self.vault, meeting_id, chosen.case_id, self.agency)
        except MaracDeskError as exc:
            show_error(self, tr("Research"), str(exc))
            return
        self.assignment = chosen
        self.has_return = current is not None
        content = draft.content if draft else (current.content if current else None)
        self.editor.load(chosen.people, content, (meeting_id, chosen.case_id, self.agency))
        if draft:
            text = tr("Your draft from {0}, not yet saved as your agency's return.").format(
                draft.saved_at[:16].replace("T", " ")
            )
        elif current:
            text = tr("Returned {0} ({1}). Saving again replaces it; the earlier one is kept.")
            text = text.format(current.recorded_at[:16].replace("T", " "), current.source.label)
        else:
            text = tr("Not returned yet.")
        if chosen.standing is Standing.OVERDUE:
            text = tr("Overdue. ") + text
        self.status.setText(text)
        self._enable()

    # -- saving -------------------------------------------------------------------

    def _on_draft_saved(self, problem: str) -> None:
        if problem:
            self.status.setText(tr("Draft not kept: {0}").format(problem))
        else:
            self.status.setText(
                tr("Draft kept. Save it as your agency's return when it is complete.")
            )

    def save_draft(self) -> None:
        """Keep what is typed as this representative's draft; never loses a word."""
        self.editor.save_draft()

    def save_return(self) -> None:
        chosen = self.assignment
        if chosen is None:
            return
        if self.has_return and not QtAsker(self).confirm(
            tr("Replace your agency's return?"),
            tr(
                "Your agency already returned research for {0}. Replace it with what is on "
                "screen? The earlier return is kept in the history."
            ).format(chosen.reference),
        ):
            return
        try:
            research.save_return(
                self.vault,
                chosen.meeting.meeting_id,
                chosen.case_id,
                self.agency,
                self.editor.content(),
                source=Source.SCREEN,
                replace=self.has_return,
            )
        except MaracDeskError as exc:
            self.save_draft()
            show_error(self, tr("Research not saved"), str(exc))
            return
        self.editor.forget_changes()
        self.refresh()
        self.status.setText(tr("Saved as your agency's return for {0}.").format(chosen.reference))

    def discard_draft(self) -> None:
        chosen = self.assignment
        if chosen is None or not QtAsker(self).confirm(
            tr("Discard your draft?"),
            tr("Throw away what you typed for {0} since it was last saved?").format(
                chosen.reference
            ),
        ):
            return
        self.editor.forget_changes()
        try:
            research_drafts.discard_draft(
                self.vault, chosen.meeting.meeting_id, chosen.case_id, self.agency
            )
        except MaracDeskError as exc:
            show_error(self, tr("Research"), str(exc))
        self._open(chosen)

    def commit_pending(self) -> list[UnsavedEdit]:
        self.save_draft()
        editor = self.editor
        if not editor.dirty or editor.target is None:
            return []
        meeting_id, case_id, agency = editor.target
        content = editor.content()
        reference = self.assignment.reference if self.assignment else ""
        return [
            UnsavedEdit(
                tr("Research for {0} (draft)").format(reference),
                editor.last_error,
                content_to_json(content),
                lambda vault: research_drafts.save_draft(
                    vault, meeting_id, case_id, agency, content
                ),
            )
        ]

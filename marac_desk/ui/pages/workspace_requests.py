"""Research requests, in an agency workspace: open a request file from the MARAC, search
the agency's records for each case's people, enter what they show, and send the research
back sealed to the MARAC. What is typed is kept in this workspace a moment after typing
stops and before the window locks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.dates import long_date, uk_date_time
from marac_desk.domain.research import ReturnContent, content_data
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import sealed, workspace
from marac_desk.exchange.research_files import Request
from marac_desk.exchange.workspace import RequestSummary
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, fit_columns, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.research_editor import ResearchEditor
from marac_desk.ui.unsaved import UnsavedEdit
from marac_desk.ui.widgets import QtAsker, hint_label, show_error, show_info, tr

REQUEST_FILTER = tr("Research request files (*{0})").format(sealed.SUFFIX)


def _day(iso: str) -> str:
    return long_date(date.fromisoformat(iso)) if iso else ""


COLUMNS: list[Column[RequestSummary]] = [
    Column(tr("Meeting"), lambda r: _day(r.meeting_date)),
    Column(tr("From"), lambda r: r.marac_name),
    Column(tr("Research by"), lambda r: _day(r.deadline)),
    Column(tr("Cases"), lambda r: str(r.cases)),
    Column(tr("Cases entered"), lambda r: str(r.researched)),
    Column(
        tr("Sent back"), lambda r: uk_date_time(r.returned_at) if r.returned_at else tr("Not yet")
    ),
]


class WorkspaceRequestsPage(Page):
    title = tr("Research requests")
    intro = tr(
        "Requests from the MARAC for your agency's research. Open the file you were sent, "
        "choose a case, search your records for each person and say whether they are known. "
        "When you have finished, send the research return back to the MARAC."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.info = workspace.info(vault)
        buttons = QHBoxLayout()
        open_button = QPushButton(tr("&Open a request file…"))
        open_button.clicked.connect(self.choose_file)
        buttons.addWidget(open_button)
        buttons.addStretch(1)
        self.page_layout.addLayout(buttons)
        self.model: RowsModel[RequestSummary] = RowsModel(COLUMNS, self)
        self.table = make_table(tr("Research requests"))
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._request_chosen())
        self.cases = QListWidget()
        self.cases.setAccessibleName(tr("Cases in this request"))
        self.cases.setMaximumWidth(260)
        self.cases.setWordWrap(True)
        self.cases.currentRowChanged.connect(self._case_chosen)
        self.editor = ResearchEditor({}, vault, store=self._store)
        self.status = hint_label()
        self.editor.changed.connect(lambda: self.status.setText(tr("Keeping your changes…")))
        self.editor.draft_saved.connect(self._on_saved)
        self.send_button = QPushButton(tr("&Send research return…"))
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self.send_return)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 6, 0, 0)
        middle = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("Cases")))
        left.addWidget(self.cases, 1)
        middle.addLayout(left)
        middle.addWidget(self.editor, 1)
        column.addLayout(middle, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.send_button)
        column.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([140, 560])
        self.page_layout.addWidget(splitter, 1)
        self.request_id: int | None = None
        self.request: Request | None = None
        self.entered: dict[int, ReturnContent] = {}

    # -- the list of requests -----------------------------------------------------------

    def refresh(self, keep: int | None = None) -> None:
        self.editor.save_draft()
        keep = keep if keep is not None else self.request_id
        rows = workspace.requests(self.vault)
        self.model.set_rows(rows)
        fit_columns(self.table)
        chosen = next((i for i, r in enumerate(rows) if r.request_id == keep), 0)
        self.request_id = None
        if rows:
            self.table.selectRow(chosen)
            if self.request_id is None:
                self._open(rows[chosen].request_id)
        else:
            self.request = None
            self.cases.clear()
            self.editor.load([], None)
            self.status.setText(
                tr("No research request opened yet: open the file the MARAC sent you.")
            )
        self._enable()

    def _enable(self) -> None:
        has_case = self.editor.target is not None
        self.editor.setEnabled(has_case)
        self.send_button.setEnabled(self.request is not None)

    def _request_chosen(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            chosen = self.model.row_at(index.row()).request_id
            if chosen != self.request_id:
                self.editor.save_draft()
                self._open(chosen)

    def _open(self, request_id: int) -> None:
        try:
            request, entered = workspace.load_request(self.vault, request_id)
        except MaracDeskError as exc:
            show_error(self, tr("Research request"), str(exc))
            return
        self.request_id, self.request, self.entered = request_id, request, entered
        self.editor.names = dict(request.directory)
        self.cases.blockSignals(True)
        self.cases.clear()
        for case in request.cases:
            victim = case.people[0].name if case.people else ""
            item = QListWidgetItem(self._case_text(case.case_id, case.reference, victim))
            item.setData(Qt.ItemDataRole.UserRole, case.case_id)
            self.cases.addItem(item)
        self.cases.blockSignals(False)
        self.cases.setCurrentRow(0)
        self._case_chosen(0)

    def _case_text(self, case_id: int, reference: str, victim: str) -> str:
        state = tr("entered") if case_id in self.entered else tr("not started")
        return f"{reference}\n{victim}\n    {state}"

    def _case_chosen(self, row: int) -> None:
        request = self.request
        if request is None or not 0 <= row < len(request.cases):
            self.editor.load([], None)
            self._enable()
            return
        self.editor.save_draft()
        case = request.cases[row]
        self.editor.load(
            case.people,
            self.entered.get(case.case_id),
            (self.request_id or 0, case.case_id, request.agency_code),
        )
        deadline = long_date(request.deadline) if request.deadline else tr("no deadline given")
        self.status.setText(
            tr("{0}, for the meeting on {1}; research by {2}.").format(
                case.reference, request.meeting_title, deadline
            )
        )
        self._enable()

    # -- keeping and sending ----------------------------------------------------------

    def _store(self, target: tuple[int, int, str], content: ReturnContent) -> None:
        request_id, case_id, _ = target
        workspace.save_research(self.vault, request_id, case_id, content)
        if request_id == self.request_id:
            self.entered[case_id] = content

    def _on_saved(self, problem: str) -> None:
        if problem:
            self.status.setText(tr("Not kept: {0}").format(problem))
            return
        self.status.setText(tr("Kept in this workspace. Send the return when you have finished."))
        row = self.cases.currentRow()
        if self.request is not None and 0 <= row < len(self.request.cases):
            case = self.request.cases[row]
            victim = case.people[0].name if case.people else ""
            self.cases.item(row).setText(self._case_text(case.case_id, case.reference, victim))
        # The list's count of cases entered, without reopening the request being typed in.
        keep = self.table.currentIndex().row()
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(workspace.requests(self.vault))
        if keep >= 0:
            self.table.selectRow(keep)
        self.table.selectionModel().blockSignals(False)

    def choose_file(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self, tr("Open a research request"), "", REQUEST_FILTER
        )
        if source:
            self.open_file(Path(source))

    def open_file(self, path: Path) -> int | None:
        try:
            data = sealed.read_file(path)
            request_id = workspace.open_request(self.vault, data, path.name)
        except OSError as exc:
            show_error(
                self, tr("Research request"), tr("{0} cannot be read: {1}").format(path.name, exc)
            )
            return None
        except MaracDeskError as exc:
            show_error(self, tr("Research request not opened"), str(exc))
            return None
        self.refresh(keep=request_id)
        return request_id

    def send_return(self) -> None:
        if self.request_id is None or self.request is None:
            return
        self.editor.save_draft()
        if self.editor.last_error:
            show_error(self, tr("Research return"), self.editor.last_error)
            return
        found = workspace.info(self.vault)
        unconfirmed = not found.marac_confirmed_at
        if unconfirmed and not QtAsker(self).confirm(
            tr("Send to an unconfirmed key?"),
            tr(
                "No one has confirmed the MARAC's fingerprint ({0}) by phone. If its key card "
                "did not come from {1}, someone else could read this research. Send anyway?"
            ).format(found.marac_fingerprint, found.marac_name),
        ):
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Save the research return into"))
        if not folder:
            return
        try:
            path, count = workspace.make_return(
                self.vault, self.request_id, Path(folder), unconfirmed=unconfirmed
            )
        except MaracDeskError as exc:
            show_error(self, tr("Research return not made"), str(exc))
            return
        self.refresh()
        show_info(
            self,
            tr("Research return made"),
            plural(
                "The research for %n case(s) is sealed to {0} in\n{1}\n\nOnly the MARAC "
                "can open it: send it by secure email or your usual route.",
                count,
            ).format(found.marac_name, path),
        )

    def commit_pending(self) -> list[UnsavedEdit]:
        self.editor.save_draft()
        editor = self.editor
        if not editor.dirty or editor.target is None:
            return []
        request_id, case_id, _ = editor.target
        content = editor.content()
        reference = next(
            (
                c.reference
                for c in (self.request.cases if self.request else ())
                if c.case_id == case_id
            ),
            "",
        )
        return [
            UnsavedEdit(
                tr("Research for {0}").format(reference),
                editor.last_error,
                json.dumps(content_data(content)),
                lambda vault: workspace.save_research(vault, request_id, case_id, content),
            )
        ]

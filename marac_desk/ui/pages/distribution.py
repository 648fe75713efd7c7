"""Minutes and distribution: after a meeting closes, every agency with what it will be
sent, a preview of each version, the export of all of them in one step, and the log of
what was sent, when and how. The services decide who receives what; this page shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QWidget,
)

from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.distribution import Recipient
from marac_desk.domain.minutes import cases_for
from marac_desk.domain.minutes_files import DocumentKind, Format
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import minutes_export
from marac_desk.storage import conference, distribution, meetings, minutes, printed
from marac_desk.storage.distribution import LogEntry, Produced
from marac_desk.storage.vault import Vault
from marac_desk.ui.minutes_preview import PreviewDialog
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, fit_columns, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.unsaved import UnsavedEdit
from marac_desk.ui.widgets import (
    add_button,
    attempt,
    error_label,
    form_dialog,
    hint_label,
    show_error,
    show_info,
    tr,
    wrap_rows,
)


def _waiting(line: Line) -> bool:
    """An agency whose minutes can go neither as they are nor left out: no agreement, no
    reason given, not left out."""
    return line.recipient.needs_override and not line.override and not line.left_out


@dataclass(frozen=True)
class Line:
    """One recipient as the page lists it."""

    recipient: Recipient
    cases: int
    override: str
    files: tuple[LogEntry, ...]
    left_out: bool = False  # not written in this export (its agreement is not current)

    @property
    def sent(self) -> str:
        sent = [e for e in self.files if e.sent_at]
        if not self.files:
            return tr("Not exported")
        if len(sent) < len(self.files):
            return plural("{0} of %n file(s) sent", len(self.files)).format(len(sent))
        return tr("Sent {0}: {1}").format(uk_date_time(sent[-1].sent_at or ""), sent[-1].sent_how)


def _agreement(line: Line) -> str:
    if line.left_out:
        return tr("{0}. Left out of this export").format(line.recipient.agreement)
    if not line.recipient.needs_override:
        return tr("Current") if line.recipient.code else ""
    if line.override:
        return tr("{0}. Sending anyway: {1}").format(line.recipient.agreement, line.override)
    return tr("{0}: give a reason to send").format(line.recipient.agreement)


COLUMNS: list[Column[Line]] = [
    Column(tr("Recipient"), lambda line: line.recipient.name),
    Column(tr("Receives"), lambda line: line.recipient.kind.label),
    Column(tr("Cases"), lambda line: line.cases, lambda line: line.cases),
    Column(tr("Password"), lambda line: tr("Yes") if line.recipient.protected else tr("No")),
    Column(tr("Sent"), lambda line: line.sent),
    # Last, so that it stretches and wraps: the reasons can be long.
    Column(
        tr("Information-sharing agreement"),
        _agreement,
        alert=lambda line: line.recipient.needs_override and not line.override,
    ),
]
FILE_COLUMNS: list[Column[LogEntry]] = [
    Column(tr("Document id"), lambda e: e.produced.document_id),
    Column(tr("For"), lambda e: e.produced.agency_code or tr("MARAC record")),
    Column(tr("What"), lambda e: f"{e.produced.kind.label} ({e.produced.format.value.upper()})"),
    Column(tr("Made"), lambda e: f"{uk_date_time(e.produced_at)} by {e.produced_by}"),
    Column(
        tr("Sent"),
        lambda e: f"{e.sent_at}: {e.sent_how}" if e.sent_at else tr("Not recorded"),
        alert=lambda e: e.sent_at is None,
    ),
    # Last, so that it takes the room left: file names are long.
    Column(tr("File"), lambda e: e.produced.file_name),
]


class _Signals(QObject):
    progressed = Signal(str, float)
    finished = Signal()


class _WriteJob(QRunnable):
    """Renders and writes the files away from the window's thread. It holds plain data
    only (the plan) and never touches the vault or a widget."""

    def __init__(self, plan: minutes_export.ExportPlan) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the page reads the outcome after the run
        self.plan = plan
        self.signals = _Signals()
        # The outcome, kept as well as signalled: a lock waits for the job and records
        # its files at once, before the signal could be delivered.
        self.produced: list[Produced] | None = None
        self.problem = ""

    def run(self) -> None:
        try:
            self.produced = minutes_export.write(
                plan=self.plan, progress=self.signals.progressed.emit
            )
        except MaracDeskError as exc:
            self.problem = str(exc)
        self.signals.finished.emit()


class DistributionPage(Page):
    title = tr("Minutes and distribution")
    intro = tr(
        "After a meeting closes: each agency's version of the minutes holds only the cases "
        "it is involved in and what it may read. Preview any version, export them all into "
        "one folder, then record how each was sent. Every file carries a document id that "
        "leads back to this log."
    )
    export_finished = Signal(int)  # how many files were written

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.overrides: dict[str, str] = {}
        self.left_out: set[str] = set()  # agencies this export leaves out
        self.meeting = QComboBox()
        self.meeting.setAccessibleName(tr("Meeting"))
        self.meeting.currentIndexChanged.connect(lambda _: self._load())
        top = QHBoxLayout()
        chooser = QLabel(tr("&Meeting"))
        chooser.setBuddy(self.meeting)
        top.addWidget(chooser)
        top.addWidget(self.meeting, 1)
        self.pdf = QCheckBox(tr("PDF"))
        self.docx = QCheckBox(tr("DOCX"))
        for box in (self.pdf, self.docx):
            box.setChecked(True)
            top.addWidget(box)
        self.page_layout.addLayout(top)
        self.state = hint_label()
        self.page_layout.addWidget(self.state)
        buttons = QHBoxLayout()
        self.preview_button = add_button(buttons, tr("&Preview…"), self.preview, "Ctrl+P")
        add_button(buttons, tr("Minutes or &action plan"), self.switch_kind)
        add_button(buttons, tr("&Send without agreement…"), self.give_override)
        self.leave_out_button = add_button(buttons, tr("&Leave out"), self.toggle_left_out)
        self.leave_out_button.setToolTip(
            tr("Leave the chosen agency out of this export, or put it back")
        )
        buttons.addStretch(1)
        self.export_button = add_button(buttons, tr("&Export all…"), self.export_all, "Ctrl+E")
        self.page_layout.addLayout(buttons)
        self.model: RowsModel[Line] = RowsModel(COLUMNS, self)
        self.table = make_table(tr("Recipients"))
        self.table.setSortingEnabled(False)  # the record first, then agencies by name
        self.table.setModel(self.model)
        self.table.activated.connect(lambda _: self.preview())
        wrap_rows(self.table)
        self.page_layout.addWidget(self.table, 3)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.page_layout.addWidget(self.progress)
        self.error = error_label()
        self.page_layout.addWidget(self.error)
        logged = QHBoxLayout()
        logged.addWidget(QLabel(tr("Files made for this meeting")), 1)
        add_button(logged, tr("&Record sending…"), self.record_sending)
        add_button(logged, tr("Find a &document id…"), self.find_document, "Ctrl+F")
        self.page_layout.addLayout(logged)
        self.files: RowsModel[LogEntry] = RowsModel(FILE_COLUMNS, self)
        self.file_table = make_table(tr("Files made"))
        self.file_table.setSortingEnabled(False)  # as made: the record first, then agencies
        # The end of a file name says what it is ("Action plan - MARAC record.pdf").
        self.file_table.setWordWrap(False)  # wrapped text is cut at its end regardless
        self.file_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_table.setSelectionMode(self.file_table.SelectionMode.ExtendedSelection)
        self.file_table.setModel(self.files)
        self.page_layout.addWidget(self.file_table, 2)
        self.pool = QThreadPool(self)
        self._job: _WriteJob | None = None

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.meeting.currentData()
        self.meeting.blockSignals(True)
        self.meeting.clear()
        for meeting in meetings.listed(self.vault):  # newest first
            held = conference.read(self.vault.conn, meeting.meeting_id)
            if held is None:
                continue
            state = tr("closed") if held.closed else tr("not closed yet")
            self.meeting.addItem(f"{meeting.details.title} ({state})", meeting.meeting_id)
        self.meeting.blockSignals(False)
        found = self.meeting.findData(chosen)
        self.meeting.setCurrentIndex(max(found, 0))
        self._load()

    def meeting_id(self) -> int | None:
        value = self.meeting.currentData()
        return int(value) if value is not None else None

    def _load(self) -> None:
        self.error.clear()
        meeting_id = self.meeting_id()
        if meeting_id is None:
            self.model.clear()
            self.files.clear()
            self.state.setText(tr("No meeting has been held yet: minutes come from a meeting."))
            self.export_button.setEnabled(False)
            return
        facts = minutes.gather(self.vault, meeting_id)
        plan = distribution.plan(self.vault, facts, date.today())
        logged = distribution.entries(self.vault, meeting_id)
        lines = []
        for recipient in plan:
            files = tuple(
                e
                for e in logged
                if e.produced.agency_code == recipient.code and e.produced.kind is recipient.kind
            )
            cases = len(cases_for(facts, recipient.code))
            lines.append(
                Line(
                    recipient,
                    cases,
                    self.overrides.get(recipient.code, ""),
                    files,
                    recipient.code in self.left_out,
                )
            )
        self.model.set_rows(lines)
        for column in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()
        self.files.set_rows(logged)
        fit_columns(self.file_table)
        held = conference.read(self.vault.conn, meeting_id)
        closed = held is not None and held.closed
        self.export_button.setEnabled(closed)
        waiting = sum(1 for line in lines if _waiting(line))
        agencies = sum(1 for line in lines if line.recipient.code)
        discussed = sum(1 for case in facts.cases if case.discussed)
        text = plural("%n agenc(y/ies) (receives/receive) minutes; ", agencies) + plural(
            "%n case(s) discussed", discussed
        )
        waiting_cases = len(facts.cases) - discussed
        text += (
            tr(", {0} not reached (carried to the next meeting).").format(waiting_cases)
            if waiting_cases
            else "."
        )
        if not closed:
            text += " " + tr("Close the meeting before exporting; you can preview now.")
        if waiting:
            text += " " + tr("{0} without a current information-sharing agreement.").format(waiting)
        self.state.setText(text)

    def chosen(self) -> Line | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # -- actions ----------------------------------------------------------------------

    def preview(self) -> None:
        line, meeting_id = self.chosen(), self.meeting_id()
        if line is None or meeting_id is None:
            return
        try:
            document = minutes_export.preview(
                self.vault, meeting_id, line.recipient.code, line.recipient.kind
            )
        except MaracDeskError as exc:
            show_error(self, tr("Preview"), str(exc))
            return
        code = line.recipient.code
        PreviewDialog(
            document,
            self,
            lambda: printed.record(
                self.vault, "minutes", meeting_id=meeting_id, agency=code or "MARAC record"
            ),
        ).exec()

    def switch_kind(self) -> None:
        line = self.chosen()
        if line is None or not line.recipient.code:
            return  # the MARAC's record is always the full minutes
        kind = (
            DocumentKind.MINUTES
            if line.recipient.kind is DocumentKind.ACTIONS
            else DocumentKind.ACTIONS
        )
        if attempt(
            lambda: distribution.set_receives(self.vault, line.recipient.code, kind), self.error
        ):
            self._reload_keeping(line)

    def give_override(self) -> None:
        line = self.chosen()
        if line is None or not line.recipient.needs_override:
            return
        reason, ok = QInputDialog.getText(
            self,
            tr("Send without a current agreement"),
            tr(
                "{0}: {1}.\nSay why the minutes go to this agency anyway. The reason is "
                "kept with each file in the distribution log."
            ).format(line.recipient.name, line.recipient.agreement),
            QLineEdit.EchoMode.Normal,
            line.override,
        )
        if ok:
            self.overrides[line.recipient.code] = reason.strip()
            self.left_out.discard(line.recipient.code)
            self._reload_keeping(line)

    def toggle_left_out(self) -> None:
        """Leave the chosen agency out of this export (or put it back): its minutes wait
        until its agreement is renewed, while everyone else's go now."""
        line = self.chosen()
        if line is None or not line.recipient.code:
            return  # the MARAC's own record is always made
        if line.recipient.code in self.left_out:
            self.left_out.discard(line.recipient.code)
        else:
            self.left_out.add(line.recipient.code)
        self._reload_keeping(line)

    def _reload_keeping(self, line: Line) -> None:
        row = self.table.currentIndex().row()
        self._load()
        self.table.selectRow(row)

    def formats(self) -> list[Format]:
        chosen = [(self.pdf, Format.PDF), (self.docx, Format.DOCX)]
        return [fmt for box, fmt in chosen if box.isChecked()]

    def choose_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, tr("Export the minutes into"))
        return Path(folder) if folder else None

    def export_all(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id is None or self._job is not None:
            return
        waiting = [line for line in self.model.rows() if _waiting(line)]
        if waiting:
            # Said before a folder is chosen: nothing about the folder would change it.
            self.error.setText(
                tr(
                    "These agencies have no current information-sharing agreement: {0}.\n\n"
                    "For each, choose Send without agreement… and say why, or Leave out to "
                    "export everyone else's now and theirs once the agreement is renewed."
                ).format(", ".join(line.recipient.name for line in waiting))
            )
            return
        folder = self.choose_folder()
        if folder is None:
            return
        try:
            plan = self._prepare(meeting_id, folder, replace=False)
        except MaracDeskError as exc:
            if "already holds" not in str(exc):
                self.error.setText(str(exc))
                return
            replace = QMessageBox.question(
                self,
                tr("Replace the files?"),
                str(exc).replace(tr("Choose an empty folder, or replace them."), "")
                + tr("\n\nReplace them with new files?"),
            )
            if replace != QMessageBox.StandardButton.Yes:
                return
            try:
                plan = self._prepare(meeting_id, folder, replace=True)
            except MaracDeskError as again:
                self.error.setText(str(again))
                return
        self._start(plan)

    def _prepare(self, meeting_id: int, folder: Path, replace: bool) -> minutes_export.ExportPlan:
        return minutes_export.prepare(
            self.vault,
            meeting_id,
            folder,
            agencies=[
                line.recipient.code
                for line in self.model.rows()
                if line.recipient.code and not line.left_out
            ],
            formats=self.formats(),
            overrides=self.overrides,
            replace=replace,
        )

    def _start(self, plan: minutes_export.ExportPlan) -> None:
        self.error.clear()
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        job = _WriteJob(plan)
        job.signals.progressed.connect(self._on_progressed)
        # A method of the page (not a lambda), so that Qt delivers it on the page's thread:
        # logging the files uses the vault, which stays on its owner thread.
        job.signals.finished.connect(self._on_job_finished)
        self._job = job
        self.pool.start(job)

    def _on_progressed(self, message: str, fraction: float) -> None:
        self.progress.setFormat(message)
        self.progress.setValue(int(fraction * 100))

    def _on_job_finished(self) -> None:
        if self._job is not None:
            self._finish(self._job)

    def _finish(self, job: _WriteJob, *, quietly: bool = False) -> None:
        """Log the files the job wrote (or remove them if the log cannot be written),
        once: on its signal, or at once when the window locks during the export."""
        if self._job is not job:
            return  # already finished
        self._job = None
        produced = job.produced
        if produced is not None:
            try:
                minutes_export.record(self.vault, job.plan, produced)
            except MaracDeskError as exc:
                job.problem = str(exc) + " " + tr("The files were removed.")
        if quietly:
            return
        self.progress.setVisible(False)
        self._load()
        if job.problem:
            self.error.setText(job.problem)
            return
        count = len(produced or [])
        self.export_finished.emit(count)
        show_info(
            self,
            tr("Minutes exported"),
            plural(
                "%n file(s) (was/were) written to {0} and logged. Record how each was sent.",
                count,
            ).format(job.plan.folder),
        )

    def record_sending(self) -> None:
        rows = sorted({i.row() for i in self.file_table.selectionModel().selectedRows()})
        entries = [self.files.row_at(r) for r in rows]
        if not entries:
            self.error.setText(tr("Choose the files that were sent in the list below."))
            return
        if SentDialog(self.vault, entries, self).exec() == QDialog.DialogCode.Accepted:
            self._load()

    def find_document(self) -> None:
        text, ok = QInputDialog.getText(
            self,
            tr("Find a document id"),
            tr("The document id printed in the footer of every page (MD-…):"),
        )
        if not ok or not text.strip():
            return
        try:
            entry = distribution.find(self.vault, text)
        except MaracDeskError as exc:
            show_error(self, tr("Find a document id"), str(exc))
            return
        if entry is None:
            show_info(
                self,
                tr("Find a document id"),
                tr("No file with the id {0} was made from this vault.").format(text.strip()),
            )
            return
        show_info(self, tr("Find a document id"), describe(entry))

    def commit_pending(self) -> list[UnsavedEdit]:
        """Before the window locks: an export in progress is waited for and its files
        logged, so that no file exists that the distribution log does not know."""
        job = self._job
        if job is not None:
            self.pool.waitForDone()
            self._finish(job, quietly=True)
        return []


def describe(entry: LogEntry) -> str:
    made = entry.produced
    lines = [
        tr("Document {0}").format(made.document_id),
        tr("Meeting on {0}").format(entry.meeting_date),
        tr("For: {0} ({1})").format(made.agency_code or tr("MARAC record"), made.kind.label),
        tr("File: {0}").format(made.file_name),
        tr("Made by {0} at {1}").format(entry.produced_by, uk_date_time(entry.produced_at)),
    ]
    if made.override:
        lines.append(tr("Sent without a current agreement because: {0}").format(made.override))
    if entry.sent_at:
        lines.append(tr("Sent {0}: {1} ({2})").format(entry.sent_at, entry.sent_how, entry.sent_by))
    else:
        lines.append(tr("Sending not recorded"))
    return "\n".join(lines)


class SentDialog(QDialog):
    """When and how the chosen files were sent."""

    def __init__(
        self, vault: Vault, entries: list[LogEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.entries = entries
        self.setWindowTitle(tr("Record sending"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setAccessibleName(tr("Sent on"))
        self.how = QLineEdit()
        self.how.setAccessibleName(tr("How"))
        self.how.setPlaceholderText(tr("For example: secure email to the agency's SPOC"))
        form = QFormLayout()
        form.addRow(tr("Files"), QLabel(tr("{0} chosen").format(len(entries))))
        form.addRow(tr("Sent &on"), self.day)
        form.addRow(tr("&How"), self.how)
        self.error = form_dialog(self, form, self._save)

    def _save(self) -> None:
        ids = [e.entry_id for e in self.entries]
        day = self.day.date().toPython()
        assert isinstance(day, date)
        if attempt(
            lambda: distribution.record_sent(self.vault, ids, day, self.how.text()), self.error
        ):
            self.accept()

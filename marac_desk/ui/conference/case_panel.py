"""The case under discussion: its combined summary beside what the meeting records
(notes, information shared, risks, outcome, actions). Typing is saved a moment after it
stops, and before anything else happens (next case, lock, leaving)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.actions import Action
from marac_desk.domain.conference import RISK_FIELDS, CaseRecord, RiskLevel, SharedInfo
from marac_desk.errors import MaracDeskError
from marac_desk.storage.conference import RecordConflictError
from marac_desk.ui.conference.conflict import ConflictChoice, ConflictDialog
from marac_desk.ui.conference.entry import agency_box, chosen_agency, select_agency
from marac_desk.ui.models import ALERT
from marac_desk.ui.widgets import KeyMap, add_button, error_label, hint_label, tr, wrap_rows

# Short enough that a note typed before a crash is kept; long enough not to write on
# every key (each save is a committed, synced transaction).
SAVE_AFTER_MS = 400

TABS = (
    ("Alt+1", tr("Notes")),
    ("Alt+2", tr("Information shared")),
    ("Alt+3", tr("Risks")),
    ("Alt+4", tr("Outcome")),
    ("Alt+5", tr("Actions")),
)


def _table(headers: list[str], name: str) -> QTableWidget:
    """A list whose last column is the text that matters: it takes the width left over
    and wraps, so nothing scrolls sideways on a laptop screen."""
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    wrap_rows(table)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], alerts: Sequence[int] = ()) -> None:
    """`alerts`: rows drawn in the alert colour (something is missing from them)."""
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if r in alerts:
                item.setForeground(ALERT)
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def _text_box(name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    return box


class CasePanel(QWidget):
    """Shows one case at a time; `save` is called with the record as typed and the record
    as last read or saved (so that a newer save by someone else is never overwritten)."""

    saved = Signal(str)  # when the last save was committed (ISO time)
    save_failed = Signal(str)

    def __init__(
        self,
        names: Mapping[str, str],
        save: Callable[[CaseRecord, CaseRecord], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.names = dict(names)
        self.save = save
        self._loading = False
        self._dirty = False
        self._record = CaseRecord()
        self.seconds: Callable[[], int] = lambda: self._record.seconds
        self.shared_items: list[SharedInfo] = []
        self.action_items: list[Action] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.flush)

        self.summary = QTextBrowser()
        self.summary.setObjectName("conferenceSummary")
        self.summary.setAccessibleName(tr("Combined case summary"))
        self.summary.setOpenLinks(False)

        self.notes = _text_box(tr("Notes"))
        self.notes.setPlaceholderText(
            tr("Notes as the case is discussed: saved as you type, never shown on a shared screen.")
        )
        self.risk_boxes: dict[str, QPlainTextEdit] = {}
        risks = QFormLayout()
        for name, label in RISK_FIELDS:
            box = _text_box(tr(label))
            box.setMinimumHeight(70)
            self.risk_boxes[name] = box
            risks.addRow(tr(label), box)
        self.level = QComboBox()
        self.level.setAccessibleName(tr("Risk level agreed"))
        for level in RiskLevel:
            self.level.addItem(level.label, level)
        self.informs = agency_box(
            self.names, tr("Agency that informs the victim"), tr("(nobody yet)")
        )
        self.informs_person = QLineEdit()
        self.informs_person.setAccessibleName(tr("Person who informs the victim"))
        outcome = QFormLayout()
        outcome.addRow(tr("Risk &level agreed"), self.level)
        outcome.addRow(tr("Who &informs the victim"), self.informs)
        outcome.addRow(tr("Named &person"), self.informs_person)

        self.shared_table = _table(
            [tr("Agency"), tr("Who may read it"), tr("What was shared")], tr("Information shared")
        )
        self.action_table = _table([tr("Owner"), tr("Deadline"), tr("Action")], tr("Actions"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.addTab(self.notes, tr("&1 Notes"))
        self.shared_page, self.shared_buttons = self._list_page(
            self.shared_table, tr("Add what an agency shared (Ctrl+Shift+I)")
        )
        self.tabs.addTab(self.shared_page, tr("&2 Shared"))
        risk_page = QWidget()
        risk_page.setLayout(risks)
        self.tabs.addTab(risk_page, tr("&3 Risks"))
        outcome_page = QWidget()
        outcome_column = QVBoxLayout(outcome_page)
        outcome_column.addLayout(outcome)
        outcome_column.addStretch(1)
        self.tabs.addTab(outcome_page, tr("&4 Outcome"))
        self.action_page, self.action_buttons = self._list_page(
            self.action_table, tr("Add an action (Ctrl+Shift+A)")
        )
        self.tabs.addTab(self.action_page, tr("&5 Actions"))
        self.tabs.currentChanged.connect(self._focus_tab)

        self.error = error_label()
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.tabs, 1)
        right_column.addWidget(self.error)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.summary)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([520, 640])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(splitter, 1)

        for box in (self.notes, *self.risk_boxes.values()):
            box.textChanged.connect(self._on_typed)
        self.informs_person.textChanged.connect(self._on_typed)
        self.level.currentIndexChanged.connect(self._on_chosen)
        self.informs.currentIndexChanged.connect(self._on_chosen)
        line = self.informs.lineEdit()
        if line is not None:
            line.editingFinished.connect(self._on_chosen)

        # Callbacks the view provides for the lists (dialogs save through the services).
        self.on_add_shared: Callable[[SharedInfo | None], None] = lambda _: None
        self.on_remove_shared: Callable[[SharedInfo], None] = lambda _: None
        self.on_add_action: Callable[[Action | None], None] = lambda _: None
        self.on_remove_action: Callable[[Action], None] = lambda _: None
        self._list_keys()

    def _list_page(self, table: QTableWidget, hint: str) -> tuple[QWidget, QHBoxLayout]:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(hint_label(hint + tr(" · Enter changes the chosen line · Del removes it")))
        column.addWidget(table, 1)
        buttons = QHBoxLayout()
        column.addLayout(buttons)
        return page, buttons

    def _list_keys(self) -> None:
        for table, change, remove in (
            (self.shared_table, self._change_shared, self._remove_shared),
            (self.action_table, self._change_action, self._remove_action),
        ):
            KeyMap(table, {"Return": change, "Enter": change, "Del": remove})
            table.doubleClicked.connect(lambda _i, c=change: c())
        add_button(self.shared_buttons, tr("Add…"), lambda: self.on_add_shared(None))
        add_button(self.action_buttons, tr("Add…"), lambda: self.on_add_action(None))

    # -- showing a case -------------------------------------------------------------

    def show_case(
        self,
        summary_html: str,
        record: CaseRecord,
        frozen: bool,
        laid_out: QTextDocument | None = None,
    ) -> None:
        """Show another case. The view flushes the last one first: saving here would
        write the old case's typing under the new case. `laid_out`: the summary's HTML
        already laid out (next_summary), a child of the summary box."""
        if laid_out is not None:
            self.summary.setDocument(laid_out)  # the document it replaces, a child, goes
        else:
            self.summary.setHtml(summary_html)
        self._fill(record)
        self.set_frozen(frozen)

    def _fill(self, record: CaseRecord) -> None:
        self._loading = True
        try:
            self._record = record
            self.notes.setPlainText(record.notes)
            for name, box in self.risk_boxes.items():
                box.setPlainText(getattr(record, name))
            self.level.setCurrentIndex(self.level.findData(record.risk_level))
            select_agency(self.informs, record.informs_agency)
            self.informs_person.setText(record.informs_person)
        finally:
            self._loading = False
        self._dirty = False
        self.error.clear()

    def set_frozen(self, frozen: bool) -> None:
        for box in (self.notes, *self.risk_boxes.values()):
            box.setReadOnly(frozen)
        self.informs_person.setReadOnly(frozen)
        self.level.setEnabled(not frozen)
        self.informs.setEnabled(not frozen)

    def show_lists(
        self, shared: list[SharedInfo], actions: list[Action], warn: Callable[[Action], list[str]]
    ) -> None:
        self.shared_items = shared
        self.action_items = actions
        _fill(
            self.shared_table,
            [
                (self.names.get(s.agency_code, s.agency_code), s.audience.label(self.names), s.body)
                for s in shared
            ],
        )
        warned = [warn(a) for a in actions]
        _fill(
            self.action_table,
            [
                (
                    "\n".join(
                        part
                        for part in (self.names.get(a.owner_agency, a.owner_agency), a.owner_name)
                        if part
                    )
                    or tr("No owner"),
                    a.due_on.strftime("%a %d %b %Y") if a.due_on else tr("No date"),
                    "\n".join([a.text, *(f"⚠ {w}" for w in warnings)]),
                )
                for a, warnings in zip(actions, warned, strict=True)
            ],
            alerts=[i for i, warnings in enumerate(warned) if warnings],
        )
        self.tabs.setTabText(1, tr("&2 Shared ({0})").format(len(shared)))
        self.tabs.setTabText(4, tr("&5 Actions ({0})").format(len(actions)))

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self._focus_tab(index)

    def _focus_tab(self, index: int) -> None:
        target = {
            0: self.notes,
            1: self.shared_table,
            2: self.risk_boxes["risk_victim"],
            3: self.level,
            4: self.action_table,
        }.get(index)
        if target is not None:
            target.setFocus()

    # -- saving ---------------------------------------------------------------------

    def current_record(self, seconds: int) -> CaseRecord:
        code = chosen_agency(self.informs, self.names)
        return CaseRecord(
            notes=self.notes.toPlainText(),
            risk_victim=self.risk_boxes["risk_victim"].toPlainText(),
            risk_children=self.risk_boxes["risk_children"].toPlainText(),
            risk_adults=self.risk_boxes["risk_adults"].toPlainText(),
            risk_perpetrator=self.risk_boxes["risk_perpetrator"].toPlainText(),
            risk_level=RiskLevel(self.level.currentData()),
            # Text that names no agency is kept as it was until it does.
            informs_agency=self._record.informs_agency if code is None else code,
            informs_person=self.informs_person.text(),
            seconds=seconds,
        )

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def saved_record(self) -> CaseRecord:
        """The record as this panel last read or saved it."""
        return self._record

    def mark_saved(self, record: CaseRecord) -> None:
        self.timer.stop()
        self._dirty = False
        self._record = record
        self.error.clear()

    def _on_typed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.timer.start()

    def _on_chosen(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.flush()

    def flush(self) -> bool:
        """Save now if anything changed since the last save; False if the save was refused
        (the message says why, and the typing stays on screen to put right)."""
        self.timer.stop()
        if not self._dirty:
            return True
        record = self.current_record(self.seconds())
        try:
            stamp = self.save(record, self._record)
        except RecordConflictError as conflict:
            return self._resolve(conflict)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            self.save_failed.emit(str(exc))
            return False
        self.mark_saved(record)
        self.saved.emit(stamp)
        return True

    def _resolve(self, conflict: RecordConflictError) -> bool:
        """Someone else saved this record meanwhile: show both and let the person choose."""
        dialog = ConflictDialog(conflict.theirs, conflict.mine, self)
        dialog.exec()
        if dialog.choice is ConflictChoice.THEIRS:
            self._fill(conflict.theirs)
            return True
        if dialog.choice is ConflictChoice.MINE:
            try:
                stamp = self.save(conflict.mine, conflict.theirs)
            except MaracDeskError as exc:
                self.error.setText(str(exc))
                self.save_failed.emit(str(exc))
                return False
            self.mark_saved(conflict.mine)
            self.saved.emit(stamp)
            return True
        self.error.setText(
            tr(
                "Not saved: someone else saved this case's record meanwhile. "
                "Type on to be asked again."
            )
        )
        self.save_failed.emit(str(conflict))
        return False

    # -- the lists ------------------------------------------------------------------

    def _chosen(self, table: QTableWidget, items: Sequence[object]) -> object | None:
        row = table.currentRow()
        return items[row] if 0 <= row < len(items) else None

    def _change_shared(self) -> None:
        found = self._chosen(self.shared_table, self.shared_items)
        if isinstance(found, SharedInfo):
            self.on_add_shared(found)

    def _remove_shared(self) -> None:
        found = self._chosen(self.shared_table, self.shared_items)
        if isinstance(found, SharedInfo):
            self.on_remove_shared(found)

    def _change_action(self) -> None:
        found = self._chosen(self.action_table, self.action_items)
        if isinstance(found, Action):
            self.on_add_action(found)

    def _remove_action(self) -> None:
        found = self._chosen(self.action_table, self.action_items)
        if isinstance(found, Action):
            self.on_remove_action(found)

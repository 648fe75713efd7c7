"""The case register: every case, searchable and filterable, and the referral form behind it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.cases import CaseStatus, RegisterRow
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.storage import cases
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, make_table
from marac_desk.ui.referral.editor import ReferralEditor
from marac_desk.ui.widgets import error_label, hint_label, title_label, tr

COLUMNS: list[Column[RegisterRow]] = [
    Column(tr("Reference"), lambda r: r.reference),
    Column(tr("Victim"), lambda r: r.victim),
    Column(tr("Date of birth"), lambda r: r.victim_dob),
    Column(tr("Children"), lambda r: r.children, lambda r: r.children),
    Column(
        tr("Dash"),
        lambda r: "" if r.dash_score is None else r.dash_score,
        lambda r: -1 if r.dash_score is None else r.dash_score,
    ),
    Column(tr("Repeat"), lambda r: tr("Repeat") if r.is_repeat else "", lambda r: r.is_repeat),
    Column(tr("Transfer from"), lambda r: r.transfer_from),
    Column(tr("Referred by"), lambda r: r.referring_agency),
    Column(tr("Last referral"), lambda r: r.last_referral_on),
    Column(tr("Status"), lambda r: r.status.label),
]
_ALL = "all"
_WINDOW_CLOSED = "window_closed"
SEARCH_DELAY_MS = 200


class RegisterPage(Page):
    title = tr("Case register")

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        # The page title belongs to the list view; the form has its own.
        self.page_layout.setContentsMargins(0, 0, 0, 0)
        heading = self.page_layout.itemAt(0)
        heading_widget = heading.widget() if heading is not None else None
        if heading_widget is not None:
            heading_widget.hide()
        self.stack = QStackedWidget()
        self.page_layout.addWidget(self.stack)
        self.editor: ReferralEditor | None = None

        self.list_view = QWidget()
        column = QVBoxLayout(self.list_view)
        column.setContentsMargins(18, 12, 18, 12)
        header = QHBoxLayout()
        header.addWidget(title_label(tr("Case register")))
        header.addStretch(1)
        self.new_button = QPushButton(tr("&New referral"))
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_referral)
        self.new_button.setEnabled(vault.may(Permission.EDIT_CASES))
        self.open_button = QPushButton(tr("&Open"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.import_button = QPushButton(tr("&Import register…"))
        self.import_button.setToolTip(tr("Bring an earlier case register (CSV or Excel) in"))
        self.import_button.clicked.connect(self.import_register)
        self.import_button.setVisible(vault.may(Permission.IMPORT_REGISTER))
        header.addWidget(self.import_button)
        header.addWidget(self.open_button)
        header.addWidget(self.new_button)
        column.addLayout(header)

        self.model: RowsModel[RegisterRow] = RowsModel(COLUMNS, self)
        self.proxy = StatusFilter(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            tr("Search names, aliases, addresses and references (misspelled names too)…")
        )
        self.search.setAccessibleName(tr("Search the case register"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(tr("Show cases with status"))
        self.status_filter.addItem(tr("All statuses"), _ALL)
        for status in CaseStatus:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.addItem(tr("Repeat window closed since…"), _WINDOW_CLOSED)
        self.since = QDateEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setAccessibleName(tr("Repeat window closed since"))
        self.since.setDate(QDate(date.today().year, date.today().month, 1))
        self.since.setVisible(False)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.since)
        column.addLayout(filters)
        self.count = hint_label()
        column.addWidget(self.count)
        self.table = make_table(tr("Case register"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(8, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(self._on_row_activated)
        self.table.activated.connect(self._on_row_activated)
        column.addWidget(self.table, 1)
        self.error = error_label()
        column.addWidget(self.error)
        self.stack.addWidget(self.list_view)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.status_filter.currentIndexChanged.connect(self._on_status_chosen)
        self.since.dateChanged.connect(self.apply_filters)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_referral)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self._all_rows: list[RegisterRow] = []

    # -- list -------------------------------------------------------------------

    def refresh(self) -> None:
        if self.editor is not None:
            return
        self._all_rows = cases.register(self.vault)
        self.apply_filters()
        self.table.resizeColumnsToContents()

    def _on_status_chosen(self) -> None:
        self.since.setVisible(self.status_filter.currentData() == _WINDOW_CLOSED)
        self.apply_filters()

    def apply_filters(self) -> None:
        """Search and the window filter choose rows in the vault; status filters in the view."""
        if not self.vault.is_open:
            return
        self.error.clear()
        text = self.search.text().strip()
        chosen = self.status_filter.currentData()
        try:
            ids: list[int] | None = None
            if text:
                ids = cases.search(self.vault, text)
                cases.record_search(self.vault, text, len(ids))
            if chosen == _WINDOW_CLOSED:
                picked = self.since.date()
                since = date(picked.year(), picked.month(), picked.day())
                closed = cases.windows_closed_since(self.vault, since)
                ids = closed if ids is None else [i for i in ids if i in set(closed)]
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        if ids is None:
            rows = self._all_rows
        else:
            by_id = {r.case_id: r for r in self._all_rows}
            rows = [by_id[i] for i in ids if i in by_id]
        self.model.set_rows(rows)
        self.proxy.set_status(None if chosen in (_ALL, _WINDOW_CLOSED) else chosen)
        # A search shows the best match first; otherwise the chosen column order holds.
        if text:
            self.proxy.sort(-1)
        elif self.proxy.sortColumn() < 0:
            self.table.sortByColumn(8, Qt.SortOrder.DescendingOrder)
        shown = self.proxy.rowCount()
        self.count.setText(
            tr("{0} of {1} cases").format(shown, len(self._all_rows))
            if shown != len(self._all_rows)
            else tr("{0} cases").format(shown)
        )

    def selected_case(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()).case_id

    def _on_row_activated(self, index: QModelIndex) -> None:
        self.open_referral(self.model.row_at(self.proxy.mapToSource(index).row()).case_id)

    def _on_open_clicked(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            self.open_referral(case_id)

    def import_register(self) -> None:
        from marac_desk.ui.register_import import ImportRegisterDialog

        dialog = ImportRegisterDialog(self.vault, self)
        dialog.exec()
        imported = dialog.imported
        dialog.clear()
        dialog.deleteLater()
        if self.vault.is_open:
            self.refresh()
            if imported:
                self.count.setText(
                    tr("{0} cases imported. {1}").format(imported, self.count.text())
                )

    # -- the form ----------------------------------------------------------------

    def new_referral(self) -> None:
        if self.vault.may(Permission.EDIT_CASES):
            self._show_editor(None)

    def open_referral(self, case_id: int) -> None:
        self._show_editor(case_id)

    def _show_editor(self, case_id: int | None) -> None:
        try:
            editor = ReferralEditor(self.vault, case_id)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.editor = editor
        editor.closed.connect(self._on_editor_closed)
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        first = editor.sections["victim"].fields["surname"].editor  # type: ignore[union-attr]
        first.setFocus()

    def _on_editor_closed(self) -> None:
        editor, self.editor = self.editor, None
        self.stack.setCurrentWidget(self.list_view)
        if editor is not None:
            self.stack.removeWidget(editor)
            editor.deleteLater()
        self.refresh()

    def commit_pending(self) -> None:
        if self.editor is not None:
            self.editor.commit_pending()


class StatusFilter(QSortFilterProxyModel):
    """Sorting by each column's sort key, and an optional status to show alone."""

    def __init__(self, model: RowsModel[RegisterRow]) -> None:
        super().__init__(model)
        self._rows = model
        self._status: str | None = None
        self.setSourceModel(model)
        self.setSortRole(RowsModel.SORT_ROLE)

    def set_status(self, status: str | None) -> None:
        if status != self._status:
            self.beginFilterChange()
            self._status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if self._status is None:
            return True
        return self._rows.row_at(source_row).status.value == self._status

"""The case register: every case, searchable and filterable, and the referral form behind it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDate,
    QModelIndex,
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

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.storage import cases
from marac_desk.storage.vault import Vault
from marac_desk.ui.pages.base import Page, fit_text_columns, keep_within_width, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.register_model import FOUND_BY, LAST_REFERRAL, RegisterModel
from marac_desk.ui.unsaved import UnsavedEdit
from marac_desk.ui.widgets import error_label, hint_label, title_label, tr

# The case view, the referral form and the search are loaded when first used: the
# register opens at every sign-in and needs none of them to show its list.
if TYPE_CHECKING:
    from marac_desk.ui.case_view import CaseView
    from marac_desk.ui.referral.editor import ReferralEditor

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
        self.case_view: CaseView | None = None

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

        self.model = RegisterModel(vault, self)
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
        self.since.setDisplayFormat("dd/MM/yyyy")
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
        # On a laptop the free-text columns (victim, what it was found by, transfer,
        # referrer) give up room so the status and dates stay on screen.
        keep_within_width(self.table, (7, 8, FOUND_BY, 1))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(LAST_REFERRAL, Qt.SortOrder.DescendingOrder)
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
        self._total = 0

    # -- list -------------------------------------------------------------------

    def refresh(self) -> None:
        if self.editor is not None or not self.vault.is_open:
            return
        if self.case_view is not None:
            self.case_view.reload()  # coming back to the page shows the case as it is now
            return
        self.apply_filters()

    def _on_status_chosen(self) -> None:
        self.since.setVisible(self.status_filter.currentData() == _WINDOW_CLOSED)
        self.apply_filters()

    def apply_filters(self) -> None:
        """The whole register is read lazily by the model; a search or the windows-closed
        list is a short list held whole, with what each case was found by."""
        if not self.vault.is_open:
            return
        self.error.clear()
        text = self.search.text().strip()
        chosen = self.status_filter.currentData()
        status = None if chosen in (_ALL, _WINDOW_CLOSED) else CaseStatus(chosen)
        try:
            self._total = cases.count_cases(self.vault)
            if not text and chosen != _WINDOW_CLOSED:
                self.model.show_register(status)
            else:
                ids: list[int] | None = None
                found: dict[int, str] = {}
                if text:
                    from marac_desk.storage import case_search

                    hits = case_search.search_hits(self.vault, text)
                    case_search.record_search(self.vault, text, len(hits))
                    ids = [h.case_id for h in hits]
                    found = {h.case_id: h.found for h in hits}
                if chosen == _WINDOW_CLOSED:
                    picked = self.since.date()
                    since = date(picked.year(), picked.month(), picked.day())
                    closed = set(cases.windows_closed_since(self.vault, since))
                    ids = sorted(closed) if ids is None else [i for i in ids if i in closed]
                rows = cases.register(self.vault, ids or [])
                if status is not None:
                    rows = [r for r in rows if r.status is status]
                self.model.show_rows(rows, found, ranked=bool(text))
                if text:
                    # Best match first: no column order is claimed.
                    self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.table.setColumnHidden(FOUND_BY, not text)
        fit_text_columns(self.table)  # what was found by, or not, changes the widths
        shown = self.model.rowCount()
        self.count.setText(
            plural("{0} of %n case(s)", self._total).format(shown)
            if shown != self._total
            else plural("%n case(s)", shown)
            if shown
            else tr(
                "No cases yet. Choose New referral (Ctrl+N) to record one, or Import "
                "register to bring in an earlier register."
            )
        )

    def selected_case(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row()).case_id

    def _on_row_activated(self, index: QModelIndex) -> None:
        self.open_case(self.model.row_at(index.row()).case_id)

    def _on_open_clicked(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            self.open_case(case_id)

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
                    plural("%n case(s) imported.", imported) + " " + self.count.text()
                )

    # -- the case and its form ---------------------------------------------------------

    def open_case(self, case_id: int) -> None:
        """The case view; another case opened from its history replaces it."""
        from marac_desk.ui.case_view import CaseView

        try:
            view = CaseView(self.vault, case_id)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self._drop_case_view()
        self.case_view = view
        view.closed.connect(self._on_case_view_closed)
        view.edit_requested.connect(self.open_referral)
        view.case_requested.connect(self.open_case)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        view.tabs.setFocus()

    def _drop_case_view(self) -> None:
        view, self.case_view = self.case_view, None
        if view is not None:
            view.clear()
            self.stack.removeWidget(view)
            view.deleteLater()

    def _on_case_view_closed(self) -> None:
        self._drop_case_view()
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()
        self.table.setFocus()

    def new_referral(self) -> None:
        if self.vault.may(Permission.EDIT_CASES) and self.editor is None:
            self._show_editor(None)

    def open_referral(self, case_id: int) -> None:
        if self.editor is None:
            self._show_editor(case_id)

    def _show_editor(self, case_id: int | None) -> None:
        from marac_desk.ui.referral.editor import ReferralEditor

        try:
            editor = ReferralEditor(self.vault, case_id)
        except MaracDeskError as exc:
            if self.case_view is not None:
                self.case_view.error.setText(str(exc))
            else:
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
        if editor is not None:
            self.stack.removeWidget(editor)
            editor.deleteLater()
        if self.case_view is not None and self.vault.is_open:
            # Back to the case the form was opened from, showing what was just saved.
            self.case_view.reload()
            self.stack.setCurrentWidget(self.case_view)
            return
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()

    def commit_pending(self) -> list[UnsavedEdit]:
        return self.editor.commit_pending() if self.editor is not None else []

"""What every page of the main window can be asked to do."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marac_desk.storage.vault import Vault
from marac_desk.ui.unsaved import UnsavedEdit
from marac_desk.ui.widgets import intro_label, title_label


class Page(QWidget):
    """A page that shows vault data. The window drops it whole when it locks."""

    title = ""
    intro = ""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.page_layout = QVBoxLayout(self)
        self.page_layout.setContentsMargins(18, 12, 18, 12)
        self.page_layout.addWidget(title_label(self.title))
        if self.intro:
            self.page_layout.addWidget(intro_label(self.intro))

    def refresh(self) -> None:
        """Reload from the vault; called when the page is shown."""

    def commit_pending(self) -> list[UnsavedEdit]:
        """Save any edit in progress: the window is about to lock. Returns what could not
        be saved (kept in memory and offered back after signing in); never shows a dialog,
        which would keep the window from locking."""
        return []


def make_table(accessible_name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fitting columns to their contents samples the first rows only: with thousands of
    # cases, measuring every cell would make each refresh visibly slow.
    table.horizontalHeader().setResizeContentsPrecision(200)
    return table


def fit_text_columns(table: QTableView, rows: int = 200) -> None:
    """Fit a table of plain text to its header and its first `rows` rows.

    The widths `resizeColumnsToContents` gives a text-only model, measured with the font
    instead of asking the style sheet's style to size every cell: about 1 ms for the case
    register's first screen instead of about 14 ms. The delegate is asked once, for the
    padding it puts around text.
    """
    model = table.model()
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    shown = min(rows, model.rowCount())
    padding: int | None = None
    for column in range(model.columnCount()):
        if table.isColumnHidden(column):
            continue
        widest = 0
        for row in range(shown):
            index = model.index(row, column)
            text = index.data()
            if not text:
                continue
            widest = max(widest, metrics.horizontalAdvance(str(text)))
            if padding is None:
                option = QStyleOptionViewItem()
                option.initFrom(table)
                hint = table.itemDelegateForIndex(index).sizeHint(option, index).width()
                padding = max(0, hint - metrics.horizontalAdvance(str(text)))
        width = header.sectionSizeFromContents(column).width()
        # Two pixels for the fractions whole-pixel advances round away: a column a pixel
        # short would cut its longest text to "…".
        table.setColumnWidth(column, max(width, widest + (padding or 0) + 2))

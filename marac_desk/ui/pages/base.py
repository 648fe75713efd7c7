"""What every page of the main window can be asked to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marac_desk.ui.unsaved import UnsavedEdit
from marac_desk.ui.widgets import intro_label, title_label

if TYPE_CHECKING:
    from marac_desk.storage.vault import Vault


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
        width = heading_width(table, column)
        # Two pixels for the fractions whole-pixel advances round away: a column a pixel
        # short would cut its longest text to "…".
        table.setColumnWidth(column, max(width, widest + (padding or 0) + 2))
    kept_within_width(table)


def fit_columns(table: QTableView) -> None:
    """Columns fitted to their contents (as Qt measures the cells) and their headings, then
    kept within the table's width (see `keep_within_width`)."""
    model = table.model()
    for column in range(model.columnCount() if model else 0):
        if not table.isColumnHidden(column):
            width = max(table.sizeHintForColumn(column), heading_width(table, column))
            table.setColumnWidth(column, width)
    kept_within_width(table)


# Room for the heading's padding and border (style.qss: padding 5px, a 1px border), and for
# the sort arrow drawn at its right.
_HEADING_PADDING = 12
_SORT_ARROW = 16


def heading_width(table: QTableView, column: int) -> int:
    """The width a column's heading needs, in the bold the style sheet draws it in.

    Qt's own measure adds the header's height to every heading for a sort arrow, about
    30 px a column: on a 1366-pixel laptop that alone pushes the register's last columns
    off the screen."""
    model = table.model()
    title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
    font = QFont(table.horizontalHeader().font())
    font.setWeight(QFont.Weight.DemiBold)
    lines = title.split("\n") or [""]
    text = max(QFontMetrics(font).horizontalAdvance(line) for line in lines)
    header = table.horizontalHeader()
    # Only the column sorted by shows the arrow (a click elsewhere widens that one).
    sorted_here = table.isSortingEnabled() and header.sortIndicatorSection() == column
    return text + _HEADING_PADDING + (_SORT_ARROW if sorted_here else 0)


class _WithinWidth(QObject):
    """Keeps a table's columns within its width: when the columns fitted to their contents
    run past the right edge, the free-text columns named (a name, a reason, an action) give
    up room, the first named first, down to their heading's width. Their
    text is then cut with "…", and the whole of it is in the cell's tooltip and the case."""

    def __init__(self, table: QTableView, elastic: Sequence[int], wrap: bool) -> None:
        super().__init__(table)
        self.table = table
        self.elastic = tuple(elastic)
        self.natural: dict[int, int] = {}
        # Wrapped rows are measured again after narrowing: only for short lists (a
        # dialog's), never the lazily read register.
        self.wrap = wrap
        table.setWordWrap(wrap)
        table.viewport().installEventFilter(self)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.horizontalHeader().sortIndicatorChanged.connect(self._on_sorted)

    def _on_sorted(self, column: int, _order: Qt.SortOrder) -> None:
        if column in self.natural:
            self.natural[column] = max(self.natural[column], heading_width(self.table, column))
            self.apply()

    def remember(self) -> None:
        header = self.table.horizontalHeader()
        self.natural = {c: header.sectionSize(c) for c in range(header.count())}
        self.apply()

    def apply(self) -> None:
        table, header = self.table, self.table.horizontalHeader()
        shown = [c for c in self.natural if not table.isColumnHidden(c)]
        if not shown:
            return
        last = shown[-1] if header.stretchLastSection() else None
        room = table.viewport().width()
        # The last column stretches to the edge: it needs only its heading's width.
        total = sum(heading_width(table, c) if c == last else self.natural[c] for c in shown)
        excess = total - room
        spare = {
            c: max(0, self.natural[c] - heading_width(table, c))
            for c in self.elastic
            if c in shown and c != last
        }
        # In the order named: the first column gives all it can spare before the next.
        give: dict[int, int] = {}
        for c in self.elastic:
            if excess <= 0:
                break
            if c in spare:
                give[c] = min(spare[c], excess)
                excess -= give[c]
        for c in shown:
            if c != last:
                table.setColumnWidth(c, self.natural[c] - give.get(c, 0))
        if last is not None:
            # Qt does not narrow a stretched last column when the others grow: it is given
            # what is left, or at least its heading.
            used = sum(header.sectionSize(c) for c in shown if c != last)
            table.setColumnWidth(last, max(heading_width(table, last), room - used))
        if self.wrap and give:
            table.resizeRowsToContents()  # narrowed text wraps onto more lines

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.natural:
            self.apply()
        return False


def keep_within_width(table: QTableView, elastic: Sequence[int], *, wrap: bool = False) -> None:
    """From now on, columns fitted with `fit_text_columns` or `fit_columns` stay within the
    table's width, the `elastic` columns giving up room first."""
    table.setProperty("withinWidth", True)
    table._within_width = _WithinWidth(table, elastic, wrap)  # type: ignore[attr-defined]


def kept_within_width(table: QTableView) -> None:
    within = getattr(table, "_within_width", None)
    if isinstance(within, _WithinWidth):
        within.remember()

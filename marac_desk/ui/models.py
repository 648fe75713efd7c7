"""Table models for lists of vault data, and the proxy that filters them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
# The error colour of the style sheet (QLabel#errorText), for cells that need attention.
ALERT = QBrush(QColor("#a4161a"))


class Column(Generic[Row]):
    def __init__(
        self,
        title: str,
        value: Callable[[Row], Any],
        sort_key: Callable[[Row], Any] | None = None,
        alert: Callable[[Row], bool] | None = None,
    ) -> None:
        self.title = title
        self.value = value
        self.sort_key = sort_key or value
        # A cell that needs attention (a flag, an overdue date) is drawn in the alert colour.
        self.alert = alert


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of plain rows; `clear()` drops every row it holds."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        """Every row, in the order held (a copy)."""
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell; answer the ones not held first and cheaply.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self._rows):
            return None
        column = self._columns[index.column()]
        if role == self.SORT_ROLE:
            return column.sort_key(self._rows[number])
        if role == Qt.ItemDataRole.ForegroundRole:
            return ALERT if column.alert is not None and column.alert(self._rows[number]) else None
        value = column.value(self._rows[number])
        return "" if value is None else str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title([c.title for c in self._columns], section, orientation, role)


def column_title(
    titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> Any:
    """A table model's column heading: the title for the display role, nothing else."""
    if (
        role == Qt.ItemDataRole.DisplayRole
        and orientation == Qt.Orientation.Horizontal
        and 0 <= section < len(titles)
    ):
        return titles[section]
    return None


_ANSWERED_ROLES = frozenset(
    {
        int(Qt.ItemDataRole.DisplayRole),
        int(Qt.ItemDataRole.ToolTipRole),
        int(Qt.ItemDataRole.ForegroundRole),
        RowsModel.SORT_ROLE,
    }
)


def filtering_proxy(model: RowsModel[Any]) -> QSortFilterProxyModel:
    """Sort by each column's sort key; filter on any column, ignoring case."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(RowsModel.SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy

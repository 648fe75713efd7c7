"""The case register as a table model that reads the vault lazily.

For the whole register it holds only the case ids, in the order the vault gave them, and
reads the rows themselves a page at a time as the view shows them: opening or re-sorting
20,000 cases costs one id query, scrolling costs one small query per page. Search results
and short lists are held whole and sorted in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from marac_desk.domain.cases import CaseStatus, RegisterRow
from marac_desk.domain.dates import uk_from_iso
from marac_desk.storage import cases
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import column_title
from marac_desk.ui.widgets import tr

Index = QModelIndex | QPersistentModelIndex
PAGE = 200


@dataclass(frozen=True)
class RegisterColumn:
    title: str
    value: Callable[[RegisterRow, str], Any]  # (row, what it was found by) -> shown
    sort_key: Callable[[RegisterRow, str], Any]
    order: str | None  # the vault's name for this order (cases.REGISTER_ORDER), if any


def _col(
    title: str,
    value: Callable[[RegisterRow], Any],
    order: str,
    sort_key: Callable[[RegisterRow], Any] | None = None,
) -> RegisterColumn:
    key = sort_key or value
    return RegisterColumn(title, lambda r, _: value(r), lambda r, _: key(r), order)


COLUMNS: list[RegisterColumn] = [
    _col(tr("Reference"), lambda r: r.reference, "reference"),
    _col(tr("Victim"), lambda r: r.victim, "victim"),
    RegisterColumn(tr("Found by"), lambda _, found: found, lambda _, found: found, None),
    _col(
        tr("Date of birth"),
        lambda r: uk_from_iso(r.victim_dob),
        "victim_dob",
        lambda r: r.victim_dob or "",
    ),
    _col(tr("Children"), lambda r: r.children, "children"),
    _col(
        tr("Dash"),
        lambda r: "" if r.dash_score is None else r.dash_score,
        "dash_score",
        lambda r: -1 if r.dash_score is None else r.dash_score,
    ),
    _col(tr("Repeat"), lambda r: tr("Repeat") if r.is_repeat else "", "is_repeat"),
    _col(tr("Transfer from"), lambda r: r.transfer_from, "transfer_from"),
    _col(tr("Referred by"), lambda r: r.referring_agency, "referring_agency"),
    _col(
        tr("Last referral"),
        lambda r: uk_from_iso(r.last_referral_on),
        "last_referral_on",
        lambda r: r.last_referral_on or "",
    ),
    _col(tr("Status"), lambda r: r.status.label, "status", lambda r: r.status.value),
]
_TITLES = [c.title for c in COLUMNS]
FOUND_BY = 2
LAST_REFERRAL = 9
_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)})


class RegisterModel(QAbstractTableModel):
    def __init__(self, vault: Vault, parent: Any = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._ids: list[int] = []
        self._rows: dict[int, RegisterRow] = {}
        self._found: dict[int, str] = {}
        self._whole_register = True
        self._status: CaseStatus | None = None
        self._sort = (LAST_REFERRAL, Qt.SortOrder.DescendingOrder)

    # -- what is shown --------------------------------------------------------------

    def show_register(self, status: CaseStatus | None = None) -> None:
        """Every case (or every case with one status), in the current order."""
        self.beginResetModel()
        self._whole_register, self._status = True, status
        self._found = {}
        self._rows = {}
        self._ids = self._ordered_ids()
        self.endResetModel()

    def show_rows(
        self, rows: list[RegisterRow], found: dict[int, str] | None = None, *, ranked: bool
    ) -> None:
        """A short list (search results, the windows closed) held whole. Ranked results
        keep their order until a column is chosen."""
        self.beginResetModel()
        self._whole_register = False
        self._found = dict(found or {})
        self._rows = {r.case_id: r for r in rows}
        self._ids = [r.case_id for r in rows]
        if not ranked:
            self._sort_in_memory()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._ids, self._rows, self._found = [], {}, {}
        self.endResetModel()

    def _ordered_ids(self) -> list[int]:
        column, order = self._sort
        name = COLUMNS[column].order or "last_referral_on"
        return cases.register_ids(
            self.vault,
            status=self._status,
            order=name,
            descending=order == Qt.SortOrder.DescendingOrder,
        )

    def _sort_in_memory(self) -> None:
        column, order = self._sort
        key = COLUMNS[column].sort_key
        self._ids.sort(
            key=lambda i: key(self._rows[i], self._found.get(i, "")),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or not self.vault.is_open:
            return
        if self._whole_register and COLUMNS[column].order is None:
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        if self._whole_register:
            self._ids = self._ordered_ids()
        else:
            self._sort_in_memory()
        self.layoutChanged.emit()

    # -- rows -----------------------------------------------------------------------

    def row_at(self, number: int) -> RegisterRow:
        case_id = self._ids[number]
        row = self._rows.get(case_id)
        if row is None:
            self._load_page(number)
            row = self._rows[case_id]
        return row

    def _load_page(self, number: int) -> None:
        start = number - number % PAGE
        page = [i for i in self._ids[start : start + PAGE] if i not in self._rows]
        for row in cases.register(self.vault, page):
            self._rows[row.case_id] = row
        for missing in set(page) - self._rows.keys():
            # Gone since the ids were read (another window deleted it): shown as such.
            self._rows[missing] = RegisterRow(
                missing, tr("(no longer in the vault)"), CaseStatus.DRAFT, "", 0, ""
            )

    def loaded_rows(self) -> int:
        return len(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not self.vault.is_open:
            return None
        number = index.row()
        if not 0 <= number < len(self._ids):
            return None
        row = self.row_at(number)
        value = COLUMNS[index.column()].value(row, self._found.get(row.case_id, ""))
        return "" if value is None else str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(_TITLES, section, orientation, role)

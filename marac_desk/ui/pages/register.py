"""The case register: every case in the vault, sortable and filterable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from marac_desk.domain.cases import RegisterRow
from marac_desk.storage import cases
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel, filtering_proxy
from marac_desk.ui.pages.base import Page, make_table
from marac_desk.ui.widgets import tr

COLUMNS: list[Column[RegisterRow]] = [
    Column(tr("Reference"), lambda r: r.reference),
    Column(tr("Victim"), lambda r: r.victim),
    Column(tr("Children"), lambda r: r.children, lambda r: r.children),
    Column(tr("Status"), lambda r: r.status.label),
    Column(tr("Created"), lambda r: r.created_at[:10], lambda r: r.created_at),
]


class RegisterPage(Page):
    title = tr("Case register")

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.model: RowsModel[RegisterRow] = RowsModel(COLUMNS, self)
        self.proxy = filtering_proxy(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Filter by reference, name or status…"))
        self.search.setAccessibleName(tr("Filter the case register"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = make_table(tr("Case register"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.page_layout.addWidget(self.search)
        self.page_layout.addWidget(self.table)

    def refresh(self) -> None:
        self.model.set_rows(cases.register(self.vault))
        self.table.resizeColumnsToContents()

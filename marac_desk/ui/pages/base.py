"""What every page of the main window can be asked to do."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from marac_desk.storage.vault import Vault
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

    def commit_pending(self) -> None:
        """Save any edit in progress: the window is about to lock."""


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

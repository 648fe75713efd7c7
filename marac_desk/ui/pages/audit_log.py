"""The audit log for administrators: who did what, when, and whether the chain is whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from marac_desk.domain.audit_chain import AuditEntry
from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.roles import Permission
from marac_desk.storage import audit
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel, filtering_proxy
from marac_desk.ui.pages.base import Page, fit_columns, keep_within_width, make_table
from marac_desk.ui.widgets import busy, tr

VIEW_LIMIT = 5000


def _detail(entry: AuditEntry) -> str:
    return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(entry.detail.items()))


COLUMNS: list[Column[AuditEntry]] = [
    Column(tr("#"), lambda e: e.seq, lambda e: e.seq),
    Column(tr("When"), lambda e: uk_date_time(e.at), lambda e: e.seq),
    Column(tr("Who"), lambda e: e.actor),
    Column(tr("What"), lambda e: tr(audit.label(e.action))),
    Column(tr("Details"), _detail),
]


class AuditLogPage(Page):
    title = tr("Audit log")
    intro = tr(
        "Every sign-in, lock, export, import, setting and account change. Entries are chained: "
        "a removed or altered entry is reported by the check."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.model: RowsModel[AuditEntry] = RowsModel(COLUMNS, self)
        self.proxy = filtering_proxy(self.model)
        self.action = QComboBox()
        self.action.setAccessibleName(tr("Show entries of kind"))
        self.action.addItem(tr("All entries"), None)
        for key, label in sorted(audit.ACTION_LABELS.items(), key=lambda kv: kv[1]):
            self.action.addItem(label, key)
        self.action.currentIndexChanged.connect(self.refresh)
        self.check_button = QPushButton(tr("&Check the chain"))
        self.check_button.clicked.connect(self._on_check_clicked)
        self.chain_state = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Show:")))
        row.addWidget(self.action)
        row.addStretch(1)
        row.addWidget(self.chain_state)
        row.addWidget(self.check_button)
        self.page_layout.addLayout(row)
        self.table = make_table(tr("Audit log entries"))
        # The details give way to the when, who and what.
        keep_within_width(self.table, (4,))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.page_layout.addWidget(self.table)

    def refresh(self) -> None:
        self.vault.require(Permission.VIEW_AUDIT_LOG)
        rows = audit.entries(self.vault.conn, action=self.action.currentData(), limit=VIEW_LIMIT)
        self.model.set_rows(rows)
        fit_columns(self.table)

    def _on_check_clicked(self) -> None:
        self.vault.require(Permission.VIEW_AUDIT_LOG)
        with busy():
            problems = audit.verify(self.vault.conn)
        if problems:
            self.chain_state.setObjectName("errorText")
            self.chain_state.setText(tr("Chain broken: ") + " ".join(problems))
        else:
            self.chain_state.setObjectName("okText")
            self.chain_state.setText(tr("Chain whole: no entry removed or altered."))
        self.chain_state.style().unpolish(self.chain_state)
        self.chain_state.style().polish(self.chain_state)

"""What a research return will do before it does it: per case and person, what is read and
whether it is new or replaces the agency's earlier return; replacing is chosen per case,
and anything read generously is listed for the coordinator to check first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.research import ItemKind, Known
from marac_desk.exchange.research_import import PlannedImport, PreviewRow, preview
from marac_desk.storage.vault import Vault
from marac_desk.ui.plurals import plural
from marac_desk.ui.research_returns import when
from marac_desk.ui.widgets import fit_to_screen, hint_label, title_label, tr

_COLUMNS = (
    "Case",
    "Person",
    "Known",
    "Involvement",
    "Risks",
    "To share",
    "Held, not shared",
    "What happens",
)
_COUNTED = (ItemKind.INVOLVEMENT, ItemKind.RISK, ItemKind.SHARE, ItemKind.HELD)


class ResearchImportPreview(QDialog):
    def __init__(self, vault: Vault, planned: PlannedImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.planned = planned
        self.setWindowTitle(tr("Import research return"))
        fit_to_screen(self, 1000, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            title_label(
                tr("{0}: {1}, meeting on {2}").format(
                    planned.path.name, planned.agency_name, planned.meeting.details.title
                )
            )
        )
        rows = preview(vault, planned)
        self.table = self._table(rows)
        layout.addWidget(self.table)
        self.replace: dict[int, QCheckBox] = {}
        conflicts = planned.conflicts
        if conflicts:
            layout.addWidget(
                hint_label(
                    tr(
                        "{0} already returned research for these cases. Tick each one to "
                        "replace with this file (the earlier return is kept in the history); "
                        "a case left unticked keeps its earlier return and this file's "
                        "answers for it are not imported."
                    ).format(planned.agency_name)
                )
            )
            recorded = {r.case_id: r.replaces for r in rows}
            for conflict in conflicts:
                box = QCheckBox(
                    tr("Replace the return for {0} recorded {1}").format(
                        conflict.reference, when(recorded.get(conflict.case_id, ""))
                    )
                )
                box.toggled.connect(self._update)
                self.replace[conflict.case_id] = box
                layout.addWidget(box)
        if planned.warnings:
            layout.addWidget(QLabel(tr("Read generously: check these before importing")))
            warnings = QListWidget()
            warnings.setWordWrap(True)
            warnings.addItems(planned.warnings)
            warnings.setMaximumHeight(150)
            layout.addWidget(warnings)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _table(self, rows: list[PreviewRow]) -> QTableWidget:
        table = QTableWidget(len(rows), len(_COLUMNS))
        table.setHorizontalHeaderLabels([tr(c) for c in _COLUMNS])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAccessibleName(tr("What this file will import"))
        known = {Known.YES: tr("Known"), Known.NO: tr("Not known"), Known.UNANSWERED: "–"}
        previous = None
        for r, row in enumerate(rows):
            values = [
                row.reference if row.case_id != previous else "",
                row.person,
                known[row.known],
                *(str(row.counts[kind]) for kind in _COUNTED),
                (tr("Replaces earlier return") if row.replaces else tr("New return"))
                if row.case_id != previous
                else "",
            ]
            previous = row.case_id
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if 2 < c < 7:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(r, c, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return table

    def _update(self) -> None:
        count = len(self.chosen_cases())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(plural("Import %n case(s)", count) if count else tr("Import"))
        ok.setEnabled(count > 0)

    def chosen_cases(self) -> list[int]:
        """The cases that will be imported: every new one, and each ticked replacement."""
        return [r.case_id for r in self.planned.chosen(self.replace_ids())]

    def replace_ids(self) -> set[int]:
        return {case_id for case_id, box in self.replace.items() if box.isChecked()}

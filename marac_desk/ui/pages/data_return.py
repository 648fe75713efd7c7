"""The quarterly data return: every count per meeting date, its definition beside it, the
cases behind a count (for those who may read every case), and the two kinds of file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from marac_desk import data_return_commands
from marac_desk.domain import data_return as dr
from marac_desk.domain.dates import uk_date
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError
from marac_desk.storage import data_return
from marac_desk.storage.vault import Vault
from marac_desk.ui.pages.base import make_table
from marac_desk.ui.pages.quarter_counts import QuarterCountsPage, quarters_back
from marac_desk.ui.widgets import (
    QtAsker,
    counted,
    hint_label,
    show_error,
    show_info,
    tr,
)

QUARTERS_SHOWN = 12
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class DataReturnPage(QuarterCountsPage):
    title = tr("Data return")
    intro = tr(
        "The counts SafeLives collects each quarter, per meeting date. A case counts once, "
        "at the first meeting that discussed it. Choose a count to see what it means and "
        "the cases behind it."
    )
    opened = Signal(str, object)  # ("case", case id): open it in the register

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        last = dr.Quarter.containing(date.today()).previous()
        super().__init__(
            vault,
            label=tr("Quarter"),
            latest=last,
            choices=[(f"{q.label} ({q.code})", q) for q in quarters_back(last)],
            parent=parent,
        )
        bar = self.bar
        bar.addStretch(1)
        submission = QPushButton(tr("Export SafeLives &submission…"))
        submission.clicked.connect(lambda: self.export(suppress=False))
        local = QPushButton(tr("Export &local report…"))
        local.clicked.connect(lambda: self.export(suppress=True))
        bar.addWidget(submission)
        bar.addWidget(local)
        self.page_layout.addLayout(bar)
        self.kind = hint_label()
        self.kind.setObjectName("flagText")
        under = QHBoxLayout()
        under.addWidget(self.kind, 1)
        self.map_ethnicities = QPushButton(tr("Census groups for &ethnicities…"))
        self.map_ethnicities.setToolTip(
            tr("Choose the census group for each ethnicity typed as text on older referrals")
        )
        self.map_ethnicities.clicked.connect(self.choose_ethnicities)
        self.map_ethnicities.setVisible(vault.may(Permission.EDIT_CASES))
        under.addWidget(self.map_ethnicities)
        self.page_layout.addLayout(under)

        self.model = QStandardItemModel(self)
        self.table = make_table(tr("Data return counts"))
        self.table.setSortingEnabled(False)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(True)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setProperty("scrollsSideways", True)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(self._on_chosen)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(8, 0, 0, 0)
        self.chosen = QLabel()
        self.chosen.setObjectName("sectionTitle")
        self.chosen.setWordWrap(True)
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setAlignment(Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.chosen)
        column.addWidget(self.definition)
        self.cases_title = QLabel(tr("Cases behind this count"))
        self.cases = QListWidget()
        self.cases.setAccessibleName(tr("Cases behind this count"))
        self.cases.itemActivated.connect(self._open_case)
        self.cases_hint = hint_label(tr("Open a case to check it."))
        self.cases_hint.setWordWrap(False)  # a wrapped line is given no height in a splitter
        for widget in (self.cases_title, self.cases, self.cases_hint):
            column.addWidget(widget, 1 if widget is self.cases else 0)
            widget.setVisible(data_return.may_see_cases(vault))
        if not data_return.may_see_cases(vault):
            column.addStretch(1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([860, 300])
        self.page_layout.addWidget(split, 1)
        self.page_layout.addWidget(self.error)

    def _show(self) -> None:
        if self.result is None:
            return
        self.report = report = self.make_report(self.local.isChecked())
        self.kind.setText(report.heading)
        days = self.result.meeting_dates
        self.model.clear()
        self.model.setHorizontalHeaderLabels([tr("Quarter"), *(uk_date(d) for d in days)])
        checks = [(m.key, m.label) for m in dr.MEASURES if not m.in_return]
        for number, (key, label) in enumerate(report.rows() + checks):
            # Each count's name is its row's header, so it stays in view while a weekly
            # MARAC's thirteen meeting dates scroll sideways.
            first = QStandardItem(tr(label) if key in dr.MEASURE_BY_KEY else label)
            if key not in {k for k, _ in report.rows()}:
                first.setText(tr("Check before sending: ") + first.text())
            first.setData(key, KEY_ROLE)
            first.setToolTip(report.definition(key))
            first.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            row: list[QStandardItem] = []
            for day in (dr.TOTAL, *days):
                cell = QStandardItem(report.shown(day, key))
                cell.setData(key, KEY_ROLE)
                cell.setData(day, Qt.ItemDataRole.UserRole + 2)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                row.append(cell)
            self.model.appendRow(row)
            self.model.setVerticalHeaderItem(number, first)
        self.table.resizeColumnsToContents()
        if not days:
            self.chosen.setText(tr("No case was discussed at a meeting in this quarter."))
            self.definition.clear()
        self.cases.clear()

    def _on_chosen(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes or self.result is None or self.report is None:
            return
        index = indexes[0]
        key = str(index.data(KEY_ROLE))
        day = index.data(Qt.ItemDataRole.UserRole + 2)  # None: the quarter's column
        label = self.label_of(index.row())
        when = tr("the quarter") if day is None else uk_date(day)
        self.chosen.setText(f"{label}: {when}")
        self.definition.setText(self.report.definition(key))
        self.cases.clear()
        if not data_return.may_see_cases(self.vault):
            return
        if (day, key) in self.report.hidden:
            # The page says what the file hides; the cases stay open to a coordinator.
            self.cases_hint.setText(tr("Hidden in the local report."))
        else:
            self.cases_hint.setText(tr("Open a case to check it."))
        cell = self.result.cells[(day, key)]
        for case_id in cell.cases:
            item = QListWidgetItem(self.result.references.get(case_id, str(case_id)))
            item.setData(Qt.ItemDataRole.UserRole, case_id)
            self.cases.addItem(item)

    def label_of(self, row: int) -> str:
        header = self.model.verticalHeaderItem(row)
        return header.text() if header is not None else ""

    def row_of(self, key: str) -> int:
        """The row of a count, by its key (a measure, or agency:<category>)."""
        for row in range(self.model.rowCount()):
            header = self.model.verticalHeaderItem(row)
            if header is not None and header.data(KEY_ROLE) == key:
                return row
        raise KeyError(key)

    def _open_case(self, item: QListWidgetItem) -> None:
        case_id = int(item.data(Qt.ItemDataRole.UserRole))
        with self.vault.transaction():
            self.vault.audit(
                "data_return_cases_viewed",
                {"quarter": self.chosen_quarter().code, "case_id": case_id},
            )
        self.opened.emit("case", case_id)

    def choose_ethnicities(self) -> None:
        from marac_desk.ui.ethnicity_mapping import EthnicityMappingDialog

        dialog = EthnicityMappingDialog(self.vault, self)
        if dialog.exec() and dialog.changed:
            self.refresh()
            show_info(
                self,
                tr("Census groups saved"),
                counted(
                    dialog.changed,
                    "One referral now has its census group.",
                    "{0} referrals now have their census group.",
                ),
            )

    def export(self, *, suppress: bool) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, tr("Write the local report into") if suppress else tr("Write the return into")
        )
        if not chosen:
            return
        folder = Path(chosen)
        try:
            try:
                made = data_return_commands.export(
                    self.vault, self.chosen_quarter().code, folder, suppress=suppress
                )
            except ValidationError as exc:
                if "already in" not in str(exc):
                    raise
                if not QtAsker(self).confirm(tr("Replace the files?"), str(exc)):
                    return
                made = data_return_commands.export(
                    self.vault, self.chosen_quarter().code, folder, suppress=suppress, replace=True
                )
        except MaracDeskError as exc:
            show_error(self, tr("The return was not written"), str(exc))
            return
        show_info(
            self,
            tr("Data return written"),
            tr("Written to {0}:\n{1}").format(folder, "\n".join(p.name for p in made)),
        )

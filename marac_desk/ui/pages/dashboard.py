"""The dashboard: the twelve months to the end of a quarter in charts, for the
coordinator before a steering group, and as the data return's PDF report carries them."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QWidget,
)

from marac_desk import data_return_commands
from marac_desk.domain import dashboard as db
from marac_desk.domain import data_return as dr
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import data_return_export as out
from marac_desk.storage import dashboard
from marac_desk.storage.vault import Vault
from marac_desk.ui.chart_view import ChartCard
from marac_desk.ui.pages.base import Page
from marac_desk.ui.widgets import error_label, hint_label, tr

QUARTERS_SHOWN = 12


class DashboardPage(Page):
    title = tr("Dashboard")
    intro = tr(
        "The MARAC's year in charts: volume, repeats, who refers, children, IDVA "
        "engagement, and the agencies whose research or actions are missing. The data "
        "return's PDF report carries the same charts."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.report: out.Report | None = None
        self.result: dr.DataReturn | None = None
        self.counted: db.Counted | None = None
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Twelve months to the end of")))
        self.quarter = QComboBox()
        self.quarter.setAccessibleName(tr("Twelve months to the end of"))
        latest = dr.Quarter.containing(date.today())
        self.quarter.addItem(tr("{0} (so far)").format(latest.label), latest.code)
        for _ in range(QUARTERS_SHOWN - 1):
            latest = latest.previous()
            self.quarter.addItem(latest.label, latest.code)
        self.quarter.currentIndexChanged.connect(self.refresh)
        bar.addWidget(self.quarter)
        self.local = QCheckBox(tr("Show as the local report"))
        self.local.setToolTip(tr("Hide what the steering group's file hides"))
        self.local.toggled.connect(self._show)
        bar.addWidget(self.local)
        bar.addStretch(1)
        self.page_layout.addLayout(bar)
        self.kind = hint_label()
        self.page_layout.addWidget(self.kind)
        self.error = error_label()
        self.page_layout.addWidget(self.error)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.page_layout.addWidget(self.area, 1)
        self.cards: list[ChartCard] = []

    def chosen_quarter(self) -> dr.Quarter:
        return dr.Quarter.parse(str(self.quarter.currentData()))

    def refresh(self) -> None:
        self.error.clear()
        try:
            self.counted = dashboard.make(self.vault, self.chosen_quarter())
            self.result = dashboard.quarter_return(self.counted)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self._show()

    def _show(self) -> None:
        if self.result is None or self.counted is None:
            return
        # The table's counts come too: a local report hides both in one pass.
        self.report = data_return_commands.build_report(
            self.vault,
            self.chosen_quarter(),
            suppress=self.local.isChecked(),
            result=self.result,
            dashboard=self.counted,
        )
        self.kind.setText(
            tr(
                "As the local report shows it: counts about people below {0} are hidden (*), "
                "with any count that would give one away."
            ).format(self.report.threshold)
            if self.local.isChecked()
            else tr("Real counts, as the SafeLives submission's PDF report shows them.")
        )
        grid = QWidget()
        layout = QGridLayout(grid)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(12)
        self.cards = [ChartCard(chart) for chart in self.report.charts]
        for n, card in enumerate(self.cards):
            layout.addWidget(card, n // 2, n % 2)
        layout.setRowStretch(len(self.cards) // 2 + 1, 1)
        self.area.setWidget(grid)  # the old grid is deleted with its cards

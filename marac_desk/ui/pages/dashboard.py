"""The dashboard: the twelve months to the end of a quarter in charts, for the
coordinator before a steering group, and as the data return's PDF report carries them."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QGridLayout,
    QScrollArea,
    QWidget,
)

from marac_desk.domain import data_return as dr
from marac_desk.storage.vault import Vault
from marac_desk.ui.chart_view import ChartCard
from marac_desk.ui.pages.quarter_counts import QuarterCountsPage, quarters_back
from marac_desk.ui.widgets import hint_label, tr

QUARTERS_SHOWN = 12


class DashboardPage(QuarterCountsPage):
    title = tr("Dashboard")
    intro = tr(
        "The MARAC's year in charts: volume, repeats, who refers, children, IDVA "
        "engagement, and the agencies whose research or actions are missing. The data "
        "return's PDF report carries the same charts."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        this = dr.Quarter.containing(date.today())
        quarters = quarters_back(this)
        super().__init__(
            vault,
            label=tr("Twelve months to the end of"),
            latest=this,
            choices=[(tr("{0} (so far)").format(this.label), this)]
            + [(q.label, q) for q in quarters[1:]],
            parent=parent,
        )
        self.bar.addStretch(1)
        self.page_layout.addLayout(self.bar)
        self.kind = hint_label()
        self.page_layout.addWidget(self.kind)
        self.page_layout.addWidget(self.error)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.page_layout.addWidget(self.area, 1)
        self.cards: list[ChartCard] = []

    def _show(self) -> None:
        if self.result is None or self.counted is None:
            return
        self.report = self.make_report(self.local.isChecked())
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

"""What the Data return and Dashboard pages share: a quarter to choose, the year's counts
to its end with the quarter's return, "Show as the local report", and the report (real
or suppressed) made from them, so both pages hide exactly what the files hide."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from marac_desk import data_return_commands
from marac_desk.domain import dashboard as db
from marac_desk.domain import data_return as dr
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import data_return_export as out
from marac_desk.storage import dashboard
from marac_desk.storage.vault import Vault
from marac_desk.ui.pages.base import Page
from marac_desk.ui.widgets import error_label, tr

QUARTERS_SHOWN = 12


class QuarterCountsPage(Page):
    def __init__(
        self,
        vault: Vault,
        *,
        label: str,
        latest: dr.Quarter,
        choices: list[tuple[str, dr.Quarter]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(vault, parent)
        self.result: dr.DataReturn | None = None
        self.counted: db.Counted | None = None
        self.report: out.Report | None = None
        self.bar = QHBoxLayout()
        self.bar.addWidget(QLabel(label))
        self.quarter = QComboBox()
        self.quarter.setAccessibleName(label)
        for text, quarter in choices:
            self.quarter.addItem(text, quarter.code)
        self.quarter.setCurrentIndex(self.quarter.findData(latest.code))
        self.quarter.currentIndexChanged.connect(self.refresh)
        self.bar.addWidget(self.quarter)
        self.local = QCheckBox(tr("Show as the local report"))
        self.local.setToolTip(tr("Hide what the steering group's file hides"))
        self.local.toggled.connect(self._show)
        self.bar.addWidget(self.local)
        self.error = error_label()

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

    def make_report(self, suppress: bool) -> out.Report:
        """The report as its file holds it: with the dashboard's counts, so a local one
        hides cells in the table and the charts in one pass."""
        assert self.result is not None and self.counted is not None
        return data_return_commands.build_report(
            self.vault,
            self.chosen_quarter(),
            suppress=suppress,
            result=self.result,
            dashboard=self.counted,
        )

    def _show(self) -> None:
        raise NotImplementedError


def quarters_back(first: dr.Quarter, count: int = QUARTERS_SHOWN) -> list[dr.Quarter]:
    found = [first]
    while len(found) < count:
        found.append(found[-1].previous())
    return found

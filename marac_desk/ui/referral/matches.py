"""Possible earlier referrals of the victim: why each matched, and the coordinator's decision."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.criteria import Decision
from marac_desk.domain.dates import uk_date
from marac_desk.errors import MaracDeskError
from marac_desk.storage import repeats
from marac_desk.storage.repeats import EarlierCase
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import fit_columns, keep_within_width, make_table
from marac_desk.ui.widgets import error_label, fit_to_screen, hint_label, tr


def _window(e: EarlierCase) -> str:
    if e.window_ends is None:
        return tr("no referral date")
    state = tr("inside") if e.within_window else tr("outside")
    if e.counted_to is None:
        return tr("{0} (ends {1})").format(state, uk_date(e.window_ends))
    to = (
        tr("no incident date: referral date {0} used")
        if e.counted_to_referral
        else tr("incident on {0}")
    ).format(uk_date(e.counted_to))
    return tr("{0} (ends {1}; {2})").format(state, uk_date(e.window_ends), to)


def _perpetrator(e: EarlierCase) -> str:
    if e.perpetrator_match is None:
        return tr("not compared")
    return f"{e.perpetrator_match.score:.0f}: {'; '.join(e.perpetrator_match.reasons)}"


COLUMNS: list[Column[EarlierCase]] = [
    Column(tr("Reference"), lambda e: e.reference),
    Column(tr("Victim"), lambda e: e.victim),
    Column(tr("How sure"), lambda e: tr(e.band.label), lambda e: (-e.band.rank, e.score)),
    Column(tr("Match"), lambda e: f"{e.score:.0f}", lambda e: e.score),
    Column(tr("Why"), lambda e: "; ".join(e.victim_match.reasons)),
    Column(tr("Last referral"), lambda e: uk_date(e.last_referral_on)),
    Column(tr("Repeat window"), _window),
    Column(tr("Perpetrator"), _perpetrator),
    Column(tr("Status"), lambda e: e.status.label),
    Column(tr("Transferred from"), lambda e: e.transfer_from),
    Column(tr("Decision"), lambda e: e.decision.label if e.decision else tr("not decided")),
]


class MatchDialog(QDialog):
    """Ranked candidates; a decision per candidate, recorded at once."""

    def __init__(
        self,
        vault: Vault,
        case_id: int,
        candidates: list[EarlierCase],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.setWindowTitle(tr("Possible earlier referrals"))
        fit_to_screen(self, 1320, 520)
        self.model: RowsModel[EarlierCase] = RowsModel(COLUMNS, self)
        self.model.set_rows(candidates)
        self.table = make_table(tr("Possible earlier referrals"))
        # The decision column must stay on screen: the reasons, perpetrator and window
        # wrap onto more lines instead.
        keep_within_width(self.table, (4, 7, 6, 9, 1), wrap=True)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        fit_columns(self.table)
        if candidates:
            self.table.selectRow(0)
        self.buttons: dict[Decision, QPushButton] = {}
        row = QHBoxLayout()
        for decision, shortcut in (
            (Decision.SAME_PAIR, "Alt+1"),
            (Decision.SAME_VICTIM, "Alt+2"),
            (Decision.NOT_SAME, "Alt+3"),
        ):
            button = QPushButton(tr(decision.label))
            button.setShortcut(shortcut)
            button.setToolTip(shortcut)
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            row.addWidget(button)
            self.buttons[decision] = button
        row.addStretch(1)
        self.error = error_label()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr(
                    "Earlier cases whose victim may be this victim, the likeliest first; "
                    "“How sure” says how far the details agree. Decide for each: only the "
                    "same victim and perpetrator inside the repeat window makes this "
                    "referral a repeat. Every decision is recorded."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(tr("For the selected case:")))
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)

    def selected(self) -> EarlierCase | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def decide(self, decision: Decision) -> None:
        chosen = self.selected()
        if chosen is None:
            self.error.setText(tr("Choose a case in the list first."))
            return
        try:
            repeats.decide(self.vault, self.case_id, chosen, decision)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        rows: list[Any] = [
            _with_decision(c, decision) if c.case_id == chosen.case_id else c
            for c in (self.model.row_at(i) for i in range(self.model.rowCount()))
        ]
        current = self.table.currentIndex().row()
        self.model.set_rows(rows)
        following = min(current + 1, len(rows) - 1)
        self.table.selectRow(following)


def _with_decision(earlier: EarlierCase, decision: Decision) -> EarlierCase:
    return replace(earlier, decision=decision)

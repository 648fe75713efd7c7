"""Choosing the census group for each ethnicity typed as text before the form had the
groups: one line per way it was written, with how many referrals say it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.equality import ETHNICITIES
from marac_desk.errors import MaracDeskError
from marac_desk.storage import ethnicity_mapping
from marac_desk.storage.vault import Vault
from marac_desk.ui.widgets import error_label, fit_to_screen, hint_label, intro_label, tr

NOT_CHOSEN = ""


class EthnicityMappingDialog(QDialog):
    """Each written ethnicity with a list of the census groups; Save gives the groups
    chosen to every referral that wrote it so. Lines left unchosen stay as they are."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.changed = 0
        self.setWindowTitle(tr("Choose census groups for ethnicities typed as text"))
        column = QVBoxLayout(self)
        column.addWidget(
            intro_label(
                tr(
                    "These referrals recorded ethnicity in words, before the form listed the "
                    "2021 Census groups. Choose the group each one means; what was written "
                    "stays on the referral beside it. Leave a line unchosen when the words "
                    "do not say (the victim can be asked)."
                )
            )
        )
        self.written = ethnicity_mapping.unmapped(vault)
        self.table = QTableWidget(len(self.written), 3)
        self.table.setAccessibleName(tr("Ethnicities typed as text"))
        self.table.setHorizontalHeaderLabels(
            [tr("Written as"), tr("Referrals"), tr("Census group")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.choices: list[QComboBox] = []
        for row, written in enumerate(self.written):
            self.table.setItem(row, 0, QTableWidgetItem(written.shown))
            count = QTableWidgetItem(str(written.referrals))
            self.table.setItem(row, 1, count)
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setAccessibleName(tr("Census group for “{0}”").format(written.shown))
            combo.addItem(tr("Not chosen"), NOT_CHOSEN)
            for group in ETHNICITIES:
                combo.addItem(tr(group), group)
            self.table.setCellWidget(row, 2, combo)
            self.choices.append(combo)
        column.addWidget(self.table, 1)
        if not self.written:
            column.addWidget(hint_label(tr("Every ethnicity typed as text has its group.")))
        self.error = error_label()
        column.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        fit_to_screen(self, 1000, 600)

    def chosen(self) -> dict[str, str]:
        return {
            written.key: str(combo.currentData())
            for written, combo in zip(self.written, self.choices, strict=True)
            if combo.currentData() != NOT_CHOSEN
        }

    def save(self) -> None:
        try:
            self.changed = ethnicity_mapping.choose(self.vault, self.chosen())
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

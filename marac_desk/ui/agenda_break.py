"""Putting a break on a meeting's agenda: after which case, for how long, called what."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QSpinBox, QWidget

from marac_desk.domain.meetings import BREAK_MINUTES
from marac_desk.errors import MaracDeskError
from marac_desk.storage import meetings
from marac_desk.storage.vault import Vault
from marac_desk.ui.widgets import fit_to_screen, form_dialog, hint_label, tr


class BreakDialog(QDialog):
    def __init__(
        self, vault: Vault, meeting_id: int, cases: int, after: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting_id = meeting_id
        self.break_id: int | None = None
        self.setWindowTitle(tr("Add a break"))
        self.after = QSpinBox()
        self.after.setRange(0, cases)
        self.after.setValue(min(after, cases))
        self.after.setAccessibleName(tr("After how many cases"))
        self.after.setSpecialValueText(tr("Before the first case"))
        self.minutes = QSpinBox()
        self.minutes.setRange(*BREAK_MINUTES)
        self.minutes.setValue(15)
        self.minutes.setSuffix(tr(" minutes"))
        self.minutes.setAccessibleName(tr("Length of the break"))
        self.name = QLineEdit(tr("Break"))
        self.name.setMaxLength(60)
        self.name.setAccessibleName(tr("Name of the break"))
        form = QFormLayout()
        form.addRow(tr("&After case number"), self.after)
        form.addRow(tr("&Length"), self.minutes)
        form.addRow(tr("&Name"), self.name)
        self.error = form_dialog(
            self,
            form,
            self._save,
            hint_label(
                tr(
                    "The break keeps its place in the day when cases are moved: the planned "
                    "times of everything after it follow."
                )
            ),
        )
        fit_to_screen(self, 460, 260)

    def _save(self) -> None:
        try:
            self.break_id = meetings.add_break(
                self.vault,
                self.meeting_id,
                self.after.value(),
                self.minutes.value(),
                self.name.text(),
            )
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

"""Chasing actions overdue between meetings: a ready chaser per owner agency, with its
single point of contact, to paste into secure email; the chase recorded."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from marac_desk.domain.action_chase import Late
from marac_desk.storage import action_chase
from marac_desk.storage.vault import Vault
from marac_desk.ui.chasers import ChaserDialog
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import tr


class ActionChaseDialog(ChaserDialog[Late]):
    def __init__(
        self, vault: Vault, today: date, agency: str = "", parent: QWidget | None = None
    ) -> None:
        self.vault = vault
        self.today = today
        late = action_chase.late(vault, today)
        super().__init__(
            late,
            [plural("{0}: %n action(s)", len(f.actions)).format(f.agency_name) for f in late],
            title=tr("Chase overdue actions"),
            list_name=tr("Agencies with actions to chase"),
            hint=plural(
                "Actions still open more than %n day(s) after their due date, by the "
                "agency that owns them. Each chaser names the actions by case reference, "
                "meeting and due date only. Send it by secure email, then tick the "
                "agencies chased and record them.",
                action_chase.chase_after_days(vault),
            )
            if late
            else tr("No action is overdue by more than the setting."),
            parent=parent,
        )
        self.late = self.items
        self.above.setAccessibleName(tr("Single point of contact"))
        self.start_at(
            next((n for n, found in enumerate(late) if found.agency_code == agency.upper()), 0)
        )

    def chaser_for(self, item: Late) -> str:
        return action_chase.text_for(self.vault, item, self.today)

    def above_text(self, item: Late) -> str:
        return tr("Single point of contact: {0}").format(item.contact_line)

    def record_chased(self, chased: list[Late]) -> None:
        action_chase.record(self.vault, chased)

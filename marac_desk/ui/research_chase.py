"""Chasing overdue research: a ready chaser per agency to paste into secure email, and the
chase recorded."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.research_chase import Overdue
from marac_desk.storage import research_chase
from marac_desk.storage.vault import Vault
from marac_desk.ui.chasers import ChaserDialog
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import tr


class ChaseDialog(ChaserDialog[Overdue]):
    def __init__(
        self, vault: Vault, meeting_id: int, today: date, parent: QWidget | None = None
    ) -> None:
        self.vault = vault
        self.meeting_id = meeting_id
        self.today = today
        overdue = research_chase.overdue(vault, meeting_id, today)
        chased = research_chase.chases(vault, meeting_id)
        lines = []
        for found in overdue:
            line = plural("{0}: %n case(s) overdue", len(found.references)).format(
                found.agency_name
            )
            last = chased.get(found.agency_code)
            if last is not None:
                line += tr(" (chased {0})").format(uk_date_time(last.chased_at))
            lines.append(line)
        super().__init__(
            overdue,
            lines,
            title=tr("Chase overdue research"),
            list_name=tr("Agencies with research overdue"),
            hint=tr(
                "Each chaser names the cases by reference only: the agency has the pack "
                "with the people. Paste it into secure email, send it, then tick the "
                "agencies chased and record them."
            )
            if overdue
            else tr("No agency's research is overdue for this meeting."),
            parent=parent,
        )
        self.overdue = self.items
        self.start_at(0)

    def chaser_for(self, item: Overdue) -> str:
        return research_chase.text_for(self.vault, self.meeting_id, item, self.today)

    def record_chased(self, chased: list[Overdue]) -> None:
        research_chase.record(self.vault, self.meeting_id, chased)

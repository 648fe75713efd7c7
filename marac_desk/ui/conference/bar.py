"""The bar across the top of conference mode: the meeting, where it has got to, the
clock against the time boxes, when the last edit was saved, and after a crash what was
recovered. It only ever sets label text: focus and selection are never touched."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from marac_desk.domain.meeting_clock import CaseClock, MeetingClock
from marac_desk.ui.widgets import tr


def clock_time(stamp: str) -> str:
    """An ISO time (UTC from the vault, or local) as the local clock time."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%H:%M:%S}"


def _label(name: str, accessible: str = "") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    if accessible:
        label.setAccessibleName(accessible)
    return label


class ConferenceBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conferenceBar")
        self.title = _label("conferenceTitle")
        self.where = _label("conferenceWhere")
        self.case_clock = _label("caseClock", tr("Time on this case"))
        self.meeting_clock = _label("meetingClock")
        self.saved_label = _label("savedText", tr("Saved"))
        self.notice = _label("recoveryNote")
        self.notice.setWordWrap(True)
        self.notice.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 6, 12, 6)
        top = QHBoxLayout()
        # Each row fits a 1180-pixel laptop screen with a long case title.
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.saved_label)
        top.addSpacing(24)
        top.addWidget(self.case_clock)
        bottom = QHBoxLayout()
        bottom.addWidget(self.where, 1)
        bottom.addWidget(self.meeting_clock)
        column.addLayout(top)
        column.addLayout(bottom)
        column.addWidget(self.notice)

    def show_clocks(self, case: CaseClock | None, meeting: MeetingClock | None) -> None:
        if case is None:
            self.case_clock.setText("")
        else:
            self.case_clock.setText(tr("This case: {0}").format(case.text))
            self.case_clock.setProperty("overrun", case.overrun > 0)
            self.case_clock.style().polish(self.case_clock)
        if meeting is None:
            self.meeting_clock.setText(tr("Meeting closed"))
            self.meeting_clock.setProperty("overrun", False)
            self.meeting_clock.style().polish(self.meeting_clock)
            return
        self.meeting_clock.setText(meeting.text)
        self.meeting_clock.setProperty("overrun", meeting.behind > 0)
        self.meeting_clock.style().polish(self.meeting_clock)

    def show_saved(self, stamp: str) -> None:
        self.saved_label.setText(tr("Saved {0}").format(clock_time(stamp)))

    def say_recovered(self, saved_at: str) -> None:
        where = self.where.text() or tr("where you were")
        self.notice.setText(
            tr(
                "marac-desk stopped during this meeting. You are back at {0}, with every note "
                "and action saved up to {1}."
            ).format(where, clock_time(saved_at))
        )
        self.notice.show()

"""A date typed the UK way (08/12/2026, 8/12/26, 8 Dec 2026, or ISO) with a calendar beside it.

The field shows DD/MM/YYYY and hands the form YYYY-MM-DD, the form the vault stores. Text that
is not a date is handed on as typed, so the form's check can say what is wrong with it and
nothing the user typed is lost.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidget, QWidgetAction

from marac_desk.domain.dates import EXAMPLE, DateError, parse_date, parse_iso, typed_as_iso, uk_date
from marac_desk.ui.widgets import tr


def calendar_icon(size: int = 16) -> QIcon:
    """A small page-of-a-calendar drawn here: Qt's standard icons have none."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor("#1d3557")
    painter.setPen(QPen(ink, 1.2))
    page = QRect(1, 3, size - 3, size - 5)
    painter.drawRect(page)
    painter.fillRect(QRect(1, 3, size - 3, 4), ink)
    painter.drawLine(QPoint(5, 1), QPoint(5, 4))
    painter.drawLine(QPoint(size - 6, 1), QPoint(size - 6, 4))
    for row in (9, 12):
        for column in (4, 7, 10):
            painter.drawPoint(column, row)
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """A line for a date, with a calendar button (also Alt+Down) to pick one instead."""

    picked = Signal(date)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr("such as {0}").format(EXAMPLE))
        self.setToolTip(
            tr(
                "Type the date day first: 08/12/2026, 8/12/26, 8 Dec 2026. "
                "Alt+Down opens a calendar."
            )
        )
        self.setMaxLength(60)
        self.calendar_action = QAction(calendar_icon(), tr("Choose from a calendar"), self)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self.tidy)
        self._menu: QMenu | None = None

    # -- what the form reads and writes ----------------------------------------------------

    def iso(self) -> str:
        """YYYY-MM-DD when the text is a date, the text itself when not, "" when empty."""
        return typed_as_iso(self.text())

    def set_iso(self, value: str | None) -> None:
        found = parse_iso(value or "")
        self.setText(uk_date(found) if found else (value or ""))

    def day(self) -> date | None:
        """The date typed, or None when empty or not a date."""
        try:
            return parse_date(self.text())
        except DateError:
            return None

    def not_a_date(self) -> str:
        """What to say when something is typed that is not a date ("" when empty or a
        date), so a form never takes a mistyped date for a missing one."""
        typed = self.text().strip()
        if not typed or self.day() is not None:
            return ""
        return tr("“{0}” is not a date: type it day first, such as 08/12/2026.").format(typed)

    def set_day(self, day: date | None) -> None:
        self.setText(uk_date(day))

    def problem(self) -> str:
        """What is wrong with the text, or "" when it is a date or empty."""
        try:
            parse_date(self.text())
        except DateError as error:
            return str(error)
        return ""

    def tidy(self) -> None:
        """Show a typed date as DD/MM/YYYY once the user leaves the field, so she sees at
        once which date was read (8/12/26 becomes 08/12/2026)."""
        found = self.day()
        if found is not None and self.text() != uk_date(found):
            self.setText(uk_date(found))

    # -- the calendar ----------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        shown = self.day() or date.today()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        calendar.setAccessibleName(tr("Calendar: choose a date, Enter to take it"))
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def take(chosen: QDate) -> None:
            day = date(chosen.year(), chosen.month(), chosen.day())
            self.setText(uk_date(day))
            self.editingFinished.emit()
            self.picked.emit(day)
            menu.close()

        calendar.activated.connect(take)
        calendar.clicked.connect(take)
        self._menu = menu
        menu.aboutToShow.connect(calendar.setFocus)
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

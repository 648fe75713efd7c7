"""One dashboard chart on screen: the SVG that exchange.charts draws from the same
reportlab drawing the PDF holds, painted by Qt's SVG renderer at the widget's size."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from marac_desk.domain.dashboard import Chart
from marac_desk.exchange import charts
from marac_desk.ui.widgets import hint_label, tr

# The drawing's own size in points: its proportions, and the size its text is laid out
# for (labels are measured by reportlab at this size, so the picture is scaled whole).
# Smaller than on paper, so that scaled to half a laptop's page its text reads at the
# size of the page's own.
DRAWN = QSize(400, 190)


def spoken(chart: Chart) -> str:
    """The chart in words, as a screen reader reads it: the point, then every value."""
    if chart.empty:
        return f"{chart.summary} {chart.empty}"
    parts = [chart.summary]
    for series in chart.series:
        values = ", ".join(
            f"{label} {charts.value_text(chart, value)}"
            for label, value in zip(chart.labels, series.values, strict=True)
        )
        parts.append(f"{series.name}: {values}.")
    return " ".join(parts)


class ChartView(QWidget):
    """The picture of one chart, kept to its proportions as the page is resized."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.renderer = QSvgRenderer(QByteArray(charts.svg(chart, DRAWN.width(), DRAWN.height())))
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(360, 165)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by keyboard, read aloud
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(spoken(chart))
        self.setToolTip(chart.definition)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width * DRAWN.height() / DRAWN.width())

    def sizeHint(self) -> QSize:
        return QSize(560, self.heightForWidth(560))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = min(self.width(), round(self.height() * DRAWN.width() / DRAWN.height()))
        height = round(width * DRAWN.height() / DRAWN.width())
        area = QRectF(0, 0, width, height)
        painter.fillRect(area, QColor("white"))
        self.renderer.render(painter, area)
        if self.hasFocus():
            painter.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            painter.drawRect(area.adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()


class ChartCard(QFrame):
    """A chart with its title above, its point in words and what it counts below."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        title = QLabel(tr(chart.title))
        title.setObjectName("sectionTitle")
        column.addWidget(title)
        self.summary = QLabel(chart.summary)
        self.summary.setWordWrap(True)
        # Two lines kept for every summary, so the charts side by side start level.
        self.summary.setMinimumHeight(2 * self.summary.fontMetrics().lineSpacing())
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.summary)
        self.view = ChartView(chart)
        column.addWidget(self.view)
        self.definition = hint_label(chart.definition)
        column.addWidget(self.definition)

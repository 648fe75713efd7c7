"""The dashboard's charts, drawn once with reportlab's charts (reportlab.graphics) and put
on paper and on screen from the same drawing: in a PDF as vector graphics, on screen as
SVG that Qt's own SVG renderer paints. So the chart a coordinator looks at is the one
the steering group reads, to the pixel and to the label.

Every value is written on its bar, so no chart is read by colour or by eye alone; a
hidden count (a local report) is drawn as no bar and the mark "*" in its place.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.textlabels import NA_Label
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from marac_desk.domain.dashboard import HIDDEN_TEXT, Chart
from marac_desk.exchange import pdf

# Two series at most, told apart by their place (first above or left of the second), the
# legend and the value on each bar as well as by colour: a dark blue and an orange that
# stay apart for the common colour-vision differences and in greyscale.
SERIES_COLOURS = (colors.HexColor("#1F5F8B"), colors.HexColor("#E08E2B"))
REFERENCE = colors.HexColor("#B3261E")
AXIS = colors.HexColor("#55606B")
GRID = colors.HexColor("#DDE2E7")
FONT_SIZE = 8.0
# The SVG names fonts by the family Qt knows the shipped files as.
_SVG_FONTS = {
    pdf.FONT: {"family": "DejaVu Sans"},
    pdf.BOLD: {"family": "DejaVu Sans", "weight": "bold"},
}


def nice_top(highest: float) -> tuple[float, float]:
    """The axis's top and step: a round number just above the highest value."""
    if highest <= 0:
        return 1.0, 1.0
    raw = highest * 1.15 / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if step < 1 and highest >= 1:
        step = 1.0
    return step * math.ceil(highest * 1.15 / step), step


def value_text(chart: Chart, value: float | None) -> str:
    if value is None:
        return HIDDEN_TEXT
    if chart.percent:
        return f"{value:.0f}%"
    return f"{value:,.{chart.decimals}f}"


def _fit(text: str, width: float) -> str:
    """`text`, cut with an ellipsis to fit `width` points."""
    if stringWidth(text, pdf.FONT, FONT_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", pdf.FONT, FONT_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def drawing(chart: Chart, width: float = 480, height: float = 220) -> Drawing:
    """The chart as a reportlab drawing, `width` by `height` points."""
    pdf.register_fonts()
    out = Drawing(width, height)
    out.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))
    if chart.empty or not chart.series or not chart.labels:
        out.add(Rect(1, 1, width - 2, height - 2, fillColor=pdf.SHADE, strokeColor=pdf.RULE))
        message = chart.empty or "Nothing to show for this period."
        out.add(
            String(
                width / 2,
                height / 2,
                _fit(message, width - 20),
                fontName=pdf.FONT,
                fontSize=9,
                fillColor=pdf.GREY,
                textAnchor="middle",
            )
        )
        return out
    legend_room = 16.0 if len(chart.series) > 1 or chart.reference is not None else 0.0
    if chart.horizontal:
        _horizontal(out, chart, width, height - legend_room)
    else:
        _vertical(out, chart, width, height - legend_room)
    if len(chart.series) > 1:
        _legend(out, chart, width, height)
    if chart.reference is not None:
        _reference_key(out, chart, width, height)
    return out


def _in_order(chart: Chart) -> list[int]:
    """The series in the order the chart lays them out: a horizontal chart lists its
    categories from the top, and reportlab then lays a category's bars upwards, so the
    series go in reversed to keep the first one on top, as the legend reads."""
    order = list(range(len(chart.series)))
    return order[::-1] if chart.horizontal else order


def _highest(chart: Chart) -> float:
    found = [v for s in chart.series for v in s.values if v is not None]
    if chart.reference is not None:
        found.append(chart.reference)
    return max(found, default=0.0)


def _style_bars(bars: Any, chart: Chart) -> None:
    order = _in_order(chart)
    bars.data = [list(chart.series[n].values) for n in order]
    bars.strokeColor = None
    for place, n in enumerate(order):
        bars.bars[place].fillColor = SERIES_COLOURS[n]
        bars.bars[place].strokeColor = None
    bars.barLabelFormat = lambda v: value_text(chart, v)
    bars.barLabels.fontName = pdf.FONT
    bars.barLabels.fontSize = FONT_SIZE - 0.5
    bars.barLabels.fillColor = pdf.INK
    bars.barLabels.boxFillColor = colors.white  # clear of the dashed reference line
    bars.naLabel = NA_Label()
    bars.naLabel.text = HIDDEN_TEXT
    bars.naLabel.fontName = pdf.BOLD
    bars.naLabel.fontSize = FONT_SIZE + 1
    bars.naLabel.fillColor = pdf.INK
    top, step = nice_top(_highest(chart))
    axis = bars.valueAxis
    axis.valueMin, axis.valueMax, axis.valueStep = 0, top, step
    axis.labels.fontName = pdf.FONT
    axis.labels.fontSize = FONT_SIZE - 0.5
    axis.labels.fillColor = AXIS
    axis.strokeColor = AXIS
    axis.visibleGrid = True
    axis.gridStrokeColor = GRID
    axis.labelTextFormat = (lambda v: f"{v:.0f}%") if chart.percent else _axis_number
    category = bars.categoryAxis
    category.labels.fontName = pdf.FONT
    category.labels.fontSize = FONT_SIZE
    category.labels.fillColor = pdf.INK
    category.strokeColor = AXIS
    category.visibleTicks = False
    bars.groupSpacing = 6 if len(chart.series) > 1 else 10
    bars.barSpacing = 1


def _axis_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _vertical(out: Drawing, chart: Chart, width: float, height: float) -> None:
    bars = VerticalBarChart()
    left, bottom = 34.0, 22.0
    bars.x, bars.y = left, bottom
    bars.width, bars.height = width - left - 8, height - bottom - 14
    _style_bars(bars, chart)
    bars.barLabels.nudge = 7
    bars.barLabels.boxAnchor = "s"
    bars.categoryAxis.categoryNames = [
        _fit(label, bars.width / len(chart.labels) + 6) for label in chart.labels
    ]
    bars.categoryAxis.labels.dy = -2
    bars.naLabel.boxAnchor = "s"
    if chart.reference is not None:
        # Drawn first, so that no bar's value is struck through by it.
        top = bars.valueAxis.valueMax
        y = bottom + bars.height * chart.reference / top
        _reference(out, chart, left, left + bars.width, y)
    out.add(bars)


def _horizontal(out: Drawing, chart: Chart, width: float, height: float) -> None:
    bars = HorizontalBarChart()
    room = min(
        max(stringWidth(label, pdf.FONT, FONT_SIZE) for label in chart.labels) + 8,
        width * 0.42,
    )
    left, bottom = room, 18.0
    bars.x, bars.y = left, bottom
    bars.width, bars.height = width - left - 28, height - bottom - 6
    _style_bars(bars, chart)
    bars.barLabels.nudge = 6
    bars.barLabels.boxAnchor = "w"
    bars.naLabel.boxAnchor = "w"
    bars.categoryAxis.categoryNames = [_fit(label, room - 8) for label in chart.labels]
    bars.categoryAxis.reverseDirection = 1  # the first category at the top, as it is read
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -4
    out.add(bars)


def _reference(out: Drawing, chart: Chart, x0: float, x1: float, y: float) -> None:
    out.add(Line(x0, y, x1, y, strokeColor=REFERENCE, strokeWidth=1.2, strokeDashArray=[4, 3]))


def _reference_key(out: Drawing, chart: Chart, width: float, height: float) -> None:
    """What the dashed line is, at the top right, clear of the bars."""
    y = height - 9
    text_width = stringWidth(chart.reference_label, pdf.FONT, FONT_SIZE)
    start = width - 8 - text_width - 26
    out.add(
        Line(start, y + 3, start + 20, y + 3, strokeColor=REFERENCE, strokeWidth=1.2,
             strokeDashArray=[4, 3])
    )  # fmt: skip
    out.add(
        String(
            width - 8,
            y,
            chart.reference_label,
            fontName=pdf.FONT,
            fontSize=FONT_SIZE,
            fillColor=pdf.INK,
            textAnchor="end",
        )
    )


def _legend(out: Drawing, chart: Chart, width: float, height: float) -> None:
    legend = Legend()
    legend.alignment = "right"
    legend.x, legend.y = 8, height - 4
    legend.columnMaximum = 1
    legend.deltax = 12
    legend.dx, legend.dy = 8, 8
    legend.fontName, legend.fontSize = pdf.FONT, FONT_SIZE
    legend.fillColor = pdf.INK
    legend.strokeColor = None
    legend.boxAnchor = "nw"
    legend.colorNamePairs = list(zip(SERIES_COLOURS, [s.name for s in chart.series], strict=False))
    out.add(legend)


def svg(chart: Chart, width: float = 480, height: float = 220) -> bytes:
    """The same drawing as SVG, for the screen. No clip path: Qt's SVG renderer (SVG Tiny)
    does not know one and would paint it as a black box."""
    text: str = renderSVG.drawToString(
        drawing(chart, width, height), useClip=True, fontHacks=_SVG_FONTS
    )
    return text.encode("utf-8")

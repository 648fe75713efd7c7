"""The quarterly data return written out: CSV and XLSX in one table layout (a row per
count, the quarter's total, then a column per meeting date), and a PDF report.

Two kinds, and every file says which it is, in its name and on its first line: the
submission to SafeLives carries the real counts; a local report (steering group,
partnership boards) hides small counts, and whatever else would give them away
(domain.data_return.suppress). Files hold counts only, never a case.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from marac_desk.domain import dashboard as db
from marac_desk.domain import data_return as dr
from marac_desk.domain.agency_categories import Category, label_of
from marac_desk.domain.dates import uk_date
from marac_desk.fileio import atomic_write_bytes

HIDDEN = "*"


class Kind(StrEnum):
    SUBMISSION = "safelives"
    LOCAL = "local"


@dataclass(frozen=True)
class Report:
    """What a file shows: the counts, which of them are hidden, and how to say it."""

    result: dr.DataReturn
    kind: Kind
    marac: str
    categories: tuple[Category, ...]
    threshold: int = 5
    hidden: frozenset[dr.CellKey] = frozenset()
    charts: tuple[db.Chart, ...] = ()  # the dashboard for the year to the quarter's end
    year: str = ""  # which twelve months the charts cover

    @property
    def heading(self) -> str:
        if self.kind is Kind.SUBMISSION:
            return (
                f"SafeLives MARAC data return: {self.marac}, {self.result.quarter.label}. "
                "Real counts, for the submission to SafeLives only: do not publish."
            )
        return (
            f"Local report of the MARAC data return: {self.marac}, "
            f"{self.result.quarter.label}. Counts below {self.threshold} are hidden ({HIDDEN}), "
            "with any other count that would let one be worked out."
        )

    def rows(self) -> list[tuple[str, str]]:
        """(measure key, its label) for every row the files carry, in the return's order."""
        found = [(m.key, m.label) for m in dr.MEASURES if m.in_return]
        for key in self.result.measures:
            if key.startswith("agency:"):
                category = key.removeprefix("agency:")
                found.append((key, "Referred by: " + label_of(category, self.categories)))
        return found

    def shown(self, day: date | None, key: str) -> str:
        if (day, key) in self.hidden:
            return HIDDEN
        return str(self.result.value(day, key))

    def definition(self, key: str) -> str:
        measure = dr.MEASURE_BY_KEY.get(key)
        if measure is not None:
            return measure.definition
        return "Cases whose referring agency is in this category in the agency directory."

    def table(self) -> list[list[str]]:
        days = self.result.meeting_dates
        head = ["Count", "Quarter", *(uk_date(d) for d in days), "Definition"]
        body = [
            [
                label,
                self.shown(dr.TOTAL, key),
                *(self.shown(d, key) for d in days),
                self.definition(key),
            ]
            for key, label in self.rows()
        ]
        return [head, *body]

    def footnote(self) -> str:
        if self.kind is Kind.SUBMISSION:
            return (
                "Every count is real. A case counts once, at the first meeting that discussed it."
            )
        return (
            f"{HIDDEN}: hidden. Either fewer than {self.threshold}, or hidden so that a hidden "
            "count cannot be worked out by subtraction. Zero is shown."
        )


def report(
    result: dr.DataReturn,
    kind: Kind,
    *,
    marac: str,
    categories: tuple[Category, ...],
    threshold: int,
    dashboard: db.Counted | None = None,
) -> Report:
    """The files' contents. A local report hides small counts in the table and the charts
    in one pass over both, since the charts' quarter is the table's and the year less
    that quarter could otherwise be worked out from the two."""
    hidden: frozenset[dr.CellKey] = frozenset()
    if kind is Kind.LOCAL:
        hidden = hidden_cells(result, dashboard, threshold)
    charts = tuple(db.charts(dashboard, hidden)) if dashboard is not None else ()
    year = dashboard.facts.year.label if dashboard is not None else ""
    return Report(result, kind, marac, categories, threshold, hidden, charts, year)


def hidden_cells(
    result: dr.DataReturn, dashboard: db.Counted | None, threshold: int
) -> frozenset[dr.CellKey]:
    """What a local report hides, in the return's table and (when given) the charts."""
    values: dict[dr.CellKey, int] = {k: c.value for k, c in result.cells.items()}
    groups = dr.groups_of(result)
    unpublished: frozenset[dr.CellKey] = frozenset()
    if dashboard is not None:
        if dashboard.facts.year.last != result.quarter:
            raise ValueError("the dashboard must end with the return's quarter")
        values |= dashboard.values
        groups += dashboard.groups
        unpublished = dashboard.unpublished
    return dr.suppress(values, groups, threshold, unpublished=unpublished)


def file_stem(report: Report) -> str:
    which = "SafeLives" if report.kind is Kind.SUBMISSION else "local-suppressed"
    return f"data-return-{report.result.quarter.code}-{which}"


def csv_bytes(report: Report) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([report.heading])
    writer.writerow([report.footnote()])
    writer.writerow([])
    writer.writerows(report.table())
    # UTF-8 with a byte-order mark, so Excel reads names with accents correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()  # not write-only: that mode spools to temporary files
    book.properties.creator = "marac-desk"
    book.properties.title = report.heading
    sheet = book.active
    assert sheet is not None
    sheet.title = "Return"
    sheet.append([report.heading])
    sheet.append([report.footnote()])
    sheet.append([])
    for number, row in enumerate(report.table()):
        cells: list[object] = list(row)
        if number:
            cells[1:-1] = [int(v) if v.isdigit() else v for v in row[1:-1]]
        sheet.append(cells)
    sheet["A1"].font = Font(bold=True)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 52
    for row in sheet.iter_rows(min_row=5):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    last = sheet.cell(row=4, column=sheet.max_column).column_letter
    sheet.column_dimensions[last].width = 80
    sheet.freeze_panes = "B5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_bytes(report: Report, *, marking: str) -> bytes:
    from reportlab.platypus import Spacer

    from marac_desk.exchange import pdf

    style = pdf.styles()
    story: list[object] = [
        pdf.text(f"MARAC data return: {report.result.quarter.label}", style["title"]),
        pdf.text(report.heading, style["body"]),
        Spacer(1, 3),
        pdf.text(report.footnote(), style["small"]),
    ]
    days = report.result.meeting_dates
    if not days:
        story.append(pdf.text("No case was discussed at a meeting in this quarter.", style["h2"]))
    # Six meeting dates to a table beside the quarter's total, so a weekly MARAC's
    # thirteen fit on the page.
    chunks: Sequence[tuple[date, ...]] = [days[i : i + 6] for i in range(0, len(days), 6)] or [()]
    for chunk in chunks:
        # Dates on two lines (day and month, then the year) to fit narrow columns.
        head: list[object] = ["Count", "Quarter", *(d.strftime("%d/%m\n%Y") for d in chunk)]
        rows: list[list[object]] = [head] + [
            [
                pdf.text(label, style["cellbold"]),
                report.shown(dr.TOTAL, key),
                *(report.shown(d, key) for d in chunk),
            ]
            for key, label in report.rows()
        ]
        story.append(Spacer(1, 6))
        story.append(pdf.grid(rows, [72, 17, *([15] * len(chunk))], bold_first_column=True))
    story.append(pdf.text("What each count means", style["h1"]))
    for key, label in report.rows():
        story.append(pdf.text(label, style["h3"]))
        story.append(pdf.text(report.definition(key), style["body"]))
    if report.charts:
        story += _dashboard_story(report, style)
    return pdf.build(
        story,
        title=f"MARAC data return {report.result.quarter.code} ({report.kind.value})",
        marking=marking,
        footer=f"{report.marac}: data return {report.result.quarter.code}, "
        + ("SafeLives submission" if report.kind is Kind.SUBMISSION else "local report"),
    )


def _dashboard_story(report: Report, style: Mapping[str, Any]) -> list[object]:
    """The dashboard's charts, each with its title, its point in words and what it
    counts; two to a page."""
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

    from marac_desk.exchange import charts, pdf, pdf_tags

    story: list[object] = [
        PageBreak(),
        pdf.text(f"Dashboard: {report.year}", style["h1"]),
        pdf.text(
            "The twelve months to the end of the quarter. "
            + (
                "Counts about people are hidden (*) as in the table above; counts of "
                "agencies' work are shown as they are."
                if report.kind is Kind.LOCAL
                else "Every count is real."
            ),
            style["body"],
        ),
    ]
    for chart in report.charts:
        figure = pdf_tags.TaggedFigure(
            charts.drawing(chart, 480, 215), f"{chart.title}. {chart.summary} {chart.empty}"
        )
        story.append(CondPageBreak(300))
        story.append(
            KeepTogether(
                [
                    pdf.text(chart.title, style["h2"]),
                    pdf.text(chart.summary, style["body"]),
                    Spacer(1, 4),
                    figure,
                    pdf.text(chart.definition, style["small"]),
                    Spacer(1, 8),
                ]
            )
        )
    return story


def write(report: Report, folder: Path, *, marking: str, formats: Sequence[str]) -> list[Path]:
    """Write the chosen formats into `folder`; each file whole or not at all."""
    made: list[Path] = []
    for fmt in formats:
        target = folder / f"{file_stem(report)}.{fmt}"
        if fmt == "csv":
            data = csv_bytes(report)
        elif fmt == "xlsx":
            data = xlsx_bytes(report)
        elif fmt == "pdf":
            data = pdf_bytes(report, marking=marking)
        else:
            raise ValueError(f"no data return format {fmt!r}")
        atomic_write_bytes(target, data)
        made.append(target)
    return made

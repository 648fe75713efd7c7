"""The combined case summary on screen: the same `CaseSummary` the printed page renders,
as HTML in a read-only browser. All user text is escaped."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.case_summary import CaseSummary
from marac_desk.domain.summary_layout import Row, layout
from marac_desk.errors import MaracDeskError
from marac_desk.ui.printing import print_html
from marac_desk.ui.widgets import fit_to_screen, show_error, show_info, tr


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _row(row: Row) -> str:
    lines = "<br>".join(_text(x) for x in row.lines)
    if row.placeholder:
        lines = f"<i>{lines}</i>"
    note = f"<div class='meta'>{escape(row.note)}</div>" if row.note else ""
    return f"<tr><th>{escape(row.label)}</th><td>{lines}{note}</td></tr>"


def heading(text: str, level: int) -> str:
    """A heading that prints at its own size. Qt's h1-h6 scale from the default font
    whatever the style sheet says, so at the shared screen's size an <h3> came out
    smaller than the text under it; a styled paragraph takes the size it is given."""
    return f"<p class='h{level}'>{escape(text)}</p>"


def page_style(points: float) -> str:
    """The type scale for a summary at `points`: headings always above the text."""
    return (
        f"<style>body{{font-size:{points}pt}} p{{font-size:{points}pt}} "
        # One label width throughout, so the text of every part lines up for the chair.
        "th{text-align:left;vertical-align:top;padding:3px 12px 3px 0;width:190px;"
        f"font-size:{points}pt}} "
        f"td{{padding:3px 0;font-size:{points}pt}} li{{font-size:{points}pt}} "
        f".meta{{color:#55606b;font-size:{points - 1.5}pt}} "
        f".h2{{font-size:{points * 1.5:.1f}pt;font-weight:bold;margin-top:4px}} "
        f".h3{{font-size:{points * 1.3:.1f}pt;font-weight:bold;margin-top:14px}} "
        f".h4{{font-size:{points * 1.12:.1f}pt;font-weight:bold;margin-top:8px}}</style>"
    )


def summary_html(summary: CaseSummary, points: float = 10.5) -> str:
    """The summary's layout as HTML; the printed page renders the same layout.
    `points`: the text size (larger in the meeting, read from across a room)."""
    laid = layout(summary)
    parts = [
        heading(laid.title, 2),
        f"<p class='meta'>{escape(laid.subtitle)}</p>",
    ]
    for block in laid.blocks:
        parts.append(heading(block.heading, 3 if block.level == 1 else 4))
        if block.note:
            parts.append(f"<p class='meta'>{escape(block.note)}</p>")
        if block.rows:
            parts.append("<table>" + "".join(_row(r) for r in block.rows) + "</table>")
        elif block.empty:
            parts.append(f"<p><i>{escape(block.empty)}</i></p>")
    return page_style(points) + "".join(parts)


class SummaryDialog(QDialog):
    """One case's combined summary, to read before and during the discussion, and to
    save as the printable page (`save_pdf` writes it where the user chose)."""

    def __init__(
        self,
        summary: CaseSummary,
        parent: QWidget | None = None,
        save_pdf: Callable[[Path], Path] | None = None,
        record_print: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.summary = summary
        self.save_pdf = save_pdf
        self.record_print = record_print
        self.setWindowTitle(tr("Combined case summary: {0}").format(summary.referral.reference))
        fit_to_screen(self, 820, 760)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(tr("Combined case summary"))
        self.browser.setOpenLinks(False)
        self.browser.setHtml(summary_html(summary))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if save_pdf is not None:
            printable = buttons.addButton(
                tr("Save the &printable page (PDF)…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            printable.clicked.connect(self.choose_pdf)
        if record_print is not None:
            paper = buttons.addButton(tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole)
            paper.setShortcut(QKeySequence.StandardKey.Print)
            paper.setToolTip(tr("Print on paper (Ctrl+P); the print is logged"))
            paper.clicked.connect(self.print_summary)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def print_summary(self) -> None:
        print_html(
            self,
            tr("Print the case summary"),
            self.browser.toHtml(),
            self.record_print,
        )

    def choose_pdf(self) -> None:
        suggested = f"{self.summary.referral.reference} case summary.pdf".replace("/", "-")
        chosen, _ = QFileDialog.getSaveFileName(
            self, tr("Save the case summary"), suggested, tr("PDF documents (*.pdf)")
        )
        if chosen:
            self.write_pdf(Path(chosen))

    def write_pdf(self, path: Path) -> Path | None:
        if self.save_pdf is None:
            return None
        try:
            written = self.save_pdf(path)
        except MaracDeskError as exc:
            show_error(self, tr("Case summary"), str(exc))
            return None
        show_info(self, tr("Case summary"), tr("Saved: {0}").format(written))
        return written

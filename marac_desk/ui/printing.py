"""Printing through the system's print dialog, to paper only.

A "print to file" would write case data (or the recovery key) to disk in plaintext, behind
the vault's back, so it is never offered: the dialog has no file option, and a printer the
user set up to write files is refused with what to do instead. Saving a PDF is a separate,
deliberate action where marac-desk offers it, and is recorded there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from marac_desk.errors import MaracDeskError
from marac_desk.ui.widgets import show_error, tr


def paper_printers() -> list[str]:
    """The printers this computer has, by name (none on a machine with no print system)."""
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def choose_printer(parent: QWidget, title: str) -> QPrinter | None:
    """The printer and settings the user chooses, or None when there is none or they cancel.

    Says so when the computer has no printer, or the one chosen writes to a file."""
    if not paper_printers():
        show_error(
            parent,
            title,
            tr(
                "No printer is set up on this computer, so nothing was printed. marac-desk "
                "does not print to a file: a file would leave this on the computer unprotected."
            ),
        )
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or printer.outputFileName():
        show_error(
            parent,
            title,
            tr(
                "That printer writes to a file, so nothing was printed: a file would leave "
                "this on the computer unprotected. Choose a paper printer."
            ),
        )
        return None
    return printer


def print_html(
    parent: QWidget, title: str, html: str, record: Callable[[], None] | None = None
) -> bool:
    """Print `html` (a page marac-desk laid out) on paper; True when it was sent.

    `record` logs the print (case data on paper is logged like a file): it runs before the
    page goes to the printer, so a print the log cannot hold is not made."""
    printer = choose_printer(parent, title)
    if printer is None:
        return False
    if record is not None:
        try:
            record()
        except MaracDeskError as exc:
            show_error(parent, title, str(exc))
            return False
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
    return True


def table_html(title: str, table: list[list[str]], marking: str = "OFFICIAL-SENSITIVE") -> str:
    """A heading and a table (the first row its headings) as a page to print."""
    from html import escape

    head, *body = table
    rows = "<tr>" + "".join(f"<th align='left'>{escape(h)}</th>" for h in head) + "</tr>"
    rows += "".join(
        "<tr>" + "".join(f"<td valign='top'>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in body
    )
    mark = f"<p align='center'><b>{escape(marking)}</b></p>"
    return (
        f"<html><body>{mark}<h2>{escape(title)}</h2>"
        f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{rows}</table>"
        f"{mark}</body></html>"
    )

"""A preview of what one recipient will be sent: the same document the PDF and DOCX
writers render, shown on screen. Nothing is written to disk to preview."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from marac_desk.domain.minutes import Block, BlockKind, Minutes
from marac_desk.ui.printing import print_html
from marac_desk.ui.widgets import fit_to_screen, hint_label, tr


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _block(block: Block) -> str:
    if block.kind is BlockKind.HEADING:
        level = min(block.level, 4)
        return f"<h{level}>{_text(block.text)}</h{level}>"
    if block.kind is BlockKind.PARAGRAPH:
        return f"<p>{_text(block.text)}</p>"
    if not block.rows:
        return ""
    if block.kind is BlockKind.FIELDS:
        rows = "".join(
            f"<tr><th align='left' width='30%'>{_text(k)}</th><td>{_text(v)}</td></tr>"
            for k, v in block.rows
        )
    else:
        header, *body = block.rows
        if not body:
            return ""
        rows = "<tr>" + "".join(f"<th align='left'>{_text(h)}</th>" for h in header) + "</tr>"
        rows += "".join(
            "<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in body
        )
    return f"<table border='1' cellspacing='0' cellpadding='4' width='100%'>{rows}</table>"


def as_html(minutes: Minutes) -> str:
    marking = f"<p align='center'><b>{_text(minutes.marking)}</b></p>"
    body = "".join(_block(block) for block in minutes.blocks)
    return f"<html><body>{marking}{body}{marking}</body></html>"


class PreviewDialog(QDialog):
    def __init__(
        self,
        minutes: Minutes,
        parent: QWidget | None = None,
        record_print: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.record_print = record_print
        self.setWindowTitle(tr("Preview: {0}").format(minutes.recipient_name))
        fit_to_screen(self, 900, 700)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(tr("What this recipient will be sent"))
        self.browser.setOpenLinks(False)
        self.browser.setHtml(as_html(minutes))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if record_print is not None:
            paper = buttons.addButton(tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole)
            paper.setShortcut(QKeySequence.StandardKey.Print)
            paper.setToolTip(tr("Print on paper (Ctrl+P); the print is logged"))
            paper.clicked.connect(
                lambda: print_html(
                    self, tr("Print the minutes"), as_html(minutes), self.record_print
                )
            )
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr(
                    "Exactly what {0} will be sent, as the exported files will hold it. "
                    "The files add the document id and page numbers."
                ).format(minutes.recipient_name)
            )
        )
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.browser.setFocus()

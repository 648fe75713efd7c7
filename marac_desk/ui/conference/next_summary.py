"""The next case's combined summary, laid out before the chair moves to it.

Laying out a summary's rich text is most of the wait when the meeting moves on a case
(Qt parses the HTML and breaks every line). While the room discusses a case, the view
lays out the next one's summary in a document of its own; moving on then shows that
document, but only when the summary read at that moment gives exactly the same HTML (a
return imported or a referral corrected since is simply laid out afresh). The document
lives inside the summary box, so it goes when the conference screen goes (a lock, a
sign-out), and only the case being discussed has an audited view.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextEdit


class NextSummary:
    """At most one laid-out summary, for one case, waiting to be shown in `box`."""

    def __init__(self, box: QTextEdit) -> None:
        self._box = box
        self._ready: tuple[int, str, QTextDocument] | None = None

    @property
    def case_id(self) -> int | None:
        return None if self._ready is None else self._ready[0]

    def prepare(self, case_id: int, html: str) -> None:
        """Lay out `html` for `case_id` as the box would show it."""
        self.discard()
        shown = self._box.document()
        # A child of the box: the box deletes it when another document replaces it,
        # and it goes with the box.
        document = QTextDocument(self._box)
        document.setDefaultFont(shown.defaultFont())
        document.setDefaultStyleSheet(shown.defaultStyleSheet())
        document.setDocumentMargin(shown.documentMargin())
        document.setDefaultTextOption(shown.defaultTextOption())
        document.setHtml(html)
        document.setTextWidth(self._box.viewport().width())
        document.documentLayout().documentSize()  # the line breaking happens here, now
        self._ready = (case_id, html, document)

    def take(self, case_id: int, html: str) -> QTextDocument | None:
        """The laid-out document, if it was made for this case from this very HTML."""
        ready, self._ready = self._ready, None
        if ready is None:
            return None
        if ready[0] == case_id and ready[1] == html:
            return ready[2]
        ready[2].deleteLater()
        return None

    def discard(self) -> None:
        ready, self._ready = self._ready, None
        if ready is not None:
            ready[2].deleteLater()

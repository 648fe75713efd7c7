"""The user guide inside the app: searchable, opened by F1 at the page about the screen in
use, and read offline from the pages marac-desk ships."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from marac_desk import guide
from marac_desk.ui.widgets import fit_to_screen, hint_label, tr

# The guide's page for each page of the window (by its title in the list on the left).
PAGE_FOR = {
    "Home": "02-home",
    "Case register": "03-register-and-referrals",
    "Meetings": "05-meetings",
    "Actions": "09-actions",
    "Minutes": "08-minutes",
    "Data return": "13-data-return-and-dashboard",
    "Dashboard": "13-data-return-and-dashboard",
    "Accounts": "10-administration",
    "Agency directory": "10-administration",
    "Audit log": "10-administration",
    "Vault tools": "10-administration",
    "Settings": "10-administration",
    "My account": "01-getting-started",
    "Research requests": "11-agency-workspace",
    "My agency's actions": "11-agency-workspace",
    "Exchange keys": "11-agency-workspace",
}
CASE_PAGE = "04-case"
RESEARCH_PAGE = "06-research"
CONFERENCE_PAGE = "07-conference"


class GuideWindow(QDialog):
    """The guide: the pages (or those matching a search) at the left, the page at the
    right. Not modal: it can stay open beside the work it explains."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("marac-desk user guide"))
        self.setModal(False)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search the guide"))
        self.search.setAccessibleName(tr("Search the guide"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Pages of the guide"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._show)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(tr("Guide page"))
        self.browser.setOpenLinks(False)  # an offline guide: nothing to open outside it
        self.found = hint_label()
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.list, 1)
        left.addWidget(self.found)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addWidget(self.browser, 3)
        fit_to_screen(self, 1000, 680)
        self._filter("")

    def open_at(self, key: str) -> None:
        self.search.clear()
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.list.setCurrentRow(index)
                return

    def shown_key(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _filter(self, text: str) -> None:
        current = self.shown_key()
        self.list.blockSignals(True)
        self.list.clear()
        matches = guide.search(text)
        for found in matches:
            item = QListWidgetItem(found.title)
            item.setData(Qt.ItemDataRole.UserRole, found.key)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.found.setText(
            tr("No page holds every word typed.") if text.strip() and not matches else ""
        )
        keys = [p.key for p in matches]
        self.list.setCurrentRow(keys.index(current) if current in keys else 0)
        if matches and self.list.currentRow() == 0:
            self._show(self.list.currentItem(), None)

    def _show(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.browser.setMarkdown(guide.page(str(item.data(Qt.ItemDataRole.UserRole))).text)
        _calm_headings(self.browser)
        words = self.search.text().split()
        if words:
            self.browser.find(words[0])  # the first place the search found


# Qt's Markdown headings are poster-sized (h1 is twice the text); the guide's follow the
# pages' own titles and section titles (style.qss: 16 pt and 12 pt).
_HEADING_POINTS = {1: 16.0, 2: 12.5, 3: 11.0}


def _calm_headings(browser: QTextBrowser) -> None:
    document = browser.document()
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            cursor = QTextCursor(block)  # at the block's start: its own text only
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            shape = QTextCharFormat()
            # Qt marks Markdown headings with a size adjustment, which beats a point size.
            shape.setProperty(QTextFormat.Property.FontSizeAdjustment, 0)
            shape.setFontPointSize(_HEADING_POINTS.get(level, 11.0))
            shape.setFontWeight(QFont.Weight.DemiBold)
            cursor.mergeCharFormat(shape)
            spacing = QTextBlockFormat()
            spacing.setTopMargin(10 if level > 1 else 0)
            spacing.setBottomMargin(4)
            cursor.mergeBlockFormat(spacing)
        block = block.next()

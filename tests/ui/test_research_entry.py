"""The research editor (used in an agency workspace and for research phoned or emailed
in), and helpers for reading what a screen shows and answering its item dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QTableWidget, QWidget

from marac_desk.domain.research import ItemKind
from marac_desk.ui import research_editor
from marac_desk.ui.research_editor import ItemDialog

POLICE_SECRET = "Police marker: firearms licence revoked"


def screen_text(widget: QWidget) -> str:
    """Every piece of text the page shows: labels, lists, tables and table views."""
    parts: list[str] = []
    for label in widget.findChildren(QLabel):
        parts.append(label.text())
    for listing in widget.findChildren(QListWidget):
        parts.extend(listing.item(r).text() for r in range(listing.count()))
    for table in widget.findChildren(QTableWidget):
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                cell = table.item(r, c)
                parts.append(cell.text() if cell else "")
    for view in widget.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or isinstance(view, (QListWidget, QTableWidget)):
            continue
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                parts.append(str(model.index(r, c).data() or ""))
    return "\n".join(parts)


def typing(monkeypatch, text: str, kind: ItemKind = ItemKind.SHARE) -> None:
    """Answer the item dialog as a person would: choose the kind, type, press OK."""

    def answer(dialog: ItemDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.body.setPlainText(text)
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", answer)


def test_an_item_with_no_agency_named_is_refused_in_the_dialog(qtbot) -> None:
    dialog = ItemDialog({"POLICE": "Police", "IDVA": "IDVA service"}, None)
    qtbot.addWidget(dialog)
    dialog.audience.setCurrentIndex(dialog.audience.findData(research_editor.AudienceKind.NAMED))
    dialog.body.setPlainText("Disclosed to the IDVA only")
    dialog._accept()
    assert dialog.result_item is None
    assert "Name at least one agency" in dialog.error.text()
    dialog.agencies.item(0).setCheckState(research_editor.Qt.CheckState.Checked)
    dialog._accept()
    assert dialog.result_item is not None
    assert dialog.result_item.audience.agencies == ("IDVA",)

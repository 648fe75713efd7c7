"""The research screen as an agency representative uses it: their agency's cases only,
research typed person by person, kept as a draft through a lock, then saved as the
agency's return; and nothing of another agency's return anywhere on the screen."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QTableWidget, QWidget

from marac_desk.domain.research import ItemKind, Known, Source, Standing
from marac_desk.storage import research, research_drafts
from marac_desk.ui import research_editor
from marac_desk.ui.pages import research_entry
from marac_desk.ui.pages.research_entry import ResearchEntryPage
from marac_desk.ui.research_editor import ItemDialog
from tests.storage.test_meetings import representative
from tests.storage.test_research import findings, planned_meeting

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


def test_a_representative_enters_research_keeps_a_draft_and_sees_no_other_agency(
    qtbot, vault, data_dir, monkeypatch
) -> None:
    meeting, (first, second) = planned_meeting(vault)
    research.save_return(
        vault,
        meeting,
        first,
        "POLICE",
        findings(vault, first, POLICE_SECRET),
        source=Source.PHONE,
        source_note="PC Jones",
    )
    rep = representative(vault, data_dir, "HOUSING")
    try:
        page = ResearchEntryPage(rep)
        qtbot.addWidget(page)
        page.refresh()
        assert page.model.rowCount() == 2
        assert {page.model.row_at(r).case_id for r in range(2)} == {first, second}
        assert page.assignment is not None and page.assignment.case_id == first
        assert POLICE_SECRET not in screen_text(page)
        assert "PC Jones" not in screen_text(page)

        # Research typed for the victim, then the window locks before it is saved.
        typing(monkeypatch, "Tenancy since 2022; rent arrears since August")
        page.editor.add_item()
        assert page.editor.content().people[0].known is Known.YES
        page.commit_pending()
        assert research.current_return(rep, meeting, first, "HOUSING") is None

        # Back after the lock: the draft is there, word for word.
        again = ResearchEntryPage(rep)
        qtbot.addWidget(again)
        again.refresh()
        assert "Tenancy since 2022" in screen_text(again)
        assert "draft" in again.status.text()

        # A held-back item is shown with its reason; everyone else is not known.
        typing(monkeypatch, "Sealed court papers: not ours to share", ItemKind.HELD)
        again.editor.add_item()
        for row in range(1, len(again.editor.people)):
            again.editor.person_list.setCurrentRow(row)
            again.editor.set_known(Known.NO)
        again.save_return()
        saved = research.current_return(rep, meeting, first, "HOUSING")
        assert saved is not None and saved.source is Source.SCREEN
        assert [i.item.body for i in saved.items] == [
            "Tenancy since 2022; rent arrears since August",
            "Sealed court papers: not ours to share",
        ]
        assert research_drafts.load_draft(rep, meeting, first, "HOUSING") is None
        assert again.model.row_at(0).standing is Standing.RETURNED
        assert POLICE_SECRET not in screen_text(again)
    finally:
        rep.close(action=None)


def test_a_refused_return_keeps_the_draft_and_says_why(qtbot, vault, data_dir, monkeypatch) -> None:
    meeting, (first, _second) = planned_meeting(vault)
    rep = representative(vault, data_dir, "HOUSING")
    shown: list[str] = []
    monkeypatch.setattr(research_entry, "show_error", lambda _p, _t, message: shown.append(message))
    try:
        page = ResearchEntryPage(rep)
        qtbot.addWidget(page)
        page.refresh()
        typing(monkeypatch, "Known to the homelessness team")
        page.editor.add_item()
        page.editor.mark_nil()  # now "not known" but with something to share
        page.save_return()
        assert shown and "not known to the agency has information to share" in shown[0]
        assert research.current_return(rep, meeting, first, "HOUSING") is None
        kept = research_drafts.load_draft(rep, meeting, first, "HOUSING")
        assert kept is not None
        assert kept.content.people[0].items[0].body == "Known to the homelessness team"
    finally:
        rep.close(action=None)


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

"""The case view as a coordinator uses it: history, status, transfer documents."""

from __future__ import annotations

from marac_desk.domain.cases import CaseStatus
from marac_desk.storage import cases, referrals
from marac_desk.ui.case_view import CaseView, StatusDialog
from marac_desk.ui.pages.register import RegisterPage
from tests.storage.test_case_file import TODAY, three_referrals_of_one_victim
from tests.storage.test_referrals import referral


def test_case_view_shows_the_victims_history_and_opens_an_earlier_case(
    qtbot, qtmodeltester, vault
) -> None:
    first, _, third, _ = three_referrals_of_one_victim(vault)
    page = RegisterPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    page.open_case(third.case_id)
    view = page.case_view
    assert view is not None
    for model in (view.people, view.referrals, view.links, view.timeline, view.documents):
        qtmodeltester.check(model)
    assert view.title.text() == f"Case {third.reference}: KOWALSAK, Anna"  # as typed
    assert "Repeat referral" in view.flags.text()
    assert view.referrals.rowCount() == 3
    assert view.tabs.tabText(1) == "Referrals and Dash history (3)"
    assert "2 other referrals of this victim" in view.facts["last"].text()
    assert "threshold 14" in view.facts["dash"].text()
    # The earliest referral, opened from the history, replaces the view.
    view.referrals_table.selectRow(0)
    view._on_referral_activated()
    assert page.case_view is not None and page.case_view.case_id == first.case_id
    assert page.case_view.referrals.row_at(0).is_this_case


def test_status_change_asks_for_a_reason_and_shows_in_the_timeline(qtbot, vault) -> None:
    saved = referrals.complete(vault, referral(), today=TODAY)
    view = CaseView(vault, saved.case_id)
    qtbot.addWidget(view)
    dialog = StatusDialog(vault, view.case)
    qtbot.addWidget(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData(CaseStatus.RETURNED.value))
    dialog.save()
    assert "Say why" in dialog.error.text()
    assert cases.register(vault, [saved.case_id])[0].status is CaseStatus.ACCEPTED
    dialog.reason.setPlainText("No Dash checklist attached")
    dialog.save()
    assert dialog.error.text() == ""
    view.reload()
    assert "Returned for more information" in view.flags.text()
    details = [view.timeline.row_at(i).detail for i in range(view.timeline.rowCount())]
    assert any("No Dash checklist attached" in d for d in details)


def test_transfer_documents_added_saved_and_removed(qtbot, vault, tmp_path) -> None:
    saved = referrals.complete(vault, referral(), today=TODAY)
    view = CaseView(vault, saved.case_id)
    qtbot.addWidget(view)
    assert not view.add_document_button.isEnabled()  # not a transfer in
    assert "not a transfer in" in view.documents_hint.text()

    moved = referrals.complete(
        vault, referral(referral__transfer_from="Northtown MARAC"), today=TODAY
    )
    view = CaseView(vault, moved.case_id)
    qtbot.addWidget(view)
    assert "Transferred in from Northtown MARAC" in view.flags.text()
    assert view.add_document_button.isEnabled()
    assert not view.add_document(tmp_path / "missing.pdf")
    assert "cannot be read" in view.error.text()
    letter = tmp_path / "handover.pdf"
    letter.write_bytes(b"%PDF-1.4 handover")
    assert view.add_document(letter)
    assert view.documents.rowCount() == 1 and view.tabs.currentWidget() is view.documents_tab
    document = view.documents.row_at(0)
    out = tmp_path / "copy.pdf"
    assert view.save_document_copy(document, out) and out.read_bytes() == letter.read_bytes()
    assert not view.remove_document(document, "")
    assert view.documents.rowCount() == 1
    assert view.remove_document(document, "Sent to us by mistake")
    assert view.documents.rowCount() == 0


def test_clear_drops_every_detail_on_screen(qtbot, vault) -> None:
    saved = referrals.complete(vault, referral(), today=TODAY)
    view = CaseView(vault, saved.case_id)
    qtbot.addWidget(view)
    view.clear()
    assert view.people.rowCount() == view.timeline.rowCount() == 0
    assert view.title.text() == "" and view.facts["victim"].text() == ""

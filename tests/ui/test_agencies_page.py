"""The agency directory as an administrator uses it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from marac_desk.storage import agencies
from marac_desk.ui.pages.agencies import AgenciesPage, AgencyDialog


def test_add_edit_and_refuse_bad_details(qtbot, qtmodeltester, vault) -> None:
    page = AgenciesPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    shipped = page.model.rowCount()
    assert shipped >= 10  # the default list a new MARAC starts with
    qtmodeltester.check(page.model)

    dialog = AgencyDialog(vault, None)
    qtbot.addWidget(dialog)
    dialog.fields["code"].setText("x")
    dialog.fields["name"].setText("Northtown Women's Aid")
    dialog.fields["spoc_email"].setText("not an email")
    dialog.save()
    assert "code" in dialog.error.text() and "email" in dialog.error.text()
    assert agencies.get(vault, "X") is None  # nothing saved

    dialog.fields["code"].setText("nwa")
    dialog.fields["spoc_email"].setText("spoc@nwa.example.org")
    dialog.fields["isa_signed_on"].setText("10/1/2026")  # typed the UK way
    dialog.fields["isa_review_on"].setText("10 Jan 2027")
    dialog.fields["export_password"].setText("a long minutes password")
    dialog.save()
    assert dialog.error.text() == ""
    saved = agencies.get(vault, "NWA")
    assert saved is not None and saved.export_password == "a long minutes password"
    assert (saved.isa_signed_on, saved.isa_review_on) == ("2026-01-10", "2027-01-10")
    page.refresh()
    assert page.model.rowCount() == shipped + 1

    edit = AgencyDialog(vault, saved)
    qtbot.addWidget(edit)
    assert edit.fields["code"].isReadOnly()  # packs and minutes already name it
    assert edit.fields["isa_signed_on"].text() == "10/01/2026"
    edit.active.setChecked(False)
    edit.save()
    assert agencies.get(vault, "NWA").active is False
    # The password is audited as changed or not, never written into the log.
    logged = vault.conn.execute("SELECT group_concat(detail) FROM audit_log").fetchone()[0]
    assert "a long minutes password" not in logged


def test_a_date_that_is_not_one_is_refused_and_nothing_is_saved(qtbot, vault) -> None:
    dialog = AgencyDialog(vault, None)
    qtbot.addWidget(dialog)
    dialog.fields["code"].setText("nwa")
    dialog.fields["name"].setText("Northtown Women's Aid")
    dialog.fields["isa_signed_on"].setText("10/01")
    dialog.save()
    assert "signed" in dialog.error.text() and "08/12/2026" in dialog.error.text()
    assert agencies.get(vault, "NWA") is None


def test_a_double_click_opens_one_form_for_the_agency_clicked(qtbot, vault, monkeypatch) -> None:
    opened: list[str] = []

    def fake_exec(dialog: AgencyDialog) -> int:
        opened.append(dialog.fields["code"].text())
        return 0

    monkeypatch.setattr(AgencyDialog, "exec", fake_exec)
    page = AgenciesPage(vault)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.refresh()
    rect = page.table.visualRect(page.model.index(2, 1))
    # A real double-click: a press and release, then the double-click.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [page.model.row_at(2).code]

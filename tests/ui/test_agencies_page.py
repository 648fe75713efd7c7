"""The agency directory as an administrator uses it."""

from __future__ import annotations

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
    dialog.fields["isa_signed_on"].setText("2026-01-10")
    dialog.fields["isa_review_on"].setText("2027-01-10")
    dialog.fields["export_password"].setText("a long minutes password")
    dialog.save()
    assert dialog.error.text() == ""
    saved = agencies.get(vault, "NWA")
    assert saved is not None and saved.export_password == "a long minutes password"
    page.refresh()
    assert page.model.rowCount() == shipped + 1

    edit = AgencyDialog(vault, saved)
    qtbot.addWidget(edit)
    edit.active.setChecked(False)
    edit.save()
    assert agencies.get(vault, "NWA").active is False
    # The password is audited as changed or not, never written into the log.
    logged = vault.conn.execute("SELECT group_concat(detail) FROM audit_log").fetchone()[0]
    assert "a long minutes password" not in logged

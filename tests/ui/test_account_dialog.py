"""The account dialog binds an agency representative to an agency from the directory."""

from __future__ import annotations

from marac_desk.domain.roles import Role
from marac_desk.storage import accounts
from marac_desk.ui.pages.accounts import AccountDialog


def test_representative_agency_is_chosen_from_the_directory(qtbot, vault) -> None:
    dialog = AccountDialog(vault, None)
    qtbot.addWidget(dialog)
    codes = [dialog.agency.itemData(i) for i in range(dialog.agency.count())]
    assert codes[0] == "" and "POLICE" in codes and "IDVA" in codes

    dialog.username.setText("pc.rep")
    dialog.full_name.setText("Police Representative")
    dialog.password.setText("temporary pass 1")
    dialog.role_boxes[Role.AGENCY_REPRESENTATIVE].setChecked(True)
    dialog._on_save()
    assert "Choose the agency" in dialog.error.text()  # no agency chosen yet: nothing saved
    assert "pc.rep" not in {u.username for u in accounts.list_users(vault)}

    dialog.agency.setCurrentIndex(dialog.agency.findData("POLICE"))
    dialog._on_save()
    assert dialog.error.text() == ""
    saved = next(u for u in accounts.list_users(vault) if u.username == "pc.rep")
    assert saved.agency_code == "POLICE"

    edit = AccountDialog(vault, saved)
    qtbot.addWidget(edit)
    assert edit.agency.currentData() == "POLICE"

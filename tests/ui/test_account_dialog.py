"""The account dialog: the MARAC's own team in the MARAC's vault; in an agency workspace,
every account researches for its agency."""

from __future__ import annotations

from marac_desk.domain.roles import Role
from marac_desk.storage import accounts
from marac_desk.ui.pages.accounts import AccountDialog
from tests.fixtures.exchange_parties import new_workspace


def test_the_marac_vault_offers_no_agency_representative(qtbot, vault) -> None:
    dialog = AccountDialog(vault, None)
    qtbot.addWidget(dialog)
    assert set(dialog.role_boxes) == {Role.ADMINISTRATOR, Role.COORDINATOR}
    dialog.username.setText("cora")
    dialog.full_name.setText("Cora Coordinator")
    dialog.password.setText("a temporary long password")
    dialog.role_boxes[Role.COORDINATOR].setChecked(True)
    dialog._on_save()
    assert dialog.error.text() == ""
    saved = next(u for u in accounts.list_users(vault) if u.username == "cora")
    assert saved.roles == frozenset({Role.COORDINATOR}) and saved.agency_code is None


def test_a_workspace_account_researches_for_its_agency(qtbot, tmp_path) -> None:
    space = new_workspace(tmp_path / "police", "POLICE")
    try:
        dialog = AccountDialog(space, None)
        qtbot.addWidget(dialog)
        assert set(dialog.role_boxes) == {Role.ADMINISTRATOR}
        dialog.username.setText("second.rep")
        dialog.full_name.setText("Second Researcher")
        dialog.password.setText("a temporary long password")
        dialog._on_save()
        assert dialog.error.text() == ""
        saved = next(u for u in accounts.list_users(space) if u.username == "second.rep")
        assert saved.roles == frozenset({Role.AGENCY_REPRESENTATIVE})
        assert saved.agency_code == "POLICE"
    finally:
        space.close(action=None)

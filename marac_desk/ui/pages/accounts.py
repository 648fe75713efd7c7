"""Accounts for administrators: add colleagues, change roles, reset passwords."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain import accounts as account_rules
from marac_desk.domain.roles import Role
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import workspace
from marac_desk.storage import accounts, audit
from marac_desk.storage.exchange_identity import is_workspace
from marac_desk.storage.vault import User, Vault
from marac_desk.ui.models import Column, RowsModel, filtering_proxy
from marac_desk.ui.pages.base import Page, fit_columns, make_table
from marac_desk.ui.widgets import busy, error_label, hint_label, show_error, show_info, tr

COLUMNS: list[Column[User]] = [
    Column(tr("User name"), lambda u: u.username),
    Column(tr("Full name"), lambda u: u.full_name),
    Column(tr("Roles"), lambda u: u.roles_label),
    Column(tr("Agency"), lambda u: u.agency_code or ""),
    Column(tr("Status"), lambda u: tr("Active") if u.active else tr("Switched off")),
    Column(tr("Password"), lambda u: tr("Must choose a new one") if u.must_change_password else ""),
]


class AccountDialog(QDialog):
    """New account (with a temporary password) or changes to an existing one."""

    def __init__(self, vault: Vault, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.user = user
        self.setWindowTitle(tr("New account") if user is None else tr("Change account"))
        self.setMinimumWidth(480)
        self.username = QLineEdit(user.username if user else "")
        self.username.setEnabled(user is None)
        self.full_name = QLineEdit(user.full_name if user else "")
        # In an agency workspace every account researches for its agency and may also
        # administer the workspace; in the MARAC's vault accounts are the MARAC's own team.
        self.workspace_agency = workspace.info(vault).agency_code if is_workspace(vault) else None
        offered = (
            (Role.ADMINISTRATOR,)
            if self.workspace_agency
            else (Role.ADMINISTRATOR, Role.COORDINATOR)
        )
        self.role_boxes = {role: QCheckBox(role.label) for role in offered}
        for role, box in self.role_boxes.items():
            box.setChecked(bool(user and role in user.roles))
        self.active = QCheckBox(tr("Account is active"))
        self.active.setChecked(user.active if user else True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(tr("&User name"), self.username)
        form.addRow(tr("&Full name"), self.full_name)
        roles_row = QHBoxLayout()
        for box in self.role_boxes.values():
            roles_row.addWidget(box)
        form.addRow(tr("Roles"), roles_row)
        if self.workspace_agency:
            form.addRow("", hint_label(tr("Researches for {0}.").format(self.workspace_agency)))
        if user is None:
            form.addRow(tr("&Temporary password"), self.password)
            form.addRow(
                "",
                hint_label(
                    tr(
                        "Give it to them in person or by phone. They must choose their own "
                        "password the first time they sign in."
                    )
                ),
            )
        else:
            form.addRow("", self.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def chosen_roles(self) -> frozenset[Role]:
        chosen = {role for role, box in self.role_boxes.items() if box.isChecked()}
        if self.workspace_agency:
            chosen.add(Role.AGENCY_REPRESENTATIVE)
        return frozenset(chosen)

    def _on_save(self) -> None:
        self.error.clear()
        started = audit.now_iso()
        switching_off = self.user is not None and self.user.active and not self.active.isChecked()
        try:
            with busy():
                if self.user is None:
                    accounts.create_user(
                        self.vault,
                        username=self.username.text(),
                        full_name=self.full_name.text(),
                        user_roles=self.chosen_roles(),
                        temporary_password=self.password.text(),
                        agency_code=self.workspace_agency,
                    )
                else:
                    accounts.update_user(
                        self.vault,
                        self.user.username,
                        full_name=self.full_name.text(),
                        user_roles=self.chosen_roles(),
                        agency_code=self.workspace_agency,
                        active=self.active.isChecked(),
                    )
        except (MaracDeskError, OSError) as exc:
            self.error.setText(str(exc))
            return
        if switching_off and self.user is not None:
            tell_key_changed(self, self.vault, self.user.username, started)
        self.accept()


class AccountsPage(Page):
    title = tr("Accounts")
    intro = tr(
        "Each person signs in with their own account. Administrators manage accounts, settings "
        "and backups; coordinators do the MARAC's case work. In an agency workspace, every "
        "account researches for the agency."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.model: RowsModel[User] = RowsModel(COLUMNS, self)
        self.table = make_table(tr("Accounts"))
        self.table.setModel(filtering_proxy(self.model))
        self.table.doubleClicked.connect(self._on_edit_clicked)
        new_button = QPushButton(tr("&New account…"))
        edit_button = QPushButton(tr("&Change…"))
        reset_button = QPushButton(tr("&Reset password…"))
        new_button.clicked.connect(self._on_new_clicked)
        edit_button.clicked.connect(self._on_edit_clicked)
        reset_button.clicked.connect(self._on_reset_clicked)
        row = QHBoxLayout()
        for button in (new_button, edit_button, reset_button):
            row.addWidget(button)
        row.addStretch(1)
        self.page_layout.addLayout(row)
        self.page_layout.addWidget(self.table)

    def refresh(self) -> None:
        self.model.set_rows(accounts.list_users(self.vault))
        fit_columns(self.table)

    def _selected(self) -> User | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            show_info(self, tr("Accounts"), tr("Choose an account in the list first."))
            return None
        source = self.table.model().mapToSource(indexes[0])  # type: ignore[attr-defined]
        return self.model.row_at(source.row())

    def _on_new_clicked(self) -> None:
        if AccountDialog(self.vault, None, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _on_edit_clicked(self) -> None:
        user = self._selected()
        if user and AccountDialog(self.vault, user, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _on_reset_clicked(self) -> None:
        user = self._selected()
        if user is None:
            return
        password, ok = QInputDialog.getText(
            self,
            tr("Reset password"),
            tr(
                "Temporary password for {0} (at least {1} characters). They must choose their "
                "own at next sign-in:"
            ).format(user.username, account_rules.MIN_PASSWORD_LENGTH),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        started = audit.now_iso()
        try:
            with busy():
                accounts.reset_password(self.vault, user.username, password)
        except (MaracDeskError, OSError) as exc:
            show_error(self, tr("Password not reset"), str(exc))
            return
        show_info(
            self,
            tr("Password reset"),
            tr("{0} must choose a new password at next sign-in.").format(user.username)
            + "\n\n"
            + key_changed_text(self.vault, started),
        )
        self.refresh()


def key_changed_text(vault: Vault, started: str) -> str:
    text = tr(
        "The vault's key was changed, so the old password no longer opens the vault, even "
        "with a copy of the old key-slot file."
    )
    older = accounts.backups_made_before(vault, started)
    if older:
        text += "\n\n" + tr(
            "These backups were made before, and still open with the old password: keep "
            "them locked away, or delete them when they are no longer needed:\n{0}"
        ).format("\n".join(older))
    return text


def tell_key_changed(parent: QWidget, vault: Vault, username: str, started: str) -> None:
    show_info(
        parent,
        tr("Account switched off"),
        tr("{0} can no longer sign in.").format(username)
        + "\n\n"
        + key_changed_text(vault, started),
    )

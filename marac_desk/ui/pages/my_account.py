"""The signed-in person's own account: change password, forget this computer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from marac_desk.errors import MaracDeskError
from marac_desk.storage import accounts
from marac_desk.storage.vault import Vault
from marac_desk.ui.pages.base import Page
from marac_desk.ui.widgets import busy, error_label, hint_label, show_info, tr


def _left(button: QPushButton) -> QWidget:
    """A button at its own width, at the left (a form would stretch it across the page)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(button)
    row.addStretch(1)
    return holder


class MyAccountPage(Page):
    title = tr("My account")
    password_changed = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        who = hint_label(
            tr("Signed in as {0} ({1}), {2}.").format(
                vault.user.full_name, vault.user.username, vault.user.roles_label
            )
        )
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.again = QLineEdit()
        for edit, name in (
            (self.current, tr("Current password")),
            (self.new, tr("New password")),
            (self.again, tr("New password again")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
            edit.setMaximumWidth(420)  # a password box, not a page-wide bar
            edit.returnPressed.connect(self._on_change_clicked)  # Enter changes it
        self.error = error_label()
        change = QPushButton(tr("Change pass&word"))
        change.setObjectName("primary")
        change.clicked.connect(self._on_change_clicked)
        form = QFormLayout()
        form.addRow(tr("&Current password"), self.current)
        form.addRow(tr("&New password"), self.new)
        form.addRow(tr("New password &again"), self.again)
        form.addRow("", _left(change))
        self.page_layout.addWidget(who)
        self.page_layout.addLayout(form)
        self.page_layout.addWidget(self.error)
        self.forget = QPushButton(tr("Forget the vault &key on this computer"))
        self.forget.clicked.connect(self._on_forget_clicked)
        self.forget.setVisible(vault.remembered)
        self.page_layout.addSpacing(12)
        self.page_layout.addWidget(_left(self.forget))
        self.page_layout.addStretch(1)

    def _on_change_clicked(self) -> None:
        self.error.clear()
        if self.new.text() != self.again.text():
            self.error.setText(tr("The two new passwords are different."))
            return
        try:
            with busy():
                accounts.change_own_password(self.vault, self.current.text(), self.new.text())
        except (MaracDeskError, OSError) as exc:
            self.error.setText(str(exc))
            return
        for edit in (self.current, self.new, self.again):
            edit.clear()
        show_info(self, tr("Password changed"), tr("Your password has been changed."))
        self.password_changed.emit()

    def _on_forget_clicked(self) -> None:
        self.vault.forget_key()
        self.forget.setVisible(False)
        show_info(
            self,
            tr("Forgotten"),
            tr("This computer no longer remembers the vault key: you will need your password."),
        )

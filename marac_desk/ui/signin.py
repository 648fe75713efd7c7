"""The sign-in panel: shown at start and whenever the window is locked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain import accounts, settings
from marac_desk.errors import MaracDeskError
from marac_desk.security import keycache
from marac_desk.ui.preparing import Preparation
from marac_desk.ui.widgets import busy, error_label, hint_label, tr

if TYPE_CHECKING:
    from marac_desk.storage.vault import Vault


class SignInPanel(QWidget):
    """User name, password, 'remember on this computer'; emits the opened vault."""

    signed_in = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        locked_user: str = "",
        parent: QWidget | None = None,
        *,
        allow_remember: bool = True,
    ):
        super().__init__(parent)
        self._data_dir = data_dir
        # The modules the sign-in and the unlocked window need, loaded once this screen
        # is on show (ui.preparing); what is left when Sign in is pressed loads while the
        # key is derived.
        self._preparation = Preparation()
        self._painted = False

        card = QFrame()
        card.setObjectName("signInCard")
        card.setMaximumWidth(460)
        heading = QLabel(tr("Window locked") if locked_user else tr("Sign in to marac-desk"))
        heading.setObjectName("signInTitle")
        explain = hint_label(
            tr("Case information is hidden. Enter your password to carry on.")
            if locked_user
            else tr("The vault is encrypted. Sign in with your own account.")
        )

        self.username = QLineEdit(locked_user)
        self.username.setAccessibleName(tr("User name"))
        self.username.setAutoFillBackground(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Password"))
        self.remember = QCheckBox(tr("Remember on this computer"))
        self.remember.setAccessibleName(tr("Remember on this computer"))
        self.remember.setToolTip(
            tr(
                "Keeps the vault key in this computer's keychain, so marac-desk opens without a "
                "password. Only tick this on a computer nobody else uses."
            )
        )
        # Said before the box is ticked, not only in a tooltip: what ticking it does.
        self.remember_hint = hint_label(
            tr(
                "Keeps the key in this computer's keychain: marac-desk then opens without a "
                "password when it starts (never after Ctrl+L or an idle lock). Only on a "
                "computer nobody else uses."
            )
        )
        # Whether this computer has a keychain is asked when the box is ticked, not here:
        # the question loads the keychain library, which would hold up every sign-in screen.
        self.keyring_note = hint_label()
        self.keyring_note.hide()
        if not allow_remember:
            self.remember.hide()
            self.remember_hint.hide()
        self.note = hint_label()
        self.note.hide()
        self.error = error_label()
        self.sign_in_button = QPushButton(tr("Sign in"))
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setDefault(True)
        self.recovery_button = QPushButton(tr("Forgotten every password? Use the recovery key…"))
        self.recovery_button.setFlat(True)

        form = QFormLayout()
        form.addRow(tr("&User name"), self.username)
        form.addRow(tr("&Password"), self.password)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_hint)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in_button)
        layout.addLayout(buttons)
        layout.addWidget(self.recovery_button, alignment=Qt.AlignmentFlag.AlignLeft)
        location = hint_label(tr("Vault folder: {0}").format(data_dir))
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(location)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.remember.toggled.connect(self._on_remember_toggled)
        self.sign_in_button.clicked.connect(self._on_sign_in_clicked)
        self.password.returnPressed.connect(self._on_sign_in_clicked)
        self.username.returnPressed.connect(self.password.setFocus)
        self.recovery_button.clicked.connect(self._on_recovery_clicked)
        (self.password if locked_user else self.username).setFocus()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._prepare_more)
        return super().event(event)

    def _prepare_more(self) -> None:
        if self._preparation.step():
            QTimer.singleShot(0, self, self._prepare_more)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

    def focus_first_empty(self) -> None:
        (self.password if self.username.text() else self.username).setFocus()

    def _on_remember_toggled(self, ticked: bool) -> None:
        if not ticked:
            return
        with busy():
            usable = keycache.available()
        if not usable:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(tr(keycache.NO_KEYRING_MESSAGE))
            self.keyring_note.show()
            self.focus_first_empty()

    def _on_sign_in_clicked(self) -> None:
        self.error.clear()
        username = self.username.text().strip()
        if not username or not self.password.text():
            self.error.setText(tr("Enter your user name and password."))
            return
        # Loaded once the sign-in screen is painted (ui.preparing), or here at the latest.
        from marac_desk.storage.vault import sign_in

        try:
            with busy():
                vault = sign_in(
                    self._data_dir,
                    username,
                    self.password.text(),
                    remember=self.remember.isChecked(),
                    meanwhile=self._preparation.step,
                )
        except MaracDeskError as exc:
            self.password.clear()
            self.password.setFocus()
            self.error.setText(str(exc))
            return
        self.password.clear()
        if self.remember.isChecked() and not vault.remembered:
            if not vault.setting(settings.ALLOW_REMEMBER):
                self.error.setText(
                    tr("An administrator has switched remembering off: the key was not kept.")
                )
            else:
                self.error.setText(tr(keycache.NO_KEYRING_MESSAGE))
        self.signed_in.emit(vault)

    def _on_recovery_clicked(self) -> None:
        dialog = RecoveryDialog(self._data_dir, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.vault is not None:
            self.signed_in.emit(dialog.vault)


class RecoveryDialog(QDialog):
    """Open the vault with the recovery key and give an administrator a new password."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Use the recovery key"))
        self.setMinimumWidth(520)
        self.vault: Vault | None = None
        self._data_dir = data_dir
        self.key_text = QPlainTextEdit()
        self.key_text.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.key_text.setFixedHeight(60)
        self.key_text.setAccessibleName(tr("Recovery key"))
        self.username = QLineEdit()
        self.username.setAccessibleName(tr("Administrator account"))
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setAccessibleName(tr("New password"))
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName(tr("New password again"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(tr("Recovery &key"), self.key_text)
        form.addRow(tr("&Administrator account"), self.username)
        form.addRow(tr("&New password"), self.new_password)
        form.addRow(tr("New password &again"), self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Open the vault"))
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr(
                    "Type the recovery key printed when the vault was set up, the administrator "
                    "account to open, and a new password for it. This is recorded in the audit log."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _on_accepted(self) -> None:
        username = self.username.text().strip()
        if self.new_password.text() != self.confirm.text():
            self.error.setText(tr("The two new passwords are different."))
            return
        problems = accounts.password_problems(
            self.new_password.text(), username, administrator=True
        )
        if problems:
            self.error.setText(" ".join(problems))
            return
        from marac_desk.storage.vault_recovery import recover

        try:
            with busy():
                self.vault = recover(
                    self._data_dir, self.key_text.toPlainText(), username, self.new_password.text()
                )
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

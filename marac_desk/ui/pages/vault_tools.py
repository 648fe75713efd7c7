"""Vault tools for administrators: back up, restore, verify, rotate the key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.storage import backup, integrity, keyrotation
from marac_desk.storage.vault import Vault
from marac_desk.ui.pages.base import Page
from marac_desk.ui.widgets import QtAsker, busy, hint_label, show_error, show_info, tr

BACKUP_FILTER = "marac-desk backups (*.mdbackup);;All files (*)"


class _RestoreAsker(QtAsker):
    """Confirms the restore, and on yes lets the window save and close the vault first."""

    def __init__(self, parent: QWidget, before_swap: Callable[[], None]) -> None:
        super().__init__(parent)
        self._before_swap = before_swap

    def confirm(self, title: str, message: str) -> bool:
        if not super().confirm(title, message):
            return False
        self._before_swap()
        return True


class VaultToolsPage(Page):
    title = tr("Vault tools")
    intro = tr(
        "Backups stay encrypted: they open only with a password or the recovery key that was "
        "valid when they were made. Keep them on a drive your organisation controls."
    )

    def __init__(
        self,
        vault: Vault,
        close_vault: Callable[[], None],
        vault_replaced: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(vault, parent)
        self._close_vault = close_vault
        self._vault_replaced = vault_replaced
        grid = QGridLayout()
        actions = (
            (
                tr("&Back up now…"),
                self._on_backup_clicked,
                tr("Write the vault to one encrypted file, then read it back to check it."),
            ),
            (
                tr("&Restore from a backup…"),
                self._on_restore_clicked,
                tr(
                    "Replace this vault with a backup. You see both before anything changes; the "
                    "current vault is kept as a safety copy."
                ),
            ),
            (
                tr("&Verify the vault"),
                self._on_verify_clicked,
                tr("Check every encrypted page, the database structure and the audit chain."),
            ),
            (
                tr("Rotate the vault &key…"),
                self._on_rotate_clicked,
                tr(
                    "Re-encrypt the vault under a new key. Passwords and the recovery key stay "
                    "the same. Backups made before keep the old key."
                ),
            ),
        )
        for row, (label, handler, explanation) in enumerate(actions):
            button = QPushButton(label)
            button.setMinimumWidth(220)
            button.clicked.connect(handler)
            grid.addWidget(button, row, 0)
            grid.addWidget(hint_label(explanation), row, 1)
        grid.setColumnStretch(1, 1)
        self.page_layout.addLayout(grid)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setAccessibleName(tr("Results"))
        self.output.setPlaceholderText(tr("Results appear here."))
        self.page_layout.addWidget(self.output)

    def _say(self, text: str) -> None:
        self.output.appendPlainText(text)

    def _on_backup_clicked(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self,
            tr("Back up the vault to…"),
            str(Path.home() / backup.default_backup_name()),
            BACKUP_FILTER,
        )
        if not target:
            return
        try:
            with busy():
                info = backup.create_backup(self.vault, Path(target))
        except (MaracDeskError, OSError) as exc:
            show_error(self, tr("Backup failed"), str(exc))
            return
        self._say(tr("Backup written and verified: {0} ({1:,} bytes)").format(info.path, info.size))

    def _on_verify_clicked(self) -> None:
        with busy():
            report = integrity.verify(self.vault)
        self._say("\n".join(report.lines()))
        if not report.ok:
            show_error(
                self,
                tr("The vault has problems"),
                tr(
                    "Verification found problems (listed below the buttons). Restore the latest "
                    "good backup, and tell whoever supports marac-desk."
                ),
            )

    def _on_rotate_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            tr("Rotate the vault key"),
            tr(
                "Re-encrypt the vault under a new random key now? Everyone keeps their password. "
                "Make a backup afterwards: older backups still use the old key."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with busy():
                key_id = keyrotation.rotate_key(self.vault)
        except (MaracDeskError, OSError) as exc:
            show_error(self, tr("Key not rotated"), str(exc))
            return
        self._say(tr("Vault key rotated (new key id {0}).").format(key_id))

    def _on_restore_clicked(self) -> None:
        self.vault.require(Permission.BACKUP_RESTORE)
        source, _ = QFileDialog.getOpenFileName(
            self, tr("Restore from backup"), str(Path.home()), BACKUP_FILTER
        )
        if not source:
            return
        data_dir = self.vault.paths.data_dir
        username = self.vault.user.username
        keys = [self.vault.key]
        current = backup.summarise(self.vault.conn)
        asker = _RestoreAsker(self, self._close_vault)
        password: str | None = None
        while True:
            try:
                with busy():
                    result = backup.restore_backup(
                        data_dir,
                        Path(source),
                        username=username,
                        asker=asker,
                        password=password,
                        keys=keys,
                        current=current,
                    )
            except backup.BackupKeyError as exc:
                if password is None:
                    password, ok = QInputDialog.getText(
                        self,
                        tr("Password for the backup"),
                        tr(
                            "That backup uses an older key. Your password for {0} as it was when "
                            "the backup was made:"
                        ).format(username),
                        QLineEdit.EchoMode.Password,
                    )
                    if ok:
                        continue
                show_error(self, tr("Not restored"), str(exc))
                break
            except (MaracDeskError, OSError) as exc:
                show_error(self, tr("Not restored"), str(exc))
                break
            if result is not None:
                show_info(
                    self,
                    tr("Restored"),
                    tr("The backup was restored. Sign in again to carry on."),
                )
            break
        if not self.vault.is_open:
            self._vault_replaced()

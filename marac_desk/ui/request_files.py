"""Sending sealed research requests from the Meetings page: choose the agencies (those
whose workspace key the directory holds), a folder, and confirm any key not yet checked
by phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marac_desk.errors import MaracDeskError
from marac_desk.exchange import research_exchange
from marac_desk.storage import agency_keys, research
from marac_desk.storage.agency_keys import AgencyKey
from marac_desk.storage.vault import Vault
from marac_desk.ui.widgets import QtAsker, busy, hint_label, show_error, show_info, tr


class ChooseAgenciesDialog(QDialog):
    """Agencies with an exchange key, ticked when their key is confirmed."""

    def __init__(self, keys: list[AgencyKey], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Send research requests"))
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Agencies to send a research request to"))
        for key in keys:
            state = tr("key confirmed") if key.confirmed else tr("key NOT confirmed")
            item = QListWidgetItem(f"{key.code}: {key.name} ({state})")
            item.setData(Qt.ItemDataRole.UserRole, key.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key.confirmed else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr(
                    "Each agency ticked gets one file, sealed so that only its own workspace "
                    "can open it. Agencies without a workspace are sent Word packs instead."
                )
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def chosen(self) -> list[str]:
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]


def send_to_agencies(
    parent: QWidget,
    keys: list[AgencyKey],
    *,
    title: str,
    what: str,
    make: Callable[[str, Path], str],
) -> list[str]:
    """Choose agencies, confirm any key not read back by phone, choose a folder, and make
    one sealed file per agency with `make(code, folder)` (its line in the report)."""
    dialog = ChooseAgenciesDialog(keys, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
        return []
    codes = dialog.chosen()
    unconfirmed = [k.code for k in keys if k.code in codes and not k.confirmed]
    if unconfirmed and not QtAsker(parent).confirm(
        tr("Send to keys not confirmed?"),
        tr(
            "No one has read back the fingerprint of {0}. If a key card did not come from "
            "the agency, someone else could read {1}. Send anyway?"
        ).format(", ".join(unconfirmed), what),
    ):
        return []
    folder = QFileDialog.getExistingDirectory(parent, tr("Save the files into"))
    if not folder:
        return []
    lines: list[str] = []
    failed = 0
    with busy():
        for code in codes:
            try:
                lines.append(f"{code}: {make(code, Path(folder))}")
            except MaracDeskError as exc:
                failed += 1
                lines.append(tr("{0}: not made: {1}").format(code, exc))
    message = tr("Written to {0}:\n\n{1}\n\nSend each to its agency.")
    report = show_error if failed else show_info
    report(parent, title, message.format(folder, "\n".join(lines)))
    return lines


def send_requests(parent: QWidget, vault: Vault, meeting_id: int) -> list[str]:
    """Research requests for the meeting; returns one line per agency."""
    directory = research.directory(vault.conn)
    keys = sorted(agency_keys.all_keys(vault.conn).values(), key=lambda k: k.code)
    keys = [k for k in keys if k.code in directory]
    if not keys:
        show_info(
            parent,
            tr("Send research requests"),
            tr(
                "No agency's workspace key is recorded yet. Record each agency's key card in "
                "the agency directory, or send Word research packs."
            ),
        )
        return []

    def make(code: str, folder: Path) -> str:
        made = research_exchange.make_request(vault, meeting_id, code, folder, unconfirmed=True)
        return made.path.name

    return send_to_agencies(
        parent,
        keys,
        title=tr("Send research requests"),
        what=tr("its research request"),
        make=make,
    )

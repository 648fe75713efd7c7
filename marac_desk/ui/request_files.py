"""Sending sealed research requests from the Meetings page: choose the agencies (those
whose workspace key the directory holds), a folder, and confirm any key not yet checked
by phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QWidget,
)

from marac_desk.errors import MaracDeskError
from marac_desk.exchange import research_exchange
from marac_desk.storage import agency_keys, research
from marac_desk.storage.agency_keys import AgencyKey
from marac_desk.storage.vault import Vault
from marac_desk.ui.tick_list import TickListDialog
from marac_desk.ui.widgets import QtAsker, busy, show_error, show_info, tr


class ChooseAgenciesDialog(TickListDialog):
    """Agencies with an exchange key, ticked when their key is confirmed."""

    def __init__(self, keys: list[AgencyKey], parent: QWidget | None = None) -> None:
        items = [
            (
                key.code,
                f"{key.code}: {key.name} "
                f"({tr('key confirmed') if key.confirmed else tr('key NOT confirmed')})",
                key.confirmed,
            )
            for key in keys
        ]
        super().__init__(
            tr("Send research requests"),
            tr(
                "Each agency ticked gets one file, sealed so that only its own workspace "
                "can open it. Agencies without a workspace are sent Word packs instead."
            ),
            items,
            parent,
            accessible=tr("Agencies to send a research request to"),
        )


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

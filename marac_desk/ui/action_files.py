"""Action plans and action updates as sealed files, from the coordinator's Actions page:
plans out to the agencies whose workspace key the directory holds, updates back in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from marac_desk.errors import MaracDeskError
from marac_desk.exchange import action_exchange, sealed
from marac_desk.storage import actions, agency_keys, research
from marac_desk.storage.vault import Vault
from marac_desk.ui.plurals import plural
from marac_desk.ui.request_files import send_to_agencies
from marac_desk.ui.widgets import QtAsker, show_info, tr


def send_plans(parent: QWidget, vault: Vault) -> list[str]:
    """Choose agencies (with a key, owning outstanding actions), a folder; one line each."""
    directory = research.directory(vault.conn)
    keys = [
        k
        for k in sorted(agency_keys.all_keys(vault.conn).values(), key=lambda k: k.code)
        if k.code in directory and actions.outstanding_for(vault.conn, k.code)
    ]
    if not keys:
        show_info(
            parent,
            tr("Send action plans"),
            tr(
                "No agency with a recorded workspace key owns an outstanding action. Agencies "
                "without a workspace receive their action plan with the minutes."
            ),
        )
        return []

    def make(code: str, folder: Path) -> str:
        path, count = action_exchange.make_plan(vault, code, folder, unconfirmed=True)
        return f"{plural('%n action(s)', count)}, {path.name}"

    return send_to_agencies(
        parent, keys, title=tr("Send action plans"), what=tr("its actions"), make=make
    )


def take_updates(parent: QWidget, vault: Vault, paths: list[Path] | None = None) -> list[str]:
    """Check each action update file, show what it says, and record it when confirmed."""
    if paths is None:
        chosen, _ = QFileDialog.getOpenFileNames(
            parent,
            tr("Take in action updates"),
            "",
            tr("Action update files (*{0})").format(sealed.SUFFIX),
        )
        paths = [Path(p) for p in chosen]
    lines: list[str] = []
    for path in paths:
        try:
            planned = action_exchange.plan_updates(vault, path)
            said = "\n".join(
                f"{u.reference}: {u.status.label}. {u.note}".strip() for u in planned.updates
            )
            if not QtAsker(parent).confirm(
                tr("Record these updates?"),
                plural(
                    "{0} sends %n update(s):\n\n{1}\n\nRecord (it/them) in each action's history?",
                    len(planned.updates),
                ).format(planned.agency_name, said),
            ):
                lines.append(tr("{0}: left as it was.").format(path.name))
                continue
            count = action_exchange.take_updates(vault, planned)
            recorded = plural("%n update(s) recorded.", count)
            lines.append(f"{path.name}: {planned.agency_name}, {recorded}")
        except MaracDeskError as exc:
            lines.append(tr("Refused: {0}").format(exc))
    if lines:
        show_info(parent, tr("Action updates"), "\n\n".join(lines))
    return lines

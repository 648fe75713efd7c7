"""Exchange keys, in an agency workspace: this workspace's fingerprint and key card for the
MARAC, and the MARAC's key, recorded from its card and confirmed by phone."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from marac_desk.domain.dates import uk_date_time
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import workspace
from marac_desk.storage import exchange_identity
from marac_desk.storage.vault import Vault
from marac_desk.ui.exchange_keys import (
    ConfirmFingerprintDialog,
    choose_card,
    fingerprint_label,
    save_own_card,
)
from marac_desk.ui.pages.base import Page
from marac_desk.ui.widgets import hint_label, show_error, tr


class WorkspaceKeysPage(Page):
    title = tr("Exchange keys")
    intro = tr(
        "Research requests from the MARAC can only be opened here, and research returns "
        "only by the MARAC, because each side holds the other's key. Swap key cards once, "
        "then read your fingerprints to each other over the phone."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        found = workspace.info(vault)
        ours = QGroupBox(
            tr("This workspace: {0} ({1})").format(found.agency_name, found.agency_code)
        )
        column = QVBoxLayout(ours)
        column.addWidget(QLabel(tr("Your fingerprint, to read to the MARAC:")))
        column.addWidget(fingerprint_label(exchange_identity.identity(vault).public.fingerprint))
        row = QHBoxLayout()
        save = QPushButton(tr("&Save this workspace's key card…"))
        save.clicked.connect(
            lambda: save_own_card(self, vault, f"{found.agency_code.lower()}-workspace")
        )
        row.addWidget(save)
        row.addStretch(1)
        column.addLayout(row)
        self.page_layout.addWidget(ours)

        theirs = QGroupBox(tr("Your MARAC"))
        column = QVBoxLayout(theirs)
        self.marac_name = QLabel()
        self.marac_fingerprint = fingerprint_label("")
        self.marac_state = hint_label()
        column.addWidget(self.marac_name)
        column.addWidget(self.marac_fingerprint)
        column.addWidget(self.marac_state)
        row = QHBoxLayout()
        record = QPushButton(tr("&Record the MARAC's key card…"))
        record.clicked.connect(self.record_card)
        self.confirm_button = QPushButton(tr("&Confirm its fingerprint…"))
        self.confirm_button.clicked.connect(self.confirm)
        row.addWidget(record)
        row.addWidget(self.confirm_button)
        row.addStretch(1)
        column.addLayout(row)
        self.page_layout.addWidget(theirs)
        self.page_layout.addStretch(1)

    def refresh(self) -> None:
        found = workspace.info(self.vault)
        if found.marac_keys is None:
            self.marac_name.setText(tr("No MARAC key recorded yet."))
            self.marac_fingerprint.setText("")
            self.marac_state.setText(
                tr("Record the key card the MARAC's coordinator sends you, then confirm it.")
            )
        else:
            self.marac_name.setText(found.marac_name)
            self.marac_fingerprint.setText(found.marac_fingerprint)
            self.marac_state.setText(
                tr("Confirmed on {0}.").format(uk_date_time(found.marac_confirmed_at))
                if found.marac_confirmed_at
                else tr(
                    "Not confirmed. Phone the MARAC and have them read their fingerprint "
                    "before you send research back."
                )
            )
        self.confirm_button.setEnabled(
            found.marac_keys is not None and not found.marac_confirmed_at
        )

    def record_card(self) -> None:
        card = choose_card(self)
        if card is None:
            return
        try:
            workspace.record_marac_key(self.vault, card)
        except MaracDeskError as exc:
            show_error(self, tr("Key card"), str(exc))
        self.refresh()

    def confirm(self) -> None:
        found = workspace.info(self.vault)
        dialog = ConfirmFingerprintDialog(
            found.marac_name,
            tr("Agency directory"),
            lambda typed: workspace.confirm_marac_key(self.vault, typed),
            self,
        )
        dialog.exec()
        self.refresh()

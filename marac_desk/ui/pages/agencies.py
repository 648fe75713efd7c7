"""The agency directory (administrators): who sits at the MARAC, their single point of
contact, their information-sharing agreement and the password for their minutes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain import agency_categories
from marac_desk.domain.agencies import Agency, AgencyType, agreement_current
from marac_desk.domain.dates import uk_from_iso
from marac_desk.errors import MaracDeskError
from marac_desk.storage import agencies, agency_keys, exchange_identity
from marac_desk.storage.agency_keys import AgencyKey
from marac_desk.storage.vault import Vault
from marac_desk.ui.date_field import DateField
from marac_desk.ui.exchange_keys import ConfirmFingerprintDialog, choose_card, save_own_card
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, fit_columns, keep_within_width, make_table
from marac_desk.ui.widgets import error_label, hint_label, show_error, show_info, tr


def _agreement(agency: Agency) -> str:
    if not agency.isa_signed_on:
        return tr("Not signed")
    if not agreement_current(agency, date.today()):
        return tr("Review due since {0}").format(uk_from_iso(agency.isa_review_on))
    return tr("Signed {0}").format(uk_from_iso(agency.isa_signed_on))


AGENCY_COLUMNS: list[Column[Agency]] = [
    Column(tr("Code"), lambda a: a.code),
    Column(tr("Agency"), lambda a: a.name),
    Column(tr("Contact (SPOC)"), lambda a: a.spoc_name),
    Column(tr("Secure email"), lambda a: a.spoc_email),
    Column(tr("Sharing agreement"), _agreement),
    Column(tr("Password"), lambda a: tr("Set") if a.export_password_set else ""),
    Column(tr("Active"), lambda a: tr("Yes") if a.active else tr("No")),
]


def key_state(key: AgencyKey | None) -> str:
    """Where an agency's exchange key stands, in words (never by colour alone)."""
    if key is None:
        return tr("None: Word packs only")
    if key.confirmed:
        return tr("Confirmed {0}").format(key.fingerprint)
    return tr("Not confirmed {0}").format(key.fingerprint)


class AgenciesPage(Page):
    title = tr("Agency directory")
    intro = tr(
        "The agencies that sit at this MARAC. Referrals, research, actions and minutes name "
        "them by code. An agency without a current information-sharing agreement is warned "
        "about before minutes are sent to it."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        buttons = QHBoxLayout()
        add = QPushButton(tr("&Add agency…"))
        add.clicked.connect(lambda: self.edit(None))
        self.edit_button = QPushButton(tr("&Edit…"))
        self.edit_button.clicked.connect(self._edit_selected)
        buttons.addWidget(add)
        buttons.addWidget(self.edit_button)
        record = QPushButton(tr("&Record key card…"))
        record.setToolTip(tr("Record the key card of the selected agency's workspace"))
        record.clicked.connect(self.record_card)
        self.confirm_button = QPushButton(tr("&Confirm fingerprint…"))
        self.confirm_button.clicked.connect(self.confirm_key)
        ours = QPushButton(tr("This MARAC's &key card…"))
        ours.clicked.connect(lambda: save_own_card(self, vault, "marac"))
        for button in (record, self.confirm_button, ours):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.page_layout.addLayout(buttons)
        self.fingerprint_note = hint_label()
        self.page_layout.addWidget(self.fingerprint_note)
        self.keys: dict[str, AgencyKey] = {}
        columns = [
            *AGENCY_COLUMNS[:2],
            Column(tr("Exchange key"), lambda a: key_state(self.keys.get(a.code.upper()))),
            Column(tr("Category"), self._category),
            *AGENCY_COLUMNS[2:],
        ]
        self.categories = agencies.categories(vault.conn)
        self.model: RowsModel[Agency] = RowsModel(columns, self)
        self.table = make_table(tr("Agency directory"))
        # The name, contact and agreement give up room first, so the last columns show.
        keep_within_width(self.table, (4, 5, 3, 6, 1))
        self.table.setSortingEnabled(False)  # listed by name, as the vault gives them
        self.table.setModel(self.model)
        self.table.activated.connect(self._on_activated)
        self.page_layout.addWidget(self.table, 1)

    def _category(self, agency: Agency) -> str:
        label = agency_categories.label_of(agency.type, self.categories)
        if agency_categories.needs_choice(agency.type, self.categories):
            return tr("Choose: {0}").format(label)  # in words: the return needs a category
        return label

    def refresh(self) -> None:
        chosen = self._selected()
        self.categories = agencies.categories(self.vault.conn)
        self.keys = {k.code: k for k in agency_keys.all_keys(self.vault.conn).values()}
        rows = agencies.list_agencies(self.vault)
        self.model.set_rows(rows)
        fit_columns(self.table)
        # The agency being worked on stays chosen (a key just recorded, then confirmed).
        if chosen is not None:
            for row, agency in enumerate(rows):
                if agency.code == chosen.code:
                    self.table.selectRow(row)
        self.fingerprint_note.setText(
            tr(
                "This MARAC's fingerprint is {0}. Agencies with a workspace are sent sealed "
                "research requests; record each one's key card and confirm it by phone."
            ).format(exchange_identity.identity(self.vault).public.fingerprint)
        )

    def _selected(self) -> Agency | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def record_card(self) -> None:
        agency = self._selected()
        if agency is None:
            show_info(self, tr("Key card"), tr("Choose the agency whose key card this is first."))
            return
        card = choose_card(self)
        if card is None:
            return
        try:
            key = agency_keys.record_key(self.vault, agency.code, card)
        except MaracDeskError as exc:
            show_error(self, tr("Key card not recorded"), str(exc))
            return
        self.refresh()
        if not key.confirmed:
            self.confirm_key()

    def confirm_key(self) -> None:
        agency = self._selected()
        if agency is None:
            return
        key = self.keys.get(agency.code.upper())
        if key is None:
            show_info(self, tr("Key card"), tr("Record {0}'s key card first.").format(agency.code))
            return
        ConfirmFingerprintDialog(
            agency.name,
            tr("Exchange keys"),
            lambda typed: agency_keys.confirm_key(self.vault, agency.code, typed),
            self,
        ).exec()
        if self.vault.is_open:
            self.refresh()

    def _on_activated(self, index: QModelIndex) -> None:
        self.edit(self.model.row_at(index.row()))

    def _edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.edit(self.model.row_at(rows[0].row()))

    def edit(self, agency: Agency | None) -> None:
        dialog = AgencyDialog(self.vault, agency, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and self.vault.is_open:
            self.refresh()


class AgencyDialog(QDialog):
    def __init__(self, vault: Vault, agency: Agency | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.agency = agency
        self.setWindowTitle(tr("Add agency") if agency is None else agency.label)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}

        def line(key: str, label: str, value: str, hint: str = "") -> QLineEdit:
            edit = QLineEdit(value)
            if key.startswith("isa_"):
                edit = DateField()
                edit.set_iso(value)
            edit.setAccessibleName(label)
            if hint:
                edit.setPlaceholderText(hint)
            form.addRow(label, edit)
            self.fields[key] = edit
            return edit

        given = agency or Agency("", "", AgencyType.OTHER)
        code = line("code", tr("Code"), given.code, tr("e.g. POLICE"))
        if agency is not None:
            # The code names the agency in every pack, return and minutes file already made:
            # changing it would orphan them, so an existing agency keeps its code.
            code.setReadOnly(True)
            code.setToolTip(tr("An agency's code cannot be changed once it is saved."))
        line("name", tr("Name"), given.name)
        self.type = QComboBox()
        self.type.setAccessibleName(tr("Category in the data return"))
        known = agencies.categories(vault.conn)
        for category in agency_categories.offered(known):
            self.type.addItem(tr(category.label), category.key)
        if agency is not None and agency_categories.needs_choice(agency.type, known):
            # Kept as recorded until someone chooses; never guessed from the name.
            self.type.insertItem(0, agency_categories.label_of(agency.type, known), agency.type)
        self.type.setCurrentIndex(max(0, self.type.findData(given.type)))
        form.addRow(tr("Category"), self.type)
        form.addRow(
            "",
            hint_label(
                tr(
                    "The data return counts referrals by this category; only the police "
                    "count as police referrals."
                )
            ),
        )
        line("spoc_name", tr("Single point of contact"), given.spoc_name)
        line("spoc_role", tr("Their role"), given.spoc_role)
        line("spoc_email", tr("Secure email"), given.spoc_email)
        line("spoc_phone", tr("Phone"), given.spoc_phone)
        line("isa_signed_on", tr("Agreement signed on"), given.isa_signed_on)
        line("isa_review_on", tr("Agreement review date"), given.isa_review_on)
        password = line(
            "export_password",
            tr("Minutes password"),
            given.export_password,
            tr("optional, at least 8 characters"),
        )
        password.setEchoMode(QLineEdit.EchoMode.Password)
        # Set, but not opened by this sign-in (a key remembered on this computer): it is
        # kept as it is, and can be changed after signing in with a password.
        self.password_locked = given.export_password_set and not given.export_password
        if self.password_locked:
            password.setEnabled(False)
            password.setPlaceholderText(tr("set; sign in with your password to change it"))
        form.addRow("", hint_label(tr("Their minutes are encrypted with it when it is set.")))
        self.active = QCheckBox(tr("Active (sits at this MARAC)"))
        self.active.setChecked(given.active)
        form.addRow("", self.active)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def value(self) -> Agency:
        text = {
            key: edit.iso() if isinstance(edit, DateField) else edit.text()
            for key, edit in self.fields.items()
        }
        base = self.agency or Agency("", "", AgencyType.OTHER)
        return replace(
            base,
            code=text["code"],
            name=text["name"],
            type=str(self.type.currentData()),
            spoc_name=text["spoc_name"],
            spoc_role=text["spoc_role"],
            spoc_email=text["spoc_email"],
            spoc_phone=text["spoc_phone"],
            isa_signed_on=text["isa_signed_on"],
            isa_review_on=text["isa_review_on"],
            export_password=text["export_password"],
            export_password_set=(
                base.export_password_set if self.password_locked else bool(text["export_password"])
            ),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        self.error.clear()
        try:
            # The service checks every detail; what it refuses is shown here as it says it.
            agencies.save(self.vault, self.value())
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

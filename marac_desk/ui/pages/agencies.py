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

from marac_desk.domain.agencies import Agency, AgencyType, agreement_current
from marac_desk.errors import MaracDeskError
from marac_desk.storage import agencies
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, make_table
from marac_desk.ui.widgets import error_label, hint_label, tr


def _agreement(agency: Agency) -> str:
    if not agency.isa_signed_on:
        return tr("Not signed")
    if not agreement_current(agency, date.today()):
        return tr("Review due since {0}").format(agency.isa_review_on)
    return tr("Signed {0}").format(agency.isa_signed_on)


AGENCY_COLUMNS: list[Column[Agency]] = [
    Column(tr("Code"), lambda a: a.code),
    Column(tr("Agency"), lambda a: a.name),
    Column(tr("Type"), lambda a: a.type.label),
    Column(tr("Single point of contact"), lambda a: a.spoc_name),
    Column(tr("Secure email"), lambda a: a.spoc_email),
    Column(tr("Information-sharing agreement"), _agreement),
    Column(tr("Minutes password"), lambda a: tr("Set") if a.export_password else ""),
    Column(tr("Active"), lambda a: tr("Yes") if a.active else tr("No")),
]


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
        buttons.addStretch(1)
        self.page_layout.addLayout(buttons)
        self.model: RowsModel[Agency] = RowsModel(AGENCY_COLUMNS, self)
        self.table = make_table(tr("Agency directory"))
        self.table.setSortingEnabled(False)  # listed by name, as the vault gives them
        self.table.setModel(self.model)
        self.table.activated.connect(self._on_activated)
        self.table.doubleClicked.connect(self._on_activated)
        self.page_layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.model.set_rows(agencies.list_agencies(self.vault))
        self.table.resizeColumnsToContents()

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
            edit.setAccessibleName(label)
            if hint:
                edit.setPlaceholderText(hint)
            form.addRow(label, edit)
            self.fields[key] = edit
            return edit

        given = agency or Agency("", "", AgencyType.OTHER)
        line("code", tr("Code"), given.code, tr("e.g. POLICE"))
        line("name", tr("Name"), given.name)
        self.type = QComboBox()
        self.type.setAccessibleName(tr("Type"))
        for kind in AgencyType:
            self.type.addItem(kind.label, kind.value)
        self.type.setCurrentIndex(self.type.findData(given.type.value))
        form.addRow(tr("Type"), self.type)
        line("spoc_name", tr("Single point of contact"), given.spoc_name)
        line("spoc_role", tr("Their role"), given.spoc_role)
        line("spoc_email", tr("Secure email"), given.spoc_email)
        line("spoc_phone", tr("Phone"), given.spoc_phone)
        line("isa_signed_on", tr("Agreement signed on"), given.isa_signed_on, "YYYY-MM-DD")
        line("isa_review_on", tr("Agreement review date"), given.isa_review_on, "YYYY-MM-DD")
        password = line(
            "export_password",
            tr("Minutes password"),
            given.export_password,
            tr("optional, at least 8 characters"),
        )
        password.setEchoMode(QLineEdit.EchoMode.Password)
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
        text = {key: edit.text() for key, edit in self.fields.items()}
        base = self.agency or Agency("", "", AgencyType.OTHER)
        return replace(
            base,
            code=text["code"],
            name=text["name"],
            type=AgencyType(self.type.currentData()),
            spoc_name=text["spoc_name"],
            spoc_role=text["spoc_role"],
            spoc_email=text["spoc_email"],
            spoc_phone=text["spoc_phone"],
            isa_signed_on=text["isa_signed_on"],
            isa_review_on=text["isa_review_on"],
            export_password=text["export_password"],
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

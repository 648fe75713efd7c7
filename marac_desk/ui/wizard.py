"""First start: create the vault, the first administrator, and hand over the recovery key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from marac_desk.domain import accounts, settings
from marac_desk.errors import MaracDeskError, ValidationError
from marac_desk.exchange.workspace import create_workspace
from marac_desk.security import recovery_key
from marac_desk.storage.vault import Vault
from marac_desk.storage.vault_setup import create_vault
from marac_desk.ui.widgets import busy, error_label, hint_label, show_error, tr


class WelcomePage(QWizardPage):
    def __init__(self, data_dir: Path):
        super().__init__()
        self.setTitle(tr("Welcome to marac-desk"))
        self.setSubTitle(tr("Set up the encrypted vault for your work. This takes two minutes."))
        layout = QVBoxLayout(self)
        self.for_marac = QRadioButton(tr("&We run a MARAC: set up the MARAC's vault"))
        self.for_agency = QRadioButton(
            tr("I &research for an agency: set up my agency's workspace")
        )
        self.for_marac.setChecked(True)
        layout.addWidget(self.for_marac)
        layout.addWidget(self.for_agency)
        layout.addWidget(
            hint_label(
                tr(
                    "An agency workspace holds only your agency's research. The MARAC sends "
                    "you research requests as sealed files that only your workspace can open, "
                    "and you send the research back the same way."
                )
            )
        )
        layout.addSpacing(12)
        for text in (
            tr(
                "marac-desk keeps referrals, research and minutes in one encrypted vault on this "
                "computer. Nothing is sent anywhere."
            ),
            tr(
                "You will create the first administrator account and receive a recovery key. "
                "Have a printer or pen and paper ready: the recovery key is shown only once."
            ),
        ):
            label = QLabel(text)
            label.setWordWrap(True)
            layout.addWidget(label)
        where = hint_label(tr("The vault will be created in: {0}").format(data_dir))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addSpacing(12)
        layout.addWidget(where)
        layout.addStretch(1)


class AccountPage(QWizardPage):
    """MARAC name and the first administrator, validated as the user types."""

    def __init__(self) -> None:
        super().__init__()
        self.agency = False  # set from the welcome page's choice
        self.setTitle(tr("Your MARAC and your account"))
        self.setSubTitle(
            tr(
                "You will be the first administrator, and a coordinator too. You can add "
                "colleagues' accounts later."
            )
        )
        self.marac_name = QLineEdit()
        self.marac_name.setPlaceholderText(tr("e.g. Northtown MARAC"))
        self.agency_code = QLineEdit()
        self.agency_code.setPlaceholderText(tr("as the MARAC knows it, e.g. POLICE"))
        self.agency_name = QLineEdit()
        self.agency_name.setPlaceholderText(tr("e.g. Northtown Police"))
        self.full_name = QLineEdit()
        self.username = QLineEdit()
        self.username.setPlaceholderText(tr("e.g. j.smith"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, name in (
            (self.marac_name, tr("MARAC name")),
            (self.agency_code, tr("Agency code")),
            (self.agency_name, tr("Agency name")),
            (self.full_name, tr("Your full name")),
            (self.username, tr("User name")),
            (self.password, tr("Password")),
            (self.confirm, tr("Password again")),
        ):
            widget.setAccessibleName(name)
            widget.textChanged.connect(self._on_text_changed)
        self.problems = error_label()
        form = QFormLayout(self)
        self.form = form
        form.addRow(tr("MARAC &name"), self.marac_name)
        form.addRow(tr("Agency &code"), self.agency_code)
        form.addRow(tr("Agency na&me"), self.agency_name)
        form.addRow(tr("Your &full name"), self.full_name)
        form.addRow(tr("&User name"), self.username)
        form.addRow(tr("&Password"), self.password)
        form.addRow(tr("Password &again"), self.confirm)
        form.addRow(
            "",
            hint_label(
                tr(
                    "At least {0} characters. A short phrase of ordinary words is strong and "
                    "easy to remember."
                ).format(accounts.MIN_PASSWORD_LENGTH)
            ),
        )
        form.addRow("", self.problems)

    def choose(self, agency: bool) -> None:
        """The MARAC's vault, or an agency workspace: which fields are asked for."""
        self.agency = agency
        self.form.setRowVisible(self.marac_name, not agency)
        self.form.setRowVisible(self.agency_code, agency)
        self.form.setRowVisible(self.agency_name, agency)
        self.setTitle(
            tr("Your agency and your account") if agency else tr("Your MARAC and your account")
        )
        self.setSubTitle(
            tr("You will research for your agency and administer this workspace.")
            if agency
            else tr(
                "You will be the first administrator, and a coordinator too. You can add "
                "colleagues' accounts later."
            )
        )
        self._on_text_changed()

    def _first_fields(self) -> tuple[QLineEdit, ...]:
        return (self.agency_code, self.agency_name) if self.agency else (self.marac_name,)

    def field_problems(self) -> list[str]:
        """Problems with what has been typed so far, first field first."""
        out: list[str] = []
        name_problem = settings.problem(settings.MARAC_NAME, self.marac_name.text().strip())
        if not self.agency and self.marac_name.text() and name_problem:
            out.append(name_problem)
        code = self.agency_code.text().strip()
        if self.agency and code and not code.replace("-", "").replace("_", "").isalnum():
            out.append(tr("An agency code holds letters, digits and dashes only, e.g. POLICE."))
        if self.full_name.text():
            out += accounts.full_name_problems(self.full_name.text())
        username = accounts.normalise_username(self.username.text())
        if self.username.text():
            out += accounts.username_problems(username)
        if self.password.text():
            out += accounts.password_problems(
                self.password.text(),
                username,
                administrator=True,
                context=(
                    self.full_name.text(),
                    self.agency_name.text() if self.agency else self.marac_name.text(),
                ),
            )
        if self.confirm.text() and self.confirm.text() != self.password.text():
            out.append(tr("The two passwords are different."))
        return out

    def _on_text_changed(self) -> None:
        self.problems.setText("\n".join(self.field_problems()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        filled = all(
            w.text()
            for w in (
                *self._first_fields(),
                self.full_name,
                self.username,
                self.password,
                self.confirm,
            )
        )
        return filled and not self.field_problems()


class RecoveryKeyPage(QWizardPage):
    def __init__(self, raw: bytes) -> None:
        super().__init__()
        self.formatted = recovery_key.format_key(raw)
        self.setTitle(tr("Your recovery key"))
        self.setSubTitle(tr("Shown only now. Print it or write it down before you go on."))
        key_label = QLabel(self.formatted)
        key_label.setObjectName("recoveryKey")
        key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key_label.setAccessibleName(tr("Recovery key"))
        instructions = QLabel(
            tr(
                "<b>Keep it offline.</b> Print this page or copy the key onto paper, and keep it "
                "in a locked place away from this computer, such as your organisation's safe. It "
                "opens the vault if every password is lost, so anyone holding it can read every "
                "case: "
                "never email it, photograph it or save it on a computer."
            )
        )
        instructions.setWordWrap(True)
        alphabet = hint_label(
            tr(
                "The key uses only the letters A to Z and the digits 2 to 7: "
                "an O is always the letter O, never zero."
            )
        )
        print_button = QPushButton(tr("&Print…"))
        print_button.clicked.connect(self._on_print_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(key_label)
        layout.addWidget(alphabet)
        layout.addSpacing(10)
        layout.addWidget(instructions)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(print_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def _on_print_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        painter = QPainter(printer)
        painter.setFont(QFont("DejaVu Sans", 12))
        painter.drawText(100, 150, tr("marac-desk recovery key"))
        painter.setFont(QFont("DejaVu Sans Mono", 16))
        painter.drawText(100, 300, self.formatted)
        painter.end()


class ConfirmKeyPage(QWizardPage):
    """The person types two groups back, proving they have the key written down."""

    def __init__(self, formatted: str) -> None:
        super().__init__()
        self._groups = recovery_key.groups(formatted)
        self.first, self.second = recovery_key.pick_confirmation_groups()
        self.setTitle(tr("Check your copy"))
        self.setSubTitle(
            tr(
                "Type groups {0} and {1} of the recovery key from your printed or written copy."
            ).format(self.first, self.second)
        )
        self.first_edit = QLineEdit()
        self.second_edit = QLineEdit()
        for edit, number in ((self.first_edit, self.first), (self.second_edit, self.second)):
            edit.setMaxLength(6)
            edit.setAccessibleName(tr("Group {0}").format(number))
            edit.textChanged.connect(self.completeChanged)
        self.note = hint_label(tr("Letters are not case-sensitive."))
        form = QFormLayout(self)
        form.addRow(tr("Group {0}").format(self.first), self.first_edit)
        form.addRow(tr("Group {0}").format(self.second), self.second_edit)
        form.addRow("", self.note)

    def _matches(self, edit: QLineEdit, number: int) -> bool:
        typed = edit.text().strip().upper().translate(str.maketrans("018", "OIB"))
        return typed == self._groups[number - 1]

    def isComplete(self) -> bool:
        return self._matches(self.first_edit, self.first) and self._matches(
            self.second_edit, self.second
        )


class SetupWizard(QWizard):
    """Nothing is written until the last page: cancelling leaves no vault behind."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Set up marac-desk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(640, 480)
        self.data_dir = data_dir
        self.vault: Vault | None = None
        self._raw = recovery_key.generate()
        self.welcome = WelcomePage(data_dir)
        self.account = AccountPage()
        self.welcome.for_agency.toggled.connect(self.account.choose)
        self.account.choose(False)
        self.key_page = RecoveryKeyPage(self._raw)
        self.confirm_page = ConfirmKeyPage(self.key_page.formatted)
        for page in (self.welcome, self.account, self.key_page, self.confirm_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Create the vault"))

    def validateCurrentPage(self) -> bool:
        if self.currentPage() is not self.confirm_page:
            return super().validateCurrentPage()
        try:
            with busy():
                if self.account.agency:
                    self.vault, _ = create_workspace(
                        self.data_dir,
                        agency_code=self.account.agency_code.text(),
                        agency_name=self.account.agency_name.text(),
                        username=self.account.username.text(),
                        full_name=self.account.full_name.text(),
                        password=self.account.password.text(),
                        recovery_raw=self._raw,
                    )
                else:
                    self.vault, _ = create_vault(
                        self.data_dir,
                        marac_name=self.account.marac_name.text(),
                        username=self.account.username.text(),
                        full_name=self.account.full_name.text(),
                        password=self.account.password.text(),
                        recovery_raw=self._raw,
                    )
        except (MaracDeskError, ValidationError) as exc:
            show_error(self, tr("The vault was not created"), str(exc))
            return False
        except OSError as exc:
            show_error(
                self,
                tr("The vault was not created"),
                tr(
                    "marac-desk could not write to {0}: {1}. Choose another folder with --data-dir."
                ).format(self.data_dir, exc.strerror),
            )
            return False
        return True

"""First start: create the vault, the first administrator, and hand over the recovery key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
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
from marac_desk.domain.dates import long_date
from marac_desk.errors import MaracDeskError, ValidationError
from marac_desk.exchange.workspace import create_workspace
from marac_desk.security import recovery_key
from marac_desk.storage.vault import Vault
from marac_desk.storage.vault_setup import create_vault
from marac_desk.ui.printing import print_html
from marac_desk.ui.widgets import busy, error_label, fit_to_screen, hint_label, show_error, tr


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
    def __init__(self, raw: bytes, holder: Callable[[], str] = lambda: "") -> None:
        super().__init__()
        self.formatted = recovery_key.format_key(raw)
        self._holder = holder  # the MARAC's (or agency's) name, typed on the page before
        self.setTitle(tr("Your recovery key"))
        self.setSubTitle(tr("Shown only now. Print it or write it down before you go on."))
        self.key_label = QLabel(self.formatted)
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName(tr("Recovery key"))
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
        print_button.setToolTip(tr("Prints on paper only, never to a file"))
        print_button.clicked.connect(self._on_print_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label)
        layout.addWidget(alphabet)
        layout.addSpacing(10)
        layout.addWidget(instructions)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(print_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def showEvent(self, event: QShowEvent) -> None:
        # The key is never cut: the page is at least as wide as the key in its own font
        # (known only once the style sheet has styled the label).
        self.key_label.setMinimumWidth(self.key_label.sizeHint().width())
        super().showEvent(event)

    def printout(self) -> str:
        """The page printed: whose key it is, when it was made, and how to keep it."""
        holder = self._holder().strip() or tr("this vault")
        return (
            "<h2>" + escape(tr("marac-desk recovery key")) + "</h2>"
            "<p>"
            + escape(tr("For: {0}").format(holder))
            + "<br>"
            + escape(tr("Made on: {0}").format(long_date(date.today())))
            + '</p><p style=\'font-family: "DejaVu Sans Mono", monospace; font-size: 20pt;'
            " font-weight: bold; letter-spacing: 1px;'>"
            + escape(self.formatted)
            + "</p><p>"
            + escape(
                tr(
                    "Keep this sheet in a locked place away from the computer, such as your "
                    "organisation's safe, in a sealed envelope signed across the flap. It opens "
                    "the vault if every password is lost: anyone holding it can read every "
                    "case. Never email it, photograph it or save it on a computer. When a new "
                    "recovery key is made, shred this one."
                )
            )
            + "</p><p>"
            + escape(tr("Letters A to Z and digits 2 to 7 only: an O is the letter O."))
            + "</p>"
        )

    def _on_print_clicked(self) -> None:
        print_html(self, tr("Print the recovery key"), self.printout())


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
            edit.textChanged.connect(self._say_what_differs)
        self.note = hint_label(tr("Letters are not case-sensitive."))
        self.problem = error_label()
        form = QFormLayout(self)
        form.addRow(tr("Group {0}").format(self.first), self.first_edit)
        form.addRow(tr("Group {0}").format(self.second), self.second_edit)
        form.addRow("", self.note)
        form.addRow("", self.problem)

    def _say_what_differs(self) -> None:
        """Once a group is typed in full, say if it differs from the key: a wrong copy must
        be found now, not on the day the key is needed."""
        wrong = [
            number
            for edit, number in ((self.first_edit, self.first), (self.second_edit, self.second))
            if len(edit.text().strip()) >= len(self._groups[number - 1])
            and not self._matches(edit, number)
        ]
        self.problem.setText(
            tr(
                "Group {0} does not match the key shown on the page before. Go Back and "
                "check your copy letter by letter: it must be right to open the vault."
            ).format(" and ".join(str(n) for n in wrong))
            if wrong
            else ""
        )

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
        fit_to_screen(self, 780, 600)
        self.data_dir = data_dir
        self.vault: Vault | None = None
        self._raw = recovery_key.generate()
        self.welcome = WelcomePage(data_dir)
        self.account = AccountPage()
        self.welcome.for_agency.toggled.connect(self.account.choose)
        self.account.choose(False)
        self.key_page = RecoveryKeyPage(self._raw, self._holder)
        self.confirm_page = ConfirmKeyPage(self.key_page.formatted)
        for page in (self.welcome, self.account, self.key_page, self.confirm_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Create the vault"))

    def _holder(self) -> str:
        account = self.account
        return account.agency_name.text() if account.agency else account.marac_name.text()

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

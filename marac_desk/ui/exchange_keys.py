"""Key cards and fingerprints on screen, for the MARAC's agency directory and for an agency
workspace alike: this vault's fingerprint shown large, a key card saved or read, and the
dialog where the fingerprint the other side reads out over the phone is typed back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QDialog, QFileDialog, QFormLayout, QLabel, QLineEdit, QWidget

from marac_desk.domain import settings as defs
from marac_desk.errors import MaracDeskError, ValidationError
from marac_desk.exchange import workspace
from marac_desk.exchange.key_card import MAX_BYTES, SUFFIX, KeyCard, make_card, read_card
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import exchange_identity
from marac_desk.storage.vault import Vault
from marac_desk.ui.widgets import attempt, form_dialog, hint_label, show_error, show_info, tr

CARD_FILTER = tr("marac-desk key cards (*{0})").format(SUFFIX)


def fingerprint_label(fingerprint: str) -> QLabel:
    """A fingerprint large and in a fixed-width face, so it is read out group by group."""
    label = QLabel(fingerprint)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(font.pointSizeF(), 10) * 1.5)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setAccessibleName(tr("Fingerprint {0}").format(" ".join(fingerprint)))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def own_card(vault: Vault) -> bytes:
    identity = exchange_identity.identity(vault)
    if exchange_identity.is_workspace(vault):
        found = workspace.info(vault)
        return make_card(identity, "agency", found.agency_name, found.agency_code)
    return make_card(identity, "marac", str(vault.setting(defs.MARAC_NAME)))


def save_own_card(parent: QWidget, vault: Vault, suggested: str) -> Path | None:
    """Ask where, write this vault's key card, and say what to do with it."""
    target, _ = QFileDialog.getSaveFileName(
        parent, tr("Save this key card"), suggested + SUFFIX, CARD_FILTER
    )
    if not target:
        return None
    path = Path(target)
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    try:
        atomic_write_bytes(path, own_card(vault))
    except (OSError, MaracDeskError) as exc:
        show_error(parent, tr("Key card"), tr("The key card was not saved: {0}").format(exc))
        return None
    fingerprint = exchange_identity.identity(vault).public.fingerprint
    show_info(
        parent,
        tr("Key card saved"),
        tr(
            "Saved to {0}. A key card holds no secret: send it by any route. When the other "
            "side records it, read them this fingerprint over the phone:\n\n{1}"
        ).format(path, fingerprint),
    )
    return path


def choose_card(parent: QWidget) -> KeyCard | None:
    """Ask for a key card file and read it; a bad file is refused with its reason."""
    source, _ = QFileDialog.getOpenFileName(parent, tr("Record a key card"), "", CARD_FILTER)
    if not source:
        return None
    path = Path(source)
    try:
        with path.open("rb") as handle:
            return read_card(handle.read(MAX_BYTES + 1))
    except OSError as exc:
        show_error(parent, tr("Key card"), tr("{0} cannot be read: {1}").format(path.name, exc))
    except ValidationError as exc:
        show_error(parent, tr("Key card"), f"{path.name}: {exc}")
    return None


class ConfirmFingerprintDialog(QDialog):
    """Type back the fingerprint the other side reads out; it must match what is recorded."""

    def __init__(
        self, whose: str, where: str, confirm: Callable[[str], object], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Confirm the fingerprint"))
        self._confirm = confirm
        self.typed = QLineEdit()
        self.typed.setAccessibleName(tr("Fingerprint as read out"))
        self.typed.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        form = QFormLayout()
        form.addRow(
            hint_label(
                tr(
                    "Phone {0} on a number you already hold for them (not one from the same "
                    "email as the key card), and ask them to read out their fingerprint, "
                    "shown on their {1} page. Type what they read; do not read yours to "
                    "them first."
                ).format(whose, where)
            )
        )
        form.addRow(tr("&Fingerprint they read"), self.typed)
        self.error = form_dialog(self, form, self._accept)
        self.resize(520, self.sizeHint().height())

    def _accept(self) -> None:
        if attempt(lambda: self._confirm(self.typed.text()), self.error):
            self.accept()

"""Starting the app: Qt set-up, first-run wizard or sign-in, training mode, crash handling."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTimer
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from marac_desk import __version__, paths
from marac_desk.crash_output import debugging
from marac_desk.errors import MaracDeskError
from marac_desk.storage import folder_lock
from marac_desk.storage.folder_lock import FolderLock
from marac_desk.storage.vault_paths import VaultPaths, interrupted_setup, require_vault, vault_parts
from marac_desk.ui import plurals
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.widgets import busy, show_error, tr
from marac_desk.ui.window_lock import WINDOW_PURPOSE, hold_for_window

if TYPE_CHECKING:
    from marac_desk.storage.vault import Vault

_FONTS_ADDED: list[int] = []


def _add_fonts_once() -> None:
    """Add the shipped DejaVu fonts once per process: the mono ones for codes and keys,
    and DejaVu Sans, which the dashboard's charts are drawn in (their SVG names it).
    Adding a font again resets Qt's font caches under widgets that are drawing with them;
    make_application is called again by every window the process opens (and by each
    test)."""
    if _FONTS_ADDED:
        return
    for font in sorted((paths.resources_dir() / "fonts").glob("DejaVuSans*.ttf")):
        _FONTS_ADDED.append(QFontDatabase.addApplicationFont(str(font)))


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or ["marac-desk"])
    QCoreApplication.setOrganizationName("marac-desk")
    QCoreApplication.setApplicationName("marac-desk")
    QCoreApplication.setApplicationVersion(__version__)
    # Window geometry only; QSettings never holds case data, names or paths of exports.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # Dates in every Qt widget day first and calendars from Monday, as a UK MARAC reads
    # them, whatever the machine's own locale says. Set once per process: Qt's default
    # locale is not safe to replace while other threads (an export running) read it.
    uk = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    if QLocale() != uk:
        QLocale.setDefault(uk)
    plurals.install()
    font = app.font()
    font.setPointSizeF(10.5)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f6f7f9"))
    app.setPalette(palette)
    # The recovery key is shown and printed in DejaVu Sans Mono, shipped with marac-desk, so
    # its letters and digits look the same on every computer (an O is never a zero).
    _add_fonts_once()
    style = paths.resources_dir() / "style.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text("utf-8"))
    icon = paths.resources_dir() / "icon.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_crash_handler() -> None:
    """On an unexpected error: a plain message, and on stderr only the error's type and
    where it happened. The message text is left out: it may quote case data. With
    MARAC_DESK_DEBUG=1 the whole traceback is printed, message included."""

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if debugging():
            traceback.print_exception(kind, value, tb, file=sys.stderr)
        else:
            frames = "".join(traceback.format_tb(tb))
            print(f"marac-desk: unexpected {kind.__name__}\n{frames}", file=sys.stderr)
        from marac_desk.storage.faults import as_user_error

        known = as_user_error(value, tr("That")) if isinstance(value, Exception) else None
        if known is not None:
            # A full disk, a read-only folder, a busy vault: said as such, never as a bug.
            QMessageBox.warning(None, tr("marac-desk could not do that"), str(known))
            return
        QMessageBox.critical(
            None,
            tr("Something went wrong"),
            tr(
                "marac-desk met an unexpected problem ({0}). Everything marac-desk showed as "
                "saved is in the vault, but what you were doing at that moment may not have "
                "been saved: check it before going on. If this happens again, tell whoever "
                "supports marac-desk."
            ).format(kind.__name__),
        )

    sys.excepthook = handle


def open_window(
    data_dir: Path, *, training: bool = False, keep: Path | None = None
) -> MainWindow | None:
    """The first window: training vault (kept in `keep`, or thrown away), set-up wizard,
    remembered key or sign-in."""
    if training:
        from marac_desk.storage.training import create_training_vault, open_kept_training_vault

        if keep is not None:
            try:
                with busy():
                    kept = open_kept_training_vault(keep, real_data_dir=data_dir)
            except MaracDeskError as exc:
                show_error(None, tr("marac-desk cannot open the training vault"), str(exc))
                return None
            return MainWindow(kept.paths.data_dir, kept, training=True)
        vault: Vault | None = create_training_vault()
        assert vault is not None
        return MainWindow(vault.paths.data_dir, vault, training=True)
    vault_paths = VaultPaths(data_dir)
    fresh = not any(part.exists() for part in vault_parts(vault_paths))
    if fresh or interrupted_setup(vault_paths) is not None:
        # Imported only here: the wizard brings the exchange files and research packs, which
        # every sign-in screen would otherwise wait for.
        from marac_desk.ui.wizard import SetupWizard

        wizard = SetupWizard(data_dir)
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
        made = wizard.vault
        # Deleted by Qt when the event loop starts, not by Python's garbage collector at
        # whatever moment it next runs, which can be in the middle of Qt's own work.
        wizard.deleteLater()
        if not accepted or made is None:
            return None
        return MainWindow(data_dir, made)
    try:
        # Part of a vault without the rest: say what is missing, never offer the set-up.
        require_vault(data_dir)
    except MaracDeskError as exc:
        show_error(None, tr("marac-desk cannot open the vault"), str(exc))
        return None
    remembered: Vault | None = None
    try:
        if vault_paths.remembered_note.exists():
            # Only then: opening with the keychain's key needs the whole vault, which a
            # sign-in screen otherwise loads after it is painted (ui.preparing).
            from marac_desk.storage.vault import open_remembered

            remembered = open_remembered(data_dir)
    except MaracDeskError as exc:
        # The keychain's key fitted but the vault could not open (a full disk, say): say
        # so, and let the person sign in once it is put right.
        show_error(None, tr("marac-desk cannot open the vault"), str(exc))
        remembered = None
    return MainWindow(data_dir, remembered)


def run_app(
    data_dir: Path,
    training: bool = False,
    on_shown: Callable[[MainWindow], None] | None = None,
    keep: Path | None = None,
) -> int:
    app = make_application(sys.argv[:1])
    install_crash_handler()
    lock: FolderLock | None = None
    if not training and data_dir.is_dir():
        # Before the sign-in screen: a second window must not get as far as signing in.
        lock = hold_for_window(data_dir)
        if lock is None:
            return 1
    try:
        window = open_window(data_dir, training=training, keep=keep)
        if window is None:
            return 0
        if lock is None and not training:
            # Just set up: the new vault holds the folder; the window keeps it held too.
            lock = folder_lock.acquire(data_dir, WINDOW_PURPOSE)
        window.show()
        if on_shown is not None:
            QTimer.singleShot(0, lambda: on_shown(window))
        try:
            return app.exec()
        finally:
            if training and keep is None:
                from marac_desk.storage.vault import discard_data_dir

                discard_data_dir(window.data_dir)  # a kept training vault stays for tomorrow
    finally:
        if lock is not None:
            lock.release()

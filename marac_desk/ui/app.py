"""Starting the app: Qt set-up, first-run wizard or sign-in, training mode, crash handling."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from marac_desk import __version__, paths
from marac_desk.storage.vault import Vault, VaultPaths, discard_data_dir, open_remembered
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.widgets import tr
from marac_desk.ui.wizard import SetupWizard


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or ["marac-desk"])
    QCoreApplication.setOrganizationName("marac-desk")
    QCoreApplication.setApplicationName("marac-desk")
    QCoreApplication.setApplicationVersion(__version__)
    # Window geometry only; QSettings never holds case data, names or paths of exports.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    font = app.font()
    font.setPointSizeF(10.5)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f6f7f9"))
    app.setPalette(palette)
    style = paths.resources_dir() / "style.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text("utf-8"))
    icon = paths.resources_dir() / "icon.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_crash_handler() -> None:
    """On an unexpected error: a plain message, and on stderr only the error's type and
    where it happened. The message text is left out: it may quote case data."""

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        frames = "".join(traceback.format_tb(tb))
        print(f"marac-desk: unexpected {kind.__name__}\n{frames}", file=sys.stderr)
        QMessageBox.critical(
            None,
            tr("Something went wrong"),
            tr(
                "marac-desk met an unexpected problem ({0}). Your saved work is safe in the "
                "vault. If this happens again, tell whoever supports marac-desk."
            ).format(kind.__name__),
        )

    sys.excepthook = handle


def open_window(data_dir: Path, *, training: bool = False) -> MainWindow | None:
    """The first window: training vault, set-up wizard, remembered key or sign-in."""
    if training:
        from marac_desk.storage.training import create_training_vault

        vault: Vault | None = create_training_vault()
        assert vault is not None
        return MainWindow(vault.paths.data_dir, vault, training=True)
    if not VaultPaths(data_dir).exists():
        wizard = SetupWizard(data_dir)
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.vault is None:
            return None
        return MainWindow(data_dir, wizard.vault)
    return MainWindow(data_dir, open_remembered(data_dir))


def run_app(
    data_dir: Path, training: bool = False, on_shown: Callable[[MainWindow], None] | None = None
) -> int:
    app = make_application(sys.argv[:1])
    install_crash_handler()
    window = open_window(data_dir, training=training)
    if window is None:
        return 0
    window.show()
    if on_shown is not None:
        QTimer.singleShot(0, lambda: on_shown(window))
    try:
        return app.exec()
    finally:
        if training:
            discard_data_dir(window.data_dir)

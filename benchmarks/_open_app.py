"""marac-desk started as a user starts it, reporting once the unlocked main window is up.

    _open_app.py DATA_DIR            the app on the vault in DATA_DIR: the sign-in screen,
                                     then the trainee's user name and password, as typed
    _open_app.py DATA_DIR --pause S  the same, with S seconds to type them (the event loop
                                     runs meanwhile, as it does while a person types)
    _open_app.py DATA_DIR --training `marac-desk --training`: a new training vault each time

It prints "signin <peak RSS in KiB>" once the sign-in screen has been painted, then types
the user name and password, prints "clicked" as Sign in is pressed, and "ready <peak RSS
in KiB>" once the unlocked case register has been painted.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    # The app's modules first, so that PySide6 is imported in the app's own order (its
    # core before PySide6).
    app_module = importlib.import_module("marac_desk.ui.app")
    from _bare_baseline import after_first_paint, report
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QTableView

    from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
    from marac_desk.ui.main_window import MainWindow
    from marac_desk.ui.signin import SignInPanel

    def register_painted(window: MainWindow) -> None:
        report("ready" if window.vault is not None and window.workspace else "not-unlocked")
        window.close()
        QApplication.quit()

    def unlocked(window: MainWindow) -> None:
        tables = [t for t in window.findChildren(QTableView) if t.isVisibleTo(window)]
        if window.workspace is None or not tables:
            register_painted(window)
            return
        after_first_paint(tables[0].viewport(), lambda: register_painted(window))

    pause = float(sys.argv[sys.argv.index("--pause") + 1]) if "--pause" in sys.argv else 0.0

    def click(window: MainWindow, panel: SignInPanel) -> None:
        panel.username.setText(TRAINING_USER)
        panel.password.setText(TRAINING_PASSWORD)
        report("clicked")
        panel.sign_in_button.click()
        unlocked(window)

    def type_and_sign_in(window: MainWindow, panel: SignInPanel) -> None:
        report("signin")
        QTimer.singleShot(int(pause * 1000), lambda: click(window, panel))

    opened = app_module.open_window

    def watched(*args: Any, **kwargs: Any) -> MainWindow | None:
        # Watch for the first paint before the window is shown, so it cannot be missed.
        window = opened(*args, **kwargs)
        if window is not None:
            panel = window.stack.currentWidget()
            if isinstance(panel, SignInPanel):
                after_first_paint(panel, lambda: type_and_sign_in(window, panel))
            else:  # training mode opens unlocked: no sign-in screen
                report("signin")
                unlocked(window)
        return window

    app_module.open_window = watched
    app_module.run_app(Path(sys.argv[1]), training="--training" in sys.argv[2:])


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()

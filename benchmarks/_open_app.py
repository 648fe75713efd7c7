"""marac-desk started as a user starts it, reporting once the unlocked main window is up.

    _open_app.py DATA_DIR            the app on the vault in DATA_DIR: the sign-in screen,
                                     then the trainee's user name and password, as typed
    _open_app.py DATA_DIR --training `marac-desk --training`: a new training vault each time

It prints "ready <peak RSS in KiB>" when the main window shows the unlocked workspace.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

from marac_desk.ui.app import run_app


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
    from marac_desk.ui.main_window import MainWindow
    from marac_desk.ui.signin import SignInPanel

    def report(window: MainWindow) -> None:
        if window.vault is None or window.workspace is None:
            print("not unlocked", flush=True)
        else:
            rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(f"ready {rss_kib}", flush=True)
        window.close()
        QApplication.quit()

    def sign_in(window: MainWindow) -> None:
        panel = window.stack.currentWidget()
        if not isinstance(panel, SignInPanel):
            report(window)  # already unlocked (training mode) or something unexpected
            return
        panel.username.setText(TRAINING_USER)
        panel.password.setText(TRAINING_PASSWORD)
        panel.sign_in_button.click()
        # Report on the next turn of the event loop, as the first paint of the workspace
        # would come.
        QTimer.singleShot(0, lambda: report(window))

    run_app(Path(sys.argv[1]), training="--training" in sys.argv[2:], on_shown=sign_in)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()

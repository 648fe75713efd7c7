"""Baseline for the start-up benchmark: a bare PySide6 window and a bare keyed SQLCipher open."""

from __future__ import annotations

import os
import resource
import sys
import tempfile
from pathlib import Path

import sqlcipher3
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> None:
    folder = Path(sys.argv[1])
    key = bytes.fromhex(sys.argv[2])
    app = QApplication(["baseline"])
    conn = sqlcipher3.connect(str(folder / "bare.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    window = QMainWindow()
    window.resize(1180, 760)
    window.show()

    def ready() -> None:
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"ready {rss_kib}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tempfile.tempdir = None
    main()
